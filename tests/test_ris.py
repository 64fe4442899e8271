"""RIS export: tags Zotero and EndNote read, one record per reference, and a lossless rispy round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rispy

from bot.models import Reference
from formatters.ris import TYPE_MAP, doi_url, ris_record, split_pages, to_ris

FIXTURES = Path(__file__).parent / "fixtures" / "formatters"


def load_refs() -> list[Reference]:
    items = json.loads((FIXTURES / "references.json").read_text(encoding="utf-8"))
    return [Reference.model_validate(item) for item in items]


REFS = load_refs()
BY_ID = {ref.id: ref for ref in REFS}
SEED = BY_ID["34497264"]


def test_round_trip_gives_back_every_field_of_every_record() -> None:
    text = to_ris(REFS)
    assert text.count("\nER  - ") + text.startswith("ER  - ") == len(REFS)
    assert rispy.loads(text) == [ris_record(ref) for ref in REFS]


def test_round_trip_keeps_the_source_values() -> None:
    # Checked against the input records, not against our own writer.
    for ref, back in zip(REFS, rispy.loads(to_ris(REFS)), strict=True):
        assert len(back.get("authors", [])) == len(ref.author), ref.id
        if ref.DOI:
            assert back["doi"] == ref.DOI
        if ref.PMID:
            assert back["accession_number"] == ref.PMID
            assert back["name_of_database"] == "PubMed"
        if ref.year:
            assert back["year"] == str(ref.year)
    many = rispy.loads(to_ris([BY_ID["art-many"]]))[0]
    assert many["authors"] == [f"Family{i}, Given {chr(65 + i % 26)}." for i in range(33)]


def test_seed_against_the_pubmed_page_export() -> None:
    """The seed README's RIS, field by field. Where our tag differs, the reason is the one in formatters.ris."""
    page = rispy.loads((FIXTURES / "seed_pubmed_page.ris").read_text(encoding="utf-8"))[0]
    ours = rispy.loads(to_ris([SEED]))[0]
    assert ours["type_of_reference"] == page["type_of_reference"] == "JOUR"
    # T1 (old tag) there, TI (current spec) here: same title.
    assert ours["title"] == page["primary_title"]
    # "Shi,Lei," there (PubMed's artefact: no space, trailing comma); "Family, Given" here, as the spec writes.
    assert [a.replace(" ", "") + "," for a in ours["authors"]] == page["authors"]
    # Y1 2021/09/08/ there; DA with the same value plus PY with the year here (the current spec's tags).
    assert ours["date"] == page["publication_year"] == "2021/09/08/"
    assert ours["year"] == "2021"
    # JF full / JO abbreviated there; T2 full, JO and J2 abbreviated here (JF is the old tag for T2).
    assert ours["secondary_title"] == page["alternate_title3"] == "Signal transduction and targeted therapy"
    assert ours["journal_name"] == page["journal_name"] == "Signal Transduct Target Ther"
    assert ours["alternate_title1"] == "Signal Transduct Target Ther"
    for key in ("volume", "number", "issn", "start_page"):
        assert ours[key] == page[key], key
    # EP 339 there repeats the single page (an article number); an article number has no end page here.
    assert page["end_page"] == "339" and "end_page" not in ours
    # N2 there, AB here; L2 (full-text link) there, DO + UR here.
    assert page["notes_abstract"].startswith(ours["abstract"][:40])
    assert page["file_attachments2"] == ours["urls"][0] == doi_url(ours["doi"])
    # PubMed's history dates (received, accepted, entrez ...) are not part of a reference.
    assert ours["accession_number"] == "34497264"


@pytest.mark.parametrize(
    ("csl", "ty"),
    [
        ("article-journal", "JOUR"),
        ("book", "BOOK"),
        ("chapter", "CHAP"),
        ("paper-conference", "CPAPER"),
        ("dataset", "DATA"),
        ("webpage", "ELEC"),
        ("thesis", "THES"),
        ("report", "RPRT"),
        ("article", "UNPB"),
        ("interview", "GEN"),
    ],
)
def test_type_of_reference(csl: str, ty: str) -> None:
    assert ris_record(Reference(type=csl, title="x"))["type_of_reference"] == ty
    assert ty in rispy.config.TYPE_OF_REFERENCE_MAPPING
    assert TYPE_MAP.get(csl, "GEN") == ty


def test_book_chapter_and_names() -> None:
    chapter = rispy.loads(to_ris([BY_ID["chap-1"]]))[0]
    assert chapter["authors"] == ["van der Berg, Anna", "Müller, Jürgen, Jr"]
    assert chapter["secondary_authors"] == ["Ødegård, Åse", "WHO Expert Committee"]  # A2: editors
    assert chapter["secondary_title"] == "Handbook of Surface Forces"
    assert chapter["tertiary_title"] == "Methods in Physics"
    assert (chapter["start_page"], chapter["end_page"]) == ("1234", "1239")  # 1234-9 expanded
    assert chapter["issn"] == "978-3-030-00000-0"  # SN is the ISBN for books and chapters
    book = rispy.loads(to_ris([BY_ID["book-1"]]))[0]
    assert book["tertiary_authors"] == ["Wilson, John"]  # Zotero reads a book's editors from A3
    assert book["secondary_title"] == "Garland Science"  # a book's T2 is its series
    assert book["publisher"] == "W. W. Norton & Company" and book["place_published"] == "New York"
    assert book["edition"] == "7"
    assert "date" not in book  # year only: PY, no DA


def test_pages() -> None:
    assert split_pages("737-8") == ("737", "738")
    assert split_pages("693–704") == ("693", "704")
    assert split_pages("823-834.e5") == ("823", "834.e5")
    assert split_pages("S1-S4") == ("S1", "S4")
    assert split_pages("e124") == ("e124", None)
    assert split_pages("12-14, 18") == ("12-14, 18", None)


def test_dates() -> None:
    assert ris_record(BY_ID["art-4"])["date"] == "2002///Spring"
    assert ris_record(BY_ID["art-2"])["date"] == "2005/08//"
    assert ris_record(BY_ID["web-1"])["access_date"] == "2024/01/15/"


def test_values_are_single_lines_and_urls_survive() -> None:
    preprint = rispy.loads(to_ris([BY_ID["preprint-1"]]))[0]
    assert preprint["type_of_reference"] == "UNPB"
    assert preprint["title"] == "A TP53 variant % $5 #1 _under_ ~tilde^ \\\\backslash"
    assert preprint["abstract"] == "Line one. Line two with markup & entity."
    assert preprint["notes"] == ["Published version: https://doi.org/10.1038/s41586-020-0000-0 PMID 32000000"]
    sici = rispy.loads(to_ris([BY_ID["art-4"]]))[0]
    assert sici["doi"] == "10.1002/(SICI)1097-4636(199812)43:4<399::AID-JBM7>3.0.CO;2-#"
    assert sici["urls"] == [
        "https://doi.org/10.1002/(SICI)1097-4636(199812)43:4%3C399::AID-JBM7%3E3.0.CO%3B2-%23"
    ]
    data = rispy.loads(to_ris([BY_ID["data-1"]]))[0]
    assert data["urls"] == ["https://doi.org/10.5281/zenodo.1234567"]  # the DOI link wins over the URL
    web = rispy.loads(to_ris([BY_ID["web-1"]]))[0]
    assert web["urls"] == [
        "https://www.who.int/emergencies/diseases/novel-coronavirus-2019/covid-19-vaccines"
    ]
    hostile = Reference(title="Two\nlines\r\nand\ttabs\x00", URL="https://x.org/a;b c")
    back = rispy.loads(to_ris([hostile]))[0]
    assert back["title"] == "Two lines and tabs"
    assert back["urls"] == ["https://x.org/a%3Bb%20c"]


def test_notes_carry_pmcid_and_notices() -> None:
    ioannidis = ris_record(BY_ID["art-2"])
    assert ioannidis["notes"] == [
        "PMCID: PMC1182327",
        "Correction published: PMID 16100001, Erratum in: PLoS Med. 2005;2(9):e272",
    ]
    assert ioannidis["keywords"] == ["Bias", "Statistics"]
    assert ioannidis["abstract"] == "BACKGROUND: There is concern. CONCLUSIONS: Most findings are false."
    assert ris_record(BY_ID["art-3"])["notes"] == ["Retracted: DOI 10.1056/NEJMe0000000"]


def test_no_references_no_records() -> None:
    assert to_ris([]) == ""
    assert "1." not in to_ris([SEED]).splitlines()  # rispy's record numbers are not RIS
