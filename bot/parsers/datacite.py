"""DataCite REST ``/dois/{doi}`` (``data`` an object) and ``/dois?…`` (``data`` a list) → References.

Decisions:

* ``type`` from ``types.resourceTypeGeneral`` (Dataset → "dataset", Software → "software", Preprint → "article",
  ...); for the catch-all "Text" the free ``resourceType`` decides ("Journal Article", "ConferencePaper",
  "Dissertation"/"Thesis", "BlogPosting", "Book", ...), else DataCite's own ``types.citeproc``.
* arXiv (``10.48550/arXiv.*``, publisher "arXiv") has the shape the reference preprint item has: type "article",
  ``publisher`` "arXiv", no container.
* ``title``: the first title without a ``titleType`` (translated and alternative titles skipped) + ": " + a
  Subtitle when there is one.
* Creators: Organizational → ``literal``; Personal (or unmarked with familyName) → family/given; a bare
  "Family, Given" name is split at the comma; anything else (a single word, a ";"-joined list) stays ``literal``.
  Editors come from ``contributors`` of type Editor.
* ``issued``: the "Issued" date; when that has only the year and a "Submitted"/"Available" date of the
  same year is more precise (arXiv gives "2019" and submission 2019-02-07), the most precise earliest one;
  ``publicationYear`` as the last resort.
* ``abstract``: ``descriptions`` of type Abstract (markup stripped), several joined with a space.
* Related: IsPreprintOf → "published", HasPreprint → "preprint" (DOI or URL).

The model has no CSL ``version`` field, so DataCite's ``version`` is not kept (reported to the model's owner).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from bot.models import DateVariable, Name, Reference, Related
from bot.parsers import (
    UpstreamBodyError,
    load_json_object,
    normalise_orcid,
    scalar_text,
    strip_markup,
)

__all__ = ["parse_datacite"]

_GENERAL_TYPES = {
    "dataset": "dataset",
    "software": "software",
    "computationalnotebook": "software",
    "preprint": "article",
    "journalarticle": "article-journal",
    "conferencepaper": "paper-conference",
    "conferenceproceeding": "book",
    "dissertation": "thesis",
    "book": "book",
    "bookchapter": "chapter",
    "report": "report",
    "standard": "standard",
    "peerreview": "review",
    "collection": "collection",
    "image": "graphic",
    "audiovisual": "motion_picture",
    "sound": "song",
    "event": "event",
    "physicalobject": "document",
    "interactiveresource": "webpage",
    "service": "software",
    "model": "document",
    "workflow": "document",
    "datapaper": "article-journal",
    "journal": "periodical",
    "outputmanagementplan": "document",
    "instrument": "document",
    "studyregistration": "document",
    "other": "document",
}
# resourceType (free text) under the catch-all "Text", lower-cased with spaces/dashes removed.
_TEXT_TYPES = {
    "journalarticle": "article-journal",
    "article": "article-journal",
    "conferencepaper": "paper-conference",
    "dissertation": "thesis",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "blogposting": "post-weblog",
    "blogpost": "post-weblog",
    "book": "book",
    "bookchapter": "chapter",
    "report": "report",
    "preprint": "article",
    "workingpaper": "article",
}
_CSL_TYPES = frozenset(
    {
        "article", "article-journal", "article-magazine", "article-newspaper", "book", "chapter", "dataset",
        "document", "entry", "graphic", "paper-conference", "periodical", "post", "post-weblog", "report",
        "review", "software", "speech", "standard", "thesis", "webpage", "collection", "event", "song",
        "motion_picture",
    }
)  # fmt: skip
# Only these are parts of a container; a thesis' or dataset's "container" is a series note, not a venue.
_CONTAINED_TYPES = frozenset({"article-journal", "paper-conference", "chapter", "post-weblog", "entry"})
_RELATIONS: dict[str, Literal["preprint", "published"]] = {
    "IsPreprintOf": "published",
    "HasPreprint": "preprint",
}
_PRECISE_DATE_TYPES = ("Submitted", "Available")  # not "Created": that is when the record was made
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_EDITOR_MARK = re.compile(r"\s*\((?:ed|eds|editor)\.?\)\s*$", re.IGNORECASE)


def parse_datacite(body: bytes) -> list[Reference]:
    """The DOI record(s) of a DataCite answer; an empty list → []. Error bodies raise UpstreamBodyError."""
    data = load_json_object(body, "datacite")
    if "errors" in data:
        errors = data.get("errors") or []
        text = "; ".join(
            f"{e.get('status', '')} {e.get('title', '')}".strip() for e in errors if isinstance(e, dict)
        )
        raise UpstreamBodyError(f"datacite: {text or 'error'}")
    records = data.get("data")
    if isinstance(records, dict):
        return [_record(records)]
    if isinstance(records, list):
        return [_record(r) for r in records if isinstance(r, dict)]
    raise UpstreamBodyError("datacite: no data in the answer")


_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.", re.IGNORECASE)


def _canonical_doi(doi: str | None) -> str | None:
    # DataCite stores DOIs lower-cased; arXiv's own spelling (10.48550/arXiv.X) is what readers recognise.
    return _ARXIV_DOI.sub("10.48550/arXiv.", doi) if doi else doi


def _record(record: dict[str, Any]) -> Reference:
    attributes = record.get("attributes")
    if not isinstance(attributes, dict):
        raise UpstreamBodyError("datacite: record without attributes")
    doi = _canonical_doi(scalar_text(attributes.get("doi")) or scalar_text(record.get("id")))
    publisher = _publisher(attributes.get("publisher"))
    csl_type = _type(attributes.get("types"), doi, publisher)
    raw_container = attributes.get("container")
    container: dict[str, Any] = raw_container if isinstance(raw_container, dict) else {}
    container_title = scalar_text(container.get("title")) if csl_type in _CONTAINED_TYPES else None
    abstracts = [
        strip_markup(d["description"])
        for d in attributes.get("descriptions") or []
        if isinstance(d, dict)
        and d.get("descriptionType") == "Abstract"
        and isinstance(d.get("description"), str)
    ]
    abstract = " ".join(a for a in abstracts if a) or None
    return Reference(
        id=doi or "",
        type=csl_type,
        title=_title(attributes.get("titles")),
        author=_names(attributes.get("creators")),
        editor=_names(
            [
                c
                for c in attributes.get("contributors") or []
                if isinstance(c, dict) and c.get("contributorType") == "Editor"
            ]
        ),
        container_title=container_title,
        issued=_issued(attributes),
        volume=scalar_text(container.get("volume")) if container_title else None,
        issue=scalar_text(container.get("issue")) if container_title else None,
        DOI=doi,
        URL=scalar_text(attributes.get("url")),
        abstract=abstract,
        language=scalar_text(attributes.get("language")),
        publisher=publisher,
        related=_related(attributes.get("relatedIdentifiers")),
        sources=["datacite"],
    )


def _publisher(value: Any) -> str | None:
    if isinstance(
        value, dict
    ):  # DataCite ≥ 4.5 with ?publisher=true: {"name": ..., "publisherIdentifier": ...}
        return scalar_text(value.get("name"))
    return scalar_text(value)


def _type(types: Any, doi: str | None, publisher: str | None) -> str:
    if (doi and doi.lower().startswith("10.48550/arxiv.")) or (publisher or "").lower() == "arxiv":
        return "article"
    if not isinstance(types, dict):
        return "article"
    general = re.sub(r"[\s_-]", "", str(types.get("resourceTypeGeneral") or "")).lower()
    specific = re.sub(r"[\s_-]", "", str(types.get("resourceType") or "")).lower()
    if general == "text" and specific in _TEXT_TYPES:
        return _TEXT_TYPES[specific]
    if general in _GENERAL_TYPES:
        return _GENERAL_TYPES[general]
    citeproc = types.get("citeproc")
    return citeproc if isinstance(citeproc, str) and citeproc in _CSL_TYPES else "article"


def _title(titles: Any) -> str | None:
    if not isinstance(titles, list):
        return None
    main = subtitle = None
    for entry in titles:
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            continue
        kind = entry.get("titleType")
        if not kind and main is None:
            main = strip_markup(entry["title"]) or None
        elif kind == "Subtitle" and subtitle is None:
            subtitle = strip_markup(entry["title"]) or None
    if main is None:  # only typed titles: take the first one rather than nothing
        main = next(
            (strip_markup(e["title"]) for e in titles if isinstance(e, dict) and e.get("title")), None
        )
    if main and subtitle and subtitle.lower() not in main.lower():
        return f"{main}: {subtitle}"
    return main


def _names(creators: Any) -> list[Name]:
    names: list[Name] = []
    if not isinstance(creators, list):
        return names
    for creator in creators:
        if isinstance(creator, dict):
            name = _name(creator)
            if name is not None:
                names.append(name)
    return names


def _name(creator: dict[str, Any]) -> Name | None:
    affiliations = [a for a in (_affiliation(x) for x in creator.get("affiliation") or []) if a]
    orcid = next(
        (
            normalise_orcid(i.get("nameIdentifier"))
            for i in creator.get("nameIdentifiers") or []
            if isinstance(i, dict) and "orcid" in str(i.get("nameIdentifierScheme", "")).lower()
        ),
        None,
    )
    full = scalar_text(creator.get("name"))
    full = _EDITOR_MARK.sub("", full) if full else None
    family, given = scalar_text(creator.get("familyName")), scalar_text(creator.get("givenName"))
    if creator.get("nameType") == "Organizational":
        return (
            Name(literal=full or family, affiliation=affiliations, orcid=orcid) if (full or family) else None
        )
    if family:
        return Name(family=family, given=given, affiliation=affiliations, orcid=orcid)
    if full and full.count(",") == 1 and ";" not in full:
        last, first = (part.strip() for part in full.split(","))
        if last and first:
            return Name(family=last, given=first, affiliation=affiliations, orcid=orcid)
    return Name(literal=full, affiliation=affiliations, orcid=orcid) if full else None


def _affiliation(value: Any) -> str | None:
    if isinstance(value, dict):
        return scalar_text(value.get("name"))
    return scalar_text(value)


def _parse_date(text: Any) -> list[int] | None:
    if not isinstance(text, str):
        return None
    match = _DATE.match(text)
    if not match:
        return None
    parts = [int(match.group(1))]
    for group in (2, 3):
        if match.group(group) is None:
            break
        number = int(match.group(group))
        if not (1 <= number <= (12 if group == 2 else 31)):
            break
        parts.append(number)
    return parts


def _issued(attributes: dict[str, Any]) -> DateVariable | None:
    dates = [d for d in attributes.get("dates") or [] if isinstance(d, dict)]
    issued = next(
        (p for d in dates if d.get("dateType") == "Issued" and (p := _parse_date(d.get("date")))), None
    )
    if issued is None:
        year = scalar_text(attributes.get("publicationYear"))
        issued = _parse_date(year) if year else None
    if issued is None:
        return None
    if len(issued) == 1:
        precise = [
            p
            for d in dates
            if d.get("dateType") in _PRECISE_DATE_TYPES
            and (p := _parse_date(d.get("date")))
            and p[0] == issued[0]
            and len(p) > 1
        ]
        if precise:
            issued = min(precise, key=lambda p: (-len(p), p))
    return DateVariable(date_parts=[issued])


def _related(identifiers: Any) -> list[Related]:
    related: list[Related] = []
    for item in identifiers or []:
        if not isinstance(item, dict):
            continue
        relation = _RELATIONS.get(str(item.get("relationType", "")))
        value = scalar_text(item.get("relatedIdentifier"))
        if relation is None or not value:
            continue
        if str(item.get("relatedIdentifierType", "")).upper() == "DOI":
            related.append(Related(relation=relation, doi=value))
        else:
            related.append(Related(relation=relation, url=value))
    return related
