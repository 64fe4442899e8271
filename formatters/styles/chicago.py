"""Chicago 18th ed. author-date — a transcription of the bibliography macros of ``chicago-author-date.csl``."""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import Rich

_AUTHORS = csl.NameList(
    form=csl.NameForm(sort_order="first", demote_particle=True),
    et_al_min=7,
    et_al_use_first=3,
    and_word="and",
    delimiter_precedes_last="always",
)
_CONTRIBUTORS = csl.NameList(
    form=csl.NameForm(demote_particle=True), et_al_min=7, et_al_use_first=3, and_word="and"
)
_ITALIC_TITLE_TYPES = frozenset(["book", "classic", "graphic", "hearing", "map"])
_QUOTED_TITLE_TYPES = frozenset(["thesis", "webpage"])  # besides MLA's
_FULL_DATE_TYPES = {
    "article", "broadcast", "collection", "dataset", "document", "event", "graphic", "manuscript", "map", "patent",
    "performance", "personal_communication", "post", "software", "song", "speech", "standard", "webpage",
}  # fmt: skip


def _is_serial(ref: Reference) -> bool:
    return ref.type in csl.SERIAL_TYPES or (ref.type in ("interview", "paper-conference") and not ref.editor)


def _names(names: list[Name], ref: Reference, rules: csl.NameList) -> str:
    return csl.format_names(names, rules, ref.language)


def _title_case(ref: Reference, value: str | None) -> str:
    return csl.title_case(csl.field(value), ref.language, csl.STOP_WORDS_MANUAL)


def _title(ref: Reference) -> Rich:
    return csl.title_primary(ref, italic_types=_ITALIC_TITLE_TYPES, quoted_types=_QUOTED_TITLE_TYPES)


def _author(ref: Reference) -> tuple[Rich, str]:
    if ref.author:
        return _names(ref.author, ref, _AUTHORS), "author"
    if ref.editor:
        return csl.format_names(ref.editor, _AUTHORS, ref.language, (", ed.", ", eds.")), "editor"
    if ref.type in ("software", "webpage") and ref.publisher:
        return csl.field(ref.publisher), "publisher"
    if ref.title and ref.type not in ("review", "review-book"):
        return _title(ref), "title"
    return "", ""


# --- Dates -----------------------------------------------------------------------------------------------


def _year(ref: Reference, *, leads: bool = False) -> Rich:
    parts = csl.date_parts(ref.issued)
    if parts is not None and parts.literal:
        return parts.literal
    if parts is None or parts.year is None:
        return "N.d." if leads else "n.d."  # citeproc-js capitalises a term that opens the entry
    return str(parts.year)


def _month_day(ref: Reference) -> str:
    parts = csl.date_parts(ref.issued)
    if parts is None:
        return ""
    if parts.month:
        return csl.MONTHS[parts.month - 1] + (f" {parts.day}" if parts.day else "")
    return parts.season_name(words=False)


def _month(ref: Reference) -> str:
    parts = csl.date_parts(ref.issued)
    return parts.month_or_season(season_words=False) if parts else ""


def _source_date(ref: Reference) -> str:
    """source-date-issued-month-day."""
    if ref.type in _FULL_DATE_TYPES:
        return _month_day(ref)
    if _is_serial(ref):
        if ref.type in ("article-magazine", "article-newspaper"):
            return _month_day(ref)
        return _month(ref) if (ref.issue or ref.volume) else _month_day(ref)
    return ""


# --- Title, descriptions and identifiers -----------------------------------------------------------------


def _edition(ref: Reference) -> str:
    if not ref.edition:
        return ""
    if csl.is_numeric(ref.edition):
        return f"{csl.ordinal_of(ref.edition)} ed."
    if _is_serial(ref):
        return f"{_title_case(ref, ref.edition)} Edition"
    return csl.capitalize_first(csl.field(ref.edition))


def _identifier_number(ref: Reference) -> str:
    number = csl.format_number(ref.number)
    if ref.type == "thesis" or number is None:
        return ""
    if csl.is_numeric(ref.number):
        label = ("Nos. " if number.plural else "No. ") + number.text
    else:
        label = csl.capitalize_first(number.text)
    genre = _title_case(ref, ref.genre)
    return " ".join(p for p in (genre, label) if p)


def _edited_by(ref: Reference, *, capitalized: bool) -> str:
    if not ref.editor:
        return ""
    verb = "Edited by" if capitalized else "edited by"
    return f"{verb} {_names(ref.editor, ref, _CONTRIBUTORS)}"


def _description(ref: Reference) -> Rich:
    if ref.type == "thesis":
        return ""
    if _is_serial(ref) and ref.type != "paper-conference":
        return csl.capitalize_first(csl.field(ref.genre)) if ref.genre and not ref.number else ""
    if ref.type == "paper-conference":
        if ref.editor:
            return _description_format(ref)
        own = csl.capitalize_first(csl.field(ref.genre)) if ref.genre and not ref.number else ""
        return csl.join([own, _event(ref)], ". ")
    if not ref.container_title:
        return _description_format(ref)
    if ref.type in ("document", "report", "software", "standard"):
        return ""
    return _description_format(ref)


def _description_format(ref: Reference) -> Rich:
    if ref.genre and not ref.number:
        return csl.capitalize_first(csl.field(ref.genre))
    return ""


def _identifier(ref: Reference, used: str) -> Rich:
    editors = _edited_by(ref, capitalized=True) if used != "editor" else ""
    if ref.type == "report" and ref.container_title:
        return ""
    if ref.type in ("report",) or not ref.container_title:
        if ref.type in ("post", "webpage"):
            return csl.join([_identifier_number(ref), _edition(ref), editors], ". ")
        if _is_serial(ref):
            return ""
        return csl.join([_identifier_number(ref), _edition(ref), editors], ". ")
    return ""


def _title_and_descriptions(ref: Reference, used: str) -> Rich:
    if ref.type in ("review", "review-book"):
        # description-review-bib without reviewed-* variables: "Review of <title>"
        lead = csl.capitalize_first(csl.field(ref.genre)) if ref.genre and not ref.number else "Review of"
        return csl.join([lead, csl.italic(csl.manual_title_case(ref, ref.title))], " ")
    title = _title(ref) if used != "title" else ""
    return csl.join([title, _description(ref), _identifier(ref, used)], ". ")


# --- Source ----------------------------------------------------------------------------------------------


def _container(ref: Reference) -> Rich:
    name = csl.italic(csl.manual_title_case(ref, ref.container_title))
    if name and ref.publisher_place and not ref.event_title:
        return csl.join([name, f"({csl.field(ref.publisher_place)})"], " ")
    return name


def _serial_title(ref: Reference) -> Rich:
    container = _container(ref)
    if not container:
        return ""
    located = ref.issue or ref.number or ref.page or ref.volume or ref.collection_title
    dated_online = ref.type == "article-journal" and ref.DOI and csl.has_date(ref.issued)
    if not located and dated_online:
        # "advance-online-publication" is "ahead of print" in this style's locale (CMOS18 14.75)
        return csl.join([container, "ahead of print"], ", ")
    return container


def _serial_locator(ref: Reference) -> Rich:
    if ref.number:
        return csl.field(ref.number)
    if ref.type in ("article-magazine", "article-newspaper"):
        return ""
    pages = csl.format_pages(ref.page, "chicago-16")
    return pages.text if pages else ""


def _serial_identifier(ref: Reference) -> Rich:
    volume = csl.format_number(ref.volume)
    issue = csl.format_number(ref.issue)
    if volume is not None or issue is not None:
        if volume is not None:
            inside = issue.text if issue is not None else _source_date(ref)
            numbers = csl.join([volume.text, (f"({inside})" if inside else "")], " ")
        else:
            label = "nos." if issue is not None and issue.plural else "no."
            month = _source_date(ref) if (ref.author or ref.editor) else ""
            numbers = csl.join(
                [(f"{label} {issue.text}" if issue else ""), (f"({month})" if month else "")], " "
            )
        numbers = csl.join([csl.field(ref.collection_title), numbers], ", ")
        return csl.join([numbers, _serial_locator(ref)], ": ")
    status = _source_date(ref)
    publisher = csl.field(ref.publisher) if ref.type in ("interview", "post-weblog") else ""
    return csl.join([csl.field(ref.collection_title), publisher, status, _serial_locator(ref)], ", ")


def _source_serial(ref: Reference) -> Rich:
    delimiter = (
        " "
        if ref.volume
        and not ref.collection_title
        and ref.type not in ("article-magazine", "article-newspaper")
        else ", "
    )
    return csl.join([_serial_title(ref), _serial_identifier(ref)], delimiter)


def _source_monographic(ref: Reference, used: str) -> Rich:
    if not ref.container_title:
        return ""
    container = csl.join(["In", csl.italic(csl.manual_title_case(ref, ref.container_title))], " ")
    description: Rich = ""
    if ref.type in ("document", "report", "software", "standard") or (
        ref.type in ("event", "paper-conference", "performance", "speech")
        and not (ref.editor or ref.issue or ref.page or ref.volume)
    ):
        description = csl.field(ref.genre) if ref.genre and not ref.number else ""
    edition = _edition_note(ref)
    identifier = csl.join(
        [
            _identifier_number(ref),
            edition,
            (_edited_by(ref, capitalized=False) if used != "editor" else ""),
        ],
        ", ",
    )
    return csl.join([container, description, identifier], ", ")


def _edition_note(ref: Reference) -> str:
    if not ref.edition:
        return ""
    if csl.is_numeric(ref.edition):
        return f"{csl.ordinal_of(ref.edition)} ed."
    return csl.field(ref.edition)


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
        return f"{status} {csl.field(ref.event_title)}"
    return csl.capitalize_first(csl.field(ref.event_title))


def _publication(ref: Reference, used: str) -> Rich:
    """source-publication-and-date-bib (monographic types only)."""
    if (
        ref.type == "patent"
        or (ref.type in csl.SERIAL_TYPES)
        or (not ref.editor and ref.type in ("interview", "paper-conference"))
    ):
        return ""
    website: Rich = ""
    shows_site = ref.publisher or ref.type != "webpage" or not ref.container_title_short
    if ref.type in ("post", "webpage") and ref.container_title and shows_site:
        website = csl.manual_title_case(ref, ref.container_title)
    if ref.type == "article":
        description = "" if ref.genre else "Preprint"
    elif ref.type == "thesis":
        description = csl.capitalize_first(csl.field(ref.genre))
    else:
        description = ""
    publisher = ""
    if used != "publisher":
        if ref.publisher:
            publisher = csl.capitalize_first(csl.field(ref.publisher))
        elif not ref.event_title:
            publisher = csl.capitalize_first(csl.field(ref.publisher_place))
    history = ", ".join(p for p in (description, publisher) if p)
    return csl.join([website, history, _source_date(ref)], ", ")


def _doi_url(ref: Reference) -> Rich:
    if ref.DOI:
        return csl.doi_url(ref)
    link = csl.plain(ref.URL)
    if ref.URL and not csl.has_date(ref.issued):
        accessed = csl.date_text(ref.accessed, season_words=False)
        if accessed:
            return csl.join([f"Accessed {accessed}", link], ". ")
    return link


def _title_and_source(ref: Reference, used: str) -> Rich:
    head = csl.join([_title_and_descriptions(ref, used), _source(ref, used)], ". ")
    event: Rich = ""
    if not _is_serial(ref) and not ref.publisher and ref.type not in csl.SERIAL_TYPES:
        event = _event(ref) if ref.type != "paper-conference" else ""
    publication = csl.join([event, _publication(ref, used)], ", ")
    return csl.join(
        [
            head,
            publication,
            csl.capitalize_first(csl.field(ref.medium)),
            csl.field(ref.archive),
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
        author = csl.join([author, f"({plain_title(ref)})"], " ")
    entry = csl.join([author, _year(ref, leads=not author), _title_and_source(ref, used)], ". ")
    return csl.append(entry, ".")


def plain_title(ref: Reference) -> str:
    return csl.plain_text(csl.manual_title_case(ref, ref.container_title))


STYLE = Style(
    name="chicago",
    csl_id="chicago-author-date",
    label="Chicago 18th ed. (author-date)",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=False,
)
