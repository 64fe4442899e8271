"""MLA 9th ed. — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style mla is not written yet")


STYLE = Style(
    name="mla", csl_id="modern-language-association", label="MLA 9th ed.", render=render, numeric=False
)
