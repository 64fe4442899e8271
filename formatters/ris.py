"""RIS export (rispy), shaped for what Zotero's RIS translator and EndNote read.

Tag choices, where readers disagree:
- journal: ``T2`` full title (Zotero: publicationTitle; EndNote: Secondary Title = Journal), ``J2`` the
  abbreviation (Zotero: journalAbbreviation; EndNote: Alternate Journal) and, for journal articles, ``JO``
  the abbreviation too, as PubMed's own export writes it (see the seed README) and Zotero reads it. (The 2011
  RIS spec calls JO the full name; a reader following it still finds the full name in T2.)
- title ``TI`` (the spec's current tag; ``T1`` is the old one), dates ``PY`` (year) and ``DA`` ("2021/09/08/").
- PMID in ``AN`` (accession number) with ``DB  - PubMed``; the PMCID goes into a note (``N1``), which both
  readers keep, as does a retraction or correction notice.
- preprints (CSL ``article`` / ``posted-content``) are ``UNPB`` (unpublished work): EndNote shows that type, and
  Zotero, which has no preprint RIS type, imports UNPB (like GEN) as a journal article with the server in T2.
- one URL in ``UR``: the DOI link, else the record's URL, else the PubMed page (rispy joins several UR values
  with ";", so a ";" inside a URL is percent-encoded).
Every value is one line: whitespace (newlines included) collapses to single spaces, control characters go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar
from urllib.parse import quote

import rispy

from bot.models import DateVariable, Name, Reference
from formatters.rich import one_line
from formatters.summary import full_abstract

TYPE_MAP: dict[str, str] = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "dataset": "DATA",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "thesis": "THES",
    "report": "RPRT",
    "article": "UNPB",
    "posted-content": "UNPB",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "patent": "PAT",
    "software": "COMP",
    "manuscript": "MANSCPT",
}
DEFAULT_TYPE = "GEN"

_RANGE = re.compile(r"^(\S+?)\s*[-–—]\s*(\S+)$")
_PMID = re.compile(r"^[0-9]{1,9}\Z")
_PMCID = re.compile(r"^PMC[0-9]{1,9}\Z")
# Characters kept as they are in a DOI link; everything else is percent-encoded so the link survives RIS,
# BibTeX and Slack's <url|label> markup (`<`, `>`, `|`, `#`, `?`, `%`, spaces, `;`, `&` ...).
_DOI_SAFE = "/:()[]._-~+=,@!$*'"
# In an upstream URL: encode what would break a line or Slack's link markup; leave the rest as given.
_URL_UNSAFE = re.compile(r"[\s<>|\"`{}\\^\x00-\x1f\x7f]")


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi.strip(), safe=_DOI_SAFE)


def pubmed_url(pmid: str) -> str | None:
    pmid = pmid.strip()
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if _PMID.match(pmid) else None


def pmc_url(pmcid: str) -> str | None:
    pmcid = pmcid.strip().upper()
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/" if _PMCID.match(pmcid) else None


def safe_url(url: str) -> str | None:
    """An upstream URL fit to print or link: http(s) only, unsafe characters percent-encoded."""
    url = url.strip()
    if not re.match(r"^https?://[^\s/]", url, re.IGNORECASE):
        return None
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def landing_url(ref: Reference) -> str | None:
    """Where a reader should go: the DOI link, else the record's own URL, else PubMed, else PMC."""
    if ref.DOI:
        return doi_url(ref.DOI)
    for url in (
        safe_url(ref.URL) if ref.URL else None,
        pubmed_url(ref.PMID) if ref.PMID else None,
        pmc_url(ref.PMCID) if ref.PMCID else None,
    ):
        if url:
            return url
    return None


def split_pages(page: str) -> tuple[str, str | None]:
    """``"737-8"`` → ``("737", "738")``; ``"823-834.e5"`` → ``("823", "834.e5")``; an e-locator stays whole."""
    page = one_line(page)
    if "," in page:
        return page, None  # several ranges: no single start/end to give
    match = _RANGE.match(page)
    if not match:
        return page, None
    start, end = match.groups()
    if start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end  # MEDLINE abbreviates the last page: 737-8 means 737-738
    return start, end


def person_name(name: Name) -> str:
    """``"Family, Given"`` (``"Family, Given, Suffix"``); an organisation stays whole."""
    if name.literal and not name.family:
        return one_line(name.literal)
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    parts = [one_line(family), one_line(given), one_line(name.suffix)]
    while parts and not parts[-1]:
        parts.pop()
    return ", ".join(parts)


def _ris_date(date: DateVariable | None) -> str | None:
    """RIS ``YYYY/MM/DD/other``, e.g. ``2021/09/08/`` or ``2013///Spring``; None when only a year is known."""
    if date is None or date.year is None:
        return None
    month, day = date.month, date.day
    season = str(date.season) if date.season else ""
    if month is None and not season:
        return None
    parts = [f"{date.year:04d}", f"{month:02d}" if month else "", f"{day:02d}" if month and day else ""]
    return "/".join([*parts, one_line(season)])


def _notes(ref: Reference) -> list[str]:
    notes: list[str] = []
    if ref.PMCID:
        notes.append(f"PMCID: {one_line(ref.PMCID)}")
    labels = {
        "retracted": "Retracted",
        "retraction-notice": "Retraction notice for",
        "corrected": "Correction published",
        "erratum": "Erratum for",
        "expression-of-concern": "Expression of concern",
        "updated": "Updated version",
    }
    for notice in ref.notices:
        where = ", ".join(
            part
            for part in (
                f"PMID {notice.pmid}" if notice.pmid else "",
                f"DOI {notice.doi}" if notice.doi else "",
                one_line(notice.note),
            )
            if part
        )
        notes.append(one_line(f"{labels[notice.kind]}: {where}" if where else labels[notice.kind]))
    for related in ref.related:
        if related.relation == "published":
            link = doi_url(related.doi) if related.doi else safe_url(related.url or "") or ""
            pmid = f"PMID {related.pmid}" if related.pmid else ""
            notes.append(one_line(f"Published version: {' '.join(p for p in (link, pmid) if p)}"))
    return notes


def ris_record(ref: Reference) -> dict[str, Any]:
    """The rispy dict for one reference (keys in rispy's names, in the order written)."""
    kind = TYPE_MAP.get(ref.type, DEFAULT_TYPE)
    record: dict[str, Any] = {"type_of_reference": kind}

    def put(key: str, value: str | None) -> None:
        text = one_line(value)
        if text:
            record[key] = text

    put("title", ref.title)
    authors = [person_name(a) for a in ref.author]
    if authors := [a for a in authors if a]:
        record["authors"] = authors
    editors = [e for e in (person_name(e) for e in ref.editor) if e]
    if editors:
        # Zotero reads a book's editors from A3 (A2 is its series editor); a chapter's, a paper's from A2.
        record["tertiary_authors" if kind == "BOOK" else "secondary_authors"] = editors
    if ref.year is not None:
        record["year"] = f"{ref.year:04d}"
    put("date", _ris_date(ref.issued))
    container = one_line(ref.container_title) or one_line(ref.container_title_short)
    if kind == "BOOK":
        put("secondary_title", ref.collection_title)  # a book's T2 is its series
    else:
        put("secondary_title", container)
        if kind == "CHAP":
            put("tertiary_title", ref.collection_title)
    if ref.container_title_short and one_line(ref.container_title_short) != container:
        put("alternate_title1", ref.container_title_short)
        if kind == "JOUR":
            put("journal_name", ref.container_title_short)
    put("short_title", ref.title_short)
    put("volume", ref.volume)
    put("number", ref.issue)
    if ref.page:
        start, end = split_pages(ref.page)
        put("start_page", start)
        put("end_page", end)
    put("edition", ref.edition)
    put("publisher", ref.publisher)
    put("place_published", ref.publisher_place)
    if kind == "THES":
        put("type_of_work", ref.genre)
    # SN: ISBN for books and chapters, the report number for reports, ISSN otherwise (Zotero's reading).
    if kind in {"BOOK", "CHAP"}:
        put("issn", ref.ISBN or ref.ISSN)
    elif kind == "RPRT":
        put("issn", ref.number or ref.ISSN)
    else:
        put("issn", ref.ISSN)
    put("doi", ref.DOI)
    if url := landing_url(ref):
        record["urls"] = [url.replace(";", "%3B")]
    if ref.abstract or ref.abstract_sections:
        put("abstract", full_abstract(ref))
    put("language", ref.language)
    keywords = [k for k in (one_line(k) for k in ref.keywords) if k]
    if keywords:
        record["keywords"] = keywords
    if ref.PMID:
        put("accession_number", ref.PMID)
        record["name_of_database"] = "PubMed"
    if notes := _notes(ref):
        record["notes"] = notes
    if ref.accessed:
        put("access_date", _ris_date(ref.accessed) or (str(ref.accessed.year) if ref.accessed.year else None))
    return record


class _Writer(rispy.RisWriter):  # type: ignore[misc]
    # rispy numbers each record with a "1." line above TY; RIS has no such line and some readers choke on it.
    DEFAULT_IGNORE: ClassVar[list[str]] = []

    def set_header(self, count: int) -> str:
        return ""


def to_ris(refs: Sequence[Reference]) -> str:
    """One RIS record per reference, in order; an empty string for no references."""
    if not refs:
        return ""
    return str(rispy.dumps([ris_record(ref) for ref in refs], implementation=_Writer))
