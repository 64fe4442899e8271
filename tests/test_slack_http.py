"""HTTP mode through the real Bolt pipeline: signatures, acks, unhandled requests, the "payload" body bug."""

from __future__ import annotations

import json
import time

import aiohttp

from bot.app import bolt_request
from tests.fakes.slack import (  # noqa: F401  (fixtures)
    SEED_TITLE,
    FakeSlack,
    Running,
    all_text,
    citebot_fixture,
    slack_fixture,
)


async def test_healthz(citebot: Running) -> None:
    url = citebot.send.url.replace("/slack/events", "/healthz")
    async with citebot.send.session.get(url) as response:
        assert response.status == 200
        assert (await response.json())["ok"] is True


async def test_url_verification_challenge_is_echoed(citebot: Running) -> None:
    body = json.dumps(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    reply = await citebot.send.post(body, "application/json")
    assert reply.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in reply.text


async def test_bad_stale_and_missing_signatures_get_401_and_do_nothing(citebot: Running) -> None:
    event = citebot.send.message("PMID: 34497264")
    wrong = await citebot.send.event(event, secret="not-the-secret")
    stale = await citebot.send.event(citebot.send.message("PMID: 34497264"), timestamp=int(time.time()) - 301)
    unsigned = await citebot.send.event(citebot.send.message("PMID: 34497264"), secret=None)
    command, _ = await citebot.send.command("34497264", secret="not-the-secret")
    assert [wrong.status, stale.status, unsigned.status, command.status] == [401, 401, 401, 401]
    await citebot.settle()
    assert [c.method for c in citebot.slack.calls] == ["auth.test"]


async def test_signature_inside_the_five_minutes_is_accepted(citebot: Running) -> None:
    reply = await citebot.send.event(
        citebot.send.message("nothing to cite"), timestamp=int(time.time()) - 240
    )
    assert reply.status == 200


async def test_unhandled_event_type_is_acknowledged_with_200(citebot: Running) -> None:
    event = {"type": "reaction_added", "user": "U1", "reaction": "thumbsup", "item": {"type": "message"}}
    reply = await citebot.send.event(event)
    assert reply.status == 200
    await citebot.settle()
    assert [c.method for c in citebot.slack.calls] == ["auth.test"]


async def test_unhandled_interactive_payload_is_acknowledged_with_200(citebot: Running) -> None:
    payload, _ = citebot.send.block_action(
        {"action_id": "someone_elses_button", "type": "button", "value": "x"}
    )
    reply = await citebot.send.interactive(payload)
    assert reply.status == 200


async def test_slash_command_whose_text_says_payload_is_cited(citebot: Running, slack: FakeSlack) -> None:
    reply, name = await citebot.send.command("payload 34497264")
    assert reply.status == 200
    await citebot.settle()
    answers = [c for c in slack.of("response") if c.args["_name"] == name]
    assert len(answers) == 1
    assert answers[0].args["response_type"] == "ephemeral"
    assert SEED_TITLE in all_text(answers[0].args["blocks"])


def test_bolt_request_keeps_the_raw_body_for_the_signature() -> None:
    raw = "command=%2Fcite&text=payload+34497264&response_url=http%3A%2F%2Fx"
    request = bolt_request(raw, "", {"content-type": "application/x-www-form-urlencoded"})
    assert request.raw_body == raw
    assert request.body["text"] == "payload 34497264"
    assert request.body["command"] == "/cite"


def test_bolt_request_still_reads_interactive_payloads() -> None:
    raw = "payload=" + aiohttp.helpers.quote(json.dumps({"type": "block_actions", "actions": []}), safe="")
    request = bolt_request(raw, "", {"content-type": "application/x-www-form-urlencoded"})
    assert request.body["type"] == "block_actions"


async def test_every_event_of_a_50_per_second_stream_is_acknowledged(
    citebot: Running, slack: FakeSlack
) -> None:
    """Half the stream is events no listener wants: all are answered 200 (timing: bench/bench_slack.py)."""
    statuses: list[int] = []
    for i in range(50):
        started = time.perf_counter()
        if i % 2:
            event = {"type": "reaction_added", "user": "U1", "reaction": f"r{i}", "item": {"type": "message"}}
        else:
            event = citebot.send.message("PMID: 34497264, again")
        reply = await citebot.send.event(event)
        statuses.append(reply.status)
        await _sleep_until(started + 0.02)
    await citebot.settle()
    assert statuses == [200] * 50
    assert slack.count("chat.postMessage") == 25  # every message is a new post: one reply each


async def _sleep_until(deadline: float) -> None:
    import asyncio

    await asyncio.sleep(max(0.0, deadline - time.perf_counter()))
