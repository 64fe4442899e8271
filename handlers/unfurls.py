"""``link_shared`` for article links → ``chat.unfurl`` with a compact card instead of Slack's generic preview."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.identifiers import extract
from bot.models import Reference
from formatters import blocks as kit
from handlers.deps import Deps
from handlers.messages import claim_keys
from handlers.replies import guarded

log = logging.getLogger("citebot.unfurls")

UNFURL_DOMAINS = (
    "pubmed.ncbi.nlm.nih.gov",
    "doi.org",
    "dx.doi.org",
    "www.ncbi.nlm.nih.gov",
    "pmc.ncbi.nlm.nih.gov",
)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("link_shared")
    async def on_link_shared(body: dict[str, Any], event: dict[str, Any]) -> None:
        await unfurl(deps, body, event)


async def unfurl(deps: Deps, body: dict[str, Any], event: dict[str, Any]) -> None:
    channel, ts = str(event.get("channel") or ""), str(event.get("message_ts") or "")
    if not ts or channel == "COMPOSER":
        # A link still in the composer has no message yet: its unfurl id is what must be answered once.
        ts = str(event.get("unfurl_id") or ts)
    wanted: list[tuple[str, Any]] = []
    for link in event.get("links") or []:
        url = str(link.get("url") or "")
        if str(link.get("domain") or "").lower() not in UNFURL_DOMAINS:
            continue
        found = extract(url, limit=1).ids
        if found:
            wanted.append((url, found[0]))
    if not wanted:
        return
    # An unfurl that fails stays Slack's own preview: nothing to tell the user.
    async with guarded(deps, "unfurl", None):
        keys = claim_keys(body, channel, ts, answer="unfurl")
        settings = await deps.store.channel_settings(channel)
        if settings.mode == "off" or not await deps.store.claim(keys, deps.tuning.claim_ttl):
            return
        style = settings.style or deps.settings.default_style
        results = await deps.resolver.resolve([identifier for _, identifier in wanted])
        unfurls = {
            url: kit.unfurl_card(result, style)
            for (url, _), result in zip(wanted, results, strict=True)
            if isinstance(result, Reference)
        }
        log.info("unfurl %s/%s: %d of %d link(s)", channel, ts, len(unfurls), len(wanted))
        if not unfurls:
            return
        args: dict[str, Any] = {"unfurls": unfurls}
        if channel and event.get("message_ts") and channel != "COMPOSER":
            args.update(channel=channel, ts=ts)
        else:  # a link still in the message composer is addressed by its unfurl id
            args.update(unfurl_id=event.get("unfurl_id"), source=event.get("source") or "composer")
        await deps.client.chat_unfurl(**args)
