"""Block Kit: card contents, Slack limits (checked by slack_sdk's own models too), and hostile text shown literally."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.models import AbstractSection, Name, Notice, Problem, Reference, Related
from formatters.blocks import (
    ABSTRACT_ACTION,
    RIS_ACTION,
    STYLE_ACTION,
    abstract_modal,
    bibliography_message,
    cards_message,
    reference_card,
    truncate_mrkdwn,
    unfurl_card,
)
from formatters.styles import STYLES, format_citation, number_prefix

FIXTURES = Path(__file__).parent / "fixtures" / "formatters"
REFS = [
    Reference.model_validate(item)
    for item in json.loads((FIXTURES / "references.json").read_text(encoding="utf-8"))
]
BY_ID = {ref.id: ref for ref in REFS}
SEED = BY_ID["34497264"]
NOT_FOUND = Problem(
    identifier="pmid:99999999",
    code="not_found",
    message="PMID 99999999 was not found in PubMed.",
    hint="Check the number, or paste the DOI instead.",
)
# citeproc-js 2.4.63 with the official AMA style, item seed-pmid34497264 in ../shared/reference/citeproc-js.json
# (its "1. " citation number dropped: the card shows the entry unnumbered).
SEED_AMA = (
    "Shi L, Wang L, Xu R, et al. Mesenchymal stem cell therapy for severe COVID-19. "
    "Signal Transduct Target Ther. 2021;6(1):339. doi:10.1038/s41392-021-00754-6"
)


# ------------------------------------------------------------------------------------------------- checkers


def texts(node: Any) -> Iterator[str]:
    """Every mrkdwn/plain text string in a block structure."""
    if isinstance(node, list):
        for item in node:
            yield from texts(item)
    elif isinstance(node, dict):
        if node.get("type") in {"mrkdwn", "plain_text"} and isinstance(node.get("text"), str):
            yield node["text"]
        for value in node.values():
            if isinstance(value, dict | list):
                yield from texts(value)


OUR_LINK = re.compile(r"<(https://[^\s<>|]+)\|([^<>|]+)>")


def assert_safe(node: Any) -> None:
    """No Slack control sequence except our own https links; every & is an escape."""
    for text in texts(node):
        assert "<!" not in text and "<@" not in text and "<#" not in text, text
        bare = OUR_LINK.sub("", text)
        assert "<" not in bare and ">" not in bare, text
        assert not re.search(r"&(?!amp;|lt;|gt;)", bare), text


def assert_within_limits(blocks: list[dict[str, Any]], max_blocks: int = 50) -> None:
    assert len(blocks) <= max_blocks
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    for block in blocks:
        Block.parse(block).to_dict()  # slack_sdk raises SlackObjectFormationError on any violated limit
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            for element in block["elements"]:
                if element["type"] == "button":
                    assert len(element["value"]) <= 2000 and len(element["text"]["text"]) <= 75
                if element["type"] == "static_select":
                    assert len(element["options"]) <= 100
                    assert all(len(o["value"]) <= 150 for o in element["options"])
    assert_safe(blocks)


def section_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


# ---------------------------------------------------------------------------------------------------- cards


def test_seed_card() -> None:
    blocks = reference_card(SEED, "ama")
    assert_within_limits(blocks)
    header, citation = section_texts(blocks)[:2]
    lines = header.split("\n")
    assert (
        lines[0]
        == "*<https://doi.org/10.1038/s41392-021-00754-6|Mesenchymal stem cell therapy for severe COVID-19.>*"
    )
    assert lines[1] == "Shi L, Wang L, Xu R, et al."
    assert lines[2] == "Signal transduction and targeted therapy · 2021 · 6(1):339"
    assert lines[3] == ""
    assert lines[4].startswith("The coronavirus disease 2019 (COVID-19)") and len(lines[4]) <= 600
    assert citation == format_citation(SEED, "ama", "mrkdwn")
    assert format_citation(SEED, "ama") == SEED_AMA
    assert citation == SEED_AMA.replace("Signal Transduct Target Ther.", "_Signal Transduct Target Ther_.")
    context = next(b for b in blocks if b["type"] == "context")["elements"][0]["text"]
    assert context == (
        "PMID <https://pubmed.ncbi.nlm.nih.gov/34497264/|34497264> · "
        "DOI <https://doi.org/10.1038/s41392-021-00754-6|10.1038/s41392-021-00754-6>"
    )


def test_card_buttons() -> None:
    actions = next(b for b in reference_card(SEED, "apa") if b["type"] == "actions")
    by_action = {e["action_id"]: e for e in actions["elements"]}
    assert set(by_action) == {ABSTRACT_ACTION, STYLE_ACTION, RIS_ACTION}
    assert json.loads(by_action[RIS_ACTION]["value"]) == {"ids": ["pmid:34497264"], "style": "apa"}
    assert json.loads(by_action[ABSTRACT_ACTION]["value"]) == {"ids": ["pmid:34497264"], "style": "apa"}
    select = by_action[STYLE_ACTION]
    assert [json.loads(o["value"])["style"] for o in select["options"]] == list(STYLES)
    assert [o["text"]["text"] for o in select["options"]] == [s.label for s in STYLES.values()]
    assert json.loads(select["initial_option"]["value"]) == {"ids": ["pmid:34497264"], "style": "apa"}
    # No abstract, no "Full abstract" button.
    bare = next(b for b in reference_card(BY_ID["book-1"], "ama") if b["type"] == "actions")
    assert ABSTRACT_ACTION not in {e["action_id"] for e in bare["elements"]}


def test_badges() -> None:
    retracted = section_texts(reference_card(BY_ID["art-3"], "ama"))[0]
    assert ":no_entry: *<https://doi.org/10.1056/NEJMe0000000|Retracted>*" in retracted
    corrected = section_texts(reference_card(BY_ID["art-2"], "ama"))[0]
    assert ":memo: <https://pubmed.ncbi.nlm.nih.gov/16100001/|Corrected>" in corrected
    assert ":unlock: <https://pmc.ncbi.nlm.nih.gov/articles/PMC1182327/|Free full text in PMC>" in corrected
    preprint = section_texts(reference_card(BY_ID["preprint-1"], "ama"))[0]
    assert (
        ":hourglass_flowing_sand: Preprint (not peer reviewed) · "
        "<https://doi.org/10.1038/s41586-020-0000-0|published version>" in preprint
    )
    concern = SEED.model_copy(update={"notices": [Notice(kind="expression-of-concern", pmid="1")]})
    assert (
        ":warning: <https://pubmed.ncbi.nlm.nih.gov/1/|Expression of concern>"
        in section_texts(reference_card(concern, "ama"))[0]
    )
    assert "Preprint" not in section_texts(reference_card(SEED, "ama"))[0]


def test_structured_summary_on_the_card() -> None:
    header = section_texts(reference_card(BY_ID["art-2"], "ama"))[0]
    assert header.endswith("\n\nConclusions: Most findings are false.")
    assert "_No abstract available._" in section_texts(reference_card(BY_ID["book-1"], "ama"))[0]


def test_message_with_problems_and_many_references() -> None:
    refs = [SEED.model_copy(update={"PMID": str(1000 + i), "title": f"Title {i}"}) for i in range(14)]
    text, blocks = cards_message([*refs, NOT_FOUND], "ama")
    assert_within_limits(blocks)
    headers = [b for b in blocks if b.get("block_id", "").startswith("citebot_card_")]
    assert 1 <= len(headers) <= 10
    listing = "\n".join(
        t for b in blocks if b.get("block_id", "").startswith("citebot_list") for t in texts(b)
    )
    assert f"{len(headers) + 1}. <https://doi.org/" in listing and "14. <" in listing
    problems = [t for b in blocks if b.get("block_id", "").startswith("citebot_problems") for t in texts(b)]
    assert problems == [
        ":warning: PMID 99999999 was not found in PubMed. Check the number, or paste the DOI instead."
    ]
    ris_all = next(b for b in blocks if b.get("block_id") == "citebot_all")["elements"][-1]
    assert json.loads(ris_all["value"])["ids"] == [f"pmid:{1000 + i}" for i in range(14)] + ["pmid:99999999"]
    assert text.startswith(format_citation(refs[0], "ama").replace("&", "&amp;")[:60])
    assert "PMID 99999999 was not found in PubMed." in text
    # A caller that adds blocks of its own can ask for fewer.
    _, fewer = cards_message([*refs, NOT_FOUND], "ama", max_blocks=40)
    assert len(fewer) <= 40


def test_only_problems() -> None:
    text, blocks = cards_message([NOT_FOUND], "ama")
    assert [b["type"] for b in blocks] == ["section"]
    assert "PMID 99999999 was not found" in text


def test_hostile_strings_show_literally() -> None:
    hostile = "<!channel> click <https://x|here> & <@U123> <#C1|general> *bold* `code`"
    ref = Reference(
        title=hostile,
        author=[Name(family=hostile, given="<!here>"), Name(literal="<!everyone> Inc|>")],
        **{"container-title": hostile},
        abstract=hostile + ". " + hostile,
        DOI="10.1/<!channel>|x",
        URL="https://evil.example/<!channel>|x",
        PMID="<!channel>",
        related=[Related(relation="published", url="javascript:alert(1)")],
        type="article",
    )
    problem = Problem(identifier="doi:<!channel>", code="invalid", message=hostile, hint=hostile)
    for style in STYLES:
        _, blocks = cards_message([ref, ref, problem], style)
        assert_within_limits(blocks)
        assert any("&lt;!channel&gt; click &lt;https://x" in t for t in texts(blocks))
    _, bib = bibliography_message([ref, problem], "apa")
    assert_within_limits(bib)
    unfurl = unfurl_card(ref, "mla")
    assert_within_limits(unfurl["blocks"])
    modal = abstract_modal(ref)
    assert_safe(modal["blocks"])
    header = section_texts(reference_card(ref, "ama"))[0]
    # The DOI link: its URL percent-encoded, its label escaped, no raw "|".
    assert header.startswith(
        "*<https://doi.org/10.1/%3C!channel%3E%7Cx|&lt;!channel&gt; click &lt;https://x∣here&gt;"
    )


# ------------------------------------------------------------------------------------ bibliography, unfurl


def test_bibliography_is_numbered_in_the_style() -> None:
    refs = REFS[:5]
    for style in ("ama", "ieee"):
        text, blocks = bibliography_message(refs, style)
        assert_within_limits(blocks)
        body = "\n".join(
            t for b in blocks if re.fullmatch(r"citebot_bib_\d+", b.get("block_id", "")) for t in texts(b)
        )
        expected = [
            number_prefix(style, n) + format_citation(r, style, "mrkdwn") for n, r in enumerate(refs, 1)
        ]
        assert body == "\n".join(expected)
        assert text.split("\n")[0] == number_prefix(style, 1) + format_citation(refs[0], style)
    assert bibliography_message(refs, "ieee")[0].startswith("[1] ")


def test_long_bibliography_splits_into_sections() -> None:
    refs = [BY_ID["art-many"].model_copy(update={"title": f"Long title number {i} " * 20}) for i in range(60)]
    _, blocks = bibliography_message(refs, "apa")
    assert_within_limits(blocks)
    sections = [b for b in blocks if re.fullmatch(r"citebot_bib_\d+", b.get("block_id", ""))]
    assert len(sections) > 3
    joined = "\n".join(s["text"]["text"] for s in sections)
    assert "1. Family0" in joined and ("60. Family0" in joined or "more references." in joined)


def test_unfurl_card() -> None:
    unfurl = unfurl_card(SEED, "ama")
    assert set(unfurl) == {"blocks"}
    header, citation = unfurl["blocks"]
    assert header["text"]["text"].split("\n")[:3] == [
        "*<https://doi.org/10.1038/s41392-021-00754-6|Mesenchymal stem cell therapy for severe COVID-19.>*",
        "Shi L, Wang L, Xu R, et al.",
        "Signal transduction and targeted therapy · 2021 · 6(1):339",
    ]
    assert citation["elements"][0]["text"] == format_citation(SEED, "ama", "mrkdwn")


# ------------------------------------------------------------------------------------------------- modal


def test_abstract_modal_sections() -> None:
    modal = abstract_modal(BY_ID["art-2"])
    View(**modal).to_dict()  # slack_sdk validates title length and block count
    assert modal["type"] == "modal" and len(modal["title"]["text"]) <= 24
    sections = [b["text"]["text"] for b in modal["blocks"] if b["type"] == "section"]
    assert sections[0] == "*Why most published research findings are false*"
    assert sections[1:] == ["*BACKGROUND*\nThere is concern.", "*CONCLUSIONS*\nMost findings are false."]


def test_abstract_modal_bolds_labels_written_with_a_colon_and_only_labels() -> None:
    ref = Reference(
        title="T",
        abstract_sections=[
            AbstractSection(label="BACKGROUND:", text="Why it matters."),
            AbstractSection(text="BACKGROUND: a sentence that merely starts like a label."),
        ],
    )
    sections = [b["text"]["text"] for b in abstract_modal(ref)["blocks"] if b["type"] == "section"]
    assert sections[1:] == [
        "*BACKGROUND*\nWhy it matters.",
        "BACKGROUND: a sentence that merely starts like a label.",
    ]


def test_long_abstract_modal_is_split() -> None:
    long_text = " ".join(f"Sentence {i} has a few words & symbols <3 >2." for i in range(1200))
    ref = Reference(title="Long", abstract_sections=[AbstractSection(label="RESULTS", text=long_text)])
    modal = abstract_modal(ref)
    View(**modal).to_dict()
    assert len(modal["blocks"]) <= 100
    bodies = [b["text"]["text"] for b in modal["blocks"] if b["type"] == "section"][1:]
    assert len(bodies) > 10 and all(len(t) <= 3000 for t in bodies)
    assert_safe(modal["blocks"])
    # Nothing lost or doubled between the chunks (up to the whitespace at the splits).
    joined = " ".join(bodies).removeprefix("*RESULTS*\n")
    assert joined.split() == long_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split()


# --------------------------------------------------------------------------------- generated references

hostile_text = st.lists(
    st.sampled_from(
        [*"<>&|!@#*_~`:;/\\ \n\tabcXYZ019.,?é中", "<!channel>", "&amp;", "<https://x|y>", "<@U1>"]
    ),
    max_size=40,
).map("".join)
long_text = st.text(min_size=0, max_size=4000)
names = st.builds(
    Name,
    family=st.one_of(st.none(), hostile_text),
    given=st.one_of(st.none(), hostile_text),
    literal=st.one_of(st.none(), hostile_text),
)
references = st.builds(
    Reference,
    type=st.sampled_from(["article-journal", "book", "chapter", "article", "dataset", "webpage", "thesis"]),
    title=st.one_of(st.none(), hostile_text, st.text(max_size=5000)),
    author=st.lists(names, max_size=40),
    container_title=st.one_of(st.none(), hostile_text),
    volume=st.one_of(st.none(), hostile_text),
    page=st.one_of(st.none(), hostile_text),
    DOI=st.one_of(st.none(), hostile_text, st.text(max_size=600)),
    PMID=st.one_of(st.none(), st.from_regex(r"\A[0-9]{1,9}\Z"), hostile_text),
    PMCID=st.one_of(st.none(), st.from_regex(r"\APMC[0-9]{1,8}\Z"), hostile_text),
    URL=st.one_of(st.none(), hostile_text),
    abstract=st.one_of(st.none(), long_text, hostile_text),
    abstract_sections=st.lists(
        st.builds(AbstractSection, label=st.one_of(st.none(), hostile_text), text=long_text), max_size=6
    ),
    notices=st.lists(
        st.builds(Notice, kind=st.sampled_from(["retracted", "corrected"]), doi=hostile_text), max_size=2
    ),
)
problems = st.builds(
    Problem, identifier=hostile_text, code=st.just("not_found"), message=hostile_text, hint=hostile_text
)
results = st.lists(st.one_of(references, references, references, problems), min_size=1, max_size=20)
style_names = st.sampled_from(list(STYLES))
SLOW = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@SLOW
@given(results, style_names)
def test_generated_cards_stay_within_limits(batch: list[Reference | Problem], style: str) -> None:
    text, blocks = cards_message(batch, style)
    assert text and len(text) <= 3000
    assert_within_limits(blocks)


@SLOW
@given(results, style_names)
def test_generated_bibliographies_stay_within_limits(batch: list[Reference | Problem], style: str) -> None:
    text, blocks = bibliography_message(batch, style)
    assert text and len(text) <= 3000
    assert_within_limits(blocks)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(references)
def test_generated_modals_and_unfurls_stay_within_limits(ref: Reference) -> None:
    modal = abstract_modal(ref)
    View(**modal).to_dict()
    assert len(modal["blocks"]) <= 100
    assert all(len(t) <= 3000 for t in texts(modal["blocks"]))
    assert_safe(modal["blocks"])
    assert_within_limits(unfurl_card(ref, "ama")["blocks"])


def test_seed_ama_string_is_citeproc_js(shared_dir: Path) -> None:
    golden = json.loads((shared_dir / "reference" / "citeproc-js.json").read_text(encoding="utf-8"))
    assert golden["american-medical-association"]["seed-pmid34497264"] == "1. " + SEED_AMA


def test_bibliography_heading_counts_in_words() -> None:
    from bot.models import Reference

    one = Reference(id="pmid:1", title="One.", PMID="1")
    two = Reference(id="pmid:2", title="Two.", PMID="2")
    _, blocks = bibliography_message([one], "ama")
    assert "· 1 reference" in str(blocks[0]) and "1 references" not in str(blocks[0])
    _, blocks = bibliography_message([one, two], "ama")
    assert "· 2 references" in str(blocks[0])


def test_truncation_keeps_a_letter_and_its_combining_accent_together() -> None:
    text = "x" * 10 + "e\u0301" * 5  # "é" as e + COMBINING ACUTE ACCENT
    assert truncate_mrkdwn(text, 14) == "x" * 10 + "e\u0301…"
