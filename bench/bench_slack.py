"""Slack delivery speed: ack latency under load and event → reply time against injected round trips.

    .venv/bin/python bench/bench_slack.py [--events 500] [--rate 50] [--upstream-rtt 0.1] [--slack-rtt 0.05]

Starts `citebot serve --http` as a real process (as a deployment runs it), with Slack and the upstreams played
by the test fakes on 127.0.0.1, then
1. sends signed events at RATE per second (half messages with a PMID, half events nobody handles) and prints
   p50/p99 of the time to the HTTP ack (target p99 < 100 ms at 50 events/s);
2. sends messages with fresh PMIDs one at a time, PubMed answering after UPSTREAM_RTT and Slack after SLACK_RTT,
   and prints the time from the event to the threaded reply's arrival at Slack, minus both round trips
   (target ≤ 30 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, sign  # noqa: E402
from tests.fakes.upstream import FakeUpstreams, synthetic_efetch_body  # noqa: E402

PORT = 3987


def message_event(n: int, text: str) -> dict[str, Any]:
    ts = f"1700000000.{n:06d}"
    return {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": f"EvBench{n}",
        "event_time": 1700000000,
        "event": {
            "type": "message",
            "channel": "CBENCH",
            "channel_type": "channel",
            "user": "U1",
            "ts": ts,
            "text": text,
        },
    }


def other_event(n: int) -> dict[str, Any]:
    return {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": f"EvOther{n}",
        "event_time": 1700000000,
        "event": {"type": "reaction_added", "user": "U1", "reaction": "tada", "item": {"type": "message"}},
    }


async def send(http: aiohttp.ClientSession, payload: dict[str, Any]) -> float:
    body = json.dumps(payload)
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign(body, stamp),
    }
    started = time.perf_counter()
    async with http.post(f"http://127.0.0.1:{PORT}/slack/events", data=body, headers=headers) as reply:
        await reply.read()
        if reply.status != 200:
            raise RuntimeError(f"ack {reply.status}")
    return time.perf_counter() - started


async def run(args: argparse.Namespace) -> None:
    slack = FakeSlack()
    await slack.start()
    upstreams = FakeUpstreams()
    await upstreams.start()
    pmids = [str(90_000_000 + i) for i in range(args.events + 50)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    base = upstreams.settings()
    workdir = Path(tempfile.mkdtemp(prefix="citebot-bench-"))
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "CITEBOT_SLACK_API_URL": slack.api_url,
        "CITEBOT_PUBMED_URL": base.pubmed_url,
        "CITEBOT_IDCONV_URL": base.idconv_url,
        "CITEBOT_CROSSREF_URL": base.crossref_url,
        "CITEBOT_DATACITE_URL": base.datacite_url,
        "CITEBOT_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'citebot.db'}",
        "NCBI_API_KEY": "bench",  # 10 requests/s: the load phase is about the ack, not NCBI's budget
        "CITEBOT_LOG_LEVEL": "WARNING",
    }
    env.pop("SLACK_APP_TOKEN", None)
    server = await asyncio.create_subprocess_exec(
        str(ROOT / ".venv" / "bin" / "citebot"), "serve", "--http", "--port", str(PORT), env=env, cwd=workdir
    )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                try:
                    async with http.get(f"http://127.0.0.1:{PORT}/healthz") as reply:
                        if reply.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)

            # 1. Ack latency under a steady rate.
            interval = 1.0 / args.rate
            start = time.perf_counter()
            pending = []
            for i in range(args.events):
                event = message_event(i, f"PMID: {pmids[i]}") if i % 2 == 0 else other_event(i)
                pending.append(asyncio.create_task(send(http, event)))
                await asyncio.sleep(max(0.0, start + (i + 1) * interval - time.perf_counter()))
            acks = await asyncio.gather(*pending)
            p50 = statistics.median(acks) * 1000
            p99 = statistics.quantiles(acks, n=100)[98] * 1000
            print(f"ack latency at {args.rate}/s over {len(acks)} events: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
            await slack.quiet(0.5, within=120)
            await asyncio.sleep(
                1.1
            )  # let NCBI's 1-second window empty: phase 2 measures latency, not queueing

            # 2. Event → reply against injected round trips.
            upstreams.latency["pubmed"] = args.upstream_rtt
            slack.latency = args.slack_rtt
            overheads = []
            for k in range(args.replies):
                pmid = pmids[args.events + k]
                before = slack.count("chat.postMessage")
                sent = time.monotonic()
                await send(http, message_event(args.events + k, f"PMID: {pmid}"))
                post = (await slack.wait_for("chat.postMessage", count=before + 1, within=10))[-1]
                # The fake stamps a call when it arrives, so one Slack RTT is not in post.at; any Slack call
                # made *before* the post would show up here with its full RTT.
                overheads.append(post.at - sent - args.upstream_rtt)
                await slack.quiet(0.2)
            print(
                f"event→reply arrival beyond upstream {args.upstream_rtt * 1000:.0f} ms"
                f" (Slack RTT {args.slack_rtt * 1000:.0f} ms):"
                f" median {statistics.median(overheads) * 1000:.1f} ms, max {max(overheads) * 1000:.1f} ms"
                f" (each: {[round(o * 1000) for o in overheads]})"
            )
    finally:
        server.terminate()
        await server.wait()
        await slack.stop()
        await upstreams.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--upstream-rtt", type=float, default=0.1)
    parser.add_argument("--slack-rtt", type=float, default=0.05)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
