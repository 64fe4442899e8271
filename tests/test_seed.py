"""The seed record (../shared/fixtures/seed/pubmed_34497264.xml) parses to every field its public page shows.

Expected values come from the page's RIS export quoted in seed/README.md and from the seed item of
../shared/reference/items.json, not from our output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.models import Reference
from bot.parsers.pubmed import parse_efetch

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def seed_dir(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "seed"


@pytest.fixture(scope="module")
def seed(seed_dir: Path) -> Reference:
    (reference,) = parse_efetch((seed_dir / "pubmed_34497264.xml").read_bytes())
    return reference


@pytest.fixture(scope="module")
def ris(seed_dir: Path) -> dict[str, list[str]]:
    """The page's RIS export as README.md quotes it: tag → values."""
    text = (seed_dir / "README.md").read_text()
    block = re.search(r"```\n(TY  - .*?ER  -)\n```", text, re.DOTALL)
    assert block, "README.md lost its RIS block"
    fields: dict[str, list[str]] = {}
    for line in block.group(1).splitlines():
        tag, _, value = line.partition("  - ")
        fields.setdefault(tag.strip(), []).append(value.strip())
    return fields


@pytest.fixture(scope="module")
def reference_item(shared_dir: Path) -> dict[str, object]:
    items = json.loads((shared_dir / "reference" / "items.json").read_text())
    item: dict[str, object] = next(i for i in items if i["id"] == "seed-pmid34497264")
    return item


def test_title_journal_and_issue_match_the_ris_export(seed: Reference, ris: dict[str, list[str]]) -> None:
    assert seed.title == ris["T1"][0] == "Mesenchymal stem cell therapy for severe COVID-19."
    assert seed.container_title == ris["JF"][0]  # "Signal transduction and targeted therapy"
    assert seed.container_title_short == ris["JO"][0]
    assert (seed.volume, seed.issue) == (ris["VL"][0], ris["IS"][0])
    assert seed.page == ris["SP"][0] == ris["EP"][0] == "339"
    assert seed.ISSN == ris["SN"][0] == "2059-3635"
    assert f"https://doi.org/{seed.DOI}" == ris["L2"][0]


def test_date_is_the_publication_date_the_page_shows(seed: Reference, ris: dict[str, list[str]]) -> None:
    year, month, day = (int(p) for p in ris["Y1"][0].strip("/").split("/"))
    assert seed.issued is not None
    assert seed.issued.date_parts == [[year, month, day]] == [[2021, 9, 8]]


def test_ten_authors_with_full_given_names(seed: Reference, ris: dict[str, list[str]]) -> None:
    expected = [tuple(value.rstrip(",").split(",")) for value in ris["AU"]]
    assert len(expected) == 10
    assert [(a.family, a.given) for a in seed.author] == expected
    assert seed.author[-1].given == "Fu-Sheng"


def test_affiliations(seed: Reference) -> None:
    for author in seed.author:
        assert author.affiliation and author.affiliation[0].startswith(
            "Department of Infectious Diseases, Fifth Medical Center of Chinese PLA General Hospital"
        )
    assert seed.author[-1].affiliation[0].endswith("fswang302@163.com.")


def test_abstract_publication_types_language_ids(seed: Reference, ris: dict[str, list[str]]) -> None:
    abstract = seed.abstract or ""
    assert abstract.startswith(ris["N2"][0].split(" ...")[0])
    assert abstract.endswith("highlight the challenges in the field.")
    assert [(s.label, s.text) for s in seed.abstract_sections] == [(None, abstract)]
    assert seed.publication_types == ["Journal Article", "Research Support, Non-U.S. Gov't", "Review"]
    assert seed.language == "en"
    assert (seed.id, seed.PMID, seed.DOI) == ("34497264", "34497264", "10.1038/s41392-021-00754-6")
    assert seed.PMCID is None  # the seed's ArticleIdList has no pmc id
    assert seed.notices == [] and seed.related == []
    assert seed.type == "article-journal"


def test_csl_json_agrees_with_the_reference_item(seed: Reference, reference_item: dict[str, object]) -> None:
    ours = seed.to_csl_json()
    shared = sorted((set(ours) & set(reference_item)) - {"id", "container-title"})
    assert shared == [
        "DOI",
        "PMID",
        "author",
        "container-title-short",
        "issue",
        "issued",
        "page",
        "title",
        "type",
        "volume",
    ]
    for key in shared:
        assert ours[key] == reference_item[key], key
    # PubMed spells the journal in NLM catalogue case ("Signal transduction and targeted therapy"); the
    # reference item uses the publisher's title case. Same name, different capitalisation.
    assert str(ours["container-title"]).lower() == str(reference_item["container-title"]).lower()
