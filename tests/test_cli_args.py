"""How ``citebot cite`` reads its arguments: every form a person or ``citebot ids`` would give it."""

import pytest

from bot.cli import main, parse_cli_ids
from bot.models import Identifier, Problem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("34497264", "pmid:34497264"),
        ("pmid:34497264", "pmid:34497264"),
        ("PMC8424619", "pmcid:PMC8424619"),
        ("pmcid:PMC8424619", "pmcid:PMC8424619"),
        ("doi:10.1038/s41392-021-00754-6", "doi:10.1038/s41392-021-00754-6"),
        ("https://doi.org/10.1038/s41392-021-00754-6", "doi:10.1038/s41392-021-00754-6"),
        # What `citebot ids` prints is cleaned the same way as free text: version, trailing dot.
        ("arxiv:1706.03762v5", "arxiv:1706.03762"),
        ("doi:10.1038/nature12373.", "doi:10.1038/nature12373"),
        ("https://pubmed.ncbi.nlm.nih.gov/34497264/", "pmid:34497264"),
    ],
)
def test_each_argument_form_gives_one_identifier(word: str, expected: str) -> None:
    assert parse_cli_ids([word]) == [Identifier.parse(expected)]


@pytest.mark.parametrize("word", ["pmid:abc", "hello", "10.5", "doi:"])
def test_words_that_are_no_id_become_invalid_problems(word: str) -> None:
    [problem] = parse_cli_ids([word])
    assert isinstance(problem, Problem)
    assert problem.code == "invalid"
    assert word in problem.message


def test_unknown_style_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--style", "nope", "34497264"]) == 2
    assert "Unknown style 'nope'" in capsys.readouterr().err


def test_cite_without_ids_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    import io

    assert main(["cite"], stdin=io.StringIO("")) == 2
    assert "give at least one id" in capsys.readouterr().err
