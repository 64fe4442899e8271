"""Each upstream module against the fake server: batching per request, etiquette parameters, not-found."""

from __future__ import annotations

import pytest

from bot.http import HttpClient, RetryPolicy, UpstreamUnavailable
from bot.ratelimit import SlidingWindowLimiter, Unlimited
from bot.sources.crossref import CrossrefSource, announced_budget
from bot.sources.datacite import DataCiteSource, arxiv_doi
from bot.sources.idconv import IdConvSource
from bot.sources.pubmed import DoiHits, PubMedDoiSearch, PubMedSource, doi_term
from tests.fakes.upstream import CONTACT_EMAIL, FakeUpstreams, synthetic_efetch_body

FAST = RetryPolicy(tries=3, attempt_timeout=1.0, backoff_base=0.01, backoff_max=0.02)
SEED_DOI = "10.1038/s41392-021-00754-6"


async def test_efetch_costs_one_request_per_200_pmids(upstreams: FakeUpstreams) -> None:
    pmids = [str(30_000_000 + n) for n in range(450)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    async with HttpClient(policy=FAST) as http:
        source = PubMedSource(http, upstreams.settings(), Unlimited())
        found = await source.fetch([*pmids, "99999999"])
    assert upstreams.count("pubmed", "efetch.fcgi") == 3  # ⌈451/200⌉
    assert sorted(found) == sorted(pmids)  # 99999999 is not in PubMed: absent, not an error
    assert found["30000123"].title == "Synthetic record 30000123."
    requests = upstreams.requests_for("pubmed", "efetch.fcgi")
    sizes = sorted(len(r.params["id"].split(",")) for r in requests)
    assert sizes == [51, 200, 200]
    # Long id lists go as a form POST, short ones as GET; NCBI's identity goes either way.
    assert {r.method for r in requests if len(r.params["id"]) > 1500} == {"POST"}
    assert {r.method for r in requests if len(r.params["id"]) <= 1500} == {"GET"}
    for request in requests:
        assert request.params["db"] == "pubmed" and request.params["retmode"] == "xml"
        assert request.params["tool"] == "citebot" and request.params["email"] == CONTACT_EMAIL
        assert "api_key" not in request.params


async def test_api_key_is_sent_when_configured(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST) as http:
        source = PubMedSource(http, upstreams.settings(ncbi_api_key="k3y"), Unlimited())
        found = await source.fetch(["34497264"])
    assert found["34497264"].DOI == SEED_DOI
    assert upstreams.requests[0].params["api_key"] == "k3y"


async def test_error_inside_http_200_is_retried_then_unavailable(upstreams: FakeUpstreams) -> None:
    upstreams.fault(
        "pubmed", body=b"<eFetchResult>\n\t<ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n"
    )
    async with HttpClient(policy=FAST) as http:
        source = PubMedSource(http, upstreams.settings(), Unlimited())
        with pytest.raises(UpstreamUnavailable) as caught:
            await source.fetch(["34497264"])
    assert caught.value.user_message == "PubMed is not answering right now (unreadable answer after 3 tries)."
    assert upstreams.count("pubmed") == 3


async def test_esearch_ors_dois_into_one_request(upstreams: FakeUpstreams) -> None:
    dois = [SEED_DOI, "10.5555/citebot.2024.001", "10.1038/nnano.2014.279"]
    async with HttpClient(policy=FAST) as http:
        search = PubMedDoiSearch(http, upstreams.settings(), Unlimited())
        hits = await search.fetch(dois)
        single = await search.fetch(["10.5555/citebot.2024.001"])
    assert upstreams.count("pubmed", "esearch.fcgi") == 2
    term = upstreams.requests[0].params["term"]
    assert term == " OR ".join(f"{doi}[doi]" for doi in dois)
    assert upstreams.requests[0].params["email"] == CONTACT_EMAIL
    # An OR-ed search cannot say which PMID matched which DOI: all are candidates, none exact.
    assert set(hits[SEED_DOI].pmids) == {"34497264", "90000001"}
    assert not hits[SEED_DOI].exact
    assert single["10.5555/citebot.2024.001"].pmids == ("90000001",)
    assert single["10.5555/citebot.2024.001"].exact


async def test_esearch_without_hits_finds_no_pmids(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST) as http:
        search = PubMedDoiSearch(http, upstreams.settings(), Unlimited())
        assert await search.fetch(["10.1038/nnano.2014.279"]) == {
            "10.1038/nnano.2014.279": DoiHits((), ("10.1038/nnano.2014.279",))
        }


def test_doi_terms_are_quoted_only_when_pubmed_would_misread_them() -> None:
    assert doi_term("10.1038/s41392-021-00754-6") == "10.1038/s41392-021-00754-6[doi]"
    assert doi_term("10.1016/S0140-6736(20)30183-5") == '"10.1016/S0140-6736(20)30183-5"[doi]'
    assert doi_term("10.1023/a:1007154515475") == '"10.1023/a:1007154515475"[doi]'


async def test_idconv_batches_200_ids_of_one_type(upstreams: FakeUpstreams) -> None:
    pmcids = ["PMC8424619", *(f"PMC{9_000_000 + n}" for n in range(249))]
    async with HttpClient(policy=FAST) as http:
        source = IdConvSource(http, upstreams.settings(ncbi_api_key="k3y"), Unlimited())
        found = await source.fetch(pmcids)
    assert upstreams.count("idconv") == 2
    assert sorted(len(r.params["ids"].split(",")) for r in upstreams.requests) == [50, 200]
    assert list(found) == ["PMC8424619"]
    record = found["PMC8424619"]
    assert (record.pmid, record.pmcid, record.doi) == ("34497264", "PMC8424619", SEED_DOI)
    for request in upstreams.requests:
        assert request.params["format"] == "json"
        assert request.params["tool"] == "citebot" and request.params["email"] == CONTACT_EMAIL
        assert "api_key" not in request.params  # an E-utilities key means nothing to the converter


async def test_crossref_batches_dois_with_mailto(upstreams: FakeUpstreams) -> None:
    dois = ["10.1038/nnano.2014.279", "10.5555/citebot.2024.001", "10.1234/not-registered"]
    async with HttpClient(policy=FAST) as http:
        source = CrossrefSource(http, upstreams.settings())
        found = await source.fetch(dois)
    # One filter request for all three; the DOI it did not return is confirmed at /works/{doi}.
    assert upstreams.count("crossref") == 2
    request, confirm = upstreams.requests
    assert request.path == "/crossref/works"
    assert request.params["filter"] == ",".join(f"doi:{d}" for d in dois)
    assert request.params["rows"] == "3"
    assert request.params["mailto"] == CONTACT_EMAIL
    assert confirm.path == "/crossref/works/10.1234/not-registered"
    assert confirm.params["mailto"] == CONTACT_EMAIL
    assert sorted(found) == ["10.1038/nnano.2014.279", "10.5555/citebot.2024.001"]
    assert found["10.1038/nnano.2014.279"].title == "Charges ride the spin wave"
    assert found["10.1038/nnano.2014.279"].sources == ["crossref"]


async def test_crossref_one_doi_goes_to_its_own_work_route(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST) as http:
        found = await CrossrefSource(http, upstreams.settings()).fetch(["10.1038/nnano.2014.279"])
    (request,) = upstreams.requests
    assert request.path == "/crossref/works/10.1038/nnano.2014.279"
    assert found["10.1038/nnano.2014.279"].title == "Charges ride the spin wave"


async def test_crossref_work_missing_from_a_filter_answer_is_found_at_its_own_route(
    upstreams: FakeUpstreams,
) -> None:
    """A filter index that lags (or a fake that ignores the filter) must not turn a real work into not-found."""
    upstreams.fault(
        "crossref",
        path_suffix="/works",
        times=1,
        body=b'{"status":"ok","message-type":"work-list","message":{"items":[],"total-results":0}}',
    )
    dois = ["10.1038/nnano.2014.279", "10.5555/citebot.2024.001"]
    async with HttpClient(policy=FAST) as http:
        found = await CrossrefSource(http, upstreams.settings()).fetch(dois)
    assert sorted(found) == dois
    assert upstreams.count("crossref") == 3


async def test_crossref_refused_batch_falls_back_to_single_lookups(upstreams: FakeUpstreams) -> None:
    upstreams.fault(
        "crossref",
        status=400,
        times=1,
        body=b'{"status":"failed","message-type":"validation-failure","message":[{"type":"filter-not-valid"}]}',
    )
    dois = ["10.1038/nnano.2014.279", "10.1234/not-registered"]
    async with HttpClient(policy=FAST) as http:
        found = await CrossrefSource(http, upstreams.settings()).fetch(dois)
    assert list(found) == ["10.1038/nnano.2014.279"]
    paths = sorted(r.path for r in upstreams.requests)
    assert paths == [
        "/crossref/works",
        "/crossref/works/10.1038/nnano.2014.279",
        "/crossref/works/10.1234/not-registered",
    ]


async def test_crossref_doi_with_a_comma_is_looked_up_alone(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST) as http:
        found = await CrossrefSource(http, upstreams.settings()).fetch(["10.1234/a,b"])
    assert found == {}
    assert upstreams.requests[0].path == "/crossref/works/10.1234/a,b"


async def test_crossref_rate_limit_headers_retune_the_limiter(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", headers={"x-rate-limit-limit": "5", "x-rate-limit-interval": "2s"})
    limiter = SlidingWindowLimiter(10)
    async with HttpClient(policy=FAST) as http:
        await CrossrefSource(http, upstreams.settings(), limiter).fetch(["10.1038/nnano.2014.279"])
    assert (limiter.max_calls, limiter.period) == (5, 2.0)


def test_announced_budget() -> None:
    assert announced_budget({"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s"}) == (50, 1.0)
    assert announced_budget({"x-rate-limit-limit": "50", "x-rate-limit-interval": "500ms"}) == (50, 0.5)
    assert announced_budget({"x-rate-limit-limit": "many", "x-rate-limit-interval": "1s"}) is None
    assert announced_budget({}) is None


async def test_datacite_by_doi_and_arxiv(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST) as http:
        source = DataCiteSource(http, upstreams.settings())
        found = await source.fetch([arxiv_doi("1902.02534"), "10.5063/f1m61h5x", "10.5061/not-there"])
    assert sorted(found) == ["10.48550/arXiv.1902.02534", "10.5063/f1m61h5x"]
    arxiv = found["10.48550/arXiv.1902.02534"]
    assert arxiv.title is not None and arxiv.title.startswith("Crowdsourcing open citations with CROCI")
    assert arxiv.sources == ["datacite"]
    assert upstreams.count("datacite") == 3
