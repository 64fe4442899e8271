"""Request budgets per upstream: a small ``RateLimiter`` interface and an in-process sliding window.

NCBI allows at most 3 requests per second (10 with an API key) and counts what arrives, so the limiter
bounds request *starts* in every window of ``period`` seconds, not an average rate: a token bucket would let
a burst of ``capacity`` requests through right after a quiet second. A shared (Redis) limiter can replace
``SlidingWindowLimiter`` later by implementing the same protocol.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol, runtime_checkable

# Network jitter can bring two requests that left us ``period`` apart closer together at the far end;
# a few tens of milliseconds of slack keep the server-side count within the limit.
DEFAULT_SLACK = 0.05


@runtime_checkable
class RateLimiter(Protocol):
    async def acquire(self) -> None:
        """Wait until one more request may start now, and count it."""
        ...


class SlidingWindowLimiter:
    """At most ``max_calls`` starts in any window of ``period`` (+ ``slack``) seconds, first come first served."""

    def __init__(
        self,
        max_calls: int,
        period: float = 1.0,
        *,
        slack: float = DEFAULT_SLACK,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_calls < 1 or period <= 0:
            raise ValueError("max_calls must be >= 1 and period > 0")
        self.max_calls = max_calls
        self.period = period
        self.slack = slack
        self._clock = clock
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()

    def update(self, max_calls: int, period: float) -> None:
        """Adopt a budget an upstream announced (e.g. Crossref's ``x-rate-limit-*`` headers)."""
        if max_calls >= 1 and period > 0:
            self.max_calls, self.period = max_calls, period

    def delay(self) -> float:
        """Seconds until the next start would be allowed (0 when one may start now)."""
        now = self._clock()
        window = self.period + self.slack
        while self._starts and self._starts[0] <= now - window:
            self._starts.popleft()
        if len(self._starts) < self.max_calls:
            return 0.0
        return self._starts[-self.max_calls] + window - now

    async def acquire(self) -> None:
        # The lock keeps waiters in arrival order, so a steady stream cannot starve an early caller.
        async with self._lock:
            # Sleeping until the oldest start leaves the window is exact; there is no event to wait for.
            while (wait := self.delay()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            self._starts.append(self._clock())


class Unlimited:
    """No budget (tests of other parts, or upstreams without a published limit)."""

    async def acquire(self) -> None:
        return None
