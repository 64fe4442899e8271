"""Styled text that renders to plain text (for copying) or Slack mrkdwn (for cards).

Style functions return a list of ``Span``; only the renderers here know Slack's syntax, so every upstream
string passes through ``escape_mrkdwn`` exactly once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

Rich = list["Span"]


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    italic: bool = False
    bold: bool = False
    nocase: bool = False  # CSL <span class="nocase">: title casing must leave it alone


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters, as Slack documents them; everything else shows literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attaches_to_previous(ch: str) -> bool:
    # Combining marks, ZWJ, variation selectors and emoji skin tones belong to the character before them.
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200d"
        or "\ufe00" <= ch <= "\ufe0f"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
    )


def safe_cut(text: str, end: int) -> int:
    """The largest index ≤ ``end`` where ``text`` can be cut without splitting a character from its marks
    or an emoji sequence; ``end`` itself when the whole head is one such cluster."""
    cut = min(end, len(text))
    while 0 < cut < len(text) and (_attaches_to_previous(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    return cut or end


def to_plain(spans: Iterable[Span]) -> str:
    return "".join(span.text for span in spans)


def _wrap(text: str, mark: str) -> str:
    # Slack only honours _x_ / *x* when the marks touch non-space text: keep outer spaces outside.
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def to_mrkdwn(spans: Iterable[Span]) -> str:
    out: list[str] = []
    for span in spans:
        text = escape_mrkdwn(span.text)
        if span.italic:
            text = _wrap(text, "_")
        if span.bold:
            text = _wrap(text, "*")
        out.append(text)
    return "".join(out)


# The HTML-ish rich text CSL-JSON allows in titles: <i> <b> <sub> <sup> <sc> <span class="nocase">.
_TAG = re.compile(r"<(/?)(i|b|em|strong|sub|sup|sc|span)(\s[^<>]*)?>", re.IGNORECASE)


def parse_csl_markup(text: str) -> list[Span]:
    """Split CSL-JSON rich text into spans; unknown tags stay as literal text, entities are decoded."""
    spans: list[Span] = []
    stack: list[str] = []
    pos = 0

    def emit(chunk: str) -> None:
        if chunk:
            spans.append(
                Span(
                    html.unescape(chunk),
                    italic=any(t in ("i", "em") for t in stack),
                    bold=any(t in ("b", "strong") for t in stack),
                    nocase="nocase" in stack,
                )
            )

    for match in _TAG.finditer(text):
        emit(text[pos : match.start()])
        pos = match.end()
        closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3) or ""
        if closing:
            # </span> closes the innermost span whatever its class.
            names = ("span", "nocase") if tag == "span" else (tag,)
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] in names:
                    del stack[i]
                    break
        elif tag == "span":
            stack.append("nocase" if "nocase" in attrs else "span")
        else:
            stack.append(tag)
    emit(text[pos:])
    return spans


def strip_markup(text: str) -> str:
    """Plain text of CSL-JSON rich text."""
    return to_plain(parse_csl_markup(text))


_SPACES = re.compile(r"\s+")


def collapse_line(text: str) -> str:
    """``text`` on one line: control characters dropped, whitespace (newlines included) collapsed, markup kept."""
    kept = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")
    return _SPACES.sub(" ", kept).strip()


def one_line(value: str | None) -> str:
    """Plain single-line text of upstream rich text: markup stripped, entities decoded, see ``collapse_line``."""
    return collapse_line(strip_markup(value)) if value else ""


def italicize(spans: Iterable[Span]) -> list[Span]:
    """Italic for a whole title; already-italic words flip back to roman, as style manuals ask."""
    return [replace(span, italic=not span.italic) for span in spans]
