"""The deploy files say what the code does: the Slack app manifest, the Dockerfile, the cluster manifest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from handlers.shortcuts import CALLBACK_ID
from handlers.unfurls import UNFURL_DOMAINS

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load((DEPLOY / "slack-app-manifest.yml").read_text(encoding="utf-8"))
    return parsed


def test_manifest_events_scopes_and_socket_mode(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert sorted(settings["event_subscriptions"]["bot_events"]) == [
        "app_mention",
        "link_shared",
        "message.channels",
        "message.groups",
        "message.im",
    ]
    # Exactly what the code uses: chat.postMessage/update (chat:write), /cite (commands), link_shared and
    # chat.unfurl (links:*), message events and conversations.replies (*:history), app_mention,
    # files_upload_v2 (files:write), conversations.open for the RIS by direct message (im:write).
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read",
        "channels:history",
        "chat:write",
        "commands",
        "files:write",
        "groups:history",
        "im:history",
        "im:write",
        "links:read",
        "links:write",
    ]


def test_manifest_command_shortcut_and_unfurl_domains_match_the_code(manifest: dict[str, Any]) -> None:
    features = manifest["features"]
    (command,) = features["slash_commands"]
    assert command["command"] == "/cite"
    (shortcut,) = features["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", CALLBACK_ID)
    assert features["unfurl_domains"] == list(UNFURL_DOMAINS)
    assert len(features["unfurl_domains"]) <= 5  # Slack's limit per app
    assert features["bot_user"]["display_name"] == "citebot"
    assert features["app_home"]["messages_tab_enabled"] is True  # direct messages to the bot


def test_dockerfile_installs_pinned_and_runs_unprivileged() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert "pip install -c constraints.txt ." in text
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert text.rstrip().splitlines()[-1] == 'CMD ["citebot", "serve"]'


def test_cluster_manifest_runs_one_replica_with_probes_and_secrets() -> None:
    documents = [d for d in yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text(encoding="utf-8")) if d]
    by_kind = {d["kind"]: d for d in documents}
    deployment = by_kind["Deployment"]
    # SQLite lives on one volume: one writer. A Postgres CITEBOT_DATABASE_URL is what allows more replicas.
    assert deployment["spec"]["replicas"] == 1
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["serve", "--http"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    secret_vars = {e["name"] for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} <= secret_vars
    assert by_kind["Service"]["spec"]["ports"][0]["targetPort"] == container["ports"][0]["containerPort"]
    assert by_kind["PersistentVolumeClaim"]["metadata"]["name"] in str(deployment)
