"""MLA 9th ed. — a transcription of the bibliography macros of ``modern-language-association.csl``."""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._authordate import (
    MONTHS_SHORT,
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
    month_or_season,
    ordinal_of,
    quoted,
    rich_title,
    text,
)
from formatters.styles.common import to_spans

_AUTHORS = NameList(
    and_word="and",
    delimiter_precedes_last="always",
    et_al_min=3,
    et_al_use_first=1,
    delimiter_precedes_et_al="always",
)
_CONTRIBUTORS = NameList(and_word="and", delimiter_precedes_last="contextual", et_al_min=3, et_al_use_first=1)
_SERIAL = {
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "periodical",
    "post-weblog",
    "review",
    "review-book",
}
_ITALIC_TITLE_TYPES = {"book", "classic", "graphic", "hearing", "map", "periodical"}
_QUOTED_TITLE_TYPES = {
    "article", "dataset", "document", "interview", "manuscript", "paper-conference", "personal_communication",
    "speech",
}  # fmt: skip


def _is_serial(ref: Reference) -> bool:
    """MLA treats interview/paper-conference as serial unless they have editors."""
    return ref.type in _SERIAL or (ref.type in ("interview", "paper-conference") and not ref.editor)


def _names(names: list[Name], *, first_inverted: bool, rules: NameList) -> str:
    return format_names(names, rules, lambda i, name: format_name(name, inverted=first_inverted and i == 0))


def _title_cased(ref: Reference, value: str | None, *, inner_quotes: bool = False) -> Rich:
    return rich_title(value, case="title" if is_english(ref) else "as-is", inner_quotes=inner_quotes)


# --- 1. Author and 2. Title ------------------------------------------------------------------------------


def _title(ref: Reference) -> Rich:
    """title-primary (the part-title branches need variables CSL-JSON items here do not carry)."""
    if ref.type in ("review", "review-book"):
        return ""  # a review without reviewed-title: the title is the reviewed work's, in the generic label
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
    """The author element, and which variable it used ("author", "editor", "title" or "")."""
    if ref.author:
        return text(_names(ref.author, first_inverted=True, rules=_AUTHORS)), "author"
    if ref.editor:
        label = ", editors" if len(ref.editor) > 1 else ", editor"
        return text(_names(ref.editor, first_inverted=True, rules=_AUTHORS) + label), "editor"
    if ref.title and ref.type not in ("review", "review-book"):
        return _title(ref), "title"
    return "", ""


def _generic_label(ref: Reference) -> Rich:
    if ref.type in ("review", "review-book"):
        # supplemental-generic-label-review (no reviewed-* variables in these items)
        lead = "Review of" if ref.number or not ref.genre else capitalize_first(field(ref.genre))
        return join([text(lead), make_italic(_title_cased(ref, ref.title))], " ")
    if ref.type == "thesis" or ref.number:
        return ""
    return text(capitalize_first(field(ref.genre)))


# --- 4. Container 1 --------------------------------------------------------------------------------------


def _container_title(ref: Reference) -> Rich:
    container = make_italic(_title_cased(ref, ref.container_title))
    if _is_serial(ref) and container and ref.publisher_place:
        return join([container, text(f"[{field(ref.publisher_place)}]")], " ")
    return container


def _contributors(ref: Reference, used: str) -> Rich:
    if not ref.editor or used == "editor":
        return ""
    verb = "edited by" if ref.container_title else "Edited by"
    return text(f"{verb} {_names(ref.editor, first_inverted=False, rules=_CONTRIBUTORS)}")


def _version(ref: Reference) -> Rich:
    if not ref.edition:
        return ""
    if is_numeric(ref.edition):
        return text(f"{ordinal_of(ref.edition)} ed.")
    return text(capitalize_first(field(ref.edition)))


def _label_volume(ref: Reference, *, capitalized: bool) -> str:
    volume = format_number(ref.volume)
    if volume is None:
        return ""
    if not is_numeric(ref.volume):
        return capitalize_first(volume.text) if capitalized else volume.text
    label = "vols." if volume.plural else "vol."
    return f"{label.capitalize() if capitalized else label} {volume.text}"


def _volume(ref: Reference, used: str) -> str:
    if _is_serial(ref) or ref.editor or ref.edition or ref.container_title:
        return _label_volume(ref, capitalized=False)
    if ref.author:
        # other contributors before the volume keep it lower case; none exist for these items but editors
        return _label_volume(ref, capitalized=used == "author" and bool(ref.editor) is False)
    return _label_volume(ref, capitalized=True)


def _number(ref: Reference, used: str) -> Rich:
    parts: list[str] = []
    if _is_serial(ref) and ref.collection_title:
        parts.append(field(ref.collection_title))
    parts.append(_volume(ref, used))
    issue = format_number(ref.issue)
    if issue is not None:
        label = "nos." if issue.plural and is_numeric(ref.issue) else "no."
        parts.append(f"{label} {issue.text}")
    number = format_number(ref.number)
    if number is not None:
        label = (("nos. " if number.plural else "no. ") if is_numeric(ref.number) else "") + number.text
        parts.append(" ".join(p for p in (field(ref.genre), label) if p))
    return text(", ".join(p for p in parts if p))


def _publisher(ref: Reference) -> Rich:
    if ref.type == "thesis" or ref.type in _SERIAL:
        return ""
    if not ref.editor and ref.type in ("interview", "paper-conference"):
        return ""
    return text(field(ref.publisher or ref.publisher_place))


def _text_date(ref: Reference) -> str:
    parts = date_parts(ref.issued)
    if parts is not None and parts.literal:
        return parts.literal
    if parts is None or parts.year is None:
        return ""
    if parts.month and parts.day:
        return f"{parts.day} {MONTHS_SHORT[parts.month - 1]} {parts.year}"
    season_or_month = month_or_season(parts, short=True)
    return f"{season_or_month} {parts.year}".strip()


def _publication_date(ref: Reference) -> Rich:
    parts = date_parts(ref.issued)
    if parts is not None and parts.literal and ref.type != "speech":
        return text(parts.literal)
    if parts is None or parts.year is None or ref.type == "speech":
        return ""
    if ref.type in ("book", "chapter", "motion_picture", "paper-conference", "thesis"):
        return text(str(parts.year))
    if ref.type == "article-journal":
        return text(f"{month_or_season(parts, short=True)} {parts.year}".strip())
    return text(_text_date(ref))


def _location(ref: Reference) -> Rich:
    event: Rich = ""
    if ref.type not in _SERIAL and ref.type != "personal_communication" and ref.event_title:
        unpublished = not (ref.editor or ref.issue or ref.page or ref.volume)
        if ref.type != "paper-conference" or unpublished:
            event = text(capitalize_first(field(ref.event_title)))
    pages = format_pages(ref.page, "minimal-two")
    page = text(("pp. " if pages.plural else "p. ") + pages.text) if pages else ""
    uri = text(doi_url(ref)) if ref.DOI else text((ref.URL or "").strip())
    return join([event, text(field(ref.archive)), page, uri], ", ")


def _container1(ref: Reference, used: str) -> Rich:
    return join(
        [
            _container_title(ref),
            _contributors(ref, used),
            _version(ref),
            _number(ref, used),
            _publisher(ref),
            _publication_date(ref),
            _location(ref),
        ],
        ", ",
    )


# --- 7. Supplemental elements at the end -----------------------------------------------------------------


def _date_accessed(ref: Reference) -> Rich:
    if has_date(ref.issued):
        return ""
    parts = date_parts(ref.accessed)
    if parts is None or parts.year is None:
        return ""
    if parts.month and parts.day:
        return text(f"Accessed {parts.day} {MONTHS_SHORT[parts.month - 1]} {parts.year}")
    return text(f"Accessed {month_or_season(parts, short=True)} {parts.year}".replace("  ", " "))


def _movable(ref: Reference) -> Rich:
    if _is_serial(ref):
        return ""
    thesis = join([text(field(ref.publisher)), text(field(ref.genre))], ", ") if ref.type == "thesis" else ""
    series = _title_cased(ref, ref.collection_title) if ref.collection_title else ""
    return join([thesis, series], ", ")


def _end(ref: Reference) -> Rich:
    return join([_date_accessed(ref), text(capitalize_first(field(ref.medium))), _movable(ref)], ", ")


def render_rich(ref: Reference) -> Rich:
    author, used = _author(ref)
    title = _title(ref) if used != "title" else ""
    entry = join([author, title, _generic_label(ref), _container1(ref, used), _end(ref)], ". ")
    return concat(entry, text("."))


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


STYLE = Style(
    name="mla",
    csl_id="modern-language-association",
    label="MLA 9th ed.",
    render=render,
    rich=render_rich,
    numeric=False,
)
