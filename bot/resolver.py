"""Identifiers to References (placeholder: the resolver lands with the core issue)."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from bot.models import Identifier, Result
from bot.settings import Settings


class Resolver:
    """Resolves identifiers through cache → PubMed / ID Converter / Crossref / DataCite.

    Use as an async context manager (it owns one aiohttp session). ``resolve`` returns one Reference or
    Problem per identifier, in the same order, and never raises for a bad id.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __aenter__(self) -> Resolver:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        return None

    async def resolve(self, ids: Sequence[Identifier]) -> list[Result]:
        raise NotImplementedError
