"""Harvard (Cite Them Right 12th ed.) — a transcription of ``harvard-cite-them-right.csl``.

The style sets no default locale, so citeproc-js renders it with en-US terms ("eds.", "ed.", "March 5, 2024").
"""

from __future__ import annotations

import re

from bot.models import Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._authordate import (
    MONTHS,
    NameList,
    Rich,
    concat,
    date_parts,
    doi_url,
    field,
    format_name,
    format_names,
    format_number,
    format_pages,
    is_english,
    is_numeric,
    join,
    make_italic,
    ordinal_of,
    quoted,
    rich_title,
    text,
    wrap,
)
from formatters.styles.common import to_spans

_AUTHORS = NameList(and_word="and", delimiter_precedes_last="never", et_al_min=4, et_al_use_first=1)
_EDITORS = NameList(and_word="and", delimiter_precedes_last="contextual", et_al_min=4, et_al_use_first=1)
_ITALIC_TITLE_TYPES = {
    "bill", "book", "legal_case", "legislation", "motion_picture", "report", "song", "thesis", "webpage", "graphic",
}  # fmt: skip
_JOURNALS = {"article-newspaper", "article-magazine", "article-journal"}
_PAGED_TYPES = {
    "chapter", "paper-conference", "article-journal", "article", "article-magazine", "article-newspaper", "book",
    "review", "review-book", "report",
}  # fmt: skip
# Manual over citeproc-js: a title's own final period is dropped, or citeproc-js prints "COVID-19.,".
_FINAL_PERIOD = re.compile(r"(?<!\.)\.\s*$")


def _names(names: list[Name], *, inverted: bool, rules: NameList) -> tuple[str, bool]:
    """The joined names and whether "et al." ended them (it is italic in this style)."""
    joined = format_names(names, rules, lambda _, name: format_name(name, inverted=inverted, initials="."))
    return joined, joined.endswith(" et al.")


def _with_italic_et_al(joined: str, et_al: bool) -> Rich:
    if not et_al:
        return text(joined)
    return joined[: -len("et al.")] + make_italic("et al.")


def _title_spans(ref: Reference) -> Rich:
    title = _FINAL_PERIOD.sub("", (ref.title or "").strip())
    return rich_title(title, case="as-is", inner_quotes=ref.type not in _ITALIC_TITLE_TYPES)


def _edition(ref: Reference) -> Rich:
    if not ref.edition:
        return ""
    if is_numeric(ref.edition):
        return text(f"{ordinal_of(ref.edition)} ed")
    return text(field(ref.edition))


def _title(ref: Reference) -> Rich:
    if ref.type in _ITALIC_TITLE_TYPES:
        medium = wrap("[", text(field(ref.medium)), "]")
        return join([join([make_italic(_title_spans(ref)), medium], " "), _edition(ref)], ". ")
    return quoted(_title_spans(ref))


def _author(ref: Reference) -> tuple[Rich, str]:
    if ref.author:
        joined, et_al = _names(ref.author, inverted=True, rules=_AUTHORS)
        return _with_italic_et_al(joined, et_al), "author"
    if ref.editor:
        joined, et_al = _names(ref.editor, inverted=True, rules=_AUTHORS)
        label = " (eds.)" if len(ref.editor) > 1 else " (ed.)"
        return concat(_with_italic_et_al(joined, et_al), text(label)), "editor"
    if ref.type in _JOURNALS and ref.container_title:
        title = rich_title(
            ref.container_title, case="title" if is_english(ref) else "as-is", inner_quotes=False
        )
        return make_italic(title), "container-title"
    if ref.title:
        return _title(ref), "title"
    return "", ""


def _year(ref: Reference, *, leads: bool = False) -> Rich:
    parts = date_parts(ref.issued)
    if parts is not None and parts.literal:
        return text(f"({parts.literal})")
    if parts is None or parts.year is None:
        return text("(No date)" if leads else "(no date)")  # citeproc-js capitalises a term opening the entry
    return text(f"({parts.year})")


def _editor_in(ref: Reference, used: str) -> Rich:
    if ref.type not in ("chapter", "paper-conference") or not ref.editor or used == "editor":
        return ""
    joined, et_al = _names(ref.editor, inverted=False, rules=_EDITORS)
    label = " (eds.)" if len(ref.editor) > 1 else " (ed.)"
    return join([text("in"), concat(_with_italic_et_al(joined, et_al), text(label))], " ")


def _container_title(ref: Reference, used: str) -> Rich:
    if not ref.container_title or used == "container-title":
        return ""
    name = make_italic(rich_title(ref.container_title, case="as-is", inner_quotes=False))
    if ref.type in ("article", "article-journal") and not (ref.page or ref.volume):
        name = join([name, text("[Preprint]")], " ")
    return join([name, _edition(ref) if ref.type not in _ITALIC_TITLE_TYPES else ""], ". ")


def _secondary_contributors(ref: Reference, used: str) -> Rich:
    if ref.type in ("chapter", "paper-conference") or not ref.editor or used == "editor":
        return ""
    joined, et_al = _names(ref.editor, inverted=False, rules=_EDITORS)
    return concat(text("Edited by "), _with_italic_et_al(joined, et_al))


def _place_publisher(ref: Reference) -> Rich:
    return text(": ".join(p for p in (field(ref.publisher_place), field(ref.publisher)) if p))


def _publisher(ref: Reference) -> Rich:
    if ref.type == "thesis":
        return join([text(field(ref.genre)), text(field(ref.publisher))], ". ")
    if ref.type == "report":
        number = format_number(ref.number)
        genre_number = join([text(field(ref.genre)), text(number.text if number else "")], " ")
        return join([genre_number, _place_publisher(ref)], ". ")
    if ref.type in _JOURNALS:
        return ""
    series = wrap("(", text(field(ref.collection_title)), ")")
    return join([_place_publisher(ref), series], " ")


def _locator(ref: Reference) -> Rich:
    if ref.type != "article-journal":
        return ""
    volume = format_number(ref.volume)
    issue = format_number(ref.issue)
    return join([text(volume.text if volume else ""), wrap("(", text(issue.text if issue else ""), ")")], "")


def _published_date(ref: Reference) -> Rich:
    if ref.type not in ("article-newspaper", "article-magazine", "post-weblog", "speech"):
        return ""
    parts = date_parts(ref.issued)
    if parts is None or parts.month is None:
        return ""
    day = f"{parts.day} " if parts.day else ""
    return text(f"{day}{MONTHS[parts.month - 1]}")


def _pages(ref: Reference) -> Rich:
    if ref.type not in _PAGED_TYPES:
        return ""
    pages = format_pages(ref.page, "none")
    if pages is None:
        return ""
    return text(("pp. " if pages.plural else "p. ") + pages.text)


def _access(ref: Reference) -> Rich:
    if ref.DOI:
        return text(f"Available at: {doi_url(ref)}")
    if not ref.URL:
        return ""
    out = f"Available at: {ref.URL.strip()}"
    parts = date_parts(ref.accessed)
    if parts is not None and parts.year is not None:
        if parts.month:
            day = f" {parts.day}," if parts.day else ""
            out += f" (Accessed: {MONTHS[parts.month - 1]}{day} {parts.year})"
        else:
            out += f" (Accessed: {parts.year})"
    return text(out)


def render_rich(ref: Reference) -> Rich:
    author, used = _author(ref)
    title = _title(ref) if used != "title" else ""
    headline = join(
        [
            author,
            _year(ref, leads=not author),
            join([title, join([_editor_in(ref, used), _container_title(ref, used)], " ")], ", "),
        ],
        " ",
    )
    entry = join([headline, _secondary_contributors(ref, used), _publisher(ref)], ". ")
    entry = join([entry, join([_locator(ref), _published_date(ref), _pages(ref)], ", ")], ", ")
    entry = join([entry, _access(ref)], ". ")
    return concat(entry, text("."))


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


STYLE = Style(
    name="harvard",
    csl_id="harvard-cite-them-right",
    label="Harvard (Cite Them Right 12th ed.)",
    render=render,
    rich=render_rich,
    numeric=False,
)
