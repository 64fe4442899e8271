"""AMA Manual of Style, 11th ed., as american-medical-association.csl renders it with citeproc-js.

Shi L, Wang L, Xu R, et al. Mesenchymal stem cell therapy for severe COVID-19. Signal Transduct Target Ther.
2021;6(1):339. doi:10.1038/s41392-021-00754-6
"""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import Rich

_NAMES = csl.NameList(
    form=csl.NameForm(initials="", hyphen=False, sort_order="all", sort_separator=" "),
    et_al_min=7,
    et_al_use_first=3,
)
_BOOK_TYPES = frozenset(["bill", "book", "graphic", "legislation", "motion_picture", "report", "song"])
_ITALIC_TITLE_TYPES = _BOOK_TYPES | {"legal_case", "thesis"}
_CHAPTER_TYPES = frozenset(["chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia"])
_WEB_TYPES = frozenset(["post", "post-weblog", "webpage"])


def _names(names: list[Name], ref: Reference, label: bool = False) -> Rich:
    return csl.format_names(names, _NAMES, ref.language, (", ed.", ", eds.") if label else ("", ""))


def _title(ref: Reference) -> Rich:
    if ref.type in _ITALIC_TITLE_TYPES:
        return csl.italic(csl.rich_title(ref.title, case="title", language=ref.language))
    return csl.rich_title(ref.title)


def _label_volume(ref: Reference) -> Rich:
    if not ref.volume:
        return ""
    return csl.field(f"Vol {ref.volume}" if csl.is_numeric(ref.volume) else ref.volume)


def _publisher_year(ref: Reference) -> Rich:
    return csl.group([csl.field(ref.publisher), csl.year_text(ref.issued)], "; ")


def _access(ref: Reference) -> Rich:
    if ref.DOI:
        return f"doi:{csl.doi(ref)}"
    if ref.URL:
        accessed = csl.date_text(ref.accessed)
        return csl.group([f"Accessed {accessed}" if accessed else "", csl.plain(ref.URL)], ". ")
    return ""


def _pages(ref: Reference) -> Rich:
    return csl.pages_text(ref.page, "expanded", "-")


def _labelled(label: str, value: str | None) -> Rich:
    """The label-…-number macros: "suppl 2", "chap 5" (a label only before a number)."""
    return f"{label} {csl.field(value)}" if csl.is_numeric(value) else csl.field(value)


def render_rich(ref: Reference) -> Rich:
    author_substitute = ""  # which variable stood in for the author (CSL <substitute>)
    author = _names(ref.author, ref)
    if not author and ref.editor:
        author, author_substitute = _names(ref.editor, ref, label=True), "editor"
    if not author and ref.title:
        author, author_substitute = _title(ref), "title"
    title = "" if author_substitute == "title" else _title(ref)
    editor = "" if author_substitute == "editor" else _names(ref.editor, ref, label=True)

    body: list[Rich] = [author, title]
    if ref.type in _BOOK_TYPES:
        editor_in_parens = csl.wrap("(", editor, ")")
        edition = csl.edition_label(ref.edition)
        details = csl.group([_label_volume(ref), edition, editor_in_parens, _publisher_year(ref)], ". ")
        body.append(csl.group([details, _pages(ref)], ":"))
    elif ref.type in _CHAPTER_TYPES:
        container = csl.sealed(
            csl.italic(csl.rich_title(ref.container_title, case="title", language=ref.language))
        )
        details = csl.group(
            [
                editor,
                container,
                _label_volume(ref),
                csl.edition_label(ref.edition),
                csl.field(ref.collection_title),
                _publisher_year(ref),
            ],
            ". ",
        )
        in_container = csl.group(["In", details], ": ") if details else ""
        locator = _pages(ref) or _labelled("chap", ref.chapter_number)
        body.append(csl.group([in_container, locator], ":"))
    elif ref.type == "legal_case":
        reporter = csl.group([csl.rich_title(ref.container_title), csl.field(ref.volume)], " ")
        cited = csl.group([csl.group([csl.wrap("(", editor, ")"), reporter], ". "), _pages(ref)], ", ")
        court = csl.group([csl.field(ref.authority), csl.year_text(ref.issued)], " ")
        body.append(csl.group([cited, csl.wrap("(", court, ")")], " "))
    elif ref.type in _WEB_TYPES:
        body.append(csl.rich_title(ref.container_title))
        body.append(csl.date_text(ref.issued))
    elif ref.type == "speech":
        if ref.genre:
            lead = f"{csl.capitalize_first(csl.field(ref.genre))} presented at"
        else:
            lead = "Presented at" if ref.event_title or ref.event_place else ""
        event = csl.group(
            [csl.field(ref.event_title), csl.date_text(ref.issued), csl.field(ref.event_place)], "; "
        )
        body.append(csl.group([lead, event], ": "))
    elif ref.type == "thesis":
        body.append(csl.field(ref.genre))
        body.append(_publisher_year(ref))
    else:
        body.extend(_serial(ref, editor))
    main = csl.group(body, ". ", suffix=".")
    return csl.group([main, _access(ref)], ". ")


def _serial(ref: Reference, editor: Rich) -> list[Rich]:
    """Journal articles and everything without a layout of its own."""
    container = csl.italic(csl.rich_title(csl.container_short(ref), strip_periods=True))
    parts = [editor, csl.sealed(container)]
    if ref.type == "article":
        parts.append(csl.italic(csl.field(ref.publisher)))
    if ref.issue or ref.volume:
        when = csl.year_text(ref.issued)
    else:
        if ref.type == "article":
            lead = "Preprint posted online"
        elif ref.type == "article-newspaper":
            lead = ""
        else:
            lead = "Published online"
        date = csl.date_text(ref.issued)
        when = f"{lead} {date}".strip() if date else ""
    volume_issue = ""
    if ref.type != "article-newspaper" and (ref.volume or ref.issue):
        supplement = csl.wrap("(", _labelled("suppl", ref.supplement_number), ")")
        volume_issue = csl.field(ref.volume) + csl.wrap("(", csl.field(ref.issue), ")") + supplement
    locator = csl.field(ref.number) if ref.number else _pages(ref)
    parts.append(csl.group([csl.group([when, volume_issue], ";"), locator], ":"))
    return parts


STYLE = Style(
    name="ama",
    csl_id="american-medical-association",
    label="AMA 11th ed.",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=True,
)
