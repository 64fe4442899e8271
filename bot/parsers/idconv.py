"""PMC ID Converter JSON → id records (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IdRecord:
    requested: str
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    error: str | None = None


def parse_idconv(body: bytes) -> list[IdRecord]:
    raise NotImplementedError
