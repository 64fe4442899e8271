"""Fake upstreams on 127.0.0.1: PubMed E-utilities, the PMC ID Converter, Crossref and DataCite.

One aiohttp server answers like the real services from recorded bodies, over real HTTP, records every request
(with its arrival time, to check rate limits) and can be told to misbehave (status codes, latency, hangs,
``<ERROR>`` bodies, malformed or truncated answers). Loaded as a pytest plugin by ``tests/conftest.py``:

- ``upstreams``: async fixture, a started ``FakeUpstreams`` with ``tests/fixtures/upstream`` loaded;
- ``shared_upstreams``: the same plus every body under ``../shared/fixtures/upstream`` (skips without it);
- ``upstreams_in_thread``: sync fixture for code that runs its own event loop (``citebot`` CLI,
  ``asyncio.run``): the server runs in a background thread; use it exactly like ``upstreams``.

Paths: ``/eutils/efetch.fcgi``, ``/eutils/esearch.fcgi``, ``/idconv/``, ``/crossref/works``,
``/crossref/works/{doi}``, ``/datacite/dois/{doi}``; ``settings()`` points a ``Settings`` at them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import pytest_asyncio
from aiohttp import web
from lxml import etree

from bot.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "upstream"
SERVICES = ("pubmed", "idconv", "crossref", "datacite")
CONTACT_EMAIL = "citebot-tests@example.org"

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=False
)
_EFETCH_HEAD = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
_ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
_DATACITE_404 = b'{"errors":[{"status":"404","title":"The resource you are looking for doesn\'t exist."}]}'
_NCBI_429 = b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}\n'
_DEFAULT_FAULT_BODIES = {
    429: _NCBI_429,
    500: b"<html><head><title>500 Internal Server Error</title></head><body>Internal Server Error</body></html>",
    502: b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    503: b"<html><body><h1>503 Service Unavailable</h1></body></html>",
}
_TERM = re.compile(r'^\(*"?(.+?)"?\s*\[(doi|aid|pmid|uid)\]\)*$', re.IGNORECASE)
_OR = re.compile(r"\s+OR\s+")


@dataclass(frozen=True)
class RecordedRequest:
    service: str  # "pubmed" / "idconv" / "crossref" / "datacite" ("" for an unknown path)
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    time: float  # time.monotonic() on arrival
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def params(self) -> dict[str, str]:
        """Query and form together (NCBI takes either)."""
        return {**self.query, **self.form}


@dataclass
class Fault:
    service: str
    status: int | None = None
    delay: float = 0.0
    times: int | None = None  # None: every request until cleared
    body: bytes | None = None
    hang: bool = False
    truncate: bool = False
    path_suffix: str | None = None
    content_type: str | None = None
    headers: dict[str, str] | None = None


@dataclass
class _IdRecord:
    pmid: str | None
    pmcid: str | None
    doi: str | None


def _service_of(path: str) -> str:
    for service, prefix in (
        ("pubmed", "/eutils/"),
        ("idconv", "/idconv"),
        ("crossref", "/crossref/"),
        ("datacite", "/datacite/"),
    ):
        if path.startswith(prefix):
            return service
    return ""


def _first_text(element: Any, paths: tuple[str, ...]) -> list[str]:
    values: list[str] = []
    for path in paths:
        for found in element.findall(path):
            text = "".join(found.itertext()).strip()
            if text:
                values.append(text)
    return values


@dataclass
class FakeUpstreams:
    """One aiohttp server on 127.0.0.1 playing PubMed E-utilities (/eutils/efetch.fcgi, /eutils/esearch.fcgi),
    the PMC ID Converter (/idconv/), Crossref (/crossref/works, /crossref/works/{doi}) and DataCite
    (/datacite/dois/{doi}) from recorded bodies."""

    requests: list[RecordedRequest] = field(default_factory=list)
    latency: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SERVICES, 0.0))
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        self._pubmed: dict[str, str] = {}  # PMID → serialised <PubmedArticle>/<PubmedBookArticle>
        self._pubmed_by_doi: dict[str, list[str]] = {}
        self._idconv: dict[str, _IdRecord] = {}
        self._crossref: dict[str, dict[str, Any]] = {}
        self._crossref_bodies: dict[str, bytes] = {}  # single-work bodies, served byte for byte
        self._datacite: dict[str, bytes] = {}
        self._faults: list[Fault] = []
        self._runner: web.AppRunner | None = None
        self._closing: asyncio.Event | None = None
        self.port = 0

    # -- life cycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        self._closing = asyncio.Event()
        app = web.Application(middlewares=[self._middleware], client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/eutils/efetch.fcgi", self._efetch)
        app.router.add_route("*", "/eutils/esearch.fcgi", self._esearch)
        app.router.add_route("GET", "/idconv/", self._idconv_handler)
        app.router.add_route("GET", "/idconv", self._idconv_handler)
        app.router.add_route("GET", "/crossref/works", self._crossref_works)
        app.router.add_route("GET", "/crossref/works/{doi:.+}", self._crossref_work)
        app.router.add_route("GET", "/datacite/dois/{doi:.+}", self._datacite_doi)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._closing is not None:
            self._closing.set()  # releases hanging handlers
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def settings(self, **overrides: Any) -> Settings:
        """Settings whose upstream URLs point here, with a contact email and no API key or .env."""
        values: dict[str, Any] = {
            "pubmed_url": f"{self.base_url}/eutils/",
            "idconv_url": f"{self.base_url}/idconv/",
            "crossref_url": f"{self.base_url}/crossref/",
            "datacite_url": f"{self.base_url}/datacite/",
            "contact_email": CONTACT_EMAIL,
            "ncbi_api_key": None,
        }
        values.update(overrides)
        by_alias: dict[str, Any] = {}
        for name, value in values.items():
            info = Settings.model_fields.get(name)
            alias = info.validation_alias if info is not None else None
            by_alias[alias if isinstance(alias, str) else name] = value
        return Settings(_env_file=None, **by_alias)

    def env(self, **overrides: str) -> dict[str, str]:
        """The same as environment variables (for the CLI and subprocesses)."""
        env = {
            "CITEBOT_PUBMED_URL": f"{self.base_url}/eutils/",
            "CITEBOT_IDCONV_URL": f"{self.base_url}/idconv/",
            "CITEBOT_CROSSREF_URL": f"{self.base_url}/crossref/",
            "CITEBOT_DATACITE_URL": f"{self.base_url}/datacite/",
            "CITEBOT_CONTACT_EMAIL": CONTACT_EMAIL,
        }
        env.update(overrides)
        return env

    # -- recorded bodies ----------------------------------------------------------------------------

    def add_pubmed_xml(self, body: bytes) -> list[str]:
        """Register every record of an efetch body by PMID; records with a PMC id also go to the ID Converter."""
        root = etree.fromstring(body, _XML_PARSER)
        pmids: list[str] = []
        for article in root:
            if not isinstance(article.tag, str) or article.tag not in ("PubmedArticle", "PubmedBookArticle"):
                continue
            found = _first_text(article, ("./MedlineCitation/PMID", "./BookDocument/PMID"))
            if not found:
                continue
            pmid = found[0]
            self._pubmed[pmid] = etree.tostring(article, encoding="unicode", with_tail=False)
            dois = _first_text(
                article,
                (
                    "./PubmedData/ArticleIdList/ArticleId[@IdType='doi']",
                    "./PubmedBookData/ArticleIdList/ArticleId[@IdType='doi']",
                    "./BookDocument/ArticleIdList/ArticleId[@IdType='doi']",
                    "./MedlineCitation/Article/ELocationID[@EIdType='doi']",
                ),
            )
            for doi in dict.fromkeys(d.lower() for d in dois):
                owners = self._pubmed_by_doi.setdefault(doi, [])
                if pmid not in owners:
                    owners.append(pmid)
            pmcids = _first_text(
                article,
                (
                    "./PubmedData/ArticleIdList/ArticleId[@IdType='pmc']",
                    "./PubmedBookData/ArticleIdList/ArticleId[@IdType='pmc']",
                ),
            )
            if pmcids:
                self.add_idconv(pmid, pmcids[0], dois[0] if dois else None)
            pmids.append(pmid)
        return pmids

    def add_crossref_json(self, body: bytes) -> list[str]:
        """Register the work(s) of a ``/works/{doi}`` or work-list body by DOI (other bodies are ignored)."""
        data = json.loads(body)
        message_type = data.get("message-type") if isinstance(data, dict) else None
        if message_type == "work":
            work = data["message"]
            self._crossref[work["DOI"].lower()] = work
            self._crossref_bodies[work["DOI"].lower()] = body
            return [work["DOI"]]
        if message_type == "work-list":
            dois = []
            for work in data["message"].get("items", []):
                if isinstance(work, dict) and work.get("DOI"):
                    self._crossref[work["DOI"].lower()] = work
                    self._crossref_bodies.pop(work["DOI"].lower(), None)
                    dois.append(work["DOI"])
            return dois
        return []

    def add_datacite_json(self, body: bytes) -> list[str]:
        """Register a ``/dois/{doi}`` body (or each DOI of a ``/dois`` list) by DOI; error bodies are ignored."""
        data = json.loads(body)
        if not isinstance(data, dict) or "data" not in data:
            return []
        if isinstance(data["data"], dict):
            doi = data["data"]["attributes"]["doi"]
            self._datacite[doi.lower()] = body
            return [doi]
        dois = []
        for item in data["data"]:
            doi = item.get("attributes", {}).get("doi")
            if doi:
                self._datacite[doi.lower()] = json.dumps({"data": item}, ensure_ascii=False).encode()
                dois.append(doi)
        return dois

    def add_idconv(self, pmid: str | None, pmcid: str | None, doi: str | None) -> None:
        """Make the ID Converter know one article (it knows only articles in PMC)."""
        record = _IdRecord(pmid, pmcid, doi)
        for key in (pmid, pmcid.upper() if pmcid else None, doi.lower() if doi else None):
            if key:
                self._idconv[key] = record

    def add_idconv_json(self, body: bytes) -> int:
        data = json.loads(body)
        count = 0
        for record in data.get("records", []) if isinstance(data, dict) else []:
            if record.get("status") == "error" or not (record.get("pmcid") or record.get("pmid")):
                continue
            self.add_idconv(record.get("pmid"), record.get("pmcid"), record.get("doi"))
            count += 1
        return count

    def load_directory(self, directory: Path) -> dict[str, int]:
        """Register every body under ``directory`` by its kind (file name prefix or sub-folder)."""
        counts = dict.fromkeys(SERVICES, 0)
        # Older DTD snapshots of a record first, so the current version of the same PMID wins.
        files = sorted(directory.rglob("*"), key=lambda p: ("_dtd" not in p.name, str(p)))
        for path in files:
            if not path.is_file():
                continue
            kind = path.parent.name if path.parent != directory else path.name.split("_", 1)[0]
            body = path.read_bytes()
            if kind == "pubmed" and path.suffix == ".xml":
                counts["pubmed"] += len(self.add_pubmed_xml(body))
            elif kind == "crossref" and path.suffix == ".json":
                counts["crossref"] += len(self.add_crossref_json(body))
            elif kind == "datacite" and path.suffix == ".json":
                counts["datacite"] += len(self.add_datacite_json(body))
            elif kind == "idconv" and path.suffix == ".json":
                counts["idconv"] += self.add_idconv_json(body)
        return counts

    def load_shared(self, shared_upstream_dir: Path) -> dict[str, int]:
        """Everything in ``../shared/fixtures/upstream`` (pubmed/, crossref/, datacite/, idconv/)."""
        counts = dict.fromkeys(SERVICES, 0)
        for service in SERVICES:
            sub = shared_upstream_dir / service
            if sub.is_dir():
                for key, value in self.load_directory(sub).items():
                    counts[key] += value
        return counts

    @property
    def pmids(self) -> list[str]:
        return list(self._pubmed)

    @property
    def crossref_dois(self) -> list[str]:
        return list(self._crossref)

    @property
    def datacite_dois(self) -> list[str]:
        return list(self._datacite)

    # -- faults and measurements --------------------------------------------------------------------

    def fault(
        self,
        service: str,
        *,
        status: int | None = None,
        delay: float = 0.0,
        times: int | None = None,
        body: bytes | None = None,
        hang: bool = False,
        truncate: bool = False,
        path_suffix: str | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Fault:
        """Make ``service`` misbehave: ``status`` (500, 429, ...) with ``body`` or a typical one; ``delay``
        seconds first; ``hang`` never answers (until close); ``body`` alone replaces a 200 answer (an
        ``<ERROR>`` body, malformed JSON/XML); ``truncate`` sends half of the real answer under the full
        Content-Length and drops the connection. ``times`` limits how many requests are affected and
        ``path_suffix`` which ones (e.g. ``"esearch.fcgi"``); ``headers`` are added (``Retry-After``)."""
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}")
        fault = Fault(service, status, delay, times, body, hang, truncate, path_suffix, content_type, headers)
        self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self._faults.clear()

    def count(self, service: str, path_suffix: str | None = None) -> int:
        return sum(
            1
            for r in self.requests
            if r.service == service and (path_suffix is None or r.path.endswith(path_suffix))
        )

    def requests_for(self, service: str, path_suffix: str | None = None) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if r.service == service and (path_suffix is None or r.path.endswith(path_suffix))
        ]

    def max_in_window(self, services: tuple[str, ...] = ("pubmed", "idconv"), window: float = 1.0) -> int:
        """The most requests to ``services`` that arrived within any ``window`` seconds (NCBI's rule)."""
        times = sorted(r.time for r in self.requests if r.service in services)
        best = 0
        start = 0
        for end, t in enumerate(times):
            while t - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _take_fault(self, service: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.service != service or (fault.path_suffix and not path.endswith(fault.path_suffix)):
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
            return fault
        return None

    # -- HTTP ---------------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        arrived = time.monotonic()
        form: dict[str, str] = {}
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            form = {k: str(v) for k, v in (await request.post()).items()}
        service = _service_of(request.path)
        self.requests.append(
            RecordedRequest(
                service,
                request.method,
                request.path,
                dict(request.query),
                form,
                arrived,
                dict(request.headers),
            )
        )
        if service and self.latency.get(service):
            await asyncio.sleep(self.latency[service])
        fault = self._take_fault(service, request.path) if service else None
        if fault is None:
            response: web.StreamResponse = await handler(request)
            return response
        if fault.delay:
            assert self._closing is not None
            with contextlib.suppress(TimeoutError):  # close() cuts the wait short
                await asyncio.wait_for(self._closing.wait(), timeout=fault.delay)
        if fault.hang:
            assert self._closing is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), timeout=3600)
            return web.Response(status=503, text="closing")
        if fault.status is not None:
            body = fault.body if fault.body is not None else _DEFAULT_FAULT_BODIES.get(fault.status, b"error")
            ctype = fault.content_type or ("application/json" if body.startswith(b"{") else "text/html")
            return web.Response(status=fault.status, body=body, content_type=ctype, headers=fault.headers)
        if fault.body is not None:
            ctype = fault.content_type or ("text/xml" if service == "pubmed" else "application/json")
            return web.Response(
                status=200, body=fault.body, content_type=ctype, charset="utf-8", headers=fault.headers
            )
        response = await handler(request)
        if fault.truncate and isinstance(response, web.Response) and response.body:
            return await self._truncated(request, response)
        response.headers.update(fault.headers or {})
        return response

    async def _truncated(self, request: web.Request, response: web.Response) -> web.StreamResponse:
        body = bytes(response.body)  # type: ignore[arg-type]
        stream = web.StreamResponse(status=200, headers={"Content-Type": response.content_type})
        stream.content_length = len(body)
        await stream.prepare(request)
        await stream.write(body[: len(body) // 2])
        if request.transport is not None:
            request.transport.close()
        return stream

    @staticmethod
    async def _params(request: web.Request) -> dict[str, str]:
        params = dict(request.query)
        if request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        return params

    @staticmethod
    def _xml(text: str, status: int = 200) -> web.Response:
        return web.Response(status=status, text=text, content_type="text/xml", charset="utf-8")

    async def _efetch(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        db = params.get("db", "pubmed")
        if db != "pubmed":
            return self._xml(
                f"<eFetchResult>\n\t<ERROR>Invalid db name specified: {escape(db)}</ERROR>\n</eFetchResult>\n"
            )
        ids = [i.strip() for i in params.get("id", "").split(",") if i.strip()]
        if not ids:
            return self._xml(
                "<eFetchResult>\n\t<ERROR>Empty id list - nothing todo</ERROR>\n</eFetchResult>\n"
            )
        records = [self._pubmed[i] for i in dict.fromkeys(ids) if i in self._pubmed]
        if not records:
            return self._xml(_EFETCH_HEAD + "<PubmedArticleSet>\n</PubmedArticleSet>\n")
        return self._xml(
            _EFETCH_HEAD + "<PubmedArticleSet>\n" + "\n".join(records) + "\n</PubmedArticleSet>\n"
        )

    async def _esearch(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        term = params.get("term", "").strip()
        if params.get("db", "pubmed") != "pubmed":
            return self._xml(
                _ESEARCH_HEAD
                + f"<eSearchResult>\n\t<ERROR>Invalid db name specified: {escape(params['db'])}</ERROR>\n</eSearchResult>\n"
            )
        if not term:
            return self._xml(
                _ESEARCH_HEAD
                + "<eSearchResult>\n\t<ERROR>Empty term and query_key - nothing todo</ERROR>\n</eSearchResult>\n"
            )
        found: list[str] = []
        missing: list[str] = []
        for part in _OR.split(term):
            match = _TERM.match(part.strip())
            if match is None:
                missing.append(part.strip())
                continue
            value, field_name = match.group(1).strip(), match.group(2)
            if field_name.lower() in ("doi", "aid"):
                hits = self._pubmed_by_doi.get(value.lower(), [])
            else:
                hits = [value] if value in self._pubmed else []
            found.extend(hits)
            if not hits:
                missing.append(f"{value}[{field_name}]")
        found = list(dict.fromkeys(found))
        retmax = int(params.get("retmax", "20") or 20)
        shown = found[:retmax]
        id_list = "".join(f"\n<Id>{pmid}</Id>" for pmid in shown)
        parts = [
            f"<eSearchResult><Count>{len(found)}</Count><RetMax>{len(shown)}</RetMax><RetStart>0</RetStart>",
            f"<IdList>{id_list}\n</IdList>" if shown else "<IdList/>",
            f"<TranslationSet/><QueryTranslation>{escape(term)}</QueryTranslation>",
        ]
        if missing:
            parts.append(
                "<ErrorList>"
                + "".join(f"<PhraseNotFound>{escape(m)}</PhraseNotFound>" for m in missing)
                + "</ErrorList>"
            )
        if not found:
            parts.append("<WarningList><OutputMessage>No items found.</OutputMessage></WarningList>")
        parts.append("</eSearchResult>\n")
        return self._xml(_ESEARCH_HEAD + "".join(parts))

    async def _idconv_handler(self, request: web.Request) -> web.Response:
        params = dict(request.query)
        ids = [i.strip() for i in params.get("ids", "").split(",") if i.strip()]
        echo = ";".join(f"{k}={v}" for k, v in params.items())
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")

        def error(message: str, status: int) -> web.Response:
            body = {"status": "error", "message": message, "responseDate": stamp, "request": echo}
            return web.json_response(body, status=status, dumps=lambda d: json.dumps(d, indent=1))

        if not ids:
            return error("ids%20parameter%20is%20required", 400)
        if len(ids) > 200:
            return error("too%20many%20ids%20(limit%20is%20200)", 400)
        kinds = {
            "pmcid" if i.upper().startswith("PMC") else "doi" if i.startswith("10.") else "pmid" for i in ids
        }
        if len(kinds) > 1:
            return error("ID%20type%20mismatch", 404)
        records: list[dict[str, str]] = []
        for requested in ids:
            key = requested.upper() if requested.upper().startswith("PMC") else requested
            record = self._idconv.get(key.lower() if key.startswith("10.") else key)
            if record is None:
                records.append(
                    {"requested-id": requested, "status": "error", "errmsg": "Identifier not found in PMC"}
                )
                continue
            found = {"requested-id": requested}
            for name in ("pmcid", "pmid", "doi"):
                value = getattr(record, name)
                if value:
                    found[name] = value
            records.append(found)
        body = {"status": "ok", "responseDate": stamp, "request": echo, "records": records}
        if params.get("format", "json") != "json":
            return web.Response(status=400, text="only format=json is played here", content_type="text/plain")
        return web.json_response(body, dumps=lambda d: json.dumps(d, indent=1))

    @staticmethod
    def _crossref_headers() -> dict[str, str]:
        return {"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s", "Access-Control-Allow-Origin": "*"}

    async def _crossref_works(self, request: web.Request) -> web.Response:
        query = request.query.get("filter", "")
        rows = int(request.query.get("rows", "20") or 20)
        wanted = [part[4:] for part in query.split(",") if part.startswith("doi:")]
        items = [self._crossref[d.lower()] for d in dict.fromkeys(wanted) if d.lower() in self._crossref]
        body = {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(items),
                "items": items[:rows],
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": None},
            },
        }
        return web.json_response(
            body, headers=self._crossref_headers(), dumps=lambda d: json.dumps(d, ensure_ascii=False)
        )

    async def _crossref_work(self, request: web.Request) -> web.Response:
        doi = request.match_info["doi"].lower()
        if doi not in self._crossref:
            return web.Response(
                status=404,
                text="Resource not found.",
                content_type="text/plain",
                headers=self._crossref_headers(),
            )
        body = self._crossref_bodies.get(doi)
        if body is None:
            body = json.dumps(
                {
                    "status": "ok",
                    "message-type": "work",
                    "message-version": "1.0.0",
                    "message": self._crossref[doi],
                },
                ensure_ascii=False,
            ).encode()
        return web.Response(
            body=body, content_type="application/json", charset="utf-8", headers=self._crossref_headers()
        )

    async def _datacite_doi(self, request: web.Request) -> web.Response:
        doi = request.match_info["doi"].lower()
        body = self._datacite.get(doi)
        if body is None:
            return web.Response(
                status=404, body=_DATACITE_404, content_type="application/json", charset="utf-8"
            )
        return web.Response(body=body, content_type="application/vnd.api+json", charset="utf-8")


def synthetic_efetch_body(pmids: list[str]) -> bytes:
    """A PubmedArticleSet of minimal but valid records ("Synthetic record <PMID>"), for volume tests."""
    records = "\n".join(
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        '<Article PubModel="Print"><Journal><ISSN IssnType="Print">5555-0002</ISSN>'
        '<JournalIssue CitedMedium="Print"><Volume>1</Volume><Issue>1</Issue><PubDate><Year>2020</Year>'
        "</PubDate></JournalIssue><Title>Synthetic journal</Title><ISOAbbreviation>Synth J</ISOAbbreviation>"
        f"</Journal><ArticleTitle>Synthetic record {pmid}.</ArticleTitle><Pagination><MedlinePgn>1-2</MedlinePgn>"
        '</Pagination><AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Doe</LastName><ForeName>Jane</ForeName>'
        "<Initials>J</Initials></Author></AuthorList><Language>eng</Language></Article></MedlineCitation>"
        "<PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>'
        for pmid in pmids
    )
    return (_EFETCH_HEAD + "<PubmedArticleSet>\n" + records + "\n</PubmedArticleSet>\n").encode()


# -- a server in a thread, for code that runs its own event loop -----------------------------------------


class ThreadedUpstreams:
    """Runs a ``FakeUpstreams`` on its own event loop in a daemon thread."""

    def __init__(self, fake: FakeUpstreams) -> None:
        self.fake = fake
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-upstreams", daemon=True)

    def __enter__(self) -> FakeUpstreams:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self._loop).result(timeout=10)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


# -- pytest fixtures ---------------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def upstreams() -> AsyncIterator[FakeUpstreams]:
    """A started FakeUpstreams with the project's own small fixtures (tests/fixtures/upstream)."""
    fake = FakeUpstreams()
    fake.load_directory(FIXTURES)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest_asyncio.fixture
async def shared_upstreams(shared_dir: Path) -> AsyncIterator[FakeUpstreams]:
    """Like ``upstreams``, plus every recorded body under ../shared/fixtures/upstream."""
    fake = FakeUpstreams()
    fake.load_shared(shared_dir / "fixtures" / "upstream")
    fake.load_directory(FIXTURES)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
def upstreams_in_thread() -> Iterator[FakeUpstreams]:
    """A FakeUpstreams (own fixtures loaded) serving from a background thread, for sync tests."""
    fake = FakeUpstreams()
    fake.load_directory(FIXTURES)
    with ThreadedUpstreams(fake) as running:
        yield running
