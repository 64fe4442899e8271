"""Abstract summary: whole sentences, conclusions first, opening + closing, never over the limit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.models import AbstractSection, Reference
from formatters.summary import DEFAULT_LIMIT, GAP, NO_ABSTRACT, cut_at_word, full_abstract, summarize


def ref_with(
    abstract: str | None = None, sections: list[tuple[str | None, str | None, str]] | None = None
) -> Reference:
    return Reference(
        abstract=abstract,
        abstract_sections=[
            AbstractSection(label=lab, nlm_category=cat, text=t) for lab, cat, t in sections or []
        ],
    )


# Sentences written so that a regex splitter on ". " would break them in the wrong place.
S_EG = "Several organs were affected, e.g. the lung and the liver, in most patients."
S_FIG = "Survival improved markedly (Fig. 2) after the second dose."
S_P = "The difference was significant (p < 0.05 vs. placebo) at week 4."
S_VS = "Treated vs. untreated mice were compared by Dr. Smith et al. in a blinded fashion."
S_Q = "Does mesenchymal stem cell therapy reduce mortality in severe COVID-19?"


def test_abbreviations_do_not_end_sentences() -> None:
    # 5 sentences, 340 characters; with room for exactly the first two, the summary is those two, whole.
    text = " ".join([S_EG, S_FIG, S_P, S_VS, S_Q])
    limit = len(S_EG) + 1 + len(S_FIG)
    assert summarize(ref_with(text), limit) == f"{S_EG} {S_FIG}"


def test_short_abstract_is_shown_whole() -> None:
    text = f"{S_Q} {S_P} {S_VS}"
    assert summarize(ref_with(text)) == text


def test_unstructured_takes_opening_and_closing_sentences() -> None:
    filler = [f"Middle sentence number {i} describes the methods in some detail." for i in range(20)]
    answer = "Therapy reduced mortality by a third."
    text = " ".join([S_Q, *filler, answer])
    # 200 characters: the question and the answer, then the next sentence from the start (the next one
    # from the end would not fit).
    assert summarize(ref_with(text), 200) == f"{S_Q} {filler[0]}{GAP}{answer}"


def test_unstructured_long_text_uses_both_ends() -> None:
    # Long enough that the segmenter runs on two windows: the result still opens with the question and
    # closes with the answer, and never contains a sentence cut by a window edge.
    filler = [f"Sentence {i} reports a secondary finding with e.g. {i} cases." for i in range(200)]
    text = " ".join([S_Q, *filler, "In conclusion, the therapy works."])
    out = summarize(ref_with(text))
    assert out.startswith(S_Q + " ")
    assert out.endswith(" In conclusion, the therapy works.")
    assert GAP in out
    pieces = out.replace(GAP, " ").split(". ")
    assert all(p.rstrip(".") + "." in text or p.endswith("?") or S_Q in p for p in pieces)
    assert len(out) <= DEFAULT_LIMIT


def test_left_out_sentences_are_marked_with_a_gap() -> None:
    a, b, c, d = "First sentence here.", "Sentence 0 follows.", "Sentence 1 follows.", "Sentence 2 follows."
    text = f"{a} {b} {c} {d}"
    # One character short of the whole text: the question, then the answer, then one more from the start.
    assert summarize(ref_with(text), len(text) - 1) == f"{a} {b}{GAP}{d}"
    assert summarize(ref_with(text), len(text)) == text


def test_single_long_sentence_is_cut_at_a_word_with_ellipsis() -> None:
    sentence = "This " + " ".join(f"word{i}" for i in range(200)) + " ends here."
    out = summarize(ref_with(sentence), 100)
    assert len(out) <= 100
    assert out.endswith("…")
    body = out[:-1]
    assert sentence.startswith(body)
    assert sentence[len(body)] == " "  # cut falls on a word boundary


def test_no_abstract() -> None:
    assert summarize(Reference()) == NO_ABSTRACT
    assert summarize(ref_with("   ")) == NO_ABSTRACT
    assert full_abstract(Reference()) == NO_ABSTRACT


def test_markup_and_entities_are_removed() -> None:
    text = "Variants at the <i>TERT</i> gene raise risk &amp; H<sub>2</sub>O levels. Nothing else."
    assert summarize(ref_with(text)) == "Variants at the TERT gene raise risk & H2O levels. Nothing else."


STRUCTURED = [
    ("BACKGROUND", "BACKGROUND", "Severe COVID-19 has few treatments. We asked whether MSCs help."),
    ("METHODS", "METHODS", "We ran a randomised trial in 101 patients."),
    ("RESULTS", "RESULTS", "Lung lesions shrank more with MSCs (p < 0.05). Adverse events were similar."),
    ("CONCLUSIONS", "CONCLUSIONS", "MSC therapy is safe. It may improve lung repair."),
]


def test_structured_leads_with_conclusions_then_results() -> None:
    out = summarize(ref_with(sections=STRUCTURED))
    assert out == (
        "Conclusions: MSC therapy is safe. It may improve lung repair. "
        "Results: Lung lesions shrank more with MSCs (p < 0.05). Adverse events were similar."
    )


def test_structured_drops_results_sentences_that_do_not_fit() -> None:
    limit = len("Conclusions: MSC therapy is safe. It may improve lung repair. Results: ") + 50
    out = summarize(ref_with(sections=STRUCTURED), limit)
    assert out == (
        "Conclusions: MSC therapy is safe. It may improve lung repair. "
        "Results: Lung lesions shrank more with MSCs (p < 0.05)."
    )


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("INTERPRETATION", "CONCLUSIONS"),
        ("CONCLUSIONS AND RELEVANCE", "CONCLUSIONS"),
        ("SIGNIFICANCE", None),
        ("IMPACT", "CONCLUSIONS"),  # PubMed files it under CONCLUSIONS (pubmed_38909159 has one)
    ],
)
def test_conclusion_labels(label: str, category: str | None) -> None:
    sections = [
        ("BACKGROUND", "BACKGROUND", "Why."),
        ("FINDINGS", "RESULTS", "What we found."),
        (label, category, "So what."),
    ]
    assert (
        summarize(ref_with(sections=sections)) == f"{label.capitalize()}: So what. Findings: What we found."
    )


def test_discussion_is_a_fallback_for_conclusions() -> None:
    sections = [
        ("DISCUSSION", "UNASSIGNED", "We discuss it."),
        ("RESULTS", "UNASSIGNED", "It worked."),
        ("CONCLUSION", "UNASSIGNED", "It is good."),
    ]
    assert summarize(ref_with(sections=sections)) == "Conclusion: It is good. Results: It worked."
    without = [s for s in sections if s[0] != "CONCLUSION"]
    assert summarize(ref_with(sections=without)) == "Discussion: We discuss it. Results: It worked."


def test_structured_without_conclusions_or_results_reads_as_plain_text() -> None:
    sections = [("BACKGROUND", "BACKGROUND", "Why it matters."), ("METHODS", "METHODS", "How we did it.")]
    assert summarize(ref_with(sections=sections)) == "Why it matters. How we did it."


def test_full_abstract_keeps_labels() -> None:
    assert full_abstract(ref_with(sections=STRUCTURED[:2])) == (
        "BACKGROUND: Severe COVID-19 has few treatments. We asked whether MSCs help.\n\n"
        "METHODS: We ran a randomised trial in 101 patients."
    )
    assert full_abstract(ref_with("Plain <b>bold</b> text.")) == "Plain bold text."


words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
sentences = st.lists(words, min_size=1, max_size=30).map(lambda ws: " ".join(ws).strip().capitalize() + ".")


@settings(max_examples=150, deadline=None)
@given(st.lists(sentences, min_size=1, max_size=40), st.integers(min_value=20, max_value=900))
def test_never_over_the_limit(parts: list[str], limit: int) -> None:
    out = summarize(ref_with(" ".join(parts)), limit)
    assert 0 < len(out) <= limit


def test_summaries_of_long_abstracts_keep_their_opening_and_closing_sentences() -> None:
    # Realistic abstracts (~1500 characters); speed is measured in bench/bench_core.py.
    body = " ".join([S_EG, S_FIG, S_P, S_VS] * 5)
    for i in (1, 2, 3):
        text = summarize(
            ref_with(f"{S_Q} Study {i} enrolled {i * 7} patients. {body} Result {i} was positive.")
        )
        assert text.startswith(S_Q)
        assert text.endswith(f"Result {i} was positive.")
        assert len(text) <= 600


def test_structured_summary_is_never_over_a_limit_shorter_than_its_label() -> None:
    # "Conclusions and relevance: " is 27 characters: with a smaller limit the label has to go, not the limit.
    sections = [("CONCLUSIONS AND RELEVANCE", "CONCLUSIONS", "Therapy is safe and it works well in adults.")]
    for limit in (5, 10, 27, 28):
        out = summarize(ref_with(sections=sections), limit)
        assert 0 < len(out) <= limit, (limit, out)
    assert summarize(ref_with(sections=sections), 16) == "Therapy is safe…"


def test_a_word_cut_inside_keeps_accents_and_emoji_whole() -> None:
    decomposed = "e\u0301" * 10  # "é" as e + COMBINING ACUTE ACCENT
    assert cut_at_word(decomposed, 6) == "e\u0301e\u0301…"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji: man ZWJ woman ZWJ girl
    assert cut_at_word("ab" + family * 3, 5) == "ab…"


def test_control_characters_in_an_abstract_are_dropped() -> None:
    # Seen in upstream XML/JSON as stray NUL and BEL bytes; Slack and RIS readers must not receive them.
    ref = ref_with(sections=[("RESULTS", None, "It\x00 worked\x07.")])
    assert full_abstract(ref) == "RESULTS: It worked."
    assert summarize(ref) == "Results: It worked."
