"""Identifiers in chat text (pure, no I/O). Placeholder: the extraction rules land with the core issue."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import Identifier

MAX_IDS_PER_MESSAGE = 20


@dataclass(frozen=True)
class Extraction:
    """Identifiers in order of first appearance, duplicates removed, capped; ``dropped`` counts the rest."""

    ids: list[Identifier] = field(default_factory=list)
    dropped: int = 0


def extract(text: str, *, explicit: bool = False, limit: int = MAX_IDS_PER_MESSAGE) -> Extraction:
    raise NotImplementedError
