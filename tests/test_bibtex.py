"""BibTeX export: entry types, LaTeX-safe values, stable keys, and a bibtexparser round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from bot.models import Name, Reference
from formatters.bibtex import base_key, bibtex_entries, bibtex_name, escape_latex, latex_title, to_bibtex
from formatters.rich import strip_markup

FIXTURES = Path(__file__).parent / "fixtures" / "formatters"
REFS = [
    Reference.model_validate(item)
    for item in json.loads((FIXTURES / "references.json").read_text(encoding="utf-8"))
]
BY_ID = {ref.id: ref for ref in REFS}


def parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return library


def decoded(text: str) -> bibtexparser.Library:
    """What LaTeX would print: the values read back and decoded by pylatexenc."""
    return bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])


def test_round_trip_gives_back_every_field_of_every_entry() -> None:
    written = bibtex_entries(REFS)
    back = parse(to_bibtex(REFS)).entries
    assert [(e.entry_type, e.key) for e in back] == [(e.entry_type, e.key) for e in written]
    for ours, theirs in zip(written, back, strict=True):
        assert {f.key: f.value for f in theirs.fields} == {f.key: f.value for f in ours.fields}


def test_decoded_values_equal_the_source_text() -> None:
    # Checked against the input records: LaTeX escapes and brace protection must decode to the plain text.
    for ref, entry in zip(REFS, decoded(to_bibtex(REFS)).entries, strict=True):
        fields = entry.fields_dict
        # pylatexenc renders \textasciicircum{} as U+02C6 (the glyph LaTeX prints); the source had "^".
        # The title's own final period is left to the BibTeX style (which adds one).
        expected = re.sub(r"(?<!\.)\.$", "", strip_markup(ref.title or ""))
        assert fields["title"].value.replace("\u02c6", "^") == expected, ref.id
        if ref.DOI:
            assert fields["doi"].value == ref.DOI
        if ref.PMID:
            assert fields["pmid"].value == ref.PMID
        if ref.year:
            assert fields["year"].value == str(ref.year)
    # Co-authors split at top-level " and " only: a braced organisation stays one author.
    split = bibtexparser.parse_string(to_bibtex(REFS), append_middleware=[SeparateCoAuthors()])
    for ref, entry in zip(REFS, split.entries, strict=True):
        if ref.author:
            assert len(entry.fields_dict["author"].value) == len(ref.author), ref.id


def test_seed_entry() -> None:
    entry = parse(to_bibtex([BY_ID["34497264"]])).entries[0]
    assert entry.entry_type == "article"
    assert entry.key == "shi2021mesenchymal"
    values = {f.key: f.value for f in entry.fields}
    assert values["author"].startswith("Shi, Lei and Wang, Lifeng and Xu, Ruonan")
    assert values["author"].endswith("Zhen, Cheng and Wang, Fu-Sheng")
    # No final period: BibTeX styles put their own after the title, and "COVID-19.." would follow.
    assert values["title"] == "Mesenchymal stem cell therapy for severe {COVID-19}"
    assert values["journal"] == "Signal transduction and targeted therapy"
    assert (values["volume"], values["number"], values["pages"]) == ("6", "1", "339")
    assert (values["year"], values["month"]) == ("2021", "9")
    assert values["doi"] == "10.1038/s41392-021-00754-6"
    assert values["url"] == "https://doi.org/10.1038/s41392-021-00754-6"
    assert values["issn"] == "2059-3635"


@pytest.mark.parametrize(
    ("ref_id", "entry_type"),
    [
        ("34497264", "article"),
        ("book-1", "book"),
        ("chap-1", "incollection"),
        ("conf-1", "inproceedings"),
        ("data-1", "misc"),
        ("web-1", "misc"),
        ("thesis-1", "phdthesis"),
        ("report-1", "techreport"),
        ("preprint-1", "misc"),
    ],
)
def test_entry_types(ref_id: str, entry_type: str) -> None:
    assert bibtex_entries([BY_ID[ref_id]])[0].entry_type == entry_type


def test_fields_by_type() -> None:
    chapter = {f.key: f.value for f in bibtex_entries([BY_ID["chap-1"]])[0].fields}
    assert chapter["booktitle"] == "Handbook of Surface Forces"
    assert chapter["editor"] == "Ødegård, Åse and {WHO Expert Committee}"
    assert chapter["pages"] == "1234--1239"
    thesis = {f.key: f.value for f in bibtex_entries([BY_ID["thesis-1"]])[0].fields}
    assert thesis["school"] == "University of Oxford"
    report = {f.key: f.value for f in bibtex_entries([BY_ID["report-1"]])[0].fields}
    assert report["institution"] == "ECDC" and report["number"] == "TER-2022-01"
    assert report["author"] == "{European Centre for Disease Prevention and Control}"
    journal = {f.key: f.value for f in bibtex_entries([BY_ID["art-2"]])[0].fields}
    assert journal["pages"] == "e124"
    assert journal["pmcid"] == "PMC1182327"


def test_blank_keywords_leave_no_empty_items() -> None:
    ref = Reference(title="T", keywords=["COVID-19", " ", "<i></i>", "ARDS"])
    fields = {f.key: f.value for f in bibtex_entries([ref])[0].fields}
    assert fields["keywords"] == "COVID-19, ARDS"


def test_latex_specials_are_escaped() -> None:
    assert escape_latex(r"50% & $5 #1 a_b {x} ~ ^ \ ") == (
        r"50\% \& \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{} "
    )
    assert latex_title("A <i>TP53</i> variant in mRNA of SARS-CoV-2") == (
        r"A \textit{{TP53}} variant in {mRNA} of {SARS-CoV-2}"
    )
    assert latex_title('Keep <span class="nocase">iPhone</span> and Zika as typed') == (
        "Keep {iPhone} and Zika as typed"
    )


def test_names() -> None:
    assert (
        bibtex_name(Name(family="Berg", given="Anna", non_dropping_particle="van der"))
        == "van der Berg, Anna"
    )
    assert bibtex_name(Name(family="Müller", given="Jürgen", suffix="Jr")) == "Müller, Jr, Jürgen"
    assert bibtex_name(Name(literal="Procter & Gamble")) == r"{Procter \& Gamble}"
    assert bibtex_name(Name(family="Smith and Sons", given="A")) == "{Smith and Sons}, A"


def test_a_name_part_holding_and_in_any_case_stays_one_person() -> None:
    # BibTeX splits an author list at " and " in any letter case, in every part of a name.
    for name in (Name(family="Smith AND Sons", given="A"), Name(family="Smith", given="Anna and Bo")):
        entry = f"@article{{k, author = {{{bibtex_name(name)}}}}}"
        library = bibtexparser.parse_string(entry, append_middleware=[SeparateCoAuthors()])
        assert len(library.entries[0]["author"]) == 1, bibtex_name(name)


def test_keys_are_stable_ascii_and_unique() -> None:
    assert base_key(BY_ID["preprint-1"]) == "obrien2020tp53"  # O'Brien folded, "A" skipped
    assert base_key(BY_ID["chap-1"]) == "berg2019particles"
    assert (
        base_key(Reference(author=[Name(family="Ødegård")], title="The Ångström scale")) == "odegardangstrom"
    )
    assert base_key(Reference(title="On nothing")) == "anonnothing"
    seed = BY_ID["34497264"]
    keys = [e.key for e in bibtex_entries([seed, seed, seed])]
    assert keys == ["shi2021mesenchymal", "shi2021mesenchymalb", "shi2021mesenchymalc"]
    assert len({e.key for e in bibtex_entries(REFS)}) == len(REFS)


def test_no_references() -> None:
    assert to_bibtex([]) == ""
