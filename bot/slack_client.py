"""The Slack Web API client and the few posting helpers every surface shares.

One ``AsyncWebClient`` (base URL from ``CITEBOT_SLACK_API_URL``) over one aiohttp session, with slack_sdk's
retry handlers so a 429 waits for ``Retry-After`` and a 500/503 is tried again instead of surfacing. Messages
too large for one post are split into several posts in the same thread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.settings import Settings

log = logging.getLogger(__name__)

Block = dict[str, Any]

MAX_BLOCKS_PER_MESSAGE = 50  # Slack rejects more
MAX_BLOCK_CHARS_PER_MESSAGE = 12_000  # well under Slack's payload limits, so a post is never refused
MAX_TEXT_CHARS = 3_000  # the notification/fallback text; Slack truncates long ones anyway


def retry_handlers(max_retries: int = 3) -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=max_retries),
        AsyncRateLimitErrorRetryHandler(max_retry_count=max_retries),
        AsyncServerErrorRetryHandler(max_retry_count=max_retries),
    ]


def make_web_client(settings: Settings, session: aiohttp.ClientSession | None) -> AsyncWebClient:
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        session=session,
        timeout=15,
        retry_handlers=retry_handlers(),
    )


async def respond(session: aiohttp.ClientSession | None, response_url: str, payload: dict[str, Any]) -> bool:
    """POST to a ``response_url`` (ephemeral answers, replace/delete the original) with the same retries."""
    webhook = AsyncWebhookClient(response_url, session=session, timeout=15, retry_handlers=retry_handlers())
    response = await webhook.send_dict(payload)
    if response.status_code != 200:
        log.warning("response_url answered HTTP %s", response.status_code)
        return False
    return True


def _block_chars(block: Block) -> int:
    return len(json.dumps(block, ensure_ascii=False))


def split_blocks(blocks: Sequence[Block]) -> list[list[Block]]:
    """Consecutive groups that each fit in one post (count and size); never drops a block."""
    groups: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        chars = _block_chars(block)
        current = groups[-1]
        if current and (len(current) >= MAX_BLOCKS_PER_MESSAGE or size + chars > MAX_BLOCK_CHARS_PER_MESSAGE):
            # Never start a post with a divider: it would look like an empty card.
            groups.append([])
            size = 0
            if block.get("type") == "divider":
                continue
        groups[-1].append(block)
        size += chars
    return [group for group in groups if group]


def fallback_text(text: str) -> str:
    return text if len(text) <= MAX_TEXT_CHARS else text[: MAX_TEXT_CHARS - 1] + "…"


async def post_message(
    client: AsyncWebClient,
    *,
    channel: str,
    text: str,
    blocks: Sequence[Block],
    thread_ts: str | None = None,
) -> list[str]:
    """Post ``blocks`` as one or more messages (same thread); returns the ``ts`` of each post."""
    posted: list[str] = []
    groups = split_blocks(blocks) or [[]]
    for index, group in enumerate(groups):
        part = text if index == 0 else f"{text} (continued)"
        args: dict[str, Any] = {
            "channel": channel,
            "text": fallback_text(part),
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if group:
            args["blocks"] = group
        if thread_ts:
            args["thread_ts"] = thread_ts
        response = await client.chat_postMessage(**args)
        posted.append(str(response["ts"]))
    return posted


async def update_message(
    client: AsyncWebClient,
    *,
    channel: str,
    ts: str,
    text: str,
    blocks: Sequence[Block],
    thread_ts: str | None = None,
) -> None:
    """Replace a message; what does not fit in it follows as further posts in the thread."""
    groups = split_blocks(blocks) or [[]]
    await client.chat_update(channel=channel, ts=ts, text=fallback_text(text), blocks=groups[0])
    for group in groups[1:]:
        await post_message(
            client, channel=channel, text=f"{text} (continued)", blocks=group, thread_ts=thread_ts or ts
        )
