"""Identifiers in chat text (pure, no I/O).

A message is read the way Slack delivers it. First the Slack markup is taken apart (``_segments``): entities
``<url|label>``, ``<@U…>``, ``<#C…|name>``, ``<!here>`` are split out (mentions dropped), the rest is unescaped
(``&amp;`` ``&lt;`` ``&gt;``) and bare URLs in it are set apart. Then:

* a link gives at most one id (``_link_id``): the site's own rule (PubMed, PMC, Europe PMC, arXiv), else a
  DOI in its path or query, else one a publisher's page name spells (Nature, The Lancet, BMJ, bioRxiv, eLife),
  else a PMCID;
* text is read by one small function per kind (``_dois``, ``_pmids``, ``_pmcids``, ``_arxiv_ids`` and, for
  ``/cite`` arguments, ``_bare_ids``). Where finds overlap the earliest, longest one wins, so the digits inside a
  DOI are never read as a PMID.

Passive reading (every channel message) must not cry wolf: a number is a PMID only when labelled (``PMID: 1``)
or linked, and a bare ``2301.01234`` is a decimal, not an arXiv id. Every pattern is anchored on a literal
(``10.``, ``PMC``, ``PMID``, ``arXiv``) and uses possessive or bounded repeats, so a hostile 100 kB message is
read in linear time. The literal comes first and what may not precede it is checked after it
(``PMC(?<![A-Za-z0-9]PMC)``): the engine then jumps from one ``PMC`` to the next instead of trying a lookbehind
at every position, which makes a 40 kB message several times faster to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote

from bot.models import Identifier

MAX_IDS_PER_MESSAGE = 20


@dataclass(frozen=True)
class Extraction:
    """Identifiers in order of first appearance, duplicates removed, capped; ``dropped`` counts the rest."""

    ids: list[Identifier] = field(default_factory=list)
    dropped: int = 0


def extract(text: str, *, explicit: bool = False, limit: int = MAX_IDS_PER_MESSAGE) -> Extraction:
    """The identifiers in a Slack message; ``explicit`` reads ``/cite`` arguments (a bare number is a PMID)."""
    seen: dict[str, Identifier] = {}
    for segment in _segments(text.translate(_INVISIBLES)):
        for identifier in _segment_ids(segment, explicit=explicit):
            seen.setdefault(identifier.key, identifier)
    found = list(seen.values())
    keep = max(limit, 0)
    return Extraction(ids=found[:keep], dropped=max(len(found) - keep, 0))


# --------------------------------------------------------------------------------------------------------------
# Slack markup

# Text copied from web pages and PDFs carries no-break and thin spaces (PubMed's "PMID:\u00a034497264"),
# invisible zero-width characters and soft hyphens inside DOIs, and Unicode hyphens (`s41392\u2011021`): read
# them as the space, nothing, and the `-` they look like.
_INVISIBLES = str.maketrans(
    {
        **{
            chr(c): " "
            for c in (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
        },
        **{chr(c): None for c in (0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)},
        "\u2010": "-",
        "\u2011": "-",
    }
)


class Segment(NamedTuple):
    """A piece of the message: plain (unescaped) text, or a link target. ``bare``: a URL typed into text."""

    text: str
    is_link: bool = False
    bare: bool = False


# `<…>` is a Slack entity: a link `<url|label>` or a mention `<@U1>`, `<#C1|name>`, `<!here>`. Slack escapes a
# literal `<`, `>` and `&` in text, so angle brackets that hold anything else were typed by hand (CLI input, a
# SICI DOI) and stay text.
_SLACK_ENTITY = re.compile(r"<([^<>\n]*)>")
_SLACK_ESCAPE = re.compile(r"&(amp|lt|gt);")
_UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}
_WORD_END = re.compile(r"\S*+")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):", re.ASCII)
_WEB_SCHEMES = frozenset({"http", "https", "ftp"})
# Links that can hold no citable id; their labels (an e-mail address, a phone number) are skipped too.
_OPAQUE_SCHEMES = frozenset({"mailto", "tel", "sms", "callto", "skype", "slack", "file"})

# A URL typed into text (Slack wraps the URLs it recognises in `<…>`, but `/cite` arguments, the CLI and
# pasted text may hold bare ones): a scheme, or `www.` or a host name followed by a path (`doi.org/10.1/x`).
# Host labels are possessive (`++`): a long run of `a.a.a.a` cannot make the engine backtrack. Text is
# scanned for these and DOIs together (_URL_OR_DOI), so a host-like piece of a DOI (`10.1/x;doi.org/y`)
# stays in the DOI, as it would in a link.
_BARE_URL_PATTERN = r"""
    (?: (?<![A-Za-z0-9])(?:https?|ftp)://
      | (?<![^\s(\[{<"'*_~,;!?]) (?: www\. | (?:[a-z0-9][a-z0-9\-]{0,62}\.)++[a-z]{2,24}(?=/) )
    )
    [A-Za-z0-9\-._~:/?#\[\]@!$&()+,;=%<>^{}]*+
"""


def _unescape(text: str) -> str:
    # One pass, so `&amp;lt;` becomes the literal text `&lt;`, as Slack meant.
    return _SLACK_ESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], text)


def _segments(message: str) -> Iterator[Segment]:
    """Split a Slack message into text and link segments, in order; mentions and their ids are dropped."""
    start = 0  # of the text not yet yielded; angle brackets typed by hand stay inside it
    for entity in _SLACK_ENTITY.finditer(message):
        parts = _entity(entity.group(1))
        if parts is None:
            continue
        yield from _plain(message[start : entity.start()])
        yield from parts
        start = entity.end()
    yield from _plain(message[start:])


def _entity(inner: str) -> list[Segment] | None:
    """The segments of a Slack entity; None when ``<inner>`` is no entity but text (`<10.1/x>`, `<PMID 1>`)."""
    if inner[:1] in ("@", "#", "!"):
        return []  # user, channel, group and special mentions: `U02ABC123` is nobody's PMID
    target, _, label = inner.partition("|")
    scheme = _URL_SCHEME.match(target)
    if scheme is None or scheme.group(1).lower() not in _WEB_SCHEMES | _OPAQUE_SCHEMES:
        return None
    if scheme.group(1).lower() in _OPAQUE_SCHEMES:
        return []
    return [Segment(_unescape(target), is_link=True), *_plain(label)]


def _plain(raw: str) -> Iterator[Segment]:
    text = _unescape(raw)
    position = 0
    for match in _urls_and_dois(text):
        if match.lastgroup != "url":
            continue  # a DOI stays in the text
        url = _trim_url(match.group(0))
        if not url:
            continue
        if match.start() > position:
            yield Segment(text[position : match.start()])
        yield Segment(url, is_link=True, bare=True)
        position = match.start() + len(url)
    if position < len(text):
        yield Segment(text[position:])


def _urls_and_dois(text: str) -> Iterator[re.Match[str]]:
    """_URL_OR_DOI in the words of ``text`` that hold a `/` (every URL and DOI does, and none holds a space).

    Only those words are scanned: testing the pattern at every position of a long message costs more than
    the rest of the reading together.
    """
    end = 0
    while (slash := text.find("/", end)) != -1:
        head = text[end:slash]
        word = "" if not head or head[-1].isspace() else head.rsplit(None, 1)[-1]
        word_end = _WORD_END.match(text, slash)
        end = word_end.end() if word_end else len(text)
        yield from _URL_OR_DOI.finditer(text, slash - len(word), end)


def _segment_ids(segment: Segment, *, explicit: bool) -> list[Identifier]:
    if segment.is_link:
        found = _link_id(segment.text)
        if found is not None:
            return [found]
        if not segment.bare:
            return []
        # A "host/path" typed in text may be no URL at all (`math.GT/0309136`): read it as text.
    return _text_ids(segment.text, explicit=explicit)


class _Find(NamedTuple):
    start: int
    end: int
    identifier: Identifier


def _text_ids(text: str, *, explicit: bool) -> list[Identifier]:
    finds = [*_dois(text), *_pmids(text), *_pmcids(text), *_arxiv_ids(text)]
    if explicit:
        finds.extend(_bare_ids(text))
    finds.sort(key=lambda find: (find.start, -find.end))
    kept: list[Identifier] = []
    end = 0
    for find in finds:
        if find.start >= end:  # a find inside an earlier one (digits inside a DOI) is part of it
            kept.append(find.identifier)
            end = find.end
    return kept


# --------------------------------------------------------------------------------------------------------------
# DOIs

# A DOI: `10.` + a registrant code of 4-9 digits (+ sub-codes), `/`, a suffix. The suffix uses Crossref's
# recommended character set (which matches all but a handful of registered DOIs) plus the brackets of SICI DOIs;
# quotes, commas, `*`, `~`, backticks and `|` end it because in chat they are punctuation and markup. The DOI
# must not be glued to a word or number (`v10.1234/x`, `1.10.1234/x`). A `;` directly followed by another DOI
# separates the two, and a link glued on (markdown's `[10.1/x](https://…)`) is not part of it. A SICI's `<` is
# followed by a digit (`<362::AID-JBM3>`), so pasted HTML (`10.1/x</a>`) ends the DOI.
_DOI_PATTERN = r"""
    10\.(?<![A-Za-z0-9\-]10\.)(?<![0-9]\.10\.)
    [0-9]{4,9}(?:\.[0-9]+)*+
    /(?: (?!(?:https?|ftp)://)[A-Za-z0-9\-._()/:>\[\]+] | <(?=[0-9]) | ;(?!10\.[0-9]{4,9}[./]) )++
"""
_DOI = re.compile(_DOI_PATTERN, re.IGNORECASE | re.VERBOSE | re.ASCII)
_URL_OR_DOI = re.compile(
    f"(?P<doi>{_DOI_PATTERN})|(?P<url>{_BARE_URL_PATTERN})", re.IGNORECASE | re.VERBOSE | re.ASCII
)
_DOI_ONLY = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*+/.*[A-Za-z0-9].*", re.ASCII | re.DOTALL)
_OPENERS = {"(": ")", "[": "]", "<": ">", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())
# Sentence punctuation and Slack markup (`_italic_`) that cannot end a DOI; a trailing `/` is a link's.
_TRAILING = frozenset(".,;:_/")
_EMPTY_PAIRS = ("()", "[]", "<>")
# What publisher sites add to the DOI in their URLs: `/doi/10.1002/x/full`, `…/10.1007/x.pdf`,
# `biorxiv.org/content/10.1101/2020.03.01.123456v3.full.pdf+html`. Only stripped from links.
_PUBLISHER_SUFFIX = re.compile(
    r"""
    (?: /(?:full|abstract|abs|pdf|epdf|epub|pdfdirect|pdfplus|fulltext|full-text|html|meta|references|citedby
           |figures|tables|suppinfo|supplemental|summary|media|reader|download|view|info)
      | \.(?:full(?:\.pdf(?:\+html)?|-text)?|abstract|pdf(?:\+html)?|epub|short|long|supplementary-material
           |article-info|article-metrics|figures-only|html?|xml)
    )$
    """,
    re.IGNORECASE | re.VERBOSE,
)
# bioRxiv and medRxiv put the version after the DOI (`10.1101/2020.03.01.123456v3`); the DOI has none. Other
# DOIs may end in `v1` (`10.17182/hepdata.77274.v1`), so only the preprint-number shape is touched.
_PREPRINT_VERSION = re.compile(r"(10\.1101/(?:[0-9]{4}\.[0-9]{2}\.[0-9]{2}\.)?[0-9]{6,8})v[0-9]+", re.ASCII)
# `10.2020/2021` in chat is October 2020 to 2021 (or a fraction), not a DOI: a year-shaped registrant with a
# short all-digit suffix is rejected. Real DOIs with an all-digit suffix (`10.1000/182`) have other registrants.
_DATE_LIKE_DOI = re.compile(r"10\.(?:19|20)[0-9]{2}/[0-9]{1,4}", re.ASCII)
_MAX_DOI_LENGTH = 500
# arXiv's DataCite prefix: its DOIs are `10.48550/arXiv.<arXiv id>` and name the same work as the id.
_ARXIV_DOI_REGISTRANT = "10.48550/"
_ARXIV_DOI_PREFIX = "10.48550/arxiv."


def _dois(text: str) -> Iterator[_Find]:
    for match in _DOI.finditer(text):
        doi = _clean_doi(match.group(0))
        identifier = _doi_identifier(doi) if doi else None
        if doi and identifier:
            yield _Find(match.start(), match.start() + len(doi), identifier)


def _clean_doi(raw: str, *, from_link: bool = False) -> str | None:
    """The DOI at the start of ``raw`` without what follows it in chat or in a publisher's URL; None if none."""
    doi = _balanced_prefix(raw)
    if from_link:
        doi = doi.partition("/suppl_file/")[0]
    # Peel the end until nothing more comes off. Moving an index (not slicing) keeps a hostile `()()()…`
    # linear; suffixes are searched only in the last few characters.
    end = len(doi)
    while end:
        if doi[end - 1] in _TRAILING or doi[end - 1] in _OPENERS:
            end -= 1
        elif doi[end - 2 : end] in _EMPTY_PAIRS:
            end -= 2
        elif from_link and (suffix := _PUBLISHER_SUFFIX.search(doi, max(end - 40, 0), end)):
            end = suffix.start()
        else:
            break
    doi = doi[:end]
    version = _PREPRINT_VERSION.fullmatch(doi)
    if version:
        doi = version.group(1)
    if len(doi) > _MAX_DOI_LENGTH or not _DOI_ONLY.fullmatch(doi) or _DATE_LIKE_DOI.fullmatch(doi):
        return None
    return doi


def _balanced_prefix(text: str) -> str:
    """``text`` up to its first closing bracket that closes nothing: `10.1/x(1)2)` → `10.1/x(1)2`."""
    stack: list[str] = []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append(_OPENERS[char])
        elif char in _CLOSERS:
            if not stack or stack[-1] != char:
                return text[:index]
            stack.pop()
    return text


def _doi_identifier(doi: str) -> Identifier | None:
    """The id a DOI names: an arXiv id for arXiv's DOIs (None for `10.48550/arXiv.X`, which names nothing)."""
    if not doi.lower().startswith(_ARXIV_DOI_REGISTRANT):
        return Identifier("doi", doi)
    arxiv = _arxiv_id(doi[len(_ARXIV_DOI_PREFIX) :]) if doi.lower().startswith(_ARXIV_DOI_PREFIX) else None
    return Identifier("arxiv", arxiv) if arxiv else None


# --------------------------------------------------------------------------------------------------------------
# PMIDs

_MARKUP = r"[\s*_~`]*+"  # spaces and Slack markup between a label and its number: `*PMID:* 1`, `PMID: `1``
# A PMID label: `PMID`, `PMIDs`, `PMID(s)`, `PubMed ID`, `PubMed-ID`, `PubMedID`, `PubMed UID`, or `PubMed`
# alone, then an optional `:`/`#`/`=`/`is`/`are` and a list bullet. `PubMed` alone is weaker ("PubMed 2020
# search"), see _MIN_DIGITS_AFTER_SINGULAR. `PMCID` is not a PMID label (_PMCID_LABEL reads it).
_PMID_LABEL = re.compile(
    rf"""
    (?: (?P<pmid> pmid(?<![A-Za-z0-9]pmid) (?P<plural1> s|\(s\) )? )
      | (?P<pubmed_id> pub(?<![A-Za-z0-9]pub) [\s\-_]?med[\s\-_]?u?id (?P<plural2> s|\(s\) )? )
      | (?P<pubmed> pubmed(?<![A-Za-z0-9]pubmed) )
    )
    (?![A-Za-z])
    {_MARKUP} (?: (?: [:#=] | is\b | are\b ) {_MARKUP} )?
    (?: (?: [•·] | -(?=\s) ) {_MARKUP} )?       # the bullet of a list's first line
    """,
    re.IGNORECASE | re.VERBOSE | re.ASCII,
)
# PMIDs are 1-8 digits (about 40 million today). The number must stand alone: not `34497264.5`, a phone
# number `555-123-4567`, a date `2021/09/08`, a time `12:30`, a percentage, `123abc` or `12,345`.
_PMID_NUMBER = re.compile(r"[0-9]{1,8}+(?![0-9A-Za-z%]|[.\-/:][0-9]|,[0-9]{3}(?![0-9]))", re.ASCII)
# Between the numbers of a list: `1, 2 and 3`, `1; 2`, `1 / 2`, `1 2 3`, bullets on new lines.
_LIST_SEPARATOR = re.compile(
    rf"{_MARKUP}(?:(?:[,;&+•·]|[-/](?=\s)|and\b|or\b){_MARKUP})*+", re.IGNORECASE | re.ASCII
)
# A list after a singular label (`PMID 34497264, 2021`) continues only with PMID-sized numbers, so a year or
# a count after the PMID is not taken for another one; `PubMed` alone needs a PMID-sized number throughout.
_MIN_DIGITS_AFTER_SINGULAR = 5


def _pmids(text: str) -> Iterator[_Find]:
    for label in _PMID_LABEL.finditer(text):
        plural = bool(label.group("plural1") or label.group("plural2"))
        min_digits = _MIN_DIGITS_AFTER_SINGULAR if label.group("pubmed") else 1
        position = label.end()
        while True:
            number = _PMID_NUMBER.match(text, position)
            if number is None or len(number.group(0)) < min_digits or int(number.group(0)) == 0:
                break
            yield _Find(number.start(), number.end(), Identifier("pmid", number.group(0)))
            if not plural:
                min_digits = _MIN_DIGITS_AFTER_SINGULAR
            separator = _LIST_SEPARATOR.match(text, number.end())
            if separator is None or separator.end() == number.end():
                break
            position = separator.end()


# --------------------------------------------------------------------------------------------------------------
# PMCIDs

# `PMC` + digits, any case (`pmc8424619` → `PMC8424619`), not inside a word or a longer number.
_PMCID = re.compile(r"PMC(?<![A-Za-z0-9]PMC)([0-9]++)(?![A-Za-z0-9]|[.\-/:][0-9])", re.IGNORECASE | re.ASCII)
# `PMCID: 8424619` (the number without its prefix) names PMC8424619.
_PMCID_LABEL = re.compile(
    rf"PMCID(?<![A-Za-z0-9]PMCID)s?(?![A-Za-z]){_MARKUP}(?:[:#=]{_MARKUP})?([0-9]++)(?![A-Za-z0-9]|[.\-/:][0-9])",
    re.IGNORECASE | re.ASCII,
)


def _pmcids(text: str) -> Iterator[_Find]:
    for pattern in (_PMCID, _PMCID_LABEL):
        for match in pattern.finditer(text):
            identifier = _pmcid(match.group(1))
            if identifier is not None:
                yield _Find(match.start(1), match.end(1), identifier)


def _pmcid(digits: str) -> Identifier | None:
    # PMCIDs are plain numbers: none starts with 0, so "pmc01" (a host name) is not one.
    return Identifier("pmcid", f"PMC{digits}") if digits[:1] not in ("", "0") else None


# --------------------------------------------------------------------------------------------------------------
# arXiv

# New-style ids `YYMM.NNNNN` (4 digits up to 2014, 5 since) and old-style `archive(.SC)/YYMMNNN`, each with an
# optional version. The archive names are the closed list of pre-2007 arXiv archives.
_ARXIV_NEW = r"(?P<yymm>[0-9]{4})\.(?P<number>[0-9]{4,5})"
_OLD_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|comp-gas|cond-mat|cs"
    "|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|math|mtrl-th|nlin|nucl-ex|nucl-th|patt-sol"
    "|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|supr-con"
)
_ARXIV_OLD = (
    rf"(?P<archive>{_OLD_ARCHIVES})(?:\.(?P<subject>[A-Za-z][A-Za-z\-]{{1,11}}))?/(?P<old>[0-9]{{7}})"
)
_ARXIV_ANY = rf"(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v[0-9]+)?"
_ARXIV_END = r"(?![A-Za-z0-9]|[.\-/][0-9])"
_ARXIV_ID = re.compile(_ARXIV_ANY, re.IGNORECASE | re.ASCII)
# `arXiv:1706.03762`, `arXiv 1706.03762v5`, `arXiv ID: hep-th/9901001`: in passive reading the prefix is what
# tells an arXiv id from a decimal number.
_ARXIV_PREFIXED = re.compile(
    rf"arxiv(?<![A-Za-z0-9]arxiv)(?:{_MARKUP}id)?{_MARKUP}(?:[:#]{_MARKUP})?(?P<id>{_ARXIV_ANY}){_ARXIV_END}",
    re.IGNORECASE | re.ASCII,
)


def _arxiv_ids(text: str) -> Iterator[_Find]:
    for match in _ARXIV_PREFIXED.finditer(text):
        arxiv = _arxiv_id(match.group("id"))
        if arxiv is not None:
            yield _Find(match.start(), match.end(), Identifier("arxiv", arxiv))


def _arxiv_id(candidate: str) -> str | None:
    """The arXiv id in ``candidate`` (all of it) without its version, or None when it is no valid id."""
    match = _ARXIV_ID.fullmatch(candidate)
    if match is None:
        return None
    if match.group("yymm"):
        year, month = int(match.group("yymm")[:2]), int(match.group("yymm")[2:])
        digits = 4 if (year, month) < (15, 1) else 5
        if not 1 <= month <= 12 or (year, month) < (7, 4) or len(match.group("number")) != digits:
            return None
        return f"{match.group('yymm')}.{match.group('number')}"
    month = int(match.group("old")[2:4])
    if not 1 <= month <= 12:
        return None
    subject = match.group("subject") or ""
    if subject:
        subject = "." + (subject.upper() if len(subject) == 2 else subject.lower())
    return f"{match.group('archive').lower()}{subject}/{match.group('old')}"


# --------------------------------------------------------------------------------------------------------------
# Explicit mode: `/cite 34497264 2301.01234 hep-th/9901001`

# A number standing alone as an argument; not part of a decimal, a date, a time, a DOI, `#1234` or `$5`.
_BARE_NUMBER = re.compile(
    r"[0-9](?<![A-Za-z0-9.\-/:#@%$+^~=&][0-9])[0-9]{0,7}+(?![0-9A-Za-z%]|[.\-/:][0-9])",
    re.ASCII,
)
_BARE_ARXIV = re.compile(rf"(?<![A-Za-z0-9.\-/:]){_ARXIV_ANY}{_ARXIV_END}", re.IGNORECASE | re.ASCII)


def _bare_ids(text: str) -> Iterator[_Find]:
    for match in _BARE_NUMBER.finditer(text):
        if int(match.group(0)):
            yield _Find(match.start(), match.end(), Identifier("pmid", match.group(0)))
    for match in _BARE_ARXIV.finditer(text):
        arxiv = _arxiv_id(match.group(0))
        if arxiv is not None:
            yield _Find(match.start(), match.end(), Identifier("arxiv", arxiv))


# --------------------------------------------------------------------------------------------------------------
# Links

# RFC 3986, appendix B: splits any string into scheme, authority, path, query and fragment; it cannot fail.
_URL_PARTS = re.compile(
    r"(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?", re.DOTALL
)
_WEB_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://|//")
_PORT = re.compile(r":[0-9]*$")
# What ends a URL typed in text without being part of it: sentence punctuation, markup, a quote.
_URL_TRAILING = ".,;:!?'\"*_~"
_PMID_DIGITS = re.compile(r"[0-9]{1,8}", re.ASCII)
# A PubMed search for one PMID: `?term=34497264` or `?term=34497264[pmid]`.
_PUBMED_TERM = re.compile(r"\s*([0-9]{1,8})\s*(?:\[(?:pmid|uid)\])?\s*", re.IGNORECASE | re.ASCII)
_PMC_HOSTS = frozenset({"pmc.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov", "europepmc.org"})
_DIGIT_RUN = re.compile(r"[0-9]+", re.ASCII)
_PMCID_SEGMENT = re.compile(r"PMC([0-9]+)", re.IGNORECASE | re.ASCII)
_ARXIV_HOSTS = frozenset(
    {"arxiv.org", "export.arxiv.org", "ar5iv.org", "ar5iv.labs.arxiv.org", "alphaxiv.org"}
)
_ARXIV_PAGES = frozenset({"abs", "pdf", "html", "format", "ps", "src", "e-print"})
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "hdl.handle.net"})
# Nature's article pages are named by the DOI suffix: nature.com/articles/s41586-020-2012-7 is 10.1038/s41586-….
_NATURE_SLUG = re.compile(r"[a-z][a-z0-9._\-]*[0-9][a-z0-9._\-]*", re.IGNORECASE | re.ASCII)
# A bioRxiv/medRxiv PDF link without the DOI: …/early/2020/03/03/2020.03.01.123456.full.pdf
_PREPRINT_NUMBER = re.compile(r"(?:[0-9]{4}\.[0-9]{2}\.[0-9]{2}\.)?[0-9]{6,8}", re.ASCII)
_VERSION_END = re.compile(r"v[0-9]+$")
# A PII as Elsevier writes it in URLs, with or without the punctuation: S0140-6736(20)30183-5, S0140673620301835.
_LANCET_PII = re.compile(r"S([0-9]{4})-?([0-9]{3}[0-9X])\(?([0-9]{2})\)?([0-9]{5})-?([0-9X])", re.ASCII)
# Journals whose DOI is `10.1016/` + the formatted PII: The Lancet and its specialty journals (not
# eClinicalMedicine, eBioMedicine or the Regional Health journals, whose DOIs are `10.1016/j.…`).
_LANCET_ISSNS = frozenset(
    {
        "01406736", "14702045", "14744422", "14733099", "22138587", "24681253", "22132600", "22150366", "2214109X",
        "23523018", "23523026", "24682667", "25425196", "23524642", "25897500", "26659913", "26667568", "26665247",
    }
)  # fmt: skip
_BMJ_ARTICLE = re.compile(r"bmj\.[a-z]?[0-9]+", re.ASCII)
_ELIFE_NUMBER = re.compile(r"[0-9]{5,6}", re.ASCII)


class _Link(NamedTuple):
    host: str
    path: str  # percent-decoded
    segments: list[str]  # percent-decoded, empty ones left out
    query: list[tuple[str, str]]  # percent-decoded

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.query if key.lower() == name), None)


def _link_id(url: str) -> Identifier | None:
    """The one id a link names: by the site's own rule, else a DOI in it, else a PMCID."""
    link = _parse_link(url)
    return (
        _pmid_from_link(link)
        or _pmcid_from_link(link)
        or _arxiv_from_link(link)
        or _doi_from_link(link)
        or _pmcid_anywhere_in_link(link)  # any other site: a segment or value that is exactly a PMCID
    )


def _trim_url(url: str) -> str:
    """A URL typed in text without the punctuation after it: `(see https://doi.org/10.1/x).` → …/x."""
    return _balanced_prefix(url).rstrip(_URL_TRAILING + "".join(_OPENERS))


def _parse_link(url: str) -> _Link:
    if not _WEB_URL_START.match(url):
        url = "//" + url  # `doi.org/10.1/x`, `www.ncbi.nlm.nih.gov/…` typed without a scheme
    parts = _URL_PARTS.fullmatch(url)
    authority, path, query = (
        (parts.group(2) or "", parts.group(3) or "", parts.group(4) or "") if parts else ("", "", "")
    )
    host = _PORT.sub("", authority.rpartition("@")[2]).lower().rstrip(".")
    host = host.removeprefix("www.")
    decoded = unquote(path)
    pairs = [pair.partition("=") for pair in query.split("&") if pair]
    return _Link(
        host=host,
        path=decoded,
        segments=[unquote(part) for part in path.split("/") if part],
        query=[(unquote(key), unquote(value)) for key, _, value in pairs],
    )


def _pmid_from_link(link: _Link) -> Identifier | None:
    """pubmed.ncbi.nlm.nih.gov/1/, ncbi.nlm.nih.gov/pubmed/1, …/pmc/articles/pmid/1/, europepmc.org/article/MED/1."""
    segments = [segment.lower() for segment in link.segments]
    number: str | None = None
    if link.host == "pubmed.ncbi.nlm.nih.gov":
        number = segments[0] if segments else _pubmed_term(link)
    elif link.host == "ncbi.nlm.nih.gov" and segments[:1] == ["pubmed"]:
        number = segments[1] if len(segments) > 1 else _pubmed_term(link)
    elif link.host == "ncbi.nlm.nih.gov" and (link.param("db") or "").lower() == "pubmed":
        number = _pubmed_term(link)  # the old entrez/query.fcgi?db=PubMed&list_uids=1
    elif (
        link.host == "ncbi.nlm.nih.gov" and segments[:3] == ["pmc", "articles", "pmid"] and len(segments) > 3
    ):
        number = segments[3]
    elif link.host == "pmc.ncbi.nlm.nih.gov" and segments[:2] == ["articles", "pmid"] and len(segments) > 2:
        number = segments[2]
    elif (
        link.host == "europepmc.org"
        and segments[:1] in (["article"], ["abstract"])
        and segments[1:2] == ["med"]
    ):
        number = segments[2] if len(segments) > 2 else None
    if number is None or not _PMID_DIGITS.fullmatch(number) or not int(number):
        return None
    return Identifier("pmid", number)


def _pubmed_term(link: _Link) -> str | None:
    term = link.param("term") or link.param("list_uids")
    match = _PUBMED_TERM.fullmatch(term) if term else None
    return match.group(1) if match else None


def _pmcid_from_link(link: _Link) -> Identifier | None:
    """pmc.ncbi.nlm.nih.gov/articles/PMC1/, ncbi.nlm.nih.gov/pmc/articles/PMC1/, europepmc.org/article/PMC/1."""
    if link.host not in _PMC_HOSTS:
        return None
    segments = [segment.lower() for segment in link.segments]
    if link.host == "europepmc.org" and segments[1:2] == ["pmc"] and len(segments) > 2:
        digits = segments[2].removeprefix("pmc")
        return _pmcid(digits) if _DIGIT_RUN.fullmatch(digits) else None
    return _pmcid_anywhere_in_link(link)


def _pmcid_anywhere_in_link(link: _Link) -> Identifier | None:
    """A path segment or query value that is a PMCID: …/PMC8424619.pdf is not, ?accid=PMC8424619 is."""
    for value in (*link.segments, *(value for _, value in link.query)):
        match = _PMCID_SEGMENT.fullmatch(value)
        if match:
            return _pmcid(match.group(1))
    return None


def _arxiv_from_link(link: _Link) -> Identifier | None:
    """arxiv.org/abs/1706.03762v5, arxiv.org/pdf/hep-th/9901001.pdf, huggingface.co/papers/1706.03762."""
    pages = (
        _ARXIV_PAGES if link.host in _ARXIV_HOSTS else {"papers"} if link.host == "huggingface.co" else None
    )
    if not pages or len(link.segments) < 2 or link.segments[0].lower() not in pages:
        return None
    candidate = "/".join(link.segments[1:]).removesuffix(".pdf").removeprefix("arXiv:")
    arxiv = _arxiv_id(candidate)
    return Identifier("arxiv", arxiv) if arxiv else None


def _doi_from_link(link: _Link) -> Identifier | None:
    """doi.org/10.1/x (percent-encoded too), a DOI in a publisher's path or query, or a site's own mapping."""
    # On doi.org the whole path is the DOI; a publisher adds `/full`, `.pdf` … to it.
    resolver = link.host in _DOI_HOSTS
    match = _DOI.search(link.path)
    doi = _clean_doi(match.group(0), from_link=not resolver) if match else None
    if resolver:
        return _doi_identifier(doi) if doi else None
    for _, value in link.query:
        if doi:
            break
        match = _DOI.search(value)
        doi = _clean_doi(match.group(0)) if match else None
    doi = (
        doi
        or _nature_doi(link)
        or _lancet_doi(link)
        or _bmj_doi(link)
        or _preprint_doi(link)
        or _elife_doi(link)
    )
    return _doi_identifier(doi) if doi else None


def _nature_doi(link: _Link) -> str | None:
    """nature.com/articles/s41392-021-00754-6 and the old …/full/nature12373.html name 10.1038/<slug>."""
    if link.host != "nature.com":
        return None
    segments = link.segments
    for index, segment in enumerate(segments[:-1]):
        if segment in ("articles", "full", "abs"):
            slug = segments[index + 1].removesuffix(".pdf").removesuffix(".html")
            if _NATURE_SLUG.fullmatch(slug):
                return _clean_doi(f"10.1038/{slug}")
            return None
    return None


def _lancet_doi(link: _Link) -> str | None:
    """A Lancet-family PII is its DOI: thelancet.com/…/PIIS0140-6736(20)30183-5/fulltext and ScienceDirect's
    sciencedirect.com/science/article/pii/S0140673620301835 are 10.1016/S0140-6736(20)30183-5."""
    if link.host not in ("thelancet.com", "sciencedirect.com"):
        return None
    for segment in link.segments:
        match = _LANCET_PII.fullmatch(segment.removeprefix("PII"))
        if match and match.group(1) + match.group(2) in _LANCET_ISSNS:
            return f"10.1016/S{match.group(1)}-{match.group(2)}({match.group(3)}){match.group(4)}-{match.group(5)}"
    return None


def _bmj_doi(link: _Link) -> str | None:
    """bmj.com/content/372/bmj.n71 is 10.1136/bmj.n71."""
    if link.host != "bmj.com":
        return None
    article = next((segment for segment in link.segments if _BMJ_ARTICLE.fullmatch(segment)), None)
    return f"10.1136/{article}" if article else None


def _preprint_doi(link: _Link) -> str | None:
    """A bioRxiv/medRxiv link without the DOI: biorxiv.org/content/early/2019/04/04/598821.full.pdf."""
    if link.host not in ("biorxiv.org", "medrxiv.org") or link.segments[:1] != ["content"]:
        return None
    last = _PUBLISHER_SUFFIX.sub("", link.segments[-1])
    number = _VERSION_END.sub("", last)
    return f"10.1101/{number}" if _PREPRINT_NUMBER.fullmatch(number) else None


def _elife_doi(link: _Link) -> str | None:
    """elifesciences.org/articles/01567 is 10.7554/eLife.01567."""
    segments = link.segments
    if link.host != "elifesciences.org" or segments[:1] != ["articles"] or len(segments) < 2:
        return None
    return f"10.7554/eLife.{segments[1]}" if _ELIFE_NUMBER.fullmatch(segments[1]) else None
