"""Chicago 18th ed. author-date — a transcription of the bibliography macros of ``chicago-author-date.csl``."""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._authordate import (
    MONTHS,
    NameList,
    PersonName,
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
    month_or_season,
    ordinal_of,
    quoted,
    rich_title,
    text,
    title_case,
)
from formatters.styles.common import plain_text, to_spans

_AUTHORS = NameList(and_word="and", delimiter_precedes_last="always", et_al_min=7, et_al_use_first=3)
_CONTRIBUTORS = NameList(and_word="and", delimiter_precedes_last="contextual", et_al_min=7, et_al_use_first=3)
_SERIAL = {
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "periodical",
    "post-weblog",
    "review",
    "review-book",
}
_ITALIC_TITLE_TYPES = {"book", "classic", "graphic", "hearing", "map"}
_QUOTED_TITLE_TYPES = {
    "article", "dataset", "document", "interview", "manuscript", "paper-conference", "personal_communication",
    "speech", "thesis", "webpage",
}  # fmt: skip
_FULL_DATE_TYPES = {
    "article", "broadcast", "collection", "dataset", "document", "event", "graphic", "manuscript", "map", "patent",
    "performance", "personal_communication", "post", "software", "song", "speech", "standard", "webpage",
}  # fmt: skip


def _is_serial(ref: Reference) -> bool:
    return ref.type in _SERIAL or (ref.type in ("interview", "paper-conference") and not ref.editor)


def _render_name(position: int, name: PersonName, *, first_inverted: bool) -> str:
    return format_name(name, inverted=first_inverted and position == 0, demote="display-and-sort")


def _names(names: list[Name], *, first_inverted: bool, rules: NameList) -> str:
    return format_names(names, rules, lambda i, name: _render_name(i, name, first_inverted=first_inverted))


def _title_cased(ref: Reference, value: str | None, *, inner_quotes: bool = False) -> Rich:
    return rich_title(value, case="title" if is_english(ref) else "as-is", inner_quotes=inner_quotes)


def _title(ref: Reference) -> Rich:
    """title-primary."""
    if ref.type in ("bill", "collection", "legislation", "regulation", "treaty"):
        return _title_cased(ref, ref.title)
    if ref.type == "legal_case":
        return make_italic(rich_title(ref.title, case="as-is", inner_quotes=False))
    if ref.type in _ITALIC_TITLE_TYPES:
        return make_italic(_title_cased(ref, ref.title))
    if ref.type == "post":
        return quoted(rich_title(ref.title, case="as-is", inner_quotes=True))
    if ref.container_title or ref.type in _QUOTED_TITLE_TYPES:
        return quoted(_title_cased(ref, ref.title, inner_quotes=True))
    return make_italic(_title_cased(ref, ref.title))


def _author(ref: Reference) -> tuple[Rich, str]:
    if ref.author:
        return text(_names(ref.author, first_inverted=True, rules=_AUTHORS)), "author"
    if ref.editor:
        label = ", eds." if len(ref.editor) > 1 else ", ed."
        return text(_names(ref.editor, first_inverted=True, rules=_AUTHORS) + label), "editor"
    if ref.type in ("software", "webpage") and ref.publisher:
        return text(field(ref.publisher)), "publisher"
    if ref.title and ref.type not in ("review", "review-book"):
        return _title(ref), "title"
    return "", ""


# --- Dates -----------------------------------------------------------------------------------------------


def _year(ref: Reference, *, leads: bool = False) -> Rich:
    parts = date_parts(ref.issued)
    if parts is not None and parts.literal:
        return text(parts.literal)
    if parts is None or parts.year is None:
        return text("N.d." if leads else "n.d.")  # citeproc-js capitalises a term that opens the entry
    return text(str(parts.year))


def _month_day(ref: Reference) -> str:
    parts = date_parts(ref.issued)
    if parts is None:
        return ""
    if parts.month:
        return MONTHS[parts.month - 1] + (f" {parts.day}" if parts.day else "")
    return month_or_season(parts)


def _month(ref: Reference) -> str:
    parts = date_parts(ref.issued)
    return month_or_season(parts) if parts else ""


def _source_date(ref: Reference) -> str:
    """source-date-issued-month-day."""
    if ref.type in _FULL_DATE_TYPES:
        return _month_day(ref)
    if _is_serial(ref):
        if ref.type in ("article-magazine", "article-newspaper"):
            return _month_day(ref)
        return _month(ref) if (ref.issue or ref.volume) else _month_day(ref)
    return ""


def _accessed(ref: Reference) -> str:
    parts = date_parts(ref.accessed)
    if parts is None or parts.year is None:
        return ""
    if parts.month:
        day = f" {parts.day}," if parts.day else ""
        return f"{MONTHS[parts.month - 1]}{day} {parts.year}"
    return str(parts.year)


# --- Title, descriptions and identifiers -----------------------------------------------------------------


def _edition(ref: Reference) -> str:
    if not ref.edition:
        return ""
    if is_numeric(ref.edition):
        return f"{ordinal_of(ref.edition)} ed."
    if _is_serial(ref):
        return f"{title_case(field(ref.edition))} Edition"
    return capitalize_first(field(ref.edition))


def _identifier_number(ref: Reference) -> str:
    number = format_number(ref.number)
    if ref.type == "thesis" or number is None:
        return ""
    if is_numeric(ref.number):
        label = ("Nos. " if number.plural else "No. ") + number.text
    else:
        label = capitalize_first(number.text)
    genre = field(title_case(ref.genre)) if ref.genre and is_english(ref) else field(ref.genre)
    return " ".join(p for p in (genre, label) if p)


def _edited_by(ref: Reference, *, capitalized: bool) -> str:
    if not ref.editor:
        return ""
    verb = "Edited by" if capitalized else "edited by"
    return f"{verb} {_names(ref.editor, first_inverted=False, rules=_CONTRIBUTORS)}"


def _description(ref: Reference) -> Rich:
    if ref.type == "thesis":
        return ""
    if _is_serial(ref) and ref.type != "paper-conference":
        return text(capitalize_first(field(ref.genre))) if ref.genre and not ref.number else ""
    if ref.type == "paper-conference":
        if ref.editor:
            return _description_format(ref)
        own = text(capitalize_first(field(ref.genre))) if ref.genre and not ref.number else ""
        return join([own, _event(ref)], ". ")
    if not ref.container_title:
        return _description_format(ref)
    if ref.type in ("document", "report", "software", "standard"):
        return ""
    return _description_format(ref)


def _description_format(ref: Reference) -> Rich:
    if ref.genre and not ref.number:
        return text(capitalize_first(field(ref.genre)))
    return ""


def _identifier(ref: Reference, used: str) -> Rich:
    editors = _edited_by(ref, capitalized=True) if used != "editor" else ""
    if ref.type == "report" and ref.container_title:
        return ""
    if ref.type in ("report",) or not ref.container_title:
        if ref.type in ("post", "webpage"):
            return join([text(_identifier_number(ref)), text(_edition(ref)), text(editors)], ". ")
        if _is_serial(ref):
            return ""
        return join([text(_identifier_number(ref)), text(_edition(ref)), text(editors)], ". ")
    return ""


def _title_and_descriptions(ref: Reference, used: str) -> Rich:
    if ref.type in ("review", "review-book"):
        # description-review-bib without reviewed-* variables: "Review of <title>"
        lead = capitalize_first(field(ref.genre)) if ref.genre and not ref.number else "Review of"
        return join([text(lead), make_italic(_title_cased(ref, ref.title))], " ")
    title = _title(ref) if used != "title" else ""
    return join([title, _description(ref), _identifier(ref, used)], ". ")


# --- Source ----------------------------------------------------------------------------------------------


def _container(ref: Reference) -> Rich:
    name = make_italic(_title_cased(ref, ref.container_title))
    if name and ref.publisher_place and not ref.event_title:
        return join([name, text(f"({field(ref.publisher_place)})")], " ")
    return name


def _serial_title(ref: Reference) -> Rich:
    container = _container(ref)
    if not container:
        return ""
    located = ref.issue or ref.number or ref.page or ref.volume or ref.collection_title
    dated_online = ref.type == "article-journal" and ref.DOI and has_date(ref.issued)
    if not located and dated_online:
        # "advance-online-publication" is "ahead of print" in this style's locale (CMOS18 14.75)
        return join([container, text("ahead of print")], ", ")
    return container


def _serial_locator(ref: Reference) -> Rich:
    if ref.number:
        return text(field(ref.number))
    if ref.type in ("article-magazine", "article-newspaper"):
        return ""
    pages = format_pages(ref.page, "chicago-16")
    return text(pages.text) if pages else ""


def _serial_identifier(ref: Reference) -> Rich:
    volume = format_number(ref.volume)
    issue = format_number(ref.issue)
    if volume is not None or issue is not None:
        if volume is not None:
            inside = issue.text if issue is not None else _source_date(ref)
            numbers = join([text(volume.text), text(f"({inside})" if inside else "")], " ")
        else:
            label = "nos." if issue is not None and issue.plural else "no."
            month = _source_date(ref) if (ref.author or ref.editor) else ""
            numbers = join(
                [text(f"{label} {issue.text}" if issue else ""), text(f"({month})" if month else "")], " "
            )
        numbers = join([text(field(ref.collection_title)), numbers], ", ")
        return join([numbers, _serial_locator(ref)], ": ")
    status = text(_source_date(ref))
    publisher = text(field(ref.publisher)) if ref.type in ("interview", "post-weblog") else ""
    return join([text(field(ref.collection_title)), publisher, status, _serial_locator(ref)], ", ")


def _source_serial(ref: Reference) -> Rich:
    delimiter = (
        " "
        if ref.volume
        and not ref.collection_title
        and ref.type not in ("article-magazine", "article-newspaper")
        else ", "
    )
    return join([_serial_title(ref), _serial_identifier(ref)], delimiter)


def _source_monographic(ref: Reference, used: str) -> Rich:
    if not ref.container_title:
        return ""
    container = join([text("In"), make_italic(_title_cased(ref, ref.container_title))], " ")
    description: Rich = ""
    if ref.type in ("document", "report", "software", "standard") or (
        ref.type in ("event", "paper-conference", "performance", "speech")
        and not (ref.editor or ref.issue or ref.page or ref.volume)
    ):
        description = text(field(ref.genre)) if ref.genre and not ref.number else ""
    edition = _edition_note(ref)
    identifier = join(
        [
            text(_identifier_number(ref)),
            text(edition),
            text(_edited_by(ref, capitalized=False) if used != "editor" else ""),
        ],
        ", ",
    )
    return join([container, description, identifier], ", ")


def _edition_note(ref: Reference) -> str:
    if not ref.edition:
        return ""
    if is_numeric(ref.edition):
        return f"{ordinal_of(ref.edition)} ed."
    return field(ref.edition)


def _source(ref: Reference, used: str) -> Rich:
    if ref.type in ("patent", "post", "webpage"):
        return ""
    if _is_serial(ref):
        return _source_serial(ref)
    return _source_monographic(ref, used)


def _event(ref: Reference) -> Rich:
    if not ref.event_title:
        return ""
    if ref.type == "paper-conference":
        if ref.editor or ref.issue or ref.page or ref.volume:
            return ""
        status = "Presented at" if ref.genre else "Paper presented at"
        return text(f"{status} {field(ref.event_title)}")
    return text(capitalize_first(field(ref.event_title)))


def _publication(ref: Reference, used: str) -> Rich:
    """source-publication-and-date-bib (monographic types only)."""
    if (
        ref.type == "patent"
        or (ref.type in _SERIAL)
        or (not ref.editor and ref.type in ("interview", "paper-conference"))
    ):
        return ""
    website: Rich = ""
    shows_site = ref.publisher or ref.type != "webpage" or not ref.container_title_short
    if ref.type in ("post", "webpage") and ref.container_title and shows_site:
        website = _title_cased(ref, ref.container_title)
    if ref.type == "article":
        description = "" if ref.genre else "Preprint"
    elif ref.type == "thesis":
        description = capitalize_first(field(ref.genre))
    else:
        description = ""
    publisher = ""
    if used != "publisher":
        if ref.publisher:
            publisher = capitalize_first(field(ref.publisher))
        elif not ref.event_title:
            publisher = capitalize_first(field(ref.publisher_place))
    history = ", ".join(p for p in (description, publisher) if p)
    return join([website, text(history), text(_source_date(ref))], ", ")


def _doi_url(ref: Reference) -> Rich:
    if ref.DOI:
        return text(doi_url(ref))
    link = text((ref.URL or "").strip())
    if ref.URL and not has_date(ref.issued):
        accessed = _accessed(ref)
        if accessed:
            return join([text(f"Accessed {accessed}"), link], ". ")
    return link


def _title_and_source(ref: Reference, used: str) -> Rich:
    head = join([_title_and_descriptions(ref, used), _source(ref, used)], ". ")
    event: Rich = ""
    if not _is_serial(ref) and not ref.publisher and ref.type not in _SERIAL:
        event = _event(ref) if ref.type != "paper-conference" else ""
    publication = join([event, _publication(ref, used)], ", ")
    return join(
        [
            head,
            publication,
            text(capitalize_first(field(ref.medium))),
            text(field(ref.archive)),
            _doi_url(ref),
        ],
        ". ",
    )


def render_rich(ref: Reference) -> Rich:
    author, used = _author(ref)
    if (
        ref.type == "webpage"
        and not ref.publisher
        and ref.container_title
        and ref.container_title_short
        and author
    ):
        author = join([author, text(f"({plain_title(ref)})")], " ")
    entry = join([author, _year(ref, leads=not author), _title_and_source(ref, used)], ". ")
    return concat(entry, text("."))


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


def plain_title(ref: Reference) -> str:
    return plain_text(_title_cased(ref, ref.container_title))


STYLE = Style(
    name="chicago",
    csl_id="chicago-author-date",
    label="Chicago 18th ed. (author-date)",
    render=render,
    rich=render_rich,
    numeric=False,
)
