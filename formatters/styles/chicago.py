"""Chicago 18th (author-date) — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style chicago is not written yet")


STYLE = Style(
    name="chicago",
    csl_id="chicago-author-date",
    label="Chicago 18th (author-date)",
    render=render,
    numeric=False,
)
