"""Every recorded upstream body in ../shared/fixtures/upstream through the right parser, checked against the raw data.

The expected values are read from the raw bodies here, independently of the parsers (the XML with the standard
library's ElementTree, the JSON with ``json``), so a parser bug cannot confirm itself. Parametrised by file so
a failure names it; skipped with a reason when ../shared is absent.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.models import Reference
from bot.parsers import UpstreamBodyError
from bot.parsers.crossref import parse_crossref
from bot.parsers.datacite import parse_datacite
from bot.parsers.idconv import parse_idconv
from bot.parsers.pubmed import parse_efetch
from tests.conftest import SHARED

UPSTREAM = SHARED / "fixtures" / "upstream"
pytestmark = pytest.mark.corpus


def _files(pattern: str) -> list[str]:
    found = sorted(str(p.relative_to(UPSTREAM)) for p in UPSTREAM.glob(pattern)) if UPSTREAM.is_dir() else []
    return found or [f"(no {pattern} under ../shared)"]


def _body(shared_dir: Path, name: str) -> bytes:
    return (shared_dir / "fixtures" / "upstream" / name).read_bytes()


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _itertext(element: ET.Element | None) -> str:
    return _norm("".join(element.itertext())) if element is not None else ""


def _letters(text: str | None) -> str:
    """Only letters and digits: compares titles whatever happened to markup and spacing."""
    return re.sub(r"[\W_]", "", html.unescape(re.sub(r"<[^>]+>", "", text or ""))).lower()


# The issue's table: CommentsCorrections RefType → notice kind.
NOTICE_OF_REFTYPE = {
    "RetractionIn": "retracted",
    "RetractionOf": "retraction-notice",
    "ErratumIn": "corrected",
    "ErratumFor": "erratum",
    "ExpressionOfConcernIn": "expression-of-concern",
    "UpdateIn": "updated",
}

# --- PubMed ------------------------------------------------------------------------------------------------------


def _expected_pubmed(record: ET.Element) -> dict[str, Any]:
    """What the raw record says, read with ElementTree."""
    book = record.tag == "PubmedBookArticle"
    base = record.find("BookDocument") if book else record.find("MedlineCitation/Article")
    citation = record.find("BookDocument") if book else record.find("MedlineCitation")
    assert base is not None and citation is not None
    title = _itertext(base.find("ArticleTitle")) or _itertext(base.find("VernacularTitle"))
    if book and not title:
        title = _itertext(base.find("Book/BookTitle"))
    lists = base.findall("AuthorList")
    authors = [
        a
        for author_list in lists
        if author_list.get("Type") != "editors"
        for a in author_list.findall("Author")
        if a.get("ValidYN", "Y") != "N"
    ]
    if book:
        date = base.find("ContributionDate") if base.find("ArticleTitle") is not None else None
        if date is None:
            date = base.find("Book/PubDate")
        id_list = base.find("ArticleIdList")
    else:
        date = base.find("Journal/JournalIssue/PubDate")
        id_list = record.find("PubmedData/ArticleIdList")
    assert date is not None
    year_text = date.findtext("Year") or re.search(r"\d{4}", date.findtext("MedlineDate") or "").group(0)  # type: ignore[union-attr]
    ids = {
        e.get("IdType"): _norm(e.text) for e in (id_list.findall("ArticleId") if id_list is not None else [])
    }
    elocation_doi = next(
        (_norm(e.text) for e in base.findall("ELocationID") if e.get("EIdType") == "doi"), None
    )
    abstract_texts = [_itertext(e) for e in base.findall("Abstract/AbstractText")]
    publication_types = {_itertext(e) for e in base.iter("PublicationType")}
    return {
        "pmid": _norm(citation.findtext("PMID")),
        "title": title,
        "authors": len(authors),
        "year": int(year_text),
        "doi": ids.get("doi") or elocation_doi,
        "pmcid": ids.get("pmc"),
        "journal": None if book else _norm(base.findtext("Journal/Title")),
        "volume": None if book else _norm(base.findtext("Journal/JournalIssue/Volume")) or None,
        "issue": None if book else _norm(base.findtext("Journal/JournalIssue/Issue")) or None,
        "medline_pgn": _norm(base.findtext("Pagination/MedlinePgn")) or None,
        "abstract_texts": [t for t in abstract_texts if t],
        "notice_kinds": {
            NOTICE_OF_REFTYPE[c.get("RefType", "")]
            for c in citation.findall("CommentsCorrectionsList/CommentsCorrections")
            if c.get("RefType") in NOTICE_OF_REFTYPE
        }
        | ({"retracted"} if "Retracted Publication" in publication_types else set()),
    }


PUBMED_FILES = _files("pubmed/*.xml") + [
    f for f in _files("other/pubmed_ftp_update_excerpt_*.xml") if "(" not in f
]


@pytest.mark.parametrize("name", PUBMED_FILES)
def test_pubmed_file(shared_dir: Path, name: str) -> None:
    body = _body(shared_dir, name)
    references = parse_efetch(body)
    records = [r for r in ET.fromstring(body) if r.tag in {"PubmedArticle", "PubmedBookArticle"}]
    assert len(references) == len(records), "one Reference per record"
    for record, reference in zip(records, references, strict=True):
        expected = _expected_pubmed(record)
        where = f"{name} PMID {expected['pmid']}"
        assert reference.PMID == reference.id == expected["pmid"], where
        assert reference.title == expected["title"], where
        assert len(reference.author) == expected["authors"], where
        assert reference.year == expected["year"], where
        assert expected["doi"] == reference.DOI, where
        assert expected["pmcid"] == reference.PMCID, where
        assert reference.container_title == (expected["journal"] or None) or reference.type == "chapter", (
            where
        )
        assert (reference.volume, reference.issue) == (expected["volume"], expected["issue"]), where
        if expected["medline_pgn"]:
            assert reference.page == expected["medline_pgn"], where
        if reference.page:
            assert not reference.page.startswith("10."), f"{where}: a DOI in page"
        for text in expected["abstract_texts"]:
            assert text in (reference.abstract or ""), f"{where}: abstract lacks {text[:60]!r}"
        assert len(reference.abstract_sections) == len(expected["abstract_texts"]), where
        assert {n.kind for n in reference.notices} == expected["notice_kinds"], where
        assert reference.sources == ["pubmed"]
        for name_ in reference.author:
            assert name_.family or name_.literal, f"{where}: empty name"
            for part in (name_.family, name_.given, name_.literal):
                assert part is None or (part == part.strip() and "  " not in part), where


def test_pubmed_corpus_covers_the_advertised_records(shared_dir: Path) -> None:
    pmids: set[str] = set()
    count = 0
    for name in _files("pubmed/*.xml"):
        references = parse_efetch(_body(shared_dir, name))
        count += len(references)
        pmids.update(r.PMID or "" for r in references)
    assert (count, len(pmids)) == (66, 61)  # MANIFEST: 66 records, 61 distinct PMIDs
    assert {"20301295", "20301577"} <= pmids  # the two Bookshelf records


# --- Crossref ----------------------------------------------------------------------------------------------------


def _crossref_works(body: bytes) -> list[dict[str, Any]] | None:
    """The works of a body, or None when the raw body is an error / not a works answer."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("status") != "ok":
        return None
    if data.get("message-type") == "work":
        return [data["message"]]
    if data.get("message-type") == "work-list":
        return list(data["message"]["items"])
    return None


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else None


_MARKUP = re.compile(r"</?[A-Za-z][\w:.-]*[\s/>]")  # a tag left in what should be plain text


def _alongside(
    raw: list[dict[str, Any]] | None, body: bytes, parse: Callable[[bytes], list[Reference]]
) -> list[tuple[dict[str, Any], Reference]]:
    """Each raw record with the Reference parsed from it; ``raw`` None (an error body) must make ``parse``
    raise ``UpstreamBodyError``, and then there is nothing to compare."""
    if raw is None:
        with pytest.raises(UpstreamBodyError):
            parse(body)
        return []
    references = parse(body)
    assert len(references) == len(raw)
    return list(zip(raw, references, strict=True))


def _crossref_year(work: dict[str, Any]) -> int | None:
    for key in ("issued", "published", "published-print", "published-online", "approved"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts[0] and parts[0][0] is not None:
            return int(parts[0][0])
    return None


@pytest.mark.parametrize("name", _files("crossref/*"))
def test_crossref_file(shared_dir: Path, name: str) -> None:
    body = _body(shared_dir, name)
    for work, reference in _alongside(_crossref_works(body), body, parse_crossref):
        where = f"{name} {work.get('DOI')}"
        assert work.get("DOI") == reference.DOI, where
        raw_title = next((t for t in work.get("title") or [] if t.strip()), None)
        if raw_title:
            assert _letters(reference.title).startswith(_letters(raw_title)), where
            assert reference.title == _norm(reference.title), where
            assert not _MARKUP.search(reference.title or ""), where
        else:
            assert reference.title is None, where
        people = [a for a in work.get("author") or [] if a.get("family") or a.get("name") or a.get("given")]
        assert len(reference.author) == len(people), where
        assert reference.year == _crossref_year(work), where
        container = _first(work.get("container-title"))
        assert reference.container_title == (
            _norm(html.unescape(container)) or None if container else None
        ), where
        assert reference.volume == work.get("volume"), where
        article_number = work.get("article-number")
        assert reference.page == (work.get("page") or _first(article_number) or article_number), where
        if work.get("abstract"):
            assert reference.abstract and not _MARKUP.search(reference.abstract), where
            assert not re.search(r"[a-z]\.[A-Z][a-z]", reference.abstract), f"{where}: glued sentences"
        assert reference.sources == ["crossref"]


# --- DataCite ----------------------------------------------------------------------------------------------------


def _datacite_records(body: bytes) -> list[dict[str, Any]] | None:
    data = json.loads(body)
    if "errors" in data:
        return None
    records = data["data"]
    return records if isinstance(records, list) else [records]


@pytest.mark.parametrize("name", _files("datacite/*"))
def test_datacite_file(shared_dir: Path, name: str) -> None:
    body = _body(shared_dir, name)
    for record, reference in _alongside(_datacite_records(body), body, parse_datacite):
        attributes = record["attributes"]
        where = f"{name} {attributes['doi']}"
        assert attributes["doi"].lower() == (reference.DOI or "").lower(), where  # DOIs are case-insensitive
        main_title = next(t["title"] for t in attributes["titles"] if not t.get("titleType"))
        assert _letters(reference.title).startswith(_letters(main_title)), where
        assert len(reference.author) == len(attributes["creators"]), where
        assert reference.year == int(attributes["publicationYear"]), where
        if attributes["doi"].lower().startswith("10.48550/arxiv."):
            assert (reference.type, reference.publisher) == ("article", "arXiv"), where
        assert reference.sources == ["datacite"]


# --- ID Converter ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", _files("idconv/*"))
def test_idconv_file(shared_dir: Path, name: str) -> None:
    body = _body(shared_dir, name)
    data = json.loads(body)
    if data.get("status") == "error":
        with pytest.raises(UpstreamBodyError):
            parse_idconv(body)
        return
    records = parse_idconv(body)
    assert [(r.pmid, r.pmcid, r.doi) for r in records] == [
        (raw.get("pmid"), raw.get("pmcid"), raw.get("doi")) for raw in data["records"]
    ]
    assert all(r.error is None for r in records)


def _parse_all(shared_dir: Path) -> list[Reference]:
    references: list[Reference] = []
    for name in _files("pubmed/*.xml"):
        references += parse_efetch(_body(shared_dir, name))
    return references


def test_corpus_has_inline_markup_without_invented_or_lost_spaces(shared_dir: Path) -> None:
    by_pmid = {r.PMID: r for r in _parse_all(shared_dir)}
    assert "at the TERT gene region" in (by_pmid["27797938"].title or "")
    assert (by_pmid["38914053"].title or "").startswith("Doped SnO2thin films")  # NCBI glued it; so do we
    assert by_pmid["20301577"].title == "CACNA1C-Related Disorders"
