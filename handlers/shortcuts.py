"""Message shortcut "Cite references" (callback ``cite_references``): the ids of any message, ephemerally."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.identifiers import extract
from handlers.deps import Deps
from handlers.parsing import NO_IDS
from handlers.replies import channel_style, cite_ephemeral, guarded, say_ephemeral, sorry_text

CALLBACK_ID = "cite_references"


def register(app: AsyncApp, deps: Deps) -> None:
    @app.message_shortcut(CALLBACK_ID)
    async def cite_references(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await shortcut(deps, body)


async def shortcut(deps: Deps, body: dict[str, Any]) -> None:
    message = body.get("message") or {}
    response_url = str(body.get("response_url") or "")
    channel = (body.get("channel") or {}).get("id")
    found = extract(str(message.get("text") or ""), limit=deps.settings.max_ids_per_message)

    async def tell() -> None:
        await say_ephemeral(deps, response_url, sorry_text(found.ids))

    async with guarded(deps, "message shortcut", tell if response_url else None):
        if not found.ids:
            await say_ephemeral(deps, response_url, NO_IDS)
            return
        await cite_ephemeral(
            deps,
            response_url=response_url,
            ids=found.ids,
            style=await channel_style(deps, channel),
            dropped=found.dropped,
            post_thread_ts=message.get("thread_ts") or message.get("ts"),
        )
