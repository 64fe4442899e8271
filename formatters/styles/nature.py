"""Nature, as nature.csl (en-GB locale) renders it with citeproc-js.

Shi, L. et al. Mesenchymal stem cell therapy for severe COVID-19. Signal Transduct Target Ther 6, 339 (2021).
"""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._numeric import (
    Field,
    NameForm,
    NameListForm,
    QuoteLocale,
    capitalize_first,
    date_parts,
    format_names,
    format_pages,
    group,
    plain,
    rich_field,
    title_case,
)
from formatters.styles.common import Rich, to_spans

_NAMES = NameListForm(
    person=NameForm(terminator=". ", hyphen=True, inverted=True, sort_separator=", "),
    et_al_min=6,
    et_al_use_first=1,
    delimiter=", ",
    and_word="symbol",
    delimiter_precedes_last="never",
    et_al_italic=True,
)
_ITALIC_TITLE = frozenset(
    ["bill", "book", "graphic", "legal_case", "legislation", "motion_picture", "report", "song"]
)
_PUBLISHED = frozenset(
    [
        "bill",
        "book",
        "graphic",
        "legal_case",
        "legislation",
        "motion_picture",
        "song",
        "thesis",
        "chapter",
        "paper-conference",
    ]
)
_IN_TYPES = frozenset(["chapter", "paper-conference"])
_GB: QuoteLocale = "en-GB"


def _year(ref: Reference) -> str:
    parts = date_parts(ref.issued)
    if parts is None:
        return ""
    return parts.literal or (str(parts.year) if parts.year is not None else "")


def _year_in_parens(ref: Reference) -> Field:
    year = _year(ref)
    return plain(f"({year})") if year else ""


def _doi_link(ref: Reference) -> Field:
    return plain(f"https://doi.org/{ref.DOI}", quotes=False) if ref.DOI else ""


def _title(ref: Reference) -> Field:
    if not ref.title:
        return ""
    if ref.type in _ITALIC_TITLE:
        return rich_field(title_case(ref.title, ref.language), italic=True, locale=_GB)
    return rich_field(ref.title, locale=_GB)


def _container(ref: Reference) -> Field:
    container = ref.container_title
    if ref.type == "article-journal":
        container = ref.container_title_short or container
    return rich_field(container, italic=True, locale=_GB) if container else ""


def _editors(ref: Reference, names: list[Name]) -> Field:
    if ref.type not in _IN_TYPES or not names:
        return ""
    spans = format_names(names, _NAMES, ref.language)
    label = "eds" if len(names) > 1 else "ed."
    return f"({label} {spans})"


def _volume(ref: Reference) -> Field:
    if not ref.volume:
        return ""
    if ref.type == "article-journal":
        return plain(ref.volume, bold=True, quotes=False) + ","
    return plain(f"vol. {ref.volume}")


def _issuance(ref: Reference) -> Field:
    kind = ref.type
    if kind in _PUBLISHED:
        details = group([plain(ref.publisher), plain(ref.publisher_place), plain(_year(ref))], ", ")
        return group([details], "", prefix="(", suffix=").") if details else ""
    if kind == "article":
        lead = capitalize_first(ref.genre) if ref.genre else "Preprint"
        where = _doi_link(ref) or plain(ref.URL, quotes=False)
        return group([plain(lead), plain("at"), where, _year_in_parens(ref)], " ")
    if kind in ("dataset", "software"):
        return group([plain(ref.publisher), _doi_link(ref), _year_in_parens(ref)], " ")
    if kind in ("report", "webpage", "post", "post-weblog"):
        return group([plain(ref.URL, quotes=False), _year_in_parens(ref)], " ")
    if kind == "article-journal":
        link = ""
        if not ref.volume and not ref.page:
            link = _doi_link(ref) or plain(ref.URL, quotes=False)
        return group([link, _year_in_parens(ref)], " ")
    return _year_in_parens(ref)


def _access(ref: Reference) -> Field:
    if ref.volume or ref.type in ("article", "dataset", "software") or not ref.DOI:
        return ""
    return plain(f"doi:{ref.DOI}", quotes=False)


def render_rich(ref: Reference) -> Rich:
    author = format_names(ref.author, _NAMES, ref.language)
    parts: list[Field] = [
        group([author], "", suffix=".", punct_in_quote=False) if author else "",
        group([_title(ref)], "", suffix=".", punct_in_quote=False),
        plain("in") if ref.type in _IN_TYPES else "",
        _container(ref),
        _editors(ref, ref.editor),
        _volume(ref),
        plain(format_pages(ref.page, "none")) if ref.page else "",
        _issuance(ref),
        _access(ref),
    ]
    return group([group(parts, " ", punct_in_quote=False)], "", suffix=".", punct_in_quote=False)


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


STYLE = Style(name="nature", csl_id="nature", label="Nature", render=render, rich=render_rich, numeric=True)
