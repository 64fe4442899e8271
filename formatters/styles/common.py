"""What every citation style shares, each piece mirroring what citeproc-js 2.4.63 does with the CSL styles.

Rich text and punctuation joining, smart quotes, title case, names (particles, initials, et al.), dates,
numbers and page ranges. The style modules only arrange fields, as their CSL macros do.

Rich text is a plain ``str`` in which three private-use characters carry the styling: ``ITALIC`` and ``BOLD``
toggle the style (so italicising a title that holds an italic species name turns that name roman, as style
manuals ask) and ``CLOSER`` follows a closing quotation mark that ends a matched pair (so that a following
period or comma can move inside it, as citeproc-js does). Joining fields is then string work; ``to_spans``
turns the finished entry into ``Span`` objects once. Upstream text passes through ``clean`` (or a function
that calls it), so it never carries these characters itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.models import DateVariable, Name, Reference
from formatters.rich import Span, parse_csl_markup

ITALIC = "\ue000"
BOLD = "\ue001"
CLOSER = "\ue002"
SEAL = "\ue003"
_STYLE_MARKS = ITALIC + BOLD
_MARKS = ITALIC + BOLD + CLOSER + SEAL

Rich = str


def clean(value: str) -> str:
    """Upstream text with our styling characters removed (they are no text anyone writes)."""
    # Substring scans are far cheaper than str.translate, and the marks are almost never there.
    if ITALIC in value or BOLD in value or CLOSER in value or SEAL in value:
        return value.replace(ITALIC, "").replace(BOLD, "").replace(CLOSER, "").replace(SEAL, "")
    return value


def italic(rich: Rich) -> Rich:
    """Italic for a whole field; already-italic words flip back to roman."""
    return f"{ITALIC}{rich}{ITALIC}" if rich else ""


def bold(rich: Rich) -> Rich:
    return f"{BOLD}{rich}{BOLD}" if rich else ""


def sealed(rich: Rich) -> Rich:
    """A field whose final punctuation only absorbs the same mark after it ("Why not?" + ". " stays "?."):
    what citeproc-js does with a formatted text element that is not inside a macro (AMA's containers)."""
    return rich + SEAL if rich else ""


def plain_text(rich: Rich) -> str:
    """The characters a reader sees."""
    return clean(rich)


_STYLE_SPLIT = re.compile(f"([{_STYLE_MARKS}])")


def to_spans(rich: Rich) -> list[Span]:
    """The finished entry as spans: one per run of equal styling."""
    if CLOSER in rich or SEAL in rich:
        rich = rich.replace(CLOSER, "").replace(SEAL, "")
    if ITALIC not in rich and BOLD not in rich:
        return [Span(rich)] if rich else []
    # Toggling twice is no toggle: "x_ _y" would otherwise become two spans and two pairs of marks.
    rich = rich.replace(ITALIC + ITALIC, "").replace(BOLD + BOLD, "")
    spans: list[Span] = []
    is_italic = is_bold = False
    for i, chunk in enumerate(_STYLE_SPLIT.split(rich)):
        if i % 2:
            if chunk == ITALIC:
                is_italic = not is_italic
            else:
                is_bold = not is_bold
        elif chunk:
            spans.append(Span(chunk, italic=is_italic, bold=is_bold))
    return spans


@lru_cache(maxsize=4096)
def parse_markup(value: str) -> Rich:
    """CSL-JSON rich text (``<i>``, ``<b>``, ``<sub>``, ``<span class="nocase">``, entities) as rich text.

    The text must be clean already (it may hold the ``CLOSER`` marks of our smart quotes)."""
    if "<" not in value and "&" not in value:
        return value
    out: list[str] = []
    is_italic = is_bold = False
    for span in parse_csl_markup(value):
        if span.italic != is_italic:
            out.append(ITALIC)
            is_italic = span.italic
        if span.bold != is_bold:
            out.append(BOLD)
            is_bold = span.bold
        out.append(span.text)
    if is_italic:
        out.append(ITALIC)
    if is_bold:
        out.append(BOLD)
    return "".join(out)


# --- punctuation joining (citeproc-js's output queue) ---------------------------------------------------------

PUNCTUATION = frozenset(".,;:!?")
# What a field's final punctuation LEFT and a following RIGHT become (CSL.Output.Queue LtoR_MAP).
_MERGE: dict[str, dict[str, str]] = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}
# Punctuation that moves inside closing quotation marks where the locale says so (en-US).
_INTO_QUOTES = frozenset(".,!?")
_STARTS_SPECIAL = PUNCTUATION | frozenset(_MARKS)  # a right side that may merge
_ENDS_SPECIAL = frozenset(_MERGE) | frozenset(_MARKS)  # a left side that may merge


def merge_punctuation(left: str, right: str) -> str:
    """The characters that replace ``left`` + ``right`` where a field's last character meets punctuation."""
    if left == right and left in _MERGE:
        return left
    return _MERGE.get(left, {}).get(right, left + right)


def append(left: Rich, right: Rich, punct_in_quote: bool = True) -> Rich:
    """``left + right`` with citeproc-js's punctuation merging where they meet."""
    if not right:
        return left
    if not left or right[0] not in _STARTS_SPECIAL or left[-1] not in _ENDS_SPECIAL:
        return left + right
    # The first visible character of the right side, behind any style marks.
    start = 0
    while start < len(right) and right[start] in _MARKS:
        start += 1
    if start == len(right) or right[start] not in PUNCTUATION:
        return left + right
    first = right[start]
    # The last visible character of the left side, behind style marks and closing quotation marks.
    pos = len(left) - 1
    closers = 0
    seal = False
    while pos >= 0:
        char = left[pos]
        if char == CLOSER:
            closers += 1
            pos -= 2  # the quotation mark before it
        elif char in _STYLE_MARKS:
            pos -= 1
        elif char == SEAL:
            seal = True
            pos -= 1
        else:
            break
    if pos < 0:
        return left + right
    before = left[pos]
    if seal:
        if before != first:
            return left + right
        merged = before
    elif closers:
        if punct_in_quote and first in _INTO_QUOTES:
            merged = merge_punctuation(before, first)
        elif before in _MERGE and merge_punctuation(before, first) == before:
            merged = before
        else:
            return left + right
    elif before in _MERGE:
        merged = merge_punctuation(before, first)
        if len(merged) == 2:  # both stay: the right one keeps its own styling
            return left + right
    else:
        return left + right
    return left[:pos] + merged + left[pos + 1 :] + right[:start] + right[start + 1 :]


def join(parts: Iterable[Rich | None], delimiter: str, punct_in_quote: bool = True) -> Rich:
    """A CSL group: the non-empty parts joined by ``delimiter``, punctuation merged at every seam."""
    out = ""
    merges = bool(delimiter) and delimiter[0] in PUNCTUATION
    for part in parts:
        if not part:
            continue
        if not out:
            out = part
            continue
        # The common seams need no merging: done inline, as this is the hottest loop of every style.
        if merges and out[-1] in _ENDS_SPECIAL:
            out = append(out, delimiter, punct_in_quote)
        else:
            out += delimiter
        if part[0] in _STARTS_SPECIAL and out[-1] in _ENDS_SPECIAL:
            out = append(out, part, punct_in_quote)
        else:
            out += part
    return out


def group(
    parts: Iterable[Rich | None],
    delimiter: str,
    *,
    prefix: str = "",
    suffix: str = "",
    punct_in_quote: bool = True,
) -> Rich:
    """A CSL ``<group>`` with affixes: nothing at all when every part is empty."""
    out = join(parts, delimiter, punct_in_quote)
    if not out:
        return ""
    if suffix:
        out = append(out, suffix, punct_in_quote)
    return prefix + out if prefix else out


def wrap(prefix: str, rich: Rich, suffix: str) -> Rich:
    """CSL prefix/suffix around one element: nothing when it is empty."""
    return group([rich], "", prefix=prefix, suffix=suffix)


_ROMAN_CHARS = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e"
)
# citeproc-js treats these scripts as "romanesque": names in them are initialised and may be inverted.
_ROMANESQUE = re.compile(f"[-0-9{_ROMAN_CHARS}]")
_STARTS_ROMANESQUE = re.compile(f"^[&{_ROMAN_CHARS}]")
_APOSTROPHE_IN_WORD = re.compile(f"([-0-9{_ROMAN_CHARS}])\u2019([-0-9{_ROMAN_CHARS}])")


# --- smart quotes (citeproc-js flip-flop) --------------------------------------------------------------------

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


def apostrophes(text: str) -> str:
    """Straight apostrophes in names print as ’ (D'Angelo → D’Angelo), as citeproc-js does."""
    return text.replace("'", "\u2019") if "'" in text else text


_SPACE_BEFORE_PUNCT = re.compile(r" ([:;?!\u00bb])")


def narrow_spaces(value: str) -> str:
    """citeproc-js puts a narrow no-break space, not a space, before : ; ? ! in every field it prints."""
    if " " not in value:
        return value
    return _SPACE_BEFORE_PUNCT.sub("\u202f\\1", value).replace("\u00ab ", "\u00ab\u202f")


# --- title case (citeproc-js CSL.Output.Formatters.title, including its quirks) -------------------------------

# citeproc-js's stop-word list (CSL.SKIP_WORDS). "given" is on it: a documented departure from the manuals,
# which capitalise the verb: MLA and Chicago follow the manuals (STOP_WORDS_MANUAL).
CITEPROC_STOP_WORDS = frozenset(
    "about above across afore after against al along alongside amid amidst among amongst anenst apropos "  # noqa: SIM905
    "apud around as aside astride at athwart atop barring before behind below beneath beside besides "
    "between beyond but by circa despite down during et except for forenenst from given in inside into "
    "lest like modulo near next notwithstanding of off on onto out over per plus pro qua sans since than "
    "through throughout thruout till to toward towards under underneath until unto up upon versus vs. v. "
    "vs v via vis-à-vis with within without or yet so and nor a an the de d' von van c ca".split()
)
STOP_WORDS_MANUAL = CITEPROC_STOP_WORDS - {"given"}
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
_SPACE_SPLIT = re.compile(r"([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
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
def title_case(
    value: str, language: str | None = None, stop_words: frozenset[str] = CITEPROC_STOP_WORDS
) -> str:
    """CSL ``text-case="title"`` as citeproc-js does it, on CSL-JSON rich text (markup kept).

    citeproc-js title-cases only English items (``language`` unset or "en…")."""
    if not value or not is_english(language):
        return value
    strings, tags = _split_tags(value)
    orig = list(strings)
    state = {"first": True, "after_punct": False}
    last_word: list[int] | None = None  # [string index, word index]

    def capitalise_words(chunk: str, index: int, following_tag: str | None) -> str:
        nonlocal last_word
        if not chunk.strip():
            return chunk
        parts = _SPACE_SPLIT.split(chunk)  # words at even indexes, the spaces between them at odd ones
        last = len(parts) - 1
        for j in range(0, len(parts), 2):
            word = parts[j]
            if not word:
                continue
            lower = word.lower()
            if word == lower and (
                (len(word) > 1 and not is_stop_word(lower, stop_words))
                or (j == last and following_tag == "-")
                or state["first"]
                or state["after_punct"]
            ):
                parts[j] = _capitalise(word)
            state["after_punct"] = False
            state["first"] = False
            last_word = [index, j]
        return "".join(parts)

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
        parts = _SPACE_SPLIT.split(strings[si])
        word = parts[wi]
        if len(word) > 1 and is_stop_word(word.lower(), stop_words):
            parts[wi] = _capitalise(word)
            strings[si] = "".join(parts)
    out = [strings[0]]
    for i, tag in enumerate(tags):
        out.append(tag)
        out.append(strings[i + 1])
    return "".join(out)


_FIRST_WORD = re.compile(r"\S+")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2})")


def capitalize_first(value: str) -> str:
    """CSL ``text-case="capitalize-first"``: the first word, unless it already has capitals."""
    m = _FIRST_WORD.search(value)
    if not m or m.group(0) != m.group(0).lower():
        return value
    return value[: m.start()] + _capitalise(m.group(0)) + value[m.end() :]


def is_english(language: str | None) -> bool:
    """citeproc-js title-cases only items whose language is English (or unset)."""
    if not language:
        return True
    m = _LANGUAGE.match(language)
    return m is not None and m.group(1).lower() == "en"


# --- fields -------------------------------------------------------------------------------------------------


def field(value: str | None, *, inner_quotes: bool = False, locale: QuoteLocale = "en-US") -> Rich:
    """A plain CSL text variable as citeproc-js prints it: trimmed, smart quotes, narrow spaces; "" if empty."""
    if not value:
        return ""
    return narrow_spaces(smart_quotes(clean(value).strip(), locale, inner_quotes))


def plain(value: str | None) -> str:
    """A variable printed exactly as given (identifiers, URLs), or "" when empty."""
    return clean(value).strip() if value else ""


TextCase = Literal["as-is", "title"]


def rich_title(
    value: str | None,
    *,
    case: TextCase = "as-is",
    language: str | None = None,
    stop_words: frozenset[str] = CITEPROC_STOP_WORDS,
    inner_quotes: bool = False,
    locale: QuoteLocale = "en-US",
    strip_periods: bool = False,
) -> Rich:
    """A CSL-JSON rich-text variable (a title): markup, title case if asked, quotes at the right level."""
    if not value:
        return ""
    if case == "title" and is_english(language):
        return _rich_title(value, True, stop_words, inner_quotes, locale, strip_periods)
    return _rich_title(value, False, stop_words, inner_quotes, locale, strip_periods)


_STYLE_RUNS = re.compile(f"([{ITALIC}{BOLD}])")


@lru_cache(maxsize=4096)
def _rich_title(
    value: str,
    title: bool,
    stop_words: frozenset[str],
    inner_quotes: bool,
    locale: QuoteLocale,
    strip_periods: bool,
) -> Rich:
    value = clean(value).strip()
    if title:
        value = title_case(value, None, stop_words)
    rich = parse_markup(value)
    if ITALIC in rich or BOLD in rich:
        # Quotes pair up within one run of styling, as citeproc-js's flip-flop parser sees them.
        runs = _STYLE_RUNS.split(rich)
        rich = "".join(
            run if i % 2 else narrow_spaces(smart_quotes(run, locale, inner_quotes))
            for i, run in enumerate(runs)
        )
    else:
        rich = narrow_spaces(smart_quotes(rich, locale, inner_quotes))
    return strip_periods_text(rich) if strip_periods else rich


_STRIP_PERIODS = re.compile(r"\.([^a-z]|$)")


def strip_periods_text(text: str) -> str:
    """CSL ``strip-periods`` as citeproc-js does it: a period before a lower-case letter stays ("x.com")."""
    return _STRIP_PERIODS.sub(r"\1", text) if "." in text else text


def quoted(rich: Rich, locale: QuoteLocale = "en-US") -> Rich:
    """CSL ``quotes="true"``: the locale's outer quotation marks (the text's own quotes were made inner)."""
    if not rich:
        return ""
    open_mark, close_mark = _QUOTE_MARKS[locale]["outer"]
    return f"{open_mark}{rich}{close_mark}{CLOSER}"


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def doi(ref: Reference) -> str:
    """The bare DOI (a resolver link or "doi:" that came with it dropped), or ""."""
    return _DOI_PREFIX.sub("", plain(ref.DOI))


def doi_url(ref: Reference) -> str:
    value = doi(ref)
    return "https://doi.org/" + value if value else ""


def container_short(ref: Reference) -> str | None:
    """CSL ``form="short"`` of container-title: the abbreviation, else the full title."""
    return ref.container_title_short or ref.container_title


# Types CSL styles test together as "serial" (a periodical holds them).
SERIAL_TYPES = frozenset(
    [
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "periodical",
        "post-weblog",
        "review",
        "review-book",
    ]
)


# --- names --------------------------------------------------------------------------------------------------

_NAME_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0370\u0372\u0376"
    "\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)(\\.)*"
)
_PARTICLE_FAMILY = re.compile(r"^([^ ]+(?:\-|\u02bb|\u2019| |') *)(.+)$")
_PARTICLE_GIVEN = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")
_PARTICLE_FIRST_CHAR = re.compile(r"^[-'\u02bb\u2019\s]*(.).*$", re.S)
_COMMA_SUFFIX = re.compile(r"(\s*,!*\s*)")
_LEADING_TAGS = re.compile(r"^(?:<[^>]+>)*")
_HYPHEN_SPACES = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")
_LOWER_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-([a-z\u00df-\u00ff])")
_HYPHEN_LOWER = re.compile(r"-([a-z])")
_EN_DASH_LOWER = re.compile("\u2013([a-z])")
_NAME_SEP = re.compile(r"([-\s]+)")
_AFTER_LAST_PERIOD = re.compile(r"[^.]+$")
_TRAILING_BLANKS = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")
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


def _trim_last(value: str) -> str:
    last = value[-1:]
    value = value.strip()
    if last == " " and value[-1:] in ("'", "\u2019"):
        value += " "
    return value


def parse_name(name: Name) -> PersonName:
    """citeproc-js's CSL.parseParticles plus its literal/family-only handling, apostrophes made curly."""
    return _parse_name(
        name.literal or "",
        name.family or "",
        name.given or "",
        name.non_dropping_particle or "",
        name.dropping_particle or "",
        name.suffix or "",
    )


@lru_cache(maxsize=8192)
def _parse_name(
    literal: str, family: str, given: str, non_dropping: str, dropping: str, suffix: str
) -> PersonName:
    literal, family, given = clean(literal).strip(), clean(family).strip(), clean(given).strip()
    non_dropping, dropping, suffix = (
        clean(non_dropping).strip(),
        clean(dropping).strip(),
        clean(suffix).strip(),
    )
    if literal or not (family or given):
        return PersonName(literal=apostrophes(literal))
    comma_suffix = False
    if not suffix and given:
        m = _COMMA_SUFFIX.search(given)
        if m:
            suffix = given[m.end() :]
            comma_suffix = m.group(1).replace(" ", "") == ",!"
            given = given[: m.start()]
    if family.startswith('"') and family.endswith('"') and len(family) > 1:
        family = family[1:-1]
    elif not non_dropping and family and given:
        family, particles = _split_particles(family, given=False)
        non_dropping = _trim_last("".join(particles))
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
    given: str, terminator: str, hyphen: bool = True, *, normalize_only: bool = False
) -> str:
    """citeproc-js CSL.Util.Names.initializeWith: "John P. A." → "JPA" (terminator "") or "J. P. A." (". ").

    ``hyphen``: CSL initialize-with-hyphen. ``normalize_only``: given names stay, only initials among them
    are tidied (styles without initialize-with). A hyphenated part in lower case ("Min-jun") still gives an
    initial ("M.-J."), as the style manuals ask; citeproc-js drops or garbles it, a documented departure.
    """
    if not given:
        return ""
    if given in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(_LEADING_TAGS.sub("", given)):
        return given
    name = _SPACES.sub(" ", _HYPHEN_SPACES.sub("-", given))
    if not normalize_only and "-" in name:
        name = _LOWER_AFTER_HYPHEN.sub(lambda m: "-" + m.group(1).upper(), name)
    if not hyphen:
        name = name.replace("-", " ")
    name = _HYPHEN_LOWER.sub("\u2013\\1", name)
    # "J.P." → "J. P."
    chars = list(name)
    for i in range(len(chars) - 2, -1, -1):
        if chars[i] == "." and chars[i + 1] != " ":
            chars[i] = ". "
    namelist = _NAME_SEP.split("".join(chars))
    if len(namelist) == 1:
        tail = _AFTER_LAST_PERIOD.search(namelist[0])
        if tail and len(tail.group()) == 1 and tail.group() != tail.group().lower():
            namelist[0] += "."
    result = _normalize(namelist, terminator) if normalize_only else _initialize(namelist, terminator)
    return _EN_DASH_LOWER.sub("-\\1", result)


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
                    namelist[i + 1] = terminator + "-" if "-" in namelist[i + 1] else terminator
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


_WORDS = re.compile(r"(\s+)")


def normalize_suffix(suffix: str, terminator: str) -> str:
    """citeproc-js normalises suffix abbreviations with the initialize-with terminator ("Jr." → "Jr" with "")."""
    words = _WORDS.split(suffix.strip())
    out: list[str] = []
    for i in range(0, len(words), 2):
        word = words[i]
        if len(word) > 1 and word.endswith("."):
            word = word[:-1] + terminator.rstrip() if terminator else word[:-1]
        out.append(word)
        if i < len(words) - 1:
            out.append(" ")
    return "".join(out).strip()


SortOrder = Literal["none", "first", "all"]


@dataclass(frozen=True, slots=True)
class NameForm:
    """How a style prints one person: the attributes of its CSL ``<name>``."""

    initials: str | None = None  # initialize-with; None: given names in full
    hyphen: bool = True  # initialize-with-hyphen
    sort_order: SortOrder = "none"  # name-as-sort-order: family name first
    sort_separator: str = ", "
    demote_particle: bool = False  # demote-non-dropping-particle="display-and-sort"


def _joined(*parts: str, delimiter: str = " ") -> str:
    return delimiter.join(p for p in parts if p)


def format_name(name: Name, form: NameForm, *, inverted: bool, language: str | None = None) -> str:
    """One name as citeproc-js renders it in a bibliography (no disambiguation)."""
    cjk_item = bool(language) and (language or "")[:2].lower() in ("ja", "zh")
    return _format_name(parse_name(name), form, inverted, cjk_item)


@lru_cache(maxsize=8192)
def _format_name(name: PersonName, form: NameForm, inverted: bool, cjk_item: bool) -> str:
    if name.literal:
        return name.literal
    family, given, ndp, dp = name.family, name.given, name.non_dropping, name.dropping
    if not family:
        return given
    if form.initials is not None:
        given = initialize_given(given, form.initials, form.hyphen)
        suffix = normalize_suffix(name.suffix, form.initials) if name.suffix else ""
    else:
        given = initialize_given(given, ". ", normalize_only=True)
        suffix = name.suffix
    # citeproc-js's romanesque levels: 0 writes family and given together, 1 puts them side by side
    if not _ROMANESQUE.search(family.replace('"', "")):
        if name.given and _STARTS_ROMANESQUE.match(name.given):
            return _joined(_joined(ndp, family), given)
        return ndp + family + name.given
    if cjk_item:
        return _joined(_joined(ndp, family), given)
    glue = "" if ndp[-1:] in ("'", "\u2019", "-", " ") else " "
    if inverted:
        if form.demote_particle:
            first, second = family, _joined(given, dp, ndp)
        else:
            first, second = _joined(ndp, family, delimiter=glue), _joined(given, dp)
        return _joined(first, second, suffix, delimiter=form.sort_separator)
    if dp and not ndp and dp[-1:] in ("'", "\u02bc", "\u2019", "-") and dp[:-1] != "de":
        family, dp = dp + family, ""
    last = _joined(dp, ndp + family) if not glue else _joined(dp, ndp, family)
    last = _joined(last, suffix, delimiter=", " if name.comma_suffix else " ")
    return _joined(given, last)


@dataclass(frozen=True, slots=True)
class NameList:
    """A style's CSL ``<names>``: the name form, delimiters, "and" and the et-al rule."""

    form: NameForm
    et_al_min: int
    et_al_use_first: int
    and_word: str = ""  # "and", "&", or "" for none
    delimiter: str = ", "
    delimiter_precedes_last: Literal["always", "never", "contextual"] = "contextual"
    delimiter_precedes_et_al: Literal["always", "contextual"] = "contextual"
    et_al_use_last: bool = False  # APA: "A, B, … Z"
    et_al_italic: bool = False


def format_names(
    names: list[Name], rules: NameList, language: str | None = None, label: tuple[str, str] = ("", "")
) -> Rich:
    """A name list with the style's delimiters, "and" and et-al rule (only the shown names are rendered),
    and its CSL ``<label>`` (singular, plural) after it."""
    if not names:
        return ""
    names_text = _format_names(names, rules, language)
    return names_text + (label[1] if len(names) > 1 else label[0])


def _format_names(names: list[Name], rules: NameList, language: str | None) -> Rich:
    total = len(names)
    form = rules.form
    truncated = total >= rules.et_al_min and rules.et_al_use_first < total
    shown = names[: rules.et_al_use_first] if truncated else names
    rendered = [
        format_name(name, form, inverted=form.sort_order == "all" or (i == 0 and form.sort_order == "first"),
                    language=language)
        for i, name in enumerate(shown)
    ]  # fmt: skip
    delimiter = rules.delimiter
    if truncated:
        if rules.et_al_use_last:
            last = format_name(names[-1], form, inverted=form.sort_order == "all", language=language)
            return delimiter.join(rendered) + delimiter + "\u2026 " + last
        comma = rules.delimiter_precedes_et_al == "always" or len(rendered) > 1
        et_al = italic("et al.") if rules.et_al_italic else "et al."
        return delimiter.join(rendered) + (delimiter if comma else " ") + et_al
    if total == 1:
        return rendered[0]
    if not rules.and_word:
        return delimiter.join(rendered)
    precedes = rules.delimiter_precedes_last
    final = names[-1]
    if final.literal or not (final.family or final.given):
        precedes = "contextual"  # citeproc-js joins a final institution its own way, whatever the style says
    comma = precedes == "always" or (precedes == "contextual" and total > 2)
    return delimiter.join(rendered[:-1]) + (delimiter if comma else " ") + rules.and_word + " " + rendered[-1]


# --- dates --------------------------------------------------------------------------------------------------

MONTHS = tuple(
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)
MONTHS_SHORT = tuple(
    "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()  # noqa: SIM905
)
SEASONS = ("Spring", "Summer", "Autumn", "Winter")


@dataclass(frozen=True, slots=True)
class DateParts:
    year: int | None
    month: int | None  # 1-12
    day: int | None
    season: int | str | None  # 1-4, or a word as given (which only some styles print)
    literal: str = ""  # a CSL "literal" date, printed as given where the year would go

    def season_name(self, words: bool = True) -> str:
        """The season: its term for 1-4; a word as given only where ``words`` (citeproc-js prints it in some
        styles and drops it in others)."""
        if isinstance(self.season, int):
            return SEASONS[self.season - 1]
        return self.season if self.season and words else ""

    def month_or_season(self, months: Sequence[str] = MONTHS, season_words: bool = True) -> str:
        if self.month:
            return months[self.month - 1]
        return self.season_name(season_words)


_RAW_ISO = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?\s*$")
_RAW_MONTH_YEAR = re.compile(r"^\s*(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(?:(\d{1,2}),\s*)?(\d{4})\s*$")
_MONTH_PREFIXES = [month[:3].lower() for month in MONTHS]


def _parse_raw(raw: str) -> list[int] | None:
    """The common shapes of a CSL "raw" date: 2021-09-08, 2021/09, 2021, Sept 2021, 8 September 2021."""
    m = _RAW_ISO.match(raw)
    if m:
        return [int(g) for g in m.groups() if g]
    m = _RAW_MONTH_YEAR.match(raw)
    if m:
        prefix = m.group(2)[:3].lower()
        if prefix in _MONTH_PREFIXES:
            day = m.group(1) or m.group(3)
            return [int(m.group(4)), _MONTH_PREFIXES.index(prefix) + 1] + ([int(day)] if day else [])
    return None


def date_parts(date: DateVariable | None) -> DateParts | None:
    """The first date of a CSL date variable (date-parts, else a raw date citeproc-js can read, else literal)."""
    if date is None:
        return None
    first = date.date_parts[0] if date.date_parts else (_parse_raw(date.raw) if date.raw else None)
    if not first:
        literal = clean(date.literal or "").strip()
        return DateParts(None, None, None, None, literal) if literal else None
    year = first[0]
    month = first[1] if len(first) > 1 else None
    day = first[2] if len(first) > 2 and month else None
    season: int | str | None = None
    if month is not None and 13 <= month <= 16:
        season, month, day = month - 12, None, None
    elif month is not None and not 1 <= month <= 12:
        month, day = None, None
    if month is None and season is None and date.season is not None:
        season = _season(date.season)
    return DateParts(year, month, day, season)


def _season(value: int | str) -> int | str | None:
    if isinstance(value, int):
        return value if 1 <= value <= 4 else None
    word = clean(value).strip()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 4 else None
    return word or None


DateOrder = Literal["mdy", "dmy", "ymd"]


def date_text(
    date: DateVariable | None,
    months: Sequence[str] = MONTHS,
    order: DateOrder = "mdy",
    *,
    day: bool = True,
    pad_day: bool = False,
    season_words: bool = True,
) -> str:
    """A date as the locale's ``form="text"`` prints it: "March 5, 2024" (mdy), "5 Mar. 2024" (dmy),
    "2024 Mar 5" (ymd); "March 2024", "Spring 2024", "2024" with fewer parts; a literal date as given; a range
    collapsed as citeproc-js does ("July 6–10, 2020", "May–June 2020", "December 2019–January 2020")."""
    ends = date_range_ends(date, 3 if day else 2)
    if ends is not None:
        return _range_text(ends[0], ends[1], months, order, pad_day)
    parts = date_parts(date)
    if parts is None:
        return ""
    if parts.literal:
        return parts.literal
    year = era_year(parts.year) if parts.year is not None else ""
    month = parts.month_or_season(months, season_words)
    day_text = ""
    if day and parts.month and parts.day:
        day_text = f"{parts.day:02d}" if pad_day else str(parts.day)
    return _ordered(year, month, day_text, order)


def _ordered(year: str, month: str, day: str, order: DateOrder, *, end: bool = False) -> str:
    if order == "ymd":
        # NLM's date-parts carry their space as a prefix, which citeproc-js drops in a range's second date
        return "".join([year, month, day]) if end else _joined(year, month, day)
    if order == "dmy":
        return _joined(day, month, year)
    if day:
        return f"{month} {day}, {year}".rstrip(", ")
    return _joined(month, year)


def date_range_ends(date: DateVariable | None, depth: int) -> tuple[list[int], list[int]] | None:
    """The two dates of a CSL date range cut to ``depth`` parts (1 year, 2 month, 3 day), or None when the
    variable is not a range at that depth (one date, a literal, seasons, or both ends alike once cut)."""
    if date is None or date.literal or not date.date_parts or len(date.date_parts) < 2:
        return None
    start, end = date.date_parts[0][:depth], date.date_parts[1][:depth]
    if not start or len(start) != len(end) or start == end:
        return None
    if len(start) > 1 and not (1 <= start[1] <= 12 and 1 <= end[1] <= 12):
        return None
    return start, end


def _range_text(
    start: list[int], end: list[int], months: Sequence[str], order: DateOrder, pad_day: bool
) -> str:
    """citeproc-js's range: the parts from the largest differing one down are given for both dates, joined by
    an en dash; the larger shared parts once ("July 30–August 2, 2020", "2020 Jul 6–10")."""

    def texts(part: list[int]) -> tuple[str, str, str]:
        month = months[part[1] - 1] if len(part) > 1 else ""
        day = (f"{part[2]:02d}" if pad_day else str(part[2])) if len(part) > 2 else ""
        return era_year(part[0]), month, day

    (y1, m1, d1), (y2, m2, d2) = texts(start), texts(end)
    if start[0] != end[0]:
        return f"{_ordered(y1, m1, d1, order)}\u2013{_ordered(y2, m2, d2, order, end=True)}"
    if order == "ymd":
        if m1 == m2:
            return f"{y1} {m1} {d1}\u2013{d2}"
        return f"{y1} {_joined(m1, d1)}\u2013{m2}{d2}"
    if order == "dmy":
        if m1 == m2:
            return f"{d1}\u2013{d2} {m1} {y1}"
        return f"{_joined(d1, m1)}\u2013{_joined(d2, m2)} {y1}"
    if m1 == m2:
        return f"{m1} {d1}\u2013{d2}, {y1}"
    return f"{_joined(m1, d1)}\u2013{_joined(m2, d2)}" + (f", {y1}" if d1 else f" {y1}")


def month_day_text(date: DateVariable | None, months: Sequence[str] = MONTHS, *, day: bool = True) -> str:
    """``date-parts="month-day"`` (mdy): "July 6", "May", a season term; a range "July 6–10", "May–June",
    "December–January" (the year is not shown, so only the months and days range); months only unless ``day``."""
    ends = date_range_ends(date, 3 if day else 2)
    if ends is not None and len(ends[0]) > 1 and ends[0][1:] != ends[1][1:]:
        start, end = ends
        if len(start) > 2 and start[1] == end[1]:
            return f"{months[start[1] - 1]} {start[2]}\u2013{end[2]}"
        pair = [_joined(months[p[1] - 1], str(p[2]) if len(p) > 2 else "") for p in (start, end)]
        return "\u2013".join(pair)
    parts = date_parts(date)
    if parts is None:
        return ""
    if parts.month:
        return months[parts.month - 1] + (f" {parts.day}" if parts.day and day else "")
    return parts.season_name(words=False)


def has_date(date: DateVariable | None) -> bool:
    parts = date_parts(date)
    return parts is not None and (parts.year is not None or bool(parts.literal))


_PAGE_FIRST_SPLIT = re.compile(r"\s*[-\u2013\u2014,&]\s*")


def page_first(page: str | None) -> str:
    """CSL ``page-first``: the first page of a range or list ("1-175" -> "1")."""
    return _PAGE_FIRST_SPLIT.split(page.strip(), maxsplit=1)[0] if page else ""


Eras = tuple[str, str]
ERAS_EN: Eras = (" AD", " BC")  # the locale's "ad" and "bc" terms


def era_year(year: int, eras: Eras = ERAS_EN) -> str:
    """A year as citeproc-js prints it: "350 BC" before year 1, "77 AD" below 1000."""
    if year < 0:
        return f"{-year}{eras[1]}"
    if 0 < year < 1000:
        return f"{year}{eras[0]}"
    return str(year)


def year_text(date: DateVariable | None, eras: Eras = ERAS_EN) -> str:
    """The year (or a literal date) of a date variable, or ""; "2019–2020" for a range over years."""
    ends = date_range_ends(date, 1)
    if ends is not None:
        return f"{era_year(ends[0][0], eras)}\u2013{era_year(ends[1][0], eras)}"
    parts = date_parts(date)
    if parts is None:
        return ""
    return parts.literal or (era_year(parts.year, eras) if parts.year is not None else "")


# --- numbers ------------------------------------------------------------------------------------------------

_FIRST_NUMBER = re.compile(r"[0-9]+")
_NUMBER_WITH_AFFIXES = re.compile(r"^[a-zA-Z]*[0-9]+[a-zA-Z]*$")
_NUMERIC_SPLIT = re.compile(r"\s*(?:[-\u2013&]|and)\s*|\s*,\s+")  # "1,000" is one number, "12, 14" two


def ordinal(number: int) -> str:
    """English ordinal as the en-US/en-GB locales give it: 1st 2nd 3rd 4th 11th 12th 13th 21st."""
    if 11 <= number % 100 <= 13:
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def ordinal_of(value: str) -> str:
    """CSL ``<number form="ordinal">`` of a numeric variable ("6" → "6th", "2nd" → "2nd")."""
    m = _FIRST_NUMBER.search(value)
    return ordinal(int(m.group(0))) if m else value


@lru_cache(maxsize=4096)
def is_numeric(value: str | None) -> bool:
    """CSL ``is-numeric``: digits, optionally with a letter prefix/suffix, or ranges/lists of those."""
    if not value:
        return False
    parts = [part.strip() for part in _NUMERIC_SPLIT.split(value.strip()) if part.strip()]
    return bool(parts) and all(_NUMBER_WITH_AFFIXES.match(part) for part in parts)


def edition_label(edition: str | None, term: str = "ed.") -> str:
    """The label-edition macros: a numeric edition → "2nd ed."; else the text as given."""
    if not edition:
        return ""
    return f"{ordinal_of(edition)} {term}" if is_numeric(edition) else field(edition)


@dataclass(frozen=True, slots=True)
class Number:
    text: str
    plural: bool  # more than one page/volume: "pp.", "vols."


_RANGE_SPLIT = re.compile(r"\s*[-\u2013]\s*")
_LIST_SPLIT = re.compile(r"(,\s+|;\s*|\s*&\s*)")


@lru_cache(maxsize=4096)
def format_number(value: str | None) -> Number | None:
    """volume/issue/number: a numeric range gets an en dash (and counts as plural for labels)."""
    if not value or not value.strip():
        return None
    raw = clean(value).strip()
    ends = _RANGE_SPLIT.split(raw)
    if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
        return Number(ends[0] + EN_DASH + ends[1], plural=True)
    parts = _LIST_SPLIT.split(raw)
    if len(parts) > 1 and all(_collapsible(p) for p in parts[::2]):
        return Number(raw, plural=True)
    return Number(raw, plural=False)


def number_text(value: str | None) -> str:
    number = format_number(value)
    return number.text if number else ""


# --- page ranges (citeproc-js CSL.Util.PageRangeMangler) -------------------------------------------------------

PageFormat = Literal["expanded", "minimal", "minimal-two", "chicago-16", "none"]
EN_DASH = "\u2013"
_VALUE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)$")
_ROMAN = re.compile(r"^(?:[0-9]+|[ivxlcmIVXLCM]+)$")
_JS_INT = re.compile(r"^\s*([0-9]+)")
_ROMAN_ONLY = re.compile(r"^[ivxlcmIVXLCM]+$")
_STARTS_NUMBER = re.compile(r"^[a-zA-Z]*[0-9]")


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


def _format_range(first: str, second: str, fmt: PageFormat, dash: str) -> str | None:
    """A range "first-second" in the page-range format, or None when citeproc-js leaves it as written."""
    m1, m2 = _VALUE.match(first), _VALUE.match(second)
    if not m1 or not m2:
        if _ROMAN.match(first) and _ROMAN.match(second):
            return first + dash + second
        return None
    p1, v1 = m1.group(1) or "", m1.group(2)
    p2, v2 = m2.group(1) or "", m2.group(2)
    if p1 != p2:  # "S12-18": a prefix on one end only is not a range to citeproc-js
        return None
    n1, n2 = _js_int(v1), _js_int(v2)
    if n1 is None or n2 is None:
        return None
    if fmt == "none" and n1 > n2:
        return first + dash + second
    end = v2
    if len(v2) < len(v1):
        end = v1[: len(v1) - len(v2)] + v2  # "321-8" → 328
    n_end = _js_int(end)
    if fmt == "none" or n_end is None or n1 >= n_end:
        return p1 + v1 + dash + p2 + v2
    if fmt == "expanded":
        return p1 + v1 + dash + p1 + end
    if fmt == "minimal":
        return p1 + v1 + dash + _minimize(v1, end, 1)
    if fmt == "minimal-two":
        return p1 + v1 + dash + _minimize(v1, end, 2)
    return p1 + v1 + dash + _chicago16(n1, n_end)


@lru_cache(maxsize=4096)
def format_pages(value: str | None, fmt: PageFormat, dash: str = EN_DASH) -> Number | None:
    """The page variable as citeproc-js prints it: ranges formatted and dashed, plural for "pp."."""
    if not value or not value.strip():
        return None
    chunks = _LIST_SPLIT.split(clean(value).strip())
    out: list[str] = []
    values = 0
    collapsible = True
    for k, chunk in enumerate(chunks):
        if k % 2:
            out.append(chunk)
            continue
        ends = _RANGE_SPLIT.split(chunk)
        if len(ends) >= 2 and ends[0] and ends[-1]:
            # "1-2,4-5" is left as written but still counts as several pages ("pp.")
            values += len(ends)
            collapsible = collapsible and _collapsible(ends[0]) and _counts_as_end(ends[-1])
            formatted = _format_range(ends[0], ends[1], fmt, dash) if len(ends) == 2 else None
            out.append(formatted if formatted is not None else chunk)
        else:
            values += 1
            collapsible = collapsible and _collapsible(chunk)
            out.append(chunk)
    return Number("".join(out), plural=values > 1 and collapsible)


def pages_text(value: str | None, fmt: PageFormat, dash: str = EN_DASH) -> str:
    pages = format_pages(value, fmt, dash)
    return pages.text if pages else ""


def spans_renderer(render: Callable[[Reference], Rich]) -> Callable[[Reference], list[Span]]:
    """A style's ``render`` (spans) made from its rich-text renderer."""
    return lambda ref: to_spans(render(ref))


_FINAL_PERIOD = re.compile(r"(?<!\.)\.\s*$")
_FINAL_ABBREVIATION = re.compile(
    r"(?:\b(?:Inc|Ltd|Co|Corp|Bros|Jr|Sr|St|Dr|al|etc|vs|v)|\b[A-Za-z]\.[A-Za-z])\.$"
)


def without_final_period(title: str | None) -> str:
    """A title without its own final period ("?" and "!" stay; an ellipsis stays): the manuals' reading
    where citeproc-js would print "COVID-19.,” (a documented departure, IEEE and Harvard)."""
    if not title:
        return ""
    title = title.strip()
    # the period of an abbreviation ("Myriad Genetics, Inc.", "U.S.") is part of the word: it stays
    return title if _FINAL_ABBREVIATION.search(title) else _FINAL_PERIOD.sub("", title)


# --- legal-reference, the Bluebook macros APA and Chicago share ------------------------------------------

LEGAL_TYPES = frozenset(["bill", "legal_case", "legislation", "regulation"])


def _legal_label_number(ref: Reference) -> str:
    """label-number-capitalized: "No. 111-148" (laws always labelled), "[2015] UKSC 11" (cases if not numeric)."""
    number = format_number(ref.number)
    if number is None:
        return ""
    if ref.type == "legislation" or is_numeric(ref.number):
        return ("Nos. " if number.plural else "No. ") + capitalize_first(number.text)
    return capitalize_first(number.text)


def _section_symbol(ref: Reference) -> str:
    """label-section-symbol: "§ 264", "§§ 1–3"."""
    section = format_number(ref.section)
    if section is None:
        return ""
    return ("\u00a7\u00a7 " if section.plural else "\u00a7 ") + section.text


def _legal_source(ref: Reference) -> str:
    if ref.type == "legal_case":
        if ref.container_title:
            return join(
                [ref.volume, ref.container_title, _section_symbol(ref), page_first(ref.page) or "___"], " "
            )
        return _legal_label_number(ref)
    if ref.type == "bill":
        # legal-source-bill: "H.R. 3590, 111th Congress, 155 Congressional Record H1234"
        if ref.authority or ref.chapter_number or ref.container_title:
            identifier = join([ref.genre, ref.number], " ")
        else:
            identifier = join([ref.genre, _legal_label_number(ref)], " ")
        return join(
            [
                identifier,
                join([ref.authority, ref.chapter_number], " "),
                join([ref.volume, ref.container_title, page_first(ref.page)], " "),
            ],
            ", ",
        )
    if ref.type == "regulation":
        located = join([ref.volume, ref.container_title, _section_symbol(ref) or page_first(ref.page)], " ")
        return join([join([ref.genre, _legal_label_number(ref)], " "), located], ", ")
    if not ref.number:
        return join([ref.volume, ref.container_title, _section_symbol(ref) or page_first(ref.page)], " ")
    located = join([ref.volume, ref.container_title, page_first(ref.page)], " ")
    genre = capitalize_first(ref.genre) if ref.genre else "Pub. L."
    return join([join([genre, _legal_label_number(ref)], " "), located], ", ")


def _legal_date(ref: Reference) -> str:
    if ref.type == "legal_case":
        # the court, then the year (the full date of an unreported case)
        issued = (
            date_text(ref.issued, season_words=False) if not ref.container_title else year_text(ref.issued)
        )
        return wrap("(", join([field(ref.authority), issued], " "), ")")
    # bills, statutes, regulations: "(1990 & 2005)" with an original year; the submitted date if not issued
    original = wrap("", year_text(ref.original_date), " &")
    issued = year_text(ref.issued) if has_date(ref.issued) else date_text(ref.submitted, season_words=False)
    return wrap("(", join([original, issued], " "), ")")


def legal_reference(ref: Reference) -> Rich:
    """legal-reference: "Roe v. Wade, 410 U.S. Reports 113 (1973)" (no final period)."""
    title = field(title_case(ref.title, ref.language)) if ref.title else ""
    head = join([title, field(_legal_source(ref))], ", ")
    status = wrap("(", field(ref.status), ")") if ref.type != "legal_case" else ""
    return join([head, _legal_date(ref), status], " ")


# --- macros MLA and Chicago share ------------------------------------------------------------------------


def manual_title_case(ref: Reference, value: str | None, *, inner_quotes: bool = False) -> Rich:
    """A title in title case as the MLA and Chicago manuals have it (citeproc-js's, "given" capitalised)."""
    return rich_title(
        value, case="title", language=ref.language, stop_words=STOP_WORDS_MANUAL, inner_quotes=inner_quotes
    )


_QUOTED_TITLE_TYPES = frozenset(
    {
        "article",
        "dataset",
        "document",
        "interview",
        "manuscript",
        "paper-conference",
        "personal_communication",
    }
    | {"speech"}
)


def title_primary(
    ref: Reference, *, italic_types: frozenset[str], quoted_types: frozenset[str] = frozenset()
) -> Rich:
    """The title-primary macro of the MLA and Chicago styles (its part-title branches need variables that
    CSL-JSON items here do not carry); ``quoted_types``: more types than both quote."""
    if ref.type in ("bill", "collection", "legislation", "regulation", "treaty"):
        return manual_title_case(ref, ref.title)
    if ref.type == "legal_case":
        return italic(rich_title(ref.title))
    if ref.type in italic_types:
        return italic(manual_title_case(ref, ref.title))
    if ref.type == "post":
        return quoted(rich_title(ref.title, inner_quotes=True))
    if ref.container_title or ref.type in _QUOTED_TITLE_TYPES or ref.type in quoted_types:
        return quoted(manual_title_case(ref, ref.title, inner_quotes=True))
    return italic(manual_title_case(ref, ref.title))
