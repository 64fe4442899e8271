"""Messages: automatic threaded replies in channels, and direct messages (which behave like ``/cite``)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.identifiers import extract
from bot.models import Result
from handlers.deps import BotIdentity, Deps
from handlers.parsing import Ask, help_text, read_ask, short_help, unknown_style_remarks
from handlers.replies import (
    ThreadPlace,
    channel_style,
    cite_in_thread,
    guarded,
    say_in_thread,
    sorry_text,
    start_resolving,
)

# Subtypes that are still a person posting something new; every other one (edits, deletions, joins,
# bot_message, channel topic changes, ...) is left alone.
ANSWERED_SUBTYPES = {None, "file_share", "thread_broadcast"}


def is_from_bot(event: dict[str, Any], identity: BotIdentity) -> bool:
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype") == "bot_message"
        or (identity.user_id and event.get("user") == identity.user_id)
    )


def is_person_posting(event: dict[str, Any], identity: BotIdentity) -> bool:
    return (
        event.get("subtype") in ANSWERED_SUBTYPES
        and not is_from_bot(event, identity)
        and bool(event.get("user"))
        and bool(event.get("ts"))
        and bool(event.get("channel"))
    )


def claim_keys(body: dict[str, Any], channel: str, ts: str, *, answer: str = "reply") -> list[str]:
    """An event id (Slack's retries) and the message (twin events, other surfaces) get one ``answer``."""
    keys = [f"{answer}:{channel}:{ts}"]
    if body.get("event_id"):
        keys.insert(0, f"event:{body['event_id']}")
    return keys


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("message")
    async def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        if not is_person_posting(event, deps.identity):
            return
        if event.get("channel_type") == "im":
            await direct_message(deps, body, event)
        else:
            await channel_message(deps, body, event)


async def channel_message(deps: Deps, body: dict[str, Any], event: dict[str, Any]) -> None:
    text = str(event.get("text") or "")
    if deps.identity.user_id and f"<@{deps.identity.user_id}" in text:
        return  # the app_mention twin of this post answers it
    found = extract(text, limit=deps.settings.max_ids_per_message)
    if not found.ids:
        return
    place = ThreadPlace.of(event)

    async def tell() -> None:
        await say_in_thread(
            deps, channel=place.channel, thread_ts=place.thread_ts, text=sorry_text(found.ids)
        )

    async with guarded(deps, "automatic reply", tell):
        settings = await deps.store.channel_settings(place.channel)
        if settings.mode != "thread":
            return
        resolving = start_resolving(deps, found.ids)
        if not await deps.store.claim(
            claim_keys(body, place.channel, str(event["ts"])), deps.tuning.claim_ttl
        ):
            return  # a retry or a twin: the lookup just warms the cache for the one that answers
        await cite_in_thread(
            deps,
            channel=place.channel,
            thread_ts=place.thread_ts,
            ids=found.ids,
            style=settings.style or deps.settings.default_style,
            dropped=found.dropped,
            resolving=resolving,
        )


async def direct_message(deps: Deps, body: dict[str, Any], event: dict[str, Any]) -> None:
    text = str(event.get("text") or "")
    ask = read_ask(text, explicit=True, limit=deps.settings.max_ids_per_message)
    channel = str(event["channel"])
    thread_ts = event.get("thread_ts")

    async def tell() -> None:
        await say_in_thread(deps, channel=channel, thread_ts=thread_ts, text=sorry_text(ask.ids))

    async with guarded(deps, "direct message", tell):
        resolving = start_resolving(deps, ask.ids) if ask.ids else None
        if not await deps.store.claim(claim_keys(body, channel, str(event["ts"])), deps.tuning.claim_ttl):
            return
        if not await answer_ask(
            deps, ask, channel=channel, thread_ts=thread_ts, style_of=None, upload=False, resolving=resolving
        ):
            await say_in_thread(deps, channel=channel, thread_ts=thread_ts, text=short_help())


async def answer_ask(
    deps: Deps,
    ask: Ask,
    *,
    channel: str,
    thread_ts: str | None,
    style_of: str | None,
    upload: bool,
    resolving: Awaitable[list[Result]] | None,
) -> bool:
    """Answer an explicit request (a direct message, ``@citebot``): help, or the cards of its ids (in the style
    it names, else ``style_of``'s channel style, with a note when the word it named is no style). False when
    it asked for neither (the caller decides)."""
    if ask.wants_help:
        await say_in_thread(deps, channel=channel, thread_ts=thread_ts, text=help_text())
    elif ask.ids:
        style = ask.style or await channel_style(deps, style_of)
        await cite_in_thread(
            deps,
            channel=channel,
            thread_ts=thread_ts,
            ids=ask.ids,
            style=style,
            dropped=ask.dropped,
            upload=upload,
            resolving=resolving,
            remarks=unknown_style_remarks(ask, style),
        )
    else:
        return False
    return True
