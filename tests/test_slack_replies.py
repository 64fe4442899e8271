"""Automatic threaded replies end to end: one reply per post, the right thread, the RIS file, faults."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import rispy

from bot.models import Identifier, Reference
from handlers.deps import Tuning
from tests.fakes.slack import (  # noqa: F401  (fixtures)
    BOT_ID,
    BOT_USER_ID,
    CHANNEL,
    SEED_TITLE,
    FakeSlack,
    Running,
    all_text,
    app_settings,
    citebot_fixture,
    slack_fixture,
    start_citebot,
)
from tests.fakes.upstream import FakeUpstreams, synthetic_efetch_body

FIXTURES = Path(__file__).parent / "fixtures" / "slack"
SEED_DOI = "10.1038/s41392-021-00754-6"


def ris_of(files: dict[str, bytes]) -> list[dict[str, Any]]:
    (name,) = [n for n in files if n.endswith(".ris")]
    entries: list[dict[str, Any]] = rispy.loads(files[name].decode("utf-8"))
    return entries


async def test_message_with_a_pmid_gets_one_threaded_reply_and_the_ris(
    citebot: Running, slack: FakeSlack
) -> None:
    event = citebot.send.message("Have you read PMID: 34497264?")
    reply = await citebot.send.event(event)
    assert reply.status == 200
    await citebot.settle()

    (post,) = slack.of("chat.postMessage")
    assert post.args["channel"] == CHANNEL
    assert post.args["thread_ts"] == event["ts"]
    assert SEED_TITLE in all_text(post.args["blocks"])

    (shared,) = slack.shared_files()
    call, files = shared
    assert call.args["channel_id"] == CHANNEL
    assert call.args["thread_ts"] == event["ts"]
    (entry,) = ris_of(files)
    assert entry.get("doi", "").lower() == SEED_DOI
    assert SEED_TITLE in (entry.get("title") or entry.get("primary_title") or "")
    # Cards first, the file after.
    assert slack.calls.index(post) < slack.calls.index(call)


async def test_a_pmid_and_its_doi_in_one_message_are_one_card_and_one_ris_entry(
    citebot: Running, slack: FakeSlack
) -> None:
    event = citebot.send.message(f"PMID: 34497264 (same as <https://doi.org/{SEED_DOI}>)")
    await citebot.send.event(event)
    await citebot.settle()

    (post,) = slack.of("chat.postMessage")
    cards = [b for b in post.args["blocks"] if b.get("block_id", "").startswith("citebot_card_")]
    assert len(cards) == 1
    assert SEED_TITLE in all_text(cards)
    ((_, files),) = slack.shared_files()
    assert len(ris_of(files)) == 1


async def test_reply_goes_into_the_existing_thread(citebot: Running, slack: FakeSlack) -> None:
    parent = "1690000000.000001"
    event = citebot.send.message("see https://doi.org/10.1038/s41392-021-00754-6", thread_ts=parent)
    await citebot.send.event(event)
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert post.args["thread_ts"] == parent
    ((call, _),) = slack.shared_files()
    assert call.args["thread_ts"] == parent


async def test_file_share_and_thread_broadcast_are_answered(citebot: Running, slack: FakeSlack) -> None:
    await citebot.send.event(citebot.send.message("PMID: 34497264", subtype="file_share", files=[]))
    await citebot.send.event(
        citebot.send.message("PMID: 34497264", subtype="thread_broadcast", thread_ts="1.2")
    )
    await citebot.settle()
    assert slack.count("chat.postMessage") == 2


async def test_retries_of_one_event_produce_one_reply(citebot: Running, slack: FakeSlack) -> None:
    event = citebot.send.message("PMID: 34497264")
    replies = [await citebot.send.event(event, event_id="Ev0RETRY")]
    for retry in (1, 2, 3):
        replies.append(await citebot.send.event(event, event_id="Ev0RETRY", retry_num=retry))
    assert {r.status for r in replies} == {200}
    await citebot.settle()
    assert slack.count("chat.postMessage") == 1
    assert slack.count("files.completeUploadExternal") == 1


async def test_twin_events_message_and_app_mention_produce_one_reply(
    citebot: Running, slack: FakeSlack
) -> None:
    message = citebot.send.message(f"<@{BOT_USER_ID}> PMID: 34497264")
    mention = {**message, "type": "app_mention"}
    mention.pop("channel_type")
    await citebot.send.event(message)
    await citebot.send.event(mention)
    # The same twins again, in the other order, as a second post.
    message2 = citebot.send.message(f"<@{BOT_USER_ID}> PMID: 34497264")
    mention2 = {**message2, "type": "app_mention"}
    await citebot.send.event(mention2)
    await citebot.send.event(message2)
    await citebot.settle()
    posts = slack.of("chat.postMessage")
    assert sorted(p.args["thread_ts"] for p in posts) == sorted([message["ts"], message2["ts"]])


async def test_same_message_seen_by_two_events_with_different_ids_gets_one_reply(
    citebot: Running, slack: FakeSlack
) -> None:
    event = citebot.send.message("PMID: 34497264")
    await citebot.send.event(event, event_id="Ev0A")
    await citebot.send.event(event, event_id="Ev0B")
    await citebot.settle()
    assert slack.count("chat.postMessage") == 1


async def test_bots_edits_deletions_and_joins_get_no_reply(citebot: Running, slack: FakeSlack) -> None:
    send = citebot.send
    ignored = [
        send.message("PMID: 34497264", bot_id="B0OTHER"),
        send.message("PMID: 34497264", subtype="bot_message", bot_id="B0OTHER", user=None),
        send.message("PMID: 34497264", user=BOT_USER_ID),
        send.message("PMID: 34497264", bot_id=BOT_ID, bot_profile={"id": BOT_ID}),
        send.message(
            "",
            subtype="message_changed",
            message={"type": "message", "user": "U0PERSON", "text": "PMID: 34497264", "ts": "1.1"},
        ),
        send.message("", subtype="message_deleted", previous_message={"text": "PMID: 34497264"}),
        send.message("<@U0PERSON> has joined the channel PMID: 34497264", subtype="channel_join"),
        send.message("PMID: 34497264", subtype="channel_topic"),
    ]
    for event in ignored:
        assert (await send.event(event)).status == 200
    await citebot.settle()
    assert [c.method for c in slack.calls] == ["auth.test"]


async def test_message_without_ids_gets_no_reply(citebot: Running, slack: FakeSlack) -> None:
    await citebot.send.event(citebot.send.message("lunch at 12:30? room 4012"))
    await citebot.settle()
    assert slack.count("chat.postMessage") == 0


async def test_channel_modes_off_and_unfurl_silence_automatic_replies(
    citebot: Running, slack: FakeSlack
) -> None:
    await citebot.app.deps.store.set_mode(CHANNEL, "off")
    await citebot.send.event(citebot.send.message("PMID: 34497264"))
    await citebot.app.deps.store.set_mode("C0OTHER", "unfurl")
    await citebot.send.event(citebot.send.message("PMID: 34497264", channel="C0OTHER"))
    await citebot.settle()
    assert slack.count("chat.postMessage") == 0


async def test_channel_style_is_used(citebot: Running, slack: FakeSlack) -> None:
    await citebot.app.deps.store.set_style(CHANNEL, "apa")
    await citebot.send.event(citebot.send.message("PMID: 34497264"))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    # APA puts the year in parentheses after the authors.
    assert "(2021)" in all_text(post.args["blocks"])


async def test_failed_id_is_one_line_beside_the_card_that_worked(citebot: Running, slack: FakeSlack) -> None:
    await citebot.send.event(citebot.send.message("PMID: 34497264 and PMID: 99999999"))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    text = all_text(post.args["blocks"])
    assert SEED_TITLE in text
    assert "99999999" in text and "not found" in text.lower()
    ((_, files),) = slack.shared_files()
    assert len(ris_of(files)) == 1


async def test_hostile_metadata_shows_literally(
    citebot: Running, slack: FakeSlack, upstreams: FakeUpstreams
) -> None:
    upstreams.add_pubmed_xml((FIXTURES / "pubmed_90000077_hostile_synthetic.xml").read_bytes())
    await citebot.send.event(citebot.send.message("PMID: 90000077"))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    text = all_text(post.args["blocks"]) + post.args["text"]
    assert "&lt;!channel&gt; &lt;https://evil|click&gt;" in text
    for raw in ("<!channel>", "<https://evil|click>", "<!here>", "<@U0ADMIN>", "<!everyone>"):
        assert raw not in text


async def test_slack_429_is_retried_after_retry_after(citebot: Running, slack: FakeSlack) -> None:
    slack.fault("chat.postMessage", 429, times=1, retry_after=1)
    started = time.monotonic()
    await citebot.send.event(citebot.send.message("PMID: 34497264"))
    await citebot.settle()
    attempts = slack.attempts("chat.postMessage")
    assert [a.status for a in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9
    assert time.monotonic() - started >= 1.0
    assert slack.count("files.completeUploadExternal") == 1


async def test_slack_500_is_retried(citebot: Running, slack: FakeSlack) -> None:
    slack.fault("chat.postMessage", 500, times=1, retry_after=None)
    await citebot.send.event(citebot.send.message("PMID: 34497264"))
    await citebot.settle()
    assert [a.status for a in slack.attempts("chat.postMessage")] == [500, 200]


async def test_upstream_down_says_so_then_updates_with_the_answer(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    settings = app_settings(upstreams.settings(), slack, tmp_path, http_timeout=0.6)
    upstreams.fault("pubmed", status=503, times=3)
    async with start_citebot(settings, slack) as citebot:
        event = citebot.send.message("PMID: 34497264")
        await citebot.send.event(event)
        await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert "PubMed is not answering right now; I'll keep trying" in all_text(post.args["blocks"])
    assert SEED_TITLE not in all_text(post.args["blocks"])
    (update,) = slack.of("chat.update")
    assert update.args["channel"] == CHANNEL
    assert update.args["ts"] == post.answer["ts"]
    assert SEED_TITLE in all_text(update.args["blocks"])
    assert "not answering" not in all_text(update.args["blocks"])
    ((call, files),) = slack.shared_files()
    assert call.args["thread_ts"] == event["ts"]
    assert len(ris_of(files)) == 1


async def test_the_answer_still_arrives_when_the_waiting_message_cannot_be_edited(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    settings = app_settings(upstreams.settings(), slack, tmp_path, http_timeout=0.6)
    upstreams.fault("pubmed", status=503, times=3)
    slack.fault("chat.update", error="message_not_found", times=5)
    async with start_citebot(settings, slack) as citebot:
        event = citebot.send.message("PMID: 34497264")
        await citebot.send.event(event)
        await citebot.settle()
    waiting, answer = slack.of("chat.postMessage")
    assert "I'll keep trying" in all_text(waiting.args["blocks"])
    assert SEED_TITLE in all_text(answer.args["blocks"])
    assert answer.args["thread_ts"] == event["ts"]


async def test_upstream_down_for_good_ends_with_a_final_word(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    settings = app_settings(upstreams.settings(), slack, tmp_path, http_timeout=0.6)
    upstreams.fault("pubmed", status=503)
    async with start_citebot(settings, slack, Tuning(retry_delays=(0.05,))) as citebot:
        await citebot.send.event(citebot.send.message("PMID: 34497264"))
        await citebot.settle()
    (update,) = slack.of("chat.update")
    text = all_text(update.args["blocks"])
    assert "PubMed is still not answering" in text and "34497264" in text
    assert slack.count("files.completeUploadExternal") == 0


async def test_too_many_cards_for_one_post_are_split_in_the_same_thread(
    citebot: Running, slack: FakeSlack, upstreams: FakeUpstreams
) -> None:
    pmids = [str(90001000 + i) for i in range(20)]
    upstreams.add_pubmed_xml(synthetic_efetch_body(pmids))
    event = citebot.send.message(" ".join(f"PMID: {p}" for p in pmids))
    await citebot.send.event(event)
    await citebot.settle()
    posts = slack.of("chat.postMessage")
    assert len(posts) >= 1
    assert {p.args["thread_ts"] for p in posts} == {event["ts"]}
    assert all(len(p.args.get("blocks") or []) <= 50 for p in posts)
    text = "\n".join(all_text(p.args.get("blocks")) for p in posts)
    for pmid in pmids:
        assert f"Synthetic record {pmid}" in text
    ((_, files),) = slack.shared_files()
    assert len(ris_of(files)) == 20


async def test_failed_ris_upload_gets_its_own_line_after_the_cards(
    citebot: Running, slack: FakeSlack
) -> None:
    slack.fault("files.completeUploadExternal", error="internal_error")
    event = citebot.send.message("PMID: 34497264")
    await citebot.send.event(event)
    await citebot.settle()
    card, note = slack.of("chat.postMessage")
    assert SEED_TITLE in all_text(card.args["blocks"])
    assert note.args["thread_ts"] == event["ts"] and "RIS file" in note.args["text"]
    assert "Something went wrong" not in note.args["text"]


async def test_errors_reach_the_user_without_details(citebot: Running, slack: FakeSlack) -> None:
    slack.fault("chat.postMessage", error="invalid_blocks")
    event = citebot.send.message("PMID: 34497264")
    await citebot.send.event(event)
    await citebot.settle()
    (sorry,) = slack.of("chat.postMessage")
    assert sorry.args["thread_ts"] == event["ts"]
    assert (
        sorry.args["text"] == "Something went wrong on my side while citing PMID 34497264; please try again."
    )


async def test_a_failing_auth_test_never_silences_the_bot(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    """A workspace (or proxy) that answers auth.test with an error: replies still go out, and auth.test is
    not asked again on every request."""
    slack.fault("auth.test", error="unknown_method", times=100)
    settings = app_settings(upstreams.settings(), slack, tmp_path)
    async with start_citebot(settings, slack) as citebot:
        for n in range(3):
            await citebot.send.event(citebot.send.message(f"PMID: 34497264 ({n})"))
        await citebot.settle()
    posts = slack.of("chat.postMessage")
    assert len(posts) == 3
    assert SEED_TITLE in all_text(posts[0].args["blocks"])
    assert slack.count("auth.test") <= 2  # at start-up and once on the first request, then not for a minute


async def test_summary_length_follows_the_setting(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    """CITEBOT_SUMMARY_CHARS (summary_chars) bounds the card's summary: whole sentences, at most that long."""
    from bot.resolver import Resolver
    from formatters.summary import summarize

    settings = app_settings(upstreams.settings(), slack, tmp_path, summary_chars=200)
    async with start_citebot(settings, slack) as citebot:
        await citebot.send.event(citebot.send.message("PMID: 34497264"))
        await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    card = post.args["blocks"][0]["text"]["text"]
    async with Resolver(upstreams.settings()) as resolver:
        [seed] = await resolver.resolve([Identifier("pmid", "34497264")])
    assert isinstance(seed, Reference)
    short, default = summarize(seed, 200), summarize(seed)
    assert len(short) <= 200 and short != default
    assert short in card
    assert default not in card
