"""Harvard (Cite Them Right 12th ed.) — a transcription of ``harvard-cite-them-right.csl``.

The style sets no default locale, so citeproc-js renders it with en-US terms ("eds.", "ed.", "March 5, 2024").
"""

from __future__ import annotations

from bot.models import Name, Reference
from formatters.styles import Style
from formatters.styles import common as csl
from formatters.styles.common import Rich

_AUTHORS = csl.NameList(
    form=csl.NameForm(initials=".", sort_order="all"),
    et_al_min=4,
    et_al_use_first=1,
    and_word="and",
    delimiter_precedes_last="never",
    et_al_italic=True,
)
_EDITORS = csl.NameList(
    form=csl.NameForm(initials="."), et_al_min=4, et_al_use_first=1, and_word="and", et_al_italic=True
)
_ITALIC_TITLE_TYPES = {
    "bill", "book", "legal_case", "legislation", "motion_picture", "report", "song", "thesis", "webpage", "graphic",
}  # fmt: skip
_JOURNALS = {"article-newspaper", "article-magazine", "article-journal"}
_PAGED_TYPES = {
    "chapter", "paper-conference", "article-journal", "article", "article-magazine", "article-newspaper", "book",
    "review", "review-book", "report",
}  # fmt: skip


_EDITOR_LABEL = (" (ed.)", " (eds.)")
_TRANSLATOR_LABEL = (" (trans.)", " (trans.)")
# In a chapter, the container's author and, after it, its editors take spaced initials.
_CONTAINER_AUTHORS = csl.NameList(
    form=csl.NameForm(initials=". "), et_al_min=4, et_al_use_first=1, and_word="and", et_al_italic=True
)


def _names(names: list[Name], ref: Reference, rules: csl.NameList) -> Rich:
    return csl.format_names(names, rules, ref.language)


def _title_spans(ref: Reference) -> Rich:
    # Manual over citeproc-js: a title's own final period is dropped, or citeproc-js prints "COVID-19.,".
    title = csl.without_final_period(ref.title)
    return csl.rich_title(title, inner_quotes=ref.type not in _ITALIC_TITLE_TYPES)


def _edition(ref: Reference) -> Rich:
    return csl.edition_label(ref.edition, term="ed")


def _title(ref: Reference) -> Rich:
    if ref.type in _ITALIC_TITLE_TYPES:
        medium = csl.wrap("[", csl.field(ref.medium), "]")
        return csl.join([csl.join([csl.italic(_title_spans(ref)), medium], " "), _edition(ref)], ". ")
    return csl.quoted(_title_spans(ref))


def _author(ref: Reference) -> tuple[Rich, str]:
    if ref.author:
        return _names(ref.author, ref, _AUTHORS), "author"
    if ref.editor:
        return csl.format_names(ref.editor, _AUTHORS, ref.language, _EDITOR_LABEL), "editor"
    if ref.translator:
        return csl.format_names(ref.translator, _AUTHORS, ref.language, _TRANSLATOR_LABEL), "translator"
    if ref.type in _JOURNALS and ref.container_title:
        title = csl.rich_title(ref.container_title, case="title", language=ref.language)
        return csl.italic(title), "container-title"
    if ref.title:
        return _title(ref), "title"
    return "", ""


def _year(ref: Reference, *, leads: bool = False) -> Rich:
    parts = csl.date_parts(ref.issued)
    if parts is not None and parts.literal:
        return f"({parts.literal})"
    if parts is None or parts.year is None:
        return "(No date)" if leads else "(no date)"  # citeproc-js capitalises a term opening the entry
    return f"({csl.year_text(ref.issued)})"


def _editor_in(ref: Reference, used: str) -> Rich:
    """The editor macro: "in" the container's author, else its editors and translators."""
    if ref.type not in ("chapter", "paper-conference"):
        return ""
    if ref.container_author:
        return f"in {csl.format_names(ref.container_author, _CONTAINER_AUTHORS, ref.language)},"
    contributors = csl.join(
        [
            csl.format_names(ref.editor, _EDITORS, ref.language, _EDITOR_LABEL) if used != "editor" else "",
            csl.format_names(ref.translator, _EDITORS, ref.language, _TRANSLATOR_LABEL)
            if used != "translator"
            else "",
        ],
        ", ",
    )
    return csl.wrap("in ", contributors, "")


def _container_title(ref: Reference, used: str) -> Rich:
    if not ref.container_title or used == "container-title":
        return ""
    name = csl.italic(csl.rich_title(ref.container_title))
    if ref.type in ("article", "article-journal") and not (ref.page or ref.volume):
        name = csl.join([name, "[Preprint]"], " ")
    return csl.join([name, _edition(ref) if ref.type not in _ITALIC_TITLE_TYPES else ""], ". ")


def _secondary_contributors(ref: Reference, used: str) -> Rich:
    """ "Edited by …. Translated by …" where the editor macro did not name them."""
    if ref.type in ("chapter", "paper-conference"):
        if not ref.container_author:
            return ""
        rules = _CONTAINER_AUTHORS
    else:
        rules = _EDITORS
    return csl.join(
        [
            csl.wrap("Edited by ", csl.format_names(ref.editor, rules, ref.language), "")
            if used != "editor"
            else "",
            csl.wrap("Translated by ", csl.format_names(ref.translator, rules, ref.language), "")
            if used != "translator"
            else "",
        ],
        ". ",
    )


def _place_publisher(ref: Reference) -> Rich:
    return ": ".join(p for p in (csl.field(ref.publisher_place), csl.field(ref.publisher)) if p)


def _publisher(ref: Reference) -> Rich:
    if ref.type == "thesis":
        return csl.join([csl.field(ref.genre), csl.field(ref.publisher)], ". ")
    if ref.type == "report":
        genre_number = csl.join([csl.field(ref.genre), csl.number_text(ref.number)], " ")
        return csl.join([genre_number, _place_publisher(ref)], ". ")
    if ref.type in _JOURNALS:
        return ""
    series = csl.wrap(
        "(", csl.join([csl.field(ref.collection_title), csl.field(ref.collection_number)], ", "), ")"
    )
    return csl.join([_place_publisher(ref), series], " ")


def _locator(ref: Reference) -> Rich:
    if ref.type != "article-journal":
        return ""
    return csl.number_text(ref.volume) + csl.wrap("(", csl.number_text(ref.issue), ")")


def _published_date(ref: Reference) -> Rich:
    if ref.type not in ("article-newspaper", "article-magazine", "post-weblog", "speech"):
        return ""
    parts = csl.date_parts(ref.issued)
    if parts is None:
        return ""
    if parts.month is None:
        return parts.season_name(words=False)
    day = f"{parts.day} " if parts.day else ""
    return f"{day}{csl.MONTHS[parts.month - 1]}"


def _pages(ref: Reference) -> Rich:
    if ref.type not in _PAGED_TYPES:
        return ""
    pages = csl.format_pages(ref.page, "none")
    if pages is None:
        return ""
    return ("pp. " if pages.plural else "p. ") + pages.text


def _access(ref: Reference) -> Rich:
    if ref.DOI:
        return f"Available at: {csl.doi_url(ref)}"
    if not ref.URL:
        return ""
    accessed = csl.wrap(" (Accessed: ", csl.date_text(ref.accessed, season_words=False), ")")
    return f"Available at: {csl.plain(ref.URL)}{accessed}"


def render_rich(ref: Reference) -> Rich:
    author, used = _author(ref)
    title = _title(ref) if used != "title" else ""
    headline = csl.join(
        [
            author,
            _year(ref, leads=not author),
            csl.join([title, csl.join([_editor_in(ref, used), _container_title(ref, used)], " ")], ", "),
        ],
        " ",
    )
    entry = csl.join([headline, _secondary_contributors(ref, used), _publisher(ref)], ". ")
    entry = csl.join([entry, csl.join([_locator(ref), _published_date(ref), _pages(ref)], ", ")], ", ")
    entry = csl.join([entry, _access(ref)], ". ")
    return csl.append(entry, ".")


STYLE = Style(
    name="harvard",
    csl_id="harvard-cite-them-right",
    label="Harvard (Cite Them Right 12th ed.)",
    render=csl.spans_renderer(render_rich),
    rich=render_rich,
    numeric=False,
)
