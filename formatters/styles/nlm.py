"""NLM/Vancouver (Citing Medicine, 2nd ed.), as nlm-citation-sequence.csl renders it with citeproc-js.

Shi L, Wang L, Xu R, Zhang C, Xie Y, Liu K, et al. Mesenchymal stem cell therapy for severe COVID-19. Signal
Transduct Target Ther. 2021 Sep 8;6(1):339. doi:10.1038/s41392-021-00754-6 PubMed PMID: 34497264.
"""

from __future__ import annotations

from bot.models import DateVariable, Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import Rich

_NAMES = csl.NameList(
    form=csl.NameForm(initials="", hyphen=False, sort_order="all", sort_separator=" "),
    et_al_min=7,
    et_al_use_first=6,
)
# NLM's locale overrides (Jun., Jul., Sep.) with strip-periods.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_JOURNAL = frozenset(["article-journal", "review", "review-book"])
_IN_TYPES = frozenset(["chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia"])
_IDENTIFIER_SERIAL = csl.SERIAL_TYPES - {"article-newspaper"}


def _date_text(date: DateVariable | None, with_day: bool = True) -> str:
    """``form="text"`` of this style: "2021 Sep 8", "2021 Sep", "2021 Summer", "2021"."""
    return csl.date_text(date, _MONTHS, "ymd", day=with_day)


def _names(names: list[Name], ref: Reference) -> Rich:
    return csl.format_names(names, _NAMES, ref.language, (", editor", ", editors"))


def _is_journal_with_id(ref: Reference) -> bool:
    # Citing Medicine drops "[Internet]", the cited date and the URL of a journal article found by an id.
    return ref.type == "article-journal" and bool(ref.DOI or ref.PMID or ref.PMCID)


def _date_of_citation(ref: Reference) -> Rich:
    if not ref.URL:
        return ""
    return csl.wrap("[cited ", _date_text(ref.accessed), "]")


def _title_part(ref: Reference) -> Rich:
    webpage_in_site = ref.type == "webpage" and bool(ref.container_title)
    title_text = ref.container_title if webpage_in_site else ref.title
    medium = ""
    if webpage_in_site or not ref.container_title:
        if ref.medium:
            medium = csl.wrap("[", csl.capitalize_first(csl.field(ref.medium)), "]")
        elif ref.type not in _IN_TYPES and ref.URL:
            medium = "[Internet]"
    return csl.join([csl.rich_title(title_text), csl.wrap("[", csl.field(ref.genre), "]"), medium], " ")


def _container(ref: Reference) -> Rich:
    if ref.type == "webpage":
        return ""
    if ref.container_title:
        if ref.type in _JOURNAL:
            container = csl.rich_title(csl.container_short(ref), strip_periods=True)
        else:
            container = csl.rich_title(ref.container_title)
        internet = "" if _is_journal_with_id(ref) or not ref.URL else "[Internet]"
        return csl.join([csl.join([container, internet], " "), csl.edition_label(ref.edition)], ". ")
    if ref.type == "speech":
        # CSL ``event`` (not ``event-title``, which citeproc-js does not map to it) after the genre.
        return f"{csl.capitalize_first(csl.field(ref.genre))} presented at" if ref.genre else ""
    if ref.type in ("bill", "legislation"):
        return csl.join([csl.wrap("Sect. ", csl.field(ref.section), ""), csl.field(ref.number)], ", ")
    volume = csl.field(f"Vol. {ref.volume}" if csl.is_numeric(ref.volume) else ref.volume)
    part = csl.field(f"Pt. {ref.part_number}" if csl.is_numeric(ref.part_number) else ref.part_number)
    return csl.join([volume, csl.field(ref.volume_title), part], ", ")


def _publisher(ref: Reference) -> Rich:
    if ref.type in csl.SERIAL_TYPES:
        return ""
    if ref.type == "thesis":
        place = csl.wrap("[", csl.field(ref.publisher_place), "]")
    elif ref.type == "speech":
        place = ""
    else:
        place = csl.field(ref.publisher_place)
    return csl.join([place, csl.field(ref.publisher)], ": ")


def _date(ref: Reference) -> Rich:
    if ref.type in csl.SERIAL_TYPES:
        cited = "" if _is_journal_with_id(ref) else _date_of_citation(ref)
        issued = csl.join([_date_text(ref.issued), cited], " ")
        page = csl.field(ref.page) if ref.type == "article-newspaper" else ""
        return csl.join([issued, page], ":")
    if ref.type in ("bill", "legislation"):
        return _date_text(ref.issued)
    if ref.type == "report":
        return csl.join([_date_text(ref.issued, with_day=False), _date_of_citation(ref)], " ")
    if ref.type == "patent":
        number_year = csl.join([csl.field(ref.number), csl.year_text(ref.issued)], ", ")
        return csl.join([number_year, _date_of_citation(ref)], " ")
    if ref.type == "speech":
        issued = csl.join([_date_text(ref.issued), _date_of_citation(ref)], " ")
        return csl.join([issued, csl.field(ref.event_place)], "; ")
    return csl.join([csl.year_text(ref.issued), _date_of_citation(ref)], " ")


def _identifier_serial(ref: Reference) -> Rich:
    if ref.type not in _IDENTIFIER_SERIAL:
        return ""
    supplement = ref.supplement_number
    supplement_text = csl.capitalize_first(csl.field(supplement))
    if csl.is_numeric(supplement):
        supplement_text = f"Suppl {supplement_text}"
    issue = csl.wrap("(", csl.join([csl.number_text(ref.issue), supplement_text], " "), ")")
    volume = csl.field(ref.collection_title) + csl.number_text(ref.volume) + issue
    locator = csl.field(ref.number) if ref.number else csl.pages_text(ref.page, "minimal")
    return csl.join([volume, locator], ":")


def _pagination(ref: Reference) -> Rich:
    if ref.type in csl.SERIAL_TYPES - {"periodical", "post-weblog"}:
        return ""
    if ref.type == "book":
        pages = csl.field(ref.number_of_pages)
        return f"{pages} p." if csl.is_numeric(ref.number_of_pages) else pages
    return csl.wrap("p. ", csl.pages_text(ref.page, "minimal"), "")


def _availability(ref: Reference) -> Rich:
    holder = csl.join(
        [csl.field(ref.archive_collection), csl.field(ref.archive), csl.field(ref.archive_place)], ", "
    )
    archive = csl.join([holder, csl.field(ref.archive_location)], "; ")
    located = f"Located at: {archive}" if archive else ""
    url = ""
    if not _is_journal_with_id(ref) and ref.URL:
        url = f"Available from: {csl.plain(ref.URL)}"
    doi = f"doi:{csl.doi(ref)}" if ref.DOI else ""
    return csl.join([located, csl.join([url, doi], " ")], ". ")


def _notes(ref: Reference) -> Rich:
    ids = csl.join(
        [
            f"PubMed PMID: {csl.plain(ref.PMID)}" if ref.PMID else "",
            f"PubMed Central PMCID: {csl.plain(ref.PMCID)}" if ref.PMCID else "",
        ],
        "; ",
    )
    return csl.group([ids, csl.field(ref.references)], ". ", suffix=".")


def _series(ref: Reference) -> Rich:
    if ref.type in csl.SERIAL_TYPES or not ref.collection_title:
        return ""
    number = csl.field(ref.collection_number)
    if csl.is_numeric(ref.collection_number):
        number = f"no. {number}"
    editors = _names(ref.collection_editor, ref)
    series = csl.join([csl.rich_title(ref.collection_title), number], "; ")
    return csl.wrap("(", csl.join([editors, series], ". "), ")")


def _report_number(ref: Reference) -> Rich:
    if ref.type != "report" or not ref.number:
        return ""
    lead = csl.capitalize_first(csl.field(ref.genre)) if ref.genre else "Report"
    number = csl.format_number(ref.number)
    if number is None:
        return ""
    if not csl.is_numeric(ref.number):
        return f"{lead} {csl.field(ref.number)}"
    return f"{lead} {'nos.' if number.plural else 'no.'}: {number.text}"


def render_rich(ref: Reference) -> Rich:
    author = csl.format_names(ref.author, _NAMES, ref.language)
    editors_as_authors = not author and bool(ref.editor)
    main = csl.group(
        [
            author or (_names(ref.editor, ref) if editors_as_authors else ""),
            _title_part(ref),
            "" if ref.container_title else csl.edition_label(ref.edition),
            csl.join(
                [
                    "In" if ref.type in _IN_TYPES else "",
                    csl.join(["" if editors_as_authors else _names(ref.editor, ref), _container(ref)], ". "),
                ],
                ": ",
            ),
            csl.join([_publisher(ref), csl.join([_date(ref), _identifier_serial(ref)], ";")], "; "),
            _pagination(ref),
            csl.rich_title(ref.title) if ref.type == "webpage" and ref.container_title else "",
            _series(ref),
            _report_number(ref),
        ],
        ". ",
        suffix=".",
    )
    return csl.join([main, _availability(ref), _notes(ref)], " ")


STYLE = Style(
    name="nlm",
    csl_id="nlm-citation-sequence",
    label="NLM/Vancouver",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=True,
    aliases=("vancouver",),
)
