"""IEEE — placeholder until the style lands (raises so no test can pass by accident)."""

from __future__ import annotations

from bot.models import Reference
from formatters.rich import Span
from formatters.styles import Style


def render(ref: Reference) -> list[Span]:
    raise NotImplementedError("style ieee is not written yet")


STYLE = Style(name="ieee", csl_id="ieee", label="IEEE", render=render, numeric=True)
