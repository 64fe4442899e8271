"""``@citebot``: in a thread, a bibliography of the whole thread; with ids, cards; ``help``; else short help."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.identifiers import extract
from handlers.deps import Deps
from handlers.messages import ANSWERED_SUBTYPES, answer_ask, claim_keys, is_from_bot
from handlers.parsing import read_ask, short_help, strip_mentions, unknown_style_remarks
from handlers.replies import (
    channel_style,
    guarded,
    say_in_thread,
    sorry_text,
    start_resolving,
    thread_bibliography,
)

NO_IDS_IN_THREAD = "I found no PMIDs, DOIs, PMCIDs or arXiv ids in this thread."


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("app_mention")
    async def on_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        if is_from_bot(event, deps.identity) or event.get("subtype") not in ANSWERED_SUBTYPES:
            return
        await mention(deps, body, event)


async def mention(deps: Deps, body: dict[str, Any], event: dict[str, Any]) -> None:
    channel, ts = str(event["channel"]), str(event["ts"])
    thread_ts = str(event.get("thread_ts") or "")
    reply_to = thread_ts or ts
    ask = read_ask(
        strip_mentions(str(event.get("text") or "")), explicit=True, limit=deps.settings.max_ids_per_message
    )

    async def tell() -> None:
        await say_in_thread(deps, channel=channel, thread_ts=reply_to, text=sorry_text(ask.ids))

    async with guarded(deps, "mention", tell):
        resolving = start_resolving(deps, ask.ids) if ask.ids else None
        if not await deps.store.claim(claim_keys(body, channel, ts), deps.tuning.claim_ttl):
            return
        if await answer_ask(
            deps, ask, channel=channel, thread_ts=reply_to, style_of=channel, upload=True, resolving=resolving
        ):
            return
        if not thread_ts or thread_ts == ts:
            await say_in_thread(deps, channel=channel, thread_ts=reply_to, text=short_help())
            return
        texts = await thread_texts(deps, channel, thread_ts)
        found = extract("\n".join(texts), limit=deps.tuning.thread_id_limit)
        if not found.ids:
            await say_in_thread(deps, channel=channel, thread_ts=reply_to, text=NO_IDS_IN_THREAD)
            return
        style = ask.style or await channel_style(deps, channel)
        await thread_bibliography(
            deps,
            channel=channel,
            thread_ts=thread_ts,
            ids=found.ids,
            style=style,
            dropped=found.dropped,
            remarks=unknown_style_remarks(ask, style),
        )


async def thread_texts(deps: Deps, channel: str, thread_ts: str) -> list[str]:
    """The text of every message a person posted in the thread, oldest first (all pages, up to
    ``tuning.thread_message_limit`` messages)."""
    texts: list[str] = []
    cursor: str | None = None
    left = deps.tuning.thread_message_limit
    while left > 0:
        args: dict[str, Any] = {"channel": channel, "ts": thread_ts, "limit": min(200, left)}
        if cursor:
            args["cursor"] = cursor
        page = await deps.client.conversations_replies(**args)
        messages = (page.get("messages") or [])[:left]
        left -= max(len(messages), 1)
        for message in messages:
            if not is_from_bot(message, deps.identity):
                texts.append(strip_mentions(str(message.get("text") or "")))
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor or not page.get("has_more", True):
            break
    return texts
