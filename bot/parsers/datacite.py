"""DataCite /dois JSON → References (placeholder)."""

from __future__ import annotations

from bot.models import Reference


def parse_datacite(body: bytes) -> list[Reference]:
    raise NotImplementedError
