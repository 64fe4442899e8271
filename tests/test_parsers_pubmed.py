"""PubMed efetch / esearch parsing on small fixtures shaped like real NCBI records (tests/fixtures/parsers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import Reference
from bot.parsers import MAX_BODY_BYTES, UpstreamBodyError
from bot.parsers.pubmed import parse_efetch, parse_esearch_ids

FIXTURES = Path(__file__).parent / "fixtures" / "parsers"


def _load(name: str) -> list[Reference]:
    return parse_efetch((FIXTURES / name).read_bytes())


@pytest.fixture(scope="module")
def two() -> list[Reference]:
    return _load("pubmed_two_articles.xml")


@pytest.fixture(scope="module")
def old() -> list[Reference]:
    return _load("pubmed_old_dtd.xml")


@pytest.fixture(scope="module")
def books() -> list[Reference]:
    return _load("pubmed_books.xml")


# --- one record per PubmedArticle, ids ------------------------------------------------------------------------


def test_each_article_becomes_one_reference_in_order(two: list[Reference]) -> None:
    assert [r.PMID for r in two] == ["27797938", "33279447"]
    assert [r.id for r in two] == ["27797938", "33279447"]
    assert all(r.sources == ["pubmed"] for r in two)
    assert two[0].type == "article-journal"


def test_ids_come_from_the_records_own_article_id_list_not_its_references(two: list[Reference]) -> None:
    first = two[0]
    assert first.DOI == "10.1136/gutjnl-2016-312510"
    assert first.PMCID == "PMC5442267"  # the ReferenceList carries PMC1111111 and 10.1038/cited.work
    assert first.URL is None


def test_doi_falls_back_to_the_elocation_id(two: list[Reference]) -> None:
    # The second record's ArticleIdList has no doi, only a pii.
    assert two[1].DOI == "10.1016/j.reuma.2020.11.001"
    assert two[1].PMCID is None


def test_pmc_id_without_prefix_is_normalised(old: list[Reference]) -> None:
    assert old[2].PMCID == "PMC10055459"


# --- titles and inline markup ------------------------------------------------------------------------------------


def test_inline_markup_keeps_the_spaces_around_it(two: list[Reference]) -> None:
    assert two[0].title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer."
    )


def test_no_space_is_invented_where_ncbi_glued_a_tag_to_a_word(two: list[Reference]) -> None:
    results = two[0].abstract_sections[1].text
    assert "(ptrend=0.048; r2<0.25)" in results
    assert "Doped SnO2thin films" in results


def test_title_keeps_its_final_period(old: list[Reference]) -> None:
    assert old[0].title == "The treatment of AIDS behind the walls of correctional facilities."


def test_vernacular_title_when_article_title_is_empty(two: list[Reference]) -> None:
    assert two[1].title == "Pere Barceló."


# --- authors -------------------------------------------------------------------------------------------------------


def test_authors_names_particles_suffix_collective_and_invalid(two: list[Reference]) -> None:
    authors = two[0].author
    assert [(a.family, a.given, a.suffix, a.literal) for a in authors] == [
        ("Costa-Matos", "Luís", None, None),
        ("van der Donk", "Wilfred A", None, None),  # particle kept in family, as PubMed gives it
        ("Artino", "Anthony R", "Jr", None),
        ("Girão", "JK", None, None),  # no ForeName: the Initials as given
        (None, None, None, "Pancreatic Cancer Cohort Consortium (PanScan)"),
    ]  # the ValidYN="N" author is not there


def test_affiliations_and_orcid_per_author(two: list[Reference]) -> None:
    first = two[0].author[0]
    assert first.affiliation == [
        "Departamento de Gastroenterologia, Universidade de São Paulo, Brazil.",
        "Dana-Farber Cancer Institute, Boston, MA, USA.",
    ]
    assert first.orcid == "0000-0002-1825-0097"
    assert two[0].author[1].affiliation == []


def test_names_and_affiliations_are_left_out_of_csl_json_extras(two: list[Reference]) -> None:
    names = two[0].to_csl_json()["author"]
    assert names[0] == {"family": "Costa-Matos", "given": "Luís"}
    assert names[4] == {"literal": "Pancreatic Cancer Cohort Consortium (PanScan)"}


def test_old_dtd_article_level_affiliation_belongs_to_the_first_author(old: list[Reference]) -> None:
    assert old[0].author[0].affiliation == [
        "Dipartimento di Scienze Ambientali, Università degli Studi della Tuscia, 01100 Viterbo, Italy."
    ]
    assert old[0].author[1].family == "De Luca"
    assert old[0].author[1].affiliation == []


# --- dates -----------------------------------------------------------------------------------------------------


def test_medline_date_across_years_gives_the_first_year_and_month(two: list[Reference]) -> None:
    assert two[0].issued is not None
    assert two[0].issued.date_parts == [[1998, 12]]  # "1998 Dec-1999 Jan"; ArticleDate 2016-10-31 not used


def test_year_plus_month_range_season_gives_the_first_month(two: list[Reference]) -> None:
    assert two[1].issued is not None
    assert two[1].issued.date_parts == [[2013, 1]]  # Season "Jan-Mar"


def test_word_season_gives_year_and_csl_season(old: list[Reference]) -> None:
    issued = old[0].issued
    assert issued is not None
    assert issued.date_parts == [[1990]]
    assert issued.season == 1  # Spring
    assert old[0].to_csl_json()["issued"] == {"date-parts": [[1990]], "season": 1}


def test_medline_date_season_range_and_numeric_month(old: list[Reference]) -> None:
    assert old[1].issued is not None and old[1].issued.date_parts == [[1978, 7]]  # "1978 Jul-Sep"
    assert old[2].issued is not None and old[2].issued.date_parts == [[2023, 3, 24]]  # Month "03"


# --- journal, pagination --------------------------------------------------------------------------------------


def test_journal_volume_issue_pages_issn(two: list[Reference], old: list[Reference]) -> None:
    first = two[0]
    assert (first.container_title, first.container_title_short) == ("Gut", "Gut")
    assert (first.volume, first.issue, first.page) == ("66", "6", "1116-1122")
    assert first.ISSN == "1468-3288"  # Journal/ISSN (electronic, the cited medium) over ISSNLinking 0017-5749
    assert two[1].container_title_short == "Reumatol Clin (Engl Ed)"  # no ISOAbbreviation: MedlineTA
    assert old[1].ISSN == "0377-5038"


def test_elocation_pii_is_the_page_only_when_it_is_an_article_number(
    two: list[Reference], old: list[Reference]
) -> None:
    assert two[1].page == "e0245678"  # ELocationID-only record whose pii is an e-locator
    assert old[1].page is None  # a publisher PII "S0011-2240(01)92328-4" is never a page
    assert all(r.page is None or not r.page.startswith("10.") for r in (*two, *old))  # and never a DOI


def test_medline_pgn_is_kept_as_given() -> None:
    body = (
        (FIXTURES / "pubmed_two_articles.xml")
        .read_bytes()
        .replace(b"<MedlinePgn>1116-1122</MedlinePgn>", b"<MedlinePgn>823-834.e5</MedlinePgn>")
    )
    assert parse_efetch(body)[0].page == "823-834.e5"


def test_start_and_end_page_when_medline_pgn_is_missing() -> None:
    body = (
        (FIXTURES / "pubmed_two_articles.xml")
        .read_bytes()
        .replace(b"<MedlinePgn>1116-1122</MedlinePgn>", b"")
    )
    assert parse_efetch(body)[0].page == "1116-1122"


# --- abstract -------------------------------------------------------------------------------------------------


def test_structured_abstract_sections_skip_the_empty_abstract_text(two: list[Reference]) -> None:
    sections = two[0].abstract_sections
    assert [(s.label, s.nlm_category) for s in sections] == [
        ("OBJECTIVE", "OBJECTIVE"),
        ("RESULTS", "RESULTS"),
        ("CONCLUSIONS", "CONCLUSIONS"),
    ]
    assert sections[0].text == (
        "Genetic variants at the telomerase reverse transcriptase (TERT) gene region have been associated "
        "with pancreatic cancer risk."
    )


def test_structured_abstract_plain_text_has_labels_and_no_copyright(two: list[Reference]) -> None:
    abstract = two[0].abstract or ""
    assert abstract.startswith("OBJECTIVE: Genetic variants at the telomerase")
    assert " RESULTS: Shorter telomeres" in abstract
    assert abstract.endswith("CONCLUSIONS: Variants at the TERT region were associated with risk.")
    assert "©" not in abstract and "  " not in abstract


def test_unstructured_abstract_is_one_unlabelled_section(books: list[Reference]) -> None:
    book = books[1]
    assert book.abstract == "GeneReviews are expert-authored, peer-reviewed disease descriptions."
    assert [(s.label, s.text) for s in book.abstract_sections] == [(None, book.abstract)]


def test_no_abstract(old: list[Reference]) -> None:
    assert old[0].abstract is None and old[0].abstract_sections == []


# --- language, types, keywords, notices -------------------------------------------------------------------------


def test_language_codes_become_bcp47_and_unknown_ones_stay(
    two: list[Reference], old: list[Reference]
) -> None:
    assert two[0].language == "de"  # "ger"
    assert two[1].language == "es"  # first of "spa", "eng"
    assert old[0].language == "en"
    assert old[1].language == "ro"  # "rum"
    assert old[2].language == "xyz"


def test_publication_types_and_keywords(two: list[Reference], books: list[Reference]) -> None:
    assert two[0].publication_types == ["Journal Article", "Retracted Publication"]
    assert two[0].keywords == ["telomere", "pancreatic cancer"]
    assert books[0].keywords == ["Timothy Syndrome", "CACNA1C"]  # duplicates dropped


def test_comments_corrections_become_notices(two: list[Reference]) -> None:
    notices = [(n.kind, n.pmid, n.doi) for n in two[0].notices]
    assert notices == [
        ("corrected", "29000001", "10.1136/gutjnl-2016-312510corr1"),
        ("retracted", "30000002", None),
        ("expression-of-concern", "30000003", None),
        ("updated", "30000004", None),
    ]  # CommentIn is not a notice; "Retracted Publication" adds nothing when RetractionIn is there
    assert two[0].notices[1].note == "Gut. 2019 Feb;68(2):380."


def test_erratum_and_retraction_notice_records(two: list[Reference]) -> None:
    assert [(n.kind, n.pmid, n.doi) for n in two[1].notices] == [
        ("erratum", "31000005", "10.1016/j.reuma.2019.01.001"),
        ("retraction-notice", "31000006", None),
    ]


def test_retracted_publication_type_alone_marks_the_record_retracted() -> None:
    body = (
        (FIXTURES / "pubmed_two_articles.xml")
        .read_bytes()
        .replace(b'RefType="RetractionIn"', b'RefType="CommentIn"')
    )
    notices = parse_efetch(body)[0].notices
    assert notices[0].kind == "retracted" and notices[0].pmid is None


def test_preprint_links(two: list[Reference], old: list[Reference]) -> None:
    # UpdateOf a medRxiv preprint: this record is the published version of that preprint.
    assert [(r.relation, r.pmid, r.doi) for r in two[1].related] == [
        ("preprint", "32511578", "10.1101/2020.05.30.20117234")
    ]
    preprint = old[2]
    assert preprint.type == "article" and preprint.is_preprint
    assert preprint.publisher == "medRxiv"
    assert [(r.relation, r.pmid, r.doi) for r in preprint.related] == [
        ("published", "39345789", "10.1093/jamiaopen/ooae099")
    ]
    assert two[0].related == []  # UpdateIn on a journal article is a notice, not a preprint link


# --- books ----------------------------------------------------------------------------------------------------


def test_book_chapter(books: list[Reference]) -> None:
    chapter = books[0]
    assert chapter.type == "chapter"
    assert chapter.PMID == "20301577"
    assert chapter.title == "CACNA1C-Related Disorders"
    assert chapter.container_title == "GeneReviews®"
    assert [(a.family, a.given) for a in chapter.author] == [("Napolitano", "Carlo"), ("Priori", "Silvia G")]
    assert [(e.family, e.given) for e in chapter.editor] == [("Adam", "Margaret P"), ("Feldman", "Jerry")]
    assert (chapter.publisher, chapter.publisher_place) == (
        "University of Washington, Seattle",
        "Seattle (WA)",
    )
    assert chapter.collection_title == "GeneReviews Series"
    assert chapter.medium == "Internet"
    assert chapter.issued is not None and chapter.issued.date_parts == [[2006, 2, 15]]  # ContributionDate
    assert chapter.publication_types == ["Review"]
    assert chapter.DOI is None  # the ReferenceList doi belongs to a cited work
    assert chapter.abstract_sections[0].text == (
        "The clinical manifestations of CACNA1C-related disorders include developmental delay / intellectual "
        "disability."
    )


def test_book_level_record(books: list[Reference]) -> None:
    book = books[1]
    assert book.type == "book"
    assert book.title == "GeneReviews™"
    assert book.container_title is None
    assert book.author == []
    assert [(e.family, e.given) for e in book.editor] == [("Pagon", "Roberta A")]
    assert book.issued is not None and book.issued.date_parts == [[1993]]
    assert book.language == "en"


# --- error bodies, hostile bodies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0" ?>\n<eFetchResult><ERROR>Cannot retrieve history data.</ERROR></eFetchResult>',
        b"<ERROR>Empty id list - nothing todo</ERROR>",
        b'<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>',  # truncated
        b"",
        b"   \n",
        b'{"error":"API rate limit exceeded","api-key":"1.2.3.4","count":"11","limit":"10"}',
        b"<html><body>Service unavailable</body></html>",
    ],
    ids=["efetch-error", "bare-error", "truncated", "empty", "blank", "json-429", "html"],
)
def test_error_and_broken_bodies_raise(body: bytes) -> None:
    with pytest.raises(UpstreamBodyError):
        parse_efetch(body)


def test_error_message_is_kept() -> None:
    with pytest.raises(UpstreamBodyError, match="Cannot retrieve history data"):
        parse_efetch(b"<eFetchResult><ERROR>Cannot retrieve history data.</ERROR></eFetchResult>")


def test_leading_newline_or_bom_before_the_declaration_is_tolerated() -> None:
    body = (FIXTURES / "pubmed_old_dtd.xml").read_bytes()
    assert len(parse_efetch(b"\n" + body)) == len(parse_efetch(b"\xef\xbb\xbf" + body)) == 3


def test_empty_result_set_is_an_empty_list() -> None:
    assert parse_efetch(b'<?xml version="1.0" ?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n') == []


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&e;</ArticleTitle>"
        "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    ).encode()
    with pytest.raises(UpstreamBodyError, match="declares entities") as raised:
        parse_efetch(body)
    assert "TOP-SECRET" not in str(raised.value)
    passwd = body.replace(f"file://{secret}".encode(), b"file:///etc/passwd")
    with pytest.raises(UpstreamBodyError):
        parse_efetch(passwd)


def test_undeclared_entity_reference_is_decoded_or_dropped_never_printed() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">'
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        b"<ArticleTitle>A&nbsp;title &#xe0; la&bogus; carte.</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        b"</PubmedArticleSet>"
    )
    assert parse_efetch(body)[0].title == "A title à la carte."


def test_oversized_body_is_refused_before_parsing() -> None:
    with pytest.raises(UpstreamBodyError, match="cap"):
        parse_efetch(b" " * (MAX_BODY_BYTES + 1))


def test_two_hundred_records_parse_quickly() -> None:
    import time

    one = (FIXTURES / "pubmed_two_articles.xml").read_bytes()
    start, end = one.index(b"<PubmedArticle>"), one.index(b"</PubmedArticleSet>")
    body = one[:start] + one[start:end] * 100 + one[end:]
    began = time.perf_counter()
    references = parse_efetch(body)
    elapsed = time.perf_counter() - began
    assert len(references) == 200
    assert elapsed < 1.0, f"200 records took {elapsed:.3f}s"


# --- esearch ----------------------------------------------------------------------------------------------------


def test_esearch_ids_in_order() -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
        b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n<eSearchResult><Count>2</Count>'
        b"<RetMax>2</RetMax><RetStart>0</RetStart><IdList>\n<Id>34497264</Id>\n<Id>6067859</Id>\n</IdList>"
        b"<TranslationSet/><QueryTranslation>10.1038/s41392-021-00754-6[doi]</QueryTranslation></eSearchResult>"
    )
    assert parse_esearch_ids(body) == ["34497264", "6067859"]


def test_esearch_nothing_found_is_empty() -> None:
    body = (
        b"<eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart><IdList/><TranslationSet/>"
        b"<QueryTranslation>(10.9999/none[doi])</QueryTranslation><ErrorList><PhraseNotFound>10.9999/none[doi]"
        b"</PhraseNotFound></ErrorList><WarningList><OutputMessage>No items found.</OutputMessage></WarningList>"
        b"</eSearchResult>"
    )
    assert parse_esearch_ids(body) == []


@pytest.mark.parametrize(
    "body",
    [
        b"<eSearchResult>\n  <ERROR>Invalid db name specified: fleegle</ERROR>\n</eSearchResult>",
        b"<eSearchResult><IdList><Id>1</Id>",
        b"<PubmedArticleSet></PubmedArticleSet>",
    ],
    ids=["error", "truncated", "wrong-root"],
)
def test_esearch_errors_raise(body: bytes) -> None:
    with pytest.raises(UpstreamBodyError):
        parse_esearch_ids(body)
