"""PubMed efetch XML (``db=pubmed&retmode=xml``) → References; esearch XML → PMIDs.

One lxml parse per body, entities and network off. Decisions that are not obvious from the XML:

* ``id`` and ``PMID`` are the bare PMID string.
* ``title``: ArticleTitle (BookTitle for a book-level record), VernacularTitle when ArticleTitle is empty; the text
  as published, final period included (the formatters decide punctuation). Inline markup (``<i>``, ``<sub>``,
  MathML) is dropped and its text kept with exactly the whitespace the source has: no space is invented where NCBI
  glued a tag to a word ("SnO<sub>2</sub>thin" stays "SnO2thin").
* ``issued``: the journal issue's PubDate (what citations print), not ArticleDate; ArticleDate only when PubDate
  has no year. Season ranges ("Jan-Mar", MedlineDate "1978 Jul-Sep", "1998 Dec-1999 Jan") give the first
  year/month; word seasons ("Spring") give the year plus CSL ``season`` 1-4.
* ``ISSN``: the Journal/ISSN NCBI lists (the one matching the cited medium, print or electronic), else
  ISSNLinking.
* ``page``: MedlinePgn as given ("823-834.e5"); else StartPage-EndPage; else an ELocationID of type pii when it
  looks like an article number / e-locator ("239", "e0245678", "euae122") and never a publisher PII such as
  "S1699-258X(20)30268-0" or a DOI.
* ``DOI``: ArticleIdList doi (PubMed's own id list), else ELocationID doi. ``PMCID``: ArticleIdList pmc. Ids from
  the ReferenceList (works this one cites) are never read.
* ``abstract``: AbstractText sections in order, empty ones skipped, joined with a space; with two or more
  sections each is written "LABEL: text" (as MEDLINE's AB field does). ``abstract_sections`` keeps label and
  NlmCategory; the label "UNLABELLED" becomes None.
* Books: a record with a chapter ArticleTitle is a "chapter" whose ``container-title`` is the book; a book-level
  record is a "book". Editors come from the AuthorList Type="editors"; the chapter's date is its
  ContributionDate when present (the book's PubDate is the start of a living book such as GeneReviews).
* Authors with ValidYN="N" (withdrawn spellings) are skipped; CollectiveName becomes ``literal``; particles stay in
  ``family`` as PubMed gives them; ForeName missing → Initials as ``given``. Pre-2014 records carry one
  Article-level Affiliation, which belongs to the first author.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.entities import name2codepoint
from typing import cast

from lxml import etree

from bot.models import AbstractSection, DateVariable, Name, Notice, NoticeKind, Reference, Related
from bot.parsers import UpstreamBodyError, check_body_size, collapse_whitespace, normalise_orcid

__all__ = ["parse_efetch", "parse_esearch_ids"]

_Element = etree._Element

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

# ISO 639-2 (what PubMed gives) → BCP 47 primary subtag for the languages PubMed indexes most.
_LANGUAGES = {
    "eng": "en", "ger": "de", "deu": "de", "fre": "fr", "fra": "fr", "spa": "es", "ita": "it", "por": "pt",
    "rus": "ru", "jpn": "ja", "chi": "zh", "zho": "zh", "kor": "ko", "dut": "nl", "nld": "nl", "pol": "pl",
    "swe": "sv", "dan": "da", "nor": "no", "nob": "nb", "nno": "nn", "fin": "fi", "ice": "is", "isl": "is",
    "tur": "tr", "gre": "el", "ell": "el", "heb": "he", "ara": "ar", "per": "fa", "fas": "fa", "hun": "hu",
    "cze": "cs", "ces": "cs", "slo": "sk", "slk": "sk", "slv": "sl", "hrv": "hr", "srp": "sr", "bos": "bs",
    "bul": "bg", "rum": "ro", "ron": "ro", "ukr": "uk", "lit": "lt", "lav": "lv", "est": "et", "cat": "ca",
    "baq": "eu", "eus": "eu", "glg": "gl", "wel": "cy", "cym": "cy", "gle": "ga", "afr": "af", "ind": "id",
    "may": "ms", "msa": "ms", "tha": "th", "vie": "vi", "hin": "hi", "ben": "bn", "urd": "ur", "mac": "mk",
    "mkd": "mk", "alb": "sq", "sqi": "sq", "arm": "hy", "hye": "hy", "geo": "ka", "kat": "ka", "epo": "eo",
    "lat": "la", "tgl": "tl", "swa": "sw", "mao": "mi", "mri": "mi",
}  # fmt: skip

_NOTICE_KINDS: dict[str, NoticeKind] = {
    "RetractionIn": "retracted",
    "RetractionOf": "retraction-notice",
    "ErratumIn": "corrected",
    "ErratumFor": "erratum",
    "ExpressionOfConcernIn": "expression-of-concern",
    "UpdateIn": "updated",
}
_PREPRINT_SOURCES = re.compile(
    r"\b(bioRxiv|medRxiv|arXiv|Res Sq|Research Square|SSRN|Preprints|ChemRxiv|PeerJ Prepr|OSF Prepr)\b", re.I
)
_PREPRINT_DOI_PREFIXES = (
    "10.1101/",
    "10.21203/",
    "10.48550/",
    "10.2139/",
    "10.20944/",
    "10.26434/",
    "10.31219/",
)
_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/\S+)")
_ELOCATOR = re.compile(r"^[A-Za-z]{0,4}\d{1,12}$")


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers keep state and must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def _parse_xml(body: bytes, what: str) -> _Element:
    check_body_size(body)
    if (
        body[:1].isspace() or body[:3] == b"\xef\xbb\xbf"
    ):  # a stray newline or BOM before <?xml is fatal to lxml
        body = body.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body:
        raise UpstreamBodyError(f"{what}: empty body")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise UpstreamBodyError(f"{what}: malformed or truncated XML ({exc})") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and dtd.entities():  # type: ignore[union-attr]  # lxml-stubs lack DTD.entities
        # NCBI never declares entities; a body that does is not NCBI's (and may be an XXE attempt).
        raise UpstreamBodyError(f"{what}: the document declares entities")
    for entity in list(root.iter(etree.Entity)):
        _replace_entity(entity)
    error = root if root.tag == "ERROR" else root.find("ERROR")
    if error is not None:
        raise UpstreamBodyError(f"{what}: NCBI error: {_text(error) or 'no message'}")
    return root


def _replace_entity(node: _Element) -> None:
    # An undeclared entity reference survives as a node whose text is "&nbsp;": an HTML entity becomes its
    # character, any other is dropped; the text after it is kept.
    parent = node.getparent()
    if parent is None:
        return
    codepoint = name2codepoint.get(str(node.text or "").strip("&;"))
    tail = (chr(codepoint) if codepoint else "") + (node.tail or "")
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _text(element: _Element | None) -> str:
    """All text inside an element, tags dropped, whitespace collapsed; the element's own tail excluded."""
    if element is None:
        return ""
    if len(element) == 0:  # the common case (names, ids, dates): no inline markup to walk
        return collapse_whitespace(element.text) if element.text else ""
    return collapse_whitespace("".join(cast("Iterator[str]", element.itertext())))


def _opt(element: _Element | None) -> str | None:
    return _text(element) or None


# --- esearch -------------------------------------------------------------------------------------------------


def parse_esearch_ids(body: bytes) -> list[str]:
    """PMIDs of an esearch XML answer, in order; none found → []. ``<ERROR>`` or broken XML raises."""
    root = _parse_xml(body, "esearch")
    if root.tag != "eSearchResult":
        raise UpstreamBodyError(f"esearch: unexpected root element <{root.tag}>")
    return [text for text in (_text(e) for e in root.iterfind("IdList/Id")) if text]


# --- efetch --------------------------------------------------------------------------------------------------


def parse_efetch(body: bytes) -> list[Reference]:
    """One Reference per PubmedArticle / PubmedBookArticle, in document order; an empty set → []."""
    root = _parse_xml(body, "efetch")
    if root.tag != "PubmedArticleSet":
        raise UpstreamBodyError(f"efetch: unexpected root element <{root.tag}>")
    references: list[Reference] = []
    for record in root:
        if record.tag == "PubmedArticle":
            references.append(_article(record))
        elif record.tag == "PubmedBookArticle":
            references.append(_book(record))
    return references


def _article(record: _Element) -> Reference:
    citation = record.find("MedlineCitation")
    if citation is None:
        raise UpstreamBodyError("efetch: PubmedArticle without MedlineCitation")
    article = citation.find("Article")
    if article is None:
        raise UpstreamBodyError("efetch: MedlineCitation without Article")
    pmid = _text(citation.find("PMID"))
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    ids = _article_ids(record.find("PubmedData/ArticleIdList"))
    publication_types = [
        t for t in (_text(e) for e in article.iterfind("PublicationTypeList/PublicationType")) if t
    ]
    container_title = _opt(journal.find("Title")) if journal is not None else None
    short_title = (_opt(journal.find("ISOAbbreviation")) if journal is not None else None) or _opt(
        citation.find("MedlineJournalInfo/MedlineTA")
    )
    is_preprint = "Preprint" in publication_types
    abstract, sections = _abstract(article.find("Abstract"))
    notices, related = _comments_corrections(citation.find("CommentsCorrectionsList"), is_preprint)
    if "Retracted Publication" in publication_types and not any(n.kind == "retracted" for n in notices):
        notices.insert(0, Notice(kind="retracted", note="PubMed publication type: Retracted Publication"))
    issued = _pubdate(issue.find("PubDate") if issue is not None else None)
    if issued is None:
        issued = _pubdate(article.find("ArticleDate"))
    return Reference(
        id=pmid,
        type="article" if is_preprint else "article-journal",
        title=_opt(article.find("ArticleTitle")) or _opt(article.find("VernacularTitle")),
        author=_names(article.find("AuthorList"), article_affiliation=_opt(article.find("Affiliation"))),
        container_title=container_title,
        container_title_short=short_title,
        publisher=(short_title or container_title) if is_preprint else None,
        issued=issued,
        volume=_opt(issue.find("Volume")) if issue is not None else None,
        issue=_opt(issue.find("Issue")) if issue is not None else None,
        page=_page(article),
        DOI=ids.get("doi") or _elocation(article, "doi"),
        PMID=pmid or None,
        PMCID=ids.get("pmc"),
        ISSN=(_opt(journal.find("ISSN")) if journal is not None else None)
        or _opt(citation.find("MedlineJournalInfo/ISSNLinking")),
        abstract=abstract,
        abstract_sections=sections,
        language=_language(article.iterfind("Language")),
        publication_types=publication_types,
        keywords=_keywords(citation),
        notices=notices,
        related=related,
        sources=["pubmed"],
    )


def _book(record: _Element) -> Reference:
    document = record.find("BookDocument")
    if document is None:
        raise UpstreamBodyError("efetch: PubmedBookArticle without BookDocument")
    book = document.find("Book")
    pmid = _text(document.find("PMID"))
    chapter_title = _opt(document.find("ArticleTitle")) or _opt(document.find("VernacularTitle"))
    book_title = _opt(book.find("BookTitle")) if book is not None else None
    ids = _article_ids(document.find("ArticleIdList"))
    ids.update(
        {k: v for k, v in _article_ids(record.find("PubmedBookData/ArticleIdList")).items() if k not in ids}
    )
    authors: list[Name] = []
    editors: list[Name] = []
    for author_list in (
        *document.iterfind("AuthorList"),
        *(book.iterfind("AuthorList") if book is not None else ()),
    ):
        target = editors if author_list.get("Type") == "editors" else authors
        target.extend(_names(author_list))
    abstract, sections = _abstract(document.find("Abstract"))
    issued = (_pubdate(document.find("ContributionDate")) if chapter_title else None) or (
        _pubdate(book.find("PubDate")) if book is not None else None
    )
    publication_types = [t for t in (_text(e) for e in document.iterfind("PublicationType")) if t]
    return Reference(
        id=pmid,
        type="chapter" if chapter_title else "book",
        title=chapter_title or book_title,
        author=authors,
        editor=editors,
        container_title=book_title if chapter_title else None,
        collection_title=_opt(book.find("CollectionTitle")) if book is not None else None,
        publisher=_opt(book.find("Publisher/PublisherName")) if book is not None else None,
        publisher_place=_opt(book.find("Publisher/PublisherLocation")) if book is not None else None,
        issued=issued,
        volume=_opt(book.find("Volume")) if book is not None else None,
        edition=_opt(book.find("Edition")) if book is not None else None,
        medium=_opt(book.find("Medium")) if book is not None else None,
        ISBN=_opt(book.find("Isbn")) if book is not None else None,
        page=_page(document),
        DOI=ids.get("doi") or _elocation(document, "doi"),
        PMID=pmid or None,
        PMCID=ids.get("pmc"),
        abstract=abstract,
        abstract_sections=sections,
        language=_language(document.iterfind("Language")),
        publication_types=publication_types,
        keywords=_keywords(document),
        sources=["pubmed"],
    )


def _article_ids(id_list: _Element | None) -> dict[str, str]:
    """First id of each IdType in one ArticleIdList (the record's own, never a cited reference's)."""
    ids: dict[str, str] = {}
    if id_list is None:
        return ids
    for element in id_list.iterfind("ArticleId"):
        kind, value = element.get("IdType", ""), _text(element)
        if value and kind not in ids:
            ids[kind] = _pmcid(value) if kind == "pmc" else value
    return ids


def _pmcid(value: str) -> str:
    value = value.strip()
    return value if value.upper().startswith("PMC") else f"PMC{value}"


def _elocation(parent: _Element, kind: str) -> str | None:
    for element in parent.iterfind("ELocationID"):
        if element.get("EIdType") == kind and element.get("ValidYN", "Y") != "N":
            value = _text(element)
            if value:
                return value
    return None


def _page(parent: _Element) -> str | None:
    pagination = parent.find("Pagination")
    if pagination is not None:
        medline = _text(pagination.find("MedlinePgn"))
        if medline:
            return medline
        start, end = _text(pagination.find("StartPage")), _text(pagination.find("EndPage"))
        if start:
            return f"{start}-{end}" if end and end != start else start
    pii = _elocation(parent, "pii")
    if pii and _ELOCATOR.match(pii):
        return pii
    return None


# --- names ---------------------------------------------------------------------------------------------------


def _names(author_list: _Element | None, article_affiliation: str | None = None) -> list[Name]:
    if author_list is None:
        return []
    names: list[Name] = []
    for author in author_list.iterfind("Author"):
        if author.get("ValidYN", "Y") == "N":
            continue
        name = _name(author)
        if name is not None:
            names.append(name)
    if article_affiliation and names and not names[0].affiliation:
        names[0].affiliation.append(article_affiliation)
    return names


def _name(author: _Element) -> Name | None:
    affiliations = [a for a in (_text(e) for e in author.iterfind("AffiliationInfo/Affiliation")) if a]
    affiliations += [a for a in (_text(e) for e in author.iterfind("Affiliation")) if a]
    orcid = next(
        (normalise_orcid(_text(e)) for e in author.iterfind("Identifier") if e.get("Source") == "ORCID"), None
    )
    collective = _opt(author.find("CollectiveName"))
    if collective:
        return Name(literal=collective, affiliation=affiliations, orcid=orcid)
    family = _opt(author.find("LastName"))
    given = _opt(author.find("ForeName")) or _opt(author.find("FirstName")) or _opt(author.find("Initials"))
    if not family and not given:
        return None
    if not family:
        return Name(literal=given, affiliation=affiliations, orcid=orcid)
    return Name(
        family=family, given=given, suffix=_opt(author.find("Suffix")), affiliation=affiliations, orcid=orcid
    )


# --- dates ---------------------------------------------------------------------------------------------------


def _month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(text[:3])


def _season(text: str) -> tuple[int | None, int | None]:
    """("Jan-Mar" → month 1), ("Spring" → season 1), ("Winter-Spring" → season 4)."""
    first = re.split(r"[-/–\s]+", text.strip())[0] if text.strip() else ""
    month = _month(first) if first else None
    if month:
        return month, None
    return None, _SEASONS.get(first.lower())


def _pubdate(element: _Element | None) -> DateVariable | None:
    if element is None:
        return None
    year_text = _text(element.find("Year"))
    if year_text.isdigit():
        parts = [int(year_text)]
        season: int | None = None
        month = _month(_text(element.find("Month"))) if element.find("Month") is not None else None
        if month is None and element.find("Season") is not None:
            month, season = _season(_text(element.find("Season")))
        if month:
            parts.append(month)
            day = _text(element.find("Day"))
            if day.isdigit() and 1 <= int(day) <= 31:
                parts.append(int(day))
        return DateVariable(date_parts=[parts], season=season)
    medline = _text(element.find("MedlineDate"))
    return _medline_date(medline) if medline else None


def _medline_date(text: str) -> DateVariable | None:
    """ "1978 Jul-Sep", "2019 Nov-Dec", "1998 Dec-1999 Jan", "2000 Spring", "1999-2000" → first year (+ month)."""
    match = re.search(r"\b(\d{4})\b", text)
    if not match:
        return DateVariable(literal=text)
    parts = [int(match.group(1))]
    rest = text[match.end() :].strip()
    month, season = _season(rest) if rest and not rest[0].isdigit() and rest[0] not in "-/" else (None, None)
    if month:
        parts.append(month)
        day = re.match(r"[A-Za-z]+\s+(\d{1,2})\b", rest)
        if day and 1 <= int(day.group(1)) <= 31:
            parts.append(int(day.group(1)))
    return DateVariable(date_parts=[parts], season=season)


# --- abstract, language, keywords, notices -------------------------------------------------------------------


def _abstract(abstract: _Element | None) -> tuple[str | None, list[AbstractSection]]:
    if abstract is None:
        return None, []
    sections: list[AbstractSection] = []
    for part in abstract.iterfind("AbstractText"):
        text = _text(part)
        if not text:
            continue
        label = (part.get("Label") or "").strip() or None
        if label and label.upper() == "UNLABELLED":
            label = None
        sections.append(AbstractSection(label=label, nlm_category=part.get("NlmCategory"), text=text))
    if not sections:
        return None, []
    if len(sections) == 1:
        return sections[0].text, sections
    return " ".join(f"{s.label}: {s.text}" if s.label else s.text for s in sections), sections


def _language(elements: Iterable[_Element]) -> str | None:
    for element in elements:
        code = _text(element).lower()
        if code:
            return _LANGUAGES.get(code, code)
    return None


def _keywords(parent: _Element) -> list[str]:
    seen: dict[str, None] = {}
    for element in parent.iterfind("KeywordList/Keyword"):
        keyword = _text(element)
        if keyword:
            seen.setdefault(keyword, None)
    return list(seen)


def _comments_corrections(
    container: _Element | None, is_preprint: bool
) -> tuple[list[Notice], list[Related]]:
    notices: list[Notice] = []
    related: list[Related] = []
    if container is None:
        return notices, related
    for item in container.iterfind("CommentsCorrections"):
        ref_type = item.get("RefType", "")
        source = _opt(item.find("RefSource"))
        pmid = _opt(item.find("PMID"))
        doi = _doi_in(source)
        kind = _NOTICE_KINDS.get(ref_type)
        if kind is not None:
            notice = Notice(kind=kind, pmid=pmid, doi=doi, note=source)
            if notice not in notices:
                notices.append(notice)
        # PubMed links a preprint and its journal version with UpdateIn/UpdateOf (as it does review versions).
        if ref_type == "UpdateOf" and _looks_like_preprint(source, doi):
            related.append(Related(relation="preprint", doi=doi, pmid=pmid))
        elif ref_type == "UpdateIn" and is_preprint:
            related.append(Related(relation="published", doi=doi, pmid=pmid))
    return notices, related


def _doi_in(text: str | None) -> str | None:
    if not text:
        return None
    match = _DOI_IN_TEXT.search(text)
    return match.group(1).rstrip(".,;)") if match else None


def _looks_like_preprint(source: str | None, doi: str | None) -> bool:
    if doi and doi.lower().startswith(_PREPRINT_DOI_PREFIXES):
        return True
    return bool(source and _PREPRINT_SOURCES.search(source))
