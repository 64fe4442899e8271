"""IEEE Reference Guide (11.29.2023), as ieee.csl renders it with citeproc-js.

L. Shi et al., “Mesenchymal stem cell therapy for severe COVID-19,” Signal Transduct Target Ther, vol. 6, no. 1,
p. 339, Sep. 2021, doi: 10.1038/s41392-021-00754-6.

One documented departure from citeproc-js: a title's final period is dropped, so that it does not meet the
comma after the title ("COVID-19.,”"); IEEE's guide has no such doubled punctuation.
"""

from __future__ import annotations

import re

from bot.models import DateVariable, Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._numeric import (
    Field,
    NameForm,
    NameListForm,
    capitalize_first,
    container_short,
    date_parts,
    format_names,
    format_pages,
    group,
    is_numeric,
    is_page_range,
    number_range,
    ordinal,
    plain,
    quoted_field,
    rich_field,
)
from formatters.styles.common import BOLD, ITALIC, Rich, append, to_spans
from formatters.styles.common import italic as make_italic

_NAMES = NameListForm(
    person=NameForm(terminator=". ", hyphen=True, inverted=False),
    et_al_min=7,
    et_al_use_first=1,
    delimiter=", ",
    and_word="text",
    et_al_italic=True,
)
_EDITORS = NameListForm(
    person=NameForm(terminator=". ", hyphen=True, inverted=False),
    et_al_min=10**9,
    et_al_use_first=10**9,
    delimiter=", ",
    and_word="text",
)
# en-US short months with IEEE's three-letter overrides for June, July and September.
_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]
_ITALIC_TITLE = frozenset(
    ["bill", "book", "graphic", "legal_case", "legislation", "motion_picture", "song", "standard", "software"]
)
_EDITION_TYPES = frozenset(
    [
        "bill",
        "book",
        "chapter",
        "graphic",
        "legal_case",
        "legislation",
        "motion_picture",
        "paper-conference",
        "report",
        "song",
    ]
)
_PLACE_FIRST = frozenset(
    [
        "bill",
        "book",
        "chapter",
        "graphic",
        "legal_case",
        "legislation",
        "motion_picture",
        "paper-conference",
        "song",
    ]
)
_BOOKISH = frozenset(["bill", "book", "graphic", "legal_case", "legislation", "report", "song"])
_CONTAINER_TYPES = frozenset(
    [
        "article-magazine",
        "article-newspaper",
        "broadcast",
        "interview",
        "manuscript",
        "map",
        "patent",
        "personal_communication",
        "song",
        "speech",
        "thesis",
        "webpage",
    ]
)


def _month_or_season(parts_month: int | None, season: str | None) -> str:
    if parts_month:
        return _MONTHS[parts_month - 1]
    return season or ""


def _date_text(date: DateVariable | None) -> str:
    """IEEE's ``form="text"``: "Mar. 05, 2024", "Mar. 2024", "2024"."""
    parts = date_parts(date)
    if parts is None:
        return ""
    if parts.literal:
        return parts.literal
    year = str(parts.year) if parts.year is not None else ""
    month = _month_or_season(parts.month, parts.season)
    if parts.month and parts.day:
        return f"{month} {parts.day:02d}, {year}"
    return f"{month} {year}".strip()


def _month_year(date: DateVariable | None) -> str:
    parts = date_parts(date)
    if parts is None:
        return ""
    if parts.literal:
        return parts.literal
    year = str(parts.year) if parts.year is not None else ""
    return f"{_month_or_season(parts.month, parts.season)} {year}".strip()


def _year(date: DateVariable | None) -> str:
    parts = date_parts(date)
    if parts is None:
        return ""
    return parts.literal or (str(parts.year) if parts.year is not None else "")


def _issued(ref: Reference) -> Field:
    if ref.type in ("article-journal", "report", "paper-conference"):
        return plain(_month_year(ref.issued))
    if ref.type in ("bill", "book", "chapter", "graphic", "legal_case", "legislation", "song", "thesis"):
        return plain(_year(ref.issued))
    return plain(_date_text(ref.issued))


def _names(names: list[Name], ref: Reference, form: NameListForm, label: bool) -> Field:
    spans = format_names(names, form, ref.language)
    if spans and label:
        spans += ", Eds." if len(names) > 1 else ", Ed."
    return spans


def _title(ref: Reference) -> Field:
    if not ref.title:
        return ""
    title = ref.title
    # Documented departure from citeproc-js: no "COVID-19.,”" (see the module docstring).
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    if ref.type in _ITALIC_TITLE:
        return rich_field(title, italic=True)
    return quoted_field(rich_field(title, inside_quotes=True))


def _edition(ref: Reference) -> Field:
    if ref.type not in _EDITION_TYPES or not ref.edition:
        return ""
    if is_numeric(ref.edition) and ref.edition.isdigit():
        return plain(f"{ordinal(int(ref.edition))} ed.")
    return group([plain(capitalize_first(ref.edition))], "", suffix=".")


def _locators(ref: Reference) -> Field:
    return group(
        [
            _edition(ref),
            plain(f"vol. {number_range(ref.volume)}") if ref.volume else "",
            plain(f"no. {number_range(ref.issue)}") if ref.issue else "",
        ],
        ", ",
    )


def _publisher(ref: Reference) -> Field:
    if ref.type in _PLACE_FIRST:
        return group([plain(ref.publisher_place), plain(ref.publisher)], ": ")
    return group([plain(ref.publisher), plain(ref.publisher_place)], ", ")


def _page(ref: Reference) -> Field:
    if ref.type == "article-journal" and ref.number:
        return plain(f"Art. no. {ref.number}")
    if not ref.page:
        return ""
    label = "pp." if is_page_range(ref.page) else "p."
    return plain(f"{label} {format_pages(ref.page, 'none')}")


def _status(ref: Reference) -> Field:
    if ref.page or ref.issue or ref.volume or not ref.status:
        return ""
    return plain(capitalize_first(ref.status), bold=True)


def _container(ref: Reference) -> Field:
    return rich_field(ref.container_title, italic=True) if ref.container_title else ""


def _collection(ref: Reference) -> Field:
    if not ref.collection_title:
        return ""
    inner = group([rich_field(ref.collection_title), plain(f"vol. {ref.volume}") if ref.volume else ""], ", ")
    return group([plain("in"), inner], " ", suffix=". ")


def _access(ref: Reference) -> list[Field]:
    """The access macro: its pieces carry their own leading spaces."""
    accessed = _date_text(ref.accessed)
    if ref.type in ("webpage", "post", "post-weblog"):
        if not ref.URL:
            return []
        return [
            group(
                [
                    plain(f"Accessed: {accessed}") if accessed else "",
                    plain("[Online]"),
                    plain(f"Available: {ref.URL}", quotes=False),
                ],
                ". ",
                prefix=" ",
            )
        ]
    if ref.DOI:
        return [plain(f" doi: {ref.DOI}.", quotes=False)]
    if ref.URL:
        medium = capitalize_first(ref.medium) if ref.medium else "Online"
        return [
            group(
                [plain(f"Accessed: {accessed}") if accessed else "", plain(f"[{medium}]")],
                ". ",
                prefix=" ",
                suffix=".",
            ),
            plain(f" Available: {ref.URL}", quotes=False),
        ]
    return []


def render_rich(ref: Reference) -> Rich:
    author = _names(ref.author, ref, _NAMES, label=False)
    editor_is_author = not author and bool(ref.editor)
    if editor_is_author:
        author = _names(ref.editor, ref, _NAMES, label=True)
    editor = "" if editor_is_author else _names(ref.editor, ref, _EDITORS, label=True)
    entry = append(author, ", ") if author else ""
    for part in _body(ref, editor):
        entry = append(entry, part)
    return _single_spaced(entry)


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


def _body(ref: Reference, editor: Field) -> list[Field]:
    kind = ref.type
    title = _title(ref)
    if kind == "article-journal":
        short = container_short(ref)
        main = group(
            [
                title,
                rich_field(short, italic=True) if short else "",
                _locators(ref),
                _page(ref),
                _issued(ref),
                _status(ref),
            ],
            ", ",
        )
        end = plain("," if ref.URL or ref.DOI else ".")
        return [main, end, *_access(ref)]
    if kind in ("paper-conference", "speech"):
        # Without a container the style prints "presented at the" + CSL ``event``, a variable citeproc-js
        # does not fill from ``event-title``: nothing, as citeproc-js does.
        event = group([plain("in"), _container(ref)], " ") if ref.container_title else ""
        head = group([title, event, editor], ", ", suffix=", ")
        tail = group([_publisher(ref), _issued(ref), _page(ref), _status(ref)], ", ", suffix=".")
        return [head, _collection(ref), tail, *_access(ref)]
    if kind == "chapter":
        container = group([plain("in"), _container(ref)], " ")
        main = group(
            [
                title,
                container,
                _locators(ref),
                editor,
                _collection(ref),
                _publisher(ref),
                _issued(ref),
                _page(ref),
            ],
            ", ",
            suffix=".",
        )
        return [main, *_access(ref)]
    if kind == "report":
        number = group([plain(ref.genre), plain(ref.number)], " ")
        return [group([title, _publisher(ref), number, _issued(ref)], ", ", suffix="."), *_access(ref)]
    if kind == "thesis":
        return [
            group([title, plain(ref.genre), _publisher(ref), _issued(ref)], ", ", suffix="."),
            *_access(ref),
        ]
    if kind == "software":
        year = _year(ref.issued)
        when = plain(f"({year})") if year else ""
        return [group([title, when, plain(ref.genre), _publisher(ref)], ". ", suffix="."), *_access(ref)]
    if kind == "article":
        publisher = _publisher(ref)
        publisher = make_italic(publisher)
        source = group([publisher, plain(ref.number)], ": ")
        return [group([title, _issued(ref), source], ", ", suffix="."), *_access(ref)]
    if kind in ("webpage", "post-weblog", "post"):
        container = rich_field(ref.container_title) if ref.container_title else ""
        return [group([title, container], ", ", suffix="."), *_access(ref)]
    if kind == "patent":
        return [group([title, plain(ref.number), _issued(ref)], ", "), *_access(ref)]
    if kind in _BOOKISH:
        head = group([title, _locators(ref)], ", ", suffix=". ")
        tail = group([_publisher(ref), _issued(ref), _page(ref)], ", ", suffix=".")
        return [head, _collection(ref), tail, *_access(ref)]
    if kind in _CONTAINER_TYPES:
        main = group(
            [title, _container(ref), _locators(ref), _publisher(ref), _page(ref), _issued(ref)],
            ", ",
            suffix=".",
        )
        return [main, *_access(ref)]
    head = group([title, _container(ref), _locators(ref)], ", ", suffix=". ")
    tail = group([_publisher(ref), _page(ref), _issued(ref)], ", ", suffix=".")
    return [head, _collection(ref), tail, *_access(ref)]


_DOUBLE_SPACE = re.compile(f"  +|(?<= )([{ITALIC}{BOLD}]+) +")
_TRAILING_SPACE = re.compile(f" +([{ITALIC}{BOLD}]*)$")


def _single_spaced(rich: Rich) -> Rich:
    """citeproc-js never prints two spaces where a suffix space meets a prefix space; trailing space goes."""
    if "  " in rich or f" {ITALIC} " in rich or f" {BOLD} " in rich:
        rich = _DOUBLE_SPACE.sub(lambda m: m.group(1) or " ", rich)
    return _TRAILING_SPACE.sub(r"\1", rich) if rich.endswith((" ", ITALIC, BOLD)) else rich


STYLE = Style(name="ieee", csl_id="ieee", label="IEEE", render=render, rich=render_rich, numeric=True)
