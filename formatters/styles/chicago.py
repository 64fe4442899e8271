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
    if ref.type == "patent":
        return csl.capitalize_first(csl.rich_title(ref.title))  # no italics or quotes, as given
    if _lists_volume_first(ref):
        # title-monographic-bib-specific-title-first: one volume of a multivolume work under its own title
        return csl.italic(csl.manual_title_case(ref, ref.volume_title))
    return _title_primary(ref)


def _title_primary(ref: Reference) -> Rich:
    return csl.title_primary(ref, italic_types=_ITALIC_TITLE_TYPES, quoted_types=_QUOTED_TITLE_TYPES)


def _lists_volume_first(ref: Reference) -> bool:
    monographic = ref.type not in csl.SERIAL_TYPES and (
        bool(ref.editor or ref.collection_editor) or ref.type not in ("interview", "paper-conference")
    )
    return monographic and bool(ref.volume_title) and not ref.container_title


def _volume_of_work(ref: Reference) -> Rich:
    """identifier-volume-bib-specific-title-first (volume-title branch): "Vol. 1, pt. 2, of <the work>"."""
    volume = csl.field(ref.volume)
    volume_label = f"Vol. {volume}" if csl.is_numeric(ref.volume) else csl.capitalize_first(volume)
    part = csl.field(ref.part_number)
    if ref.part_number and ref.volume:
        lead = csl.join(
            [volume_label, f"pt. {part}" if csl.is_numeric(ref.part_number) else part, "of"], ", "
        )
    elif ref.part_number:
        lead = f"Pt. {part} of" if csl.is_numeric(ref.part_number) else f"{csl.capitalize_first(part)} of"
    elif ref.volume:
        lead = f"{volume_label} of"
    else:
        lead = ""
    editors = _verb_names("edited by", ref.collection_editor, ref)
    return csl.join([csl.join([lead, _title_primary(ref)], " "), editors], ", ")


_ENTRY_TYPES = frozenset(["entry", "entry-dictionary", "entry-encyclopedia"])
_CONTAINER_AS_AUTHOR = frozenset(
    ["article-magazine", "article-newspaper", "review", "review-book", "broadcast"]
)


# author-bib substitutes after the editors, with their short terms: "Soderbergh, Steven, dir."
_ROLE_LABELS = {
    "director": (", dir.", ", dirs."),
    "producer": (", prod.", ", prods."),
    "executive_producer": (", exec. prod.", ", exec. prods."),
    "chair": (", chair", ", chairs"),
    "organizer": (", org.", ", orgs."),
    "curator": (", cur.", ", curs."),
}
# identifier-contributors-monographic-bib, in its order (form="verb")
_ROLE_VERBS = (
    ("guest", "guest"),
    ("host", "hosted by"),
    ("illustrator", "illustrated by"),
    ("chair", "chaired by"),
    ("organizer", "organized by"),
    ("curator", "curated by"),
    ("executive_producer", "executive produced by"),
    ("producer", "produced by"),
    ("director", "directed by"),
)


def _role_author(ref: Reference) -> str:
    """The names variable standing in for the author after the editors (director, producers, curator)."""
    roles = ["director"]
    if not (ref.type == "broadcast" and ref.container_title and ref.number and ref.title):
        roles += ["producer", "executive_producer"]
    if ref.type in ("event", "performance", "speech"):
        roles += ["chair", "organizer"]
    roles.append("curator")
    return next((role for role in roles if getattr(ref, role)), "")


def _author(ref: Reference) -> tuple[Rich, str]:
    if ref.composer:
        return _names(ref.composer, ref, _AUTHORS), "composer"
    if ref.author:
        return _names(ref.author, ref, _AUTHORS), "author"
    for role, label in (("guest", (", guest", ", guests")), ("host", (", host", ", hosts"))):
        if getattr(ref, role):
            return csl.format_names(getattr(ref, role), _AUTHORS, ref.language, label), role
    if ref.type in _ENTRY_TYPES and ref.container_title:
        # an unsigned reference entry is listed under the reference work (CMOS18 14.130)
        return _container_title(ref), "container"
    if ref.illustrator:
        return csl.format_names(ref.illustrator, _AUTHORS, ref.language, (", ill.", ", ills.")), "illustrator"
    if ref.editor:
        return csl.format_names(ref.editor, _AUTHORS, ref.language, (", ed.", ", eds.")), "editor"
    role = _role_author(ref)
    if role:
        return csl.format_names(getattr(ref, role), _AUTHORS, ref.language, _ROLE_LABELS[role]), role
    if ref.type in ("software", "webpage") and ref.publisher:
        return csl.field(ref.publisher), "publisher"
    if ref.type in _CONTAINER_AS_AUTHOR and ref.container_title:
        # author-title-substitute-container: anonymous articles and broadcasts under the publication
        if ref.type == "broadcast":
            return _container_title(ref), "container"
        return _container(ref), "container"
    if ref.title and ref.type not in ("review", "review-book"):
        return _title(ref), "title"
    return "", ""


# --- Dates -----------------------------------------------------------------------------------------------


def _year(ref: Reference, *, leads: bool = False) -> Rich:
    parts = csl.date_parts(ref.issued)
    if parts is not None and parts.literal:
        return parts.literal
    if parts is None or parts.year is None:
        for other in (ref.event_date, ref.available_date):
            if csl.year_text(other):
                return csl.year_text(other)
        return "N.d." if leads else "n.d."  # citeproc-js capitalises a term that opens the entry
    # reprints give the original year in parentheses (CMOS18 14.16)
    return csl.join([csl.wrap("(", csl.year_text(ref.original_date), ")"), csl.year_text(ref.issued)], " ")


def _month_day(ref: Reference) -> str:
    return csl.month_day_text(ref.issued)


def _month(ref: Reference) -> str:
    return csl.month_day_text(ref.issued, day=False)


def _source_date(ref: Reference) -> str:
    """source-date-issued-month-day."""
    if ref.type in _FULL_DATE_TYPES:
        return _month_day(ref)
    if ref.type in _ENTRY_TYPES:
        return _month_day(ref) if ref.DOI or ref.URL else ""  # online reference works (CMOS18 14.131)
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
    if ref.type == "broadcast" and csl.is_numeric(ref.number):
        return f"{csl.capitalize_first(csl.field(ref.genre)) or 'Episode'} {number.text}"
    if csl.is_numeric(ref.number):
        label = ("Nos. " if number.plural else "No. ") + number.text
    else:
        label = csl.capitalize_first(number.text)
    genre = _title_case(ref, ref.genre)
    return " ".join(p for p in (genre, label) if p)


def _contributors(ref: Reference, used: str, *, capitalized: bool, roles_too: bool = False) -> str:
    """The editors and translators ("Edited by …. Translated by …" or ", edited by …, translated by …")."""

    def verb(term: str, names: list[Name]) -> str:
        rendered = _names(names, ref, _CONTRIBUTORS)
        return f"{csl.capitalize_first(term) if capitalized else term} {rendered}" if rendered else ""

    roles = []
    if roles_too:
        for role, term in _ROLE_VERBS:
            if role != used and (role == "illustrator" or not ref.container_title):
                roles.append(verb(term, getattr(ref, role)))
    return csl.join(
        [
            verb("edited by", ref.editor) if used != "editor" else "",
            verb("translated by", ref.translator) if used != "translator" else "",
            *roles,
        ],
        ". " if capitalized else ", ",
    )


def _version(ref: Reference, *, capitalized: bool) -> str:
    version = csl.field(ref.version)
    if not version:
        return ""
    label = "v." if ref.type == "software" else "version"
    return f"{csl.capitalize_first(label) if capitalized else label} {version}"


def _series(ref: Reference) -> str:
    """source-series-bib: the series and its number ("Methods in Molecular Biology 2115")."""
    title = csl.plain_text(csl.manual_title_case(ref, ref.collection_title))
    if not title:
        return ""
    if ref.collection_editor and not (ref.part_number or ref.volume or ref.volume_title):
        editors = _verb_names("edited by", ref.collection_editor, ref)
        number = csl.field(ref.collection_number)
        labelled = f"vol. {number}" if csl.is_numeric(ref.collection_number) else number
        issue = f"no. {csl.field(ref.issue)}" if ref.issue else ""
        return csl.join([title, editors, labelled, issue], ", ")
    if ref.issue:
        number = csl.field(ref.collection_number)
        labelled = f"vol. {number}" if csl.is_numeric(ref.collection_number) else number
        return csl.join([title, labelled, f"no. {csl.field(ref.issue)}"], ", ")
    delimiter = " " if csl.is_numeric(ref.collection_number) else ", "
    return csl.join([title, csl.field(ref.collection_number)], delimiter)


def _is_review(ref: Reference) -> bool:
    return ref.type in ("review", "review-book") or bool(
        ref.reviewed_author or ref.reviewed_genre or ref.reviewed_title
    )


def _event_place_first(ref: Reference) -> Rich:
    """source-event-place-first."""
    if not (ref.event_title or ref.event_date):
        return ""
    return csl.join(
        [
            csl.field(ref.event_title),
            csl.field(ref.event_place),
            csl.date_text(ref.event_date, season_words=False),
        ],
        ", ",
    )


def _section(ref: Reference) -> str:
    """label-section-capitalized: "Sec. 3", or the section's name in title case."""
    if not ref.section:
        return ""
    section = csl.field(csl.title_case(ref.section, ref.language))
    return f"Sec. {section}" if csl.is_numeric(ref.section) else section


def _verb_names(term: str, names: list[Name], ref: Reference) -> str:
    rendered = _names(names, ref, _CONTRIBUTORS)
    return f"{term} {rendered}" if rendered else ""


def _description_interview(ref: Reference) -> Rich:
    if (ref.genre and ref.number) or not ref.genre:
        lead = _verb_names("Interview by", ref.interviewer, ref) or (
            "" if ref.genre else _description_format(ref)
        )
    else:
        lead = csl.join(
            [csl.capitalize_first(csl.field(ref.genre)), _verb_names("by", ref.interviewer, ref)], " "
        )
    return csl.join([lead, _event_place_first(ref)], ", ")


def _description_review(ref: Reference) -> Rich:
    """description-review-bib: "Review of <reviewed title>, by <reviewed authors>. <Section>"."""
    term = "Review of" if _has_creators(ref) else "Unsigned review of"
    by = _verb_names("by", ref.reviewed_author, ref)
    if ref.reviewed_genre:
        lead = csl.join([term, csl.field(ref.reviewed_genre), "" if ref.reviewed_title else by], " ")
    elif ref.genre and not ref.number:
        lead = csl.capitalize_first(csl.field(ref.genre))
    else:
        lead = term
    reviewed = ref.reviewed_title if (ref.reviewed_genre or ref.reviewed_title) else ref.title
    review = csl.join([lead, csl.italic(csl.manual_title_case(ref, reviewed))], " ")
    reviewed_by = by if (ref.title and ref.reviewed_title) or not ref.reviewed_genre else ""
    return csl.join([csl.join([review, reviewed_by, _event_place_first(ref)], ", "), _section(ref)], ". ")


def _description_letter(ref: Reference) -> Rich:
    if not ref.recipient:
        return _description_format(ref)
    if ref.genre and not ref.number:
        lead = csl.join([_description_format(ref), _verb_names("to", ref.recipient, ref)], " ")
    else:
        lead = _verb_names("To", ref.recipient, ref)
    return csl.join(
        [lead, csl.field(ref.event_place), csl.date_text(ref.event_date, season_words=False)], ", "
    )


def _description(ref: Reference) -> Rich:
    if ref.type == "interview" or ref.interviewer:
        return _description_interview(ref)
    if _is_review(ref):
        return _description_review(ref)
    if ref.type == "personal_communication":
        return _description_letter(ref)
    if ref.type == "song" and ref.composer:
        lead = f"{csl.capitalize_first(csl.field(ref.genre))} performed by" if ref.genre else "Performed by"
        return csl.join([lead, _names(ref.author, ref, _CONTRIBUTORS)], " ")
    if ref.type == "thesis":
        return ""
    if _is_serial(ref) and ref.type != "paper-conference":
        genre = csl.capitalize_first(csl.field(ref.genre)) if ref.genre and not ref.number else ""
        return csl.join([genre, _section(ref)], ". ")
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


def _identifier_patent(ref: Reference) -> str:
    """identifier-patent: "Patent US123, issued April 15, 2014" (always the full date, CMOS18 14.158)."""
    genre = csl.capitalize_first(csl.field(ref.genre)) if ref.genre else "Patent"
    issued = csl.date_text(ref.issued, season_words=False)
    filed = csl.date_text(ref.submitted, season_words=False)
    dates = csl.join([f"filed {filed}" if filed else "", f"issued {issued}" if issued else ""], ", and ")
    return csl.join([csl.join([csl.field(ref.authority), genre, csl.field(ref.number)], " "), dates], ", ")


def _identifier(ref: Reference, used: str) -> Rich:
    if ref.type == "patent":
        return _identifier_patent(ref)
    if ref.type in csl.SERIAL_TYPES or (not ref.editor and ref.type in ("interview", "paper-conference")):
        return _contributors(
            ref, "editor", capitalized=True
        )  # identifier-contributors-serial-bib: translators
    if ref.container_title:
        return ""  # the contributors go with the container
    version = _version(ref, capitalized=True)
    contributors = _contributors(ref, used, capitalized=True, roles_too=True)
    volume = _volume_of_work(ref) if _lists_volume_first(ref) else ""
    return csl.join([_identifier_number(ref), version, _edition(ref), contributors, volume], ". ")


def _has_creators(ref: Reference) -> bool:
    return bool(ref.author or ref.editor or ref.translator)


def _title_and_descriptions(ref: Reference, used: str, title: Rich) -> Rich:
    if _is_review(ref) and not (ref.reviewed_genre or ref.reviewed_title):
        # the title is the reviewed work's: only the description prints it
        return _description_review(ref)
    title = title if used != "title" else ""
    if _is_episode(ref, used):
        # bespoke broadcast form (CMOS18 14.165, 14.168): "Series. Episode 12, “Title.”"
        series = "" if used == "container" else _container_title(ref)
        episode = csl.join([_identifier_number(ref), title, _description(ref)], ", ")
        return csl.join([series, episode], ". ")
    return csl.join([title, _description(ref), _identifier(ref, used)], ". ")


def _is_episode(ref: Reference, used: str) -> bool:
    """A numbered, titled broadcast in a series (the series may have stood in for the author)."""
    return (
        ref.type == "broadcast"
        and bool(ref.number and ref.title)
        and (used == "container" or bool(ref.container_title))
    )


# --- Source ----------------------------------------------------------------------------------------------


def _container_title(ref: Reference) -> Rich:
    return csl.italic(csl.manual_title_case(ref, ref.container_title))


def _container(ref: Reference) -> Rich:
    name = csl.italic(csl.manual_title_case(ref, ref.container_title))
    if name and ref.publisher_place and not ref.event_title:
        return csl.join([name, f"({csl.field(ref.publisher_place)})"], " ")
    return name


def _serial_title(ref: Reference) -> Rich:
    container = _container(ref)
    if not container:
        return ""
    located = (
        ref.issue or ref.number or ref.page or ref.volume or ref.collection_title or ref.supplement_number
    )
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


def _supplement(ref: Reference) -> str:
    """label-supplement-number: "supp. 2" (a numeric one alone is an issue: "no. 2")."""
    number = csl.field(ref.supplement_number)
    if ref.issue and number:
        return f"supp. {number}"
    return f"supp. {number}" if csl.is_numeric(ref.supplement_number) else number


def _serial_identifier(ref: Reference) -> Rich:
    if ref.type in ("article-magazine", "article-newspaper"):
        # the full date stands in for volume and issue (CMOS18 14.87, 14.89)
        dated = csl.join([csl.field(ref.collection_title), _source_date(ref)], ", ")
        return csl.join([csl.join([dated, _edition(ref)], ". "), csl.field(ref.number)], ", ")
    volume = csl.format_number(ref.volume)
    issue = csl.format_number(ref.issue)
    supplement = _supplement(ref)
    if volume is not None or issue is not None or supplement:
        if volume is not None:
            # an unsigned review's publication stood in for the author: its date came first
            unsigned_review = ref.type in ("review", "review-book") and not _has_creators(ref)
            inside = csl.join([issue.text if issue else "", supplement], ", ") or (
                "" if unsigned_review else _source_date(ref)
            )
            label = "vol. " if ref.collection_title else ""
            if unsigned_review and not ref.collection_title and csl.is_numeric(ref.volume):
                label = "Vol. "
            numbers = csl.join([label + volume.text, (f"({inside})" if inside else "")], " ")
        else:
            label = "nos." if issue is not None and issue.plural else "no."
            month = _source_date(ref) if (ref.author or ref.editor) else ""
            issue_supplement = csl.join([f"{label} {issue.text}" if issue else "", supplement], ", ")
            numbers = csl.join([issue_supplement, (f"({month})" if month else "")], " ")
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
    return csl.join([_in_container(ref, used), _series(ref)], ". ")


def _in_container(ref: Reference, used: str) -> Rich:
    if not ref.container_title:
        return ""
    if ref.chapter_number and ref.type != "song":
        number = csl.capitalize_first(csl.field(ref.chapter_number))
        preposition = f"Chap. {number} in" if csl.is_numeric(ref.chapter_number) else f"{number} in"
    else:
        preposition = "" if ref.type in ("broadcast", "motion_picture") else "In"
    container = csl.join([preposition, csl.italic(csl.manual_title_case(ref, ref.container_title))], " ")
    description: Rich = ""
    if ref.type in ("document", "report", "software", "standard") or (
        ref.type in ("event", "paper-conference", "performance", "speech")
        and not (ref.editor or ref.issue or ref.page or ref.volume)
    ):
        description = csl.field(ref.genre) if ref.genre and not ref.number else ""
    container_author = _names(ref.container_author, ref, _CONTRIBUTORS)
    # a container's author is set off from the other contributors, who move to a sentence of their own
    contributors = _contributors(ref, used, capitalized=bool(container_author))
    identifier = csl.join(
        [
            _identifier_number(ref),
            _version(ref, capitalized=False),
            _edition_note(ref),
            "" if container_author else contributors,
            _label_volume(ref),
        ],
        ", ",
    )
    in_container = csl.join([container, description, identifier], ", ")
    if container_author:
        in_container = csl.join(
            [csl.join([in_container, f"by {container_author}"], ", "), contributors], ". "
        )
    return in_container


def _label_volume(ref: Reference) -> str:
    volume = csl.field(ref.volume)
    return f"vol. {volume}" if volume and csl.is_numeric(ref.volume) else volume


def _edition_note(ref: Reference) -> str:
    if not ref.edition:
        return ""
    if csl.is_numeric(ref.edition):
        return f"{csl.ordinal_of(ref.edition)} ed."
    return csl.field(ref.edition)


def _source(ref: Reference, used: str) -> Rich:
    if ref.type in ("patent", "post", "webpage") or _is_episode(ref, used):
        return ""
    if _is_serial(ref):
        return _source_serial(ref)
    return _source_monographic(ref, used)


def _event(ref: Reference) -> Rich:
    """The event's title, date and place."""
    if not (ref.event_title or ref.event_date):
        return ""
    event_date = csl.date_text(ref.event_date, season_words=False)
    if ref.type == "paper-conference":
        if ref.editor or ref.collection_editor or ref.issue or ref.page or ref.volume:
            return ""
        status = "Presented at" if ref.genre else "Paper presented at"
        title = csl.join([status, csl.field(ref.event_title)], " ") if ref.event_title else ""
        return csl.join([title, event_date, csl.field(ref.event_place)], ", ")
    title = csl.capitalize_first(csl.field(ref.event_title))
    return csl.join([title, event_date, csl.field(ref.event_place)], ", ")


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
    date = _source_date(ref)
    if ref.type == "broadcast" and not (ref.DOI or ref.URL):
        # a network's broadcast is "Aired <date>, on <network>"; a podcast (online) names its publisher
        # first (CMOS18 14.165; CSL can only tell them apart by the link)
        aired = csl.join(["Aired" if csl.has_date(ref.issued) else "", date], " ")
        return csl.join([website, aired, csl.wrap("on ", history, "")], ", ")
    if ref.type == "software" and csl.has_date(ref.issued):
        # the status of software is "released" if unspecified (CMOS18 14.169); lower case after a publisher
        creators = ref.author or ref.editor or ref.translator
        released = "released" if ref.publisher and creators else "Released"
        date = csl.join([released, date], " ")
    return csl.join([website, history, date], ", ")


def _source_archive(ref: Reference) -> Rich:
    """source-archive-bib: a graphic names its institution first, anything else its location."""
    if ref.type == "graphic":
        return csl.join(
            [
                csl.field(ref.archive),
                csl.field(ref.archive_place),
                csl.field(ref.archive_collection),
                csl.field(ref.archive_location),
            ],
            ", ",
        )
    location = csl.capitalize_first(csl.field(ref.archive_location))
    holder = csl.join([csl.field(ref.archive), csl.field(ref.archive_place)], ", ")
    return csl.join([location, csl.field(ref.archive_collection), holder], ". ")


def _doi_url(ref: Reference) -> Rich:
    if ref.DOI:
        return csl.doi_url(ref)
    link = csl.plain(ref.URL)
    if ref.URL and not csl.has_date(ref.issued):
        accessed = csl.date_text(ref.accessed, season_words=False)
        if accessed:
            return csl.join([f"Accessed {accessed}", link], ". ")
    return link


def _title_and_source(ref: Reference, used: str, title: Rich) -> Rich:
    head = csl.join([_title_and_descriptions(ref, used, title), _source(ref, used)], ". ")
    event: Rich = ""
    if not _is_serial(ref) and not ref.publisher and ref.type not in csl.SERIAL_TYPES:
        event = _event(ref) if ref.type != "paper-conference" else ""
    # an event with its own date stands apart from the date of the item
    publication = csl.join([event, _publication(ref, used)], ". " if ref.event_date else ", ")
    return csl.join(
        [
            head,
            publication,
            csl.join(  # source-medium-bib
                [
                    csl.capitalize_first(csl.field(ref.medium)),
                    csl.field(ref.scale),
                    csl.field(ref.dimensions),
                ],
                ", ",
            ),
            _source_archive(ref),
            _doi_url(ref),
        ],
        ". ",
    )


def _in_bibliography(ref: Reference) -> bool:
    """The bibliography's layout: unsigned reference entries only with a DOI/URL, personal communications
    only when the reader can retrieve them (CMOS18 14.13, 14.111, 14.132)."""
    if ref.type in _ENTRY_TYPES:
        return bool(ref.author or ref.DOI or ref.URL)
    if ref.type in ("interview", "personal_communication"):
        return any((ref.archive, ref.container_title, ref.DOI, ref.number, ref.publisher, ref.URL))
    return True


def render_rich(ref: Reference) -> Rich:
    if not _in_bibliography(ref):
        return ""
    if ref.type in csl.LEGAL_TYPES:
        return csl.append(csl.join([csl.legal_reference(ref), _doi_url(ref)], ". "), ".")
    author, used = _author(ref)
    title = _title(ref)  # the choice of quotes sees the container even when it stood in for the author
    if used == "container":
        # a substituted variable is not printed again (the publication's place went with its name)
        gone = {"container_title": None, "container_title_short": None}
        if ref.type != "broadcast" and ref.type not in _ENTRY_TYPES:
            gone["publisher_place"] = None
        ref = ref.model_copy(update=gone)
    if (
        ref.type == "webpage"
        and not ref.publisher
        and ref.container_title
        and ref.container_title_short
        and author
    ):
        author = csl.join([author, f"({plain_title(ref)})"], " ")
    entry = csl.join([author, _year(ref, leads=not author), _title_and_source(ref, used, title)], ". ")
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
