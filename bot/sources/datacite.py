"""DataCite REST API: ``/dois/{doi}`` for DOIs Crossref does not know (datasets, software, arXiv preprints).

arXiv ids resolve through their DataCite DOI ``10.48550/arXiv.<id>``. One request per DOI (the batching
window still coalesces repeats), at most a few at a time and within a modest request rate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.http import HttpClient, HttpResponse, Upstream, UpstreamRejected
from bot.models import Reference
from bot.parsers.datacite import parse_datacite
from bot.ratelimit import RateLimiter, SlidingWindowLimiter
from bot.settings import Settings
from bot.sources import base_url, doi_path

DATACITE = Upstream("datacite", "DataCite")

DATACITE_CONCURRENCY = 3
DATACITE_MAX_RATE = 10


def arxiv_doi(arxiv_id: str) -> str:
    """``1706.03762`` → ``10.48550/arXiv.1706.03762`` (the version, if any, must be stripped before)."""
    return f"10.48550/arXiv.{arxiv_id}"


class DataCiteSource:
    upstream = DATACITE
    max_batch = 20  # keys per fetch; each is its own request

    def __init__(
        self,
        http: HttpClient,
        settings: Settings,
        limiter: RateLimiter | None = None,
        *,
        concurrency: int = DATACITE_CONCURRENCY,
    ) -> None:
        self.http = http
        self.url = base_url(settings.datacite_url) + "dois/"
        self.limiter: RateLimiter = limiter or SlidingWindowLimiter(DATACITE_MAX_RATE)
        self._slots = asyncio.Semaphore(concurrency)

    async def fetch(self, keys: Sequence[str]) -> dict[str, Reference]:
        found: dict[str, Reference] = {}
        for doi, ref in zip(keys, await asyncio.gather(*(self._one(doi) for doi in keys)), strict=True):
            if ref is not None:
                found[doi] = ref
        return found

    async def _one(self, doi: str) -> Reference | None:
        def parse(response: HttpResponse) -> list[Reference]:
            if response.status == 404:
                return []
            if response.status != 200:
                raise UpstreamRejected(DATACITE, f"HTTP {response.status}")
            return parse_datacite(response.body)

        async with self._slots:
            refs = await self.http.request(
                DATACITE, "GET", self.url + doi_path(doi), limiter=self.limiter, parse=parse
            )
        if not refs:
            return None
        ref = refs[0]
        if "datacite" not in ref.sources:
            ref.sources.append("datacite")
        return ref
