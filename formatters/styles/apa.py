"""APA 7th ed. — a transcription of the bibliography macros of the official ``apa.csl``."""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import Rich

_AUTHORS = csl.NameList(
    form=csl.NameForm(initials=". ", sort_order="all"),
    et_al_min=21,
    et_al_use_first=19,
    et_al_use_last=True,
    and_word="&",
    delimiter_precedes_last="always",
)
# Secondary contributors (editors "In ..."): cs:name without delimiter-precedes-last, so "contextual".
_EDITORS = csl.NameList(
    form=csl.NameForm(initials=". "), et_al_min=21, et_al_use_first=19, et_al_use_last=True, and_word="&"
)
_FULL_DATE_TYPES = {
    "article-magazine", "article-newspaper", "broadcast", "collection", "document", "event", "motion_picture",
    "pamphlet", "performance", "personal_communication", "post", "post-weblog", "song", "speech", "webpage",
}  # fmt: skip
# description-format-term-generic (apa.csl's locale overrides "post", "software" and "manuscript")
_GENERIC_TERMS = {
    "broadcast": "Broadcast", "dataset": "Dataset", "figure": "Figure", "graphic": "Graphic", "map": "Map",
    "motion_picture": "Video recording", "software": "Computer software", "post": "Online post",
}  # fmt: skip
# An item with none of these is "inaccessible": interviews/letters then are cited in text only (APA 8.9).
_ACCESS_FIELDS = (
    "archive",
    "archive_place",
    "container_title",
    "DOI",
    "number",
    "publisher",
    "references",
    "URL",
)


_EDITOR_LABEL = (" (Ed.)", " (Eds.)")
_EDITOR_SHORT = (", Ed.", ", Eds.")
_TRANSLATOR_SHORT = (", Trans.", ", Trans.")
_ERAS = (" C.E.", " B.C.E.")  # apa.csl's "ad" and "bc" terms
_ILLUSTRATOR_SHORT = (", Illus.", ", Illus.")
_INTERVIEWER_SHORT = (", Interviewer", ", Interviewers")
# the long role terms (text-case="title") after the names standing in for the author, and in the parentheses
_ROLE_TERMS = {
    "director": ("Director", "Directors"),
    "guest": ("Guest Expert", "Guest Experts"),  # apa.csl's locale
    "host": ("Host", "Hosts"),
    "producer": ("Producer", "Producers"),
    "executive_producer": ("Executive Producer", "Executive Producers"),
    "chair": ("Chair", "Chairs"),
    "organizer": ("Organizer", "Organizers"),
    "curator": ("Curator", "Curators"),
}
# identifier-contributors-monographic: "compiler chair organizer curator series-creator executive-producer"
_LISTED_ROLES = ("chair", "organizer", "curator", "executive_producer")


def _names(names: list[Name], *, inverted: bool, label: tuple[str, str] = ("", "")) -> str:
    return csl.format_names(names, _AUTHORS if inverted else _EDITORS, label=label)


def _is_published_serial_paper(ref: Reference) -> bool:
    """APA: a paper-conference/interview with issue/page/volume (or editors) is published."""
    return bool(
        ref.editor or ref.collection_editor or ref.issue or ref.page or ref.supplement_number or ref.volume
    )


# --- 2. Date ---------------------------------------------------------------------------------------------


def _date(ref: Reference, *, leads: bool = False) -> Rich:
    parts = csl.date_parts(ref.issued)
    if parts is not None and parts.literal:
        return f"({parts.literal})"
    if parts is None or parts.year is None:
        # citeproc-js capitalises a term that opens the entry
        return "(N.d.)" if leads else "(n.d.)"
    out = csl.year_text(ref.issued, _ERAS)
    month_day = ""
    if ref.type in _FULL_DATE_TYPES or (
        ref.type in ("interview", "paper-conference") and not _is_published_serial_paper(ref)
    ):
        month_day = csl.month_day_text(ref.issued)
    if month_day:
        out += ", " + month_day
    return f"({out})"


# --- 3. Title and descriptions ---------------------------------------------------------------------------


def _title(ref: Reference) -> Rich:
    title = csl.rich_title(ref.title)
    if ref.type in ("post", "webpage") or not ref.container_title:
        monographic = ref.type not in csl.SERIAL_TYPES and (
            bool(ref.editor or ref.collection_editor) or ref.type not in ("interview", "paper-conference")
        )
        if monographic and ref.type not in ("post", "webpage"):
            title = csl.join([title, _title_volume(ref)], ": ")
        return csl.italic(title)
    return title


def _label_volume(ref: Reference) -> str:
    if not ref.volume:
        return ""
    return (
        f"Vol. {csl.field(ref.volume)}"
        if csl.is_numeric(ref.volume)
        else csl.capitalize_first(csl.field(ref.volume))
    )


def _label_part(ref: Reference) -> str:
    if not ref.part_number:
        return ""
    part = csl.capitalize_first(csl.field(ref.part_number))
    return f"Pt. {part}" if csl.is_numeric(ref.part_number) else part


def _title_volume(ref: Reference) -> Rich:
    """title-volume: "Vol. 4A. Combinatorial algorithms" after a book's title (APA example 30)."""
    if ref.volume_title:
        title_part = "" if csl.is_numeric(ref.part_number) else _label_part(ref)
        return csl.join(
            [csl.join([_label_volume(ref), csl.rich_title(ref.volume_title)], ". "), title_part], ": "
        )
    numeric_part, numeric_volume = csl.is_numeric(ref.part_number), csl.is_numeric(ref.volume)
    if numeric_part and numeric_volume:
        return ""
    if numeric_part:
        return _label_volume(ref)
    if numeric_volume:
        return _label_part(ref)
    return csl.join([_label_volume(ref), _label_part(ref)], ", ")


def _label_number(ref: Reference) -> str:
    number = csl.format_number(ref.number)
    if number is None:
        return ""
    if ref.type in ("legislation", "patent") or csl.is_numeric(ref.number):
        return ("Nos. " if number.plural else "No. ") + csl.capitalize_first(number.text)
    return csl.capitalize_first(number.text)


def _identifier_number(ref: Reference) -> str:
    label = _label_number(ref)
    if not label:
        return ""
    genre = _title_case(ref, ref.genre)
    if ref.type == "thesis" and ref.genre:
        genre = "Publication"
    return " ".join(p for p in (genre, label) if p)


def _pages_label(ref: Reference) -> str:
    pages = csl.format_pages(ref.page, "expanded")
    if pages is None:
        return ""
    return ("pp. " if pages.plural else "p. ") + pages.text


def _supplement(ref: Reference) -> str:
    """label-supplement-number: "Suppl. 2"."""
    number = csl.capitalize_first(csl.field(ref.supplement_number))
    return f"Suppl. {number}" if csl.is_numeric(ref.supplement_number) else number


def _chapter(ref: Reference) -> str:
    """label-chapter-number: "Chapter 5"."""
    number = csl.field(ref.chapter_number)
    return f"Chapter {number}" if csl.is_numeric(ref.chapter_number) else number


def _series(ref: Reference) -> str:
    """identifier-series: only report-like types name their series (APA example 52)."""
    if ref.type not in ("document", "report", "standard"):
        return ""
    return csl.join([_title_case(ref, ref.collection_title), csl.field(ref.collection_number)], " ")


def _identifier_monographic_item(ref: Reference) -> list[str]:
    volume = csl.format_number(ref.volume)
    vol = ""
    if volume is not None and csl.is_numeric(ref.volume) and not ref.volume_title:
        vol = ("Vols. " if volume.plural else "Vol. ") + volume.text
    issue = csl.format_number(ref.issue)
    locator = _pages_label(ref) or (_chapter(ref) if ref.genre or ref.title else "")
    item = csl.join(
        [
            csl.wrap("Version ", csl.field(ref.version), ""),
            csl.edition_label(ref.edition),
            _series(ref),
            _supplement(ref),
            vol,
            _label_part(ref) if csl.is_numeric(ref.part_number) else "",
            f"Issue {issue.text}" if issue else "",
            locator,
        ],
        ", ",
    )
    return [item] if item else []


def _title_case(ref: Reference, value: str | None) -> str:
    return csl.field(csl.title_case(value, ref.language)) if value else ""


def _role_names(ref: Reference, role: str, *, inverted: bool) -> str:
    names: list[Name] = getattr(ref, role)
    singular, plural = _ROLE_TERMS[role]
    label = (f" ({singular})", f" ({plural})") if inverted else (f", {singular}", f", {plural}")
    return _names(names, inverted=inverted, label=label)


def _contributors(ref: Reference) -> str:
    """identifier-contributors: interviewers, translators (and editors, illustrators, container authors,
    curators, ...) in the parentheses; the names that stood in for the author are not repeated."""
    substituted = _author_variable(ref)
    interviewer = _names(ref.interviewer, inverted=False, label=_INTERVIEWER_SHORT) if ref.title else ""
    translators = _names(ref.translator, inverted=False, label=_TRANSLATOR_SHORT)
    serial = ref.type in csl.SERIAL_TYPES or (
        not (ref.editor or ref.collection_editor) and ref.type in ("interview", "paper-conference")
    )
    if serial:
        return csl.join([interviewer, translators], "; ")
    illustrators = ""
    if substituted != "illustrator":
        illustrators = _names(ref.illustrator, inverted=False, label=_ILLUSTRATOR_SHORT)
    if ref.container_title and ref.type not in ("post", "webpage"):
        return csl.join([interviewer, illustrators, translators], "; ")
    container_author = csl.wrap("By ", _names(ref.container_author, inverted=False), "")
    editors = _names(ref.editor, inverted=False, label=_EDITOR_SHORT) if substituted != "editor" else ""
    roles = [_role_names(ref, role, inverted=False) for role in _LISTED_ROLES if role != substituted]
    if ref.type in ("post", "webpage"):
        return csl.join([interviewer, container_author, editors, translators, illustrators, *roles], "; ")
    return csl.join([interviewer, illustrators, container_author, editors, translators, *roles], "; ")


_NO_MONOGRAPHIC_IDENTIFIER = csl.SERIAL_TYPES | {
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


def _identifier_patent(ref: Reference) -> str:
    genre = csl.capitalize_first(csl.field(ref.genre)) if ref.genre else "Patent"
    return csl.join([csl.field(ref.authority), genre, _label_number(ref)], " ")


def _identifier_serial(ref: Reference) -> str:
    """identifier-serial: a numbered part of an article ("Pt. 1")."""
    serial = ref.type in csl.SERIAL_TYPES or (
        ref.type in ("interview", "paper-conference") and not (ref.editor or ref.collection_editor)
    )
    return _label_part(ref) if serial and csl.is_numeric(ref.part_number) else ""


def _identifier(ref: Reference) -> Rich:
    parts: list[str] = []
    if ref.type == "patent":
        parts = [_identifier_patent(ref)]
    elif ref.type in ("post", "webpage"):
        parts = [_contributors(ref), _identifier_number(ref)]
    elif ref.type == "report" and ref.container_title:
        parts = [_contributors(ref)]
    elif ref.type == "report":
        parts = [
            _contributors(ref),
            _identifier_number(ref) if ref.title else "",
            *_identifier_monographic_item(ref),
        ]
    elif ref.container_title:
        chapter = _chapter(ref) if not (ref.genre or ref.title) else ""
        parts = [chapter, _contributors(ref)]
        if ref.type in ("broadcast", "graphic", "map", "motion_picture"):
            # APA example 94: an episode number follows the title, not the container
            parts.append(_identifier_number(ref))
        parts.append(_identifier_serial(ref))
    else:
        parts = [_contributors(ref), _identifier_number(ref)]
        if _has_monographic_identifier(ref):
            parts += _identifier_monographic_item(ref)
        parts.append(_identifier_serial(ref))
    return csl.wrap("(", "; ".join(p for p in parts if p), ")")


def _description_format(ref: Reference) -> str:
    if ref.genre or ref.medium:
        genre = csl.capitalize_first(csl.field(ref.genre)) if ref.genre and not ref.number else ""
        medium = csl.capitalize_first(csl.field(ref.medium)) if ref.medium else ""
        return "; ".join(p for p in (genre, medium) if p)
    return _generic_term(ref)


def _generic_term(ref: Reference) -> str:
    """description-format-term-generic."""
    if ref.type in ("interview", "personal_communication", "manuscript"):
        if not _is_accessible(ref):
            return "Unpublished manuscript" if ref.type == "manuscript" else "Personal communication"
        return {"interview": "Interview", "personal_communication": "Letter"}.get(ref.type, "")
    return _GENERIC_TERMS.get(ref.type, "")


def _is_accessible(ref: Reference) -> bool:
    return any(getattr(ref, name) for name in _ACCESS_FIELDS)


def _description_interview(ref: Reference) -> str:
    medium = csl.capitalize_first(csl.field(ref.medium))
    if ref.interviewer and ref.title:
        genre = csl.capitalize_first(csl.field(ref.genre)) if not ref.number else ""
        return csl.join([genre, medium], "; ")
    if ref.title:
        return _description_format(ref)
    interviewers = _names(ref.interviewer, inverted=False)
    if ref.genre:
        return csl.join([csl.capitalize_first(csl.field(ref.genre)), csl.wrap("by ", interviewers, "")], " ")
    if interviewers:
        return csl.join([f"Interview by {interviewers}", medium], "; ")
    return _description_format(ref)


def _description_song(ref: Reference) -> str:
    """description-song: the performers of a classical work ("CD recorded by ...")."""
    performers = _names(ref.author, inverted=False)
    if ref.genre or ref.medium:
        genre = csl.capitalize_first(csl.field(ref.genre)) if not ref.number else ""
        lead = csl.join([genre, csl.capitalize_first(csl.field(ref.medium)), "recorded by"], " ")
    else:
        lead = "Recorded by"
    return csl.join([csl.join([lead, performers], " "), _description_medium(ref)], "; ")


def _description_medium(ref: Reference) -> str:
    return csl.capitalize_first(csl.field(ref.medium)) if ref.genre and not ref.number else ""


def _description_letter(ref: Reference) -> str:
    if not ref.recipient:
        return _description_format(ref)
    full = csl.NameList(form=csl.NameForm(initials=None), et_al_min=21, et_al_use_first=19, and_word="&")
    recipients = csl.format_names(ref.recipient, full)
    return csl.join(
        [csl.join([_description_format(ref), "to", recipients], " "), _description_medium(ref)], "; "
    )


def _description(ref: Reference) -> Rich:
    if ref.type == "interview" or ref.interviewer:
        return csl.wrap("[", _description_interview(ref), "]")
    if _is_review(ref):
        return _review_description(ref)
    if ref.type == "personal_communication":
        return csl.wrap("[", _description_letter(ref), "]")
    if ref.type == "song" and ref.composer:
        return csl.wrap("[", _description_song(ref), "]")
    if ref.type == "thesis":
        genre = csl.capitalize_first(csl.field(ref.genre))
        publisher = csl.field(ref.publisher) if (ref.DOI or ref.URL or ref.archive) else ""
        body = ", ".join(p for p in (genre, publisher) if p)
        medium = csl.capitalize_first(csl.field(ref.medium))
        value = "; ".join(p for p in (body, medium) if p)
    elif ref.type in csl.SERIAL_TYPES or not ref.container_title:
        value = _description_format(ref)
    elif ref.type in ("document", "report", "software", "standard"):
        value = ""
    elif ref.type in ("event", "paper-conference", "performance", "speech"):
        value = _description_format(ref) if _is_published_serial_paper(ref) else ""
    else:
        value = _description_format(ref)
    return csl.wrap("[", value, "]")


def _is_review(ref: Reference) -> bool:
    return ref.type in ("review", "review-book") or bool(
        ref.reviewed_author or ref.reviewed_genre or ref.reviewed_title
    )


def _review_titled(ref: Reference) -> bool:
    """A review's ``title`` is its own only beside a reviewed-genre or reviewed-title."""
    return bool(ref.title and (ref.reviewed_genre or ref.reviewed_title))


def _review_description(ref: Reference) -> Rich:
    """description-review: "[Review of the book <title>, by <reviewed authors>; <medium>]"."""
    if ref.reviewed_genre:
        lead = f"Review of the {csl.field(ref.reviewed_genre)}"
    elif ref.number:
        lead = "Review of"
    elif ref.genre or ref.medium:
        lead = csl.capitalize_first(csl.field(ref.genre or ref.medium))
    elif ref.type == "review-book":
        lead = "Review of the book"
    else:
        lead = "Review of"
    reviewed = ref.reviewed_title if (ref.reviewed_genre or ref.reviewed_title) else ref.title
    title = csl.italic(csl.rich_title(reviewed))
    by = csl.wrap("by ", _names(ref.reviewed_author, inverted=False), "")
    review = csl.join([csl.join([lead, title], " "), by], ", ")
    return csl.wrap("[", csl.join([review, _description_medium(ref)], "; "), "]")


def _title_and_descriptions(ref: Reference, *, title_used: bool) -> Rich:
    if _is_review(ref) and not _review_titled(ref):
        return _review_description(ref) if not title_used else ""
    if title_used:
        return csl.join([_description(ref)], " ")
    if ref.title:
        return csl.join([_title(ref), _identifier(ref), _description(ref)], " ")
    return csl.join([_description(ref), _identifier(ref)], " ")


def _publisher_is_author(ref: Reference) -> bool:
    """author macro: a dictionary/encyclopedia without author is cited under its publisher."""
    return not ref.author and ref.type in ("entry-dictionary", "entry-encyclopedia") and bool(ref.publisher)


# --- 1. Author -------------------------------------------------------------------------------------------


def _author_variable(ref: Reference) -> str:
    """The names variable of the author macro: composer, else the first of its substitutes an item has."""
    for name in ("composer", "author", "illustrator", "director"):
        if getattr(ref, name):
            return name
    if ref.guest or ref.host:
        return "guest host"
    if ref.producer:
        return "producer"
    if _publisher_is_author(ref):
        return ""
    for name in ("executive_producer", "editor"):
        if getattr(ref, name):
            return name
    if ref.type in ("event", "performance", "speech"):
        for name in ("chair", "organizer"):
            if getattr(ref, name):
                return name
    if ref.curator:
        return "curator"
    if ref.collection_editor:
        return "collection_editor"
    return ""


def _author(ref: Reference) -> tuple[Rich, bool]:
    """The author element and whether the title stood in for it."""
    variable = _author_variable(ref)
    if variable in ("composer", "author"):
        return _names(getattr(ref, variable), inverted=True), False
    if variable == "illustrator":
        return _names(ref.illustrator, inverted=True, label=(" (Illus.)", " (Illus.)")), False
    if variable == "guest host":
        guests = _role_names(ref, "guest", inverted=True)
        return csl.join([guests, _role_names(ref, "host", inverted=True)], ", "), False
    if variable in _ROLE_TERMS:
        return _role_names(ref, variable, inverted=True), False
    if variable in ("editor", "collection_editor"):
        return _names(getattr(ref, variable), inverted=True, label=_EDITOR_LABEL), False
    if _publisher_is_author(ref):
        return csl.field(ref.publisher), False
    if ref.type in ("software", "webpage") and ref.publisher:
        return csl.field(ref.publisher), False
    if _is_review(ref) and not _review_titled(ref):
        return _review_description(ref), True
    if ref.title:
        return csl.join([_title(ref), _identifier(ref)], " "), True
    return "", False


# --- 4. Source -------------------------------------------------------------------------------------------


def _source_serial(ref: Reference) -> Rich:
    container = csl.italic(
        csl.join(
            [
                csl.rich_title(ref.container_title, case="title", language=ref.language),
                csl.rich_title(ref.collection_title, case="title", language=ref.language),
            ],
            ", ",
        )
    )
    issue = csl.join([csl.number_text(ref.issue), _supplement(ref)], ", ")
    vol_issue = csl.italic(csl.number_text(ref.volume)) + csl.wrap("(", issue, ")")
    if ref.number:
        locator = f"Article {ref.number.strip()}"
    else:
        pages = csl.format_pages(ref.page, "expanded")
        locator = pages.text if pages else ""
    return csl.join([container, vol_issue, locator], ", ")


def _source_monographic(ref: Reference) -> Rich:
    if not ref.container_title:
        return ""
    editors = _source_monographic_author(ref)
    container = csl.italic(csl.join([csl.rich_title(ref.container_title), _title_volume(ref)], ": "))
    identifier_parts = (
        [_identifier_number(ref)] if ref.type not in ("broadcast", "graphic", "map", "motion_picture") else []
    )
    if _has_monographic_identifier(ref):
        identifier_parts += _identifier_monographic_item(ref)
    identifier = csl.wrap("(", "; ".join(p for p in identifier_parts if p), ")")
    description: Rich = ""
    if ref.type in ("document", "report", "software", "standard") or (
        ref.type in ("event", "paper-conference", "performance", "speech")
        and not _is_published_serial_paper(ref)
    ):
        description = csl.wrap("[", _description_format(ref), "]")
    preposition = "On" if ref.type == "song" else "In"
    return csl.join([preposition, csl.join([editors, container], ", "), identifier, description], " ")


def _source_monographic_author(ref: Reference) -> str:
    """source-monographic-author: the container's author, else the first of its substitutes (executive
    producers, editors, chairs/organizers of events, curators, series editors) not already the author."""
    if ref.container_author:
        return _names(ref.container_author, inverted=False)
    substituted = _author_variable(ref)
    roles = ["executive_producer", "editor"]
    if ref.type in ("event", "performance", "speech"):
        roles += ["chair", "organizer"]
    roles += ["curator", "collection_editor"]
    for role in roles:
        if getattr(ref, role) and role != substituted:
            if role in ("editor", "collection_editor"):
                return _names(getattr(ref, role), inverted=False, label=_EDITOR_LABEL)
            singular, plural = _ROLE_TERMS[role]
            return _names(getattr(ref, role), inverted=False, label=(f" ({singular})", f" ({plural})"))
    return ""


def _source_publisher(ref: Reference) -> Rich:
    if _publisher_is_author(ref) or (ref.type in ("software", "webpage") and not (ref.author or ref.editor)):
        return ""  # substituted variables are not repeated
    if ref.type == "thesis":
        return csl.field(ref.publisher) if not (ref.archive or ref.DOI or ref.URL) else ""
    if ref.type in csl.SERIAL_TYPES:
        return ""
    if ref.editor:
        return csl.field(ref.publisher)
    if ref.type == "paper-conference":
        return ""
    return csl.field(ref.publisher)


def _source_location(ref: Reference) -> Rich:
    if not ref.event_title:
        return ""
    if ref.type == "paper-conference" and (_is_published_serial_paper(ref)):
        return ""
    event = [csl.capitalize_first(csl.field(ref.event_title)), csl.field(ref.event_place)]
    return csl.join([*event, csl.date_text(ref.event_date, season_words=False)], ", ")


def _source_archive(ref: Reference) -> Rich:
    location = csl.wrap("(", csl.field(ref.archive_location), ")")
    if ref.archive_collection:
        collection = csl.join([csl.field(ref.archive_collection), location], " ")
        return csl.join([collection, csl.field(ref.archive), csl.field(ref.archive_place)], ", ")
    return csl.join([csl.join([csl.field(ref.archive), location], " "), csl.field(ref.archive_place)], ", ")


def _source(ref: Reference) -> Rich:
    if ref.type in ("post", "webpage"):
        body: Rich = ""
    elif ref.type in csl.SERIAL_TYPES:
        body = _source_serial(ref)
    elif ref.editor:
        body = _source_monographic(ref)
    elif ref.type in ("interview", "paper-conference"):
        body = _source_serial(ref)
    else:
        body = _source_monographic(ref)
    website = (
        csl.rich_title(ref.container_title, case="title", language=ref.language)
        if ref.type in ("post", "webpage")
        else ""
    )
    return csl.join(
        [body, _source_publisher(ref), _source_archive(ref), _source_location(ref), website], ". "
    )


def _doi_or_url(ref: Reference) -> Rich:
    if ref.DOI:
        return csl.doi_url(ref)
    if ref.URL:
        if not csl.has_date(ref.issued):
            accessed = csl.date_text(ref.accessed, season_words=False)
            if accessed:
                return f"Retrieved {accessed}, from {csl.plain(ref.URL)}"
            return f"Retrieved from {csl.plain(ref.URL)}"
        return csl.plain(ref.URL)
    return ""


def render_rich(ref: Reference) -> Rich:
    if ref.type in csl.LEGAL_TYPES:
        return csl.join([csl.append(csl.legal_reference(ref), "."), _doi_or_url(ref)], " ")
    if ref.type in ("interview", "personal_communication") and not _is_accessible(ref):
        return ""
    author, title_used = _author(ref)
    date = _date(ref, leads=not author)
    body = csl.join([author, date, _title_and_descriptions(ref, title_used=title_used), _source(ref)], ". ")
    body = csl.append(body, ".")
    return csl.join([body, _doi_or_url(ref), _publication_history(ref)], " ")


def _publication_history(ref: Reference) -> Rich:
    """publication-history: "(Original work published 1859)", or the item's ``references``."""
    if ref.type == "patent":
        return csl.wrap("(", csl.field(ref.references), ")")
    status = ""
    if csl.has_date(ref.issued) and (
        ref.collection_title or ref.issue or ref.number or ref.page or ref.supplement_number or ref.volume
    ):
        status = csl.capitalize_first(csl.field(ref.status))
    if ref.references:
        history = csl.field(ref.references)
    else:
        history = csl.wrap("Original work published ", csl.year_text(ref.original_date, _ERAS), "")
    return csl.wrap("(", csl.join([status, history], "; "), ")")


STYLE = Style(
    name="apa", csl_id="apa", label="APA 7th ed.", render=csl.spans_renderer(render_rich), rich=render_rich
)
