"""Shared primitives of the numeric styles (AMA, NLM, IEEE, Nature), mirroring citeproc-js 2.4.63.

Each function here reproduces one piece of what citeproc-js does with the official CSL styles: name
initialisation and ordering, et-al truncation, page ranges, dates, title case, smart quotes and the merging
of punctuation where a field meets a delimiter. The style modules only arrange fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.models import DateVariable, Name, Reference
from formatters.rich import Span
from formatters.styles.common import CLOSER, Rich, clean, group, parse_markup, to_spans
from formatters.styles.common import bold as make_bold
from formatters.styles.common import italic as make_italic

__all__ = ["group"]

# --- characters and scripts ------------------------------------------------------------------------------------

# citeproc-js treats these scripts as "romanesque": names in them are initialised and may be inverted.
_ROMAN_CHARS = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e"
)
_ROMANESQUE = re.compile(f"[-0-9{_ROMAN_CHARS}]")
_STARTS_ROMANESQUE = re.compile(f"^[&{_ROMAN_CHARS}]")
_NAME_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0370\u0372\u0376"
    "\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)(\\.)*"
)
_APOSTROPHE_IN_WORD = re.compile(f"([-0-9{_ROMAN_CHARS}])\u2019([-0-9{_ROMAN_CHARS}])")


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- smart quotes (citeproc-js flip-flop) ------------------------------------------------------------------------

QuoteLocale = Literal["en-US", "en-GB"]
_QUOTE_MARKS = {
    # level -> (open, close)
    "en-US": {"outer": ("\u201c", "\u201d"), "inner": ("\u2018", "\u2019")},
    "en-GB": {"outer": ("\u2018", "\u2019"), "inner": ("\u201c", "\u201d")},
}
_QUOTE_CHARS = re.compile("[\"'\u201c\u201d\u2018\u2019]")
_TAG = re.compile(r"<(/?)(i|b|em|strong|sub|sup|sc|span)(\s[^<>]*)?>", re.IGNORECASE)
_CLOSER_OF = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}


def smart_quotes(text: str, locale: QuoteLocale = "en-US", inside_quotes: bool = False) -> Rich:
    """Straight and typographic quotes → the locale's nested quotation marks; apostrophes → ’.

    Each closing mark of a matched pair is followed by ``CLOSER``. ``inside_quotes``: the field is itself
    quoted by the style (IEEE titles), so its outermost quotes take the inner form.
    """
    if not _QUOTE_CHARS.search(text):
        return text
    text = _APOSTROPHE_IN_WORD.sub("\\1'\\2", text)
    tag_ends = {m.end() for m in _TAG.finditer(text)}
    marks: list[tuple[int, str, str]] = [
        _classify_quote(text, m.start(), tag_ends) for m in _QUOTE_CHARS.finditer(text)
    ]
    pairs = _match_quotes(marks)
    replace: dict[int, str] = {}
    for index, level in _quote_levels(marks, pairs, inside_quotes).items():
        open_mark, close_mark = _QUOTE_MARKS[locale][level]
        replace[marks[index][0]] = open_mark
        replace[marks[pairs[index]][0]] = close_mark + CLOSER
    for pos, char, role in marks:
        if pos not in replace and (role not in ("open", "close") or char == "'"):
            replace[pos] = "\u2019" if role in ("open", "close") else role
    return "".join(replace.get(i, ch) for i, ch in enumerate(text))


def _classify_quote(text: str, pos: int, tag_ends: set[int]) -> tuple[int, str, str]:
    """A quote character's role: "open", "close", or the literal it becomes (an apostrophe)."""
    char = text[pos]
    after = text[pos + 1 : pos + 2]
    opening_context = pos == 0 or text[pos - 1] in " (" or pos in tag_ends
    if char in "\u201c\u2018":
        return pos, char, "open"
    if char in "\u201d\u2019":
        return pos, char, "close"
    if char == '"':
        return pos, char, "open" if opening_context else "close"
    if opening_context:
        return pos, char, "\u2019" if after == " " else "open"
    if after and after not in ",.?:; ":
        return pos, char, "\u2019"
    return pos, char, "close"


def _match_quotes(marks: list[tuple[int, str, str]]) -> dict[int, int]:
    """Opening mark index → closing mark index for properly nested pairs; strays stay unmatched."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, (_, char, role) in enumerate(marks):
        if role == "open":
            stack.append(index)
        elif role == "close":
            if char == "'" and (not stack or _CLOSER_OF[marks[stack[-1]][1]] != char):
                continue  # a stray closing single quote is an apostrophe
            while stack and _CLOSER_OF[marks[stack[-1]][1]] != char:
                stack.pop()
            if stack:
                pairs[stack.pop()] = index
    return pairs


def _quote_levels(
    marks: list[tuple[int, str, str]], pairs: dict[int, int], inside_quotes: bool
) -> dict[int, str]:
    # The first straight quote that opens a pair decides which kind (single or double) is the outer one.
    outer_kind = next((marks[i][1] for i in sorted(pairs) if marks[i][1] in "\"'"), '"')
    levels: dict[int, str] = {}
    enclosing: list[tuple[int, str]] = []
    for index in sorted(pairs):
        while enclosing and pairs[enclosing[-1][0]] < index:
            enclosing.pop()
        char = marks[index][1]
        if enclosing:
            level = "inner" if enclosing[-1][1] == "outer" else "outer"
        elif inside_quotes:
            level = "inner"
        elif char in "\"'":
            level = "outer" if char == outer_kind else "inner"
        else:
            level = "outer" if char == "\u201c" else "inner"
        levels[index] = level
        enclosing.append((index, level))
    return levels


def names_apostrophes(text: str) -> str:
    """Straight apostrophes in names print as ’ (D'Angelo → D’Angelo), as citeproc-js does."""
    return text.replace("'", "\u2019") if "'" in text else text


# --- title case (citeproc-js "title" text-case) -------------------------------------------------------------------

_SKIP_WORDS = frozenset(
    [
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "al",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "aside",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "et",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "than",
        "through",
        "throughout",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "vs",
        "v",
        "via",
        "vis-à-vis",
        "with",
        "within",
        "without",
        "or",
        "yet",
        "so",
        "and",
        "nor",
        "a",
        "an",
        "the",
        "de",
        "d'",
        "von",
        "van",
        "c",
        "ca",
    ]
)
_TITLE_SPLIT = re.compile(
    "(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
    '|<span style="font-variant: small-caps;">|<span class="no(?:case|decor)">|</span>|</?(?:i|sc|b|sub|sup)>)'
)
_PROTECTING_TAGS = {
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
}
_WORD_SPLIT = re.compile("([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")


def _is_skip_word(word: str) -> bool:
    return word.lower() in _SKIP_WORDS


def _capitalise(word: str) -> str:
    if not word:
        return word
    if len(word) == 1 and "\u0370" <= word <= "\u03ff":
        return word
    return word[0].upper() + word[1:]


def title_case(text: str, language: str | None = None) -> str:
    """CSL ``text-case="title"`` as citeproc-js applies it (English items only; words already capitalised stay)."""
    if language and not language.lower().startswith("en"):
        return text
    parts = _TITLE_SPLIT.split(text)
    strings, tags = parts[0::2], parts[1::2]
    state = {"first": True, "after_punct": False}
    last_word: tuple[int, int] | None = None

    def capitalise_words(index: int) -> None:
        nonlocal last_word
        chunk = strings[index]
        if not chunk.strip():
            return
        words = _WORD_SPLIT.split(chunk)
        for j in range(0, len(words), 2):
            word = words[j]
            if not word:
                continue
            lower = word.lower()
            capitalize = (
                (len(word) > 1 and lower not in _SKIP_WORDS) or state["first"] or state["after_punct"]
            )
            if capitalize and word == lower:
                words[j] = _capitalise(word)
            state["first"] = False
            state["after_punct"] = False
            last_word = (index, j)
        strings[index] = "".join(words)

    capitalise_words(0)
    protecting: list[str] = []
    for i, tag in enumerate(tags):
        if tag in _PROTECTING_TAGS:
            protecting.append(_PROTECTING_TAGS[tag])
        elif protecting and tag == protecting[-1]:
            protecting.pop()
        if tag[-1:] in "!?:":
            state["after_punct"] = True
        if not protecting:
            capitalise_words(i + 1)
        elif strings[i + 1].strip():
            last_word = None
        if strings[i + 1].strip():
            state["first"] = False
            state["after_punct"] = False
    if last_word is not None:
        index, j = last_word
        words = _WORD_SPLIT.split(strings[index])
        if len(words[j]) > 1 and _is_skip_word(words[j]):
            words[j] = _capitalise(words[j])
            strings[index] = "".join(words)
    out = [strings[0]]
    for tag, chunk in zip(tags, strings[1:], strict=True):
        out.append(tag)
        out.append(chunk)
    return "".join(out)


# --- rich fields --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def rich_field(
    text: str,
    *,
    italic: bool = False,
    locale: QuoteLocale = "en-US",
    inside_quotes: bool = False,
    strip_periods: bool = False,
) -> Rich:
    """A CSL rich-text field (title, container title), with smart quotes; italic flips inner italics."""
    rich = parse_markup(smart_quotes(clean(text), locale, inside_quotes))
    if strip_periods:
        rich = strip_periods_text(rich)
    return make_italic(rich) if italic else rich


_STRIP_PERIODS = re.compile(r"\.([^a-z]|$)")


def strip_periods_text(text: str) -> str:
    """CSL ``strip-periods`` as citeproc-js does it: a period before a lower-case letter stays ("x.com")."""
    return _STRIP_PERIODS.sub(r"\1", text) if "." in text else text


def quoted_field(rich: Rich, locale: QuoteLocale = "en-US") -> Rich:
    """Wrap a field in the style's own quotation marks (CSL ``quotes="true"``)."""
    open_mark, close_mark = _QUOTE_MARKS[locale]["outer"]
    return f"{open_mark}{rich}{close_mark}{CLOSER}"


# --- names --------------------------------------------------------------------------------------------------------


_HYPHEN_SPACES = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"[\t\n\x0b\x0c\r ]+")
_HYPHEN_LOWER = re.compile(r"-([a-z])")
_EN_DASH_LOWER = re.compile("\u2013([a-z])")
_NAME_SPLIT = re.compile(r"([-\s]+)")
_AFTER_LAST_PERIOD = re.compile(r"[^.]+$")
_TRAILING_BLANKS = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")


@lru_cache(maxsize=8192)
def initialize_given(given: str, terminator: str, hyphen: bool = True) -> str:
    """citeproc-js ``initializeWith``: "John P. A." → "JPA" (terminator "") or "J. P. A." (". ")."""
    if not given:
        return ""
    if given in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(given):
        return given
    name = given
    if not hyphen:
        name = name.replace("-", " ")
    name = _HYPHEN_SPACES.sub("-", name)
    name = _SPACES.sub(" ", name)
    name = _HYPHEN_LOWER.sub("\u2013\\1", name)
    # "J.P." → "J. P."
    chars = list(name)
    for i in range(len(chars) - 2, -1, -1):
        if chars[i] == "." and chars[i + 1] != " ":
            chars[i] = ". "
    name = "".join(chars)
    parts = _NAME_SPLIT.split(name)
    strings, seps = parts[0::2], parts[1::2]
    if len(strings) == 1:
        tail = _AFTER_LAST_PERIOD.search(strings[0])
        if tail and len(tail.group()) == 1 and tail.group() != tail.group().lower():
            strings[0] += "."
    namelist: list[str] = []
    for i, s in enumerate(strings):
        namelist.append(s)
        if i < len(seps):
            namelist.append(seps[i])
    count = len(namelist)
    for i in range(0, count, 2):
        n = namelist[i]
        if not n:
            continue
        m = _NAME_INITIAL.match(n)
        head, rest, period = (m.group(1), m.group(2), m.group(3)) if m else ("", "", None)
        if m and rest and period:
            head, rest = head + rest, ""
        if m and head[:1] == head[:1].upper():
            extra = ""
            if rest:
                upper_run = ""
                for c in rest:
                    if c == c.upper():
                        upper_run += c
                    else:
                        break
                if len(upper_run) < len(rest):
                    extra = upper_run.lower()
            namelist[i] = head + extra
            if i < count - 1:
                if "-" in namelist[i + 1]:
                    namelist[i + 1] = terminator + "-"
                else:
                    namelist[i + 1] = terminator
            else:
                namelist.append(terminator)
        elif _ROMANESQUE.search(n) and not (m and period):
            namelist[i] = " " + n
    out = _TRAILING_BLANKS.sub("", "".join(namelist))
    out = _HYPHEN_SPACES.sub("-", out)
    out = _SPACES.sub(" ", out)
    return _EN_DASH_LOWER.sub("-\\1", out)


_LOWER_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-([a-z\u00df-\u00ff])")


def capitalize_hyphenated(given: str) -> str:
    """ "Min-jun" → "Min-Jun", so that it initialises to "MJ" / "M.-J." as the style manuals ask.

    citeproc-js drops or mangles the lower-case part ("Kim M jun", "M. Kim"); see the README of the
    reference set. Only a lower-case letter right after a hyphen inside a name is touched.
    """
    return _LOWER_AFTER_HYPHEN.sub(lambda m: "-" + m.group(1).upper(), given) if "-" in given else given


def normalize_suffix(suffix: str, terminator: str) -> str:
    """citeproc-js normalises suffix abbreviations with the initialize-with terminator ("Jr." → "Jr" with "")."""
    words = re.split(r"(\s+)", suffix.strip())
    out: list[str] = []
    for i in range(0, len(words), 2):
        word = words[i]
        if len(word) > 1 and word.endswith("."):
            word = word[:-1] + terminator.rstrip() if terminator else word[:-1]
            if i < len(words) - 1:
                word += " "
            out.append(word)
        else:
            out.append(word)
            if i < len(words) - 1:
                out.append(" ")
    return "".join(out).strip()


@dataclass(frozen=True)
class NameForm:
    """How a style prints one person: CSL name attributes of the bibliography."""

    terminator: str  # initialize-with
    hyphen: bool = True  # initialize-with-hyphen
    inverted: bool = True  # name-as-sort-order="all"
    sort_separator: str = " "


_ET_AL_GIVEN = re.compile(r"(\s*,!*\s*)")


def format_person(name: Name, form: NameForm, language: str | None = None) -> str:
    """One name, as citeproc-js renders it in a bibliography (no disambiguation)."""
    if name.literal:
        return names_apostrophes(clean(name.literal))
    cjk_item = bool(language) and (language or "")[:2].lower() in ("ja", "zh")
    return _format_person(
        name.family or "",
        name.given or "",
        name.suffix or "",
        name.non_dropping_particle or "",
        name.dropping_particle or "",
        form,
        cjk_item,
    )


@lru_cache(maxsize=8192)
def _format_person(
    family: str, given: str, suffix: str, ndp: str, dp: str, form: NameForm, cjk_item: bool
) -> str:
    family, given, suffix, ndp, dp = clean(family), clean(given), clean(suffix), clean(ndp), clean(dp)
    comma_suffix = False
    if not suffix and given:
        match = _ET_AL_GIVEN.search(given)
        if match:
            suffix = given[match.end() :]
            comma_suffix = match.group(1).replace(" ", "") == ",!"
            given = given[: match.start()]
    if not family:
        return names_apostrophes(given)
    initials = initialize_given(capitalize_hyphenated(given), form.terminator, form.hyphen)
    suffix_text = normalize_suffix(suffix, form.terminator) if suffix else ""
    romanesque = 2
    if not _ROMANESQUE.search(family.replace('"', "")):
        romanesque = 0
        if given and _STARTS_ROMANESQUE.match(given):
            romanesque = 1
    elif cjk_item:
        romanesque = 1
    if romanesque == 0:
        out = ndp + family + given
    elif romanesque == 1:
        out = _join([_join([ndp, family], " "), initials], " ")
    elif form.inverted:
        joiner = "" if ndp[-1:] in ("'", "\u2019", "-", " ") else " "
        first = _join([ndp, family], joiner)
        second = _join([initials, dp], " ")
        out = _join([_join([first, second], form.sort_separator), suffix_text], form.sort_separator)
    else:
        if dp and not ndp and dp[-1:] in ("'", "\u02bc", "\u2019", "-") and dp[:-1] != "de":
            family, dp = dp + family, ""
        if ndp[-1:] in ("'", "\u2019", "-", " "):
            last = _join([dp, ndp + family], " ")
        else:
            last = _join([dp, ndp, family], " ")
        last = _join([last, suffix_text], ", " if comma_suffix else " ")
        out = _join([initials, last], " ")
    return names_apostrophes(out)


def _join(parts: list[str], delimiter: str) -> str:
    return delimiter.join(p for p in parts if p)


AndStyle = Literal["none", "text", "symbol"]


@dataclass(frozen=True)
class NameListForm:
    """CSL ``<names>`` options of a style's bibliography."""

    person: NameForm
    et_al_min: int
    et_al_use_first: int
    delimiter: str = ", "
    and_word: AndStyle = "none"
    delimiter_precedes_last: Literal["always", "never", "contextual"] = "contextual"
    et_al_italic: bool = False


def format_names(names: list[Name], form: NameListForm, language: str | None = None) -> Rich:
    """A name list with the style's delimiters, "and" and et-al rule."""
    if not names:
        return ""
    truncated = len(names) >= form.et_al_min
    shown = names[: form.et_al_use_first] if truncated else names
    rendered = [format_person(n, form.person, language) for n in shown]
    if truncated:
        joiner = form.delimiter if len(rendered) > 1 else " "
        et_al = make_italic("et al.") if form.et_al_italic else "et al."
        return form.delimiter.join(rendered) + joiner + et_al
    if form.and_word == "none" or len(rendered) == 1:
        return form.delimiter.join(rendered)
    and_term = "and" if form.and_word == "text" else "&"
    precedes = form.delimiter_precedes_last
    comma = precedes == "always" or (precedes == "contextual" and len(rendered) > 2)
    last_joiner = (form.delimiter if comma else " ") + and_term + " "
    return form.delimiter.join(rendered[:-1]) + last_joiner + rendered[-1]


# --- pages ----------------------------------------------------------------------------------------------------

PageFormat = Literal["expanded", "minimal", "none"]
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)([a-z]*)\s*[-\u2013]\s*([A-Za-z]*)(\d+)([a-z]*)$")
_ROMAN_RANGE = re.compile(r"^([ivxlcdmIVXLCDM]+)\s*[-\u2013]\s*([ivxlcdmIVXLCDM]+)$")
_LIST_SEPARATOR = re.compile(r"(\s*[,&]\s*)")


@lru_cache(maxsize=4096)
def format_pages(page: str, fmt: PageFormat, delimiter: str = "\u2013") -> str:
    """A page field with CSL ``page-range-format`` and the locale's range delimiter, as citeproc-js does."""
    parts = _LIST_SEPARATOR.split(clean(page))
    out = []
    for i, part in enumerate(parts):
        out.append(part if i % 2 else _format_range(part, fmt, delimiter))
    return "".join(out)


def _format_range(part: str, fmt: PageFormat, delimiter: str) -> str:
    roman = _ROMAN_RANGE.match(part.strip())
    if roman:
        return roman.group(1) + delimiter + roman.group(2)
    m = _RANGE.match(part.strip())
    if not m:
        return part
    prefix1, start, suffix1, prefix2, end, suffix2 = m.groups()
    if (prefix2 and prefix2 != prefix1) or (prefix1 and not prefix2):
        return part
    if fmt == "none":
        return f"{prefix1}{start}{suffix1}{delimiter}{prefix2}{end}{suffix2}"
    start_full, end_full = start + suffix1, end + suffix2
    expanded = end_full
    if len(end_full) < len(start_full):
        expanded = start_full[: len(start_full) - len(end_full)] + end_full
    if not int(start) < _leading_int(expanded):
        return f"{prefix1}{start_full}{delimiter}{prefix2}{end_full}"
    if fmt == "expanded":
        return f"{prefix1}{start_full}{delimiter}{prefix2}{expanded}"
    minimal = _minimize(start_full, expanded)
    return f"{prefix1}{start_full}{delimiter}{minimal}"


def _leading_int(text: str) -> int:
    m = re.match(r"\d+", text)
    return int(m.group()) if m else 0


def _minimize(begin: str, end: str) -> str:
    if len(begin) != len(end):
        return end
    for i, (b, e) in enumerate(zip(begin, end, strict=True)):
        if b != e:
            return end[i:]
    return ""


_NUMERIC_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


@lru_cache(maxsize=4096)
def number_range(value: str, delimiter: str = "\u2013") -> str:
    """A numeric range in volume/issue/number ("1-2") takes the locale's range delimiter, as in citeproc-js."""
    m = _NUMERIC_RANGE.match(value)
    return f"{m.group(1)}{delimiter}{m.group(2)}" if m else value


@lru_cache(maxsize=4096)
def is_page_range(page: str) -> bool:
    """Whether a page field names more than one page (IEEE "pp." rather than "p.")."""
    return bool(re.search(r"[-\u2013,&]", page))


# --- dates ----------------------------------------------------------------------------------------------------

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_SHORT_US = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
SEASONS = ("Spring", "Summer", "Autumn", "Winter")


@dataclass(frozen=True)
class DateParts:
    year: int | None
    month: int | None  # 1-12
    day: int | None
    season: str | None
    literal: str | None


def date_parts(date: DateVariable | None) -> DateParts | None:
    """The first date of a CSL date variable, with a season name when it has one and no month."""
    if date is None:
        return None
    season = _season_name(date.season)
    if date.date_parts:
        first = date.date_parts[0]
        year = first[0] if first else None
        month = first[1] if len(first) > 1 and 1 <= first[1] <= 12 else None
        day = first[2] if len(first) > 2 and month and 1 <= first[2] <= 31 else None
        if month is None and len(first) > 1 and 13 <= first[1] <= 16:
            season = SEASONS[first[1] - 13]
        return DateParts(year, month, day, None if month else season, None)
    if date.literal:
        return DateParts(None, None, None, None, date.literal)
    return None


def _season_name(season: int | str | None) -> str | None:
    if season is None or season == "":
        return None
    if isinstance(season, int) or (isinstance(season, str) and season.isdigit()):
        number = int(season)
        return SEASONS[number - 1] if 1 <= number <= 4 else None
    return str(season)


def ordinal(number: int) -> str:
    """English ordinal as the en-US/en-GB locales give it: 1st 2nd 3rd 4th 11th 12th 13th 21st."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def edition_label(edition: str) -> str:
    """CSL ``label-edition`` macros: numeric edition → "21st ed."; else the text as given."""
    if edition.isdigit():
        return f"{ordinal(int(edition))} ed."
    return edition


@lru_cache(maxsize=4096)
def is_numeric(value: str | None) -> bool:
    """CSL ``is-numeric``: digits, optionally with letters attached, ranges and lists ("12", "2a", "1-3")."""
    return bool(value) and bool(
        re.fullmatch(r"[A-Za-z]*\d+[A-Za-z]*(?:\s*[-\u2013,&]\s*[A-Za-z]*\d+[A-Za-z]*)*", value or "")
    )


def container_short(ref: Reference) -> str | None:
    """CSL ``form="short"`` of container-title: the abbreviation, else the full title."""
    return ref.container_title_short or ref.container_title


# --- assembling groups ----------------------------------------------------------------------------------------

Field = Rich


def plain(text: str | None, italic: bool = False, bold: bool = False, quotes: bool = True) -> Rich:
    """A field printed as given (no markup parsing; smart quotes unless ``quotes`` is off), or "" when empty."""
    if not text:
        return ""
    text = clean(text)
    if quotes:
        text = smart_quotes(text)
    if italic:
        text = make_italic(text)
    return make_bold(text) if bold else text


def finish(rich: Rich) -> list[Span]:
    return to_spans(rich)
