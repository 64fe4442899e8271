"""The citation style registry: one module per style, one line here per style."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from bot.models import Reference
from formatters.rich import Span, to_mrkdwn, to_plain
from formatters.styles.common import plain_text, to_spans

RenderFn = Callable[[Reference], list[Span]]
RichFn = Callable[[Reference], str]
OutputFormat = Literal["text", "mrkdwn"]


@dataclass(frozen=True)
class Style:
    name: str  # short name: "ama"
    csl_id: str  # official CSL style id: "american-medical-association"
    label: str  # what a person reads: "AMA 11th ed."
    render: RenderFn  # the entry without any citation number
    numeric: bool = False  # numbered bibliography ("1. " / "[1] ")
    aliases: tuple[str, ...] = field(default_factory=tuple)
    # The same entry as rich text (``formatters.styles.common``): plain text needs no spans.
    rich: RichFn | None = None


class UnknownStyleError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown style {name!r}. Styles: {', '.join(STYLES)}.")
        self.name = name


def _registry() -> dict[str, Style]:
    # Imported here so each style module can import this package's helpers without a cycle.
    from formatters.styles import ama, apa, chicago, harvard, ieee, mla, nature, nlm

    styles = [
        ama.STYLE,
        apa.STYLE,
        mla.STYLE,
        nlm.STYLE,
        chicago.STYLE,
        harvard.STYLE,
        ieee.STYLE,
        nature.STYLE,
    ]
    return {style.name: style for style in styles}


STYLES: dict[str, Style] = _registry()
_LOOKUP: dict[str, Style] = {
    key.lower(): style for style in STYLES.values() for key in (style.name, style.csl_id, *style.aliases)
}


def get_style(name: str) -> Style:
    try:
        return _LOOKUP[name.strip().lower()]
    except KeyError:
        raise UnknownStyleError(name) from None


def is_style(name: str) -> bool:
    return name.strip().lower() in _LOOKUP


def format_citation(ref: Reference, style: str | Style, fmt: OutputFormat = "text") -> str:
    """One bibliography entry, unnumbered, as plain text or Slack mrkdwn."""
    chosen = style if isinstance(style, Style) else get_style(style)
    if chosen.rich is not None:
        rich = chosen.rich(ref)
        return plain_text(rich) if fmt == "text" else to_mrkdwn(to_spans(rich))
    spans = chosen.render(ref)
    return to_plain(spans) if fmt == "text" else to_mrkdwn(spans)


def number_prefix(style: str | Style, n: int) -> str:
    """The citation number as the style prints it in a bibliography: "1. " or "[1] "."""
    chosen = style if isinstance(style, Style) else get_style(style)
    return f"[{n}] " if chosen.name == "ieee" else f"{n}. "
