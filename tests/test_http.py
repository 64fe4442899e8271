"""The shared HTTP client against the fake upstream server: retries, backoff, timeouts, caps, identity."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

from bot.http import (
    HttpClient,
    HttpResponse,
    RetryPolicy,
    Upstream,
    UpstreamUnavailable,
    parse_retry_after,
    user_agent,
)
from bot.parsers import UpstreamBodyError
from tests.fakes.upstream import CONTACT_EMAIL, FakeUpstreams

CROSSREF = Upstream("crossref", "Crossref")
FAST = RetryPolicy(tries=3, attempt_timeout=0.3, backoff_base=0.01, backoff_max=0.02)
DOI_PATH = "/crossref/works/10.1038/nnano.2014.279"


def json_body(response: HttpResponse) -> dict[str, object]:
    if response.status != 200:
        return {"status": response.status}
    try:
        data = json.loads(response.body)
    except ValueError as exc:
        raise UpstreamBodyError(str(exc)) from None
    assert isinstance(data, dict)
    return data


class CountingLimiter:
    def __init__(self) -> None:
        self.acquired = 0

    async def acquire(self) -> None:
        self.acquired += 1


async def get(
    client: HttpClient, upstreams: FakeUpstreams, path: str = DOI_PATH, **kwargs: object
) -> dict[str, object]:
    return await client.request(CROSSREF, "GET", upstreams.base_url + path, parse=json_body, **kwargs)  # type: ignore[arg-type]


async def test_retries_5xx_then_returns_the_answer(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", status=500, times=2)
    limiter = CountingLimiter()
    async with HttpClient(policy=FAST) as client:
        data = await get(client, upstreams, limiter=limiter)
    assert data["message-type"] == "work"
    assert upstreams.count("crossref") == 3
    assert limiter.acquired == 3  # every attempt waits for the rate limiter, retries included


async def test_gives_up_after_the_tries_and_says_why(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", status=503)
    async with HttpClient(policy=FAST) as client:
        with pytest.raises(UpstreamUnavailable) as caught:
            await get(client, upstreams)
    assert caught.value.tries == 3
    assert caught.value.user_message == "Crossref is not answering right now (HTTP 503 after 3 tries)."
    assert upstreams.count("crossref") == 3


async def test_a_hanging_upstream_times_out_per_attempt(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", hang=True)
    began = time.monotonic()
    async with HttpClient(policy=RetryPolicy(tries=3, attempt_timeout=0.15, backoff_base=0.01)) as client:
        with pytest.raises(UpstreamUnavailable) as caught:
            await get(client, upstreams)
    assert caught.value.user_message == "Crossref is not answering right now (timed out after 3 tries)."
    assert 0.45 <= time.monotonic() - began < 1.5
    assert upstreams.count("crossref") == 3


async def test_the_deadline_cuts_retries_short(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", hang=True)
    loop = asyncio.get_running_loop()
    began = loop.time()
    async with HttpClient(policy=RetryPolicy(tries=3, attempt_timeout=5.0)) as client:
        with pytest.raises(UpstreamUnavailable) as caught:
            await get(client, upstreams, deadline=began + 0.3)
    assert loop.time() - began < 0.6
    assert caught.value.tries == 1
    assert "timed out" in caught.value.user_message


async def test_backoff_grows_between_tries(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", status=502)
    policy = RetryPolicy(tries=3, attempt_timeout=1.0, backoff_base=0.1, backoff_max=1.0)
    async with HttpClient(policy=policy) as client:
        with pytest.raises(UpstreamUnavailable):
            await get(client, upstreams)
    first, second, third = (r.time for r in upstreams.requests)
    # Jitter spreads each pause over the upper half of base·2^(n-1): [0.05, 0.1] then [0.1, 0.2].
    assert 0.05 <= second - first < 0.3
    assert 0.1 <= third - second < 0.4


async def test_429_honours_retry_after(upstreams: FakeUpstreams) -> None:
    upstreams.fault("crossref", status=429, times=1, headers={"Retry-After": "1"})
    async with HttpClient(policy=FAST) as client:
        data = await get(client, upstreams)
    assert data["message-type"] == "work"
    first, second = (r.time for r in upstreams.requests)
    assert second - first >= 0.95


async def test_429_without_retry_after_backs_off_and_retries(upstreams: FakeUpstreams) -> None:
    upstreams.fault("pubmed", status=429, times=2)  # NCBI's 429 carries no Retry-After
    async with HttpClient(policy=FAST) as client:
        body = await client.request(
            Upstream("pubmed", "PubMed"),
            "GET",
            upstreams.base_url + "/eutils/efetch.fcgi",
            params={"db": "pubmed", "id": "34497264"},
            parse=lambda r: r.body,
        )
    assert b'<PMID Version="1">34497264</PMID>' in body
    assert upstreams.count("pubmed") == 3


@pytest.mark.parametrize(
    "fault",
    [
        {"body": b'{"status":"ok","message-type":"wo'},  # malformed JSON
        {"truncate": True},  # connection dropped half-way through the declared length
    ],
    ids=["malformed", "truncated"],
)
async def test_broken_bodies_are_retried(upstreams: FakeUpstreams, fault: dict[str, object]) -> None:
    upstreams.fault("crossref", times=1, **fault)  # type: ignore[arg-type]
    async with HttpClient(policy=FAST) as client:
        data = await get(client, upstreams)
    assert data["message-type"] == "work"
    assert upstreams.count("crossref") == 2


async def test_body_over_the_cap_is_refused_without_retry(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST, max_body_bytes=1000) as client:
        with pytest.raises(UpstreamUnavailable) as caught:
            await get(client, upstreams)
    assert "answer too large" in caught.value.user_message
    assert upstreams.count("crossref") == 1


async def test_404_and_other_statuses_go_to_parse(upstreams: FakeUpstreams) -> None:
    async with HttpClient(policy=FAST) as client:
        data = await get(client, upstreams, "/crossref/works/10.1234/nothing-here")
    assert data == {"status": 404}
    assert upstreams.count("crossref") == 1


async def test_user_agent_names_us_and_the_contact(upstreams: FakeUpstreams) -> None:
    async with HttpClient(contact_email=CONTACT_EMAIL, policy=FAST) as client:
        await get(client, upstreams)
    assert upstreams.requests[0].headers["User-Agent"] == f"citebot/0.1 (mailto:{CONTACT_EMAIL})"
    assert user_agent(None) == "citebot/0.1"


async def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with HttpClient(policy=FAST) as client:
        with pytest.raises(UpstreamUnavailable) as caught:
            await client.request(CROSSREF, "GET", f"http://127.0.0.1:{port}/x", parse=json_body)
    assert (
        caught.value.user_message == "Crossref is not answering right now (connection failed after 3 tries)."
    )


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    # An HTTP date 30 s after "now".
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == pytest.approx(30.0)


def test_backoff_is_exponential_with_jitter() -> None:
    policy = RetryPolicy(backoff_base=0.2, backoff_max=1.0)
    for failures, ceiling in ((1, 0.2), (2, 0.4), (3, 0.8), (4, 1.0), (6, 1.0)):
        pauses = [policy.backoff(failures) for _ in range(50)]
        assert all(ceiling / 2 <= p <= ceiling for p in pauses)
        assert len(set(pauses)) > 1  # jittered
