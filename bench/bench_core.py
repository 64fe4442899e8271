"""Hot-path costs of the pure core, one run each: efetch parsing, summaries, identifier extraction.

    .venv/bin/python bench/bench_core.py

- parse one efetch body of 200 records (the size of one batched request);
- summarise 1 000 distinct ~1 500-character abstracts (the sentence splitter is the cost);
- extract identifiers from a 40 kB chat message dense with ids, and from 40 kB of prose.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.identifiers import extract  # noqa: E402
from bot.models import Reference  # noqa: E402
from bot.parsers.pubmed import parse_efetch  # noqa: E402
from formatters.summary import summarize  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "parsers" / "pubmed_two_articles.xml"

SENTENCES = (
    "Patients (e.g. those over 65) were enrolled. As shown in Fig. 2, the effect was large (p < 0.05). "
    "Treatment A vs. treatment B differed in dose. Dr. Smith et al. confirmed the finding in 2019. "
)


def timed(label: str, runs: int, work: object) -> None:
    assert callable(work)
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed * 1000:9.1f} ms  {elapsed / runs * 1e6:9.1f} µs each")


def main() -> None:
    one = FIXTURE.read_bytes()
    start, end = one.index(b"<PubmedArticle>"), one.index(b"</PubmedArticleSet>")
    body = one[:start] + one[start:end] * 100 + one[end:]
    timed("parse_efetch, 200 records in one body", 200, lambda: parse_efetch(body))

    refs = [
        Reference(
            id=f"x{i}",
            abstract=f"We asked question {i}. {SENTENCES * 5} Result {i} was positive in {i * 7} patients.",
        )
        for i in range(1000)
    ]
    timed("summarize, 1000 distinct abstracts", 1000, lambda: [summarize(r) for r in refs])

    dense = " ".join(
        f"PMID: {30000000 + i} <https://doi.org/10.1000/x{i}|doi> PMC{i + 1}" for i in range(600)
    )
    prose = ("The quick brown fox jumps over the lazy dog at 10.30 on version 10.2.1. " * 600)[:40_000]
    timed("extract, 40 kB dense with ids", 1, lambda: extract(dense[:40_000]))
    timed("extract, 40 kB of prose", 1, lambda: extract(prose))


if __name__ == "__main__":
    main()
