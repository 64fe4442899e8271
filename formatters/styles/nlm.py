"""NLM/Vancouver — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style nlm is not written yet")


STYLE = Style(
    name="nlm",
    csl_id="nlm-citation-sequence",
    label="NLM/Vancouver",
    render=render,
    numeric=True,
    aliases=("vancouver",),
)
