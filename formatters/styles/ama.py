"""AMA Manual of Style, 11th ed., as american-medical-association.csl renders it with citeproc-js.

Shi L, Wang L, Xu R, et al. Mesenchymal stem cell therapy for severe COVID-19. Signal Transduct Target Ther.
2021;6(1):339. doi:10.1038/s41392-021-00754-6
"""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._numeric import (
    MONTHS,
    DateParts,
    Field,
    NameForm,
    NameListForm,
    capitalize_first,
    container_short,
    date_parts,
    edition_label,
    format_names,
    format_pages,
    group,
    is_numeric,
    plain,
    rich_field,
    title_case,
)
from formatters.styles.common import Rich, to_spans

_NAMES = NameListForm(
    person=NameForm(terminator="", hyphen=False, inverted=True, sort_separator=" "),
    et_al_min=7,
    et_al_use_first=3,
    delimiter=", ",
    and_word="none",
)
_BOOK_TYPES = frozenset(["bill", "book", "graphic", "legislation", "motion_picture", "report", "song"])
_ITALIC_TITLE_TYPES = _BOOK_TYPES | {"legal_case", "thesis"}
_CHAPTER_TYPES = frozenset(["chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia"])
_WEB_TYPES = frozenset(["post", "post-weblog", "webpage"])


def _date_text(parts: DateParts | None) -> str:
    """en-US ``form="text"``: "March 5, 2024", "March 2024", "Spring 2024", "2024"."""
    if parts is None:
        return ""
    if parts.literal:
        return parts.literal
    year = str(parts.year) if parts.year is not None else ""
    if parts.month:
        month = MONTHS[parts.month - 1]
        if parts.day:
            return f"{month} {parts.day}, {year}".rstrip(", ")
        return f"{month} {year}".strip()
    if parts.season:
        return f"{parts.season} {year}".strip()
    return year


def _year(ref: Reference) -> str:
    parts = date_parts(ref.issued)
    if parts is None:
        return ""
    if parts.literal:
        return parts.literal
    return str(parts.year) if parts.year is not None else ""


def _names(names: list[Name], ref: Reference, label: bool = False) -> Field:
    spans = format_names(names, _NAMES, ref.language)
    if spans and label:
        spans += ", eds." if len(names) > 1 else ", ed."
    return spans


def _title(ref: Reference) -> Field:
    if not ref.title:
        return ""
    if ref.type in _ITALIC_TITLE_TYPES:
        return rich_field(title_case(ref.title, ref.language), italic=True)
    return rich_field(ref.title)


def _label_volume(ref: Reference) -> Field:
    if not ref.volume:
        return ""
    return plain(f"Vol {ref.volume}" if is_numeric(ref.volume) else ref.volume)


def _edition(ref: Reference) -> Field:
    return plain(edition_label(ref.edition)) if ref.edition else ""


def _publisher_year(ref: Reference) -> Field:
    return group([plain(ref.publisher), plain(_year(ref))], "; ")


def _access(ref: Reference) -> Field:
    if ref.DOI:
        return plain(f"doi:{ref.DOI}", quotes=False)
    if ref.URL:
        accessed = _date_text(date_parts(ref.accessed))
        return group([plain(f"Accessed {accessed}" if accessed else ""), plain(ref.URL, quotes=False)], ". ")
    return ""


def _pages(ref: Reference) -> Field:
    return plain(format_pages(ref.page, "expanded", "-")) if ref.page else ""


def render_rich(ref: Reference) -> Rich:
    author_substitute = ""  # which variable stood in for the author (CSL <substitute>)
    author = _names(ref.author, ref)
    if not author and ref.editor:
        author, author_substitute = _names(ref.editor, ref, label=True), "editor"
    if not author and ref.title:
        author, author_substitute = _title(ref), "title"
    title = "" if author_substitute == "title" else _title(ref)
    editor = "" if author_substitute == "editor" else _names(ref.editor, ref, label=True)

    body: list[Field] = [author, title]
    if ref.type in _BOOK_TYPES:
        editor_in_parens = group([editor], "", prefix="(", suffix=")") if editor else ""
        details = group([_label_volume(ref), _edition(ref), editor_in_parens, _publisher_year(ref)], ". ")
        body.append(group([details, _pages(ref)], ":"))
    elif ref.type in _CHAPTER_TYPES:
        container = (
            rich_field(title_case(ref.container_title, ref.language), italic=True)
            if ref.container_title
            else ""
        )
        details = group(
            [
                editor,
                container,
                _label_volume(ref),
                _edition(ref),
                plain(ref.collection_title),
                _publisher_year(ref),
            ],
            ". ",
        )
        in_container = group([plain("In"), details], ": ") if details else ""
        body.append(group([in_container, _pages(ref)], ":"))
    elif ref.type in _WEB_TYPES:
        body.append(rich_field(ref.container_title) if ref.container_title else "")
        body.append(plain(_date_text(date_parts(ref.issued))))
    elif ref.type == "speech":
        lead = (
            f"{capitalize_first(ref.genre)} presented at"
            if ref.genre
            else "Presented at"
            if ref.event_title
            else ""
        )
        body.append(
            group(
                [
                    plain(lead),
                    group([plain(ref.event_title), plain(_date_text(date_parts(ref.issued)))], "; "),
                ],
                ": ",
            )
        )
    elif ref.type == "thesis":
        body.append(plain(ref.genre))
        body.append(_publisher_year(ref))
    else:
        body.extend(_serial(ref, editor))
    main = group(body, ". ", suffix=".")
    return group([main, _access(ref)], ". ")


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


def _serial(ref: Reference, editor: Field) -> list[Field]:
    """Journal articles and everything without a layout of its own."""
    container = container_short(ref)
    parts: list[Field] = [
        editor,
        rich_field(container, italic=True, strip_periods=True) if container else "",
    ]
    if ref.type == "article":
        parts.append(plain(ref.publisher, italic=True))
    if ref.issue or ref.volume:
        when: Field = plain(_year(ref))
    else:
        if ref.type == "article":
            lead = "Preprint posted online"
        elif ref.type == "article-newspaper":
            lead = ""
        else:
            lead = "Published online"
        date = _date_text(date_parts(ref.issued))
        when = plain(f"{lead} {date}".strip() if date else "")
    volume_issue = ""
    if ref.type != "article-newspaper" and (ref.volume or ref.issue):
        volume_issue = plain(f"{ref.volume or ''}{f'({ref.issue})' if ref.issue else ''}")
    locator = plain(ref.number) if ref.number else _pages(ref)
    parts.append(group([group([when, volume_issue], ";"), locator], ":"))
    return parts


STYLE = Style(
    name="ama",
    csl_id="american-medical-association",
    label="AMA 11th ed.",
    render=render,
    rich=render_rich,
    numeric=True,
)
