"""Socket Mode end to end, over a real websocket on 127.0.0.1: the fake Slack hands out the connection URL
(``apps.connections.open`` with the app token), greets with ``hello`` and sends envelopes; the app acks each
one on the socket and answers through the fake Web API, as ``citebot serve`` does with SLACK_APP_TOKEN set."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import rispy

from bot.app import CitebotApp, SlackTokenRefused, open_app, run_socket_mode
from bot.settings import Settings
from tests.fakes.slack import (  # noqa: F401  (fixtures)
    APP_TOKEN,
    BOT_ID,
    BOT_TOKEN,
    CHANNEL,
    FAST_TUNING,
    SEED_TITLE,
    FakeSlack,
    SocketDriver,
    action_elements,
    all_text,
    app_settings,
    slack_fixture,
)
from tests.fakes.upstream import FakeUpstreams

ROOT = Path(__file__).resolve().parent.parent
SEED_DOI = "10.1038/s41392-021-00754-6"


@dataclass
class SocketRunning:
    app: CitebotApp
    send: SocketDriver
    slack: FakeSlack
    serving: asyncio.Task[None]

    async def settle(self) -> None:
        await self.app.deps.tasks.idle()
        await self.slack.quiet(0.05)


def socket_settings(upstreams: FakeUpstreams, slack: FakeSlack, tmp_path: Path) -> Settings:
    # No signing secret: Socket Mode traffic comes on our own authenticated connection.
    return app_settings(
        upstreams.settings(), slack, tmp_path, slack_signing_secret=None, slack_app_token=APP_TOKEN
    )


@asynccontextmanager
async def socket_citebot(settings: Settings, slack: FakeSlack) -> AsyncIterator[SocketRunning]:
    """The app as ``citebot serve`` runs it in Socket Mode, stopped (like SIGTERM does) at exit."""
    stop = asyncio.Event()
    async with open_app(settings, tuning=FAST_TUNING, socket_mode=True) as app:
        await app.start()
        serving = asyncio.create_task(run_socket_mode(app, settings, stop))
        try:
            await slack.wait_connected()
            yield SocketRunning(app, SocketDriver(slack), slack, serving)
            await app.deps.tasks.idle()
        finally:
            stop.set()
            await asyncio.wait_for(serving, 5)


@pytest.fixture(name="citebot")
async def socket_citebot_fixture(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> AsyncIterator[SocketRunning]:
    async with socket_citebot(socket_settings(upstreams, slack, tmp_path), slack) as running:
        yield running


def ris_entries(files: dict[str, bytes]) -> list[dict[str, Any]]:
    (name,) = [n for n in files if n.endswith(".ris")]
    entries: list[dict[str, Any]] = rispy.loads(files[name].decode("utf-8"))
    return entries


async def test_connects_with_the_app_token_at_the_configured_slack_url(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    (opened,) = slack.of("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"  # the app token, not the bot token
    assert opened.answer["ok"] is True
    assert len(slack.sockets) == 1
    # Everything else still goes with the bot token.
    (auth,) = slack.of("auth.test")
    assert auth.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


async def test_channel_message_is_acked_and_gets_one_threaded_card_then_the_ris(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    event = citebot.send.message("Have you read PMID: 34497264?")
    started = time.monotonic()
    ack = await citebot.send.event(event, event_id="Ev0SOCKET")
    # Acked before the work is done: the reply needs upstream look-ups and two Web API round trips.
    assert ack.payload is None and ack.at - started < 1.0
    await citebot.settle()

    (post,) = slack.of("chat.postMessage")
    assert post.args["channel"] == CHANNEL and post.args["thread_ts"] == event["ts"]
    assert post.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert SEED_TITLE in all_text(post.args["blocks"])
    ((call, files),) = slack.shared_files()
    assert call.args["channel_id"] == CHANNEL and call.args["thread_ts"] == event["ts"]
    (entry,) = ris_entries(files)
    assert entry.get("doi", "").lower() == SEED_DOI
    assert slack.calls.index(post) < slack.calls.index(call)

    # Slack delivers it again (no ack seen in time): acked again, answered once.
    retry = await citebot.send.event(event, event_id="Ev0SOCKET", retry_attempt=1)
    assert retry.payload is None
    await citebot.settle()
    assert slack.count("chat.postMessage") == 1
    assert slack.count("files.completeUploadExternal") == 1


async def test_slash_command_is_acked_and_answered_ephemerally_through_response_url(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    ack, name = await citebot.send.command("34497264")
    assert ack.payload is None  # nothing said in the ack: the answer goes through response_url
    await citebot.settle()
    (answer,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert answer["response_type"] == "ephemeral"
    assert SEED_TITLE in all_text(answer["blocks"])
    assert slack.count("chat.postMessage") == 0


async def test_style_picker_on_a_public_card_updates_it_in_place(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    event = citebot.send.message("PMID: 34497264")
    await citebot.send.event(event)
    await citebot.settle()
    post = slack.of("chat.postMessage")[-1]
    message = {
        "type": "message",
        "ts": post.answer["ts"],
        "thread_ts": event["ts"],
        "bot_id": BOT_ID,
        "text": post.args["text"],
        "blocks": post.args["blocks"],
    }
    select = action_elements(message["blocks"])["citebot_style"]
    options = select.get("options") or [o for g in select["option_groups"] for o in g["options"]]
    (apa,) = [o for o in options if o["text"]["text"].lower().startswith("apa")]
    action = {"action_id": "citebot_style", "type": "static_select", "selected_option": apa}
    payload, _ = citebot.send.block_action(action, message=message)

    ack = await citebot.send.interactive(payload)
    assert ack.payload is None
    await citebot.settle()
    (update,) = slack.of("chat.update")
    assert update.args["channel"] == CHANNEL and update.args["ts"] == message["ts"]
    text = all_text(update.args["blocks"])
    assert SEED_TITLE in text and "(2021)" in text  # APA: the year in parentheses after the authors
    assert slack.count("chat.postMessage") == 1


async def test_message_shortcut_is_acked_and_answered_ephemerally(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    payload, name = citebot.send.shortcut("Great paper: https://pubmed.ncbi.nlm.nih.gov/34497264/")
    ack = await citebot.send.interactive(payload)
    assert ack.payload is None
    await citebot.settle()
    (answer,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert answer["response_type"] == "ephemeral" and SEED_TITLE in all_text(answer["blocks"])


async def test_our_own_post_is_acked_and_left_alone(citebot: SocketRunning, slack: FakeSlack) -> None:
    own = citebot.send.message("PMID: 34497264", bot_id=BOT_ID, user=None)
    ack = await citebot.send.event(own)
    assert ack.envelope_id
    await citebot.settle()
    assert slack.count("chat.postMessage") == 0


async def start_citebot_serve(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path, app_token: str
) -> asyncio.subprocess.Process:
    """``citebot serve``, the installed console script, with SLACK_APP_TOKEN set and no signing secret."""
    citebot = Path(sys.executable).parent / "citebot"
    if not citebot.exists():
        pytest.skip(f"no citebot console script at {citebot} (pip install -e . installs it)")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CITEBOT_"))},
        **upstreams.env(),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": app_token,
        "CITEBOT_SLACK_API_URL": slack.api_url,
        "CITEBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
    }
    return await asyncio.create_subprocess_exec(
        str(citebot),
        "serve",
        cwd=tmp_path,  # no .env of the checkout
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_citebot_serve_connects_in_socket_mode_and_stops_cleanly_on_sigterm(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    started = time.monotonic()
    process = await start_citebot_serve(slack, upstreams, tmp_path, APP_TOKEN)
    try:
        await slack.wait_connected(within=10)
        connected = time.monotonic() - started
        ack, name = await SocketDriver(slack).command("help")
        assert ack.envelope_id
        (answer,) = await slack.wait_for("response")
        assert answer.args["_name"] == name and "/cite" in answer.args["text"]
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 5)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = err.decode()
    assert process.returncode == 0, log
    assert "connected in Socket Mode" in log
    assert "Traceback" not in log and APP_TOKEN not in log and BOT_TOKEN not in log
    (opened,) = slack.of("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert slack.sockets[0].closed  # the process said goodbye on the socket, not just vanished
    assert connected < 5.0, f"took {connected:.1f}s to connect"


async def test_an_action_nothing_listens_to_is_acked_as_over_http(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    # A button from an older version of a card: over HTTP it is answered 200; an envelope left unacked shows
    # the person an error (and an event would be delivered again).
    payload, _ = citebot.send.block_action({"action_id": "citebot_retired", "type": "button", "value": "x"})
    ack = await slack.push("interactive", payload, within=2.0)
    assert ack.payload is None
    await citebot.settle()
    assert [c.method for c in slack.calls if c.method != "auth.test"] == ["apps.connections.open"]


async def test_after_slacks_disconnect_notice_it_reconnects_and_keeps_serving(
    citebot: SocketRunning, slack: FakeSlack
) -> None:
    first = slack.socket
    await slack.disconnect("refresh_requested")
    second = await slack.wait_connected(count=2)
    assert second is not first and len(slack.of("apps.connections.open")) == 2
    ack, name = await citebot.send.command("help")
    assert ack.envelope_id
    await citebot.settle()
    (answer,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert "/cite" in answer["text"]


async def test_stop_ends_it_while_slack_is_not_handing_out_connections(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    settings = socket_settings(upstreams, slack, tmp_path)
    slack.fault("apps.connections.open", error="internal_error", times=100)
    stop = asyncio.Event()
    async with open_app(settings, tuning=FAST_TUNING, socket_mode=True) as app:
        serving = asyncio.create_task(run_socket_mode(app, settings, stop))
        await slack.wait_for_attempt("apps.connections.open")
        stop.set()  # SIGTERM or Ctrl-C: must not wait for a connection that may never come
        await asyncio.wait_for(serving, 2)
    assert not slack.sockets


@pytest.mark.parametrize(
    ("token", "error"),
    [("xoxb-0000-pasted-the-bot-token", "not_allowed_token_type"), (APP_TOKEN, "invalid_auth")],
)
async def test_a_refused_app_token_ends_it_with_slacks_reason(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path, token: str, error: str
) -> None:
    settings = socket_settings(upstreams, slack, tmp_path).model_copy(update={"slack_app_token": token})
    if error == "invalid_auth":  # a revoked or mistyped xapp- token
        slack.fault("apps.connections.open", error=error, times=100)
    async with open_app(settings, tuning=FAST_TUNING, socket_mode=True) as app:
        with pytest.raises(SlackTokenRefused, match=error) as refused:
            await asyncio.wait_for(run_socket_mode(app, settings, asyncio.Event()), 2)
    assert "SLACK_APP_TOKEN" in str(refused.value) and token not in str(refused.value)
    assert len(slack.attempts("apps.connections.open")) == 1  # not tried again and again


async def test_citebot_serve_with_a_bot_token_as_app_token_says_so_and_exits(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    process = await start_citebot_serve(slack, upstreams, tmp_path, BOT_TOKEN)
    try:
        _, err = await asyncio.wait_for(process.communicate(), 5)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = err.decode()
    assert process.returncode == 2, log
    assert "SLACK_APP_TOKEN (not_allowed_token_type)" in log and "xapp-" in log
    assert "Traceback" not in log and BOT_TOKEN not in log
    assert not slack.sockets


async def test_stop_ends_it_while_slack_is_unreachable(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = socket_settings(upstreams, slack, tmp_path).model_copy(
        update={"slack_api_url": f"http://127.0.0.1:{closed_port}/api/"}
    )
    stop = asyncio.Event()
    async with open_app(settings, tuning=FAST_TUNING, socket_mode=True) as app:
        app.deps.client.retry_handlers = []  # fail at once instead of after slack_sdk's backoff
        serving = asyncio.create_task(run_socket_mode(app, settings, stop))
        deadline = time.monotonic() + 3
        while "apps.connections.open failed (ClientConnectorError)" not in caplog.text:
            assert not serving.done(), serving.exception()  # an outage is waited out, not fatal
            assert time.monotonic() < deadline, caplog.text
            await asyncio.sleep(0.02)
        stop.set()
        await asyncio.wait_for(serving, 2)
