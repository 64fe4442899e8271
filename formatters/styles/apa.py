"""APA 7th ed. — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style apa is not written yet")


STYLE = Style(name="apa", csl_id="apa", label="APA 7th ed.", render=render, numeric=False)
