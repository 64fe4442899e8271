"""BibTeX export, written with bibtexparser 2 (which also reads it back in the tests).

Choices:
- text stays UTF-8 (biber/biblatex and BibTeX with ``inputenc`` read it); only LaTeX's special characters are
  escaped: ``\\ { } & % $ # _ ~ ^``;
- title words with a capital after their first letter (COVID-19, mRNA, SARS-CoV-2, TP53) and CSL "nocase"
  spans are wrapped in braces so bibliography styles cannot lower-case them; italics become ``\\textit{}``;
- authors ``Family, Given and ...`` (``van der Berg, Anna``; ``Müller, Jr, Jürgen``); an organisation is
  braced whole (``{World Health Organization}``) so it is not split into first and last names;
- keys are ``<first author's family name><year><first significant title word>``, ASCII-folded and lower case
  (``shi2021mesenchymal``); a key seen before in the same file gets ``b``, ``c``, ... appended;
- ``month`` is a number (biblatex's form), ``pages`` use ``--``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Block, Entry, Field

from bot.models import Name, Reference
from formatters.rich import collapse_line, one_line, parse_csl_markup
from formatters.ris import doi_url, safe_url, split_pages
from formatters.summary import full_abstract

ENTRY_TYPES: dict[str, str] = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
}
DEFAULT_ENTRY_TYPE = "misc"  # datasets, web pages, preprints, software ...

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_STOPWORDS = frozenset(
    ("a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "from", "by", "at", "as", "is",
     "are", "was", "were", "be", "its", "into", "via", "under", "over", "between", "among", "after",
     "before", "during", "about", "against", "not", "no", "than")
)  # fmt: skip
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "ß": "ss", "ł": "l", "Ł": "L",
                       "đ": "d", "Đ": "D", "þ": "th", "ð": "d", "ı": "i"})  # fmt: skip
_INNER_CAPITAL = re.compile(r"^(\W*)(\w.*?[A-Z].*?)(\W*)$")


def escape_latex(text: str) -> str:
    """LaTeX's special characters escaped; everything else (UTF-8 included) as it is."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)


def _protect_word(word: str) -> str:
    # Keep a word's capitals through a style's lower-casing when one follows the first letter: {COVID}-19.
    match = _INNER_CAPITAL.match(word)
    if not match or not any(ch.isupper() for ch in match.group(2)[1:]):
        return escape_latex(word)
    lead, core, trail = match.groups()
    return f"{escape_latex(lead)}{{{escape_latex(core)}}}{escape_latex(trail)}"


_TITLE_FINAL_PERIOD = re.compile(r"(?<!\.)\.\s*$")  # one final period; an ellipsis stays


def latex_title(title: str) -> str:
    """A title in BibTeX: markup to LaTeX, acronyms and nocase spans protected, specials escaped."""
    out: list[str] = []
    for span in parse_csl_markup(title):
        text = re.sub(r"\s+", " ", span.text)
        if span.nocase:
            body = "{" + escape_latex(text) + "}"
        else:
            body = "".join(_protect_word(part) if part.strip() else part for part in re.split(r"(\s+)", text))
        if span.italic:
            body = r"\textit{" + body + "}"
        if span.bold:
            body = r"\textbf{" + body + "}"
        out.append(body)
    return "".join(out).strip()


def bibtex_name(name: Name) -> str:
    if name.literal and not name.family:
        return "{" + escape_latex(one_line(name.literal)) + "}"
    family = escape_latex(one_line(" ".join(p for p in (name.non_dropping_particle, name.family) if p)))
    given = escape_latex(one_line(" ".join(p for p in (name.given, name.dropping_particle) if p)))
    suffix = escape_latex(one_line(name.suffix))
    parts = [family, suffix, given] if suffix else [family, given]
    return ", ".join(_brace_and(p) for p in parts if p)


_AND = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def _brace_and(part: str) -> str:
    # BibTeX splits an author list at "and" between spaces, in any letter case, wherever it is in a name.
    return "{" + part + "}" if _AND.search(part) else part


def _names(names: Sequence[Name]) -> str:
    return " and ".join(n for n in (bibtex_name(name) for name in names) if n)


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if ch.isascii() and not unicodedata.combining(ch))


def _key_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def base_key(ref: Reference) -> str:
    """``shi2021mesenchymal``: first author's family name, year, first significant title word."""
    first = ref.author[0] if ref.author else ref.editor[0] if ref.editor else None
    who = ""
    if first is not None:
        who = _key_word(first.family or "") or _key_word(
            (first.literal or "").split(" ")[0] if first.literal else ""
        )
    words = [_key_word(w) for w in re.split(r"[\s\-–—/:]+", one_line(ref.title))]
    what = next((w for w in words if w and w not in _STOPWORDS), "")
    return f"{who or 'anon'}{ref.year or ''}{what}"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _pages(page: str) -> str:
    start, end = split_pages(page)
    return f"{start}--{end}" if end else re.sub(r"\s*[-–—]+\s*", "--", start)


def bibtex_entry(ref: Reference, key: str) -> Entry:
    entry_type = ENTRY_TYPES.get(ref.type, DEFAULT_ENTRY_TYPE)
    if entry_type == "phdthesis" and "master" in (ref.genre or "").lower():
        entry_type = "mastersthesis"
    fields: list[Field] = []

    def put(name: str, value: str | None, *, escape: bool = True) -> None:
        text = one_line(value)
        if text:
            fields.append(Field(name, escape_latex(text) if escape else text))

    if ref.author:
        fields.append(Field("author", _names(ref.author)))
    if ref.editor:
        fields.append(Field("editor", _names(ref.editor)))
    # PubMed titles end in "."; BibTeX styles add their own punctuation after the title ("COVID-19..").
    if ref.title and (title := latex_title(_TITLE_FINAL_PERIOD.sub("", collapse_line(ref.title)))):
        fields.append(Field("title", title))
    container = ref.container_title or ref.container_title_short
    if entry_type == "article":
        put("journal", container)
    elif entry_type in {"incollection", "inproceedings"}:
        put("booktitle", container)
    elif entry_type == "misc" and container:
        put("howpublished", container)
    if entry_type in {"book", "incollection"}:
        put("series", ref.collection_title)
    if ref.year is not None:
        fields.append(Field("year", str(ref.year)))
    if ref.issued and ref.issued.month and 1 <= ref.issued.month <= 12:
        fields.append(Field("month", str(ref.issued.month)))
    put("volume", ref.volume)
    put("number", ref.issue or (ref.number if entry_type == "techreport" else None))
    if ref.page:
        put("pages", _pages(ref.page))
    put("edition", ref.edition)
    if entry_type in {"phdthesis", "mastersthesis"}:
        put("school", ref.publisher)
    elif entry_type == "techreport":
        put("institution", ref.publisher)
    else:
        put("publisher", ref.publisher)
    put("address", ref.publisher_place)
    put("issn", ref.ISSN)
    put("isbn", ref.ISBN)
    # doi and url are verbatim fields in biblatex (and go into \url{} with BibTeX styles): written as they
    # are, "_" and all; only braces, which would unbalance the value, are dropped from a URL (encoded there).
    if ref.DOI and _balanced(one_line(ref.DOI)):
        put("doi", ref.DOI, escape=False)
    url = doi_url(ref.DOI) if ref.DOI else safe_url(ref.URL) if ref.URL else None
    if url:
        fields.append(Field("url", url))
    put("pmid", ref.PMID)
    put("pmcid", ref.PMCID)
    put("language", ref.language)
    if ref.keywords:
        put("keywords", ", ".join(k for k in map(one_line, ref.keywords) if k))
    if ref.abstract or ref.abstract_sections:
        put("abstract", full_abstract(ref))
    if ref.is_preprint:
        put("note", "Preprint")
    return Entry(entry_type, key, fields)


def bibtex_entries(refs: Sequence[Reference]) -> list[Entry]:
    """One entry per reference with keys made unique within the list (``b``, ``c``, ... for repeats)."""
    seen: dict[str, int] = {}
    entries: list[Entry] = []
    for ref in refs:
        key = base_key(ref)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            suffix, n = "", count
            while True:  # b, c, ..., z, ba, bb ...: never clashes with another base key's suffix run
                n, digit = divmod(n, 26)
                suffix = "abcdefghijklmnopqrstuvwxyz"[digit] + suffix
                if n == 0:
                    break
            key = key + suffix
            while key in seen:
                key += "x"
            seen[key] = 1
        entries.append(bibtex_entry(ref, key))
    return entries


def to_bibtex(refs: Sequence[Reference]) -> str:
    if not refs:
        return ""
    blocks: list[Block] = list(bibtex_entries(refs))
    return str(write_string(Library(blocks)))
