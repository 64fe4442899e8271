"""Crossref /works parsing on small fixtures shaped like real API answers (tests/fixtures/parsers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.models import Reference
from bot.parsers import UpstreamBodyError, strip_markup
from bot.parsers.crossref import parse_crossref

FIXTURES = Path(__file__).parent / "fixtures" / "parsers"


@pytest.fixture(scope="module")
def work() -> Reference:
    (reference,) = parse_crossref((FIXTURES / "crossref_work.json").read_bytes())
    return reference


@pytest.fixture(scope="module")
def items() -> list[Reference]:
    return parse_crossref((FIXTURES / "crossref_worklist.json").read_bytes())


def test_journal_article_fields(work: Reference) -> None:
    assert work.type == "article-journal"
    assert work.id == work.DOI == "10.1038/s41392-021-00754-6"
    assert work.container_title == "Signal Transduction and Targeted Therapy"
    assert work.container_title_short == "Sig Transduct Target Ther"
    assert (work.volume, work.issue) == ("6", "1")
    assert work.page == "339"  # no "page": the article-number
    assert work.ISSN == "2059-3635"
    assert work.URL == "https://doi.org/10.1038/s41392-021-00754-6"
    assert work.publisher == "Springer Science and Business Media LLC"
    assert work.language == "en"
    assert work.issued is not None and work.issued.date_parts == [[2021, 9, 8]]
    assert work.sources == ["crossref"]


def test_title_markup_and_pretty_printing_whitespace_are_gone_and_subtitle_joined(work: Reference) -> None:
    assert work.title == "Mesenchymal stem cell therapy for severe COVID-19: a review"


def test_authors_suffix_orcid_affiliations_and_literal(work: Reference) -> None:
    assert [(a.family, a.given, a.suffix, a.literal) for a in work.author] == [
        ("Shi", "Lei", None, None),
        ("Wang", "Fu-Sheng", "Jr.", None),
        (None, None, None, "COVID-19 MSC Study Group"),
    ]
    assert work.author[1].orcid == "0000-0002-9180-1234"
    assert work.author[1].affiliation == [
        "Fifth Medical Center of Chinese PLA General Hospital",
        "Peking University",
    ]
    assert [(e.family, e.given) for e in work.editor] == [("van der Berg", "Anna")]


def test_jats_abstract_without_glued_words(work: Reference) -> None:
    assert [(s.label, s.text) for s in work.abstract_sections] == [
        (
            "Background",
            "Mesenchymal stem cells (MSCs) regulate the over-activated inflammatory response in CO2-rich tissue. "
            "A second paragraph follows.",
        ),
        ("Conclusions", "MSC therapy is safe & well tolerated (p<0.05)."),
    ]
    assert work.abstract == (
        "Background: Mesenchymal stem cells (MSCs) regulate the over-activated inflammatory response in CO2-rich "
        "tissue. A second paragraph follows. Conclusions: MSC therapy is safe & well tolerated (p<0.05)."
    )


def test_updated_by_becomes_notices_but_not_an_update_pointing_at_itself(work: Reference) -> None:
    assert [(n.kind, n.doi) for n in work.notices] == [
        ("retracted", "10.1038/s41392-022-01000-0"),
        ("corrected", "10.1038/s41392-021-00800-1"),
    ]


def test_has_preprint_relation(work: Reference) -> None:
    assert [(r.relation, r.doi) for r in work.related] == [("preprint", "10.21203/rs.3.rs-100000/v1")]


def test_work_list_items_in_order(items: list[Reference]) -> None:
    assert [r.DOI for r in items] == [
        "10.1101/2024.04.01.587366",
        "10.14264/uql.2020.791",
        "10.1155/2023/9876543",
    ]


def test_posted_content_is_a_preprint_published_by_its_server(items: list[Reference]) -> None:
    preprint = items[0]
    assert preprint.type == "article" and preprint.is_preprint
    assert preprint.publisher == "bioRxiv"  # not "Cold Spring Harbor Laboratory"
    assert preprint.container_title is None
    assert preprint.abstract == (
        "Understanding the effects of rare variants remains challenging. Here, we introduce a pooled prime "
        "editing platform."
    )
    assert [(r.relation, r.doi) for r in preprint.related] == [("published", "10.1016/j.xgen.2025.100814")]
    assert preprint.author[1].orcid == "0000-0001-5555-444X"


def test_dissertation_uses_approved_date_institution_and_degree(items: list[Reference]) -> None:
    thesis = items[1]
    assert thesis.type == "thesis"
    assert thesis.issued is not None and thesis.issued.date_parts == [[2020, 5, 25]]  # issued is [[null]]
    assert thesis.publisher == "The University of Queensland"
    assert thesis.genre == "PhD Thesis"


def test_retraction_notice_and_string_date_parts(items: list[Reference]) -> None:
    notice = items[2]
    assert [(n.kind, n.doi) for n in notice.notices] == [("retraction-notice", "10.1155/2022/8341966")]
    assert notice.issued is not None and notice.issued.date_parts == [[2023, 9, 27]]
    assert notice.author == []


@pytest.mark.parametrize(
    ("crossref_type", "csl_type"),
    [
        ("journal-article", "article-journal"),
        ("proceedings-article", "paper-conference"),
        ("book-chapter", "chapter"),
        ("monograph", "book"),
        ("dataset", "dataset"),
        ("peer-review", "review"),
        ("journal", "periodical"),
        ("something-new", "article"),
    ],
)
def test_type_mapping(crossref_type: str, csl_type: str) -> None:
    body = json.dumps(
        {
            "status": "ok",
            "message-type": "work",
            "message": {"DOI": "10.1/x", "type": crossref_type, "title": ["T"]},
        }
    ).encode()
    assert parse_crossref(body)[0].type == csl_type


def test_empty_work_list() -> None:
    body = b'{"status":"ok","message-type":"work-list","message":{"total-results":0,"items":[]}}'
    assert parse_crossref(body) == []


@pytest.mark.parametrize(
    "body",
    [
        b'{"status":"failed","message-type":"validation-failure","message":[{"type":"parameter-not-allowed",'
        b'"value":"query.*","message":"This route does not support field query parameters"}]}',
        b'{"status":"error","message-type":"exception","message":{"name":"class clojure.lang.ExceptionInfo"}}',
        b"Resource not found.",
        b'{"status":"ok","message-type":"work","message":{"DOI":"10.1/x","title":["trunc',
        b'{"status":"ok","message-type":"work-agency","message":{"DOI":"10.1/x","agency":{"id":"crossref"}}}',
        b"[]",
    ],
    ids=["validation-failure", "exception", "plain-404", "truncated", "agency", "not-an-object"],
)
def test_error_bodies_raise(body: bytes) -> None:
    with pytest.raises(UpstreamBodyError):
        parse_crossref(body)


def test_validation_message_is_kept() -> None:
    body = (
        b'{"status":"failed","message-type":"validation-failure","message":[{"message":"Integer too big"}]}'
    )
    with pytest.raises(UpstreamBodyError, match="Integer too big"):
        parse_crossref(body)


@pytest.mark.parametrize(
    ("markup", "plain"),
    [
        ("<jats:p>First.</jats:p><jats:p>Second.</jats:p>", "First. Second."),
        ("one<br/>two", "one two"),
        ("the <i>TERT</i> gene", "the TERT gene"),
        ("SnO<sub>2</sub>thin", "SnO2thin"),  # nothing invented
        (
            "detecting\n    <i>KRAS</i>\n    /\n    <i>NRAS</i>\n    mutations",
            "detecting KRAS/NRAS mutations",
        ),
        ("kinase p110α (\n  <i>PIK3CA</i>\n  )", "kinase p110α (PIK3CA)"),
        ("the “\n  <i>Blood</i>\n  ” test", "the “Blood” test"),
        ("a &lt;b&gt; c &amp; d", "a <b> c & d"),  # escaped tags stay text
        ("x<mml:math><mml:mi>y</mml:mi><mml:annotation>\\gamma</mml:annotation></mml:math>z", "xyz"),
        ("plain   text\n", "plain text"),
    ],
)
def test_strip_markup(markup: str, plain: str) -> None:
    assert strip_markup(markup) == plain
