"""Buttons (style, abstract, RIS, post to channel), the message shortcut and unfurls, end to end."""

from __future__ import annotations

import json
from typing import Any

import rispy

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
    citebot_fixture,
    slack_fixture,
)


def option_for(select: dict[str, Any], style: str) -> dict[str, Any]:
    options = select.get("options") or [o for g in select.get("option_groups", []) for o in g["options"]]
    (chosen,) = [
        o for o in options if o["text"]["text"].lower().startswith(style) or style in o["value"].split("|")
    ]
    return dict(chosen)


async def public_reply(citebot: Running, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """An automatic reply as Slack would hand it back in a block_actions payload, and its event."""
    event = citebot.send.message(text)
    await citebot.send.event(event)
    await citebot.settle()
    post = citebot.slack.of("chat.postMessage")[-1]
    message = {
        "type": "message",
        "ts": post.answer["ts"],
        "thread_ts": event["ts"],
        "bot_id": "BCITEBOT",
        "text": post.args["text"],
        "blocks": post.args["blocks"],
    }
    return message, event


async def test_style_picker_updates_a_public_card_in_place(citebot: Running, slack: FakeSlack) -> None:
    message, _ = await public_reply(citebot, "PMID: 34497264 and https://doi.org/10.1038/nnano.2014.279")
    select = action_elements(message["blocks"])["citebot_style"]
    action = {
        "action_id": "citebot_style",
        "type": "static_select",
        "selected_option": option_for(select, "apa"),
    }
    payload, _ = citebot.send.block_action(action, message=message)
    assert (await citebot.send.interactive(payload)).status == 200
    await citebot.settle()
    (update,) = slack.of("chat.update")
    assert update.args["channel"] == CHANNEL and update.args["ts"] == message["ts"]
    text = all_text(update.args["blocks"])
    assert SEED_TITLE in text and NANO_TITLE in text  # the whole message, not just one card
    assert "(2021)" in text  # APA
    assert slack.count("chat.postMessage") == 1  # no new post


async def test_style_picker_on_an_ephemeral_answer_replaces_it(citebot: Running, slack: FakeSlack) -> None:
    answer = await answer_to(citebot, "34497264")
    select = action_elements(answer["blocks"])["citebot_style"]
    action = {
        "action_id": "citebot_style",
        "type": "static_select",
        "selected_option": option_for(select, "apa"),
    }
    payload, name = citebot.send.block_action(action, ephemeral=True)
    await citebot.send.interactive(payload)
    await citebot.settle()
    (replaced,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert replaced["replace_original"] is True
    assert "(2021)" in all_text(replaced["blocks"])
    assert json.loads(action_elements(replaced["blocks"])["citebot_post"]["value"])["style"] == "apa"
    assert slack.count("chat.update") == 0


async def test_full_abstract_opens_a_modal(citebot: Running, slack: FakeSlack) -> None:
    message, _ = await public_reply(citebot, "PMID: 34497264")
    button = action_elements(message["blocks"])["citebot_abstract"]
    payload, _ = citebot.send.block_action(
        {"action_id": "citebot_abstract", "type": "button", "value": button["value"]}, message=message
    )
    await citebot.send.interactive(payload)
    await citebot.settle()
    (opened,) = slack.of("views.open")
    assert opened.args["trigger_id"] == payload["trigger_id"]
    view = opened.args["view"]
    assert view["type"] == "modal"
    assert "mesenchymal" in all_text(view["blocks"]).lower()


async def test_ris_button_uploads_into_the_thread(citebot: Running, slack: FakeSlack) -> None:
    message, event = await public_reply(citebot, "PMID: 34497264")
    before = len(slack.shared_files())
    button = action_elements(message["blocks"])["citebot_ris"]
    payload, _ = citebot.send.block_action(
        {"action_id": "citebot_ris", "type": "button", "value": button["value"]}, message=message
    )
    await citebot.send.interactive(payload)
    await citebot.settle()
    shared = slack.shared_files()
    assert len(shared) == before + 1
    call, files = shared[-1]
    assert call.args["channel_id"] == CHANNEL and call.args["thread_ts"] == event["ts"]
    (entry,) = rispy.loads(files["references.ris"].decode())
    assert entry["doi"].lower() == "10.1038/s41392-021-00754-6"


async def test_ris_button_on_an_ephemeral_answer_sends_a_direct_message(
    citebot: Running, slack: FakeSlack
) -> None:
    answer = await answer_to(citebot, "34497264")
    button = action_elements(answer["blocks"])["citebot_ris"]
    payload, _ = citebot.send.block_action(
        {"action_id": "citebot_ris", "type": "button", "value": button["value"]}, ephemeral=True
    )
    await citebot.send.interactive(payload)
    await citebot.settle()
    (opened,) = slack.of("conversations.open")
    assert opened.args["users"] == USER
    ((call, files),) = slack.shared_files()
    assert call.args["channel_id"] == opened.answer["channel"]["id"]
    assert "thread_ts" not in call.args
    assert len(rispy.loads(files["references.ris"].decode())) == 1


async def test_post_to_channel_posts_the_cards_publicly(citebot: Running, slack: FakeSlack) -> None:
    answer = await answer_to(citebot, "34497264 10.1038/nnano.2014.279 apa")
    button = action_elements(answer["blocks"])["citebot_post"]
    payload, name = citebot.send.block_action(
        {"action_id": "citebot_post", "type": "button", "value": button["value"]}, ephemeral=True
    )
    await citebot.send.interactive(payload)
    await citebot.settle()
    (post,) = slack.of("chat.postMessage")
    assert post.args["channel"] == CHANNEL and "thread_ts" not in post.args
    text = all_text(post.args["blocks"])
    assert SEED_TITLE in text and NANO_TITLE in text and "(2021)" in text
    assert "citebot_post" not in json.dumps(post.args["blocks"])  # the public cards have no "post" button
    (deleted,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert deleted["delete_original"] is True


async def test_a_double_click_on_post_to_channel_posts_once(citebot: Running, slack: FakeSlack) -> None:
    answer = await answer_to(citebot, "34497264")
    button = action_elements(answer["blocks"])["citebot_post"]
    payload, _ = citebot.send.block_action(
        {"action_id": "citebot_post", "type": "button", "value": button["value"]}, ephemeral=True
    )
    await citebot.send.interactive(payload)
    await citebot.send.interactive(payload)
    await citebot.settle()
    assert len(slack.of("chat.postMessage")) == 1


async def test_message_shortcut_answers_ephemerally(citebot: Running, slack: FakeSlack) -> None:
    payload, name = citebot.send.shortcut("Great paper: https://pubmed.ncbi.nlm.nih.gov/34497264/")
    assert (await citebot.send.interactive(payload)).status == 200
    empty, empty_name = citebot.send.shortcut("nothing to see")
    await citebot.send.interactive(empty)
    await citebot.settle()
    answers = {c.args["_name"]: c.args for c in slack.of("response")}
    assert answers[name]["response_type"] == "ephemeral"
    assert SEED_TITLE in all_text(answers[name]["blocks"])
    assert answers[empty_name]["text"] == "No PMIDs, DOIs, PMCIDs or arXiv ids in that message."
    assert slack.count("chat.postMessage") == 0


async def test_link_shared_unfurls_article_links(citebot: Running, slack: FakeSlack) -> None:
    ts = citebot.send.next_ts()
    links = [
        {"domain": "pubmed.ncbi.nlm.nih.gov", "url": "https://pubmed.ncbi.nlm.nih.gov/34497264/"},
        {"domain": "doi.org", "url": "https://doi.org/10.1038/nnano.2014.279"},
        {"domain": "example.com", "url": "https://example.com/10.1038/nnano.2014.279"},
    ]
    event = {
        "type": "link_shared",
        "channel": CHANNEL,
        "user": USER,
        "message_ts": ts,
        "unfurl_id": "C0CHAN.1234",
        "source": "conversations_history",
        "links": links,
        "event_ts": "1.0",
    }
    await citebot.send.event(event, event_id="Ev0LINK")
    await citebot.send.event(event, event_id="Ev0LINK", retry_num=1)
    await citebot.settle()
    (unfurl,) = slack.of("chat.unfurl")
    assert unfurl.args["channel"] == CHANNEL and unfurl.args["ts"] == ts
    unfurls = unfurl.args["unfurls"]
    assert set(unfurls) == {links[0]["url"], links[1]["url"]}
    assert SEED_TITLE in all_text(unfurls[links[0]["url"]])
    assert NANO_TITLE in all_text(unfurls[links[1]["url"]])
    assert slack.count("chat.postMessage") == 0  # an unfurl is not a threaded reply


async def test_links_in_the_composer_unfurl_each_by_their_unfurl_id(
    citebot: Running, slack: FakeSlack
) -> None:
    """Links not yet posted arrive with channel COMPOSER and no message ts: each is its own unfurl."""
    link = {"domain": "pubmed.ncbi.nlm.nih.gov", "url": "https://pubmed.ncbi.nlm.nih.gov/34497264/"}
    for n in (1, 2):
        event = {
            "type": "link_shared",
            "channel": "COMPOSER",
            "user": USER,
            "message_ts": "",
            "unfurl_id": f"C0MPOSER.{n}",
            "source": "composer",
            "links": [link],
            "event_ts": f"{n}.0",
        }
        await citebot.send.event(event)
    await citebot.settle()
    unfurls = slack.of("chat.unfurl")
    assert sorted(u.args["unfurl_id"] for u in unfurls) == ["C0MPOSER.1", "C0MPOSER.2"]
    assert all(u.args["source"] == "composer" and "ts" not in u.args for u in unfurls)


async def test_link_shared_in_a_channel_with_mode_off_is_left_alone(
    citebot: Running, slack: FakeSlack
) -> None:
    await citebot.app.deps.store.set_mode(CHANNEL, "off")
    event = {
        "type": "link_shared",
        "channel": CHANNEL,
        "user": USER,
        "message_ts": citebot.send.next_ts(),
        "links": [{"domain": "pubmed.ncbi.nlm.nih.gov", "url": "https://pubmed.ncbi.nlm.nih.gov/34497264/"}],
    }
    await citebot.send.event(event)
    await citebot.settle()
    assert slack.count("chat.unfurl") == 0


async def test_message_and_link_shared_for_one_post_make_one_reply_and_one_unfurl(
    citebot: Running, slack: FakeSlack
) -> None:
    url = "https://pubmed.ncbi.nlm.nih.gov/34497264/"
    message = citebot.send.message(f"<{url}>")
    link = {
        "type": "link_shared",
        "channel": CHANNEL,
        "user": USER,
        "message_ts": message["ts"],
        "links": [{"domain": "pubmed.ncbi.nlm.nih.gov", "url": url}],
    }
    await citebot.send.event(message)
    await citebot.send.event(link)
    await citebot.send.event(message, retry_num=1)
    await citebot.settle()
    assert slack.count("chat.postMessage") == 1
    assert slack.count("chat.unfurl") == 1


async def test_post_to_channel_without_membership_posts_through_the_response_url(
    citebot: Running, slack: FakeSlack
) -> None:
    answer = await answer_to(citebot, "34497264")
    button = action_elements(answer["blocks"])["citebot_post"]
    slack.fault("chat.postMessage", error="not_in_channel")
    payload, name = citebot.send.block_action(
        {"action_id": "citebot_post", "type": "button", "value": button["value"]}, ephemeral=True
    )
    await citebot.send.interactive(payload)
    await citebot.settle()
    assert slack.count("chat.postMessage") == 0
    public, deleted = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert public["response_type"] == "in_channel" and SEED_TITLE in all_text(public["blocks"])
    assert deleted["delete_original"] is True


async def test_full_abstract_of_an_unknown_id_says_so_escaped(citebot: Running, slack: FakeSlack) -> None:
    sici = "10.1002/(SICI)1097-4547(19960215)43:4<439::AID-JNR5>3.0.CO;2-G"  # a printed DOI holds <…>
    value = json.dumps({"ids": [f"doi:{sici}"]})
    payload, name = citebot.send.block_action(
        {"action_id": "citebot_abstract", "type": "button", "value": value}
    )
    await citebot.send.interactive(payload)
    await citebot.settle()
    assert slack.count("views.open") == 0
    (answer,) = [c.args for c in slack.of("response") if c.args["_name"] == name]
    assert "was not found" in answer["text"]
    assert "4&lt;439::AID-JNR5&gt;3.0" in answer["text"] and "<" not in answer["text"]
