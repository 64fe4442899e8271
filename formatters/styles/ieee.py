"""IEEE Reference Guide (11.29.2023), as ieee.csl renders it with citeproc-js.

L. Shi et al., “Mesenchymal stem cell therapy for severe COVID-19,” Signal Transduct Target Ther, vol. 6, no. 1,
p. 339, Sep. 2021, doi: 10.1038/s41392-021-00754-6.

One documented departure from citeproc-js: a title's final period is dropped, so that it does not meet the
comma after the title ("COVID-19.,”"); IEEE's guide has no such doubled punctuation.
"""

from __future__ import annotations

import re

from bot.models import DateVariable, Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import BOLD, ITALIC, Rich

_PERSON = csl.NameForm(initials=". ")
_NAMES = csl.NameList(form=_PERSON, et_al_min=7, et_al_use_first=1, and_word="and", et_al_italic=True)
_EDITORS = csl.NameList(form=_PERSON, et_al_min=10**9, et_al_use_first=10**9, and_word="and")
# en-US short months with IEEE's three-letter overrides for June, July and September.
_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")
_ITALIC_TITLE = frozenset(
    ["bill", "book", "graphic", "legal_case", "legislation", "motion_picture", "song", "standard", "software"]
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
_EDITION_TYPES = _PLACE_FIRST | {"report"}
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


def _date_text(date: DateVariable | None, day: bool = True) -> str:
    """IEEE's ``form="text"``: "Mar. 05, 2024", "Mar. 2024", "2024"."""
    return csl.date_text(date, _MONTHS, day=day, pad_day=True)


def _issued(ref: Reference) -> Rich:
    if ref.type in ("article-journal", "report", "paper-conference"):
        return _date_text(ref.issued, day=False)
    if ref.type in ("bill", "book", "chapter", "graphic", "legal_case", "legislation", "song", "thesis"):
        return csl.year_text(ref.issued)
    return _date_text(ref.issued)


def _names(names: list[Name], ref: Reference, rules: csl.NameList, label: bool) -> Rich:
    return csl.format_names(names, rules, ref.language, (", Ed.", ", Eds.") if label else ("", ""))


def _title(ref: Reference) -> Rich:
    # Documented departure from citeproc-js: no "COVID-19.,”" (see the module docstring).
    title = csl.without_final_period(ref.title)
    if ref.type in _ITALIC_TITLE:
        return csl.italic(csl.rich_title(title))
    return csl.quoted(csl.rich_title(title, inner_quotes=True))


def _edition(ref: Reference) -> Rich:
    if ref.type not in _EDITION_TYPES or not ref.edition:
        return ""
    if ref.edition.isdigit():
        return f"{csl.ordinal(int(ref.edition))} ed."
    return csl.group([csl.capitalize_first(csl.field(ref.edition))], "", suffix=".")


def _locators(ref: Reference) -> Rich:
    return csl.join(
        [
            _edition(ref),
            csl.wrap("vol. ", csl.number_text(ref.volume), ""),
            csl.wrap("no. ", csl.number_text(ref.issue), ""),
        ],
        ", ",
    )


def _publisher(ref: Reference) -> Rich:
    if ref.type in _PLACE_FIRST:
        return csl.join([csl.field(ref.publisher_place), csl.field(ref.publisher)], ": ")
    return csl.join([csl.field(ref.publisher), csl.field(ref.publisher_place)], ", ")


def _geographic_location(ref: Reference) -> Rich:
    """geographic-location: the place (title case) with a period of its own, even before a comma."""
    place = ref.publisher_place or ref.event_place
    return csl.field(csl.title_case(place, ref.language)) + "." if place else ""


def _page(ref: Reference) -> Rich:
    if ref.type == "article-journal" and ref.number:
        return f"Art. no. {csl.field(ref.number)}"
    pages = csl.format_pages(ref.page, "none")
    if pages is None:
        return ""
    return ("pp. " if _PAGE_RANGE.search(ref.page or "") else "p. ") + pages.text


_PAGE_RANGE = re.compile("[-–,&]")


def _status(ref: Reference) -> Rich:
    if ref.page or ref.issue or ref.volume or not ref.status:
        return ""
    return csl.bold(csl.capitalize_first(csl.field(ref.status)))


def _container(ref: Reference) -> Rich:
    return csl.italic(csl.rich_title(ref.container_title))


def _collection(ref: Reference) -> Rich:
    if not ref.collection_title:
        return ""
    inner = csl.join(
        [
            csl.rich_title(ref.collection_title),
            csl.wrap("no. ", csl.field(ref.collection_number), ""),
            csl.wrap("vol. ", csl.field(ref.volume), ""),
        ],
        ", ",
    )
    return csl.group(["in", inner], " ", suffix=". ")


def _access(ref: Reference) -> list[Rich]:
    """The access macro: its pieces carry their own leading spaces."""
    accessed = _date_text(ref.accessed)
    if ref.type in ("webpage", "post", "post-weblog"):
        if not ref.URL:
            return []
        available = f"Available: {csl.plain(ref.URL)}"
        return [
            csl.group([f"Accessed: {accessed}" if accessed else "", "[Online]", available], ". ", prefix=" ")
        ]
    if ref.DOI:
        return [f" doi: {csl.doi(ref)}."]
    if ref.URL:
        online = "Online Video" if ref.type == "motion_picture" else "Online"
        medium = csl.capitalize_first(csl.field(ref.medium)) if ref.medium else online
        accessed_medium = csl.group(
            [f"Accessed: {accessed}" if accessed else "", f"[{medium}]"], ". ", suffix="."
        )
        return [" " + accessed_medium, f" Available: {csl.plain(ref.URL)}"]
    return []


def render_rich(ref: Reference) -> Rich:
    author = _names(ref.author, ref, _NAMES, label=False)
    editor_is_author = not author and bool(ref.editor)
    if editor_is_author:
        author = _names(ref.editor, ref, _NAMES, label=True)
    if not author and not ref.editor and not ref.translator:
        author = _names(ref.director, ref, _NAMES, label=False)  # the author macro's last substitute
    editor = "" if editor_is_author else _names(ref.editor, ref, _EDITORS, label=True)
    entry = csl.append(author, ", ") if author else ""
    for part in _body(ref, editor):
        entry = csl.append(entry, part)
    return _single_spaced(entry)


def _body(ref: Reference, editor: Rich) -> list[Rich]:
    kind = ref.type
    title = _title(ref)
    if kind == "article-journal":
        main = csl.group(
            [
                title,
                csl.italic(csl.rich_title(csl.container_short(ref))),
                _locators(ref),
                _page(ref),
                _issued(ref),
                _status(ref),
            ],
            ", ",
        )
        end = "," if ref.URL or ref.DOI else "."
        return [main, end, *_access(ref)]
    if kind in ("paper-conference", "speech"):
        # Without a container the style prints "presented at the" + CSL ``event``, a variable citeproc-js
        # does not fill from ``event-title``: nothing, as citeproc-js does.
        event = csl.group(["in", _container(ref)], " ") if ref.container_title else ""
        head = csl.group([title, event, editor], ", ", suffix=", ")
        tail = csl.group([_publisher(ref), _issued(ref), _page(ref), _status(ref)], ", ", suffix=".")
        return [head, _collection(ref), tail, *_access(ref)]
    if kind == "chapter":
        container = csl.group(["in", _container(ref)], " ")
        main = csl.group(
            [
                title,
                container,
                _locators(ref),
                editor,
                _collection(ref),
                _publisher(ref),
                _issued(ref),
                csl.wrap("ch. ", csl.field(ref.chapter_number), ""),
                _page(ref),
            ],
            ", ",
            suffix=".",
        )
        return [main, *_access(ref)]
    if kind == "report":
        number = csl.join([csl.field(ref.genre), csl.number_text(ref.number)], " ")
        return [csl.group([title, _publisher(ref), number, _issued(ref)], ", ", suffix="."), *_access(ref)]
    if kind == "thesis":
        return [
            csl.group([title, csl.field(ref.genre), _publisher(ref), _issued(ref)], ", ", suffix="."),
            *_access(ref),
        ]
    if kind == "software":
        when = csl.wrap("(", _issued(ref), ")")
        return [
            csl.group([title, when, csl.field(ref.genre), _publisher(ref)], ". ", suffix="."),
            *_access(ref),
        ]
    if kind == "article":
        source = csl.join([csl.italic(_publisher(ref)), csl.field(ref.number)], ": ")
        return [csl.group([title, _issued(ref), source], ", ", suffix="."), *_access(ref)]
    if kind in ("webpage", "post-weblog", "post"):
        return [csl.group([title, csl.rich_title(ref.container_title)], ", ", suffix="."), *_access(ref)]
    if kind == "patent":
        return [csl.join([title, csl.field(ref.number), _issued(ref)], ", "), *_access(ref)]
    if kind == "motion_picture":
        place = csl.group([_geographic_location(ref)], "", suffix=". ")
        when = csl.wrap("(", _issued(ref), ")")
        return [place, csl.group([title, when], ", ", suffix="."), *_access(ref)]
    if kind == "standard":
        number = csl.group([csl.field(ref.genre), csl.field(ref.number)], " ")
        main = csl.group([title, number, _geographic_location(ref), _issued(ref)], ", ", suffix=".")
        return [main, *_access(ref)]
    if kind in _BOOKISH:
        head = csl.group([title, _locators(ref)], ", ", suffix=". ")
        tail = csl.group([_publisher(ref), _issued(ref), _page(ref)], ", ", suffix=".")
        return [head, _collection(ref), tail, *_access(ref)]
    if kind in _CONTAINER_TYPES:
        main = csl.group(
            [title, _container(ref), _locators(ref), _publisher(ref), _page(ref), _issued(ref)],
            ", ",
            suffix=".",
        )
        return [main, *_access(ref)]
    head = csl.group([title, _container(ref), _locators(ref)], ", ", suffix=". ")
    tail = csl.group([_publisher(ref), _page(ref), _issued(ref)], ", ", suffix=".")
    return [head, _collection(ref), tail, *_access(ref)]


_DOUBLE_SPACE = re.compile(f"  +|(?<= )([{ITALIC}{BOLD}]+) +")
_TRAILING_SPACE = re.compile(f" +([{ITALIC}{BOLD}]*)$")


def _single_spaced(rich: Rich) -> Rich:
    """citeproc-js never prints two spaces where a suffix space meets a prefix space; trailing space goes."""
    if "  " in rich or f" {ITALIC} " in rich or f" {BOLD} " in rich:
        rich = _DOUBLE_SPACE.sub(lambda m: m.group(1) or " ", rich)
    return _TRAILING_SPACE.sub(r"\1", rich) if rich.endswith((" ", ITALIC, BOLD)) else rich


STYLE = Style(
    name="ieee",
    csl_id="ieee",
    label="IEEE",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=True,
)
