"""The in-memory TTL cache (the resolver's use of it is tested in test_resolver.py)."""

from __future__ import annotations

from bot.cache import Cache, MemoryCache
from bot.models import Problem, Reference


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_values_expire_after_their_ttl() -> None:
    clock = FakeClock()
    cache = MemoryCache(clock=clock)
    hit = Reference(title="A")
    miss = Problem(identifier="pmid:1", code="not_found", message="PMID 1 was not found in PubMed.")
    await cache.set("pmid:2", hit, ttl=100)
    await cache.set("pmid:1", miss, ttl=10)
    clock.now = 9.9
    assert await cache.get("pmid:2") is hit
    assert await cache.get("pmid:1") is miss
    clock.now = 10.0
    assert await cache.get("pmid:1") is None  # the negative entry is gone first
    assert await cache.get("pmid:2") is hit
    clock.now = 100.0
    assert await cache.get("pmid:2") is None
    assert len(cache) == 0


async def test_zero_ttl_stores_nothing_and_delete_removes() -> None:
    cache = MemoryCache()
    await cache.set("a", Reference(title="A"), ttl=0)
    assert await cache.get("a") is None
    await cache.set("b", Reference(title="B"), ttl=60)
    await cache.delete("b")
    await cache.delete("never-there")
    assert await cache.get("b") is None


async def test_size_bound_drops_the_least_recently_used() -> None:
    cache = MemoryCache(max_entries=2)
    await cache.set("a", Reference(title="A"), ttl=60)
    await cache.set("b", Reference(title="B"), ttl=60)
    assert await cache.get("a") is not None  # "a" is now the most recently used
    await cache.set("c", Reference(title="C"), ttl=60)
    assert await cache.get("b") is None
    assert await cache.get("a") is not None
    assert await cache.get("c") is not None


def test_memory_cache_satisfies_the_interface() -> None:
    assert isinstance(MemoryCache(), Cache)
