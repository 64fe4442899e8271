"""Nature, as nature.csl (en-GB locale) renders it with citeproc-js.

Shi, L. et al. Mesenchymal stem cell therapy for severe COVID-19. Signal Transduct Target Ther 6, 339 (2021).
"""

from __future__ import annotations

from bot.models import Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import QuoteLocale, Rich

_NAMES = csl.NameList(
    form=csl.NameForm(initials=". ", sort_order="all"),
    et_al_min=6,
    et_al_use_first=1,
    and_word="&",
    delimiter_precedes_last="never",
    et_al_italic=True,
)
_ITALIC_TITLE = frozenset(
    ["bill", "book", "graphic", "legal_case", "legislation", "motion_picture", "report", "song"]
)
_PUBLISHED = frozenset(
    [
        "bill",
        "book",
        "graphic",
        "legal_case",
        "legislation",
        "motion_picture",
        "song",
        "thesis",
        "chapter",
        "paper-conference",
    ]
)
_IN_TYPES = frozenset(["chapter", "paper-conference"])
_GB: QuoteLocale = "en-GB"


def _year_in_parens(ref: Reference) -> Rich:
    return csl.wrap("(", csl.year_text(ref.issued), ")")


def _doi_link(ref: Reference) -> Rich:
    return csl.doi_url(ref)


def _title(ref: Reference) -> Rich:
    if ref.type in _ITALIC_TITLE:
        return csl.italic(csl.rich_title(ref.title, case="title", language=ref.language, locale=_GB))
    return csl.rich_title(ref.title, locale=_GB)


def _container(ref: Reference) -> Rich:
    container = ref.container_title
    if ref.type == "article-journal":
        container = ref.container_title_short or container
    return csl.italic(csl.rich_title(container, locale=_GB))


def _editors(ref: Reference) -> Rich:
    if ref.type not in _IN_TYPES or not ref.editor:
        return ""
    label = "eds" if len(ref.editor) > 1 else "ed."
    return f"({label} {csl.format_names(ref.editor, _NAMES, ref.language)})"


def _volume(ref: Reference) -> Rich:
    if not ref.volume:
        return ""
    if ref.type == "article-journal":
        return csl.bold(csl.plain(ref.volume)) + ","
    return csl.field(f"vol. {ref.volume}", locale=_GB)


def _issuance(ref: Reference) -> Rich:
    kind = ref.type
    if kind in _PUBLISHED:
        details = csl.join(
            [
                csl.field(ref.publisher, locale=_GB),
                csl.field(ref.publisher_place, locale=_GB),
                csl.year_text(ref.issued),
            ],
            ", ",
        )
        return csl.wrap("(", details, ").")
    if kind == "article":
        lead = csl.capitalize_first(csl.field(ref.genre, locale=_GB)) if ref.genre else "Preprint"
        where = _doi_link(ref) or csl.plain(ref.URL)
        return csl.join([lead, "at", where, _year_in_parens(ref)], " ")
    if kind in ("dataset", "software"):
        return csl.join([csl.field(ref.publisher, locale=_GB), _doi_link(ref), _year_in_parens(ref)], " ")
    if kind in ("report", "webpage", "post", "post-weblog"):
        return csl.join([csl.plain(ref.URL), _year_in_parens(ref)], " ")
    if kind == "article-journal":
        link = ""
        if not ref.volume and not ref.page:
            link = _doi_link(ref) or csl.plain(ref.URL)
        return csl.join([link, _year_in_parens(ref)], " ")
    return _year_in_parens(ref)


def _access(ref: Reference) -> Rich:
    if ref.volume or ref.type in ("article", "dataset", "software") or not ref.DOI:
        return ""
    return f"doi:{csl.doi(ref)}"


def render_rich(ref: Reference) -> Rich:
    parts = [
        csl.group([csl.format_names(ref.author, _NAMES, ref.language)], "", suffix=".", punct_in_quote=False),
        csl.group([_title(ref)], "", suffix=".", punct_in_quote=False),
        "in" if ref.type in _IN_TYPES else "",
        _container(ref),
        _editors(ref),
        _volume(ref),
        csl.pages_text(ref.page, "none"),
        _issuance(ref),
        _access(ref),
    ]
    return csl.group([csl.join(parts, " ", punct_in_quote=False)], "", suffix=".", punct_in_quote=False)


STYLE = Style(
    name="nature",
    csl_id="nature",
    label="Nature",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=True,
)
