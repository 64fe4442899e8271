"""The pieces under the Slack app: the store's claims and settings, message splitting, reading asks and
button values, token redaction, mode choice, and ``citebot serve --http`` as a real process."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from bot.app import RedactTokens, choose_mode, serve, tuning_from_settings
from bot.settings import Settings
from bot.slack_client import MAX_BLOCKS_PER_MESSAGE, split_blocks
from bot.store import ChannelSettings, SqlStore
from handlers.actions import ids_in_message, read_value
from handlers.parsing import read_ask, strip_mentions
from tests.fakes.slack import (  # noqa: F401  (fixtures)
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    SlackDriver,
    slack_fixture,
)
from tests.fakes.upstream import FakeUpstreams

ROOT = Path(__file__).resolve().parent.parent


# -- store ------------------------------------------------------------------------------------------------------
async def test_claims_are_atomic_across_two_workers_sharing_the_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    one, two = await SqlStore.open(url), await SqlStore.open(url)
    try:
        outcomes = await asyncio.gather(
            *[store.claim(["event:Ev1", "reply:C1:1.2"], 60) for store in (one, two) for _ in range(10)]
        )
        assert outcomes.count(True) == 1
        # All or nothing: a twin with another event id but the same message is refused, and leaves no trace.
        assert await two.claim(["event:Ev2", "reply:C1:1.2"], 60) is False
        assert await one.claimed("event:Ev2") is False
        assert await one.claim(["event:Ev2"], 60) is True
    finally:
        await one.close()
        await two.close()


async def test_claims_expire(tmp_path: Path) -> None:
    store = await SqlStore.open(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    try:
        assert await store.claim(["k"], 0.05)
        assert not await store.claim(["k"], 0.05)
        await asyncio.sleep(0.08)
        assert await store.claim(["k"], 60)
        assert await store.purge_expired() == 0
    finally:
        await store.close()


async def test_channel_settings_default_and_persist(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 's.db'}"
    store = await SqlStore.open(url)
    assert await store.channel_settings("C1") == ChannelSettings(style=None, mode="thread")
    await store.set_style("C1", "apa")
    await store.set_mode("C1", "off")
    await store.set_mode("C2", "unfurl")
    with pytest.raises(ValueError):
        await store.set_mode("C1", "loud")  # type: ignore[arg-type]
    await store.close()
    reopened = await SqlStore.open(url)
    try:
        assert await reopened.channel_settings("C1") == ChannelSettings(style="apa", mode="off")
        assert await reopened.channel_settings("C2") == ChannelSettings(style=None, mode="unfurl")
    finally:
        await reopened.close()


async def test_in_memory_store_is_one_database() -> None:
    store = await SqlStore.open("sqlite+aiosqlite://")
    try:
        await store.set_style("C1", "mla")
        assert (await store.channel_settings("C1")).style == "mla"
    finally:
        await store.close()


# -- message splitting -------------------------------------------------------------------------------------------
def _section(i: int, size: int = 100) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"{i}:" + "x" * size}}


def test_split_blocks_respects_count_and_size_and_keeps_order() -> None:
    blocks = [_section(i) for i in range(120)]
    groups = split_blocks(blocks)
    assert [b for g in groups for b in g] == blocks
    assert all(len(g) <= MAX_BLOCKS_PER_MESSAGE for g in groups)
    big = [_section(i, 2900) for i in range(10)]
    groups = split_blocks(big)
    assert len(groups) > 1
    assert all(len(json.dumps(g)) < 16_000 for g in groups)


def test_split_blocks_never_starts_a_post_with_a_divider() -> None:
    blocks: list[dict[str, object]] = []
    for i in range(40):
        blocks += [_section(i), {"type": "divider"}]
    groups = split_blocks(blocks)
    assert len(groups) == 2
    assert all(g[0]["type"] != "divider" for g in groups)


# -- reading what people asked -------------------------------------------------------------------------------------
def test_read_ask_finds_style_words_and_unknown_trailing_words() -> None:
    ask = read_ask("34497264 10.1038/nature12373 APA", explicit=True, limit=20)
    assert [str(i) for i in ask.ids] == ["pmid:34497264", "doi:10.1038/nature12373"]
    assert ask.style == "apa" and ask.unknown_style is None
    assert read_ask("34497264 fancy", explicit=True, limit=20).unknown_style == "fancy"
    # "payload" before the ids is not a style request; "PMID" is a label.
    assert read_ask("payload 34497264", explicit=True, limit=20).unknown_style is None
    assert read_ask("34497264 and PMID", explicit=True, limit=20).unknown_style is None
    assert read_ask("american-medical-association 34497264", explicit=True, limit=20).style == "ama"
    assert read_ask("help", explicit=True, limit=20).wants_help


def test_strip_mentions() -> None:
    assert strip_mentions("<@U123ABC> apa <@W999|bob>") == "apa"


def test_read_value_accepts_json_and_words() -> None:
    ids, style, extra = read_value('{"ids":["pmid:1","doi:10.1/x"],"style":"apa","thread_ts":"1.2"}')
    assert (
        [str(i) for i in ids] == ["pmid:1", "doi:10.1/x"] and style == "apa" and extra["thread_ts"] == "1.2"
    )
    ids, style, _ = read_value("pmid:34497264|vancouver")
    assert [str(i) for i in ids] == ["pmid:34497264"] and style == "nlm"
    assert read_value("garbage") == ([], None, {})


def test_ids_in_message_reads_every_button_and_option_in_order() -> None:
    blocks = [
        {"type": "actions", "elements": [{"type": "button", "value": "pmid:1"}]},
        {"type": "section", "accessory": {"type": "static_select", "options": [{"value": "doi:10.1/x|apa"}]}},
        {"type": "actions", "elements": [{"type": "button", "value": '{"ids":["pmid:1","pmcid:PMC2"]}'}]},
    ]
    assert [str(i) for i in ids_in_message(blocks)] == ["pmid:1", "doi:10.1/x", "pmcid:PMC2"]


# -- serving -----------------------------------------------------------------------------------------------------
def test_tokens_are_redacted_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("citebot.test-redaction")
    logger.addFilter(RedactTokens())
    with caplog.at_level(logging.INFO, logger="citebot.test-redaction"):
        logger.info("calling with %s and %s", "xoxb-1234-5678-abcdefABCDEF", "xapp-1-A111-222-ffff")
    assert "abcdefABCDEF" not in caplog.text and "ffff" not in caplog.text
    assert "xoxb-…redacted…" in caplog.text


def test_tokens_are_redacted_from_logged_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokens())
    logger = logging.getLogger("citebot.test-redaction-traceback")
    logger.addHandler(handler)
    try:
        raise RuntimeError("the client was built with xoxb-1234-5678-abcdefABCDEF")
    except RuntimeError:
        logger.exception("posting failed")
    finally:
        logger.removeHandler(handler)
    assert "RuntimeError" in stream.getvalue() and "xoxb-…redacted…" in stream.getvalue()
    assert "abcdefABCDEF" not in stream.getvalue()


def test_mode_choice_and_retry_delays() -> None:
    with_app_token = Settings(_env_file=None, SLACK_APP_TOKEN="xapp-1")  # type: ignore[call-arg]
    without = Settings(_env_file=None)  # type: ignore[call-arg]
    assert choose_mode(with_app_token, None) == "socket"
    assert choose_mode(with_app_token, "http") == "http"
    assert choose_mode(without, None) == "http"
    custom = Settings(_env_file=None, CITEBOT_RETRY_DELAYS="0.1, 2")  # type: ignore[call-arg]
    assert tuning_from_settings(custom).retry_delays == (0.1, 2.0)
    assert tuning_from_settings(without).retry_delays == (5.0, 15.0, 40.0)


def test_serve_refuses_an_unknown_default_style(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
        CITEBOT_DEFAULT_STYLE="harvrad",
    )
    assert serve(settings, mode="http") == 2
    err = capsys.readouterr().err
    assert "CITEBOT_DEFAULT_STYLE='harvrad' is not a style" in err and "harvard" in err


def test_serve_refuses_to_start_without_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(Settings(_env_file=None), mode="http") == 2  # type: ignore[call-arg]
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().err
    socket = Settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")  # type: ignore[call-arg]
    assert serve(socket, mode="socket") == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err


async def test_citebot_serve_http_process_end_to_end(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path, unused_tcp_port: int
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CITEBOT_"))},
        **upstreams.env(),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "CITEBOT_SLACK_API_URL": slack.api_url,
        "CITEBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "CITEBOT_HOST": "127.0.0.1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        "--http",
        "--port",
        str(unused_tcp_port),
        cwd=tmp_path,
        env={**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{unused_tcp_port}"
    try:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 20
            while True:
                try:
                    async with session.get(f"{base}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if process.returncode is not None:
                    raise AssertionError((await process.communicate())[1].decode())
                assert time.monotonic() < deadline, "citebot serve did not come up"
                await asyncio.sleep(0.1)
            driver = SlackDriver(f"{base}/slack/events", slack, session)
            event = driver.message("PMID: 34497264")
            assert (await driver.event(event)).status == 200
            (post,) = await slack.wait_for("chat.postMessage", within=10)
            assert post.args["thread_ts"] == event["ts"]
            assert (await driver.event(driver.message("PMID: 1"), secret="wrong")).status == 401
    finally:
        if process.returncode is None:
            process.terminate()
        _, err = await asyncio.wait_for(process.communicate(), 10)
    assert process.returncode == 0, err.decode()
    assert BOT_TOKEN not in err.decode()


async def test_channel_settings_cache_is_short_lived_across_workers(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'w.db'}"
    one, two = await SqlStore.open(url, settings_ttl=0.05), await SqlStore.open(url, settings_ttl=0.05)
    try:
        assert (await two.channel_settings("C1")).mode == "thread"
        await one.set_mode("C1", "off")
        assert (await one.channel_settings("C1")).mode == "off"  # the writer sees its change at once
        await asyncio.sleep(0.06)
        assert (await two.channel_settings("C1")).mode == "off"  # another worker within the TTL
    finally:
        await one.close()
        await two.close()


async def test_socket_mode_app_without_signing_secret_refuses_http(slack: FakeSlack, tmp_path: Path) -> None:
    from bot.app import open_app

    settings = Settings(_env_file=None, SLACK_BOT_TOKEN=BOT_TOKEN, CITEBOT_SLACK_API_URL=slack.api_url)  # type: ignore[call-arg]
    store = await SqlStore.open("sqlite+aiosqlite://")
    try:
        with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
            async with open_app(settings, store=store, resolver=_NoResolver()):
                pass
        async with open_app(settings, store=store, resolver=_NoResolver(), socket_mode=True) as app:
            from aiohttp.test_utils import TestClient, TestServer

            async with TestClient(TestServer(app.web)) as client:
                body = json.dumps({"type": "url_verification", "challenge": "c"})
                response = await client.post("/slack/events", data=body)
                assert response.status == 401
    finally:
        await store.close()


class _NoResolver:
    async def resolve(self, ids: object) -> list[object]:
        raise AssertionError("not used")
