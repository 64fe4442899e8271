"""Crossref REST API: works by DOI.

One DOI is asked for at ``/works/{doi}``; several go in one ``/works?filter=doi:A,doi:B&rows=N`` request, and
a DOI the filter did not return, a DOI with a comma (which the filter syntax cannot carry) or a batch Crossref
refuses falls back to ``/works/{doi}`` one by one. ``mailto`` puts us
in the polite pool; a semaphore bounds concurrent requests and the ``x-rate-limit-limit`` /
``x-rate-limit-interval`` headers of each answer retune the limiter (never above our own ceiling).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from bot.http import HttpClient, HttpResponse, Upstream, UpstreamRejected
from bot.models import Reference
from bot.parsers.crossref import parse_crossref
from bot.ratelimit import RateLimiter, SlidingWindowLimiter
from bot.settings import Settings
from bot.sources import base_url, chunks, doi_path

CROSSREF = Upstream("crossref", "Crossref")

CROSSREF_BATCH = 40
CROSSREF_CONCURRENCY = 3
CROSSREF_MAX_RATE = 10  # requests per second we allow ourselves, whatever the headers say

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")


def announced_budget(headers: dict[str, str] | object) -> tuple[int, float] | None:
    """``(limit, seconds)`` from Crossref's ``x-rate-limit-*`` headers, None when absent or odd."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    limit, interval = get("x-rate-limit-limit"), get("x-rate-limit-interval")
    if not limit or not interval or not str(limit).strip().isdigit():
        return None
    match = _INTERVAL.match(str(interval))
    if not match:
        return None
    seconds = float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[match.group(2) or "s"]
    if int(limit) < 1 or seconds <= 0:
        return None
    return int(limit), seconds


class CrossrefSource:
    upstream = CROSSREF
    max_batch = CROSSREF_BATCH

    def __init__(
        self,
        http: HttpClient,
        settings: Settings,
        limiter: RateLimiter | None = None,
        *,
        concurrency: int = CROSSREF_CONCURRENCY,
    ) -> None:
        self.http = http
        self.url = base_url(settings.crossref_url) + "works"
        self.identity = {"mailto": settings.contact_email} if settings.contact_email else {}
        self.limiter: RateLimiter = limiter or SlidingWindowLimiter(CROSSREF_MAX_RATE)
        self._slots = asyncio.Semaphore(concurrency)

    async def fetch(self, keys: Sequence[str]) -> dict[str, Reference]:
        batchable = [doi for doi in keys if "," not in doi]
        singles = [doi for doi in keys if "," in doi]
        jobs = [self._filter(chunk) for chunk in chunks(batchable, CROSSREF_BATCH)]
        jobs += [self._single(doi) for doi in singles]
        found: dict[str, Reference] = {}
        for part in await asyncio.gather(*jobs):
            found.update(part)
        return found

    def _obey(self, response: HttpResponse) -> None:
        budget = announced_budget(response.headers)
        if budget and isinstance(self.limiter, SlidingWindowLimiter):
            limit, seconds = budget
            self.limiter.update(min(limit, max(1, int(CROSSREF_MAX_RATE * seconds))), seconds)

    async def _get(self, url: str, params: dict[str, str], *, allow_404: bool) -> list[Reference]:
        def parse(response: HttpResponse) -> list[Reference]:
            self._obey(response)
            if response.status == 404 and allow_404:
                return []
            if response.status != 200:
                raise UpstreamRejected(CROSSREF, f"HTTP {response.status}")
            return parse_crossref(response.body)

        async with self._slots:
            return await self.http.request(
                CROSSREF, "GET", url, params=params, limiter=self.limiter, parse=parse
            )

    async def _filter(self, dois: list[str]) -> dict[str, Reference]:
        if len(dois) == 1:
            return await self._single(dois[0])  # the canonical route for one work
        params = {
            "filter": ",".join(f"doi:{doi}" for doi in dois),
            "rows": str(len(dois)),
            **self.identity,
        }
        try:
            works = await self._get(self.url, params, allow_404=False)
        except UpstreamRejected:
            # One odd DOI can make Crossref refuse the whole filter: ask for each on its own.
            return await self._each(dois)
        wanted = set(dois)
        found = {ref.DOI.lower(): _tagged(ref) for ref in works if ref.DOI and ref.DOI.lower() in wanted}
        # A DOI the filter did not return is asked for on its own before it counts as absent: the filter
        # index can lag behind /works/{doi}, and a work listed under an alias DOI is only found there.
        found.update(await self._each([doi for doi in dois if doi not in found]))
        return found

    async def _each(self, dois: Sequence[str]) -> dict[str, Reference]:
        found: dict[str, Reference] = {}
        for part in await asyncio.gather(*(self._single(doi) for doi in dois)):
            found.update(part)
        return found

    async def _single(self, doi: str) -> dict[str, Reference]:
        works = await self._get(f"{self.url}/{doi_path(doi)}", dict(self.identity), allow_404=True)
        return {doi: _tagged(works[0])} if works else {}


def _tagged(ref: Reference) -> Reference:
    if "crossref" not in ref.sources:
        ref.sources.append("crossref")
    return ref
