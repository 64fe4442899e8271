"""PMC ID Converter JSON parsing on fixtures shaped like both generations of the service."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.parsers import UpstreamBodyError
from bot.parsers.idconv import IdRecord, parse_idconv

FIXTURES = Path(__file__).parent / "fixtures" / "parsers"


def test_v1_answer_with_a_failed_record() -> None:
    assert parse_idconv((FIXTURES / "idconv_v1.json").read_bytes()) == [
        IdRecord(requested="PMC2883744", pmid="20495566", pmcid="PMC2883744", doi="10.1038/ng.590"),
        IdRecord(requested="10.9999/none", doi="10.9999/none", error="invalid article id"),
    ]


def test_articles_api_answer_echoes_requested_ids_and_numeric_pmids() -> None:
    assert parse_idconv((FIXTURES / "idconv_articles_api.json").read_bytes()) == [
        IdRecord(requested="PMC3531190", pmid="23193287", pmcid="PMC3531190", doi="10.1093/nar/gks1195"),
        IdRecord(requested="34497264", pmid="34497264", error="Identifier not found in PMC"),
        IdRecord(requested="PMC0000001", error="Invalid PMCID"),
    ]


def test_answer_without_records_is_empty() -> None:
    assert parse_idconv(b'{"status":"ok","responseDate":"2025-01-01 00:00:00","request":"ids="}') == []


@pytest.mark.parametrize(
    "body",
    [
        b'{"status": "error", "message": "ID%20type%20%27doi%27%20mismatch%20for%20%2728371833%27"}',
        b"<html>Service unavailable</html>",
        b'{"status":"ok","records":[{"pmid":"1"',
        b'{"status":"ok","records":{"pmid":"1"}}',
    ],
    ids=["top-level-error", "html", "truncated", "records-not-a-list"],
)
def test_error_bodies_raise(body: bytes) -> None:
    with pytest.raises(UpstreamBodyError):
        parse_idconv(body)


def test_top_level_error_message_is_url_decoded() -> None:
    with pytest.raises(UpstreamBodyError, match="ID type 'doi' mismatch for '28371833'"):
        parse_idconv(
            b'{"status": "error", "message": "ID%20type%20%27doi%27%20mismatch%20for%20%2728371833%27"}'
        )
