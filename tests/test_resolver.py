"""The Resolver end to end against the fake upstreams: routes, messages, cache, coalescing, batching,
NCBI's request budget and upstream faults. Expected values come from the fixture bodies themselves
(tests/fixtures/upstream), never from our own output."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.http import RetryPolicy
from bot.models import Identifier, Problem, Reference, Result
from bot.ratelimit import Unlimited
from bot.resolver import Resolver
from tests.fakes.upstream import FakeUpstreams, synthetic_efetch_body

SEED_PMID = "34497264"
SEED_DOI = "10.1038/s41392-021-00754-6"
SEED_PMCID = "PMC8424619"
AOP_DOI = "10.5555/citebot.2024.001"  # synthetic ahead-of-print PubMed record + its Crossref work
CROSSREF_ONLY = "10.1038/nnano.2014.279"
DATACITE_ONLY = "10.5063/f1m61h5x"
FAST = RetryPolicy(tries=3, attempt_timeout=0.3, backoff_base=0.01, backoff_max=0.02)


def ids(*texts: str) -> list[Identifier]:
    return [Identifier.parse(text) for text in texts]


def make(upstreams: FakeUpstreams, **kwargs: Any) -> Resolver:
    """A resolver with quick retries and no NCBI budget (the budget has its own tests below)."""
    kwargs.setdefault("retry", FAST)
    kwargs.setdefault("ncbi_limiter", Unlimited())
    settings = upstreams.settings(**kwargs.pop("settings", {}))
    return Resolver(settings, **kwargs)


async def resolve(upstreams: FakeUpstreams, *texts: str, **kwargs: Any) -> list[Result]:
    async with make(upstreams, **kwargs) as resolver:
        return await resolver.resolve(ids(*texts))


def ref(result: Result) -> Reference:
    assert isinstance(result, Reference), result
    return result


def problem(result: Result) -> Problem:
    assert isinstance(result, Problem), result
    return result


# -- routes -------------------------------------------------------------------------------------------


async def test_pmid_resolves_to_the_pubmed_record(upstreams: FakeUpstreams) -> None:
    [result] = await resolve(upstreams, f"pmid:{SEED_PMID}")
    seed = ref(result)
    # Values as written in tests/fixtures/upstream/pubmed_34497264.xml.
    assert seed.id == f"pmid:{SEED_PMID}"
    assert seed.title == "Mesenchymal stem cell therapy for severe COVID-19."
    assert [(a.family, a.given) for a in seed.author][:2] == [("Shi", "Lei"), ("Wang", "Lifeng")]
    assert len(seed.author) == 10 and seed.author[-1].given == "Fu-Sheng"
    assert seed.container_title == "Signal transduction and targeted therapy"
    assert (seed.volume, seed.issue, seed.page) == ("6", "1", "339")
    assert seed.issued is not None and seed.issued.date_parts == [[2021, 9, 8]]
    assert (seed.PMID, seed.DOI, seed.PMCID) == (SEED_PMID, SEED_DOI, SEED_PMCID)
    assert seed.abstract is not None and seed.abstract.startswith("The coronavirus disease 2019 (COVID-19)")
    assert seed.sources == ["pubmed"]
    assert upstreams.count("pubmed", "efetch.fcgi") == 1 and upstreams.count("crossref") == 0


async def test_doi_known_to_pubmed_gives_the_pubmed_record_completed_from_crossref(
    upstreams: FakeUpstreams,
) -> None:
    [result] = await resolve(upstreams, f"doi:{SEED_DOI}")
    seed = ref(result)
    assert seed.PMID == SEED_PMID and seed.PMCID == SEED_PMCID
    assert seed.title == "Mesenchymal stem cell therapy for severe COVID-19."  # PubMed's, not Crossref's
    assert seed.abstract is not None and seed.abstract.endswith("highlight the challenges in the field.")
    assert "Journal Article" in seed.publication_types
    # PubMed has no publisher; Crossref's work has one.
    assert seed.publisher == "Springer Science and Business Media LLC"
    assert seed.sources == ["pubmed", "crossref"]
    assert upstreams.count("pubmed", "esearch.fcgi") == 1
    assert upstreams.count("pubmed", "efetch.fcgi") == 1
    assert upstreams.count("datacite") == 0


async def test_ahead_of_print_record_gets_volume_issue_pages_from_crossref(upstreams: FakeUpstreams) -> None:
    [result] = await resolve(upstreams, f"doi:{AOP_DOI}")
    record = ref(result)
    assert record.PMID == "90000001"
    assert record.title == "A synthetic ahead-of-print record for resolver tests."
    assert [s.label for s in record.abstract_sections] == ["BACKGROUND", "CONCLUSIONS"]
    assert (record.volume, record.issue, record.page) == ("12", "3", "101-109")
    assert record.publisher == "Citebot Test Publishing"
    assert record.sources == ["pubmed", "crossref"]


EMPTY_ESEARCH = (
    b'<?xml version="1.0" ?><eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart>'
    b"<IdList/></eSearchResult>"
)


async def test_a_server_that_ignores_or_gets_one_doi_per_search(upstreams: FakeUpstreams) -> None:
    # The first, OR-ed search comes back empty (as from a server that takes one DOI per term).
    upstreams.fault("pubmed", path_suffix="esearch.fcgi", times=1, body=EMPTY_ESEARCH)
    async with make(upstreams) as resolver:
        seed, aop, nano = await resolver.resolve(
            ids(f"doi:{SEED_DOI}", f"doi:{AOP_DOI}", f"doi:{CROSSREF_ONLY}")
        )
        assert (ref(seed).PMID, ref(aop).PMID, ref(nano).PMID) == (SEED_PMID, "90000001", None)
        terms = [r.params["term"] for r in upstreams.requests_for("pubmed", "esearch.fcgi")]
        assert terms[0].count(" OR ") == 2
        assert sorted(terms[1:]) == sorted(f"{doi}[doi]" for doi in (SEED_DOI, AOP_DOI, CROSSREF_ONLY))
        # From now on this resolver searches one DOI at a time.
        await resolver.resolve(ids(f"doi:{DATACITE_ONLY}", "doi:10.1234/elsewhere"))
    terms = [r.params["term"] for r in upstreams.requests_for("pubmed", "esearch.fcgi")]
    assert sorted(terms[4:]) == ["10.1234/elsewhere[doi]", f"{DATACITE_ONLY}[doi]"]


async def test_once_or_searches_work_a_fruitless_one_is_trusted(upstreams: FakeUpstreams) -> None:
    async with make(upstreams) as resolver:
        # The seed DOI is the second term: its match shows the server reads OR-ed terms.
        await resolver.resolve(ids(f"doi:{CROSSREF_ONLY}", f"doi:{SEED_DOI}"))
        assert upstreams.count("pubmed", "esearch.fcgi") == 1
        results = await resolver.resolve(ids(f"doi:{DATACITE_ONLY}", "doi:10.1234/elsewhere"))
    assert ref(results[0]).sources == ["datacite"] and problem(results[1]).code == "not_found"
    assert upstreams.count("pubmed", "esearch.fcgi") == 2


async def test_a_slow_pubmed_does_not_hold_back_a_crossref_answer(upstreams: FakeUpstreams) -> None:
    upstreams.fault("pubmed", path_suffix="esearch.fcgi", delay=3.0)
    began = time.monotonic()
    async with make(upstreams, budget=1.0) as resolver:
        [result] = await resolver.resolve(ids(f"doi:{CROSSREF_ONLY}"))
    assert time.monotonic() - began < 1.5  # the answer is Crossref's, not a Problem at the deadline
    assert ref(result).title == "Charges ride the spin wave"


async def test_doi_only_in_crossref(upstreams: FakeUpstreams) -> None:
    [result] = await resolve(upstreams, f"doi:{CROSSREF_ONLY.upper()}")
    work = ref(result)
    assert work.id == f"doi:{CROSSREF_ONLY.upper()}"
    assert work.title == "Charges ride the spin wave"
    assert [(a.family, a.given) for a in work.author] == [("Kuschel", "Timo"), ("Reiss", "Günter")]
    assert (work.volume, work.issue, work.page) == ("10", "1", "22-24")
    assert work.PMID is None and work.sources == ["crossref"]
    assert upstreams.count("datacite") == 0


async def test_doi_only_in_datacite(upstreams: FakeUpstreams) -> None:
    [result] = await resolve(upstreams, f"doi:{DATACITE_ONLY}")
    record = ref(result)
    assert record.title == "dataone: R interface to the DataONE network of data repositories"
    assert record.sources == ["datacite"]
    assert upstreams.count("crossref") == 1 and upstreams.count("datacite") == 1


@pytest.mark.parametrize("text", ["arxiv:1902.02534", "arxiv:1902.02534v2", "doi:10.48550/arXiv.1902.02534"])
async def test_arxiv_goes_straight_to_datacite(upstreams: FakeUpstreams, text: str) -> None:
    [result] = await resolve(upstreams, text)
    preprint = ref(result)
    assert preprint.title is not None and preprint.title.startswith("Crowdsourcing open citations with CROCI")
    assert preprint.DOI is not None and preprint.DOI.lower() == "10.48550/arxiv.1902.02534"
    assert upstreams.count("pubmed") == upstreams.count("crossref") == 0
    assert upstreams.requests[0].path.lower() == "/datacite/dois/10.48550/arxiv.1902.02534"


async def test_pmcid_goes_through_the_id_converter(upstreams: FakeUpstreams) -> None:
    [result] = await resolve(upstreams, f"pmcid:{SEED_PMCID}")
    seed = ref(result)
    assert seed.PMID == SEED_PMID and seed.PMCID == SEED_PMCID
    assert seed.sources == ["idconv", "pubmed"]
    assert upstreams.requests_for("idconv")[0].params["ids"] == SEED_PMCID


async def test_pmcid_without_pmid_takes_the_doi_route(upstreams: FakeUpstreams) -> None:
    upstreams.add_idconv(None, "PMC1111111", CROSSREF_ONLY)
    [result] = await resolve(upstreams, "pmcid:PMC1111111")
    work = ref(result)
    assert work.title == "Charges ride the spin wave"
    assert work.PMCID == "PMC1111111"
    assert work.sources == ["idconv", "crossref"]


async def test_results_keep_the_order_and_duplicates_share_a_lookup(upstreams: FakeUpstreams) -> None:
    texts = [
        f"doi:{CROSSREF_ONLY}",
        f"pmid:{SEED_PMID}",
        "arxiv:1902.02534",
        f"pmid:0{SEED_PMID}",
        f"pmid:{SEED_PMID}",
    ]
    results = await resolve(upstreams, *texts)
    assert [r.id for r in results if isinstance(r, Reference)] == texts
    assert ref(results[1]).PMID == ref(results[3]).PMID == ref(results[4]).PMID == SEED_PMID
    assert upstreams.count("pubmed", "efetch.fcgi") == 1


# -- problems -----------------------------------------------------------------------------------------


async def test_not_found_says_which_id_and_what_to_try(upstreams: FakeUpstreams) -> None:
    results = await resolve(
        upstreams, "pmid:99999999", "doi:10.1234/no-such-work", "pmcid:PMC1", "arxiv:2101.99999"
    )
    pmid, doi, pmcid, arxiv = (problem(r) for r in results)
    assert pmid.code == doi.code == pmcid.code == arxiv.code == "not_found"
    assert pmid.identifier == "pmid:99999999"
    assert pmid.message == "PMID 99999999 was not found in PubMed."
    assert pmid.hint == "Check the number, or paste the DOI instead."
    assert doi.message == "DOI 10.1234/no-such-work was not found in PubMed, Crossref or DataCite."
    assert pmcid.message == "PMCID PMC1 was not found in PubMed Central."
    assert arxiv.message.startswith("arXiv 2101.99999 was not found")


@pytest.mark.parametrize("text", ["pmid:abc", "pmid:0", "doi:10.1/x", "pmcid:12345", "arxiv:17.06"])
async def test_invalid_ids_cost_no_request(upstreams: FakeUpstreams, text: str) -> None:
    [result] = await resolve(upstreams, text)
    bad = problem(result)
    assert bad.code == "invalid" and bad.identifier == text
    assert Identifier.parse(text).label in bad.message
    assert upstreams.requests == []


# -- cache, coalescing, batching ------------------------------------------------------------------------


async def test_a_cached_id_costs_no_request(upstreams: FakeUpstreams) -> None:
    async with make(upstreams) as resolver:
        first = await resolver.resolve(ids(f"pmid:{SEED_PMID}", f"doi:{SEED_DOI}", "pmid:99999999"))
        before = len(upstreams.requests)
        again = await resolver.resolve(ids(f"pmid:{SEED_PMID}", f"doi:{SEED_DOI}", "pmid:99999999"))
    assert before > 0 and len(upstreams.requests) == before
    assert [r.model_dump() for r in again] == [r.model_dump() for r in first]
    # Callers get their own copies: changing one answer does not change the cache.
    ref(again[0]).title = "changed"
    assert ref(first[0]).title != "changed"


async def test_not_found_is_cached_for_its_own_ttl(upstreams: FakeUpstreams) -> None:
    async with make(upstreams, not_found_ttl=0) as resolver:
        await resolver.resolve(ids("pmid:99999999"))
        await resolver.resolve(ids("pmid:99999999"))
    assert upstreams.count("pubmed") == 2
    async with make(upstreams) as resolver:
        await resolver.resolve(ids("pmid:99999999"))
        await resolver.resolve(ids("pmid:99999999"))
    assert upstreams.count("pubmed") == 3


async def test_failures_are_not_cached(upstreams: FakeUpstreams) -> None:
    upstreams.fault("pubmed", status=500, times=3)
    async with make(upstreams) as resolver:
        [first] = await resolver.resolve(ids(f"pmid:{SEED_PMID}"))
        [second] = await resolver.resolve(ids(f"pmid:{SEED_PMID}"))
    assert problem(first).code == "unavailable"
    assert ref(second).PMID == SEED_PMID


async def test_concurrent_lookups_of_one_id_share_one_request(upstreams: FakeUpstreams) -> None:
    upstreams.latency["pubmed"] = 0.1
    async with make(upstreams) as resolver:
        callers = [resolver.resolve(ids(f"pmid:{SEED_PMID}")) for _ in range(5)]
        results = await asyncio.gather(*callers)
        # A second wave while nothing is cached yet: the PMCID route reuses the same PubMed record.
    assert all(ref(r[0]).PMID == SEED_PMID for r in results)
    assert upstreams.count("pubmed") == 1


async def test_lookups_within_the_window_are_batched_into_one_efetch(upstreams: FakeUpstreams) -> None:
    pmids = [str(31_000_000 + n) for n in range(3)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    async with make(upstreams, batch_window=0.05) as resolver:

        async def caller(pmid: str, after: float) -> Result:
            await asyncio.sleep(after)
            [result] = await resolver.resolve(ids(f"pmid:{pmid}"))
            return result

        results = await asyncio.gather(*(caller(p, 0.01 * n) for n, p in enumerate(pmids)))
    assert [ref(r).title for r in results] == [f"Synthetic record {p}." for p in pmids]
    [efetch] = upstreams.requests_for("pubmed", "efetch.fcgi")
    assert sorted(efetch.params["id"].split(",")) == pmids


async def test_lookups_further_apart_than_the_window_go_separately(upstreams: FakeUpstreams) -> None:
    pmids = [str(31_000_000 + n) for n in range(2)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    async with make(upstreams, batch_window=0.01) as resolver:
        await resolver.resolve(ids(f"pmid:{pmids[0]}"))
        await resolver.resolve(ids(f"pmid:{pmids[1]}"))
    assert upstreams.count("pubmed", "efetch.fcgi") == 2


async def test_n_pmids_in_one_call_cost_one_efetch_per_200(upstreams: FakeUpstreams) -> None:
    pmids = [str(32_000_000 + n) for n in range(450)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    results = await resolve(upstreams, *(f"pmid:{p}" for p in pmids))
    assert [ref(r).PMID for r in results] == pmids
    assert upstreams.count("pubmed", "efetch.fcgi") == 3


# -- NCBI's request budget ------------------------------------------------------------------------------


async def spread_single_lookups(upstreams: FakeUpstreams, resolver: Resolver, pmids: list[str]) -> None:
    """One caller per PMID, 30 ms apart (longer than the batching window): one efetch each while the
    rate limit lets them through; once it holds them back, later ones join the next waiting batch."""

    async def caller(n: int, pmid: str) -> None:
        await asyncio.sleep(0.03 * n)
        [result] = await resolver.resolve(ids(f"pmid:{pmid}"))
        assert ref(result).PMID == pmid  # noqa: SIM300

    await asyncio.gather(*(caller(n, p) for n, p in enumerate(pmids)))


async def test_ncbi_gets_at_most_3_requests_in_any_second(upstreams: FakeUpstreams) -> None:
    pmids = [str(33_000_000 + n) for n in range(9)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    began = time.monotonic()
    async with Resolver(upstreams.settings(), retry=FAST) as resolver:  # the default NCBI limiter
        await spread_single_lookups(upstreams, resolver, pmids)
    sent = upstreams.count("pubmed", "efetch.fcgi")
    assert 3 < sent <= 9  # more than one window's worth, so the limiter had to hold some back
    assert upstreams.max_in_window(("pubmed", "idconv"), 1.0) == 3
    assert time.monotonic() - began >= 1.0  # more than 3 requests at 3 per second need a second window


async def test_an_api_key_raises_the_budget_to_10(upstreams: FakeUpstreams) -> None:
    pmids = [str(34_000_000 + n) for n in range(12)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    settings = upstreams.settings(ncbi_api_key="k3y")
    async with Resolver(settings, retry=FAST) as resolver:
        await spread_single_lookups(upstreams, resolver, pmids)
    assert upstreams.count("pubmed", "efetch.fcgi") > 10
    assert upstreams.max_in_window(("pubmed", "idconv"), 1.0) == 10


async def test_lookups_held_back_by_the_rate_limit_join_one_batch(upstreams: FakeUpstreams) -> None:
    """A burst beyond NCBI's budget (40 lookups in 0.8 s against 3 requests/s) must not queue one request
    per lookup behind the limiter: the waiting ones go out together, and every one resolves."""
    pmids = [str(36_000_000 + n) for n in range(40)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    began = time.monotonic()
    async with Resolver(upstreams.settings(), retry=FAST) as resolver:

        async def caller(n: int, pmid: str) -> None:
            await asyncio.sleep(0.02 * n)
            [result] = await resolver.resolve(ids(f"pmid:{pmid}"))
            assert ref(result).PMID == pmid  # noqa: SIM300

        await asyncio.gather(*(caller(n, p) for n, p in enumerate(pmids)))
    assert upstreams.count("pubmed", "efetch.fcgi") <= 8  # not 40
    assert upstreams.max_in_window(("pubmed", "idconv"), 1.0) <= 3
    assert time.monotonic() - began < 4.0  # one request per lookup would need 13 s


async def test_retries_count_against_the_ncbi_budget(upstreams: FakeUpstreams) -> None:
    upstreams.fault("pubmed", status=500, times=2)
    pmids = [str(35_000_000 + n) for n in range(3)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    async with Resolver(upstreams.settings(), retry=FAST) as resolver:
        await spread_single_lookups(upstreams, resolver, pmids)
    assert upstreams.count("pubmed") == 5  # the first lookup needed three tries
    assert upstreams.max_in_window(("pubmed", "idconv"), 1.0) == 3


# -- faults -----------------------------------------------------------------------------------------------

FAULTS: dict[str, tuple[dict[str, Any], str]] = {
    "timeout": ({"hang": True}, "timed out after 3 tries"),
    "500": ({"status": 500}, "HTTP 500 after 3 tries"),
    "429": ({"status": 429}, "HTTP 429 after 3 tries"),
    "error-in-200": (
        {"body": b"<eFetchResult>\n\t<ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n"},
        "unreadable answer after 3 tries",
    ),
    "malformed": (
        {"body": b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle><MedlineCit"},
        "unreadable answer after 3 tries",
    ),
    "truncated": ({"truncate": True}, "the answer was cut off after 3 tries"),
}


@pytest.mark.parametrize("name", list(FAULTS))
async def test_a_pubmed_fault_gives_a_problem_while_the_others_resolve(
    upstreams: FakeUpstreams, name: str
) -> None:
    fault, reason = FAULTS[name]
    upstreams.fault("pubmed", **fault)
    began = time.monotonic()
    results = await resolve(
        upstreams, f"pmid:{SEED_PMID}", "arxiv:1902.02534", f"doi:{CROSSREF_ONLY}", f"doi:{DATACITE_ONLY}"
    )
    elapsed = time.monotonic() - began
    failed = problem(results[0])
    assert failed.code == "unavailable" and failed.identifier == f"pmid:{SEED_PMID}"
    assert failed.message == f"PubMed is not answering right now ({reason})."
    assert failed.hint == "Try again in a minute."
    # DOIs not in PubMed still resolve from Crossref and DataCite, though the esearch failed too.
    assert ref(results[1]).sources == ["datacite"]
    assert ref(results[2]).title == "Charges ride the spin wave"
    assert ref(results[3]).sources == ["datacite"]
    assert elapsed < 3 * FAST.attempt_timeout + 1.0
    assert upstreams.count("pubmed", "efetch.fcgi") == 3


@pytest.mark.parametrize("name", list(FAULTS))
async def test_a_passing_fault_is_retried_away(upstreams: FakeUpstreams, name: str) -> None:
    fault, _ = FAULTS[name]
    upstreams.fault("pubmed", times=2, **fault)
    [result] = await resolve(upstreams, f"pmid:{SEED_PMID}")
    assert ref(result).PMID == SEED_PMID
    assert upstreams.count("pubmed") == 3


async def test_an_id_converter_fault_names_the_converter(upstreams: FakeUpstreams) -> None:
    upstreams.fault("idconv", status=503)
    [failed, fine] = await resolve(upstreams, f"pmcid:{SEED_PMCID}", f"pmid:{SEED_PMID}")
    assert (
        problem(failed).message == "The PMC ID Converter is not answering right now (HTTP 503 after 3 tries)."
    )
    assert ref(fine).PMID == SEED_PMID


async def test_crossref_down_still_gives_the_pubmed_record_but_does_not_cache_it(
    upstreams: FakeUpstreams,
) -> None:
    upstreams.fault("crossref", status=500, times=3)
    async with make(upstreams) as resolver:
        [first] = await resolver.resolve(ids(f"doi:{SEED_DOI}"))
        [second] = await resolver.resolve(ids(f"doi:{SEED_DOI}"))
    assert ref(first).PMID == SEED_PMID and ref(first).publisher is None
    assert ref(second).publisher == "Springer Science and Business Media LLC"


async def test_the_resolve_budget_bounds_a_slow_upstream(upstreams: FakeUpstreams) -> None:
    upstreams.fault("pubmed", delay=3.0)
    began = time.monotonic()
    async with make(upstreams, budget=0.6, retry=RetryPolicy(tries=3, attempt_timeout=5.0)) as resolver:
        slow, quick = await resolver.resolve(ids(f"pmid:{SEED_PMID}", "arxiv:1902.02534"))
        elapsed = time.monotonic() - began
    assert 0.55 <= elapsed < 1.2
    assert problem(slow).message == "PubMed is not answering right now (no answer within 0.6 s)."
    assert ref(quick).sources == ["datacite"]


async def test_default_retries_fit_well_inside_ten_seconds(upstreams: FakeUpstreams) -> None:
    resolver = Resolver(upstreams.settings())
    policy = resolver.http.policy
    worst_pauses = sum(policy.backoff_ceiling(n) for n in range(1, policy.tries))
    assert resolver.budget == upstreams.settings().http_timeout == 8.0
    assert policy.tries * policy.attempt_timeout + worst_pauses < resolver.budget < 10.0
    await resolver.close()


async def test_a_hanging_upstream_with_default_retries_answers_within_the_budget(
    upstreams: FakeUpstreams,
) -> None:
    # The default policy scaled to a 1 s budget (the real one is 8 s): three timed-out tries still fit.
    upstreams.fault("pubmed", hang=True)
    began = time.monotonic()
    async with Resolver(upstreams.settings(), budget=1.0) as resolver:
        [result] = await resolver.resolve(ids(f"pmid:{SEED_PMID}"))
    assert time.monotonic() - began < 1.5
    assert problem(result).message == "PubMed is not answering right now (timed out after 3 tries)."


# -- the shared corpus ---------------------------------------------------------------------------------


@pytest.mark.corpus
async def test_every_pmid_of_the_shared_corpus_resolves_in_one_efetch(
    shared_upstreams: FakeUpstreams,
) -> None:
    pmids = [p for p in shared_upstreams.pmids if not p.startswith("9000")]
    results = await resolve(shared_upstreams, *(f"pmid:{p}" for p in pmids))
    assert [ref(r).PMID for r in results] == pmids
    assert all(ref(r).title or ref(r).container_title for r in results)
    assert shared_upstreams.count("pubmed", "efetch.fcgi") == -(-len(pmids) // 200)


async def test_doi_finds_the_pubmed_record_through_the_id_converter_when_esearch_fails(
    upstreams: FakeUpstreams,
) -> None:
    """esearch answering 500 for good must not hide a PubMed record the ID Converter can point to."""
    upstreams.fault("pubmed", status=500, path_suffix="esearch.fcgi")
    async with Resolver(upstreams.settings(), retry=FAST) as resolver:
        [result] = await resolver.resolve(ids("doi:10.1038/s41392-021-00754-6"))
    found = ref(result)
    assert found.PMID == "34497264"
    assert "pubmed" in found.sources
    assert upstreams.count("idconv") >= 1
    assert upstreams.count("pubmed", "esearch.fcgi") >= 1
