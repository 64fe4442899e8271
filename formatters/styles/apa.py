"""APA 7th ed. — a transcription of the bibliography macros of the official ``apa.csl``."""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._authordate import (
    MONTHS,
    NameList,
    Rich,
    capitalize_first,
    concat,
    date_parts,
    doi_url,
    field,
    format_name,
    format_names,
    format_number,
    format_pages,
    has_date,
    is_english,
    is_numeric,
    join,
    make_italic,
    ordinal_of,
    rich_title,
    text,
    title_case,
    wrap,
)
from formatters.styles.common import to_spans

_NAMES = NameList(
    and_word="&", delimiter_precedes_last="always", et_al_min=21, et_al_use_first=19, et_al_use_last=True
)
# Secondary contributors (editors "In ..."): cs:name without delimiter-precedes-last, so "contextual".
_EDITOR_NAMES = NameList(
    and_word="&", delimiter_precedes_last="contextual", et_al_min=21, et_al_use_first=19, et_al_use_last=True
)
_SERIAL = {
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "periodical",
    "post-weblog",
    "review",
    "review-book",
}
_FULL_DATE_TYPES = {
    "article-magazine", "article-newspaper", "broadcast", "collection", "document", "event", "motion_picture",
    "pamphlet", "performance", "personal_communication", "post", "post-weblog", "song", "speech", "webpage",
}  # fmt: skip
_GENERIC_TERMS = {"dataset": "Dataset", "software": "Computer software", "figure": "Figure", "map": "Map"}


def _names(names: list[Name], *, inverted: bool) -> str:
    rules = _NAMES if inverted else _EDITOR_NAMES
    return format_names(names, rules, lambda _, name: format_name(name, inverted=inverted, initials=". "))


def _is_published_serial_paper(ref: Reference) -> bool:
    """APA: a paper-conference/interview with issue/page/volume (or editors) is published."""
    return bool(ref.editor or ref.issue or ref.page or ref.volume)


def _title_case(ref: Reference, value: str | None) -> str:
    if not value:
        return ""
    return title_case(value) if is_english(ref) else value


# --- 2. Date ---------------------------------------------------------------------------------------------


def _date(ref: Reference, *, leads: bool = False) -> Rich:
    parts = date_parts(ref.issued)
    if parts is not None and parts.literal:
        return text(f"({parts.literal})")
    if parts is None or parts.year is None:
        # citeproc-js capitalises a term that opens the entry
        return text("(N.d.)" if leads else "(n.d.)")
    out = str(parts.year)
    month_day = ""
    if ref.type in _FULL_DATE_TYPES or (
        ref.type in ("interview", "paper-conference") and not _is_published_serial_paper(ref)
    ):
        if parts.month:
            month_day = MONTHS[parts.month - 1] + (f" {parts.day}" if parts.day else "")
        elif parts.season:
            month_day = ("Spring", "Summer", "Autumn", "Winter")[parts.season - 1]
    if month_day:
        out += ", " + month_day
    return text(f"({out})")


# --- 3. Title and descriptions ---------------------------------------------------------------------------


def _title(ref: Reference) -> Rich:
    spans = rich_title(ref.title, case="as-is", inner_quotes=False)
    if ref.type in ("post", "webpage"):
        return make_italic(spans)
    serial = ref.type in _SERIAL or (ref.type in ("interview", "paper-conference") and not ref.editor)
    if serial:
        return spans if ref.container_title else make_italic(spans)
    return spans if ref.container_title else make_italic(spans)


def _edition(ref: Reference) -> str:
    if not ref.edition:
        return ""
    if is_numeric(ref.edition):
        return f"{ordinal_of(ref.edition)} ed."
    return ref.edition


def _label_number(ref: Reference) -> str:
    number = format_number(ref.number)
    if number is None:
        return ""
    if is_numeric(ref.number):
        return ("Nos. " if number.plural else "No. ") + number.text
    return capitalize_first(number.text)


def _identifier_number(ref: Reference) -> str:
    label = _label_number(ref)
    if not label:
        return ""
    genre = field(_title_case(ref, ref.genre))
    if ref.type == "thesis" and ref.genre:
        genre = "Publication"
    return " ".join(p for p in (genre, label) if p)


def _pages_label(ref: Reference) -> str:
    pages = format_pages(ref.page, "expanded")
    if pages is None:
        return ""
    return ("pp. " if pages.plural else "p. ") + pages.text


def _identifier_monographic_item(ref: Reference) -> list[str]:
    volume = format_number(ref.volume)
    vol = ""
    if volume is not None and is_numeric(ref.volume):
        vol = ("Vols. " if volume.plural else "Vol. ") + volume.text
    issue = format_number(ref.issue)
    item = ", ".join(
        p for p in (_edition(ref), vol, f"Issue {issue.text}" if issue else "", _pages_label(ref)) if p
    )
    return [item] if item else []


_NO_MONOGRAPHIC_IDENTIFIER = _SERIAL | {
    "broadcast",
    "event",
    "patent",
    "performance",
    "post",
    "speech",
    "webpage",
}


def _has_monographic_identifier(ref: Reference) -> bool:
    """APA identifier-monographic: not for serial types, nor for an unedited conference paper/interview."""
    if ref.type in _NO_MONOGRAPHIC_IDENTIFIER:
        return False
    return bool(ref.editor) or ref.type not in ("interview", "paper-conference")


def _identifier(ref: Reference) -> Rich:
    parts: list[str] = []
    if ref.type in ("post", "webpage"):
        parts = [_identifier_number(ref)]
    elif ref.type == "report" and ref.container_title:
        parts = []
    elif ref.type == "report":
        parts = [_identifier_number(ref) if ref.title else "", *(_identifier_monographic_item(ref))]
    elif ref.container_title:
        parts = []
    else:
        parts = [_identifier_number(ref)]
        if _has_monographic_identifier(ref):
            parts += _identifier_monographic_item(ref)
    return wrap("(", text("; ".join(p for p in parts if p)), ")")


def _description_format(ref: Reference) -> str:
    if ref.genre or ref.medium:
        genre = capitalize_first(field(ref.genre)) if ref.genre and not ref.number else ""
        medium = capitalize_first(field(ref.medium)) if ref.medium else ""
        return "; ".join(p for p in (genre, medium) if p)
    return _GENERIC_TERMS.get(ref.type, "")


def _description(ref: Reference) -> Rich:
    if ref.type == "thesis":
        genre = capitalize_first(field(ref.genre))
        publisher = field(ref.publisher) if (ref.DOI or ref.URL or ref.archive) else ""
        body = ", ".join(p for p in (genre, publisher) if p)
        medium = capitalize_first(field(ref.medium))
        value = "; ".join(p for p in (body, medium) if p)
    elif ref.type in _SERIAL or not ref.container_title:
        value = _description_format(ref)
    elif ref.type in ("document", "report", "software", "standard"):
        value = ""
    elif ref.type in ("event", "paper-conference", "performance", "speech"):
        value = _description_format(ref) if _is_published_serial_paper(ref) else ""
    else:
        value = _description_format(ref)
    return wrap("[", text(value), "]")


def _review_description(ref: Reference) -> Rich:
    """description-review: "[Review of <title>]" (CSL-JSON items here carry no reviewed-* variables)."""
    if ref.number:
        lead = "Review of"
    elif ref.genre or ref.medium:
        lead = capitalize_first(field(ref.genre or ref.medium))
    elif ref.type == "review-book":
        lead = "Review of the book"
    else:
        lead = "Review of"
    title = make_italic(rich_title(ref.title, case="as-is", inner_quotes=False))
    return wrap("[", join([text(lead), title], " "), "]")


def _title_and_descriptions(ref: Reference, *, title_used: bool) -> Rich:
    if ref.type in ("review", "review-book"):
        return _review_description(ref) if not title_used else ""
    if title_used:
        return join([_description(ref)], " ")
    if ref.title:
        return join([_title(ref), _identifier(ref), _description(ref)], " ")
    return join([_description(ref), _identifier(ref)], " ")


# --- 1. Author -------------------------------------------------------------------------------------------


def _author(ref: Reference) -> tuple[Rich, bool]:
    """The author element and whether the title stood in for it."""
    if ref.author:
        return text(_names(ref.author, inverted=True)), False
    if ref.editor:
        label = " (Eds.)" if len(ref.editor) > 1 else " (Ed.)"
        return text(_names(ref.editor, inverted=True) + label), False
    if ref.type in ("software", "webpage") and ref.publisher:
        return text(field(ref.publisher)), False
    if ref.type in ("review", "review-book"):
        return _review_description(ref), True
    if ref.title:
        return join([_title(ref), _identifier(ref)], " "), True
    return "", False


# --- 4. Source -------------------------------------------------------------------------------------------


def _source_serial(ref: Reference) -> Rich:
    container = make_italic(
        rich_title(_title_case(ref, ref.container_title), case="as-is", inner_quotes=False)
    )
    volume = format_number(ref.volume)
    issue = format_number(ref.issue)
    vol_issue = join(
        [make_italic(text(volume.text)) if volume else "", wrap("(", text(issue.text if issue else ""), ")")],
        "",
    )
    if ref.number:
        locator = text(f"Article {ref.number.strip()}")
    else:
        pages = format_pages(ref.page, "expanded")
        locator = text(pages.text) if pages else ""
    return join([container, vol_issue, locator], ", ")


def _source_monographic(ref: Reference) -> Rich:
    if not ref.container_title:
        return ""
    editors: Rich = ""
    if ref.editor:
        label = " (Eds.)" if len(ref.editor) > 1 else " (Ed.)"
        editors = text(_names(ref.editor, inverted=False) + label)
    container = make_italic(rich_title(ref.container_title, case="as-is", inner_quotes=False))
    identifier_parts = (
        [_identifier_number(ref)] if ref.type not in ("broadcast", "graphic", "map", "motion_picture") else []
    )
    if _has_monographic_identifier(ref):
        identifier_parts += _identifier_monographic_item(ref)
    identifier = wrap("(", text("; ".join(p for p in identifier_parts if p)), ")")
    description: Rich = ""
    if ref.type in ("document", "report", "software", "standard") or (
        ref.type in ("event", "paper-conference", "performance", "speech")
        and not _is_published_serial_paper(ref)
    ):
        description = wrap("[", text(_description_format(ref)), "]")
    return join([text("In"), join([editors, container], ", "), identifier, description], " ")


def _source_publisher(ref: Reference) -> Rich:
    if ref.type == "thesis":
        return text(field(ref.publisher)) if not (ref.archive or ref.DOI or ref.URL) else ""
    if ref.type in _SERIAL:
        return ""
    if ref.editor:
        return text(field(ref.publisher))
    if ref.type == "paper-conference":
        return ""
    return text(field(ref.publisher))


def _source_location(ref: Reference) -> Rich:
    if not ref.event_title:
        return ""
    if ref.type == "paper-conference" and _is_published_serial_paper(ref):
        return ""
    return text(capitalize_first(field(ref.event_title)))


def _source(ref: Reference) -> Rich:
    if ref.type in ("post", "webpage"):
        body: Rich = ""
    elif ref.type in _SERIAL:
        body = _source_serial(ref)
    elif ref.editor:
        body = _source_monographic(ref)
    elif ref.type in ("interview", "paper-conference"):
        body = _source_serial(ref)
    else:
        body = _source_monographic(ref)
    website = (
        rich_title(_title_case(ref, ref.container_title), case="as-is", inner_quotes=False)
        if ref.type in ("post", "webpage")
        else ""
    )
    return join(
        [body, _source_publisher(ref), text(field(ref.archive)), _source_location(ref), website], ". "
    )


def _doi_or_url(ref: Reference) -> Rich:
    if ref.DOI:
        return text(doi_url(ref))
    if ref.URL:
        if not has_date(ref.issued):
            accessed = date_parts(ref.accessed)
            if accessed and accessed.year:
                when = " ".join(
                    p
                    for p in (
                        MONTHS[accessed.month - 1] if accessed.month else "",
                        f"{accessed.day}," if accessed.day and accessed.month else "",
                    )
                    if p
                )
                when = f"{when} {accessed.year}".strip()
                return text(f"Retrieved {when}, from {ref.URL.strip()}")
            return text(f"Retrieved from {ref.URL.strip()}")
        return text(ref.URL.strip())
    return ""


def render_rich(ref: Reference) -> Rich:
    author, title_used = _author(ref)
    date = _date(ref, leads=not author)
    body = join([author, date, _title_and_descriptions(ref, title_used=title_used), _source(ref)], ". ")
    body = concat(body, text("."))
    return join([body, _doi_or_url(ref)], " ")


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


STYLE = Style(name="apa", csl_id="apa", label="APA 7th ed.", render=render, rich=render_rich, numeric=False)
