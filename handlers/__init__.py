"""Slack listeners: thin, registered in one place; each hands the work to ``handlers.replies``."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from handlers.deps import Deps


async def _ignore_event() -> None:
    """Events the app is subscribed to or sent but has no use for (Bolt acks events itself)."""


def register(app: AsyncApp, deps: Deps) -> None:
    from handlers import actions, commands, mentions, messages, shortcuts, unfurls

    for module in (commands, messages, mentions, unfurls, actions, shortcuts):
        module.register(app, deps)
    # Last, so every listener above wins: any other event is acknowledged quietly instead of being logged as
    # "unhandled" (and answered 404, which makes Slack retry it).
    app.event(re.compile(".*"))(_ignore_event)
