"""``@citebot``: thread bibliographies (every page of the thread, deduped, in order, RIS + BibTeX), ids, help."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import bibtexparser
import rispy

from tests.fakes.slack import (  # noqa: F401  (fixtures)
    BOT_ID,
    BOT_USER_ID,
    CHANNEL,
    FAST_TUNING,
    NANO_TITLE,
    SEED_TITLE,
    USER,
    FakeSlack,
    Running,
    all_text,
    app_settings,
    citebot_fixture,
    slack_fixture,
    start_citebot,
)
from tests.fakes.upstream import FakeUpstreams

PARENT = "1680000000.000100"


def mention(citebot: Running, text: str, *, thread_ts: str | None = PARENT) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "channel": CHANNEL,
        "user": USER,
        "text": f"<@{BOT_USER_ID}> {text}".strip(),
        "ts": citebot.send.next_ts(),
        "event_ts": "1.0",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def register_thread(slack: FakeSlack) -> None:
    slack.add_thread(
        CHANNEL,
        PARENT,
        [
            {
                "type": "message",
                "user": "U1",
                "ts": PARENT,
                "text": "Start with PMID: 34497264",
                "thread_ts": PARENT,
            },
            {"type": "message", "user": "U2", "ts": "1680000000.000200", "text": "ok"},
            {
                "type": "message",
                "user": "U2",
                "ts": "1680000000.000300",
                "text": "and <https://doi.org/10.1038/nnano.2014.279|this one>",
            },
            {
                "type": "message",
                "bot_id": BOT_ID,
                "user": BOT_USER_ID,
                "ts": "1680000000.000400",
                "text": "PMID: 90000001 (a card of ours: not a mention by a person)",
            },
            {
                "type": "message",
                "user": "U3",
                "ts": "1680000000.000500",
                "text": "again https://doi.org/10.1038/s41392-021-00754-6",
            },
            {"type": "message", "user": "U1", "ts": "1680000000.000600", "text": f"<@{BOT_USER_ID}>"},
        ],
    )


async def test_mention_in_a_thread_replies_with_a_numbered_bibliography_and_files(
    citebot: Running, slack: FakeSlack
) -> None:
    register_thread(slack)
    await citebot.send.event(mention(citebot, ""))
    await citebot.settle()

    reads = slack.of("conversations.replies")
    assert len(reads) == 3  # six messages, two per page: every page was read
    assert all(r.args["channel"] == CHANNEL and r.args["ts"] == PARENT for r in reads)

    (post,) = slack.of("chat.postMessage")
    assert post.args["thread_ts"] == PARENT
    text = all_text(post.args["blocks"])
    # In order of first mention; the DOI of the PMID's own article is the same work; our bot's post is not read.
    assert text.index(SEED_TITLE) < text.index(NANO_TITLE)
    assert text.count(SEED_TITLE) == 1
    assert "Synthetic" not in text and "90000001" not in text
    assert "1." in text and "2." in text

    ((call, files),) = slack.shared_files()
    assert call.args["thread_ts"] == PARENT and call.args["channel_id"] == CHANNEL
    assert sorted(files) == ["references.bib", "references.ris"]
    entries = rispy.loads(files["references.ris"].decode())
    assert [e.get("doi", "").lower() for e in entries] == [
        "10.1038/s41392-021-00754-6",
        "10.1038/nnano.2014.279",
    ]
    library = bibtexparser.parse_string(files["references.bib"].decode())
    assert len(library.entries) == 2
    assert [e.fields_dict["doi"].value.lower() for e in library.entries] == [
        "10.1038/s41392-021-00754-6",
        "10.1038/nnano.2014.279",
    ]


async def test_mention_with_a_style_word_uses_it(citebot: Running, slack: FakeSlack) -> None:
    register_thread(slack)
    await citebot.send.event(mention(citebot, "apa"))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert "(2021)" in all_text(post.args["blocks"])  # APA: the year in parentheses after the authors


async def test_mention_with_a_misspelt_style_still_gives_the_bibliography_and_says_so(
    citebot: Running, slack: FakeSlack
) -> None:
    register_thread(slack)
    await citebot.send.event(mention(citebot, "harvrad"))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    text = all_text(post.args["blocks"])
    assert SEED_TITLE in text
    assert "I don't know the style “harvrad”, so these are in AMA 11th ed." in text


async def test_mention_with_an_id_cites_just_that(citebot: Running, slack: FakeSlack) -> None:
    register_thread(slack)
    await citebot.send.event(mention(citebot, "10.1038/nnano.2014.279"))
    await citebot.settle()
    assert slack.count("conversations.replies") == 0
    (post,) = slack.of("chat.postMessage")
    assert post.args["thread_ts"] == PARENT
    text = all_text(post.args["blocks"])
    assert NANO_TITLE in text and SEED_TITLE not in text


async def test_mention_help(citebot: Running, slack: FakeSlack) -> None:
    await citebot.send.event(mention(citebot, "help"))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert "/cite settings" in post.args["text"]
    assert post.args["thread_ts"] == PARENT


async def test_mention_outside_a_thread(citebot: Running, slack: FakeSlack) -> None:
    with_ids = mention(citebot, "34497264", thread_ts=None)
    empty = mention(citebot, "", thread_ts=None)
    await citebot.send.event(with_ids)
    await citebot.send.event(empty)
    await citebot.settle()
    posts = {p.args["thread_ts"]: p for p in slack.of("chat.postMessage")}
    assert SEED_TITLE in all_text(posts[with_ids["ts"]].args["blocks"])
    assert "@citebot" in posts[empty["ts"]].args["text"]
    assert slack.count("files.completeUploadExternal") == 1  # the RIS of the cited id


async def test_mention_in_a_thread_without_ids(citebot: Running, slack: FakeSlack) -> None:
    slack.add_thread(
        CHANNEL, PARENT, [{"type": "message", "user": "U1", "ts": PARENT, "text": "no ids here"}]
    )
    await citebot.send.event(mention(citebot, ""))
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert "no PMIDs" in post.args["text"]


async def test_a_long_thread_is_read_up_to_the_message_limit(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    register_thread(slack)  # six messages, two per page
    settings = app_settings(upstreams.settings(), slack, tmp_path)
    tuning = replace(FAST_TUNING, thread_message_limit=4)
    async with start_citebot(settings, slack, tuning) as citebot:
        await citebot.send.event(mention(citebot, ""))
        await citebot.settle()
    assert slack.count("conversations.replies") == 2  # the third page is past the limit
    assert [r.args["limit"] for r in slack.of("conversations.replies")] == ["4", "2"]
    (post,) = slack.of("chat.postMessage")
    text = all_text(post.args["blocks"])
    assert SEED_TITLE in text and NANO_TITLE in text  # what the first four messages cite


async def test_failed_file_upload_after_a_bibliography_gets_its_own_line(
    citebot: Running, slack: FakeSlack
) -> None:
    register_thread(slack)
    slack.fault("files.completeUploadExternal", error="internal_error")
    await citebot.send.event(mention(citebot, ""))
    await citebot.settle()
    bibliography, note = slack.of("chat.postMessage")
    assert SEED_TITLE in all_text(bibliography.args["blocks"])
    assert note.args["thread_ts"] == PARENT and "files" in note.args["text"]
    assert "Something went wrong" not in note.args["text"]  # the bibliography itself went out
