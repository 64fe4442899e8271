"""Crossref /works JSON → References (placeholder)."""

from __future__ import annotations

from bot.models import Reference


def parse_crossref(body: bytes) -> list[Reference]:
    raise NotImplementedError
