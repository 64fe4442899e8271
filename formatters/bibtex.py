"""BibTeX export (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import Reference


def to_bibtex(refs: Sequence[Reference]) -> str:
    raise NotImplementedError
