"""`citebot ids [--explicit] [TEXT]`: one id per line, in order, as `kind:value` (contract in ARCHITECTURE.md)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_ids(*args: str, stdin: str = "") -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["ids", *args], out=out, stdin=io.StringIO(stdin))
    return code, out.getvalue().splitlines()


def test_prints_one_id_per_line_in_order() -> None:
    message = (
        "see PMID: 34497264 and <https://doi.org/10.1038/nature12373|the Nature paper>, "
        "PMC8424619, arXiv:1706.03762v5 <@U02ABC123>"
    )
    assert run_ids(message) == (
        0,
        ["pmid:34497264", "doi:10.1038/nature12373", "pmcid:PMC8424619", "arxiv:1706.03762"],
    )


def test_words_are_joined_into_one_message() -> None:
    # `citebot ids PMID: 34497264` without quotes: the shell splits it, the label still holds.
    assert run_ids("PMID:", "34497264") == (0, ["pmid:34497264"])


def test_reads_standard_input_without_text() -> None:
    stdin = "Thread recap\n• <https://pubmed.ncbi.nlm.nih.gov/34497264/|PubMed>\n• doi:10.1038/s41392-021-00754-6.\n"
    assert run_ids(stdin=stdin) == (0, ["pmid:34497264", "doi:10.1038/s41392-021-00754-6"])


def test_explicit_reads_bare_numbers_as_pmids() -> None:
    assert run_ids("34497264 11748933") == (0, [])
    assert run_ids("--explicit", "34497264 11748933") == (0, ["pmid:34497264", "pmid:11748933"])
    assert run_ids("--explicit", stdin="34497264\n2301.01234\n") == (0, ["pmid:34497264", "arxiv:2301.01234"])


def test_no_ids_prints_nothing_and_succeeds() -> None:
    assert run_ids("call me at 555-123-4567, ticket 34497264, version 10.2.1 <@U02ABC123>") == (0, [])


def test_note_on_stderr_when_ids_are_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    message = "PMIDs: " + ", ".join(str(n) for n in range(1001, 1026))
    code, lines = run_ids(message)
    assert code == 0
    assert lines == [f"pmid:{n}" for n in range(1001, 1021)]
    assert "5 more identifier(s) left out" in capsys.readouterr().err


def test_the_installed_command_runs() -> None:
    # The checker runs the console script; `python -m bot` is the same entry point without needing PATH.
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ids", "(https://doi.org/10.1016/S0140-6736(20)30183-5)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "doi:10.1016/S0140-6736(20)30183-5\n")
