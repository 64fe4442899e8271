"""The Slack app manifest and the Dockerfile say what the code does (PyYAML is not a dependency: a tiny
block-YAML reader covers the manifest's subset, and PyYAML checks it too when it happens to be installed)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from handlers.shortcuts import CALLBACK_ID
from handlers.unfurls import UNFURL_DOMAINS

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
_KEY = re.compile(r"^([A-Za-z_][\w.]*):(?:\s+(.*))?$")


def _scalar(text: str) -> Any:
    text = text.strip()
    if text[:1] in "\"'":
        return json.loads(text) if text[0] == '"' else text[1:-1]
    return {"true": True, "false": False}.get(text, text)


def read_block_yaml(text: str) -> Any:
    """Mappings, lists and plain or quoted scalars in block style, two-space indents: the manifest's YAML."""
    lines = [
        (len(line) - len(line.lstrip(" ")), line.strip())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]

    def block(i: int, indent: int) -> tuple[Any, int]:
        if lines[i][1].startswith("- "):
            items: list[Any] = []
            while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
                rest = lines[i][1][2:]
                if _KEY.match(rest):  # a mapping inside a list item
                    lines[i] = (indent + 2, rest)
                    value, i = block(i, indent + 2)
                    items.append(value)
                else:
                    items.append(_scalar(rest))
                    i += 1
            return items, i
        mapping: dict[str, Any] = {}
        while i < len(lines) and lines[i][0] == indent:
            match = _KEY.match(lines[i][1])
            assert match, f"not a key: {lines[i][1]!r}"
            key, value = match.group(1), match.group(2)
            if value is None:
                mapping[key], i = block(i + 1, lines[i + 1][0])
            else:
                mapping[key], i = _scalar(value), i + 1
        return mapping, i

    parsed, end = block(0, 0)
    assert end == len(lines), f"unparsed line: {lines[end]}"
    return parsed


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    text = (DEPLOY / "slack-app-manifest.yml").read_text(encoding="utf-8")
    parsed: dict[str, Any] = read_block_yaml(text)
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        return parsed
    assert yaml.safe_load(text) == parsed
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


def test_block_yaml_reader_reads_nested_lists_of_mappings() -> None:
    parsed = read_block_yaml(
        'a:\n  b:\n    - x\n    - "y: z"\n  c:\n    - name: n\n      type: t\n    - name: m\nd: true\n'
    )
    assert parsed == {"a": {"b": ["x", "y: z"], "c": [{"name": "n", "type": "t"}, {"name": "m"}]}, "d": True}


def test_dockerfile_installs_pinned_and_runs_unprivileged() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert "pip install -c constraints.txt ." in text
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert text.rstrip().splitlines()[-1] == 'CMD ["citebot", "serve"]'
