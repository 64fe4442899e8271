"""What every listener needs, built once by ``bot.app.build_app`` and passed to ``handlers.register``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.models import Identifier, Result
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger("citebot.handlers")
T = TypeVar("T")


class ResolverLike(Protocol):
    async def resolve(self, ids: Sequence[Identifier]) -> list[Result]: ...


@dataclass(frozen=True)
class Tuning:
    """Timing and size knobs; tests shorten the delays."""

    # Waits before each new attempt when an upstream is not answering; then a final word.
    retry_delays: tuple[float, ...] = (5.0, 15.0, 40.0)
    claim_ttl: float = 24 * 3600.0  # how long an event id / message is remembered as answered
    thread_id_limit: int = 100  # ids gathered from one thread for a bibliography
    # Messages read from one thread (conversations.replies pages of up to 200): a runaway thread, or a
    # cursor that never ends, must not keep a bibliography request reading forever.
    thread_message_limit: int = 1000


@dataclass
class BotIdentity:
    """Who we are in the workspace (from ``auth.test``): our own posts are never answered."""

    user_id: str | None = None
    bot_id: str | None = None
    team_id: str | None = None
    retry_at: float = 0.0  # loop time before which a failed ``auth.test`` is not asked again


class TaskTracker:
    """Keeps background work referenced (so it is not garbage-collected) and lets tests wait for quiet."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(self._run(coro, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def start(self, coro: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T]:
        """Run ``coro`` beside the caller (its result is awaited later, or it just fills a cache)."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        self._active += 1
        self._idle.clear()

        def done(finished: asyncio.Task[T]) -> None:
            self._tasks.discard(finished)
            self._active -= 1
            if self._active == 0:
                self._idle.set()

        task.add_done_callback(done)
        return task

    async def _run(self, coro: Coroutine[Any, Any, Any], name: str) -> None:
        async with self.active():
            try:
                await coro
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background task %s failed", name)

    @asynccontextmanager
    async def active(self) -> AsyncIterator[None]:
        self._active += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._active -= 1
            if self._active == 0:
                self._idle.set()

    async def idle(self, within: float = 10.0) -> None:
        """Wait until no listener body and no background task is running."""
        for _ in range(3):  # let just-acknowledged listeners start
            await asyncio.sleep(0)
        await asyncio.wait_for(self._idle.wait(), within)

    async def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


@dataclass
class Deps:
    settings: Settings
    resolver: ResolverLike
    store: Store
    client: AsyncWebClient
    http: aiohttp.ClientSession | None
    identity: BotIdentity = field(default_factory=BotIdentity)
    tuning: Tuning = field(default_factory=Tuning)
    tasks: TaskTracker = field(default_factory=TaskTracker)
