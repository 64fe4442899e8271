"""PMC ID Converter: PMCIDs (or PMIDs, DOIs) → the article's PMID, PMCID and DOI.

Up to 200 ids of one type per request (callers keep one ``Batcher`` per id type). It answers only for
articles in PMC; an id it does not know comes back as a record with an error, which we treat as not found.
Counted against the NCBI request budget like E-utilities.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.http import HttpClient, HttpResponse, Upstream, UpstreamRejected
from bot.parsers.idconv import IdRecord, parse_idconv
from bot.ratelimit import RateLimiter
from bot.settings import Settings
from bot.sources import base_url, chunks, ncbi_params

IDCONV = Upstream("idconv", "The PMC ID Converter")

IDCONV_BATCH = 200


def _key(value: str | None) -> str | None:
    """Keys as the resolver asks: PMCIDs upper-case without version, DOIs lower-case."""
    if not value:
        return None
    value = value.strip()
    if value.upper().startswith("PMC"):
        return value.upper().split(".", 1)[0]
    return value.lower() if value.startswith("10.") else value


class IdConvSource:
    upstream = IDCONV
    max_batch = IDCONV_BATCH

    def __init__(self, http: HttpClient, settings: Settings, limiter: RateLimiter) -> None:
        self.http = http
        self.url = base_url(settings.idconv_url)
        # The converter takes tool and email but not the E-utilities api_key.
        self.identity = {k: v for k, v in ncbi_params(settings).items() if k != "api_key"}
        self.limiter = limiter

    async def fetch(self, keys: Sequence[str]) -> dict[str, IdRecord]:
        found: dict[str, IdRecord] = {}
        for part in await asyncio.gather(*(self._convert(c) for c in chunks(keys, IDCONV_BATCH))):
            found.update(part)
        return found

    async def _convert(self, ids: list[str]) -> dict[str, IdRecord]:
        params = {"ids": ",".join(ids), "format": "json", "versions": "no", **self.identity}

        def parse(response: HttpResponse) -> list[IdRecord]:
            if response.status != 200:
                raise UpstreamRejected(IDCONV, f"HTTP {response.status}")
            return parse_idconv(response.body)

        records = await self.http.request(
            IDCONV, "GET", self.url, params=params, limiter=self.limiter, parse=parse
        )
        wanted = set(ids)
        found: dict[str, IdRecord] = {}
        for record in records:
            if record.error or not (record.pmid or record.pmcid or record.doi):
                continue
            # Match on what was asked; older answers lack "requested-id", so the ids themselves count too.
            for candidate in (record.requested, record.pmcid, record.pmid, record.doi):
                key = _key(candidate)
                if key is not None and key in wanted and key not in found:
                    found[key] = record
        return found
