"""The Slack app: slack-bolt's AsyncApp, served over HTTP (aiohttp) or Socket Mode.

HTTP mode serves ``POST /slack/events`` (events, commands, interactivity on one URL) and ``GET /healthz``.
Requests are verified (Slack signature, 5-minute window) and acknowledged at once; listeners run after the
ack. Unhandled requests are answered 200 (Bolt's 404 would make Slack retry them), and form bodies whose
text contains the word "payload" are parsed correctly (Bolt mistakes them for interactivity payloads).

Socket Mode acknowledges every envelope on the socket, unhandled ones too (as HTTP answers them 200), stops
when asked even while still connecting, and ends at once when Slack refuses the app token.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

import handlers
from bot.settings import Settings
from bot.slack_client import make_web_client
from bot.store import SqlStore, Store
from handlers.deps import BotIdentity, Deps, ResolverLike, TaskTracker, Tuning

log = logging.getLogger("citebot.app")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


@dataclass
class CitebotApp:
    bolt: AsyncApp
    deps: Deps
    web: web.Application

    async def start(self) -> None:
        """Learn who we are (``auth.test``) and warm the formatters up, so the first request waits for neither."""
        warm_up(self.deps.settings.default_style)
        await _identity_or_what_we_know(self.deps)


def warm_up(style: str) -> None:
    """Render one made-up card: the first real one would otherwise pay ~20 ms of lazy set-up (sentence
    splitter, style tables, Block Kit models) on the way to the user."""
    from bot.identifiers import extract
    from bot.models import AbstractSection, DateVariable, Name, Reference
    from handlers.replies import compose

    extract("PMID: 1 <https://doi.org/10.1/x|x> PMC1 arXiv:1706.03762")
    ref = Reference(
        id="pmid:1",
        title="A warm-up title.",
        author=[Name(family="Doe", given="Jane")],
        container_title="Journal",
        issued=DateVariable(date_parts=[[2020, 1, 2]]),
        abstract="Background. One sentence here. Conclusions. Another one there.",
        abstract_sections=[AbstractSection(label="BACKGROUND", text="One sentence here. And a second one.")],
        DOI="10.1/x",
        PMID="1",
    )
    try:
        compose([ref], style)
        compose([ref], style, bibliography=True)
    except Exception:  # a warm-up must never stop the app
        log.exception("warm-up render failed")


IDENTITY_RETRY_SECONDS = 60.0


async def _identity(deps: Deps) -> BotIdentity:
    if deps.identity.user_id is None:
        answer = await deps.client.auth_test()
        deps.identity.user_id = answer.get("user_id")
        deps.identity.bot_id = answer.get("bot_id")
        deps.identity.team_id = answer.get("team_id")
    return deps.identity


async def _identity_or_what_we_know(deps: Deps) -> BotIdentity:
    """Who we are, without ever failing a request on it: when ``auth.test`` fails the request is still served
    (our own posts carry a ``bot_id`` and are skipped anyway, and twin events are deduplicated by message),
    and ``auth.test`` is asked again after a minute, not on every request."""
    now = asyncio.get_running_loop().time()
    if deps.identity.user_id is None and now >= deps.identity.retry_at:
        try:
            return await _identity(deps)
        except Exception as exc:
            deps.identity.retry_at = now + IDENTITY_RETRY_SECONDS
            log.warning("auth.test failed (%s); serving requests without it for now", type(exc).__name__)
    return deps.identity


def tuning_from_settings(settings: Settings) -> Tuning:
    """``CITEBOT_RETRY_DELAYS`` ("5,15,40") shortens or lengthens the not-answering retries."""
    return Tuning(retry_delays=settings.retry_delay_seconds)


def build_app(
    settings: Settings,
    *,
    resolver: ResolverLike,
    store: Store,
    client: AsyncWebClient | None = None,
    http: aiohttp.ClientSession | None = None,
    tuning: Tuning | None = None,
    identity: BotIdentity | None = None,
    socket_mode: bool = False,
) -> CitebotApp:
    """Wire the Bolt app, the listeners and the HTTP routes from injected parts (tests pass their own).

    Over HTTP every request is verified with the signing secret, so there is no HTTP app without one;
    Socket Mode traffic arrives on our own authenticated connection and needs none."""
    if not settings.slack_signing_secret and not socket_mode:
        raise ValueError("SLACK_SIGNING_SECRET is required: every request from Slack is verified with it")
    deps = Deps(
        settings=settings,
        resolver=resolver,
        store=store,
        client=client or make_web_client(settings, http),
        http=http,
        identity=identity or BotIdentity(),
        tuning=tuning or Tuning(),
        tasks=TaskTracker(),
    )

    async def authorize(**_: Any) -> AuthorizeResult:
        me = await _identity_or_what_we_know(deps)
        return AuthorizeResult(
            enterprise_id=None,
            team_id=me.team_id,
            bot_token=settings.slack_bot_token,
            bot_id=me.bot_id,
            bot_user_id=me.user_id,
        )

    bolt_logger = logging.getLogger("citebot.bolt")
    if not any(isinstance(f, _QuietBoltStartup) for f in bolt_logger.filters):
        bolt_logger.addFilter(_QuietBoltStartup())
    bolt = AsyncApp(
        client=deps.client,
        signing_secret=settings.slack_signing_secret or "",
        authorize=authorize,
        process_before_response=False,
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
        url_verification_enabled=True,
        logger=bolt_logger,
    )
    handlers.register(bolt, deps)
    return CitebotApp(bolt=bolt, deps=deps, web=_web_app(bolt, bool(settings.slack_signing_secret)))


def bolt_request(raw_body: str, query: str, headers: Any) -> AsyncBoltRequest:
    """Bolt's request, with a slash command whose text says "payload" parsed as the form it is."""
    request = AsyncBoltRequest(body=raw_body, query=query, headers=headers)
    if not request.body and "payload" in raw_body and not raw_body.lstrip().startswith("{"):
        form = dict(parse_qsl(raw_body, keep_blank_values=True))
        if "payload" not in form:
            # The raw body stays as it came: the signature is checked against it.
            request.body = form
            request.context = build_async_context(AsyncBoltContext({}), form)
    return request


def _web_app(bolt: AsyncApp, verifiable: bool) -> web.Application:
    async def events(request: web.Request) -> web.StreamResponse:
        if not verifiable:  # a Socket Mode app has no signing secret: it must not take HTTP requests
            return web.Response(status=401, text="")
        raw = await request.text()
        answer = await bolt.async_dispatch(bolt_request(raw, request.query_string, request.headers))
        if answer.status == 404:
            # Nothing here wants it; a 404 would only make Slack deliver it again.
            return web.Response(status=200, text="")
        return await to_aiohttp_response(answer)

    async def health(_: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_post(EVENTS_PATH, events)
    app.router.add_get(HEALTH_PATH, health)
    return app


@asynccontextmanager
async def open_app(
    settings: Settings,
    *,
    resolver: ResolverLike | None = None,
    store: Store | None = None,
    tuning: Tuning | None = None,
    socket_mode: bool = False,
) -> AsyncIterator[CitebotApp]:
    """Everything the app owns for its lifetime (one HTTP session, the store, the resolver), closed at exit."""
    async with AsyncExitStack() as stack:
        http = await stack.enter_async_context(aiohttp.ClientSession())
        if store is None:
            store = await SqlStore.open(settings.database_url)
            stack.push_async_callback(store.close)
        if resolver is None:
            from bot.resolver import Resolver

            resolver = await stack.enter_async_context(Resolver(settings))
        citebot = build_app(
            settings, resolver=resolver, store=store, http=http, tuning=tuning, socket_mode=socket_mode
        )
        stack.push_async_callback(citebot.deps.tasks.cancel_all)
        yield citebot


# -- serving -----------------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")


class _QuietBoltStartup(logging.Filter):
    """Bolt warns that the token it read from SLACK_BOT_TOKEN goes unused: by design here (our client has it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("`token`" in message and ("will be unused" in message or "will be ignored" in message))


class RedactTokens(logging.Filter):
    """Slack tokens never reach a log line, whoever logs them: not in the message, not in a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _redact(message)
            record.args = None
        if record.exc_info and not record.exc_text:
            # The formatter reuses ``exc_text`` when set, so the traceback is rendered (and redacted) once here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _redact(record.exc_text)
        if record.stack_info:
            record.stack_info = _redact(record.stack_info)
        return True


def _redact(text: str) -> str:
    return _TOKEN.sub(r"\1-…redacted…", text)


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("CITEBOT_LOG_LEVEL", "INFO").upper())
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def choose_mode(settings: Settings, mode: str | None) -> str:
    if mode in ("http", "socket"):
        return mode
    return "socket" if settings.slack_app_token else "http"


def serve(settings: Settings, mode: str | None = None) -> int:
    configure_logging()
    chosen = choose_mode(settings, mode)
    missing = [
        name
        for name, value in (
            ("SLACK_BOT_TOKEN", settings.slack_bot_token),
            ("SLACK_SIGNING_SECRET", settings.slack_signing_secret if chosen == "http" else "-"),
            ("SLACK_APP_TOKEN", settings.slack_app_token if chosen == "socket" else "-"),
        )
        if not value
    ]
    if missing:
        print(
            f"citebot serve: set {', '.join(missing)} (see README: From manifest to first citation)",
            file=sys.stderr,
        )
        return 2
    from formatters.styles import STYLES, is_style

    if not is_style(settings.default_style):
        print(
            f"citebot serve: CITEBOT_DEFAULT_STYLE={settings.default_style!r} is not a style;"
            f" use one of {', '.join(STYLES)}",
            file=sys.stderr,
        )
        return 2
    try:
        with suppress(KeyboardInterrupt):
            asyncio.run(_serve(settings, chosen, tuning_from_settings(settings)))
    except SlackTokenRefused as refused:
        print(f"citebot serve: {refused} (see README: From manifest to first citation)", file=sys.stderr)
        return 2
    return 0


async def _serve(settings: Settings, mode: str, tuning: Tuning) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with open_app(settings, tuning=tuning, socket_mode=mode == "socket") as citebot:
        await citebot.start()
        if mode == "socket":
            await run_socket_mode(citebot, settings, stop)
            return
        runner = web.AppRunner(citebot.web, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        log.info("citebot listens on http://%s:%s%s", settings.host, settings.port, EVENTS_PATH)
        await stop.wait()
        await runner.cleanup()


# Slack's answers to apps.connections.open that no retry can change: the token is wrong, revoked or lacks
# connections:write. Anything else (rate limits, outages) is tried again by the Socket Mode client.
_REFUSALS = {
    "invalid_auth",
    "not_authed",
    "not_allowed_token_type",
    "token_revoked",
    "token_expired",
    "account_inactive",
    "missing_scope",
}


class SlackTokenRefused(Exception):
    """Slack will not open a connection for this app token; trying again cannot help."""


class _SocketModeHandler(AsyncSocketModeHandler):
    """Bolt's handler, except that an envelope nothing listens to is acknowledged, as HTTP mode answers it
    200: an unacknowledged envelope is delivered again (events) or shows the person an error (buttons)."""

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = time.time()
        answer: BoltResponse = await run_async_bolt_app(self.app, req)
        if answer.status == 404:
            answer = BoltResponse(status=200, body="")
        await send_async_response(client, req, answer, started)


async def run_socket_mode(citebot: CitebotApp, settings: Settings, stop: asyncio.Event) -> None:
    """Serve Slack over our own Socket Mode connection (``apps.connections.open`` with the app token, then a
    websocket; every envelope is acknowledged on it) until ``stop`` is set, also while still connecting.

    Raises ``SlackTokenRefused`` when Slack refuses the app token, instead of retrying it forever."""
    handler = _SocketModeHandler(citebot.bolt, settings.slack_app_token)
    connecting = asyncio.ensure_future(_connect(handler))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if connecting.done():
            connecting.result()
            log.info("citebot is connected in Socket Mode")
            await stopping
    finally:
        connecting.cancel()
        stopping.cancel()
        await handler.close_async()  # type: ignore[no-untyped-call]


async def _connect(handler: AsyncSocketModeHandler) -> None:
    client = handler.client
    try:
        opened = await client.web_client.apps_connections_open(app_token=handler.app_token)
    except SlackApiError as exc:
        error = str(exc.response.get("error"))
        if error in _REFUSALS:
            raise SlackTokenRefused(
                f"Slack refused SLACK_APP_TOKEN ({error}): it must be the app-level token (xapp-…) with the "
                "connections:write scope"
            ) from None
        log.warning("apps.connections.open failed (%s); the Socket Mode client keeps trying", error)
    except (aiohttp.ClientError, OSError) as exc:  # Slack unreachable: the same
        log.warning(
            "apps.connections.open failed (%s); the Socket Mode client keeps trying", type(exc).__name__
        )
    else:
        client.wss_uri = str(opened["url"])  # the client connects to it instead of asking again
    await handler.connect_async()  # type: ignore[no-untyped-call]
