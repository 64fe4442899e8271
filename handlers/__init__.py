"""Slack listeners: thin, registered in one place; each hands the work to ``handlers.replies``."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.deps import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    from handlers import actions, commands, mentions, messages, shortcuts, unfurls

    for module in (commands, messages, mentions, unfurls, actions, shortcuts):
        module.register(app, deps)
