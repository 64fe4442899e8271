"""RIS and BibTeX of every record in ../shared/fixtures/upstream/pubmed, read back intact by rispy and bibtexparser."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from bot.models import Reference
from formatters.bibtex import bibtex_entries, to_bibtex
from formatters.rich import one_line, strip_markup
from formatters.ris import ris_record, to_ris

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> list[Reference]:
    from bot.parsers.pubmed import parse_efetch

    refs: list[Reference] = []
    for path in sorted((shared_dir / "fixtures" / "upstream" / "pubmed").glob("*.xml")):
        try:
            refs.extend(parse_efetch(path.read_bytes()))
        except NotImplementedError:
            pytest.skip("bot.parsers.pubmed.parse_efetch is not written yet")
    assert len(refs) >= 60  # MANIFEST: 66 records, 2 of them empty result sets
    return refs


def test_ris_of_the_corpus_reads_back_intact(corpus: list[Reference]) -> None:
    back = rispy.loads(to_ris(corpus))
    assert back == [ris_record(ref) for ref in corpus]
    for ref, record in zip(corpus, back, strict=True):
        # Against the parsed records themselves, not only our writer.
        assert len(record.get("authors", [])) == len([a for a in ref.author if a.family or a.literal]), ref.id
        assert record.get("title", "") == one_line(ref.title)
        assert record.get("accession_number") == ref.PMID
        assert record.get("doi") == (one_line(ref.DOI) or None)
        if ref.abstract or ref.abstract_sections:
            assert record["abstract"]


def test_bibtex_of_the_corpus_reads_back_intact(corpus: list[Reference]) -> None:
    text = to_bibtex(corpus)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    written = bibtex_entries(corpus)
    assert len(library.entries) == len(corpus)
    assert len({e.key for e in library.entries}) == len(corpus)
    for ours, theirs in zip(written, library.entries, strict=True):
        assert (theirs.entry_type, theirs.key) == (ours.entry_type, ours.key)
        assert {f.key: f.value for f in theirs.fields} == {f.key: f.value for f in ours.fields}
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    split = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    for ref, plain, names in zip(corpus, decoded.entries, split.entries, strict=True):
        if ref.title:
            # What LaTeX prints is the title's text (pylatexenc writes \textasciicircum{} as U+02C6).
            assert plain.fields_dict["title"].value.replace("\u02c6", "^") == re.sub(
                r"(?<!\.)\.$", "", one_line(strip_markup(ref.title))
            )
        if ref.PMID:
            assert plain.fields_dict["pmid"].value == ref.PMID
        authors = [a for a in ref.author if a.family or a.literal]
        if authors:
            assert len(names.fields_dict["author"].value) == len(authors), ref.id
