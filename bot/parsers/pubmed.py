"""PubMed efetch XML → References (placeholder)."""

from __future__ import annotations

from bot.models import Reference


def parse_efetch(body: bytes) -> list[Reference]:
    raise NotImplementedError


def parse_esearch_ids(body: bytes) -> list[str]:
    raise NotImplementedError
