"""Identifier extraction from messages as Slack delivers them (rules of issue 2, "Identifier extraction").

The expected ids were worked out by hand from the rules and from the ids themselves (the seed record is PMID
34497264 = DOI 10.1038/s41392-021-00754-6; most other DOIs are real ones from ../shared/fixtures), never copied
from the extractor's output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.identifiers import MAX_IDS_PER_MESSAGE, Extraction, extract
from bot.models import Identifier

SEED_DOI = "10.1038/s41392-021-00754-6"
LANCET_DOI = "10.1016/S0140-6736(20)30183-5"

# (message as Slack delivers it, ids printed by `citebot ids` in order). Passive reading: a channel message.
PASSIVE_CASES: list[tuple[str, list[str]]] = [
    # --- PMIDs: labelled -------------------------------------------------------------------------------------
    ("see PMID: 34497264", ["pmid:34497264"]),
    ("PMID 34497264", ["pmid:34497264"]),
    ("PMID:34497264", ["pmid:34497264"]),
    ("pmid 34497264 looks relevant", ["pmid:34497264"]),
    ("Shi L, et al. Signal Transduct Target Ther. 2021;6(1):339. PubMed PMID: 34497264.", ["pmid:34497264"]),
    ("PubMed ID: 34497264", ["pmid:34497264"]),
    ("PubMed-ID 34497264", ["pmid:34497264"]),
    ("PubMed: 34497264", ["pmid:34497264"]),
    ("PMID# 9997", ["pmid:9997"]),
    ("The PMID is 34497264.", ["pmid:34497264"]),
    ("(PMID: 34497264)", ["pmid:34497264"]),
    ("*PMID:* 34497264", ["pmid:34497264"]),
    ("_PMID 34497264_", ["pmid:34497264"]),
    ("PMID: `34497264`", ["pmid:34497264"]),
    ("PMIDs: 11748933, 11700088 and 9997", ["pmid:11748933", "pmid:11700088", "pmid:9997"]),
    ("PMIDs 1 2 3", ["pmid:1", "pmid:2", "pmid:3"]),
    ("PMID(s): 11748933; 11700088", ["pmid:11748933", "pmid:11700088"]),
    ("PMIDs:\n• 11748933\n• 11700088\nthanks!", ["pmid:11748933", "pmid:11700088"]),
    ("PMID 34497264, 11748933", ["pmid:34497264", "pmid:11748933"]),
    ("PMID: 0034497264 has a typo", []),  # ten digits: no PMID is that long
    ("PMID:34497264,PMID:11748933", ["pmid:34497264", "pmid:11748933"]),
    ("PMIDs: 34497264 / 11748933", ["pmid:34497264", "pmid:11748933"]),
    ("pmid=34497264", ["pmid:34497264"]),
    ("PMID:\u00a034497264 (copied from PubMed, with a no-break space)", ["pmid:34497264"]),
    # --- PMIDs: linked ---------------------------------------------------------------------------------------
    ("<https://pubmed.ncbi.nlm.nih.gov/34497264/|PubMed>", ["pmid:34497264"]),
    ("<https://pubmed.ncbi.nlm.nih.gov/34497264>", ["pmid:34497264"]),
    ("https://pubmed.ncbi.nlm.nih.gov/34497264/", ["pmid:34497264"]),
    ("pubmed.ncbi.nlm.nih.gov/34497264", ["pmid:34497264"]),
    ("<https://pubmed.ncbi.nlm.nih.gov/34497264/#affiliation-1|Shi 2021>", ["pmid:34497264"]),
    ("<https://www.ncbi.nlm.nih.gov/pubmed/34497264>", ["pmid:34497264"]),
    ("<http://www.ncbi.nlm.nih.gov/pubmed/?term=34497264>", ["pmid:34497264"]),
    ("<https://pubmed.ncbi.nlm.nih.gov/?term=34497264%5Bpmid%5D>", ["pmid:34497264"]),
    ("<https://www.ncbi.nlm.nih.gov/pmc/articles/pmid/34497264/>", ["pmid:34497264"]),
    ("<https://europepmc.org/article/MED/34497264>", ["pmid:34497264"]),
    ("<https://europepmc.org/abstract/MED/34497264|Europe PMC>", ["pmid:34497264"]),
    # --- never a PMID ----------------------------------------------------------------------------------------
    ("call me at 555-123-4567", []),
    ("ticket 34497264", []),
    ("JIRA-1234 is done, see #1234", []),
    ("PR #34497264 merged", []),
    ("we enrolled 34497264 patients", []),
    ("order 12345678 shipped on 2021-09-08 at 12:30", []),
    ("<@U02ABC123> can you review?", []),
    ("<@U02ABC123|alice> <#C0123ABCD|general> <!here> <!subteam^S0123ABC|@oncall>", []),
    ("<!date^1392734382^{date} at {time}|Feb 18, 2014 6:39 AM>", []),
    ("PubMed 2020 search found 12,345 hits", []),
    ("PMID 34497264.5", []),
    ("PMID: 34,497,264", []),
    ("PMID 123456789", []),
    ("PMID: 0", []),
    ("PMID-1234 (our project key)", []),
    ("PMID 555-123-4567", []),
    ("PMIDs are important", []),
    ("message ts 1630454400.000200 :100: :tada:", []),
    ("<tel:5551234567|555 123 4567>", []),
    ("<mailto:pmid34497264@example.org|write to us>", []),
    ("<https://github.com/acme/citebot/issues/34497264|issue 34497264>", []),
    # --- DOIs ------------------------------------------------------------------------------------------------
    (f"doi:{SEED_DOI}.", [f"doi:{SEED_DOI}"]),
    (f"DOI: {SEED_DOI}", [f"doi:{SEED_DOI}"]),
    (f"doi {SEED_DOI}, thanks", [f"doi:{SEED_DOI}"]),
    (f"{SEED_DOI}", [f"doi:{SEED_DOI}"]),
    (f"<https://doi.org/{SEED_DOI}>", [f"doi:{SEED_DOI}"]),
    (f"<http://dx.doi.org/{SEED_DOI}|dx.doi.org/{SEED_DOI}>", [f"doi:{SEED_DOI}"]),
    (f"https://doi.org/{SEED_DOI}", [f"doi:{SEED_DOI}"]),
    (f"doi.org/{SEED_DOI}?", [f"doi:{SEED_DOI}"]),
    (f"(https://doi.org/{LANCET_DOI})", [f"doi:{LANCET_DOI}"]),
    (f"(<https://doi.org/{LANCET_DOI}>)", [f"doi:{LANCET_DOI}"]),
    (f"(doi:{LANCET_DOI}).", [f"doi:{LANCET_DOI}"]),
    (f"[{LANCET_DOI}]", [f"doi:{LANCET_DOI}"]),
    (f'"{SEED_DOI}"', [f"doi:{SEED_DOI}"]),
    (f"'{SEED_DOI}'", [f"doi:{SEED_DOI}"]),
    (f"`{SEED_DOI}`", [f"doi:{SEED_DOI}"]),
    (f"*{SEED_DOI}*", [f"doi:{SEED_DOI}"]),
    (f"_{SEED_DOI}_", [f"doi:{SEED_DOI}"]),
    ("<https://doi.org/10.1000%2F182>", ["doi:10.1000/182"]),
    (
        "<https://doi.org/10.1890%2F0012-9615%281999%29069%5B0569%3Aedilsa%5D2.0.co%3B2>",
        ["doi:10.1890/0012-9615(1999)069[0569:edilsa]2.0.co;2"],
    ),
    (
        "SICI: 10.1002/(SICI)1097-4547(19960215)43:4&lt;439::AID-JNR5&gt;3.0.CO;2-G.",
        ["doi:10.1002/(SICI)1097-4547(19960215)43:4<439::AID-JNR5>3.0.CO;2-G"],
    ),
    ("10.5694/j.1326-5377.1943.tb44329.x", ["doi:10.5694/j.1326-5377.1943.tb44329.x"]),
    ("10.1007/978-3-662-46370-3_13", ["doi:10.1007/978-3-662-46370-3_13"]),
    ("https://doi.org/10.17182/hepdata.77274.v1", ["doi:10.17182/hepdata.77274.v1"]),  # v1 is the DOI's own
    (
        "DOIs: 10.1038/nnano.2014.279;10.1038/srep16696",
        ["doi:10.1038/nnano.2014.279", "doi:10.1038/srep16696"],
    ),
    ("[the paper](https://doi.org/10.7554/eLife.01567)", ["doi:10.7554/eLife.01567"]),
    (f"{SEED_DOI}&lt;/a&gt; (pasted HTML)", [f"doi:{SEED_DOI}"]),
    ("10.1038/s41392\u2011021\u201100754\u20116 (non-breaking hyphens from a PDF)", [f"doi:{SEED_DOI}"]),
    ("10.1038/s41392-021-\u00ad00754-6 (a soft hyphen)", [f"doi:{SEED_DOI}"]),
    # DOIs inside publisher URLs
    ("<https://onlinelibrary.wiley.com/doi/full/10.1002/jor.1100150407>", ["doi:10.1002/jor.1100150407"]),
    ("<https://onlinelibrary.wiley.com/doi/abs/10.1002/jor.1100150407>", ["doi:10.1002/jor.1100150407"]),
    ("<https://onlinelibrary.wiley.com/doi/epdf/10.1002/jor.1100150407>", ["doi:10.1002/jor.1100150407"]),
    (
        "<https://onlinelibrary.wiley.com/doi/pdf/10.1002/jor.1100150407?download=true>",
        ["doi:10.1002/jor.1100150407"],
    ),
    (
        "<https://onlinelibrary.wiley.com/doi/10.1002/j.1460-2075.1994.tb06667.x/full>",
        ["doi:10.1002/j.1460-2075.1994.tb06667.x"],
    ),
    ("<https://www.science.org/doi/10.1126/science.169.3946.635>", ["doi:10.1126/science.169.3946.635"]),
    ("<https://www.nejm.org/doi/full/10.1056/NEJMoa2034577>", ["doi:10.1056/NEJMoa2034577"]),
    (
        "<https://www.tandfonline.com/doi/full/10.1080/14786419.2020.1712398?scroll=top&amp;needAccess=true>",
        ["doi:10.1080/14786419.2020.1712398"],
    ),
    ("<https://pubs.acs.org/doi/10.1021/acs.jmedchem.0c01544>", ["doi:10.1021/acs.jmedchem.0c01544"]),
    ("<https://link.springer.com/article/10.1007/s00120-007-1345-2>", ["doi:10.1007/s00120-007-1345-2"]),
    (
        "<https://link.springer.com/content/pdf/10.1007/s00120-007-1345-2.pdf>",
        ["doi:10.1007/s00120-007-1345-2"],
    ),
    (
        "<https://link.springer.com/chapter/10.1007/978-3-662-46370-3_13>",
        ["doi:10.1007/978-3-662-46370-3_13"],
    ),
    ("https://www.nature.com/articles/s41392-021-00754-6", [f"doi:{SEED_DOI}"]),
    ("<https://www.nature.com/articles/nnano.2014.279.pdf>", ["doi:10.1038/nnano.2014.279"]),
    ("<http://www.nature.com/nature/journal/v499/n7458/full/nature12373.html>", ["doi:10.1038/nature12373"]),
    (
        "<https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0033693>",
        ["doi:10.1371/journal.pone.0033693"],
    ),
    (
        "<https://journals.plos.org/plospathogens/article/file?id=10.1371/journal.ppat.1008184&amp;type=printable>",
        ["doi:10.1371/journal.ppat.1008184"],
    ),
    ("<https://www.biorxiv.org/content/10.1101/2020.12.01.406702v3.full>", ["doi:10.1101/2020.12.01.406702"]),
    (
        "<https://www.biorxiv.org/content/10.1101/2020.12.01.406702v1.full.pdf>",
        ["doi:10.1101/2020.12.01.406702"],
    ),
    ("<https://www.medrxiv.org/content/10.1101/2020.04.30.071407v2>", ["doi:10.1101/2020.04.30.071407"]),
    ("<https://www.biorxiv.org/content/10.1101/598821v1>", ["doi:10.1101/598821"]),
    (
        "<https://www.frontiersin.org/articles/10.3389/fgene.2017.00147/full>",
        ["doi:10.3389/fgene.2017.00147"],
    ),
    ("<https://elifesciences.org/articles/01567>", ["doi:10.7554/eLife.01567"]),
    (
        "<https://www.thelancet.com/journals/lancet/article/PIIS0140-6736(20)30183-5/fulltext|Lancet>",
        [f"doi:{LANCET_DOI}"],
    ),
    ("https://www.sciencedirect.com/science/article/pii/S0140673620301835", [f"doi:{LANCET_DOI}"]),
    ("https://www.bmj.com/content/372/bmj.n71", ["doi:10.1136/bmj.n71"]),
    # --- never a DOI -----------------------------------------------------------------------------------------
    ("upgraded to version 10.2.1 (v10.1.2 before), python 10.12", []),
    ("the ratio was 10.5 at 10.30 today", []),
    ("route 10.0.0.1/24 via 10.10.10.10/16", []),
    ("10.1234 without a suffix, or 10.1234/ with an empty one", []),
    ("the 10.2020/2021 season", []),
    ("<https://example.com/docs/v10.2/install>", []),
    # Cell's PII does not spell its DOI (10.1016/j.cell.…): nothing rather than a wrong guess
    ("<https://www.cell.com/cell/fulltext/S0092-8674(20)30229-4>", []),
    ("https://www.sciencedirect.com/science/article/pii/S0092867420302294", []),
    ("version 2.10.1234/abc", []),
    ("<https://acme.slack.com/archives/C0123ABCD/p1630454400000200|this thread>", []),
    ("https://zoom.us/j/12345678901?pwd=abc and https://github.com/acme/citebot/pull/1234", []),
    ("I'll be out 10/12-10/15, call 1-800-555-1234, room 1234, ISBN 978-3-16-148410-0", []),
    # --- PMCIDs ----------------------------------------------------------------------------------------------
    ("PMC8424619", ["pmcid:PMC8424619"]),
    ("pmc8424619", ["pmcid:PMC8424619"]),
    ("PMCID: PMC8424619", ["pmcid:PMC8424619"]),
    ("PMCID: 8424619", ["pmcid:PMC8424619"]),
    ("<https://pmc.ncbi.nlm.nih.gov/articles/PMC8424619/>", ["pmcid:PMC8424619"]),
    ("<https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8424619>", ["pmcid:PMC8424619"]),
    ("<https://europepmc.org/article/PMC/PMC8424619>", ["pmcid:PMC8424619"]),
    ("<https://europepmc.org/articles/PMC8424619>", ["pmcid:PMC8424619"]),
    ("XPMC8424619, PMC8424619abc, PMCs, PMC 12 members, PMC0", []),
    ("Deploy pmc01 and pmc-02 to prod, PMC007 too", []),
    # --- arXiv -----------------------------------------------------------------------------------------------
    ("arXiv:1706.03762", ["arxiv:1706.03762"]),
    ("arXiv:1706.03762v5.", ["arxiv:1706.03762"]),
    ("arxiv 2311.16162", ["arxiv:2311.16162"]),
    ("<https://arxiv.org/abs/1706.03762>", ["arxiv:1706.03762"]),
    ("<https://arxiv.org/pdf/1706.03762v5>", ["arxiv:1706.03762"]),
    ("https://arxiv.org/pdf/1706.03762.pdf", ["arxiv:1706.03762"]),
    ("arXiv:hep-th/9901001", ["arxiv:hep-th/9901001"]),
    ("arXiv:math.GT/0309136v2", ["arxiv:math.GT/0309136"]),
    ("<https://arxiv.org/abs/hep-th/9901001v1>", ["arxiv:hep-th/9901001"]),
    ("10.48550/arXiv.1706.03762", ["arxiv:1706.03762"]),
    ("https://doi.org/10.48550/ARXIV.1902.02534", ["arxiv:1902.02534"]),
    ("2301.01234 looks like a decimal", []),
    ("`10.48550/arXiv.X` names arXiv's DOIs (10.48550/arXiv.*)", []),
    ("hep-th/9901001 without a prefix", []),
    ("arXiv:1713.01234 (month 13) and arXiv:1501.0123 (4 digits after 2014)", []),
    # --- whole messages --------------------------------------------------------------------------------------
    (
        "Hey <@U02ABC123>, for the review see *Shi et al.* "
        f"<https://doi.org/{SEED_DOI}|doi.org/{SEED_DOI}> (PMID: 34497264; PMCID: PMC8424619) :tada:",
        [f"doi:{SEED_DOI}", "pmid:34497264", "pmcid:PMC8424619"],
    ),
    (
        "Compare arXiv:1706.03762 with <https://arxiv.org/abs/1706.03762v7|the paper> &amp; "
        "<https://pubmed.ncbi.nlm.nih.gov/11748933/|this one>",
        ["arxiv:1706.03762", "pmid:11748933"],
    ),
    (
        "> quoted: PMID 9997\n```10.1002/jor.1100150407```\n• <https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1800922/>",
        ["pmid:9997", "doi:10.1002/jor.1100150407", "pmcid:PMC1800922"],
    ),
]

# `/cite` arguments: a bare number is a PMID, a bare new- or old-style arXiv id is an arXiv id.
EXPLICIT_CASES: list[tuple[str, list[str]]] = [
    ("34497264", ["pmid:34497264"]),
    ("34497264 11748933", ["pmid:34497264", "pmid:11748933"]),
    ("34497264,11748933;9997", ["pmid:34497264", "pmid:11748933", "pmid:9997"]),
    ("34497264 apa", ["pmid:34497264"]),
    ("<@U02ABC123> 34497264", ["pmid:34497264"]),
    (f"34497264 {SEED_DOI}", ["pmid:34497264", f"doi:{SEED_DOI}"]),
    ("PMC8424619 2301.01234", ["pmcid:PMC8424619", "arxiv:2301.01234"]),
    ("hep-th/9901001 math.GT/0309136v2", ["arxiv:hep-th/9901001", "arxiv:math.GT/0309136"]),
    (
        "pmid:34497264 doi:10.1000/182 pmcid:PMC8424619 arxiv:1706.03762",
        [
            "pmid:34497264",
            "doi:10.1000/182",
            "pmcid:PMC8424619",
            "arxiv:1706.03762",
        ],
    ),
    ("555-123-4567 2021-09-08 12:30 #1234 10.5 v2 $5 100% 1630454400.000200", []),
    ("123456789 0", []),
    ("10.1101/598821", ["doi:10.1101/598821"]),  # the suffix is not a bare PMID
]


def printed(found: Extraction) -> list[str]:
    return [str(identifier) for identifier in found.ids]


@pytest.mark.parametrize(("message", "expected"), PASSIVE_CASES, ids=[m[:60] for m, _ in PASSIVE_CASES])
def test_passive_messages(message: str, expected: list[str]) -> None:
    assert printed(extract(message)) == expected


@pytest.mark.parametrize(("message", "expected"), EXPLICIT_CASES, ids=[m[:60] for m, _ in EXPLICIT_CASES])
def test_explicit_arguments(message: str, expected: list[str]) -> None:
    assert printed(extract(message, explicit=True)) == expected


@pytest.mark.parametrize(("message", "expected"), PASSIVE_CASES, ids=[m[:60] for m, _ in PASSIVE_CASES])
def test_explicit_finds_everything_passive_finds(message: str, expected: list[str]) -> None:
    explicit = printed(extract(message, explicit=True))
    assert [identifier for identifier in explicit if identifier in expected] == expected


def test_bare_numbers_are_pmids_only_when_explicit() -> None:
    assert printed(extract("34497264")) == []
    assert printed(extract("34497264", explicit=True)) == ["pmid:34497264"]


def test_printed_forms_parse_back() -> None:
    found = extract("PMID 34497264 PMC8424619 arXiv:1706.03762 10.1000/182")
    assert [Identifier.parse(text) for text in printed(found)] == found.ids


def test_dois_compare_case_insensitively_and_print_as_first_written() -> None:
    found = extract("10.1038/NNANO.2014.279 is https://doi.org/10.1038/nnano.2014.279")
    assert printed(found) == ["doi:10.1038/NNANO.2014.279"]
    assert found.dropped == 0


def test_arxiv_doi_and_arxiv_id_are_one_work() -> None:
    found = extract("arXiv:1706.03762v5, i.e. https://doi.org/10.48550/arXiv.1706.03762")
    assert printed(found) == ["arxiv:1706.03762"]


def test_order_of_first_appearance_across_kinds() -> None:
    message = (
        "PMC1800922 then PMID: 9997, then 10.1000/182, arXiv:1706.03762 and again PMC1800922 and PMID 9997"
    )
    assert printed(extract(message)) == [
        "pmcid:PMC1800922",
        "pmid:9997",
        "doi:10.1000/182",
        "arxiv:1706.03762",
    ]


def test_cap_counts_the_distinct_ids_left_out() -> None:
    message = "PMIDs: " + ", ".join(str(n) for n in range(101, 126))  # 25 distinct PMIDs
    found = extract(message)
    assert printed(found) == [f"pmid:{n}" for n in range(101, 101 + MAX_IDS_PER_MESSAGE)]
    assert found.dropped == 25 - MAX_IDS_PER_MESSAGE
    small = extract(message, limit=3)
    assert (printed(small), small.dropped) == (["pmid:101", "pmid:102", "pmid:103"], 22)
    assert extract(message, limit=0) == Extraction(ids=[], dropped=25)


def test_duplicates_do_not_count_as_dropped() -> None:
    found = extract(" ".join(["PMID 34497264"] * 30))
    assert (printed(found), found.dropped) == (["pmid:34497264"], 0)


def test_slack_escapes_are_read_once() -> None:
    # `&amp;lt;` is the text "&lt;" a user typed, not a "<".
    assert printed(extract("10.1002/x&amp;lt;1&amp;gt;")) == ["doi:10.1002/x"]
    assert printed(extract("10.1002/x&lt;1&gt;")) == ["doi:10.1002/x<1>"]


# Real DOIs of every shape from the shared corpus, here so this always runs (the corpus test below reads all).
REAL_DOIS = [
    "10.1001/jama.281.21.2005",
    "10.1002/(SICI)1097-4547(19981201)54:5<691::AID-JNR14>3.0.CO;2-F",
    "10.1002/1097-4636(200110)57:1<25::AID-JBM1137>3.0.CO;2-H",
    "10.1002/14651858.CD007467.pub3",
    "10.1007/978-3-662-46370-3_13",
    "10.1016/0005-2795(76)90109-4",
    "10.1016/S2213-8587(17)30013-X",
    "10.1016/j.cell.2014.10.039",
    "10.1093/nar/gkv1222",
    "10.1101/2020.04.30.071407",
    "10.1145/3448016.3452841",
    "10.1890/0012-9615(1999)069[0569:edilsa]2.0.co;2",
    "10.2210/pdb4hhb/pdb",
    "10.3886/ICPSR00003.v1",
    "10.4018/978-1-4666-9588-7.les2",
    "10.5438/4k3m-nyvg",
    "10.5694/j.1326-5377.1943.tb44329.x",
    "10.6084/m9.figshare.24511531.v1",
    "10.7287/peerj.3819v0.1/reviews/2",
]


def _doi_forms(doi: str) -> list[str]:
    slack = doi.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [
        f"doi:{slack}",
        f"see {slack}.",
        f"({slack})",
        f"<https://doi.org/{quote(doi, safe='/')}>",
        f"<https://doi.org/{quote(doi, safe='')}|{slack}>",
    ]


@pytest.mark.parametrize("doi", REAL_DOIS)
def test_real_dois_survive_every_form(doi: str) -> None:
    for message in _doi_forms(doi):
        assert printed(extract(message)) == [f"doi:{doi}"], message


_BASIC_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")


def _corpus_dois(shared: Path) -> set[str]:
    upstream = shared / "fixtures" / "upstream"
    dois: set[str] = set()
    for path in upstream.rglob("*.xml"):
        dois.update(re.findall(r'IdType="doi">([^<]+)<', path.read_text(encoding="utf-8", errors="replace")))
    for path in upstream.rglob("*.json"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for raw in re.findall(r'"(?:DOI|doi)"\s*:\s*("(?:[^"\\]|\\.)*")', text):
            dois.add(json.loads(raw))
    return {doi for doi in dois if _BASIC_DOI.fullmatch(doi)}


@pytest.mark.corpus
def test_every_corpus_doi_is_read_back(shared_dir: Path) -> None:
    dois = _corpus_dois(shared_dir)
    assert len(dois) > 1000
    failures = []
    for doi in sorted(dois):
        arxiv = doi.lower().startswith("10.48550/arxiv.")
        for message in _doi_forms(doi):
            got = printed(extract(message))
            want = [f"arxiv:{doi[len('10.48550/arxiv.') :]}"] if arxiv else [f"doi:{doi}"]
            if got != want:
                failures.append((message, got))
    assert failures == []


# --- speed and hostile input: each must finish at once; a catastrophic regex would hang the suite here -----

HOSTILE = [
    "10." * 30_000,
    "10.1234/" + "()" * 50_000,
    "10.1234/" + ")" * 100_000,
    "10.1234/" + "(" * 100_000,
    "(" * 100_000 + "10.1234/x",
    "https://doi.org/10.1234/" + "/full" * 20_000,
    "https://" + "a." * 50_000,
    " a." * 33_000 + "/",
    "PMID " * 20_000,
    "PMIDs: " + "1, " * 30_000,
    "PMID" + " " * 100_000 + "x",
    "PMIDs 1" + " , and " * 15_000 + "x",
    "arXiv:" * 20_000,
    "PMC" * 30_000,
    "<" * 100_000,
    "&lt;" * 25_000,
    "<https://" + "x" * 100_000,
    "1" * 100_000,
    "1." * 50_000,
    "10.1234/" + "a;10.1234/" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(text[:24]) for text in HOSTILE])
@pytest.mark.parametrize("explicit", [False, True])
def test_hostile_input_is_read_quickly(text: str, explicit: bool) -> None:
    found = extract(text, explicit=explicit)
    assert len(found.ids) <= MAX_IDS_PER_MESSAGE


def test_a_40kB_message_with_many_ids() -> None:
    chunk = "\nnext message:\n".join(message for message, _ in PASSIVE_CASES)
    message = "\n".join([chunk] * (40_000 // len(chunk) + 1))
    expected: list[str] = []
    for _, ids in PASSIVE_CASES:
        expected.extend(identifier for identifier in ids if identifier not in expected)
    found = extract(message, limit=1000)
    assert len(message) >= 40_000
    assert printed(found) == expected
