"""MLA 9th ed. — a transcription of the bibliography macros of ``modern-language-association.csl``."""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import Rich

_AUTHORS = csl.NameList(
    form=csl.NameForm(sort_order="first"),
    et_al_min=3,
    et_al_use_first=1,
    and_word="and",
    delimiter_precedes_last="always",
    delimiter_precedes_et_al="always",
)
_CONTRIBUTORS = csl.NameList(form=csl.NameForm(), et_al_min=3, et_al_use_first=1, and_word="and")
_ITALIC_TITLE_TYPES = frozenset(["book", "classic", "graphic", "hearing", "map", "periodical"])


def _is_serial(ref: Reference) -> bool:
    """MLA treats interview/paper-conference as serial unless they have editors."""
    return ref.type in csl.SERIAL_TYPES or (ref.type in ("interview", "paper-conference") and not ref.editor)


def _names(names: list[Name], ref: Reference, rules: csl.NameList) -> str:
    return csl.format_names(names, rules, ref.language)


# --- 1. Author and 2. Title ------------------------------------------------------------------------------


def _is_review(ref: Reference) -> bool:
    return ref.type in ("review", "review-book") or bool(
        ref.reviewed_author or ref.reviewed_genre or ref.reviewed_title
    )


def _title(ref: Reference) -> Rich:
    if _is_review(ref) and not (ref.reviewed_genre or ref.reviewed_title):
        return ""  # a review without reviewed-title: the title is the reviewed work's, in the generic label
    if (
        ref.volume_title
        and not ref.container_title
        and not _is_serial(ref)
        and ref.type not in ("post", "webpage")
    ):
        # title-monographic: one volume of a multivolume work is listed under its own title
        return csl.italic(csl.manual_title_case(ref, ref.volume_title))
    title = csl.title_primary(ref, italic_types=_ITALIC_TITLE_TYPES)
    if ref.part_number and (_is_serial(ref) or ref.type in ("post", "webpage")):
        # title-and-part-title: the article's part after its title
        part = csl.field(ref.part_number)
        return csl.join([title, f"pt. {part}" if csl.is_numeric(ref.part_number) else part], ", ")
    return title


def _author(ref: Reference) -> tuple[Rich, str]:
    """The author element, and which variable it used ("author", "editor", "title" or "")."""
    if ref.composer:
        return _names(ref.composer, ref, _AUTHORS), "composer"
    if ref.author:
        return _names(ref.author, ref, _AUTHORS), "author"
    if ref.guest:
        return _names(ref.guest, ref, _AUTHORS), "guest"  # no label (MLA "Interview by podcast host")
    if ref.editor:
        return csl.format_names(ref.editor, _AUTHORS, ref.language, (", editor", ", editors")), "editor"
    if ref.translator:
        label = (", translator", ", translators")
        return csl.format_names(ref.translator, _AUTHORS, ref.language, label), "translator"
    if ref.title and _title(ref):
        return _title(ref), "title"
    return "", ""


def _by(names: list[Name], ref: Reference) -> str:
    return csl.wrap("by ", _names(names, ref, _CONTRIBUTORS), "")


def _generic_label(ref: Reference) -> Rich:
    if _is_review(ref):
        return _generic_label_review(ref)
    if ref.type == "thesis" or ref.number:
        return ""
    return csl.capitalize_first(csl.field(ref.genre))


def _generic_label_review(ref: Reference) -> Rich:
    """supplemental-generic-label-review; the reviewed authors after the title join it without a space, as
    citeproc-js renders the ungrouped ``names`` that follows the group."""
    if ref.reviewed_genre:
        by = "" if ref.reviewed_title else _by(ref.reviewed_author, ref)
        lead = csl.join([f"Review of {csl.field(ref.reviewed_genre)}", by], " ")
    elif ref.number or not ref.genre:
        lead = "Review of"
    else:
        lead = csl.capitalize_first(csl.field(ref.genre))
    reviewed = ref.reviewed_title if (ref.reviewed_genre or ref.reviewed_title) else ref.title
    label = csl.join([lead, csl.italic(csl.manual_title_case(ref, reviewed))], " ")
    if ref.reviewed_genre and not (ref.reviewed_title and ref.title):
        return label
    return label + _by(ref.reviewed_author, ref)


def _after_title(ref: Reference) -> Rich:
    """supplemental-element-after-title: the interviewers, the original date, the generic label."""
    interviewers = csl.wrap("Interview by ", _names(ref.interviewer, ref, _CONTRIBUTORS), "")
    if ref.type == "personal_communication":
        original = _location_event(ref)
    else:
        original = csl.date_text(ref.original_date, csl.MONTHS_SHORT, "dmy", season_words=False)
    return csl.join([interviewers, original, _generic_label(ref)], ", ")


# --- 4. Container 1 --------------------------------------------------------------------------------------


def _container_title(ref: Reference) -> Rich:
    monographic_volume = ref.container_title and ref.volume_title and not _is_serial(ref)
    container = csl.italic(
        csl.manual_title_case(ref, ref.volume_title if monographic_volume else ref.container_title)
    )
    if _is_serial(ref) and container and ref.publisher_place:
        return csl.join([container, f"[{csl.field(ref.publisher_place)}]"], " ")
    return container


def _contributors(ref: Reference, used: str) -> Rich:
    """container1-contributor: "by" the container's author, "edited by", "translated by"."""

    def verb(term: str, names: list[Name]) -> str:
        rendered = _names(names, ref, _CONTRIBUTORS)
        if not rendered:
            return ""
        return f"{term if ref.container_title else csl.capitalize_first(term)} {rendered}"

    return csl.join(
        [
            csl.wrap("by ", _names(ref.container_author, ref, _CONTRIBUTORS), ""),
            verb("edited by", ref.editor) if used != "editor" else "",
            verb("translated by", ref.translator) if used != "translator" else "",
            verb("directed by", ref.director),
            verb("illustrated by", ref.illustrator),
            verb("hosted by", ref.host),
        ],
        ", ",
    )


def _version(ref: Reference) -> Rich:
    """container1-version: the edition, then the version ("Version 2.1" when it leads)."""
    edition = ""
    if ref.edition:
        if csl.is_numeric(ref.edition):
            edition = f"{csl.ordinal_of(ref.edition)} ed."
        else:
            edition = csl.capitalize_first(csl.field(ref.edition))
    version = csl.wrap("version " if edition else "Version ", csl.field(ref.version), "")
    return csl.join([edition, version], ", ")


def _label_volume(ref: Reference, *, capitalized: bool) -> str:
    volume = csl.format_number(ref.volume)
    if volume is None:
        return ""
    if not csl.is_numeric(ref.volume):
        return csl.capitalize_first(volume.text) if capitalized else volume.text
    label = "vols." if volume.plural else "vol."
    return f"{label.capitalize() if capitalized else label} {volume.text}"


def _volume(ref: Reference, used: str) -> str:
    if _is_serial(ref) or ref.editor or ref.edition or ref.container_title or ref.volume_title:
        return _label_volume(ref, capitalized=False)
    if ref.author:
        # other contributors before the volume keep it lower case
        contributors = ref.editor or ref.translator or ref.container_author
        return _label_volume(ref, capitalized=used == "author" and not contributors)
    return _label_volume(ref, capitalized=True)


def _number(ref: Reference, used: str) -> Rich:
    parts: list[str] = []
    if _is_serial(ref) and ref.collection_title:
        parts.append(csl.field(ref.collection_title))
    parts.append(_volume(ref, used))
    issue = csl.format_number(ref.issue)
    if issue is not None:
        label = "nos." if issue.plural and csl.is_numeric(ref.issue) else "no."
        parts.append(f"{label} {issue.text}")
    supplement = csl.field(ref.supplement_number)
    parts.append(f"supp. {supplement}" if csl.is_numeric(ref.supplement_number) else supplement)
    number = csl.format_number(ref.number)
    if number is not None and ref.type == "broadcast" and csl.is_numeric(ref.number):
        # a numbered broadcast is an episode unless its genre says otherwise
        parts.append(f"{csl.field(ref.genre) or 'episode'} {csl.field(ref.number)}")
    elif number is not None:
        label = (("nos. " if number.plural else "no. ") if csl.is_numeric(ref.number) else "") + number.text
        parts.append(" ".join(p for p in (csl.field(ref.genre), label) if p))
    return ", ".join(p for p in parts if p)


def _publisher(ref: Reference) -> Rich:
    if ref.type == "thesis" or ref.type in csl.SERIAL_TYPES:
        return ""
    if not ref.editor and ref.type in ("interview", "paper-conference"):
        return ""
    return csl.field(ref.publisher or ref.publisher_place)


def _publication_date(ref: Reference) -> Rich:
    parts = csl.date_parts(ref.issued)
    if parts is not None and parts.literal and ref.type != "speech":
        return parts.literal
    if parts is None or parts.year is None or ref.type == "speech":
        return ""
    if ref.type in ("book", "chapter", "motion_picture", "paper-conference", "thesis"):
        return csl.year_text(ref.issued)
    if ref.type == "article-journal":
        return csl.date_text(ref.issued, csl.MONTHS_SHORT, "dmy", day=False)
    return csl.date_text(ref.issued, csl.MONTHS_SHORT, "dmy")


def _location(ref: Reference) -> Rich:
    event: Rich = ""
    if ref.type not in csl.SERIAL_TYPES and ref.type != "personal_communication":
        unpublished = not (
            ref.editor
            or ref.collection_editor
            or ref.issue
            or ref.page
            or ref.supplement_number
            or ref.volume
        )
        if ref.type != "paper-conference" or unpublished:
            event = _location_event(ref)
    pages = csl.format_pages(ref.page, "minimal-two")
    page = (("pp. " if pages.plural else "p. ") + pages.text) if pages else ""
    uri = csl.doi_url(ref) if ref.DOI else csl.plain(ref.URL)
    archive = csl.join(
        [
            csl.field(ref.archive),
            csl.field(ref.archive_place),
            csl.field(ref.archive_collection),
            csl.field(ref.archive_location),
        ],
        ", ",
    )
    return csl.join([event, archive, page, uri], ", ")


def _location_event(ref: Reference) -> Rich:
    """container1-location-event: the event's title, date and place."""
    if not (ref.event_title or ref.event_date):
        return ""
    event_date = csl.date_text(ref.event_date, csl.MONTHS_SHORT, "dmy", season_words=False)
    title = csl.capitalize_first(csl.field(ref.event_title))
    return csl.join([title, event_date, csl.field(ref.event_place)], ", ")


def _container1(ref: Reference, used: str) -> Rich:
    return csl.join(
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
    if csl.has_date(ref.issued):
        return ""
    return csl.wrap("Accessed ", csl.date_text(ref.accessed, csl.MONTHS_SHORT, "dmy"), "")


def _movable(ref: Reference) -> Rich:
    if _is_serial(ref):
        return csl.field(csl.title_case(ref.section, ref.language)) if ref.section else ""
    thesis = csl.join([csl.field(ref.publisher), csl.field(ref.genre)], ", ") if ref.type == "thesis" else ""
    series = ""
    if ref.collection_title:
        delimiter = " " if csl.is_numeric(ref.collection_number) else ", "
        series = csl.join(
            [csl.manual_title_case(ref, ref.collection_title), csl.field(ref.collection_number)], delimiter
        )
    return csl.join([thesis, series, _multivolume(ref)], ", ")


def _multivolume(ref: Reference) -> Rich:
    """supplemental-multivolume-works: "Vol. 3 of <the whole work>" after a volume listed by its own title."""
    if not ref.volume_title:
        return ""
    if ref.part_number and ref.volume:
        part = (
            f"pt. {csl.field(ref.part_number)}"
            if csl.is_numeric(ref.part_number)
            else csl.field(ref.part_number)
        )
        lead = csl.join([_label_volume(ref, capitalized=True), part, "of"], ", ")
    elif ref.part_number:
        part = csl.capitalize_first(csl.field(ref.part_number))
        lead = f"Pt. {part} of" if csl.is_numeric(ref.part_number) else f"{part} of"
    elif ref.volume:
        lead = f"{_label_volume(ref, capitalized=True)} of"
    else:
        lead = ""
    if ref.container_title:
        whole = csl.italic(csl.manual_title_case(ref, ref.container_title))
    else:
        whole = csl.title_primary(ref, italic_types=_ITALIC_TITLE_TYPES)
    editors = csl.format_names(ref.collection_editor, _CONTRIBUTORS, ref.language, (", editor", ", editors"))
    return csl.join([lead, csl.join([whole, editors], ", ")], " ")


def _end(ref: Reference) -> Rich:
    return csl.join([_date_accessed(ref), csl.capitalize_first(csl.field(ref.medium)), _movable(ref)], ", ")


def render_rich(ref: Reference) -> Rich:
    author, used = _author(ref)
    title = _title(ref) if used != "title" else ""
    entry = csl.join([author, title, _after_title(ref), _container1(ref, used), _end(ref)], ". ")
    return csl.append(entry, ".")


STYLE = Style(
    name="mla",
    csl_id="modern-language-association",
    label="MLA 9th ed.",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=False,
)
