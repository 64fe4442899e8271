"""Resolved results by identifier key: a small async ``Cache`` interface and an in-memory TTL cache.

The resolver stores a ``Reference`` for a hit (long TTL) and a ``not_found`` ``Problem`` for a miss (short TTL:
a record can appear in PubMed an hour after a paper is announced); it never stores "upstream unavailable".
A Redis-backed cache can replace ``MemoryCache`` later by implementing the same three methods (values are
pydantic models, so they pickle).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from bot.models import Problem, Reference

CachedResult = Reference | Problem

HIT_TTL = 24 * 3600.0
NOT_FOUND_TTL = 10 * 60.0


@runtime_checkable
class Cache(Protocol):
    async def get(self, key: str) -> CachedResult | None:
        """The stored value, or None when absent or expired."""
        ...

    async def set(self, key: str, value: CachedResult, ttl: float) -> None: ...

    async def delete(self, key: str) -> None: ...


class MemoryCache:
    """Process-local TTL cache with a size bound (least recently used entries go first)."""

    def __init__(self, max_entries: int = 50_000, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, CachedResult]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, key: str) -> CachedResult | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: CachedResult, ttl: float) -> None:
        if ttl <= 0:
            return
        self._entries[key] = (self._clock() + ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def delete(self, key: str) -> None:
        self._entries.pop(key, None)
