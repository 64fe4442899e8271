"""NLM/Vancouver (Citing Medicine, 2nd ed.), as nlm-citation-sequence.csl renders it with citeproc-js.

Shi L, Wang L, Xu R, Zhang C, Xie Y, Liu K, et al. Mesenchymal stem cell therapy for severe COVID-19. Signal
Transduct Target Ther. 2021 Sep 8;6(1):339. doi:10.1038/s41392-021-00754-6 PubMed PMID: 34497264.
"""

from __future__ import annotations

from bot.models import DateVariable, Name, Reference
from formatters.rich import Span
from formatters.styles import Style
from formatters.styles._numeric import (
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
    number_range,
    plain,
    rich_field,
)
from formatters.styles.common import Rich, to_spans

_NAMES = NameListForm(
    person=NameForm(terminator="", hyphen=False, inverted=True, sort_separator=" "),
    et_al_min=7,
    et_al_use_first=6,
    delimiter=", ",
    and_word="none",
)
# NLM's locale overrides (Jun., Jul., Sep.) with strip-periods.
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SERIAL = frozenset(
    [
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "periodical",
        "post-weblog",
        "review",
        "review-book",
    ]
)
_JOURNAL = frozenset(["article-journal", "review", "review-book"])
_IN_TYPES = frozenset(["chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia"])
_IDENTIFIER_SERIAL = frozenset(
    ["article-journal", "article-magazine", "periodical", "post-weblog", "review", "review-book"]
)


def _date_text(date: DateVariable | None, with_day: bool = True) -> str:
    """``form="text"`` of this style: "2021 Sep 8", "2021 Sep", "2021 Summer", "2021"."""
    parts = date_parts(date)
    if parts is None:
        return ""
    if parts.literal:
        return parts.literal
    words = [str(parts.year)] if parts.year is not None else []
    if parts.month:
        words.append(_MONTHS[parts.month - 1])
        if parts.day and with_day:
            words.append(str(parts.day))
    elif parts.season:
        words.append(parts.season)
    return " ".join(words)


def _year(date: DateVariable | None) -> str:
    parts = date_parts(date)
    if parts is None:
        return ""
    return parts.literal or (str(parts.year) if parts.year is not None else "")


def _names(names: list[Name], ref: Reference) -> Field:
    spans = format_names(names, _NAMES, ref.language)
    if not spans:
        return ""
    return spans + (", editors" if len(names) > 1 else ", editor")


def _is_journal_with_id(ref: Reference) -> bool:
    # Citing Medicine drops "[Internet]", the cited date and the URL of a journal article found by an id.
    return ref.type == "article-journal" and bool(ref.DOI or ref.PMID or ref.PMCID)


def _date_of_citation(ref: Reference) -> Field:
    if not ref.URL:
        return ""
    cited = _date_text(ref.accessed)
    return plain(f"[cited {cited}]") if cited else ""


def _edition(ref: Reference) -> Field:
    return plain(edition_label(ref.edition)) if ref.edition else ""


def _title_part(ref: Reference) -> Field:
    webpage_in_site = ref.type == "webpage" and bool(ref.container_title)
    title_text = ref.container_title if webpage_in_site else ref.title
    medium = ""
    if webpage_in_site or not ref.container_title:
        if ref.medium:
            medium = plain(f"[{capitalize_first(ref.medium)}]")
        elif ref.type not in _IN_TYPES and ref.URL:
            medium = plain("[Internet]")
    return group(
        [
            rich_field(title_text) if title_text else "",
            plain(f"[{ref.genre}]") if ref.genre else "",
            medium,
        ],
        " ",
    )


def _container(ref: Reference) -> Field:
    if ref.type == "webpage":
        return ""
    if ref.container_title:
        if ref.type in _JOURNAL:
            container = rich_field(container_short(ref) or "", strip_periods=True)
        else:
            container = rich_field(ref.container_title)
        internet = "" if _is_journal_with_id(ref) or not ref.URL else plain("[Internet]")
        return group([group([container, internet], " "), _edition(ref)], ". ")
    if ref.type == "speech":
        # CSL ``event`` (not ``event-title``, which citeproc-js does not map to it) after the genre.
        return plain(f"{capitalize_first(ref.genre)} presented at") if ref.genre else ""
    if ref.volume:
        return plain(f"Vol. {ref.volume}" if is_numeric(ref.volume) else ref.volume)
    return ""


def _publisher(ref: Reference) -> Field:
    if ref.type in _SERIAL:
        return ""
    if ref.type == "thesis":
        place = plain(f"[{ref.publisher_place}]") if ref.publisher_place else ""
    elif ref.type == "speech":
        place = ""
    else:
        place = plain(ref.publisher_place)
    return group([place, plain(ref.publisher)], ": ")


def _date(ref: Reference) -> Field:
    if ref.type in _SERIAL:
        cited = "" if _is_journal_with_id(ref) else _date_of_citation(ref)
        issued = group([plain(_date_text(ref.issued)), cited], " ")
        page = plain(ref.page) if ref.type == "article-newspaper" else ""
        return group([issued, page], ":")
    if ref.type in ("bill", "legislation"):
        return plain(_date_text(ref.issued))
    if ref.type == "report":
        return group([plain(_date_text(ref.issued, with_day=False)), _date_of_citation(ref)], " ")
    if ref.type == "patent":
        return group(
            [group([plain(ref.number), plain(_year(ref.issued))], ", "), _date_of_citation(ref)], " "
        )
    if ref.type == "speech":
        return group([plain(_date_text(ref.issued)), _date_of_citation(ref)], " ")
    return group([plain(_year(ref.issued)), _date_of_citation(ref)], " ")


def _identifier_serial(ref: Reference) -> Field:
    if ref.type not in _IDENTIFIER_SERIAL:
        return ""
    issue = f"({number_range(ref.issue)})" if ref.issue else ""
    volume = plain(f"{ref.collection_title or ''}{number_range(ref.volume or '')}{issue}")
    locator = (
        plain(ref.number) if ref.number else (plain(format_pages(ref.page, "minimal")) if ref.page else "")
    )
    return group([volume, locator], ":")


def _pagination(ref: Reference) -> Field:
    if ref.type in _SERIAL - {"periodical", "post-weblog"} or ref.type == "book" or not ref.page:
        return ""
    return plain(f"p. {format_pages(ref.page, 'minimal')}")


def _availability(ref: Reference) -> Field:
    url = ""
    if not _is_journal_with_id(ref) and ref.URL:
        url = group([plain("Available from"), plain(ref.URL, quotes=False)], ": ")
    doi = plain(f"doi:{ref.DOI}", quotes=False) if ref.DOI else ""
    return group([url, doi], " ")


def _notes(ref: Reference) -> Field:
    ids = group(
        [
            plain(f"PubMed PMID: {ref.PMID}") if ref.PMID else "",
            plain(f"PubMed Central PMCID: {ref.PMCID}") if ref.PMCID else "",
        ],
        "; ",
    )
    return group([ids], ". ", suffix=".")


def render_rich(ref: Reference) -> Rich:
    author = format_names(ref.author, _NAMES, ref.language)
    editors_as_authors = not author and bool(ref.editor)
    main = group(
        [
            author if author else (_names(ref.editor, ref) if editors_as_authors else ""),
            _title_part(ref),
            "" if ref.container_title else _edition(ref),
            group(
                [
                    plain("In") if ref.type in _IN_TYPES else "",
                    group(["" if editors_as_authors else _names(ref.editor, ref), _container(ref)], ". "),
                ],
                ": ",
            ),
            group([_publisher(ref), group([_date(ref), _identifier_serial(ref)], ";")], "; "),
            _pagination(ref),
            rich_field(ref.title) if ref.type == "webpage" and ref.container_title and ref.title else "",
            _series(ref),
            _report_number(ref),
        ],
        ". ",
        suffix=".",
    )
    return group([main, _availability(ref), _notes(ref)], " ")


def render(ref: Reference) -> list[Span]:
    return to_spans(render_rich(ref))


def _series(ref: Reference) -> Field:
    if ref.type in _SERIAL or not ref.collection_title:
        return ""
    return group([rich_field(ref.collection_title)], "", prefix="(", suffix=")")


def _report_number(ref: Reference) -> Field:
    if ref.type != "report" or not ref.number:
        return ""
    lead = capitalize_first(ref.genre) if ref.genre else "Report"
    number = f"no.: {ref.number}" if is_numeric(ref.number) else ref.number
    return plain(f"{lead} {number}")


STYLE = Style(
    name="nlm",
    csl_id="nlm-citation-sequence",
    label="NLM/Vancouver",
    render=render,
    rich=render_rich,
    numeric=True,
    aliases=("vancouver",),
)
