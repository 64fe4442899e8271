"""DataCite /dois parsing on small fixtures shaped like real API answers (tests/fixtures/parsers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.models import Reference
from bot.parsers import UpstreamBodyError
from bot.parsers.datacite import parse_datacite

FIXTURES = Path(__file__).parent / "fixtures" / "parsers"


@pytest.fixture(scope="module")
def arxiv() -> Reference:
    (reference,) = parse_datacite((FIXTURES / "datacite_arxiv.json").read_bytes())
    return reference


@pytest.fixture(scope="module")
def listed() -> list[Reference]:
    return parse_datacite((FIXTURES / "datacite_list.json").read_bytes())


def test_arxiv_preprint_has_the_reference_preprint_shape(arxiv: Reference) -> None:
    # The reference preprint item is {"type": "article", "publisher": "bioRxiv", ...} with no container.
    assert arxiv.type == "article" and arxiv.is_preprint
    assert arxiv.publisher == "arXiv"
    assert arxiv.container_title is None
    # DataCite stores the DOI lower-cased; arXiv spells it 10.48550/arXiv.X.
    assert arxiv.DOI == arxiv.id == "10.48550/arXiv.1902.02534"
    assert arxiv.URL == "https://arxiv.org/abs/1902.02534"
    assert arxiv.sources == ["datacite"]


def test_shape_matches_the_preprint_item_in_shared_reference(arxiv: Reference, shared_dir: Path) -> None:
    items = json.loads((shared_dir / "reference" / "items.json").read_text())
    preprint = next(item for item in items if item["id"] == "preprint-biorxiv")
    ours = arxiv.to_csl_json()
    assert ours["type"] == preprint["type"]
    assert set(preprint) - {"id"} <= set(ours)  # every field the reference item uses, we fill
    assert "container-title" not in ours and "container-title" not in preprint


def test_year_only_issued_date_is_refined_by_the_first_submission(arxiv: Reference) -> None:
    assert arxiv.issued is not None and arxiv.issued.date_parts == [[2019, 2, 7]]


def test_creators_orcid_affiliation(arxiv: Reference) -> None:
    assert [(a.family, a.given) for a in arxiv.author] == [
        ("Heibi", "Ivan"),
        ("Peroni", "Silvio"),
        ("Shotton", "David"),
    ]
    assert arxiv.author[1].orcid == "0000-0003-0530-4305"
    assert arxiv.author[1].affiliation == ["University of Bologna"]


def test_abstract_from_abstract_descriptions_only(arxiv: Reference) -> None:
    assert (
        arxiv.abstract
        == "In this paper, we analyse the current availability of open citations data. We propose a solution."
    )


def test_is_preprint_of_relation(arxiv: Reference) -> None:
    assert [(r.relation, r.doi) for r in arxiv.related] == [("published", "10.1007/s11192-019-03000-0")]


def test_list_body_gives_every_record(listed: list[Reference]) -> None:
    assert [r.DOI for r in listed] == ["10.7910/dvn/nj7xso", "10.18429/jacow-ipac2016-tupmy003"]


def test_creator_kinds(listed: list[Reference]) -> None:
    assert [(a.family, a.given, a.literal) for a in listed[0].author] == [
        (None, None, "International Genetics of Ankylosing Spondylitis Consortium (IGAS)"),  # Organizational
        ("Wong", "Takmeng", None),  # bare "Family,  Given" split at the comma
        (None, None, "Jones, Matthew B.; Slaughter, Peter"),  # a joined list is not guessed at
        (None, None, "Lab For Exosphere And Near Space Environment Studies"),
        ("Grande Burgos", "María José", None),
    ]
    assert listed[0].author[1].affiliation == ["NASA Langley"]


def test_dataset_title_subtitle_publisher_object_and_date(listed: list[Reference]) -> None:
    dataset = listed[0]
    assert dataset.type == "dataset"
    assert (
        dataset.title == "Summary data ankylosing spondylitis GWAS: European and Asian cohorts"
    )  # no translated title
    assert dataset.publisher == "Harvard Dataverse"
    assert dataset.issued is not None and dataset.issued.date_parts == [[2017, 9, 30]]
    assert dataset.language == "en"
    assert dataset.related == []  # HasPart is not a preprint link


def test_editors_from_contributors(listed: list[Reference]) -> None:
    assert [(e.family, e.given) for e in listed[0].editor] == [
        ("Petit-Jean-Genaz", "Christine")
    ]  # "(Ed.)" dropped


def test_text_conference_paper_with_container(listed: list[Reference]) -> None:
    paper = listed[1]
    assert paper.type == "paper-conference"
    assert paper.container_title == "Proceedings of the 7th Int. Particle Accelerator Conf."
    assert paper.issued is not None and paper.issued.date_parts == [
        [2016]
    ]  # "Created" is not a publication date
    assert paper.abstract == "Precision measurements of the muon's g-2."


@pytest.mark.parametrize(
    ("types", "csl_type"),
    [
        ({"resourceTypeGeneral": "Software"}, "software"),
        ({"resourceTypeGeneral": "Dataset"}, "dataset"),
        ({"resourceTypeGeneral": "Preprint"}, "article"),
        ({"resourceTypeGeneral": "Text", "resourceType": "Dissertation"}, "thesis"),
        ({"resourceTypeGeneral": "Text", "resourceType": "Journal Article"}, "article-journal"),
        ({"resourceTypeGeneral": "Text", "resourceType": "BlogPosting"}, "post-weblog"),
        ({"resourceTypeGeneral": "Text", "citeproc": "report"}, "report"),
        ({}, "article"),
    ],
)
def test_type_mapping(types: dict[str, str], csl_type: str) -> None:
    body = json.dumps(
        {"data": {"id": "10.5281/x", "attributes": {"doi": "10.5281/x", "types": types}}}
    ).encode()
    assert parse_datacite(body)[0].type == csl_type


def test_empty_list() -> None:
    assert parse_datacite(b'{"data":[],"meta":{"total":0}}') == []


@pytest.mark.parametrize(
    "body",
    [
        b'{"errors":[{"status":"404","title":"The resource you are looking for doesn\'t exist."}]}',
        b"The resource you are looking for doesn't exist.",
        b'{"data":{"id":"10.1/x","attributes":{"doi":"10.1/x"',
        b'{"meta":{}}',
    ],
    ids=["json-404", "plain-text", "truncated", "no-data"],
)
def test_error_bodies_raise(body: bytes) -> None:
    with pytest.raises(UpstreamBodyError):
        parse_datacite(body)
