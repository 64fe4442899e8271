"""What a person asked for, read from Slack text (pure): ids, a style word, help; and the help text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.identifiers import extract
from bot.models import Identifier
from formatters.rich import escape_mrkdwn
from formatters.styles import STYLES, get_style, is_style

_USER_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_WORD = re.compile(r"^[A-Za-z][A-Za-z-]*$")
# Words that go with ids and are not style names ("PMID 1 and PMID 2", "doi 10.1/x").
_FILLER = {
    "pmid",
    "pmids",
    "doi",
    "dois",
    "pmcid",
    "pmc",
    "arxiv",
    "and",
    "or",
    "in",
    "style",
    "please",
    "cite",
}

NO_IDS = "No PMIDs, DOIs, PMCIDs or arXiv ids in that message."


@dataclass(frozen=True)
class Ask:
    ids: list[Identifier] = field(default_factory=list)
    dropped: int = 0  # ids over the per-message limit
    style: str | None = None  # canonical style name
    unknown_style: str | None = None  # a trailing word that looks like a style but is none
    first_word: str = ""  # lower-cased: "help", "settings", ...

    @property
    def wants_help(self) -> bool:
        return self.first_word == "help"


def strip_mentions(text: str) -> str:
    return _USER_MENTION.sub(" ", text).strip()


def read_ask(text: str, *, explicit: bool, limit: int) -> Ask:
    """Ids in order (``explicit``: bare numbers are PMIDs), plus the style named by a plain word."""
    found = extract(text, explicit=explicit, limit=limit)
    words = [word.strip(",;.()") for word in text.split()]
    style: str | None = None
    for word in words:
        if _WORD.match(word) and is_style(word):
            style = get_style(word).name
    unknown: str | None = None
    last = words[-1] if words else ""
    # A trailing word beside ids, or a lone word ("@citebot harvrad"), is meant as a style.
    alone = len(words) == 1 and last.lower() not in ("help", "settings")
    if (found.ids or alone) and _WORD.match(last) and not is_style(last) and last.lower() not in _FILLER:
        unknown = last
    return Ask(
        ids=found.ids,
        dropped=found.dropped,
        style=style,
        unknown_style=unknown,
        first_word=words[0].lower() if words else "",
    )


def style_list() -> str:
    return ", ".join(f"`{name}`" for name in STYLES)


def unknown_style_text(word: str) -> str:
    return f"I don't know the style “{escape_mrkdwn(word)}”. Styles: {style_list()}."


def unknown_style_remarks(ask: Ask, used_style: str) -> list[str]:
    """The note beside cards cited in ``used_style`` because the style word asked for is none we know."""
    if not ask.unknown_style:
        return []
    label = escape_mrkdwn(get_style(used_style).label)
    return [
        f"I don't know the style “{escape_mrkdwn(ask.unknown_style)}”, so these are in {label}. "
        f"Styles: {style_list()}."
    ]


def dropped_text(dropped: int, limit: int) -> str:
    return f"I cite at most {limit} ids per message; {dropped} more were left out."


def help_text() -> str:
    return "\n".join(
        [
            "*citebot* turns PMIDs, DOIs, PMCIDs, arXiv ids and article links into references.",
            "• `/cite 34497264 10.1038/nature12373 [style]`: cards only you see, with buttons to post them "
            "to the channel, change the style or get the RIS file.",
            "• Paste ids or article links in a channel: I answer in the thread with the cards and an RIS file.",
            "• `@citebot` in a thread: a numbered bibliography of every reference in the thread, with RIS and "
            "BibTeX files. `@citebot apa` picks the style; `@citebot 34497264` cites just that.",
            "• Message menu › *Cite references*: the cards for the ids in any message, only for you.",
            "• `/cite settings`: this channel's style and automatic replies "
            "(`/cite settings style apa`, `/cite settings mode off|thread|unfurl`).",
            f"Styles: {style_list()}.",
        ]
    )


def short_help() -> str:
    return (
        "Give me a PMID, DOI, PMCID or arXiv id (e.g. `@citebot 34497264`), or mention me in a thread for a "
        "bibliography of it. `@citebot help` tells more."
    )
