"""Crossref REST ``/works/{doi}`` (message-type work) and ``/works?filter=doi:…`` (work-list) → References.

Decisions:

* ``type``: Crossref's type mapped to CSL (posted-content → "article", its "blog" subtype → "post-weblog",
  proceedings-article → "paper-conference", dissertation → "thesis", peer-review → "review", ...).
* ``title``: ``title[0]`` (the first language when several are given) + ": " + ``subtitle[0]`` when there is a
  non-empty subtitle; markup stripped, entities decoded, words never glued (see ``strip_markup``).
* ``issued``: ``issued``, else ``published``/``published-print``/``published-online``, else ``approved``
  (dissertations); ``[[null]]`` counts as absent.
* ``page``: ``page``, else ``article-number``.
* Preprints (posted-content) and dissertations name their server / university in ``institution``: that becomes
  ``publisher`` (the CSL shape citeproc styles expect: type "article", publisher "bioRxiv").
* ``abstract``: JATS/HTML stripped; a leading "Abstract" title dropped; other section titles become labels
  ("Background: …"), also kept in ``abstract_sections``.
* Notices: ``updated-by`` (newer API) says what happened to this work (retraction → "retracted", correction →
  "corrected", ...); ``update-to`` says this work is itself a notice about others (retraction → "retraction-notice",
  correction → "erratum"). An update pointing at the work itself (PLOS "new_version") is ignored.
* ``relation``: ``is-preprint-of`` → related "published", ``has-preprint`` → related "preprint".
"""

from __future__ import annotations

import re
from typing import Any, Literal

from bot.models import AbstractSection, DateVariable, Name, Notice, NoticeKind, Reference, Related
from bot.parsers import (
    UpstreamBodyError,
    load_json_object,
    normalise_orcid,
    scalar_text,
    strip_markup,
)

__all__ = ["parse_crossref"]

_TYPES = {
    "journal-article": "article-journal",
    "posted-content": "article",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "book-track": "book",
    "reference-entry": "entry",
    "dataset": "dataset",
    "database": "dataset",
    "dissertation": "thesis",
    "peer-review": "review",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "standard": "standard",
    "journal": "periodical",
    "journal-issue": "periodical",
    "journal-volume": "periodical",
    "proceedings": "book",
    "proceedings-series": "book",
    "component": "article",
    "grant": "document",
    "other": "article",
}
_UPDATED_BY: dict[str, NoticeKind] = {
    "retraction": "retracted",
    "withdrawal": "retracted",
    "removal": "retracted",
    "partial_retraction": "corrected",
    "correction": "corrected",
    "erratum": "corrected",
    "corrigendum": "corrected",
    "addendum": "corrected",
    "clarification": "corrected",
    "expression_of_concern": "expression-of-concern",
    "new_version": "updated",
    "new_edition": "updated",
}
_UPDATE_TO: dict[str, NoticeKind] = {
    "retraction": "retraction-notice",
    "withdrawal": "retraction-notice",
    "removal": "retraction-notice",
    "correction": "erratum",
    "erratum": "erratum",
    "corrigendum": "erratum",
    "partial_retraction": "erratum",
}
_ABSTRACT_TITLE = re.compile(
    r"^\s*<((?:jats:)?title)\b[^>]*>\s*(?:abstract|summary)\s*[:.]?\s*</\1>", re.IGNORECASE | re.DOTALL
)
_SECTION_TITLE = re.compile(r"<((?:jats:)?title)\b[^>]*>(.*?)</\1>", re.DOTALL)
_RELATIONS: tuple[tuple[str, Literal["preprint", "published"]], ...] = (
    ("is-preprint-of", "published"),
    ("has-preprint", "preprint"),
)
_DATE_KEYS = ("issued", "published", "published-print", "published-online", "approved")


def parse_crossref(body: bytes) -> list[Reference]:
    """The work(s) in a Crossref answer; an empty work-list → []. Error bodies raise UpstreamBodyError."""
    data = load_json_object(body, "crossref")
    message_type = data.get("message-type")
    message = data.get("message")
    if data.get("status") != "ok" or not isinstance(message, dict):
        raise UpstreamBodyError(f"crossref: {message_type or 'error'}: {_error_text(message)}")
    if message_type == "work":
        return [_work(message)]
    if message_type == "work-list":
        items = message.get("items")
        if not isinstance(items, list):
            raise UpstreamBodyError("crossref: work-list without items")
        return [_work(item) for item in items if isinstance(item, dict)]
    raise UpstreamBodyError(f"crossref: not a works answer (message-type {message_type!r})")


def _error_text(message: Any) -> str:
    if isinstance(message, list):
        return "; ".join(str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in message)[:300]
    if isinstance(message, dict):
        return str(message.get("description") or message.get("name") or "")[:300]
    return str(message)[:300]


def _first_text(value: Any) -> str | None:
    """First non-empty string of a Crossref list field (or the string itself), markup stripped."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str):
            text = strip_markup(item)
            if text:
                return text
    return None


def _work(work: dict[str, Any]) -> Reference:
    crossref_type = work.get("type") if isinstance(work.get("type"), str) else ""
    subtype = work.get("subtype")
    csl_type = _TYPES.get(crossref_type or "", "article")
    if crossref_type == "posted-content" and subtype == "blog":
        csl_type = "post-weblog"
    title = _first_text(work.get("title"))
    subtitle = _first_text(work.get("subtitle"))
    if title and subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    institution = _institution(work.get("institution"))
    publisher = scalar_text(work.get("publisher"))
    if crossref_type in {"posted-content", "dissertation"} and institution:
        publisher = institution
    abstract, sections = _abstract(work.get("abstract"))
    doi = scalar_text(work.get("DOI"))
    notices = _notices(work, doi)
    degree = _first_text(work.get("degree"))
    event = work.get("event")
    return Reference(
        id=doi or "",
        type=csl_type,
        title=title,
        title_short=_first_text(work.get("short-title")),
        author=_names(work.get("author")),
        editor=_names(work.get("editor")),
        container_title=_first_text(work.get("container-title")),
        container_title_short=_first_text(work.get("short-container-title")),
        issued=_issued(work),
        volume=scalar_text(work.get("volume")),
        issue=scalar_text(work.get("issue")),
        page=scalar_text(work.get("page")) or _first_text(work.get("article-number")),
        genre=degree if crossref_type == "dissertation" else None,
        DOI=doi,
        URL=scalar_text(work.get("URL")),
        ISSN=_first_text(work.get("ISSN")),
        ISBN=_first_text(work.get("ISBN")),
        abstract=abstract,
        abstract_sections=sections,
        language=scalar_text(work.get("language")),
        publisher=publisher,
        publisher_place=scalar_text(work.get("publisher-location")),
        event_title=scalar_text(event.get("name")) if isinstance(event, dict) else None,
        notices=notices,
        related=_related(work.get("relation")),
        sources=["crossref"],
    )


def _institution(value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            name = scalar_text(item.get("name"))
            if name:
                return name
    return None


def _names(value: Any) -> list[Name]:
    names: list[Name] = []
    if not isinstance(value, list):
        return names
    for person in value:
        if not isinstance(person, dict):
            continue
        affiliations = [
            a
            for a in (
                scalar_text(x.get("name")) for x in person.get("affiliation") or [] if isinstance(x, dict)
            )
            if a
        ]
        orcid = normalise_orcid(person.get("ORCID"))
        family, given = scalar_text(person.get("family")), scalar_text(person.get("given"))
        if family:
            names.append(
                Name(
                    family=family,
                    given=given,
                    suffix=scalar_text(person.get("suffix")),
                    affiliation=affiliations,
                    orcid=orcid,
                )
            )
        elif scalar_text(person.get("name")) or given:
            names.append(
                Name(literal=scalar_text(person.get("name")) or given, affiliation=affiliations, orcid=orcid)
            )
    return names


def _issued(work: dict[str, Any]) -> DateVariable | None:
    for key in _DATE_KEYS:
        value = work.get(key)
        if isinstance(value, dict):
            date = DateVariable.model_validate({"date-parts": value.get("date-parts")})
            if date.date_parts:
                return DateVariable(date_parts=date.date_parts[:1])
    return None


def _abstract(value: Any) -> tuple[str | None, list[AbstractSection]]:
    if not isinstance(value, str) or not value.strip():
        return None, []
    raw = _ABSTRACT_TITLE.sub("", value.strip(), count=1)
    pieces = _SECTION_TITLE.split(raw)
    # split() with two groups yields: text, tag, title, text, tag, title, text, ...
    sections: list[AbstractSection] = []
    lead = strip_markup(pieces[0])
    if lead:
        sections.append(AbstractSection(text=lead))
    for index in range(1, len(pieces) - 2, 3):
        label = strip_markup(pieces[index + 1]).rstrip(":").strip() or None
        text = strip_markup(pieces[index + 2])
        if text:  # a heading with no text of its own (an outer section's title) is dropped
            sections.append(AbstractSection(label=label, text=text))
    if not sections:
        return None, []
    if len(sections) == 1 and sections[0].label is None:
        return sections[0].text, sections
    plain = " ".join(f"{s.label}: {s.text}" if s.label else s.text for s in sections)
    return plain, sections


def _notices(work: dict[str, Any], own_doi: str | None) -> list[Notice]:
    notices: list[Notice] = []
    own = (own_doi or "").lower()
    for key, mapping in (("updated-by", _UPDATED_BY), ("update-to", _UPDATE_TO)):
        for update in work.get(key) or []:
            if not isinstance(update, dict):
                continue
            kind = mapping.get(str(update.get("type", "")).lower())
            doi = scalar_text(update.get("DOI"))
            if kind is None or (doi and doi.lower() == own):
                continue
            notice = Notice(kind=kind, doi=doi, note=scalar_text(update.get("label")))
            if notice not in notices:
                notices.append(notice)
    return notices


def _related(relation: Any) -> list[Related]:
    related: list[Related] = []
    if not isinstance(relation, dict):
        return related
    for key, kind in _RELATIONS:
        for item in relation.get(key) or []:
            if not isinstance(item, dict):
                continue
            identifier = scalar_text(item.get("id"))
            if not identifier:
                continue
            if str(item.get("id-type", "")).lower() == "doi":
                related.append(Related(relation=kind, doi=identifier))
            else:
                related.append(Related(relation=kind, url=identifier))
    return related
