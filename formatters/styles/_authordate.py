"""Shared primitives of the author-date styles (APA, MLA, Chicago, Harvard).

Each function mirrors one piece of what citeproc-js 2.4.63 does with the official CSL styles, so the four
style modules can stay a readable transcription of their CSL macros: names (particles, initials, et al.),
dates, page ranges, title case, quotes and punctuation joining. Rich text is ``common.Rich``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.models import DateVariable, Name, Reference
from formatters.styles.common import BOLD, CLOSER, ITALIC, Rich, append, clean, join, parse_markup, wrap
from formatters.styles.common import italic as make_italic

__all__ = ["Rich", "join", "make_italic", "wrap"]

EN_DASH = "\u2013"
OPEN_Q, CLOSE_Q, OPEN_INNER_Q, CLOSE_INNER_Q = "\u201c", "\u201d", "\u2018", "\u2019"

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
MONTHS_SHORT = [
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

# ---------------------------------------------------------------------------------------------------------
# Rich text and punctuation joining (citeproc-js's output queue "adjust" rules, en-US punctuation-in-quote)
# ---------------------------------------------------------------------------------------------------------


def text(value: str, *, italic: bool = False) -> Rich:
    return make_italic(value) if italic else value


def concat(left: Rich, right: Rich) -> Rich:
    """``left + right`` with citeproc-js's punctuation merging at the seam."""
    return append(left, right)


def quoted(rich: Rich) -> Rich:
    """``quotes="true"``: curly quotes around the text (its own quotes were already made inner)."""
    return f"{OPEN_Q}{rich}{CLOSE_Q}{CLOSER}" if rich else ""


# ---------------------------------------------------------------------------------------------------------
# Quotes and apostrophes (citeproc-js's flip-flop parser, simplified to what titles and names contain)
# ---------------------------------------------------------------------------------------------------------

_WORDCHAR = re.compile(r"\w")
_ANY_QUOTE = re.compile("['\"\u2018\u2019\u201c\u201d]")


def smart_quotes(value: str, *, inner: bool) -> str:
    """Straight and curly quotes → the locale's quotes at this nesting level; apostrophes → ’.

    ``inner`` is True when the text will itself be wrapped in quotes (its quotes become ‘ ’).
    """
    if not _ANY_QUOTE.search(value):
        return value
    levels = (
        ((OPEN_INNER_Q, CLOSE_INNER_Q), (OPEN_Q, CLOSE_Q))
        if inner
        else ((OPEN_Q, CLOSE_Q), (OPEN_INNER_Q, CLOSE_INNER_Q))
    )
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (kind "d"/"s", index in out) of open quotes
    n = len(value)

    def close(kind: str) -> bool:
        if not any(k == kind for k, _ in stack):
            return False
        while stack[-1][0] != kind:
            stack.pop()
        stack.pop()
        out.append(levels[len(stack) % 2][1] + CLOSER)
        return True

    def open_(kind: str) -> None:
        out.append(levels[len(stack) % 2][0])
        stack.append((kind, len(out) - 1))

    for i, char in enumerate(value):
        prev = value[i - 1] if i > 0 else " "
        nxt = value[i + 1] if i + 1 < n else " "
        at_start = i == 0 or prev.isspace() or prev in '([{/-\u2014\u201c\u2018"'
        if char in '"\u201c\u201d':
            if char == "\u201c" or (char == '"' and at_start and not nxt.isspace()):
                open_("d")
            elif not close("d"):
                out.append(CLOSE_Q + CLOSER)
            continue
        if char == "\u2018":
            # curly single quotes stay single whatever the level (citeproc-js keeps ‘ ’ as typed)
            out.append(OPEN_INNER_Q)
            stack.append(("c", len(out) - 1))
            continue
        if char in "'\u2019":
            open_curly = any(k == "c" for k, _ in stack)
            if char == "\u2019" and open_curly and not (_WORDCHAR.match(prev) and _WORDCHAR.match(nxt)):
                while stack[-1][0] != "c":
                    stack.pop()
                stack.pop()
                out.append(CLOSE_INNER_Q + CLOSER)
            elif _WORDCHAR.match(prev) and (_WORDCHAR.match(nxt) or not any(k == "s" for k, _ in stack)):
                out.append(CLOSE_INNER_Q)  # apostrophe
            elif char == "'" and at_start and not nxt.isspace():
                open_("s")
            elif not close("s"):
                out.append(CLOSE_INNER_Q)
            continue
        out.append(char)
    for kind, index in stack:
        if kind == "s":
            out[index] = CLOSE_INNER_Q  # an opening single quote that never closes was an apostrophe
    return "".join(out)


def apostrophes(value: str) -> str:
    return value.replace("'", CLOSE_INNER_Q)


_SPACE_BEFORE_PUNCT = re.compile(r" ([:;?!\u00bb])")


def narrow_spaces(value: str) -> str:
    """citeproc-js puts a narrow no-break space, not a space, before : ; ? ! in every field it prints."""
    return _SPACE_BEFORE_PUNCT.sub("\u202f\\1", value).replace("\u00ab ", "\u00ab\u202f")


def field(value: str | None, *, inner: bool = False) -> str:
    """A plain CSL text variable as citeproc-js prints it (quotes made curly, narrow spaces)."""
    if not value:
        return ""
    return narrow_spaces(smart_quotes(clean(value).strip(), inner=inner))


# ---------------------------------------------------------------------------------------------------------
# Title case (citeproc-js CSL.Output.Formatters.title, including its quirks)
# ---------------------------------------------------------------------------------------------------------

# citeproc-js's stop-word list (CSL.SKIP_WORDS). "given" is on it: a documented departure from the manuals,
# which capitalise the verb; we follow the manuals (see STOP_WORDS_MANUAL).
_CITEPROC_SKIP_WORDS = frozenset(
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
        "vs.",
        "v.",
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
STOP_WORDS_MANUAL = _CITEPROC_SKIP_WORDS - {"given"}
# citeproc-js builds its stop-word regexp without escaping, so "v." and "vs." match any 2- or 3-letter word
# starting with v / vs ("v0" in "(v0.1)" stays lower case).
_STOP_WILDCARD = re.compile(r"^(?:v.|vs.)$")


def is_stop_word(lower: str, stop_words: frozenset[str]) -> bool:
    return lower in stop_words or bool(_STOP_WILDCARD.match(lower))


_TAG_RE = re.compile(
    r"(?:\u2018|\u2019|\u201C|\u201D| \"| \'|\"|\'|[-\u2013\u2014/.,;?!:]|\[|\]|\(|\)"
    r"|<span style=\"font-variant: small-caps;\">|<span class=\"no(?:case|decor)\">|</span>"
    r"|</?(?:i|sc|b|sub|sup)>)"
)
_NOCASE_OPENERS = {
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
}
_SPACE_RE = re.compile(r"[\u00a0\u0020\u2000-\u200b\u205f\u3000]+")
_SPAN_NORMALISE = re.compile(r'(<span)\s+(class="no(?:case|decor)")[^>]*(>)')
_QUOTE_TAG = re.compile(r"(^(?:\u2018|\u2019|\u201C|\u201D|\"|')|(?: \"| ')$)")
_QUOTE_PAIRS = {
    ' "': (" '", '"'),
    " '": (' "', "'"),
    "\u2018": ("\u2018", "\u2019"),
    "\u201c": ("\u201c", "\u201d"),
}
_GREEK = re.compile(r"^[\u0370-\u03ff]$")


def _capitalise(word: str) -> str:
    stripped = word.lstrip()
    lead = word[: len(word) - len(stripped)]
    if not stripped:
        return word
    first, rest = stripped[0], stripped[1:]
    if _GREEK.match(first) and not rest:
        return word
    return lead + first.upper() + rest


def _split_tags(value: str) -> tuple[list[str], list[str]]:
    """citeproc-js's Doppeler split: strings between tags, and the tags (a lone ' before text is text)."""
    value = _SPAN_NORMALISE.sub(r"\1 \2\3", value)
    tags = _TAG_RE.findall(value)
    strings = _TAG_RE.split(value)
    for i in range(len(tags) - 1, -1, -1):
        if tags[i] == "'" and strings[i + 1]:
            strings[i + 1] = "'" + strings[i + 1]
            tags[i] = ""
    return strings, tags


@lru_cache(maxsize=4096)
def title_case(value: str, stop_words: frozenset[str] = STOP_WORDS_MANUAL) -> str:
    """CSL ``text-case="title"`` as citeproc-js does it, on CSL-JSON rich text (markup kept)."""
    if not value:
        return value
    strings, tags = _split_tags(value)
    orig = list(strings)
    state = {"first": True, "after_punct": False}
    last_word: list[int] | None = None  # [string index, word index]

    def capitalise_words(chunk: str, index: int, following_tag: str | None) -> str:
        nonlocal last_word
        if not chunk.strip():
            return chunk
        seps = _SPACE_RE.findall(chunk)
        words = _SPACE_RE.split(chunk)
        for j, word in enumerate(words):
            if not word:
                continue
            lower = word.lower()
            capitalise = False
            if (
                (len(word) > 1 and not is_stop_word(lower, stop_words))
                or (j == len(words) - 1 and following_tag == "-")
                or state["first"]
                or state["after_punct"]
            ):
                capitalise = True
            if capitalise and word == lower:
                words[j] = _capitalise(word)
            state["after_punct"] = False
            state["first"] = False
            last_word = [index, j]
        return _rejoin(words, seps)

    quote_state: list[dict[str, object]] = []

    def quote_fix(tag: str, pos: int) -> int | None:
        m = _QUOTE_TAG.search(tag)
        if not m:
            return None
        mark = m.group(1)
        if mark in ("\u201c", "\u2018", ' "', " '"):
            if not quote_state or mark == quote_state[-1]["opener"]:
                opener, closer = _QUOTE_PAIRS[mark]
                quote_state.append({"opener": opener, "closer": closer, "pos": pos})
                return None
            prev_pos = quote_state.pop()["pos"]
            opener, closer = _QUOTE_PAIRS[mark]
            quote_state.append({"opener": opener, "closer": closer, "pos": None})
            return prev_pos if isinstance(prev_pos, int) else None
        if quote_state and mark == quote_state[-1]["closer"]:
            quote_state.pop()
            return None
        return pos

    tag_state: list[str] = []
    if strings[0].strip():
        strings[0] = capitalise_words(strings[0], 0, tags[0] if tags else None)
    for i, tag in enumerate(tags):
        chunk = strings[i + 1]
        if tag in _NOCASE_OPENERS:
            tag_state.append(_NOCASE_OPENERS[tag])
        elif tag_state and tag == tag_state[-1]:
            tag_state.pop()
        if tag[-1:] in ("!", "?", ":"):
            state["after_punct"] = True
        if not tag_state:
            # citeproc-js passes no following tag here (a bug we mirror): only the first chunk knows it.
            strings[i + 1] = capitalise_words(chunk, i + 1, None)
        elif chunk.strip():
            last_word = None
        quote_pos = quote_fix(tag, i)
        if quote_pos is not None:
            strings[quote_pos + 1] = orig[quote_pos + 1][:1] + strings[quote_pos + 1][1:]
            last_word = None
        if chunk.strip():
            state["first"] = False
            state["after_punct"] = False
    for entry in quote_state:
        pos = entry["pos"]
        if isinstance(pos, int):
            strings[pos + 1] = orig[pos + 1][:1] + strings[pos + 1][1:]
    if last_word is not None:
        si, wi = last_word
        seps = _SPACE_RE.findall(strings[si])
        words = _SPACE_RE.split(strings[si])
        word = words[wi]
        if len(word) > 1 and is_stop_word(word.lower(), stop_words):
            words[wi] = _capitalise(word)
            strings[si] = _rejoin(words, seps)
    out = [strings[0]]
    for i, tag in enumerate(tags):
        out.append(tag)
        out.append(strings[i + 1])
    return "".join(out)


def _rejoin(words: Sequence[str], seps: Sequence[str]) -> str:
    out = [words[0]]
    for sep, word in zip(seps, words[1:], strict=False):
        out.append(sep)
        out.append(word)
    return "".join(out)


_FIRST_WORD = re.compile(r"\S+")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2})")


def capitalize_first(value: str) -> str:
    """CSL ``text-case="capitalize-first"``: the first word, unless it already has capitals."""
    m = _FIRST_WORD.search(value)
    if not m or m.group(0) != m.group(0).lower():
        return value
    return value[: m.start()] + _capitalise(m.group(0)) + value[m.end() :]


def is_english(ref: Reference) -> bool:
    """citeproc-js title-cases only items whose language is English (or unset)."""
    if not ref.language:
        return True
    m = _LANGUAGE.match(ref.language)
    return m is not None and m.group(1).lower() == "en"


def rich_title(value: str | None, *, case: Literal["as-is", "title"], inner_quotes: bool) -> Rich:
    """A CSL-JSON title (with markup) → spans, title-cased if asked, with its quotes at the right level."""
    if not value:
        return ""
    return _rich_title(value, case, inner_quotes)


_STYLE_RUNS = re.compile(f"([{ITALIC}{BOLD}])")


@lru_cache(maxsize=4096)
def _rich_title(value: str, case: str, inner_quotes: bool) -> Rich:
    value = clean(value).strip()
    if case == "title":
        value = title_case(value)
    rich = parse_markup(value)
    if ITALIC not in rich and BOLD not in rich:
        return narrow_spaces(smart_quotes(rich, inner=inner_quotes))
    # Quotes pair up within one run of styling, as citeproc-js's flip-flop parser sees them.
    runs = _STYLE_RUNS.split(rich)
    return "".join(
        run if i % 2 else narrow_spaces(smart_quotes(run, inner=inner_quotes)) for i, run in enumerate(runs)
    )


# ---------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------

_PARTICLE_FAMILY = re.compile(r"^([^ ]+(?:\-|\u02bb|\u2019| |') *)(.+)$")
_PARTICLE_GIVEN = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")
_ROMANESQUE = re.compile(
    r"[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff"
    r"\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_STARTS_ROMANESQUE = re.compile(
    r"^[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff"
    r"\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_NAME_INITIAL = re.compile(
    r"^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0370\u0372\u0376"
    r"\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    r"([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)(\.)*"
)
_NAME_SEP = re.compile(r"[-\s]+")
_PARTICLE_FIRST_CHAR = re.compile(r"^[-'\u02bb\u2019\s]*(.).*$", re.S)
_LEADING_TAGS = re.compile(r"^(?:<[^>]+>)*")
_HYPHEN_SPACES = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")
_HYPHEN_LOWER = re.compile(r"-([a-z])")
_EN_DASH_LOWER = re.compile("\u2013([a-z])")
_TRAILING_BLANKS = re.compile(r"[\t\n\x0b\x0c\r \ufeff\u00a0]+$")
_ASCII_BLANKS = re.compile(r"[\t\n\x0b\x0c\r ]+")
_LAST_PERIOD = re.compile(r"^(.*)\.(.*)$")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name after citeproc-js's parsing: particles split out of family/given, suffix out of given."""

    family: str = ""
    given: str = ""
    non_dropping: str = ""
    dropping: str = ""
    suffix: str = ""
    comma_suffix: bool = False
    literal: str = ""

    @property
    def is_institution(self) -> bool:
        return bool(self.literal)

    @property
    def is_romanesque(self) -> bool:
        return bool(_ROMANESQUE.search(self.family + self.given))


def _split_particles(value: str, *, given: bool) -> tuple[str, list[str]]:
    original = value
    if given:
        value = value[::-1]
    rex = _PARTICLE_GIVEN if given else _PARTICLE_FAMILY
    found: list[str] = []
    m = rex.match(value)
    while m:
        head = m.group(1)[::-1] if given else m.group(1)
        first_char = _PARTICLE_FIRST_CHAR.sub(r"\1", head)
        if first_char.upper() == first_char:
            break
        if given:
            found.append(original[len(original) - len(head) :])
            original = original[: len(original) - len(head)]
        else:
            found.append(original[: len(head)])
            original = original[len(head) :]
        value = m.group(2)
        m = rex.match(value)
    if given:
        found.reverse()
        return original, found
    return original, found


def _trim_last(value: str) -> str:
    last = value[-1:]
    value = value.strip()
    if last == " " and value[-1:] in ("'", "\u2019"):
        value += " "
    return value


def parse_name(name: Name) -> PersonName:
    """citeproc-js's CSL.parseParticles plus its literal/family-only handling, apostrophes made curly."""
    return _parse_name_fields(
        name.literal or "",
        name.family or "",
        name.given or "",
        name.non_dropping_particle or "",
        name.dropping_particle or "",
        name.suffix or "",
    )


@lru_cache(maxsize=8192)
def _parse_name_fields(
    literal: str, family: str, given: str, non_dropping: str, dropping: str, suffix: str
) -> PersonName:
    literal, family, given = clean(literal), clean(family), clean(given)
    non_dropping, dropping, suffix = clean(non_dropping), clean(dropping), clean(suffix)
    if literal or not (family or given):
        return PersonName(literal=apostrophes(literal.strip()))
    family = family.strip()
    given = given.strip()
    non_dropping = non_dropping.strip()
    dropping = dropping.strip()
    suffix = suffix.strip()
    comma_suffix = False
    if family.startswith('"') and family.endswith('"') and len(family) > 1:
        family = family[1:-1]
    elif not non_dropping and family and given:
        family, particles = _split_particles(family, given=False)
        non_dropping = _trim_last("".join(particles))
        if not suffix:
            m = re.search(r"(\s*,!*\s*)", given)
            if m:
                suffix = given[m.end() :]
                comma_suffix = len(m.group(1).replace(" ", "")) == 2
                given = given[: m.start()]
        given, given_particles = _split_particles(given, given=True)
        if given_particles and not dropping:
            dropping = "".join(given_particles).strip()
        given = given.strip()
    return PersonName(
        family=apostrophes(family),
        given=apostrophes(given),
        non_dropping=apostrophes(non_dropping),
        dropping=apostrophes(dropping),
        suffix=suffix,
        comma_suffix=comma_suffix,
    )


@lru_cache(maxsize=8192)
def initialize_given(
    given: str, terminator: str, *, normalize_only: bool = False, manual_hyphens: bool = True
) -> str:
    """citeproc-js CSL.Util.Names.initializeWith (initials, or only tidied initials when ``normalize_only``).

    ``manual_hyphens``: a hyphenated part in lower case ("Min-jun") still gives an initial ("M.-J."), as the
    style manuals ask; citeproc-js drops it ("M."), a documented departure.
    """
    if not given:
        return ""
    if given in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(_LEADING_TAGS.sub("", given)):
        return given
    name = _SPACES.sub(" ", _HYPHEN_SPACES.sub("-", given))
    if manual_hyphens and not normalize_only:
        name = _HYPHEN_LOWER.sub(lambda m: "-" + m.group(1).upper(), name)
    else:
        name = _HYPHEN_LOWER.sub("\u2013\\1", name)
    chars = list(name)
    for i in range(len(chars) - 2, -1, -1):
        if chars[i] == "." and chars[i + 1] != " ":
            chars[i] = ". "
    name = "".join(chars)
    seps = _NAME_SEP.findall(name)
    pieces = _NAME_SEP.split(name)
    namelist: list[str] = [pieces[0]]
    if not seps:
        tail = re.search(r"[^.]+$", namelist[0])
        if tail and len(tail.group(0)) == 1 and tail.group(0) != tail.group(0).lower():
            namelist[0] += "."
    for sep, piece in zip(seps, pieces[1:], strict=True):
        namelist.append(sep)
        namelist.append(piece)
    result = _normalize(namelist, terminator) if normalize_only else _initialize(namelist, terminator)
    return _EN_DASH_LOWER.sub(r"-\1", result)


def _tidy(value: str) -> str:
    value = _TRAILING_BLANKS.sub("", value)
    value = _HYPHEN_SPACES.sub("-", value)
    return _ASCII_BLANKS.sub(" ", value)


def _initialize(namelist: list[str], terminator: str) -> str:
    count = len(namelist)
    for i in range(0, count, 2):
        piece = namelist[i]
        if not piece:
            continue
        m = _NAME_INITIAL.match(piece)
        if m:
            head, rest, dot = m.group(1), m.group(2), m.group(3)
            if rest and dot:
                head, rest = head + rest, ""
            if head[:1] == head[:1].upper():
                extra = ""
                if rest:
                    caps = ""
                    for c in rest:
                        if c == c.upper():
                            caps += c
                        else:
                            break
                    if len(caps) < len(rest):
                        extra = caps.lower()
                namelist[i] = head + extra
                if i < count - 1:
                    sep = namelist[i + 1]
                    namelist[i + 1] = terminator + "-" if "-" in sep else terminator
                else:
                    namelist.append(terminator)
                continue
        if _ROMANESQUE.search(piece) and not (m and m.group(3)):
            namelist[i] = " " + piece
    return _tidy("".join(namelist))


def _normalize(namelist: list[str], terminator: str) -> str:
    abbrev: list[bool] = []
    for i, piece in enumerate(namelist):
        if len(piece) > 1 and piece.endswith("."):
            namelist[i] = _LAST_PERIOD.sub(r"\1\2", piece)
            abbrev.append(True)
        elif len(piece) == 1 and piece.upper() == piece:
            abbrev.append(True)
        else:
            abbrev.append(False)
    count = len(namelist)
    for i in range(0, count, 2):
        if not abbrev[i]:
            continue
        if i < count - 2:
            namelist[i + 1] = "" if abbrev[i + 2] else " "
            if len(namelist[i + 2]) > 1:
                namelist[i + 1] = terminator + namelist[i + 1]
            else:
                namelist[i + 1] = terminator
        if i == count - 1:
            namelist[i] = namelist[i] + terminator
    return _tidy("".join(namelist))


Demote = Literal["never", "display-and-sort"]


def _family_with_particle(name: PersonName) -> str:
    if not name.non_dropping:
        return name.family
    glue = "" if name.non_dropping[-1] in "-'\u2019" else " "
    return name.non_dropping + glue + name.family


def _given_part(name: PersonName, initials: str | None, normalize: str | None) -> str:
    if initials is not None:
        return initialize_given(name.given, initials)
    if normalize is not None:
        return initialize_given(name.given, normalize, normalize_only=True)
    return name.given


@lru_cache(maxsize=8192)
def format_name(
    name: PersonName,
    *,
    inverted: bool,
    initials: str | None = None,
    normalize: str | None = ". ",
    demote: Demote = "never",
) -> str:
    """One name as CSL ``cs:name`` renders it (sort order or display order)."""
    if name.literal:
        return name.literal
    given = _given_part(name, initials, normalize)
    if not name.is_romanesque:
        return name.family + given
    if not given:
        family = _family_with_particle(name)
        return join_words(family, name.suffix) if not inverted else _with_suffix(family, name)
    if inverted:
        if demote == "display-and-sort":
            head = name.family
            tail = join_words(given, name.dropping, name.non_dropping)
        else:
            head = _family_with_particle(name)
            tail = join_words(given, name.dropping)
        out = f"{head}, {tail}"
        if name.suffix:
            out += f", {name.suffix}"
        return out
    out = join_words(given, name.dropping, _family_with_particle(name))
    if name.suffix:
        out += (", " if name.comma_suffix else " ") + name.suffix
    return out


def _with_suffix(family: str, name: PersonName) -> str:
    return f"{family}, {name.suffix}" if name.suffix else family


def join_words(*words: str) -> str:
    return " ".join(word for word in words if word)


@dataclass(frozen=True, slots=True)
class NameList:
    """How a style joins a list of names (cs:name and/et-al attributes)."""

    and_word: str  # "&", "and"
    delimiter_precedes_last: Literal["always", "never", "contextual"]
    et_al_min: int
    et_al_use_first: int
    et_al_use_last: bool = False
    delimiter_precedes_et_al: Literal["always", "contextual"] = "contextual"
    et_al: str = "et al."


def format_names(names: Sequence[Name], rules: NameList, render: Callable[[int, PersonName], str]) -> str:
    """Parse and render only the names the et-al rule shows, then join them (``render(position, name)``)."""
    total = len(names)
    if total >= rules.et_al_min and rules.et_al_use_first < total:
        shown = list(range(rules.et_al_use_first)) + ([total - 1] if rules.et_al_use_last else [])
    else:
        shown = list(range(total))
    parsed = {i: parse_name(names[i]) for i in shown}
    rendered = {i: render(i, person) for i, person in parsed.items()}
    full = [rendered.get(i, "") for i in range(total)]
    return join_names(full, [i in parsed and parsed[i].is_institution for i in range(total)], rules)


def join_names(rendered: Sequence[str], institutions: Sequence[bool], rules: NameList) -> str:
    """Names joined with the style's delimiter, "and"/"&", et al. (or APA's "… last")."""
    total = len(rendered)
    if total == 0:
        return ""
    if total >= rules.et_al_min and rules.et_al_use_first < total:
        shown = list(rendered[: rules.et_al_use_first])
        if rules.et_al_use_last:
            return ", ".join(shown) + ", \u2026 " + rendered[-1]
        comma = rules.delimiter_precedes_et_al == "always" or len(shown) > 1
        return ", ".join(shown) + (", " if comma else " ") + rules.et_al
    if total == 1:
        return rendered[0]
    last_is_institution = institutions[-1]
    if last_is_institution:
        # citeproc-js joins a final institution with its own "contextual" and, whatever the cs:name says.
        before = " " if total == 2 else ", "
    elif rules.delimiter_precedes_last == "always":
        before = ", "
    elif rules.delimiter_precedes_last == "never":
        before = " "
    else:
        before = " " if total == 2 else ", "
    return ", ".join(rendered[:-1]) + before + rules.and_word + " " + rendered[-1]


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateParts:
    year: int | None
    month: int | None  # 1-12
    day: int | None
    season: int | None  # 1-4
    literal: str = ""  # a CSL "literal" date, printed as given where the year would go


_RAW_ISO = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?\s*$")
_RAW_MONTH_YEAR = re.compile(r"^\s*(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(?:(\d{1,2}),\s*)?(\d{4})\s*$")


def _parse_raw(raw: str) -> list[int] | None:
    """The common shapes of a CSL "raw" date: 2021-09-08, 2021/09, 2021, Sept 2021, 8 September 2021."""
    m = _RAW_ISO.match(raw)
    if m:
        return [int(g) for g in m.groups() if g]
    m = _RAW_MONTH_YEAR.match(raw)
    if m:
        prefix = m.group(2)[:3].lower()
        months = [month[:3].lower() for month in MONTHS]
        if prefix in months:
            day = m.group(1) or m.group(3)
            return [int(m.group(4)), months.index(prefix) + 1] + ([int(day)] if day else [])
    return None


def has_date(date: DateVariable | None) -> bool:
    parts = date_parts(date)
    return parts is not None and (parts.year is not None or bool(parts.literal))


def date_parts(date: DateVariable | None) -> DateParts | None:
    if date is None:
        return None
    if not date.date_parts:
        raw = _parse_raw(date.raw) if date.raw else None
        if raw is None:
            literal = (date.literal or "").strip()
            return DateParts(None, None, None, None, literal) if literal else None
        date = DateVariable.model_validate({"date-parts": [raw], "season": date.season})
        if not date.date_parts:
            return None
    first = date.date_parts[0]
    year = first[0] if first else None
    month = first[1] if len(first) > 1 else None
    day = first[2] if len(first) > 2 and month else None
    season: int | None = None
    if month is not None and 13 <= month <= 16:
        season, month, day = month - 12, None, None
    elif month is not None and not 1 <= month <= 12:
        month, day = None, None
    if month is None and date.season is not None:
        season = _season_number(date.season)
    return DateParts(year, month, day, season)


def _season_number(value: int | str) -> int | None:
    if isinstance(value, int):
        return value if 1 <= value <= 4 else None
    text_value = value.strip().lower()
    if text_value.isdigit():
        number = int(text_value)
        return number if 1 <= number <= 4 else None
    names = [season.lower() for season in SEASONS]
    if text_value == "fall":
        return 3
    return names.index(text_value) + 1 if text_value in names else None


def month_or_season(parts: DateParts, *, short: bool = False) -> str:
    if parts.month:
        return (MONTHS_SHORT if short else MONTHS)[parts.month - 1]
    if parts.season:
        return SEASONS[parts.season - 1]
    return ""


_FIRST_NUMBER = re.compile(r"[0-9]+")


def ordinal_of(value: str) -> str:
    """CSL ``<number form="ordinal">`` of a numeric variable ("6" → "6th", "2nd" → "2nd")."""
    m = _FIRST_NUMBER.search(value)
    return ordinal(int(m.group(0))) if m else value


def ordinal(number: int) -> str:
    if 11 <= number % 100 <= 13:
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


# ---------------------------------------------------------------------------------------------------------
# Numbers and page ranges (citeproc-js number parsing and CSL.Util.PageRangeMangler)
# ---------------------------------------------------------------------------------------------------------

PageFormat = Literal["expanded", "minimal-two", "chicago-16", "none"]

_VALUE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)$")
_ROMAN = re.compile(r"^(?:[0-9]+|[ivxlcmIVXLCM]+)$")
_RANGE_SPLIT = re.compile(r"\s*[-\u2013]\s*")
_LIST_SPLIT = re.compile(r"(,\s+|;\s*|\s*&\s*)")


_JS_INT = re.compile(r"^\s*([0-9]+)")
_NUMBER_WITH_AFFIXES = re.compile(r"^[a-zA-Z]*[0-9]+[a-zA-Z]*$")
_ROMAN_ONLY = re.compile(r"^[ivxlcmIVXLCM]+$")
_STARTS_NUMBER = re.compile(r"^[a-zA-Z]*[0-9]")
_NUMERIC_SPLIT = re.compile(r"\s*(?:[-\u2013,&]|and)\s*")


def _js_int(value: str) -> int | None:
    m = _JS_INT.match(value)
    return int(m.group(1)) if m else None


def _collapsible(value: str) -> bool:
    return bool(_NUMBER_WITH_AFFIXES.match(value) or _ROMAN_ONLY.match(value))


def _counts_as_end(value: str) -> bool:
    """A range end citeproc-js still counts for "pp.": it starts with a number ("834.e5") or is roman."""
    return bool(_STARTS_NUMBER.match(value) or _ROMAN_ONLY.match(value))


def _minimize(begin: str, end: str, minchars: int) -> str:
    b, e = list(begin), list(end)
    ret = e[::-1]
    if len(b) == len(e):
        for i in range(len(b)):
            if b[i] == e[i] and len(ret) > minchars:
                ret.pop()
            else:
                break
    return "".join(reversed(ret))


def _chicago16(begin: int, end: int) -> str:
    digits = str(end)
    if begin > 100 and begin % 100:
        for i in range(2, len(digits)):
            divisor = 10**i
            if begin // divisor == end // divisor:
                return str(end % divisor)
    return digits


def _format_range(first: str, second: str, fmt: PageFormat) -> str | None:
    """A range "first-second" in the page-range format (CSL.Util.PageRangeMangler), or None if not a range."""
    m1, m2 = _VALUE.match(first), _VALUE.match(second)
    if not m1 or not m2:
        if _ROMAN.match(first) and _ROMAN.match(second):
            return first + EN_DASH + second
        return None
    p1, v1 = m1.group(1) or "", m1.group(2)
    p2, v2 = m2.group(1) or "", m2.group(2)
    if p2 and p1 != p2:
        return None
    n1, n2 = _js_int(v1), _js_int(v2)
    if n1 is None or n2 is None:
        return None
    if fmt == "none" and n1 > n2:
        return first + EN_DASH + second
    end = v2
    if len(v2) < len(v1):
        end = v1[: len(v1) - len(v2)] + v2  # "321-8" → 328
    n_end = _js_int(end)
    if n_end is None or n1 >= n_end:
        return p1 + v1 + EN_DASH + p2 + v2
    if fmt in ("expanded", "none"):
        return p1 + v1 + EN_DASH + p1 + end
    if fmt == "minimal-two":
        return p1 + v1 + EN_DASH + _minimize(v1, end, 2)
    return p1 + v1 + EN_DASH + _chicago16(n1, n_end)


@dataclass(frozen=True, slots=True)
class Pages:
    text: str
    plural: bool


@lru_cache(maxsize=4096)
def format_pages(value: str | None, fmt: PageFormat) -> Pages | None:
    """The page variable as citeproc-js prints it: ranges formatted and en-dashed, plural for "pp."."""
    if not value or not value.strip():
        return None
    raw = clean(value).strip()
    chunks = _LIST_SPLIT.split(raw)
    out: list[str] = []
    values = 0
    collapsible = True
    for k, chunk in enumerate(chunks):
        if k % 2:
            out.append(chunk)
            continue
        ends = _RANGE_SPLIT.split(chunk)
        if len(ends) == 2 and ends[0] and ends[1]:
            values += 2
            collapsible = collapsible and _collapsible(ends[0]) and _counts_as_end(ends[1])
            formatted = _format_range(ends[0], ends[1], fmt)
            out.append(formatted if formatted is not None else chunk)
        else:
            values += 1
            collapsible = collapsible and _collapsible(chunk)
            out.append(chunk)
    return Pages("".join(out), plural=values > 1 and collapsible)


@lru_cache(maxsize=4096)
def format_number(value: str | None) -> Pages | None:
    """volume/issue/number: a numeric range gets an en dash (and counts as plural for labels)."""
    if not value or not value.strip():
        return None
    raw = clean(value).strip()
    ends = _RANGE_SPLIT.split(raw)
    if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
        return Pages(ends[0] + EN_DASH + ends[1], plural=True)
    parts = _LIST_SPLIT.split(raw)
    if len(parts) > 1 and all(_collapsible(p) for p in parts[::2]):
        return Pages(raw, plural=True)
    return Pages(raw, plural=False)


@lru_cache(maxsize=4096)
def is_numeric(value: str | None) -> bool:
    """CSL ``is-numeric``: digits, optionally with a letter prefix/suffix, or ranges/lists of those."""
    if not value:
        return False
    parts = [part.strip() for part in _NUMERIC_SPLIT.split(value.strip()) if part.strip()]
    return bool(parts) and all(_NUMBER_WITH_AFFIXES.match(part) for part in parts)


def first_name_family(names: Sequence[Name]) -> list[PersonName]:
    return [parse_name(name) for name in names]


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def doi_url(ref: Reference) -> str:
    doi = (ref.DOI or "").strip()
    if not doi:
        return ""
    return "https://doi.org/" + _DOI_PREFIX.sub("", doi)
