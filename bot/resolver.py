"""Identifiers to References: cache → coalescing/batching → PubMed / ID Converter / Crossref / DataCite.

Routes:
- PMID → PubMed efetch.
- DOI → PubMed (esearch ``[doi]`` then efetch) and Crossref asked at once; a PubMed record wins and is
  completed from Crossref where PubMed lacks something; otherwise Crossref; otherwise DataCite. DOIs under
  ``10.48550/`` (arXiv) go straight to DataCite.
- PMCID → ID Converter → PMID → PubMed (or the DOI route when the converter gives only a DOI).
- arXiv id → DataCite ``10.48550/arXiv.<id>``.

Every id yields a ``Reference`` or a ``Problem``, never an exception; an id whose lookup is still running
when the resolve budget (``settings.http_timeout``, 8 s by default) is spent gets an "unavailable" Problem
while the others are returned. Hits are cached for a day, not-found for ten minutes, failures not at all.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import TracebackType

from bot.cache import HIT_TTL, NOT_FOUND_TTL, Cache, MemoryCache
from bot.http import HttpClient, RetryPolicy, Upstream, UpstreamRejected, UpstreamUnavailable
from bot.models import Identifier, Problem, Reference, Result
from bot.parsers.idconv import IdRecord
from bot.ratelimit import RateLimiter, SlidingWindowLimiter
from bot.settings import Settings
from bot.sources import Batcher
from bot.sources.crossref import CROSSREF, CrossrefSource
from bot.sources.datacite import DATACITE, DataCiteSource, arxiv_doi
from bot.sources.idconv import IDCONV, IdConvSource
from bot.sources.pubmed import PUBMED, DoiHits, PubMedDoiSearch, PubMedSource

log = logging.getLogger(__name__)

BATCH_WINDOW = 0.01  # seconds a lookup waits for company before its efetch goes out
# A DOI route whose Crossref answer is in stops waiting for PubMed this long before the resolve budget ends.
PUBMED_GRACE_MARGIN = 0.25

_PMID = re.compile(r"^0*([1-9]\d{0,8})$")
_PMCID = re.compile(r"^PMC0*([1-9]\d{0,9})(?:\.\d+)?$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV = re.compile(
    r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE
)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)

TRY_AGAIN = "Try again in a minute."

# Fields a PubMed record may lack and Crossref can supply (CSL names as attributes).
_COMPLETABLE = (
    "volume",
    "issue",
    "page",
    "number",
    "URL",
    "publisher",
    "publisher_place",
    "ISSN",
    "ISBN",
    "container_title",
    "container_title_short",
    "issued",
    "title",
    "language",
)


def normalise(identifier: Identifier) -> Identifier | Problem:
    """The canonical form of an id (PMID without leading zeros, PMCID upper-case, arXiv without version)."""
    value = identifier.value.strip()
    if identifier.kind == "pmid" and (m := _PMID.match(value)):
        return Identifier("pmid", m.group(1))
    if identifier.kind == "pmcid" and (m := _PMCID.match(value)):
        return Identifier("pmcid", f"PMC{m.group(1)}")
    if identifier.kind == "doi" and _DOI.match(value):
        return Identifier("doi", value)
    if identifier.kind == "arxiv" and (m := _ARXIV.match(value)):
        return Identifier("arxiv", m.group(1))
    examples = {
        "pmid": "a PMID is a number such as 34497264",
        "pmcid": "a PMCID looks like PMC8424619",
        "doi": "a DOI looks like 10.1038/s41392-021-00754-6",
        "arxiv": "an arXiv id looks like 1706.03762 or hep-th/9901001",
    }
    return Problem(
        identifier=str(identifier),
        code="invalid",
        message=f"{identifier.label} is not a valid {identifier.label.split(' ')[0]}.",
        hint=f"Check it: {examples[identifier.kind]}.",
    )


def not_found(identifier: Identifier) -> Problem:
    value = identifier.value
    texts = {
        "pmid": (f"PMID {value} was not found in PubMed.", "Check the number, or paste the DOI instead."),
        "pmcid": (
            f"PMCID {value} was not found in PubMed Central.",
            "Check the number, or paste the PMID or DOI instead.",
        ),
        "doi": (
            f"DOI {value} was not found in PubMed, Crossref or DataCite.",
            "Check the DOI (copy it from the article page), or paste the PMID instead.",
        ),
        "arxiv": (
            f"arXiv {value} was not found in DataCite, which registers arXiv's DOIs.",
            "Check the id, or paste the DOI of the published version.",
        ),
    }
    message, hint = texts[identifier.kind]
    return Problem(identifier=str(identifier), code="not_found", message=message, hint=hint)


def complete_from(primary: Reference, other: Reference) -> Reference:
    """``primary`` with the gaps filled from ``other`` (PubMed completed from Crossref); pure."""
    filled = primary.model_copy(deep=True)
    took = False
    for name in _COMPLETABLE:
        if getattr(filled, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(
                filled,
                name,
                getattr(other, name).model_copy(deep=True) if name == "issued" else getattr(other, name),
            )
            took = True
    if not filled.author and other.author:
        filled.author = [name.model_copy(deep=True) for name in other.author]
        took = True
    if not filled.abstract and other.abstract:
        filled.abstract = other.abstract
        filled.abstract_sections = [s.model_copy(deep=True) for s in other.abstract_sections]
        took = True
    known_notices = {(n.kind, (n.doi or "").lower(), n.pmid) for n in filled.notices}
    for notice in other.notices:
        if (notice.kind, (notice.doi or "").lower(), notice.pmid) not in known_notices:
            filled.notices.append(notice.model_copy(deep=True))
            took = True
    known_related = {(r.relation, (r.doi or "").lower()) for r in filled.related}
    for related in other.related:
        if (related.relation, (related.doi or "").lower()) not in known_related:
            filled.related.append(related.model_copy(deep=True))
            took = True
    if took:
        for source in other.sources:
            if source not in filled.sources:
                filled.sources.append(source)
    return filled


@dataclass
class _Trace:
    """Which upstreams an id's lookup is waiting on, to name the culprit when the budget runs out."""

    deadline: float  # loop.time() by which the caller that started the lookup wants an answer
    waiting: list[Upstream] = field(default_factory=list)
    uncacheable: bool = False  # an upstream failed on the way: the answer may be incomplete

    @contextmanager
    def on(self, upstream: Upstream) -> Iterator[None]:
        self.waiting.append(upstream)
        try:
            yield
        finally:
            self.waiting.remove(upstream)


@dataclass
class _Lookup:
    task: asyncio.Task[Result]
    trace: _Trace


class Resolver:
    """Resolves identifiers through cache → PubMed / ID Converter / Crossref / DataCite.

    Use as an async context manager (it owns one aiohttp session). ``resolve`` returns one Reference or
    Problem per identifier, in the same order, and never raises for a bad id. One Resolver serves many
    concurrent callers (the Slack app keeps one): their lookups are cached, coalesced and batched together.

    Optional arguments exist for deployments and tests: ``cache`` (default in-memory), ``ncbi_limiter``
    (default 3 or 10 starts per second, shared by efetch, esearch and the ID Converter), ``crossref_limiter``,
    ``datacite_limiter``, ``retry`` (tries, per-attempt timeout, backoff), ``budget`` (seconds per resolve,
    default ``settings.http_timeout``), ``batch_window`` (seconds), TTLs.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        cache: Cache | None = None,
        ncbi_limiter: RateLimiter | None = None,
        crossref_limiter: RateLimiter | None = None,
        datacite_limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        budget: float | None = None,
        batch_window: float = BATCH_WINDOW,
        hit_ttl: float = HIT_TTL,
        not_found_ttl: float = NOT_FOUND_TTL,
    ) -> None:
        self.settings = settings
        self.budget = budget if budget is not None else settings.http_timeout
        if retry is None:
            # Three tries and their longest pauses fit in the budget (8 s: 3 x 2.43 s + 0.3 s), so "timed out
            # after 3 tries" can be said in time and the whole resolve stays under 10 s.
            base = RetryPolicy()
            pauses = sum(base.backoff_ceiling(n) for n in range(1, base.tries))
            retry = replace(base, attempt_timeout=max(0.1, (self.budget * 0.95 - pauses) / base.tries))
        self.cache: Cache = cache if cache is not None else MemoryCache()
        self.hit_ttl, self.not_found_ttl = hit_ttl, not_found_ttl
        self.http = HttpClient(contact_email=settings.contact_email, policy=retry)
        ncbi = ncbi_limiter or SlidingWindowLimiter(int(settings.ncbi_requests_per_second))
        self._efetch = Batcher(PubMedSource(self.http, settings, ncbi), window=batch_window)
        doi_search = PubMedDoiSearch(self.http, settings, ncbi)
        self._esearch = Batcher(doi_search, window=batch_window)
        self._esearch_alone = Batcher(doi_search, window=0.0, max_batch=1)
        self._idconv = Batcher(IdConvSource(self.http, settings, ncbi), window=batch_window)
        # The converter takes one id type per request: DOIs get their own batches.
        self._idconv_doi = Batcher(IdConvSource(self.http, settings, ncbi), window=batch_window)
        self._crossref = Batcher(CrossrefSource(self.http, settings, crossref_limiter), window=batch_window)
        self._datacite = Batcher(DataCiteSource(self.http, settings, datacite_limiter), window=batch_window)
        self._lookups: dict[str, _Lookup] = {}
        # Whether the PubMed server answers DOIs OR-ed into one esearch (NCBI does); None until seen.
        self._or_search_works: bool | None = None

    async def __aenter__(self) -> Resolver:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        lookups = [lookup.task for lookup in self._lookups.values()]
        for task in lookups:
            task.cancel()
        await asyncio.gather(*lookups, return_exceptions=True)
        for batcher in (
            self._efetch,
            self._esearch,
            self._esearch_alone,
            self._idconv,
            self._idconv_doi,
            self._crossref,
            self._datacite,
        ):
            await batcher.close()
        await self.http.close()

    async def resolve(self, ids: Sequence[Identifier]) -> list[Result]:
        deadline = asyncio.get_running_loop().time() + self.budget
        return list(await asyncio.gather(*(self._resolve_one(identifier, deadline) for identifier in ids)))

    async def _resolve_one(self, identifier: Identifier, deadline: float) -> Result:
        canonical = normalise(identifier)
        if isinstance(canonical, Problem):
            return canonical
        cached = await self.cache.get(canonical.key)
        if cached is None:
            lookup = self._lookups.get(canonical.key)
            if lookup is None:
                lookup = self._start(canonical, deadline)
            remaining = deadline - asyncio.get_running_loop().time()
            try:
                cached = await asyncio.wait_for(asyncio.shield(lookup.task), max(remaining, 0.0))
            except TimeoutError:
                return self._too_slow(canonical, lookup.trace)
        return self._deliver(cached, identifier)

    def _start(self, identifier: Identifier, deadline: float) -> _Lookup:
        trace = _Trace(deadline)
        task = asyncio.get_running_loop().create_task(self._lookup(identifier, trace))
        lookup = _Lookup(task, trace)
        self._lookups[identifier.key] = lookup
        task.add_done_callback(lambda _: self._lookups.pop(identifier.key, None))
        return lookup

    def _deliver(self, result: Result, requested: Identifier) -> Result:
        if isinstance(result, Problem):
            return result.model_copy(update={"identifier": str(requested)})
        # The cached object is shared: callers get their own copy, labelled with the id they asked for.
        ref = result.model_copy(deep=True)
        ref.id = str(requested)
        return ref

    def _too_slow(self, identifier: Identifier, trace: _Trace) -> Problem:
        if trace.waiting:
            message = (
                f"{trace.waiting[0].label} is not answering right now (no answer within {self.budget:g} s)."
            )
        else:
            message = f"Looking up {identifier.label} took longer than {self.budget:g} s."
        return Problem(identifier=str(identifier), code="unavailable", message=message, hint=TRY_AGAIN)

    async def _lookup(self, identifier: Identifier, trace: _Trace) -> Result:
        try:
            ref = await self._route(identifier, trace)
        except (UpstreamUnavailable, UpstreamRejected) as exc:
            return Problem(
                identifier=str(identifier), code="unavailable", message=exc.user_message, hint=TRY_AGAIN
            )
        except Exception:
            log.exception("resolving %s failed", identifier)
            return Problem(
                identifier=str(identifier),
                code="unavailable",
                message=f"Could not read the record for {identifier.label} (internal error).",
                hint="Try again later; if it keeps happening, please report it.",
            )
        result: Result = ref if ref is not None else not_found(identifier)
        if not trace.uncacheable:
            ttl = self.hit_ttl if ref is not None else self.not_found_ttl
            await self.cache.set(identifier.key, result, ttl)
        return result

    async def _route(self, identifier: Identifier, trace: _Trace) -> Reference | None:
        if identifier.kind == "pmid":
            return await self._pubmed(identifier.value, trace)
        if identifier.kind == "pmcid":
            return await self._by_pmcid(identifier.value, trace)
        if identifier.kind == "arxiv":
            return await self._datacite_ref(arxiv_doi(identifier.value), trace)
        return await self._by_doi(identifier.value, trace)

    async def _pubmed(self, pmid: str, trace: _Trace) -> Reference | None:
        # Every route ends in the same PubMed record, so a record fetched for one is a PMID hit for all.
        key = Identifier("pmid", pmid).key
        cached = await self.cache.get(key)
        if isinstance(cached, Reference):
            return cached
        with trace.on(PUBMED):
            ref = await self._efetch.get(pmid)
        if ref is not None:
            await self.cache.set(key, ref, self.hit_ttl)
        return ref

    async def _by_pmcid(self, pmcid: str, trace: _Trace) -> Reference | None:
        with trace.on(IDCONV):
            record: IdRecord | None = await self._idconv.get(pmcid)
        if record is None:
            return None
        ref = await self._pubmed(record.pmid, trace) if record.pmid else None
        if ref is None and record.doi:
            ref = await self._by_doi(record.doi, trace)
        if ref is None:
            return None
        ref = ref.model_copy(deep=True)
        ref.PMCID = ref.PMCID or pmcid
        ref.sources = ["idconv", *(s for s in ref.sources if s != "idconv")]
        return ref

    async def _by_doi(self, doi: str, trace: _Trace) -> Reference | None:
        if _ARXIV_DOI.match(doi):
            return await self._datacite_ref(doi, trace)
        # PubMed (esearch + efetch, under NCBI's 3 requests/s) is the slow branch: Crossref, then DataCite
        # when Crossref has nothing, are asked meanwhile, so a busy NCBI budget cannot hold their answer back.
        pubmed = asyncio.ensure_future(self._pubmed_by_doi(doi, trace))
        failures: list[UpstreamUnavailable] = []
        try:
            crossref_ref = await _settle(asyncio.ensure_future(self._crossref_ref(doi, trace)), failures)
            datacite_ref = None
            if crossref_ref is None:
                datacite_ref = await _settle(asyncio.ensure_future(self._datacite_ref(doi, trace)), failures)
        except BaseException:
            pubmed.cancel()
            raise
        if (crossref_ref or datacite_ref) is not None and not pubmed.done():
            # Wait for PubMed only while the caller can still use the answer we have.
            grace = trace.deadline - asyncio.get_running_loop().time() - PUBMED_GRACE_MARGIN
            await asyncio.wait([pubmed], timeout=max(grace, 0.0))
        if pubmed.done():
            pubmed_ref = await _settle(pubmed, failures)
        else:
            pubmed.add_done_callback(_consume)  # it finishes (and fills the cache) on its own time
            pubmed_ref = None
            failures.append(UpstreamUnavailable(PUBMED, "too slow", 1))
        if failures:
            trace.uncacheable = True
        if pubmed_ref is not None:
            return complete_from(pubmed_ref, crossref_ref) if crossref_ref is not None else pubmed_ref
        found = crossref_ref or datacite_ref
        if found is None and failures:
            # Not found where we could ask, but some upstream could not be asked: say that instead.
            unavailable = [f for f in failures if f.reason != "too slow"] or failures
            raise unavailable[0]
        return found

    async def _pubmed_by_doi(self, doi: str, trace: _Trace) -> Reference | None:
        try:
            return await self._pubmed_by_doi_search(doi, trace)
        except (UpstreamRejected, UpstreamUnavailable) as exc:
            # esearch is down or refuses the term: the ID Converter also maps DOIs to PMIDs (for articles
            # in PMC), so it may still find the PubMed record; otherwise the esearch failure stands.
            log.info("esearch failed for DOI %s (%s); asking the ID Converter", doi, exc)
            with trace.on(IDCONV):
                try:
                    record: IdRecord | None = await self._idconv_doi.get(doi.lower())
                except (UpstreamRejected, UpstreamUnavailable):
                    raise exc from None
            if record is None or not record.pmid:
                raise
            return await self._pubmed(record.pmid, trace)

    async def _pubmed_by_doi_search(self, doi: str, trace: _Trace) -> Reference | None:
        key = doi.lower()
        with trace.on(PUBMED):
            if self._or_search_works is False:
                return await self._pubmed_match(doi, await self._esearch_alone.get(key), trace)
            hits: DoiHits | None = await self._esearch.get(key)
            ref = await self._pubmed_match(doi, hits, trace)
            if hits is None or hits.exact:
                return ref
            if ref is not None and key != hits.batch[0]:
                self._or_search_works = True  # a later term of an OR-ed search matched
            elif ref is None and not hits.pmids and self._or_search_works is None:
                # Nothing at all for the whole OR-ed search: none of them is in PubMed, or the server takes
                # one DOI per term. Until an OR-ed search has proved itself, ask for the DOI alone.
                ref = await self._pubmed_match(doi, await self._esearch_alone.get(key), trace)
                if ref is not None:
                    self._or_search_works = False
        return ref

    async def _pubmed_match(self, doi: str, hits: DoiHits | None, trace: _Trace) -> Reference | None:
        if hits is None or not hits.pmids:
            return None
        records = await asyncio.gather(*(self._pubmed(pmid, trace) for pmid in hits.pmids))
        for ref in records:
            if ref is not None and ref.DOI and ref.DOI.lower() == doi.lower():
                return ref
        if hits.exact and len(records) == 1 and records[0] is not None and not records[0].DOI:
            return records[0]  # PubMed matched the DOI alone, though the record does not show it
        return None

    async def _crossref_ref(self, doi: str, trace: _Trace) -> Reference | None:
        with trace.on(CROSSREF):
            try:
                return await self._crossref.get(doi.lower())
            except UpstreamRejected as exc:
                log.warning("Crossref refused DOI %s: %s", doi, exc)
                return None

    async def _datacite_ref(self, doi: str, trace: _Trace) -> Reference | None:
        with trace.on(DATACITE):
            try:
                return await self._datacite.get(doi.lower())
            except UpstreamRejected as exc:
                log.warning("DataCite refused DOI %s: %s", doi, exc)
                return None


async def _settle(
    task: asyncio.Future[Reference | None], failures: list[UpstreamUnavailable]
) -> Reference | None:
    """The task's Reference; an unavailable upstream is noted in ``failures``, a refusal counts as absent."""
    try:
        return await task
    except UpstreamUnavailable as exc:
        failures.append(exc)
    except UpstreamRejected as exc:
        log.warning("%s refused a lookup: %s", exc.upstream.label, exc)
    return None


def _consume(task: asyncio.Future[Reference | None]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved: a late failure nobody waits for any more is not an error to log
