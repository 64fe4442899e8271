"""One shared aiohttp session for every upstream, with the etiquette in one place.

``HttpClient.request`` sends one logical request and returns what its ``parse`` callback makes of the answer.
It waits for the upstream's rate limiter before *every* attempt (retries count against NCBI's budget too),
bounds each attempt with a timeout, caps the body size, and retries with exponential backoff and jitter on
timeouts, connection errors, truncated transfers, 5xx, 429 (honouring ``Retry-After`` when given; NCBI gives
none) and bodies ``parse`` rejects with ``UpstreamBodyError`` (an ``<ERROR>`` inside HTTP 200, malformed or
truncated XML/JSON). When the tries or the caller's deadline run out it raises ``UpstreamUnavailable``,
whose ``user_message`` says which upstream and what happened.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

import aiohttp
from yarl import URL

from bot.parsers import UpstreamBodyError
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT_BASE = "citebot/0.1"
MAX_BODY_BYTES = 32 * 1024 * 1024  # 200 efetch records with reference lists stay well under this


def user_agent(contact_email: str | None) -> str:
    return f"{USER_AGENT_BASE} (mailto:{contact_email})" if contact_email else USER_AGENT_BASE


@dataclass(frozen=True, slots=True)
class Upstream:
    """Who we are talking to: ``name`` for logs and records, ``label`` for messages to users."""

    name: str
    label: str


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class UpstreamError(Exception):
    def __init__(self, upstream: Upstream, reason: str, tries: int = 1) -> None:
        super().__init__(f"{upstream.name}: {reason} ({tries} tries)")
        self.upstream = upstream
        self.reason = reason
        self.tries = tries


class UpstreamUnavailable(UpstreamError):
    """No usable answer after every try (or before the caller's deadline)."""

    @property
    def user_message(self) -> str:
        tries = "1 try" if self.tries == 1 else f"{self.tries} tries"
        return f"{self.upstream.label} is not answering right now ({self.reason} after {tries})."


class UpstreamRejected(UpstreamError):
    """The upstream refused the request itself (a 4xx other than 404/429): retrying would not help."""

    @property
    def user_message(self) -> str:
        return f"{self.upstream.label} refused the request ({self.reason})."


class ResponseTooLarge(Exception):
    pass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try. Defaults fit three tries and their pauses inside an 8-second resolve budget."""

    tries: int = 3
    attempt_timeout: float = 2.4
    backoff_base: float = 0.1
    backoff_max: float = 1.0
    retry_after_max: float = 5.0

    def backoff_ceiling(self, failures: int) -> float:
        return min(self.backoff_max, self.backoff_base * 2.0 ** (failures - 1))

    def backoff(self, failures: int) -> float:
        """Exponential with jitter: about base·2^(n-1), scattered over its upper half."""
        return self.backoff_ceiling(failures) * (0.5 + random.random() / 2)  # jitter, not security


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class _Attempt:
    reason: str = ""
    retry_after: float | None = None


class HttpClient:
    """The one aiohttp session of a process (or of a Resolver), shared by every source."""

    def __init__(
        self,
        *,
        contact_email: str | None = None,
        policy: RetryPolicy | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        connector_limit: int = 32,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.max_body_bytes = max_body_bytes
        self.user_agent = user_agent(contact_email)
        self._connector_limit = connector_limit
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"User-Agent": self.user_agent},
                # Per-attempt limits are applied in ``request``; the session itself never gives up on its own.
                timeout=aiohttp.ClientTimeout(total=None),
                connector=aiohttp.TCPConnector(limit=self._connector_limit, ttl_dns_cache=300),
            )
        return self._session

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def request(
        self,
        upstream: Upstream,
        method: str,
        url: str | URL,
        *,
        parse: Callable[[HttpResponse], T],
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        limiter: RateLimiter | None = None,
        deadline: float | None = None,
    ) -> T:
        """Send until ``parse`` accepts an answer; raise ``UpstreamUnavailable`` when tries or time run out.

        ``parse`` sees every answer that is not a 5xx or 429 (so a source decides what 404 means) and raises
        ``UpstreamBodyError`` for a body worth retrying or ``UpstreamRejected`` for a refusal. ``deadline`` is
        a ``loop.time()`` after which no attempt starts or continues.
        """
        loop = asyncio.get_running_loop()
        policy = self.policy
        attempt = _Attempt()
        tries = 0
        while tries < policy.tries:
            remaining = float("inf") if deadline is None else deadline - loop.time()
            if remaining <= 0:
                break
            if limiter is not None:
                await limiter.acquire()
            tries += 1
            attempt = _Attempt()
            try:
                async with asyncio.timeout(min(policy.attempt_timeout, remaining)):
                    response = await self._send(method, url, params=params, data=data)
            except TimeoutError:
                attempt.reason = "timed out"
            except aiohttp.ClientPayloadError:
                attempt.reason = "the answer was cut off"
            except aiohttp.ClientConnectionError as exc:
                attempt.reason = (
                    "connection failed"
                    if not isinstance(exc, aiohttp.ServerDisconnectedError)
                    else "connection dropped"
                )
            except ResponseTooLarge:
                raise UpstreamUnavailable(upstream, "answer too large", tries) from None
            else:
                if response.status == 429 or response.status >= 500:
                    attempt.reason = f"HTTP {response.status}"
                    attempt.retry_after = parse_retry_after(response.headers.get("Retry-After"))
                else:
                    try:
                        return parse(response)
                    except UpstreamBodyError as exc:
                        attempt.reason = "unreadable answer"
                        log.info("%s: unusable body from %s: %s", upstream.name, response.url, exc)
            log.info("%s: try %d/%d failed: %s", upstream.name, tries, policy.tries, attempt.reason)
            if tries >= policy.tries:
                break
            pause = policy.backoff(tries)
            if attempt.retry_after is not None:
                pause = max(pause, attempt.retry_after)
                if attempt.retry_after > policy.retry_after_max:
                    break
            if deadline is not None and loop.time() + pause >= deadline:
                break
            await asyncio.sleep(pause)
        raise UpstreamUnavailable(upstream, attempt.reason or "no time left", max(tries, 1))

    async def _send(
        self,
        method: str,
        url: str | URL,
        *,
        params: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
    ) -> HttpResponse:
        async with self.session.request(method, url, params=params, data=data) as resp:
            if resp.content_length is not None and resp.content_length > self.max_body_bytes:
                raise ResponseTooLarge(resp.content_length)
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.content.iter_chunked(64 * 1024):
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise ResponseTooLarge(size)
                chunks.append(chunk)
            return HttpResponse(resp.status, resp.headers, b"".join(chunks), str(resp.url))
