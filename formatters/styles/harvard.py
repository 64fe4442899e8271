"""Harvard (Cite Them Right 12th ed.) — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style harvard is not written yet")


STYLE = Style(
    name="harvard",
    csl_id="harvard-cite-them-right",
    label="Harvard (Cite Them Right 12th ed.)",
    render=render,
    numeric=False,
)
