"""AMA 11th ed. — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style ama is not written yet")


STYLE = Style(
    name="ama", csl_id="american-medical-association", label="AMA 11th ed.", render=render, numeric=True
)
