"""``/cite``: ids → ephemeral cards; ``/cite help``; ``/cite settings [style S | mode M]``."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.store import AUTO_REPLY_MODES, AutoReplyMode
from formatters.rich import escape_mrkdwn
from formatters.styles import get_style, is_style
from handlers.deps import Deps
from handlers.parsing import help_text, read_ask, style_list, unknown_style_remarks, unknown_style_text
from handlers.replies import channel_style, cite_ephemeral, guarded, say_ephemeral, sorry_text

_MODE_WORDS = {
    "off": "off: I answer only when asked (`/cite`, `@citebot`, the message menu).",
    "thread": "thread: I answer messages with ids or article links in their thread, and unfurl article links.",
    "unfurl": "unfurl: I only unfurl article links.",
}


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/cite")
    async def cite_command(ack: AsyncAck, command: dict[str, Any]) -> None:
        await ack()
        text = str(command.get("text") or "").strip()
        response_url = str(command["response_url"])
        channel = command.get("channel_id")
        ask = read_ask(text, explicit=True, limit=deps.settings.max_ids_per_message)

        async def tell() -> None:
            await say_ephemeral(deps, response_url, sorry_text(ask.ids))

        async with guarded(deps, "/cite", tell):
            if not text or ask.wants_help:
                await say_ephemeral(deps, response_url, help_text())
            elif ask.first_word == "settings" and channel:
                await say_ephemeral(
                    deps, response_url, await settings_command(deps, channel, text.split()[1:])
                )
            elif not ask.ids:
                await say_ephemeral(
                    deps,
                    response_url,
                    f"I found no PMID, DOI, PMCID or arXiv id in “{escape_mrkdwn(text[:200])}”. "
                    "Try `/cite 34497264` or `/cite help`.",
                )
            else:
                # An unknown style word does not cost the answer: the cards come in the channel's style.
                style = ask.style or await channel_style(deps, channel)
                await cite_ephemeral(
                    deps,
                    response_url=response_url,
                    ids=ask.ids,
                    style=style,
                    dropped=ask.dropped,
                    remarks=unknown_style_remarks(ask, style),
                )


async def settings_command(deps: Deps, channel: str, words: list[str]) -> str:
    """Show or change this channel's settings; the answer says what holds now."""
    if len(words) == 2 and words[0].lower() == "style":
        if not is_style(words[1]):
            return unknown_style_text(words[1])
        style = get_style(words[1])
        await deps.store.set_style(channel, style.name)
        return f"This channel now cites in *{escape_mrkdwn(style.label)}* (`{style.name}`)."
    if len(words) == 2 and words[0].lower() == "mode":
        mode = words[1].lower()
        if mode not in AUTO_REPLY_MODES:
            return f"Modes: `off`, `thread`, `unfurl`; “{escape_mrkdwn(words[1])}” is none of them."
        await deps.store.set_mode(channel, _mode(mode))
        return f"Automatic replies in this channel: {_MODE_WORDS[mode]}"
    if words:
        return "Use `/cite settings`, `/cite settings style apa` or `/cite settings mode off|thread|unfurl`."
    current = await deps.store.channel_settings(channel)
    style = get_style(current.style or deps.settings.default_style)
    default = "" if current.style else " (the default)"
    return "\n".join(
        [
            f"*Style:* {escape_mrkdwn(style.label)} (`{style.name}`){default}. Change it with "
            "`/cite settings style apa`.",
            f"*Automatic replies:* {_MODE_WORDS[current.mode]} Change with `/cite settings mode off|thread|unfurl`.",
            f"Styles: {style_list()}.",
        ]
    )


def _mode(word: str) -> AutoReplyMode:
    for mode in AUTO_REPLY_MODES:
        if mode == word:
            return mode
    raise ValueError(word)
