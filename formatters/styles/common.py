"""What every citation style shares, mirroring citeproc-js 2.4.63: rich text and punctuation joining.

Rich text is a plain ``str`` in which three private-use characters carry the styling: ``ITALIC`` and ``BOLD``
toggle the style (so italicising a title that holds an italic species name turns that name roman, as style
manuals ask) and ``CLOSER`` follows a closing quotation mark that ends a matched pair (so that a following
period or comma can move inside it, as citeproc-js does). Joining fields is then string work; ``to_spans``
turns the finished entry into ``Span`` objects once. Upstream text passes through ``clean`` (or a function
that calls it), so it never carries these characters itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from formatters.rich import Span, parse_csl_markup

ITALIC = "\ue000"
BOLD = "\ue001"
CLOSER = "\ue002"
_STYLE_MARKS = ITALIC + BOLD
_MARKS = ITALIC + BOLD + CLOSER

Rich = str


def clean(value: str) -> str:
    """Upstream text with our styling characters removed (they are no text anyone writes)."""
    # Three substring scans are far cheaper than str.translate, and the marks are almost never there.
    if ITALIC in value or BOLD in value or CLOSER in value:
        return value.replace(ITALIC, "").replace(BOLD, "").replace(CLOSER, "")
    return value


def italic(rich: Rich) -> Rich:
    """Italic for a whole field; already-italic words flip back to roman."""
    return f"{ITALIC}{rich}{ITALIC}" if rich else ""


def bold(rich: Rich) -> Rich:
    return f"{BOLD}{rich}{BOLD}" if rich else ""


def plain_text(rich: Rich) -> str:
    """The characters a reader sees."""
    return clean(rich)


_STYLE_SPLIT = re.compile(f"([{_STYLE_MARKS}])")


def to_spans(rich: Rich) -> list[Span]:
    """The finished entry as spans: one per run of equal styling."""
    if CLOSER in rich:
        rich = rich.replace(CLOSER, "")
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


def markup(value: str) -> Rich:
    """CSL-JSON rich text (``<i>``, ``<b>``, ``<sub>``, ``<span class="nocase">``, entities) as rich text."""
    return parse_markup(clean(value))


@lru_cache(maxsize=4096)
def parse_markup(value: str) -> Rich:
    """``markup`` of text that is already clean (it may hold the ``CLOSER`` marks of our smart quotes)."""
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
    while pos >= 0:
        char = left[pos]
        if char == CLOSER:
            closers += 1
            pos -= 2  # the quotation mark before it
        elif char in _STYLE_MARKS:
            pos -= 1
        else:
            break
    if pos < 0:
        return left + right
    before = left[pos]
    if closers:
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
