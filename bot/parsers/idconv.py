"""PMC ID Converter JSON (``format=json``) → one IdRecord per record, in answer order.

Both generations of the service are read: the v1.0 answer (records carry only the ids they resolved, ``pmid`` a
string) and the newer ``/idconv/api/v1/articles`` answer (``requested-id`` per record, ``pmid`` a number).
``requested`` is the ``requested-id`` when the service echoes it, otherwise the first id the record carries
(pmcid, pmid, doi order) so the caller can match it against what it asked for. A record with
``status: error`` keeps its ``errmsg`` in ``error``; a top-level ``status: error`` (bad idtype, too many ids)
raises UpstreamBodyError, its URL-encoded message decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from bot.parsers import UpstreamBodyError, load_json_object

__all__ = ["IdRecord", "parse_idconv"]


@dataclass(frozen=True)
class IdRecord:
    requested: str
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    error: str | None = None


def _id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_idconv(body: bytes) -> list[IdRecord]:
    data = load_json_object(body, "idconv")
    if str(data.get("status", "")).lower() == "error":
        message = data.get("message") or data.get("errmsg") or "error"
        raise UpstreamBodyError(f"idconv: {unquote(str(message))}")
    records = data.get("records")
    if records is None:
        return []
    if not isinstance(records, list):
        raise UpstreamBodyError("idconv: records is not a list")
    result: list[IdRecord] = []
    for record in records:
        if not isinstance(record, dict):
            continue
        pmid, pmcid, doi = _id(record.get("pmid")), _id(record.get("pmcid")), _id(record.get("doi"))
        requested = _id(record.get("requested-id")) or pmcid or pmid or doi or ""
        failed = str(record.get("status", "")).lower() == "error"
        error = unquote(str(record.get("errmsg") or "error")) if failed else None
        result.append(IdRecord(requested=requested, pmid=pmid, pmcid=pmcid, doi=doi, error=error))
    return result
