"""``citebot cite --format csl-json`` end to end: CLI → Resolver → fake upstreams over real HTTP.

The CLI runs its own event loop (``asyncio.run``), so the fake server runs in a background thread.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.cli import main
from bot.settings import get_settings
from tests.fakes.upstream import FakeUpstreams


@pytest.fixture
def fake(upstreams_in_thread: FakeUpstreams, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeUpstreams]:
    for name, value in upstreams_in_thread.env(CITEBOT_HTTP_TIMEOUT="2").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield upstreams_in_thread
    get_settings.cache_clear()


def cite(*args: str, stdin: str = "") -> tuple[int, Any]:
    out = io.StringIO()
    code = main(["cite", "--format", "csl-json", *args], out=out, stdin=io.StringIO(stdin))
    text = out.getvalue()
    return code, json.loads(text) if text else None


def test_every_kind_of_id_in_order_with_errors_as_items(fake: FakeUpstreams) -> None:
    code, items = cite("34497264", "10.1038/nnano.2014.279", "PMC8424619", "arXiv:1902.02534", "99999999")
    assert code == 1  # one id did not resolve
    assert [item["id"] for item in items] == [
        "pmid:34497264",
        "doi:10.1038/nnano.2014.279",
        "pmcid:PMC8424619",
        "arxiv:1902.02534",
        "pmid:99999999",
    ]
    seed, nano, pmc, arxiv, missing = items
    # Values as in the fixture bodies (tests/fixtures/upstream).
    assert seed["title"] == "Mesenchymal stem cell therapy for severe COVID-19."
    assert seed["author"][0] == {"family": "Shi", "given": "Lei"}
    assert seed["container-title"] == "Signal transduction and targeted therapy"
    assert (seed["volume"], seed["issue"], seed["page"]) == ("6", "1", "339")
    assert seed["issued"] == {"date-parts": [[2021, 9, 8]]}
    assert (seed["PMID"], seed["DOI"], seed["PMCID"]) == (
        "34497264",
        "10.1038/s41392-021-00754-6",
        "PMC8424619",
    )
    assert seed["abstract"].startswith("The coronavirus disease 2019")
    # The CSL-JSON dump carries CSL fields only: none of our extras.
    assert not {"sources", "abstract_sections", "publication_types", "notices"} & set(seed)
    assert nano["title"] == "Charges ride the spin wave" and nano["page"] == "22-24"
    assert pmc["PMID"] == "34497264"
    assert arxiv["DOI"].lower() == "10.48550/arxiv.1902.02534"
    assert missing == {
        "id": "pmid:99999999",
        "error": {
            "code": "not_found",
            "message": "PMID 99999999 was not found in PubMed. Check the number, or paste the DOI instead.",
        },
    }
    # tool and email went to NCBI, mailto to Crossref.
    efetch = fake.requests_for("pubmed", "efetch.fcgi")[0]
    assert efetch.params["tool"] == "citebot" and efetch.params["email"] == "citebot-tests@example.org"
    assert fake.requests_for("crossref")[0].params["mailto"] == "citebot-tests@example.org"


def test_all_resolved_exits_0(fake: FakeUpstreams) -> None:
    code, items = cite("pmid:34497264", "doi:10.5555/citebot.2024.001")
    assert code == 0
    assert items[1]["PMID"] == "90000001" and items[1]["volume"] == "12"  # completed from Crossref


def test_ids_from_stdin(fake: FakeUpstreams) -> None:
    code, items = cite(stdin="34497264\n")
    assert code == 0 and items[0]["PMID"] == "34497264"


def test_no_ids_is_a_usage_error(fake: FakeUpstreams) -> None:
    code, items = cite()
    assert code == 2 and items is None
    assert fake.requests == []


def test_a_word_that_is_no_id_is_an_invalid_item(fake: FakeUpstreams) -> None:
    code, items = cite("hello", "34497264")
    assert code == 1
    assert items[0]["id"] == "hello" and items[0]["error"]["code"] == "invalid"
    assert items[1]["PMID"] == "34497264"


def test_an_upstream_fault_is_an_unavailable_item_and_the_rest_resolves(fake: FakeUpstreams) -> None:
    fake.fault("pubmed", status=500)
    began = time.monotonic()
    code, items = cite("34497264", "arXiv:1902.02534")
    assert time.monotonic() - began < 2.5  # CITEBOT_HTTP_TIMEOUT=2 bounds the whole resolve
    assert code == 1
    assert items[0] == {
        "id": "pmid:34497264",
        "error": {
            "code": "unavailable",
            "message": "PubMed is not answering right now (HTTP 500 after 3 tries). Try again in a minute.",
        },
    }
    assert items[1]["DOI"].lower() == "10.48550/arxiv.1902.02534"
