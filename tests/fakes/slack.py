"""A fake Slack Web API on 127.0.0.1 that records every call.

It answers the methods citebot uses the way Slack documents them (``auth.test``, ``chat.*``,
``conversations.replies`` from thread fixtures you register, ``conversations.open``, ``views.open``, the
three steps of ``files_upload_v2``), plus ``/response/<id>`` paths that play a slash command's
``response_url``. ``fault(method, status, times, retry_after)`` injects 429s and 5xx.

It also plays Slack's Socket Mode: ``apps.connections.open`` (app token ``xapp-…`` only) hands out a
``ws://127.0.0.1:<port>/socket?ticket=…`` URL; that websocket greets with ``hello`` like Slack, and ``push``
sends an envelope (``events_api``, ``slash_commands``, ``interactive``) and waits for the app's ack.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from aiohttp import web

from bot.app import CitebotApp, open_app
from bot.settings import Settings
from handlers.deps import Tuning

BOT_USER_ID = "UCITEBOT"
BOT_ID = "BCITEBOT"
TEAM_ID = "T0001"
APP_ID = "A0CITEBOT"
APP_TOKEN = "xapp-1-A0CITEBOT-1-0000test"

_JSON_ARGS = {"blocks", "attachments", "unfurls", "view", "files", "metadata"}


@dataclass
class Call:
    method: str  # "chat.postMessage", "upload", "response"
    args: dict[str, Any]
    path: str
    headers: dict[str, str]
    body: bytes = b""
    status: int = 200  # what the fake answered (429/5xx when a fault was injected)
    error: str | None = None  # an injected ``{"ok": false, "error": ...}`` answer
    answer: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


@dataclass
class Ack:
    """What the app sent back on the Socket Mode connection for one envelope."""

    envelope_id: str
    payload: dict[str, Any] | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Fault:
    status: int
    times: int
    retry_after: int | None
    error: str | None = None


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.threads: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.file_names: dict[str, str] = {}  # file id → filename asked for in files.getUploadURLExternal
        self.latency = 0.0  # seconds added to every answer (a Slack round trip)
        self.page_size = 2  # conversations.replies page size, small so pagination is exercised
        self._faults: dict[str, list[_Fault]] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Socket Mode
        self.sockets: list[web.WebSocketResponse] = []  # every connection the app opened, in order
        self.socket_messages: list[dict[str, Any]] = []  # everything the app sent on them
        self.acks: list[Ack] = []
        self._tickets = itertools.count(1)
        self._envelope_ids = itertools.count(1)

    # -- set-up -----------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.base_url}/response/{name}"

    def add_thread(self, channel: str, thread_ts: str, messages: list[dict[str, Any]]) -> None:
        self.threads[(channel, thread_ts)] = messages

    def fault(
        self,
        method: str,
        status: int = 429,
        *,
        times: int = 1,
        retry_after: int | None = 1,
        error: str | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` fail: HTTP ``status``, or ``ok: false`` with ``error``."""
        self._faults.setdefault(method, []).append(
            _Fault(200 if error else status, times, retry_after, error)
        )

    async def start(self) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)  # slack_sdk GETs some methods
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in self.sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- queries ------------------------------------------------------------------------------------------
    def of(self, method: str) -> list[Call]:
        """Calls of ``method`` that Slack accepted (injected faults left out)."""
        return [
            call for call in self.calls if call.method == method and call.status == 200 and not call.error
        ]

    def attempts(self, method: str) -> list[Call]:
        """Every call of ``method``, faulted ones included."""
        return [call for call in self.calls if call.method == method]

    def count(self, method: str) -> int:
        return len(self.of(method))

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Wait until ``method`` was called at least ``count`` times; return those calls."""

        def enough() -> bool:
            return self.count(method) >= count

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(enough), within)
            except TimeoutError:
                seen = [c.method for c in self.calls]
                raise AssertionError(f"expected {count} x {method} within {within}s; calls: {seen}") from None
        return self.of(method)

    async def wait_for_attempt(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Like ``wait_for``, counting the calls that got an injected fault too."""
        await self._until(lambda: len(self.attempts(method)) >= count, within, f"{count} x {method}")
        return self.attempts(method)

    async def quiet(self, period: float = 0.15, within: float = 5.0) -> None:
        """Wait until no call arrived for ``period`` seconds (the app has finished reacting)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            seen = len(self.calls)
            await asyncio.sleep(period)
            if len(self.calls) == seen:
                return

    # -- handlers -----------------------------------------------------------------------------------------
    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults.get(method, []):
            if fault.times > 0:
                fault.times -= 1
                return fault
        return None

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        body = await request.read()
        args = _parse_args(request, body)
        fault = self._take_fault(method)
        status = fault.status if fault is not None else 200
        call = Call(
            method, args, request.path, dict(request.headers), body, status, fault.error if fault else None
        )
        await self._record(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        if call.error:
            call.answer = {"ok": False, "error": call.error}
            return web.json_response(call.answer)
        if fault is not None:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            if fault.status == 429:
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=headers)
            return web.Response(status=fault.status, text="upstream trouble", headers=headers)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if method == "apps.connections.open":
            call.answer = self._open_connection(token)
            return web.json_response(call.answer)
        if not token.startswith("xoxb-"):
            return web.json_response({"ok": False, "error": "not_authed"})
        call.answer = self._answer(method, args)
        return web.json_response(call.answer)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return {**ok, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": TEAM_ID, "user": "citebot"}
        if method == "chat.postMessage":
            ts = f"{1700000000 + next(self._ts)}.000100"
            return {**ok, "channel": args.get("channel"), "ts": ts, "message": {"ts": ts, **args}}
        if method == "chat.postEphemeral":
            return {**ok, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method == "chat.update":
            return {**ok, "channel": args.get("channel"), "ts": args.get("ts"), "text": args.get("text")}
        if method == "chat.unfurl":
            return ok
        if method == "conversations.open":
            return {**ok, "channel": {"id": "D" + str(args.get("users", "")).lstrip("U")}}
        if method == "conversations.replies":
            return self._replies(args)
        if method == "views.open":
            return {**ok, "view": {"id": f"V{next(self._ids)}", **(args.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids)}"
            self.file_names[file_id] = str(args.get("filename"))
            return {**ok, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files") or []
            return {**ok, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        return {"ok": False, "error": "unknown_method"}

    def _open_connection(self, token: str) -> dict[str, Any]:
        """Only an app-level token may open a connection; Slack refuses a bot token by its type."""
        if not token:
            return {"ok": False, "error": "not_authed"}
        if not token.startswith("xapp-"):
            return {"ok": False, "error": "not_allowed_token_type"}
        url = f"ws://127.0.0.1:{self.port}/socket?ticket=t{next(self._tickets)}&app_id={APP_ID}"
        return {"ok": True, "url": url}

    def _replies(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel")), str(args.get("ts")))
        if key not in self.threads:
            return {"ok": False, "error": "thread_not_found"}
        messages = self.threads[key]
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or self.page_size), self.page_size)
        page = messages[start : start + limit]
        more = start + limit < len(messages)
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        file_id = request.match_info["file_id"]
        await self._record(Call("upload", {"file_id": file_id}, request.path, dict(request.headers), body))
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.Response(text=f"OK - {len(body)}")

    async def _response(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        args = json.loads(body) if body else {}
        name = request.match_info["name"]
        await self._record(
            Call("response", {"_name": name, **args}, request.path, dict(request.headers), body)
        )
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.Response(text="ok")

    # -- Socket Mode ------------------------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.StreamResponse:
        issued = any(
            c.answer.get("url", "").endswith(request.path_qs) for c in self.of("apps.connections.open")
        )
        if not issued:
            return web.Response(status=401, text="unknown ticket")
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json(
            {
                "type": "hello",
                "num_connections": sum(not s.closed for s in self.sockets) + 1,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 3600,
                },
                "connection_info": {"app_id": APP_ID},
            }
        )
        async with self._changed:
            self.sockets.append(socket)
            self._changed.notify_all()
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                await self._on_socket_message(json.loads(message.data))
        async with self._changed:
            self._changed.notify_all()
        return socket

    async def _on_socket_message(self, message: dict[str, Any]) -> None:
        async with self._changed:
            self.socket_messages.append(message)
            if "envelope_id" in message:
                self.acks.append(Ack(str(message["envelope_id"]), message.get("payload")))
            self._changed.notify_all()

    @property
    def socket(self) -> web.WebSocketResponse | None:
        """The connection envelopes go to: the newest one still open."""
        open_sockets = [s for s in self.sockets if not s.closed]
        return open_sockets[-1] if open_sockets else None

    async def _until(self, condition: Any, within: float, what: str) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(condition), within)
            except TimeoutError:
                raise AssertionError(f"expected {what} within {within}s") from None

    async def wait_connected(self, count: int = 1, within: float = 5.0) -> web.WebSocketResponse:
        """Wait until the app has opened ``count`` Socket Mode connections; return the one in use."""
        await self._until(
            lambda: len(self.sockets) >= count and self.socket is not None, within, "a connection"
        )
        assert self.socket is not None
        return self.socket

    async def send_envelope(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        accepts_response_payload: bool | None = None,
    ) -> str:
        """Send one envelope as Slack would; returns its ``envelope_id``."""
        socket = self.socket
        if socket is None:
            raise AssertionError("no open Socket Mode connection")
        envelope_id = f"{next(self._envelope_ids):08x}-5ca1-4b0e-8d0c-000000000000"
        if accepts_response_payload is None:
            # Slack takes a response payload where it would take an HTTP response body.
            accepts_response_payload = kind == "slash_commands" or payload.get("type") in _TAKES_PAYLOAD
        await socket.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": retry_attempt,
                "retry_reason": retry_reason,
            }
        )
        return envelope_id

    async def ack_of(self, envelope_id: str, within: float = 5.0) -> Ack:
        """The app's ack of ``envelope_id``, once it came."""

        def acked() -> bool:
            return any(ack.envelope_id == envelope_id for ack in self.acks)

        await self._until(acked, within, f"an ack of envelope {envelope_id}")
        return next(ack for ack in self.acks if ack.envelope_id == envelope_id)

    async def push(self, kind: str, payload: dict[str, Any], *, within: float = 5.0, **envelope: Any) -> Ack:
        """Send an envelope and wait for its ack."""
        return await self.ack_of(await self.send_envelope(kind, payload, **envelope), within)

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Slack's notice that this connection is about to go; the app is expected to open a new one."""
        socket = self.socket
        if socket is None:
            raise AssertionError("no open Socket Mode connection")
        await socket.send_json(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        )

    # -- helpers for assertions ------------------------------------------------------------------------------
    def uploaded(self) -> dict[str, bytes]:
        """Bytes uploaded per file id."""
        return {call.args["file_id"]: call.body for call in self.of("upload")}

    def shared_files(self) -> list[tuple[Call, dict[str, bytes]]]:
        """Each files.completeUploadExternal call with {filename: bytes} of the files it shared."""
        uploaded = self.uploaded()
        shared = []
        for call in self.of("files.completeUploadExternal"):
            files = {
                self.file_names[f["id"]]: uploaded.get(f["id"], b"") for f in call.args.get("files") or []
            }
            shared.append((call, files))
        return shared


_TAKES_PAYLOAD = {"view_submission", "block_suggestion"}


def _parse_args(request: web.Request, body: bytes) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    content_type = request.headers.get("Content-Type", "")
    if body and "json" in content_type:
        args.update(json.loads(body))
    elif body:
        args.update(dict(parse_qsl(body.decode(), keep_blank_values=True)))
    for name in _JSON_ARGS:
        value = args.get(name)
        if isinstance(value, str) and value[:1] in "[{":
            args[name] = json.loads(value)
    return args


# Titles of the fake upstreams' records, as a reader sees them on a card.
SEED_TITLE = "Mesenchymal stem cell therapy for severe COVID-19"  # PMID 34497264
NANO_TITLE = "Charges ride the spin wave"  # 10.1038/nnano.2014.279


def action_elements(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The first interactive element (button, select) of each ``action_id`` in a message's blocks."""
    found: dict[str, dict[str, Any]] = {}
    for block in blocks:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if isinstance(element, dict) and element.get("action_id"):
                found.setdefault(element["action_id"], element)
    return found


def all_text(value: Any) -> str:
    """Every string inside a Block Kit structure, joined (what a reader could see)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(all_text(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(all_text(v) for v in value)
    return ""


@pytest.fixture(name="slack")
async def slack_fixture() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


# -- driving the app: signed requests into citebot's HTTP endpoint -------------------------------------------------
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-0000-test-token"
CHANNEL = "C0CHAN"
USER = "U0PERSON"


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Reply:
    status: int
    text: str
    elapsed: float


_EVENT_IDS, _MESSAGE_TS, _RESPONSE_NAMES = itertools.count(1), itertools.count(1), itertools.count(1)


class SlackPayloads:
    """What Slack would send (events, commands, actions, shortcuts), whichever way it is delivered."""

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        # Shared by every driver of the test session: a restarted app must never see a reused id or ts.
        self._event_ids = _EVENT_IDS
        self._ts = _MESSAGE_TS
        self._responses = _RESPONSE_NAMES

    def next_ts(self) -> str:
        return f"{1690000000 + next(self._ts)}.000200"

    def event_callback(self, event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        """The Events API body around ``event``."""
        return {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._event_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }

    def message(self, text: str, **fields: Any) -> dict[str, Any]:
        """A person's channel message event."""
        return {
            "type": "message",
            "channel": CHANNEL,
            "channel_type": "channel",
            "user": USER,
            "text": text,
            "ts": self.next_ts(),
            "event_ts": "1.0",
            **fields,
        }

    def command_form(self, text: str, *, channel: str = CHANNEL) -> tuple[dict[str, str], str]:
        """``/cite text`` as Slack's form fields, and the name of its response_url on the fake."""
        name = f"cmd{next(self._responses)}"
        return {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "example",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": USER,
            "user_name": "person",
            "command": "/cite",
            "text": text,
            "api_app_id": APP_ID,
            "response_url": self.fake.response_url(name),
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }, name

    def block_action(
        self,
        action: dict[str, Any],
        *,
        message: dict[str, Any] | None = None,
        ephemeral: bool = False,
        channel: str = CHANNEL,
    ) -> tuple[dict[str, Any], str]:
        name = f"act{next(self._responses)}"
        ts = (message or {}).get("ts") or self.next_ts()
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "example"},
            "user": {"id": USER, "username": "person", "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "container": container,
            "trigger_id": "12466734323.1395872398.8ad4b9b6a5d0a5b5e6a5a5a5a5a5a5a5",
            "channel": {"id": channel, "name": "general"},
            "response_url": self.fake.response_url(name),
            "actions": [{"block_id": "b", "action_ts": "1.2", **action}],
        }
        if message is not None and not ephemeral:
            payload["message"] = message
        return payload, name

    def shortcut(self, text: str, **message_fields: Any) -> tuple[dict[str, Any], str]:
        name = f"sc{next(self._responses)}"
        message = {"type": "message", "user": "U0OTHER", "ts": self.next_ts(), "text": text, **message_fields}
        return {
            "type": "message_action",
            "token": "legacy-verification-token",
            "callback_id": "cite_references",
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
            "response_url": self.fake.response_url(name),
            "team": {"id": TEAM_ID, "domain": "example"},
            "channel": {"id": CHANNEL, "name": "general"},
            "user": {"id": USER, "name": "person"},
            "message_ts": message["ts"],
            "message": message,
        }, name


class SlackDriver(SlackPayloads):
    """Sends what Slack would send, signed, to the app's HTTP URL."""

    def __init__(self, url: str, fake: FakeSlack, session: aiohttp.ClientSession) -> None:
        super().__init__(fake)
        self.url = url
        self.session = session

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        stamp = int(time.time()) if timestamp is None else timestamp
        sent = {"Content-Type": content_type, **(headers or {})}
        if secret is not None:
            sent["X-Slack-Request-Timestamp"] = str(stamp)
            sent["X-Slack-Signature"] = sign(body, stamp, secret)
        started = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(), headers=sent) as response:
            text = await response.text()
            return Reply(response.status, text, time.perf_counter() - started)

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        **kwargs: Any,
    ) -> Reply:
        envelope = self.event_callback(event, event_id=event_id)
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(json.dumps(envelope), "application/json", headers=headers, **kwargs)

    async def command(self, text: str, *, channel: str = CHANNEL, **kwargs: Any) -> tuple[Reply, str]:
        """``/cite text``; returns the reply and the name of its response_url on the fake."""
        form, name = self.command_form(text, channel=channel)
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs), name

    async def interactive(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **kwargs)


class SocketDriver(SlackPayloads):
    """Sends what Slack would send as Socket Mode envelopes on the app's connection; each call waits for the
    app's ack and returns it."""

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_attempt: int = 0
    ) -> Ack:
        reason = "timeout" if retry_attempt else ""
        body = self.event_callback(event, event_id=event_id)
        return await self.fake.push("events_api", body, retry_attempt=retry_attempt, retry_reason=reason)

    async def command(self, text: str, *, channel: str = CHANNEL) -> tuple[Ack, str]:
        """``/cite text``; returns the ack and the name of its response_url on the fake."""
        form, name = self.command_form(text, channel=channel)
        return await self.fake.push("slash_commands", form), name

    async def interactive(self, payload: dict[str, Any]) -> Ack:
        return await self.fake.push("interactive", payload)


# -- the app under test, served on 127.0.0.1 ------------------------------------------------------------------------
FAST_TUNING = Tuning(retry_delays=(0.05, 0.1, 0.2))


def app_settings(base: Settings, fake: FakeSlack, tmp_path: Path, **overrides: Any) -> Settings:
    """Upstream URLs from ``base``; Slack, credentials and a real SQLite file for the app."""
    return base.model_copy(
        update={
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_app_token": None,
            "slack_api_url": fake.api_url,
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'citebot.db'}",
            **overrides,
        }
    )


@dataclass
class Running:
    app: CitebotApp
    send: SlackDriver
    slack: FakeSlack
    settings: Settings

    async def settle(self) -> None:
        """Wait until the app has finished every listener and background task, and Slack went quiet."""
        await self.app.deps.tasks.idle()
        await self.slack.quiet(0.05)


async def answer_to(citebot: Running, text: str, **kwargs: Any) -> dict[str, Any]:
    """The one ``response_url`` answer to ``/cite text``."""
    reply, name = await citebot.send.command(text, **kwargs)
    assert reply.status == 200
    await citebot.settle()
    answers = [c.args for c in citebot.slack.of("response") if c.args["_name"] == name]
    assert len(answers) == 1, answers
    return answers[0]


@asynccontextmanager
async def start_citebot(
    settings: Settings, fake: FakeSlack, tuning: Tuning = FAST_TUNING
) -> AsyncIterator[Running]:
    async with open_app(settings, tuning=tuning) as app, aiohttp.ClientSession() as session:
        runner = web.AppRunner(app.web, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        await app.start()
        try:
            yield Running(
                app, SlackDriver(f"http://127.0.0.1:{port}/slack/events", fake, session), fake, settings
            )
        finally:
            await app.deps.tasks.idle()
            await runner.cleanup()


@pytest.fixture(name="citebot")
async def citebot_fixture(slack: FakeSlack, upstreams: Any, tmp_path: Path) -> AsyncIterator[Running]:
    settings = app_settings(upstreams.settings(), slack, tmp_path)
    async with start_citebot(settings, slack) as running:
        yield running
