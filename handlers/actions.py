"""Buttons on the cards: style picker, "Full abstract", "RIS", and "Post to channel" on ephemeral answers."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError

from bot import slack_client
from bot.models import Identifier, Reference
from formatters import blocks as kit
from formatters.rich import escape_mrkdwn
from formatters.styles import get_style, is_style
from handlers.deps import Deps
from handlers.replies import (
    POST_ACTION,
    cite_in_thread,
    compose,
    ephemeral_payload,
    guarded,
    references,
    respond,
    say_ephemeral,
    sorry_text,
    upload_ris,
)

_NOT_A_MEMBER = {"not_in_channel", "channel_not_found"}
STYLE_ACTION, ABSTRACT_ACTION, RIS_ACTION = "citebot_style", "citebot_abstract", "citebot_ris"
_SEPARATORS = re.compile(r"[\s,;|]+")


def read_value(value: str) -> tuple[list[Identifier], str | None, dict[str, Any]]:
    """Ids and style carried by a button or option value: JSON ``{"ids": [...], "style": ...}`` or words."""
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    ids: list[Identifier] = []
    style: str | None = None
    extra: dict[str, Any] = {}
    if isinstance(data, dict):
        raw = data.get("ids") or data.get("id") or data.get("identifiers") or []
        words = [raw] if isinstance(raw, str) else [str(word) for word in raw]
        style = str(data["style"]) if data.get("style") else None
        extra = data
    else:
        words = _SEPARATORS.split(value)
    for word in words:
        try:
            ids.append(Identifier.parse(word))
        except ValueError:
            if style is None and word and is_style(word):
                style = word
    return ids, (get_style(style).name if style and is_style(style) else None), extra


def _values(node: Any) -> list[str]:
    """Every action value (buttons, options) inside a block structure, in order."""
    if isinstance(node, list):
        return [value for item in node for value in _values(item)]
    if not isinstance(node, dict):
        return []
    found = [node["value"]] if isinstance(node.get("value"), str) else []
    for key in ("elements", "accessory", "options", "initial_option", "option_groups"):
        if key in node:
            found.extend(_values(node[key]))
    return found


def ids_in_message(blocks: list[dict[str, Any]]) -> list[Identifier]:
    seen: dict[str, Identifier] = {}
    for value in _values(blocks):
        for identifier in read_value(value)[0]:
            seen.setdefault(identifier.key, identifier)
    return list(seen.values())


def _action_value(action: dict[str, Any]) -> str:
    option = action.get("selected_option") or {}
    return str(option.get("value") or action.get("value") or "")


def _place(body: dict[str, Any]) -> tuple[str, str | None, str | None, bool]:
    """(channel, message ts, thread ts, ephemeral?) of the message that holds the button."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
    ts = message.get("ts") or container.get("message_ts")
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    return channel, ts, thread_ts, bool(container.get("is_ephemeral"))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(STYLE_ACTION)
    async def on_style(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await change_style(deps, body, action)

    @app.action(ABSTRACT_ACTION)
    async def on_abstract(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await open_abstract(deps, body, action)

    @app.action(RIS_ACTION)
    async def on_ris(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await send_ris(deps, body, action)

    @app.action(POST_ACTION)
    async def on_post(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await post_publicly(deps, body, action)


def _teller(deps: Deps, body: dict[str, Any], ids: list[Identifier]) -> Any:
    response_url = body.get("response_url")
    if not response_url:
        return None

    async def tell() -> None:
        await say_ephemeral(deps, str(response_url), sorry_text(ids))

    return tell


async def change_style(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> None:
    ids, style, _ = read_value(_action_value(action))
    channel, ts, thread_ts, ephemeral = _place(body)
    async with guarded(deps, "style change", _teller(deps, body, ids)):
        if style is None:
            return
        if ephemeral:
            # An ephemeral answer keeps its full id list on its "Post to channel" button.
            post_ids = ids_in_message(body.get("message", {}).get("blocks") or []) or ids
            results = await deps.resolver.resolve(post_ids)
            text, blocks = compose(results, style, reserve=1, summary_limit=deps.settings.summary_chars)
            payload = ephemeral_payload(text, blocks, post_ids, style, None)
            await respond(deps, str(body["response_url"]), {**payload, "replace_original": True})
            return
        message_ids = ids_in_message(body.get("message", {}).get("blocks") or []) or ids
        results = await deps.resolver.resolve(message_ids)
        text, blocks = compose(results, style, summary_limit=deps.settings.summary_chars)
        if ts:
            await slack_client.update_message(
                deps.client, channel=channel, ts=str(ts), text=text, blocks=blocks, thread_ts=thread_ts
            )


async def open_abstract(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> None:
    ids, _, _ = read_value(_action_value(action))
    async with guarded(deps, "abstract", _teller(deps, body, ids)):
        if not ids:
            return
        result = (await deps.resolver.resolve(ids[:1]))[0]
        if isinstance(result, Reference):
            await deps.client.views_open(trigger_id=body["trigger_id"], view=kit.abstract_modal(result))
        elif body.get("response_url"):
            # A DOI can hold `<…>` (SICI), and the message names it: escaped, it shows as typed.
            await say_ephemeral(deps, str(body["response_url"]), escape_mrkdwn(result.message))


async def send_ris(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> None:
    ids, _, _ = read_value(_action_value(action))
    channel, ts, thread_ts, ephemeral = _place(body)
    async with guarded(deps, "RIS file", _teller(deps, body, ids)):
        refs = references(await deps.resolver.resolve(ids))
        if not refs:
            return
        if ephemeral or not channel:
            user = str((body.get("user") or {}).get("id") or "")
            opened = await deps.client.conversations_open(users=user)
            await upload_ris(deps, refs, channel=str(opened["channel"]["id"]), thread_ts=None)
        else:
            await upload_ris(
                deps, refs, channel=channel, thread_ts=str(thread_ts or ts) if (thread_ts or ts) else None
            )


async def post_publicly(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> None:
    ids, style, extra = read_value(_action_value(action))
    channel, _, _, _ = _place(body)
    async with guarded(deps, "post to channel", _teller(deps, body, ids)):
        if not ids or not channel:
            return
        response_url = str(body.get("response_url") or "")
        # A double click (or Slack's retry of the action) posts once: the ephemeral answer is the key.
        answer = str((body.get("container") or {}).get("message_ts") or response_url)
        if answer and not await deps.store.claim([f"post:{channel}:{answer}"], deps.tuning.claim_ttl):
            return
        thread_ts = extra.get("thread_ts")
        chosen = style or deps.settings.default_style
        try:
            await cite_in_thread(
                deps,
                channel=channel,
                thread_ts=str(thread_ts) if thread_ts else None,
                ids=ids,
                style=chosen,
                upload=False,
            )
        except SlackApiError as exc:
            if exc.response.get("error") not in _NOT_A_MEMBER or not response_url:
                raise
            # Not invited to this channel: the command's response_url may still post in it for the asker.
            text, blocks = compose(
                await deps.resolver.resolve(ids), chosen, summary_limit=deps.settings.summary_chars
            )
            await respond(
                deps,
                response_url,
                {"response_type": "in_channel", "replace_original": False, "text": text, "blocks": blocks},
            )
        if response_url:
            await respond(deps, response_url, {"delete_original": True})
