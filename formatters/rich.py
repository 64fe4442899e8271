"""Styled text that renders to plain text (for copying) or Slack mrkdwn (for cards).

Style functions return a list of ``Span``; only the renderers here know Slack's syntax, so every upstream
string passes through ``escape_mrkdwn`` exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Rich = list["Span"]


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    italic: bool = False
    bold: bool = False


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters, as Slack documents them; everything else shows literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
