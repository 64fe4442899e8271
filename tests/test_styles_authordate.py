"""APA, MLA, Chicago (author-date) and Harvard against citeproc-js 2.4.63 with the official CSL styles.

The expected strings are citeproc-js output, never ours: ``../shared/reference/citeproc-js.json`` for the
shared items and ``tests/golden/authordate_citeproc.json`` (made by ``tests/golden/render_authordate.sh``) for
our golden set. Where citeproc-js departs from the style manuals (``../shared/reference/README.md``),
``manual()`` rewrites its string in one named, explicit way, and each departure has its own test below.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.models import Reference
from formatters.styles import format_citation
from formatters.styles.common import (
    NameForm,
    append,
    format_name,
    format_pages,
    initialize_given,
    parse_name,
    plain_text,
    title_case,
)
from formatters.styles.common import smart_quotes as rich_quotes
from tests.golden_support import GOLDEN, known_miss_marks

CSL_IDS = {
    "apa": "apa",
    "mla": "modern-language-association",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
}
_LOWER_HYPHENATED = re.compile(r"^([A-Z])[a-z]+-([a-z])[a-z]+$")
_GIVEN_WORD = re.compile(r"(?<=[ ‘“])given(?=[ ’”.,?!])")


def manual(style: str, expected: str, item: dict[str, Any]) -> str:
    """citeproc-js's string with the documented manual-over-citeproc departures applied."""
    # 1. Lower-case hyphenated given names: the manuals initialise both parts ("Kim, M.-J."), citeproc "M.".
    if style in ("apa", "harvard"):
        for name in [*item.get("author", []), *item.get("editor", [])]:
            match = _LOWER_HYPHENATED.match(name.get("given", ""))
            if match:
                family = name.get("family", "").replace("'", "\u2019")  # citeproc-js prints ’
                initial, both = f"{match.group(1)}.", f"{match.group(1)}.-{match.group(2).upper()}."
                expected = expected.replace(f"{family}, {initial}", f"{family}, {both}")
                expected = expected.replace(f"{initial} {family}", f"{both} {family}")
    # 2. Harvard: a title's own final period is not doubled before the comma ("COVID-19.,”" → "COVID-19,”").
    if style == "harvard" and (item.get("title") or "").rstrip().endswith("."):
        expected = expected.replace(".,\u201d", ",\u201d", 1)
    # 3. MLA/Chicago title case: the manuals capitalise the word "given"; citeproc-js's stop-word list has it.
    if style in ("mla", "chicago"):
        expected = _GIVEN_WORD.sub("Given", expected, count=1)
    return expected


def _cases(items: list[dict[str, Any]], citeproc: dict[str, dict[str, str | None]]) -> list[Any]:
    # citeproc-js gives null where the style leaves an item out of the bibliography (an unpublished letter
    # or interview, an unsigned offline dictionary entry); ``format_citation`` then renders "".
    return [
        pytest.param(
            style,
            item,
            citeproc[csl_id][item["id"]] or "",
            id=f"{style}-{item['id']}",
            marks=known_miss_marks(style, item),
        )
        for style, csl_id in CSL_IDS.items()
        for item in items
    ]


_GOLDEN_ITEMS = json.loads((GOLDEN / "authordate_items.json").read_text(encoding="utf-8"))
_GOLDEN_CITEPROC = json.loads((GOLDEN / "authordate_citeproc.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("style", "item", "expected"), _cases(_GOLDEN_ITEMS, _GOLDEN_CITEPROC))
def test_golden_set_matches_citeproc_js(style: str, item: dict[str, Any], expected: str) -> None:
    ref = Reference.from_csl_json(item)
    assert format_citation(ref, style) == manual(style, expected, item)


def _shared_cases(shared_dir: Path) -> list[tuple[str, dict[str, Any], str]]:
    reference = shared_dir / "reference"
    items = json.loads((reference / "items.json").read_text(encoding="utf-8"))
    citeproc = json.loads((reference / "citeproc-js.json").read_text(encoding="utf-8"))
    return [
        (style, item, citeproc[csl_id][item["id"]]) for style, csl_id in CSL_IDS.items() for item in items
    ]


@pytest.mark.parametrize("style", list(CSL_IDS))
def test_shared_reference_set_matches_citeproc_js(shared_dir: Path, style: str) -> None:
    mismatches = []
    checked = 0
    for case_style, item, expected in _shared_cases(shared_dir):
        if case_style != style:
            continue
        checked += 1
        got = format_citation(Reference.from_csl_json(item), style)
        if got != manual(style, expected, item):
            mismatches.append((item["id"], manual(style, expected, item), got))
    assert checked >= 20
    assert mismatches == []


def test_shared_dataset_prints_its_version(shared_dir: Path) -> None:
    # The shared "dataset" item has "version": "2.1": APA's identifier prints "(Version 2.1)", as citeproc-js does.
    items = json.loads((shared_dir / "reference" / "items.json").read_text(encoding="utf-8"))
    citeproc = json.loads((shared_dir / "reference" / "citeproc-js.json").read_text(encoding="utf-8"))
    dataset = next(item for item in items if item["id"] == "dataset")
    got = format_citation(Reference.from_csl_json(dataset), "apa")
    assert "(Version 2.1)" in citeproc["apa"]["dataset"]
    assert got == citeproc["apa"]["dataset"]


# --- The documented departures, each asserted against citeproc-js's own string ---------------------------


def _golden(item_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    item = next(i for i in _GOLDEN_ITEMS if i["id"] == item_id)
    return item, {style: _GOLDEN_CITEPROC[csl][item_id] for style, csl in CSL_IDS.items()}


def test_departure_lowercase_hyphenated_given_name_keeps_both_initials() -> None:
    # APA 9.8 and Cite Them Right initialise each part of a hyphenated given name: "Park, S.-Y.".
    # citeproc-js drops a part that starts lower case ("Seo-yeon" → "S."), which the manuals do not allow.
    item, citeproc = _golden("ad-edge-07")
    assert "Park, S. (2021)" in citeproc["harvard"] and "Park, S. (2021)" not in manual(
        "harvard", citeproc["harvard"], item
    )
    ref = Reference.from_csl_json(item)
    assert "& Park, S.-Y. (2021)" in format_citation(ref, "apa")
    assert "and Park, S.-Y. (2021)" in format_citation(ref, "harvard")
    # MLA and Chicago print given names in full, as citeproc-js does.
    assert "Seo-yeon Park" in format_citation(ref, "mla") and "Seo-yeon Park" in citeproc["mla"]


def test_departure_harvard_does_not_double_a_titles_final_period() -> None:
    # PubMed titles end in "."; citeproc-js then prints "COVID-19.,”" before the comma. Cite Them Right has one
    # mark there, so the title's own final period goes ("?" and "!" stay, they are part of the title).
    item, citeproc = _golden("ad-jour-000")
    assert "COVID-19.,\u201d" in citeproc["harvard"]
    got = format_citation(Reference.from_csl_json(item), "harvard")
    assert "\u201cMesenchymal stem cell therapy for severe COVID-19,\u201d Signal" in got
    question, question_citeproc = _golden("ad-hard-02")
    assert "now?,\u201d" in question_citeproc["harvard"]
    assert "now?,\u201d" in format_citation(Reference.from_csl_json(question), "harvard")


def test_departure_title_case_capitalises_given() -> None:
    # MLA 1.2.1 and CMOS 8.159 lower-case articles, prepositions and conjunctions only; "given" is a verb form.
    # citeproc-js's stop-word list includes it ("People given a Second Dose").
    item, citeproc = _golden("ad-jour-044")
    assert "People given a Second Dose" in citeproc["mla"]
    ref = Reference.from_csl_json(item)
    assert "People Given a Second Dose" in format_citation(ref, "mla")
    assert "People Given a Second Dose" in format_citation(ref, "chicago")
    assert "people given a second dose" in format_citation(ref, "apa")  # APA keeps sentence case


def test_departure_doi_with_resolver_prefix_is_not_doubled() -> None:
    # CSL-JSON wants a bare DOI; citeproc-js blindly prefixes whatever it gets and prints
    # "https://doi.org/https://doi.org/10.1/abc" (checked with tools/csl-render). A link that resolves wins.
    item = dict(_GOLDEN_ITEMS[0], DOI="https://doi.org/10.1/abc")
    for style in CSL_IDS:
        got = format_citation(Reference.from_csl_json(item), style)
        assert "https://doi.org/10.1/abc" in got and "doi.org/https" not in got


# --- Primitives, checked against citeproc-js output and the CSL spec -------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("mRNA vaccines against SARS-CoV-2 in older adults: the role of T cells and of the iPhone era",
         "mRNA Vaccines against SARS-CoV-2 in Older Adults: The Role of T Cells and of the iPhone Era"),
        ("Persistence of <i>Staphylococcus aureus</i> in <span class=\"nocase\">iPSC</span>-derived cells",
         "Persistence of <i>Staphylococcus Aureus</i> in <span class=\"nocase\">iPSC</span>-Derived Cells"),
        ("COVID-19 and the heart: what we know so far.", "COVID-19 and the Heart: What We Know so Far."),
        ("Long-term outcomes after out-of-hospital cardiac arrest",
         "Long-Term Outcomes after out-of-Hospital Cardiac Arrest"),
        ("Is it worth it? yes", "Is It Worth It? Yes"),
        ("Vaccines for all!", "Vaccines for All!"),
        ("a note on the semantics of de novo mutations", "A Note on the Semantics of de Novo Mutations"),
        ("What are they looking for", "What Are They Looking For"),
    ],
)  # fmt: skip
def test_title_case_follows_citeproc_js(title: str, expected: str) -> None:
    # Expected values checked with tools/csl-render (MLA, html output) and the shared reference set.
    assert title_case(title) == expected


@pytest.mark.parametrize(
    ("page", "fmt", "expected", "plural"),
    [
        ("321-8", "expanded", "321–328", True),
        ("321-8", "minimal-two", "321–28", True),
        ("321-8", "chicago-16", "321–28", True),
        ("1100-1199", "chicago-16", "1100–1199", True),
        ("1401-1410", "chicago-16", "1401–10", True),
        ("101-108", "chicago-16", "101–8", True),
        ("101-108", "minimal-two", "101–08", True),
        ("12-3", "none", "12–3", True),
        ("S12-S18", "minimal-two", "S12–18", True),
        ("S12-S18", "expanded", "S12–S18", True),
        ("e0245678", "expanded", "e0245678", False),
        ("401.e1-401.e8", "minimal-two", "401.e1-401.e8", False),
        ("5,7", "none", "5,7", False),
        ("5, 7, 9", "none", "5, 7, 9", True),
        ("100-100", "minimal-two", "100–100", True),
    ],
)
def test_page_ranges_follow_citeproc_js(page: str, fmt: Any, expected: str, plural: bool) -> None:
    # Expected values are citeproc-js 2.4.63 output for these page strings (APA expanded, MLA minimal-two,
    # Chicago chicago-16, Harvard none), rendered with tools/csl-render.
    pages = format_pages(page, fmt)
    assert pages is not None
    assert (pages.text, pages.plural) == (expected, plural)


@pytest.mark.parametrize(
    ("given", "terminator", "expected"),
    [
        ("John P. A.", ". ", "J. P. A."),
        ("J.D.", ".", "J.D."),
        ("JD", ". ", "J."),
        ("Jean-Paul", ". ", "J.-P."),
        ("Ma. Cristina", ". ", "Ma. C."),
        ("Thi Mai", ".", "T.M."),
    ],
)
def test_initials_follow_citeproc_js(given: str, terminator: str, expected: str) -> None:
    assert initialize_given(given, terminator) == expected


def test_particles_are_split_out_of_family_names_like_citeproc_js() -> None:
    author = Reference.from_csl_json({"author": [{"family": "van der Berg", "given": "Anna"}]}).author[0]
    name = parse_name(author)
    assert (name.non_dropping, name.family) == ("van der", "Berg")
    assert (
        format_name(author, NameForm(demote_particle=True), inverted=True) == "Berg, Anna van der"
    )  # Chicago
    assert format_name(author, NameForm(initials=". "), inverted=True) == "van der Berg, A."  # APA


def smart_quotes(value: str, *, inner: bool) -> str:
    return plain_text(rich_quotes(value, inside_quotes=inner))


def test_quotes_flip_inside_a_quoted_title() -> None:
    assert smart_quotes('What is the "optimal" dose?', inner=False) == "What is the \u201coptimal\u201d dose?"
    assert smart_quotes('What is the "optimal" dose?', inner=True) == "What is the \u2018optimal\u2019 dose?"
    assert smart_quotes("Parkinson's disease", inner=True) == "Parkinson\u2019s disease"


def test_punctuation_merges_like_citeproc_js() -> None:
    def joined(left: str, right: str) -> str:
        # the left field's quotation marks as a field's quotes are: paired and marked as closing
        return plain_text(append(rich_quotes(left), right))

    assert joined("et al.", ". 2021") == "et al. 2021"
    assert joined("\u201cWhere are we now?\u201d", ". Next") == "\u201cWhere are we now?\u201d Next"
    assert joined("\u201cTitle\u201d", ", Next") == "\u201cTitle,\u201d Next"
    assert joined("\u201cTitle?\u201d", ", Next") == "\u201cTitle?,\u201d Next"


# --- Slack mrkdwn ----------------------------------------------------------------------------------------

_ARTICLE = {
    "id": "x",
    "type": "article-journal",
    "title": "Rock & roll: <i>in vitro</i> < in vivo?",
    "container-title": "Journal of Tests",
    "volume": "3",
    "issue": "2",
    "page": "10-20",
    "issued": {"date-parts": [[2020, 5]]},
    "author": [{"family": "Smith", "given": "Jane"}, {"family": "Doe", "given": "Joe"}],
    "DOI": "10.1/x",
}


@pytest.mark.parametrize("style", ["apa", "mla", "chicago", "harvard"])
def test_mrkdwn_italicises_journal_and_escapes(style: str) -> None:
    out = format_citation(Reference.from_csl_json(_ARTICLE), style, "mrkdwn")
    assert "_Journal of Tests_" in out  # every one of these styles italicises the journal title
    assert "&amp;" in out and "&lt;" in out
    assert "<" not in out.replace("&lt;", "") and ">" not in out


def test_mrkdwn_apa_volume_italic_and_book_title_italic() -> None:
    out = format_citation(Reference.from_csl_json(_ARTICLE), "apa", "mrkdwn")
    assert "_Journal of Tests_, _3_(2), 10–20." in out
    book = {"id": "b", "type": "book", "title": "Molecular biology of the cell", "publisher": "Garland Science",
            "issued": {"date-parts": [[2014]]}, "author": [{"family": "Alberts", "given": "Bruce"}]}  # fmt: skip
    ref = Reference.from_csl_json(book)
    assert "_Molecular biology of the cell_" in format_citation(ref, "apa", "mrkdwn")
    assert "_Molecular Biology of the Cell_" in format_citation(ref, "mla", "mrkdwn")
    assert "_Molecular Biology of the Cell_" in format_citation(ref, "chicago", "mrkdwn")
    assert "_Molecular biology of the cell_" in format_citation(ref, "harvard", "mrkdwn")


def test_mrkdwn_italic_inside_an_italic_title_turns_roman() -> None:
    book = {"id": "b", "type": "book", "title": "Biology of <i>E. coli</i>", "publisher": "P",
            "issued": {"date-parts": [[2014]]}, "author": [{"family": "Alberts", "given": "Bruce"}]}  # fmt: skip
    assert "_Biology of_ E. coli" in format_citation(Reference.from_csl_json(book), "apa", "mrkdwn")


@pytest.mark.parametrize("style", ["apa", "mla", "chicago", "harvard"])
def test_hostile_title_shows_literally(style: str) -> None:
    item = dict(_ARTICLE, title="<!channel> click <https://x|here>")
    out = format_citation(Reference.from_csl_json(item), style, "mrkdwn")
    assert "&lt;!" in out and "&lt;https://" in out
    assert "<!" not in out and "<http" not in out


def test_harvard_et_al_is_italic_in_mrkdwn() -> None:
    item = dict(_ARTICLE, author=[{"family": f"Author{i}", "given": "A"} for i in range(5)])
    out = format_citation(Reference.from_csl_json(item), "harvard", "mrkdwn")
    assert out.startswith("Author0, A. _et al._ (2020)")


# --- CLI -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["apa", "mla", "chicago", "harvard", "chicago-author-date"])
def test_cli_format_prints_entries(tmp_path: Path, style: str) -> None:
    items = [i for i in _GOLDEN_ITEMS if i["id"] in ("ad-jour-001", "ad-book-00", "ad-web-00")]
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    out = io.StringIO()
    assert main(["format", "--style", style, str(path)], out=out) == 0
    name = "chicago" if style == "chicago-author-date" else style
    expected = [manual(name, _GOLDEN_CITEPROC[CSL_IDS[name]][item["id"]], item) for item in items]
    assert out.getvalue().splitlines() == expected


# --- Robustness ------------------------------------------------------------------------------------------

_words = st.text(alphabet=st.sampled_from("abcdeXYZ éü'-.:?!<>&\"()0123456789 "), min_size=0, max_size=30)
_name = st.one_of(
    st.fixed_dictionaries({"family": _words, "given": _words}),
    st.fixed_dictionaries({"literal": _words}),
    st.fixed_dictionaries({"family": _words}),
    st.fixed_dictionaries(
        {"family": _words, "given": _words, "suffix": _words, "non-dropping-particle": _words}
    ),
)
_item = st.fixed_dictionaries(
    {"type": st.sampled_from(["article-journal", "book", "chapter", "article", "dataset", "webpage", "thesis",
                              "report", "paper-conference", "review", "post-weblog", "motion_picture"])},
    optional={
        "title": _words, "container-title": _words, "volume": _words, "issue": _words, "page": _words,
        "number": _words, "edition": _words, "genre": _words, "publisher": _words, "publisher-place": _words,
        "DOI": _words, "URL": _words, "language": _words, "event-title": _words, "medium": _words,
        "author": st.lists(_name, max_size=25), "editor": st.lists(_name, max_size=8),
        "issued": st.fixed_dictionaries({"date-parts": st.lists(st.lists(st.integers(-5, 3000), max_size=3), max_size=2)},
                                        optional={"season": st.one_of(st.integers(0, 5), _words)}),
        "accessed": st.fixed_dictionaries({"date-parts": st.lists(st.lists(st.integers(0, 3000), max_size=3), max_size=1)}),
    },
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(item=_item)
def test_any_item_renders_in_every_style(item: dict[str, Any]) -> None:
    ref = Reference.from_csl_json(item)
    for style in CSL_IDS:
        plain = format_citation(ref, style)
        assert "None" not in plain  # the alphabet has no "N": a None leaked into the text
        mrkdwn = format_citation(ref, style, "mrkdwn")
        assert "<" not in mrkdwn and ">" not in mrkdwn  # escaped, never a Slack control sequence
