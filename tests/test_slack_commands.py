"""``/cite`` (answers, help, settings), direct messages, and channel settings kept in SQLite across restarts."""

from __future__ import annotations

import json
from pathlib import Path

from formatters.styles import STYLES
from tests.fakes.slack import (  # noqa: F401  (fixtures)
    CHANNEL,
    NANO_TITLE,
    SEED_TITLE,
    USER,
    FakeSlack,
    Running,
    action_elements,
    all_text,
    answer_to,
    app_settings,
    citebot_fixture,
    slack_fixture,
    start_citebot,
)
from tests.fakes.upstream import FakeUpstreams


async def test_cite_answers_ephemerally_with_cards_and_buttons(citebot: Running, slack: FakeSlack) -> None:
    reply, name = await citebot.send.command("34497264 10.1038/nnano.2014.279")
    assert reply.status == 200 and reply.elapsed < 0.5
    await citebot.settle()
    (answer,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert answer["response_type"] == "ephemeral"
    text = all_text(answer["blocks"])
    assert SEED_TITLE in text and NANO_TITLE in text
    found = action_elements(answer["blocks"])
    assert {"citebot_post", "citebot_style", "citebot_ris"} <= set(found)
    post_value = json.loads(found["citebot_post"]["value"])
    assert post_value["ids"] == ["pmid:34497264", "doi:10.1038/nnano.2014.279"]
    assert slack.count("chat.postMessage") == 0  # nothing public


async def test_cite_with_a_style_word(citebot: Running) -> None:
    answer = await answer_to(citebot, "34497264 apa")
    assert json.loads(action_elements(answer["blocks"])["citebot_post"]["value"])["style"] == "apa"
    # APA puts the year in parentheses after the authors.
    assert "(2021)" in all_text(answer["blocks"])


async def test_cite_with_an_unknown_style_still_cites_and_lists_the_styles(citebot: Running) -> None:
    """A typo in the style word does not cost the answer: the cards come in the channel's style (AMA here),
    with a note naming the word and the styles there are."""
    answer = await answer_to(citebot, "34497264 fancy")
    text = all_text(answer["blocks"])
    assert SEED_TITLE in text
    assert "Shi L, Wang L, Xu R, et al." in text  # AMA's author list
    assert "I don't know the style “fancy”, so these are in AMA 11th ed." in text
    for name in STYLES:
        assert f"`{name}`" in text


async def test_cite_help_and_bare_cite_show_help(citebot: Running) -> None:
    for text in ("help", ""):
        answer = await answer_to(citebot, text)
        assert "/cite settings" in answer["text"] and "@citebot" in answer["text"]


async def test_cite_with_no_ids_says_so(citebot: Running) -> None:
    answer = await answer_to(citebot, "<!channel> hello")
    assert "no PMID" in answer["text"]
    assert "<!channel>" not in answer["text"]


async def test_not_found_id_is_explained(citebot: Running) -> None:
    answer = await answer_to(citebot, "99999999")
    text = all_text(answer["blocks"])
    assert "99999999" in text and "not found" in text.lower()


async def test_settings_show_change_and_survive_a_restart(
    slack: FakeSlack, upstreams: FakeUpstreams, tmp_path: Path
) -> None:
    settings = app_settings(upstreams.settings(), slack, tmp_path)
    async with start_citebot(settings, slack) as citebot:
        shown = await answer_to(citebot, "settings")
        assert "`ama`" in shown["text"] and "(the default)" in shown["text"] and "thread" in shown["text"]
        changed = await answer_to(citebot, "settings style APA")
        assert "`apa`" in changed["text"]
        moded = await answer_to(citebot, "settings mode unfurl")
        assert "unfurl" in moded["text"]
        wrong = await answer_to(citebot, "settings mode loud")
        assert "Modes:" in wrong["text"]
        other = await answer_to(citebot, "settings style nope")
        assert "nope" in other["text"]
    assert (tmp_path / "citebot.db").exists()

    async with start_citebot(settings, slack) as fresh:
        stored = await fresh.app.deps.store.channel_settings(CHANNEL)
        assert (stored.style, stored.mode) == ("apa", "unfurl")
        shown = await answer_to(fresh, "settings")
        assert "`apa`" in shown["text"] and "unfurl" in shown["text"]
        assert "(the default)" not in shown["text"]
        # The stored mode holds: no automatic reply in this channel now.
        await fresh.send.event(fresh.send.message("PMID: 34497264"))
        await fresh.settle()
        assert slack.count("chat.postMessage") == 0
        # The stored style holds for /cite.
        answer = await answer_to(fresh, "34497264")
        assert json.loads(action_elements(answer["blocks"])["citebot_post"]["value"])["style"] == "apa"


async def test_direct_message_behaves_like_cite(citebot: Running, slack: FakeSlack) -> None:
    dm = citebot.send.message("34497264", channel="D0PERSON", channel_type="im")
    await citebot.send.event(dm)
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert post.args["channel"] == "D0PERSON"
    assert "thread_ts" not in post.args
    assert SEED_TITLE in all_text(post.args["blocks"])


async def test_direct_message_help_and_bot_echo(citebot: Running, slack: FakeSlack) -> None:
    await citebot.send.event(citebot.send.message("help", channel="D0PERSON", channel_type="im"))
    await citebot.send.event(
        citebot.send.message("34497264", channel="D0PERSON", channel_type="im", bot_id="BCITEBOT", user=USER)
    )
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert "/cite" in post.args["text"]
