"""PubMed through NCBI E-utilities: efetch (records by PMID) and esearch (PMIDs by DOI).

efetch takes up to 200 PMIDs per request; a chunk goes as GET while its URL stays short and as a form POST
otherwise (NCBI asks for POST beyond ~200 ids, and long URLs are refused by proxies), so n PMIDs always cost
⌈n/200⌉ requests. An id missing from the answer's PubmedArticleSet is not in PubMed; an ``<ERROR>`` inside
HTTP 200 or a malformed body is retried by the HTTP client (the parser raises ``UpstreamBodyError``).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.http import HttpClient, HttpResponse, Upstream, UpstreamRejected
from bot.models import Reference
from bot.parsers.pubmed import parse_efetch, parse_esearch_ids
from bot.ratelimit import RateLimiter
from bot.settings import Settings
from bot.sources import base_url, chunks, ncbi_params

PUBMED = Upstream("pubmed", "PubMed")

EFETCH_BATCH = 200
ESEARCH_BATCH = 20  # DOIs OR-ed into one esearch term
GET_MAX_QUERY_CHARS = 1500  # longer id lists go as a POST body


T = TypeVar("T")


async def _eutils_request(
    http: HttpClient,
    url: str,
    params: dict[str, str],
    long_value: str,
    limiter: RateLimiter,
    parse_body: Callable[[bytes], T],
) -> T:
    """One E-utilities call: GET while ``long_value`` (the id list or term) keeps the URL short, else a form
    POST; anything but HTTP 200 is a refusal, and ``parse_body`` errors are retried by the HTTP client."""
    method = "GET" if len(long_value) <= GET_MAX_QUERY_CHARS else "POST"

    def parse(response: HttpResponse) -> T:
        if response.status != 200:
            raise UpstreamRejected(PUBMED, f"HTTP {response.status}")
        return parse_body(response.body)

    return await http.request(
        PUBMED,
        method,
        url,
        params=params if method == "GET" else None,
        data=params if method == "POST" else None,
        limiter=limiter,
        parse=parse,
    )


class PubMedSource:
    """PMIDs → PubMed records (efetch, XML)."""

    upstream = PUBMED
    max_batch = EFETCH_BATCH

    def __init__(self, http: HttpClient, settings: Settings, limiter: RateLimiter) -> None:
        self.http = http
        self.url = base_url(settings.pubmed_url) + "efetch.fcgi"
        self.identity = ncbi_params(settings)
        self.limiter = limiter

    async def fetch(self, keys: Sequence[str]) -> dict[str, Reference]:
        found: dict[str, Reference] = {}
        for part in await asyncio.gather(*(self._efetch(chunk) for chunk in chunks(keys, EFETCH_BATCH))):
            found.update(part)
        return found

    async def _efetch(self, pmids: list[str]) -> dict[str, Reference]:
        ids = ",".join(pmids)
        params = {"db": "pubmed", "retmode": "xml", "id": ids, **self.identity}
        refs = await _eutils_request(self.http, self.url, params, ids, self.limiter, parse_efetch)
        wanted = set(pmids)
        found: dict[str, Reference] = {}
        for ref in refs:
            if ref.PMID in wanted and ref.PMID not in found:
                if "pubmed" not in ref.sources:
                    ref.sources.append("pubmed")
                found[ref.PMID] = ref
        return found


@dataclass(frozen=True, slots=True)
class DoiHits:
    """PMIDs an esearch for DOIs returned, and the DOIs searched together (in term order)."""

    pmids: tuple[str, ...]
    batch: tuple[str, ...]

    @property
    def exact(self) -> bool:
        """The search was for this DOI alone, so its PMIDs are this DOI's."""
        return len(self.batch) == 1


_PLAIN_DOI = re.compile(r"^[A-Za-z0-9._/-]+$")


def doi_term(doi: str) -> str:
    """``10.1038/x[doi]``; quoted when the DOI holds characters PubMed's query syntax would read
    (parentheses, brackets, spaces, ...), as in ``"10.1016/S0140-6736(20)30183-5"[doi]``."""
    return f"{doi}[doi]" if _PLAIN_DOI.match(doi) else f'"{doi}"[doi]'


class PubMedDoiSearch:
    """DOIs → candidate PMIDs (esearch ``<doi>[doi]``, several DOIs OR-ed into one request).

    An OR-ed search does not say which PMID matched which DOI, so every DOI of the batch gets all the PMIDs
    as candidates; the resolver fetches them (one coalesced efetch) and keeps the record carrying the DOI.
    Every searched DOI is in the answer, with no PMIDs when nothing matched.
    """

    upstream = PUBMED
    max_batch = ESEARCH_BATCH

    def __init__(self, http: HttpClient, settings: Settings, limiter: RateLimiter) -> None:
        self.http = http
        self.url = base_url(settings.pubmed_url) + "esearch.fcgi"
        self.identity = ncbi_params(settings)
        self.limiter = limiter

    async def fetch(self, keys: Sequence[str]) -> dict[str, DoiHits]:
        found: dict[str, DoiHits] = {}
        # A quote would end the phrase early; such DOIs are left to Crossref.
        searchable = [doi for doi in keys if '"' not in doi]
        for part in await asyncio.gather(*(self._esearch(c) for c in chunks(searchable, ESEARCH_BATCH))):
            found.update(part)
        return found

    async def _esearch(self, dois: list[str]) -> dict[str, DoiHits]:
        term = " OR ".join(doi_term(doi) for doi in dois)
        params = {
            "db": "pubmed",
            "term": term,
            "retmax": str(min(1000, 5 * len(dois))),
            **self.identity,
        }
        pmids = await _eutils_request(self.http, self.url, params, term, self.limiter, parse_esearch_ids)
        hits = DoiHits(tuple(dict.fromkeys(pmids)), tuple(dois))
        return dict.fromkeys(dois, hits)
