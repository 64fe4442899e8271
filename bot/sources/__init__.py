"""Upstreams: one module each (pubmed, idconv, crossref, datacite) behind the one ``Source`` interface.

A source looks up many keys in as few requests as its upstream allows and returns what it found by key;
an absent key was not found. ``Batcher`` sits in front of a source: lookups of the same key share one
request (coalescing) and lookups that arrive within a short window are merged into one call (batching).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from typing import Generic, Protocol, TypeVar
from urllib.parse import quote

from bot.http import Upstream
from bot.settings import Settings

V = TypeVar("V")


class Source(Protocol[V]):
    upstream: Upstream
    max_batch: int  # keys per call that still fit in one upstream request

    async def fetch(self, keys: Sequence[str]) -> dict[str, V]:
        """Look up ``keys`` (already normalised); the answer holds the keys that were found."""
        ...


def chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def ncbi_params(settings: Settings) -> dict[str, str]:
    """``tool`` and ``email`` on every NCBI request (and ``api_key`` when there is one)."""
    params = {"tool": settings.tool_name}
    if settings.contact_email:
        params["email"] = settings.contact_email
    if settings.ncbi_api_key:
        params["api_key"] = settings.ncbi_api_key
    return params


def doi_path(doi: str) -> str:
    """A DOI as a URL path: its slashes stay (both APIs route on them), everything unsafe is %-escaped."""
    return quote(doi, safe="/")


def base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class Batcher(Generic[V]):
    """Coalesces and batches lookups in front of a ``Source``.

    The first lookup opens a window of ``window`` seconds; every key asked for meanwhile (by any caller)
    goes out in the same ``fetch``, which is sent early when ``max_batch`` keys are waiting. A key already
    waiting or in flight is not asked for again: its callers share the answer.

    At most ``max_in_flight`` fetches run at once. Under load (more lookups than the upstream's rate limit
    lets through) new keys therefore gather into the next batch instead of queueing one request each
    behind the limiter, so latency stays bounded and NCBI sees few, full requests.
    """

    def __init__(
        self,
        source: Source[V],
        *,
        window: float = 0.01,
        max_batch: int | None = None,
        max_in_flight: int = 3,
    ) -> None:
        self.source = source
        self.window = window
        self.max_batch = max_batch or source.max_batch
        self.max_in_flight = max_in_flight
        self._running = 0
        self._pending: dict[str, asyncio.Future[V | None]] = {}
        self._in_flight: dict[str, asyncio.Future[V | None]] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def get(self, key: str) -> V | None:
        """The source's answer for ``key``, None when not found; raises what the source raised."""
        future = self._pending.get(key) or self._in_flight.get(key)
        if future is None:
            loop = asyncio.get_running_loop()
            future = loop.create_future()
            self._pending[key] = future
            if len(self._pending) >= self.max_batch:
                self._flush()
            elif self._timer is None:
                self._timer = loop.call_later(self.window, self._flush)
        # A caller that gives up (deadline) must not cancel the answer the others are waiting for.
        return await asyncio.shield(future)

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._pending and self._running < self.max_in_flight:
            keys = list(self._pending)[: self.max_batch]
            batch = {key: self._pending.pop(key) for key in keys}
            self._in_flight.update(batch)
            self._running += 1
            task = asyncio.get_running_loop().create_task(self._run(batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        # Whatever is left waits for a running fetch to finish (see ``_run``).

    async def _run(self, batch: dict[str, asyncio.Future[V | None]]) -> None:
        try:
            found = await self.source.fetch(list(batch))
        except BaseException as exc:
            for future in batch.values():
                if not future.done():
                    if isinstance(exc, asyncio.CancelledError):
                        future.cancel()
                    else:
                        future.set_exception(exc)
                        future.exception()  # retrieved: callers that gave up must not log "never retrieved"
            if not isinstance(exc, Exception):
                raise
        else:
            for key, future in batch.items():
                if not future.done():
                    future.set_result(found.get(key))
        finally:
            for key, future in batch.items():
                if self._in_flight.get(key) is future:
                    del self._in_flight[key]
            self._running -= 1
            if self._pending and self._timer is None:
                self._flush()

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
