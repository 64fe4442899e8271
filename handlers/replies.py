"""The one "cite these ids and post the answer" service every surface uses.

Order matters for latency: cards go out first, files after. When an upstream is not answering, the answer
says so at once and a background task keeps trying, then edits that answer (``chat.update`` or the
``response_url``) with the result or a final word.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot import slack_client
from bot.models import Identifier, Problem, Reference, Result
from bot.slack_client import Block
from formatters import blocks as kit
from formatters import summary
from formatters.rich import escape_mrkdwn
from formatters.ris import to_ris
from handlers.deps import Deps
from handlers.parsing import dropped_text

log = logging.getLogger("citebot.replies")

POST_ACTION = "citebot_post"
RIS_NAME, BIBTEX_NAME = "references.ris", "references.bib"

Deliver = Callable[[str, list[Block]], Awaitable[None]]


# -- composing -----------------------------------------------------------------------------------------------
def is_unavailable(result: Result) -> bool:
    return isinstance(result, Problem) and result.code == "unavailable"


def _service(problem: Problem) -> str:
    name, sep, _ = problem.message.partition(" is not answering")
    if sep and name and len(name) < 40:
        return name
    kind = problem.identifier.partition(":")[0]
    return {"pmid": "PubMed", "pmcid": "PubMed Central", "doi": "Crossref", "arxiv": "DataCite"}.get(
        kind, "A source"
    )


def _ids_label(problems: Sequence[Problem]) -> str:
    labels = []
    for problem in problems:
        try:
            labels.append(Identifier.parse(problem.identifier).label)
        except ValueError:
            labels.append(problem.identifier)
    return ", ".join(labels)


def waiting_notes(results: Sequence[Result], *, final: bool) -> list[str]:
    """One line per silent upstream: "PubMed is not answering right now; I'll keep trying." (or gave up)."""
    by_service: dict[str, list[Problem]] = {}
    for result in results:
        if isinstance(result, Problem) and result.code == "unavailable":
            by_service.setdefault(_service(result), []).append(result)
    notes = []
    for service, problems in by_service.items():
        ids = escape_mrkdwn(_ids_label(problems))
        if final:
            notes.append(
                f"{service} is still not answering, so I could not cite {ids}. Please try again later."
            )
        else:
            notes.append(f"{service} is not answering right now; I'll keep trying ({ids}).")
    return notes


def _note_block(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def compose(
    results: Sequence[Result],
    style: str,
    *,
    final: bool = True,
    dropped: int = 0,
    limit: int = 20,
    bibliography: bool = False,
    reserve: int = 0,
    summary_limit: int = summary.DEFAULT_LIMIT,
    remarks: Sequence[str] = (),
) -> tuple[str, list[Block]]:
    """Cards (or a bibliography) for what resolved, one line per failure, notes about silent upstreams.

    ``reserve`` keeps room for blocks the caller adds (the "Post to channel" button); ``remarks`` are notes
    about the request itself (an unknown style word)."""
    # A PMID and its DOI pasted side by side are one work: one card.
    shown = [r for r in unique_references(results) if not is_unavailable(r)]
    notes = [*remarks, *waiting_notes(results, final=final)]
    if dropped:
        notes.append(dropped_text(dropped, limit))
    if shown:
        room = slack_client.MAX_BLOCKS_PER_MESSAGE - len(notes) - reserve
        if bibliography:
            text, blocks = kit.bibliography_message(shown, style, max_blocks=room)
        else:
            text, blocks = kit.cards_message(shown, style, max_blocks=room, summary_limit=summary_limit)
        blocks = list(blocks)
    else:
        text, blocks = "", []
    blocks.extend(_note_block(note) for note in notes)
    return (text or " ".join(notes) or "No references."), blocks


def post_button(ids: Sequence[Identifier], style: str, thread_ts: str | None) -> Block:
    value: dict[str, Any] = {"ids": [str(i) for i in ids], "style": style}
    if thread_ts:
        value["thread_ts"] = thread_ts
    return {
        "type": "actions",
        "block_id": "citebot_post",
        "elements": [
            {
                "type": "button",
                "action_id": POST_ACTION,
                "text": {"type": "plain_text", "text": "Post to channel"},
                "style": "primary",
                "value": json.dumps(value, separators=(",", ":"))[:2000],
            }
        ],
    }


def sorry_text(ids: Sequence[Identifier]) -> str:
    what = escape_mrkdwn(", ".join(i.label for i in ids[:5])) or "your request"
    if len(ids) > 5:
        what += f" and {len(ids) - 5} more"
    return f"Something went wrong on my side while citing {what}; please try again."


# -- guarding -------------------------------------------------------------------------------------------------
@asynccontextmanager
async def guarded(deps: Deps, what: str, tell: Callable[[], Awaitable[Any]] | None) -> AsyncIterator[None]:
    """Run a listener body: errors are logged (no payloads, no tokens) and told to the user in one line."""
    async with deps.tasks.active():
        try:
            yield
        except Exception:
            log.exception("%s failed", what)
            if tell is not None:
                try:
                    await tell()
                except Exception:
                    log.exception("could not tell the user that %s failed", what)


# -- delivering -----------------------------------------------------------------------------------------------
async def upload_files(
    deps: Deps, *, channel: str, thread_ts: str | None, files: Sequence[tuple[str, str, str]]
) -> None:
    """Upload (filename, title, content) files in one ``files_upload_v2`` call into a channel or thread."""
    uploads = [{"filename": name, "title": title, "content": content} for name, title, content in files]
    args: dict[str, Any] = {"channel": channel, "file_uploads": uploads}
    if thread_ts:
        args["thread_ts"] = thread_ts
    await deps.client.files_upload_v2(**args)


def _ris_files(refs: Sequence[Reference]) -> list[tuple[str, str, str]]:
    return [(RIS_NAME, "References (RIS)", to_ris(refs))] if refs else []


async def upload_ris(deps: Deps, refs: Sequence[Reference], *, channel: str, thread_ts: str | None) -> None:
    if refs:
        await upload_files(deps, channel=channel, thread_ts=thread_ts, files=_ris_files(refs))


async def upload_or_say(
    deps: Deps,
    files: Sequence[tuple[str, str, str]],
    *,
    channel: str,
    thread_ts: str | None,
    failed: str,
) -> None:
    """The answer is out already: a failed upload gets its own short line (``failed``), not "something
    went wrong"."""
    if not files:
        return
    try:
        await upload_files(deps, channel=channel, thread_ts=thread_ts, files=files)
    except Exception:
        log.exception("file upload to %s failed", channel)
        await say_in_thread(deps, channel=channel, thread_ts=thread_ts, text=failed)


async def upload_ris_or_say(
    deps: Deps, refs: Sequence[Reference], *, channel: str, thread_ts: str | None
) -> None:
    await upload_or_say(
        deps,
        _ris_files(refs),
        channel=channel,
        thread_ts=thread_ts,
        failed="I could not attach the RIS file this time; the RIS button on a card tries again.",
    )


def log_outcome(surface: str, where: str, results: Sequence[Result]) -> None:
    """One line per answer: where, how many references, which ids failed and why (never message text)."""
    problems = [f"{r.identifier}={r.code}" for r in results if isinstance(r, Problem)]
    log.info(
        "%s %s: %d reference(s)%s",
        surface,
        where,
        len(references(results)),
        f"; problems: {', '.join(problems)}" if problems else "",
    )


def references(results: Sequence[Result]) -> list[Reference]:
    """The distinct works among the results (what the RIS and BibTeX files hold)."""
    return [r for r in unique_references(results) if isinstance(r, Reference)]


async def _keep_trying(deps: Deps, ids: Sequence[Identifier], results: list[Result]) -> list[Result]:
    for delay in deps.tuning.retry_delays:
        await asyncio.sleep(delay)
        pending = [i for i, result in enumerate(results) if is_unavailable(result)]
        fresh = await deps.resolver.resolve([ids[i] for i in pending])
        for i, result in zip(pending, fresh, strict=True):
            results[i] = result
        if not any(is_unavailable(r) for r in results):
            break
    return results


async def cite_in_thread(
    deps: Deps,
    *,
    channel: str,
    thread_ts: str | None,
    ids: Sequence[Identifier],
    style: str,
    dropped: int = 0,
    upload: bool = True,
    resolving: Awaitable[list[Result]] | None = None,
    remarks: Sequence[str] = (),
) -> None:
    """Cards as a (threaded) post, then the RIS file into the same thread (``resolving``: already started)."""
    results = await (resolving if resolving is not None else deps.resolver.resolve(ids))
    limit = deps.settings.max_ids_per_message
    waiting = any(is_unavailable(r) for r in results)
    log_outcome("reply", f"{channel}/{thread_ts or '-'}", results)
    text, blocks = compose(
        results,
        style,
        final=not waiting,
        dropped=dropped,
        limit=limit,
        summary_limit=deps.settings.summary_chars,
        remarks=remarks,
    )
    posted = await slack_client.post_message(
        deps.client, channel=channel, text=text, blocks=blocks, thread_ts=thread_ts
    )
    if not waiting:
        if upload:
            await upload_ris_or_say(deps, references(results), channel=channel, thread_ts=thread_ts)
        return

    async def finish() -> None:
        final = await _keep_trying(deps, ids, list(results))
        log_outcome("reply after retries", f"{channel}/{thread_ts or '-'}", final)
        text, blocks = compose(
            final,
            style,
            dropped=dropped,
            limit=limit,
            summary_limit=deps.settings.summary_chars,
            remarks=remarks,
        )
        await replace_waiting(
            deps, channel=channel, ts=posted[0], text=text, blocks=blocks, thread_ts=thread_ts
        )
        if upload:
            await upload_ris_or_say(deps, references(final), channel=channel, thread_ts=thread_ts)

    deps.tasks.spawn(finish(), name=f"keep-trying {channel}")


async def replace_waiting(
    deps: Deps, *, channel: str, ts: str, text: str, blocks: list[Block], thread_ts: str | None
) -> None:
    """Edit the "I'll keep trying" post into the answer; when it is gone or can no longer be edited, the
    answer is posted in the same thread instead, so it always arrives."""
    try:
        await slack_client.update_message(
            deps.client, channel=channel, ts=ts, text=text, blocks=blocks, thread_ts=thread_ts
        )
    except SlackApiError:
        log.warning("chat.update of %s/%s failed; posting the answer instead", channel, ts)
        await slack_client.post_message(
            deps.client, channel=channel, text=text, blocks=blocks, thread_ts=thread_ts or ts
        )


async def respond(deps: Deps, response_url: str, payload: dict[str, Any]) -> None:
    await slack_client.respond(deps.http, response_url, payload)


async def say_ephemeral(deps: Deps, response_url: str, text: str) -> None:
    await respond(deps, response_url, {"response_type": "ephemeral", "replace_original": False, "text": text})


def ephemeral_payload(
    text: str, blocks: list[Block], ids: Sequence[Identifier], style: str, post_thread_ts: str | None
) -> dict[str, Any]:
    """One ephemeral message (it cannot continue in a thread): ``compose(..., reserve=1)`` left room for the
    "Post to channel" button; the cards themselves already shrink to a list when there are many."""
    if ids:
        blocks = [*blocks[: slack_client.MAX_BLOCKS_PER_MESSAGE - 1], post_button(ids, style, post_thread_ts)]
    return {"response_type": "ephemeral", "text": slack_client.fallback_text(text), "blocks": blocks}


async def cite_ephemeral(
    deps: Deps,
    *,
    response_url: str,
    ids: Sequence[Identifier],
    style: str,
    dropped: int = 0,
    post_thread_ts: str | None = None,
    replace_original: bool = False,
    remarks: Sequence[str] = (),
) -> None:
    """Cards only the asker sees (through ``response_url``), with a "Post to channel" button."""
    results = await deps.resolver.resolve(ids)
    limit = deps.settings.max_ids_per_message
    waiting = any(is_unavailable(r) for r in results)
    log_outcome("ephemeral answer", "via response_url", results)

    def payload_of(shown: Sequence[Result], *, final: bool) -> dict[str, Any]:
        text, blocks = compose(
            shown,
            style,
            final=final,
            dropped=dropped,
            limit=limit,
            reserve=1,
            summary_limit=deps.settings.summary_chars,
            remarks=remarks,
        )
        return ephemeral_payload(text, blocks, ids, style, post_thread_ts)

    payload = payload_of(results, final=not waiting)
    await respond(deps, response_url, {**payload, "replace_original": replace_original})
    if not waiting:
        return

    async def finish() -> None:
        final = await _keep_trying(deps, ids, list(results))
        await respond(deps, response_url, {**payload_of(final, final=True), "replace_original": True})

    deps.tasks.spawn(finish(), name="keep-trying ephemeral")


def unique_references(results: Sequence[Result]) -> list[Result]:
    """Drop a result that is the same work as an earlier one (a PMID and its DOI mentioned apart)."""
    seen: set[str] = set()
    kept: list[Result] = []
    for result in results:
        if isinstance(result, Reference):
            keys = {
                k
                for k in (
                    result.DOI and f"doi:{result.DOI.lower()}",
                    result.PMID and f"pmid:{result.PMID}",
                    result.PMCID and f"pmcid:{result.PMCID.upper()}",
                )
                if k
            }
            if keys & seen:
                continue
            seen |= keys
        kept.append(result)
    return kept


async def thread_bibliography(
    deps: Deps,
    *,
    channel: str,
    thread_ts: str,
    ids: Sequence[Identifier],
    style: str,
    dropped: int = 0,
    remarks: Sequence[str] = (),
) -> None:
    """A numbered bibliography of ``ids`` in the thread, then one RIS and one BibTeX file with all of them."""
    from formatters.bibtex import to_bibtex

    results = unique_references(await deps.resolver.resolve(ids))
    limit = deps.tuning.thread_id_limit
    waiting = any(is_unavailable(r) for r in results)
    log_outcome("bibliography", f"{channel}/{thread_ts}", results)
    text, blocks = compose(
        results, style, final=not waiting, dropped=dropped, limit=limit, bibliography=True, remarks=remarks
    )
    posted = await slack_client.post_message(
        deps.client, channel=channel, text=text, blocks=blocks, thread_ts=thread_ts
    )

    async def upload(final: Sequence[Result]) -> None:
        refs = references(final)
        if not refs:
            return
        files = [
            (RIS_NAME, "Bibliography (RIS)", to_ris(refs)),
            (BIBTEX_NAME, "Bibliography (BibTeX)", to_bibtex(refs)),
        ]
        await upload_or_say(
            deps,
            files,
            channel=channel,
            thread_ts=thread_ts,
            failed="I could not attach the RIS and BibTeX files this time; mention me again to retry.",
        )

    if not waiting:
        await upload(results)
        return

    async def finish() -> None:
        final = unique_references(await _keep_trying(deps, ids, list(results)))
        text, blocks = compose(final, style, dropped=dropped, limit=limit, bibliography=True, remarks=remarks)
        await replace_waiting(
            deps, channel=channel, ts=posted[0], text=text, blocks=blocks, thread_ts=thread_ts
        )
        await upload(final)

    deps.tasks.spawn(finish(), name=f"keep-trying bibliography {channel}")


async def say_in_thread(deps: Deps, *, channel: str, thread_ts: str | None, text: str) -> None:
    await slack_client.post_message(
        deps.client, channel=channel, thread_ts=thread_ts, text=text, blocks=[_text_block(text)]
    )


def _text_block(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def start_resolving(deps: Deps, ids: Sequence[Identifier]) -> asyncio.Task[list[Result]]:
    """Look the ids up while the claims are taken: the database round trip costs the user nothing."""
    return deps.tasks.start(deps.resolver.resolve(ids), name="resolve")


async def channel_style(deps: Deps, channel: str | None) -> str:
    if channel:
        chosen = (await deps.store.channel_settings(channel)).style
        if chosen:
            return chosen
    return deps.settings.default_style


@dataclass(frozen=True)
class ThreadPlace:
    """Where an answer to a message goes: its thread, or a new thread under it."""

    channel: str
    thread_ts: str

    @classmethod
    def of(cls, event: dict[str, Any]) -> ThreadPlace:
        return cls(str(event["channel"]), str(event.get("thread_ts") or event["ts"]))
