"""Properties of identifier extraction over generated messages (hypothesis)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.identifiers import extract
from bot.models import Identifier

# Pieces of real messages: ids in every form, Slack markup, and near misses that must stay near misses.
FRAGMENTS = [
    "PMID: 34497264",
    "PMIDs 1, 2 and 3",
    "PubMed ID 9997",
    "PMC8424619",
    "PMCID: 1800922",
    "10.1038/s41392-021-00754-6",
    "doi:10.1016/S0140-6736(20)30183-5",
    "10.1002/(SICI)1097-4547(19960215)43:4&lt;439::AID-JNR5&gt;3.0.CO;2-G",
    "10.48550/arXiv.1706.03762",
    "arXiv:1706.03762v5",
    "arXiv:hep-th/9901001",
    "2301.01234",
    "hep-th/9901001",
    "<https://pubmed.ncbi.nlm.nih.gov/34497264/|PubMed>",
    "<https://doi.org/10.1000%2F182>",
    "<https://www.biorxiv.org/content/10.1101/2020.12.01.406702v3.full>",
    "<https://www.nature.com/articles/nnano.2014.279.pdf>",
    "<https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0033693&amp;x=1>",
    "<https://arxiv.org/abs/math.GT/0309136v2>",
    "https://onlinelibrary.wiley.com/doi/full/10.1002/jor.1100150407",
    "doi.org/10.7554/eLife.01567",
    "<@U02ABC123>",
    "<#C0123ABCD|general>",
    "<!subteam^S0123ABC|@oncall>",
    "<!here>",
    ":tada:",
    "555-123-4567",
    "10.0.0.1/24",
    "v10.1.2",
    "&amp;",
    "&lt;",
    "&gt;",
]
SLACKISH = "<>|@#!^&;:/.,-_*~`()[]{}'\" \n\t0123456789PMIDCpmidcDOIdoiarXivhttpsw"

slack_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=SLACKISH, max_size=12)), max_size=12
).map("".join)
any_text = st.one_of(st.text(max_size=200), slack_text)


@settings(max_examples=300, deadline=None)
@given(text=any_text, explicit=st.booleans(), limit=st.integers(-3, 30))
def test_never_raises_and_respects_the_cap(text: str, explicit: bool, limit: int) -> None:
    found = extract(text, explicit=explicit, limit=limit)
    assert len(found.ids) <= max(limit, 0)
    assert found.dropped >= 0
    assert len({identifier.key for identifier in found.ids}) == len(found.ids)


def _reread(ids: list[Identifier], separator: str, *, explicit: bool) -> list[Identifier]:
    return extract(separator.join(str(identifier) for identifier in ids), explicit=explicit, limit=1000).ids


@settings(max_examples=300, deadline=None)
@given(text=slack_text, explicit=st.booleans(), separator=st.sampled_from(["\n", " ", ", ", "; "]))
@example(text="<https://doi.org/10.1000%2F182>", explicit=False, separator=" ")
# Found by hypothesis once each: a printed SICI DOI holds `<…>`, which must not read as a Slack entity; a
# host-like piece of a DOI must stay in it when the DOI is printed as text.
@example(
    text="10.1002/(SICI)1097-4547(19960215)43:4&lt;439::AID-JNR5&gt;3.0.CO;2-G",
    explicit=False,
    separator="\n",
)
@example(
    text="https://onlinelibrary.wiley.com/doi/full/10.1002/x;doi.org/10.7554/y",
    explicit=False,
    separator="\n",
)
@example(
    text="https://onlinelibrary.wiley.com/doi/full/10.1002/x[doi.org/10.7554/y",
    explicit=False,
    separator="\n",
)
def test_idempotent_on_its_own_output(text: str, explicit: bool, separator: str) -> None:
    ids = extract(text, explicit=explicit, limit=1000).ids
    # The printed `kind:value` lines read back as the same ids, passively and as /cite arguments.
    assert _reread(ids, separator, explicit=False) == ids
    assert _reread(ids, separator, explicit=True) == ids
    assert [Identifier.parse(str(identifier)) for identifier in ids] == ids


# Messages with their ids (worked out by hand), to be wrapped in punctuation and markup.
ID_MESSAGES = [
    ("PMID: 34497264", "pmid:34497264"),
    ("PMC8424619", "pmcid:PMC8424619"),
    ("10.1038/s41392-021-00754-6", "doi:10.1038/s41392-021-00754-6"),
    ("doi:10.1016/S0140-6736(20)30183-5", "doi:10.1016/S0140-6736(20)30183-5"),
    (
        "10.1002/(SICI)1097-4547(19960215)43:4&lt;439::AID-JNR5&gt;3.0.CO;2-G",
        "doi:10.1002/(SICI)1097-4547(19960215)43:4<439::AID-JNR5>3.0.CO;2-G",
    ),
    ("arXiv:1706.03762v5", "arxiv:1706.03762"),
    ("arXiv:math.GT/0309136", "arxiv:math.GT/0309136"),
    ("<https://pubmed.ncbi.nlm.nih.gov/34497264/|PubMed>", "pmid:34497264"),
    ("https://doi.org/10.1016/S0140-6736(20)30183-5", "doi:10.1016/S0140-6736(20)30183-5"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8424619/", "pmcid:PMC8424619"),
    ("<https://www.biorxiv.org/content/10.1101/2020.12.01.406702v3.full>", "doi:10.1101/2020.12.01.406702"),
    ("https://arxiv.org/pdf/1706.03762v5.pdf", "arxiv:1706.03762"),
    ("www.nature.com/articles/nnano.2014.279", "doi:10.1038/nnano.2014.279"),
]
before = st.text(alphabet=" \n\t([{\"'*_~,;!?", max_size=4)
after = st.text(alphabet=" \n\t)]}\"'*_~,;:.!?", max_size=4)


@settings(max_examples=300, deadline=None)
@example(items=[("", ("https://arxiv.org/pdf/1706.03762v5.pdf", "arxiv:1706.03762"), "}")], explicit=False)
@given(
    items=st.lists(st.tuples(before, st.sampled_from(ID_MESSAGES), after), min_size=1, max_size=4),
    explicit=st.booleans(),
)
def test_ids_survive_surrounding_punctuation(
    items: list[tuple[str, tuple[str, str], str]], explicit: bool
) -> None:
    text = " ".join(f"{left}{message}{right}" for left, (message, _), right in items)
    expected = list(dict.fromkeys(printed for _, (_, printed), _ in items))
    assert [str(identifier) for identifier in extract(text, explicit=explicit).ids] == expected
