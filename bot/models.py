"""The one record type (``Reference``, CSL-JSON aligned) and the failure value (``Problem``).

Field names follow CSL-JSON, so ``Reference.to_csl_json()`` is a plain dump. What CSL lacks but chat needs
(abstract sections, affiliations, publication types, notices, related versions, sources) lives in extra
fields that the CSL-JSON dump leaves out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

IdKind = Literal["pmid", "doi", "pmcid", "arxiv"]

ID_LABELS: dict[str, str] = {"pmid": "PMID", "doi": "DOI", "pmcid": "PMCID", "arxiv": "arXiv"}


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier found in text. ``key`` is what two mentions of the same work share."""

    kind: IdKind
    value: str

    @property
    def key(self) -> str:
        # DOIs are case-insensitive; the others are normalised on extraction.
        return f"{self.kind}:{self.value.lower() if self.kind == 'doi' else self.value}"

    @property
    def label(self) -> str:
        """Human form: ``PMID 34497264``, ``DOI 10.1/x``."""
        return f"{ID_LABELS[self.kind]} {self.value}"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"

    @classmethod
    def parse(cls, text: str) -> Identifier:
        """Parse the ``kind:value`` form printed by ``citebot ids``."""
        kind, _, value = text.partition(":")
        if kind not in ID_LABELS or not value:
            raise ValueError(f"not a kind:value identifier: {text!r}")
        return cls(kind, value)  # type: ignore[arg-type]


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore", validate_assignment=False)


class Name(_Model):
    """A CSL name: a person (family/given) or an organisation (literal)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    suffix: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")
    # Not CSL: kept for the card and the RIS/BibTeX exports, left out of the CSL-JSON dump.
    affiliation: list[str] = Field(default_factory=list, exclude=True)
    orcid: str | None = Field(None, exclude=True)

    _norm = field_validator("family", "given", "literal", "suffix", mode="before")(_nfc)


class DateVariable(_Model):
    """CSL date: ``{"date-parts": [[2021, 9, 8]]}``; a range has two parts; ``season`` 1-4 or a word."""

    date_parts: list[list[int]] | None = Field(None, alias="date-parts")
    season: int | str | None = None
    literal: str | None = None
    circa: bool | None = None
    raw: str | None = None

    @field_validator("date_parts", mode="before")
    @classmethod
    def _coerce_parts(cls, value: Any) -> Any:
        # CSL-JSON in the wild carries "2021" strings and empty parts; keep only leading integers.
        if not isinstance(value, list):
            return value
        parts: list[list[int]] = []
        for part in value:
            if not isinstance(part, list):
                continue
            ints: list[int] = []
            for p in part:
                try:
                    ints.append(int(p))
                except (TypeError, ValueError):
                    break
            if ints:
                parts.append(ints)
        return parts or None

    @property
    def year(self) -> int | None:
        return self.date_parts[0][0] if self.date_parts else None

    @property
    def month(self) -> int | None:
        return self.date_parts[0][1] if self.date_parts and len(self.date_parts[0]) > 1 else None

    @property
    def day(self) -> int | None:
        return self.date_parts[0][2] if self.date_parts and len(self.date_parts[0]) > 2 else None


class AbstractSection(_Model):
    """One labelled part of a structured abstract; ``label`` is None for an unstructured one."""

    label: str | None = None
    nlm_category: str | None = None
    text: str

    _norm = field_validator("label", "text", mode="before")(_nfc)


NoticeKind = Literal[
    "retracted",  # this work has been retracted (RetractionIn, Crossref update of type retraction)
    "retraction-notice",  # this record is the retraction notice of another (RetractionOf)
    "corrected",  # an erratum/correction exists (ErratumIn)
    "erratum",  # this record is an erratum for another (ErratumFor)
    "expression-of-concern",  # ExpressionOfConcernIn
    "updated",  # UpdateIn / new version
]


class Notice(_Model):
    """Something a reader must know about this work, with where the notice itself lives."""

    kind: NoticeKind
    pmid: str | None = None
    doi: str | None = None
    note: str | None = None


class Related(_Model):
    """Another version of the same work: its preprint or its published article."""

    relation: Literal["preprint", "published"]
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None


SourceName = Literal["pubmed", "idconv", "crossref", "datacite", "input"]

# Fields that are ours, not CSL: excluded from the CSL-JSON dump.
_EXTRA_FIELDS = {
    "abstract_sections",
    "publication_types",
    "keywords",
    "notices",
    "related",
    "sources",
}


class Reference(_Model):
    """A bibliographic record, CSL-JSON aligned."""

    id: str = ""
    type: str = "article-journal"
    title: str | None = None
    title_short: str | None = Field(None, alias="title-short")
    author: list[Name] = Field(default_factory=list)
    editor: list[Name] = Field(default_factory=list)
    translator: list[Name] = Field(default_factory=list)
    container_author: list[Name] = Field(default_factory=list, alias="container-author")
    collection_editor: list[Name] = Field(default_factory=list, alias="collection-editor")
    reviewed_author: list[Name] = Field(default_factory=list, alias="reviewed-author")
    interviewer: list[Name] = Field(default_factory=list)
    recipient: list[Name] = Field(default_factory=list)
    director: list[Name] = Field(default_factory=list)
    illustrator: list[Name] = Field(default_factory=list)
    composer: list[Name] = Field(default_factory=list)
    producer: list[Name] = Field(default_factory=list)
    host: list[Name] = Field(default_factory=list)
    guest: list[Name] = Field(default_factory=list)
    curator: list[Name] = Field(default_factory=list)
    organizer: list[Name] = Field(default_factory=list)
    chair: list[Name] = Field(default_factory=list)
    executive_producer: list[Name] = Field(default_factory=list, alias="executive-producer")
    container_title: str | None = Field(None, alias="container-title")
    container_title_short: str | None = Field(None, alias="container-title-short")
    collection_title: str | None = Field(None, alias="collection-title")
    collection_number: str | None = Field(None, alias="collection-number")
    issued: DateVariable | None = None
    accessed: DateVariable | None = None
    original_date: DateVariable | None = Field(None, alias="original-date")
    event_date: DateVariable | None = Field(None, alias="event-date")
    available_date: DateVariable | None = Field(None, alias="available-date")
    submitted: DateVariable | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number: str | None = None
    number_of_pages: str | None = Field(None, alias="number-of-pages")
    chapter_number: str | None = Field(None, alias="chapter-number")
    supplement_number: str | None = Field(None, alias="supplement-number")
    edition: str | None = None
    version: str | None = None
    genre: str | None = None
    medium: str | None = None
    status: str | None = None
    DOI: str | None = None
    PMID: str | None = None
    PMCID: str | None = None
    URL: str | None = None
    ISSN: str | None = None
    ISBN: str | None = None
    abstract: str | None = None
    language: str | None = None
    publisher: str | None = None
    publisher_place: str | None = Field(None, alias="publisher-place")
    event_title: str | None = Field(None, alias="event-title")
    event_place: str | None = Field(None, alias="event-place")
    archive: str | None = None
    archive_location: str | None = None
    archive_place: str | None = Field(None, alias="archive-place")
    archive_collection: str | None = None
    authority: str | None = None
    section: str | None = None
    dimensions: str | None = None
    scale: str | None = None
    part_number: str | None = Field(None, alias="part-number")
    volume_title: str | None = Field(None, alias="volume-title")
    reviewed_title: str | None = Field(None, alias="reviewed-title")
    reviewed_genre: str | None = Field(None, alias="reviewed-genre")
    references: str | None = None
    note: str | None = None

    # Not CSL.
    abstract_sections: list[AbstractSection] = Field(default_factory=list)
    publication_types: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    related: list[Related] = Field(default_factory=list)
    sources: list[SourceName] = Field(default_factory=list)

    _norm = field_validator(
        "title",
        "container_title",
        "container_title_short",
        "collection_title",
        "abstract",
        "publisher",
        "publisher_place",
        "event_title",
        mode="before",
    )(_nfc)

    @model_validator(mode="before")
    @classmethod
    def _stringify_numbers(cls, data: Any) -> Any:
        # CSL-JSON allows numbers for volume/issue/page; the model keeps strings.
        if isinstance(data, dict):
            numeric = (
                "volume",
                "issue",
                "page",
                "number",
                "edition",
                "version",
                "PMID",
                "id",
                "collection-number",
                "number-of-pages",
                "chapter-number",
                "supplement-number",
                "part-number",
            )
            for key in numeric:
                if isinstance(data.get(key), int | float):
                    data = {**data, key: str(data[key])}
        return data

    def to_csl_json(self) -> dict[str, Any]:
        """The exact CSL-JSON item: CSL names, no empty fields, none of our extras."""
        item = self.model_dump(by_alias=True, exclude_none=True, exclude=_EXTRA_FIELDS)
        return {key: value for key, value in item.items() if value != [] and value != ""}

    @classmethod
    def from_csl_json(cls, item: dict[str, Any]) -> Reference:
        return cls.model_validate(item)

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    @property
    def is_preprint(self) -> bool:
        return self.type in {"article", "posted-content"} or self.genre == "preprint"


ProblemCode = Literal["not_found", "unavailable", "invalid"]


class Problem(_Model):
    """Why one identifier has no Reference, in words a user can act on."""

    identifier: str  # the ``kind:value`` form
    code: ProblemCode
    message: str  # "PMID 99999999 was not found in PubMed."
    hint: str | None = None  # "Check the number, or paste the DOI instead."

    def to_json(self) -> dict[str, Any]:
        """The CLI's csl-json error item: ``{"id": ..., "error": {"code": ..., "message": ...}}``."""
        text = self.message if not self.hint else f"{self.message} {self.hint}"
        return {"id": self.identifier, "error": {"code": self.code, "message": text}}


Result = Reference | Problem
