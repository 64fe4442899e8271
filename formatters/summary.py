"""Abstract summary (placeholder)."""

from __future__ import annotations

from bot.models import Reference

DEFAULT_LIMIT = 600


def summarize(ref: Reference, limit: int = DEFAULT_LIMIT) -> str:
    raise NotImplementedError


def full_abstract(ref: Reference) -> str:
    raise NotImplementedError
