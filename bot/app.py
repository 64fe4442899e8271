"""Slack app wiring (placeholder until the Slack issue lands)."""

from __future__ import annotations

import sys

from bot.settings import Settings


def serve(settings: Settings, mode: str | None = None) -> int:
    print("citebot serve: the Slack app is not built yet; try `citebot --help`.", file=sys.stderr)
    return 1
