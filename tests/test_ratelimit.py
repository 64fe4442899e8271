"""The sliding-window limiter: never more than N starts in any window, first come first served."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.ratelimit import RateLimiter, SlidingWindowLimiter, Unlimited


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_delay_counts_starts_in_the_window() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(3, 1.0, slack=0.0, clock=clock)
    for offset in (0.0, 0.1, 0.2):
        clock.now = 100.0 + offset
        assert limiter.delay() == 0.0
        limiter._starts.append(clock.now)
    clock.now = 100.5
    # The fourth start must wait until the first one (t=100.0) has left the 1-second window.
    assert limiter.delay() == pytest.approx(0.5)
    clock.now = 101.0
    assert limiter.delay() == 0.0


def test_update_adopts_an_announced_budget() -> None:
    limiter = SlidingWindowLimiter(10, 1.0)
    limiter.update(2, 0.5)
    assert (limiter.max_calls, limiter.period) == (2, 0.5)
    limiter.update(0, 1.0)  # nonsense is ignored
    assert (limiter.max_calls, limiter.period) == (2, 0.5)


def test_rejects_a_budget_of_nothing() -> None:
    with pytest.raises(ValueError):
        SlidingWindowLimiter(0)


async def test_burst_never_exceeds_the_budget_in_any_window() -> None:
    limiter = SlidingWindowLimiter(3, 0.2, slack=0.01)
    starts: list[float] = []

    async def one() -> None:
        await limiter.acquire()
        starts.append(time.monotonic())

    began = time.monotonic()
    await asyncio.gather(*(one() for _ in range(9)))
    assert len(starts) == 9
    assert _max_in_window(starts, 0.2) <= 3
    # ... and it does not dawdle: 9 starts at 3 per 0.21 s need just over two windows.
    assert time.monotonic() - began < 0.2 * 2 + 0.25


async def test_first_come_first_served() -> None:
    limiter = SlidingWindowLimiter(1, 0.05, slack=0.0)
    order: list[int] = []

    async def one(n: int) -> None:
        await limiter.acquire()
        order.append(n)

    tasks = [asyncio.create_task(one(n)) for n in range(5)]
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3, 4]


def test_implementations_satisfy_the_interface() -> None:
    assert isinstance(SlidingWindowLimiter(3), RateLimiter)
    assert isinstance(Unlimited(), RateLimiter)
