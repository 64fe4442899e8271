"""Slack Block Kit for references: cards, a numbered bibliography, link unfurls and the abstract modal.

Every block is built with ``slack_sdk.models`` and serialised with ``to_dict()``, which validates Slack's limits
(3000 characters a section, 2000 a button value, 150 an option value, 24 a modal title ...); the message-level
limits (50 blocks a message, 100 a modal) are kept here. Every upstream string (title, names, journal,
abstract, identifiers in link labels) passes through ``escape_mrkdwn``; the only ``<...>`` in any text are
our own links, whose URLs are built or percent-encoded here and whose labels hold no raw ``|`` or ``>``.

Button and option values are JSON ``{"ids": ["pmid:34497264"], "style": "ama"}`` (one identifier per card,
so rebuilding a message from its values gives each reference once).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.models import Identifier, Name, Problem, Reference
from formatters.rich import escape_mrkdwn, one_line, safe_cut
from formatters.ris import doi_url, landing_url, pmc_url, pubmed_url
from formatters.styles import STYLES, Style, format_citation, get_style, number_prefix
from formatters.summary import DEFAULT_LIMIT, NO_ABSTRACT, abstract_paragraphs, cut_at_word, summarize

Payload = dict[str, Any]

ABSTRACT_ACTION = "citebot_abstract"
STYLE_ACTION = "citebot_style"
RIS_ACTION = "citebot_ris"

MAX_BLOCKS = 50  # per message
MAX_MODAL_BLOCKS = 100
MAX_TEXT = 3000  # a section's text
MAX_BUTTON_VALUE = 2000
MAX_OPTION_VALUE = 150
MAX_CARDS = 10
FALLBACK_LIMIT = 3000  # the plain `text` of a message: notifications and clients without blocks
TITLE_LIMIT = 300  # characters of a title shown on a card (before escaping)
META_LIMIT = 300
LIST_ENTRY_LIMIT = 400
ELLIPSIS = "…"
# A "|" would end a link's URL part or label in Slack's <url|label>; this look-alike shows the same.
_PIPE_LOOKALIKE = "∣"


# ---------------------------------------------------------------------------------------------- text helpers


def truncate_mrkdwn(text: str, limit: int) -> str:
    """Escaped mrkdwn cut to ``limit`` characters with "…", never inside ``&amp;`` or a ``<link>``."""
    if len(text) <= limit:
        return text
    head = text[: safe_cut(text, max(limit - len(ELLIPSIS), 0))]
    amp = head.rfind("&")
    if amp >= 0 and ";" not in head[amp:]:
        head = head[:amp]
    lt = head.rfind("<")
    if lt >= 0 and ">" not in head[lt:]:
        head = head[:lt]
    space = head.rfind(" ")
    if space > len(head) * 0.8:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def link_label(text: str) -> str:
    return escape_mrkdwn(one_line(text)).replace("|", _PIPE_LOOKALIKE)


def link(url: str, label: str) -> str:
    """``<url|label>``; the URL comes from ``formatters.ris`` (encoded there) and only needs ``&`` escaped."""
    url = url.replace("&", "&amp;")
    return f"<{url}|{link_label(label) or url}>"


def _split_text(text: str, limit: int) -> list[str]:
    """Escaped mrkdwn chunks of at most ``limit`` characters, split at line ends or words, never mid-escape."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = safe_cut(rest, limit)
        amp = rest.rfind("&", 0, cut)
        if amp >= 0 and ";" not in rest[amp:cut]:
            cut = amp
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _pack_lines(lines: Sequence[str], limit: int = MAX_TEXT) -> list[str]:
    """Lines joined into as few texts of at most ``limit`` characters as possible (long lines cut)."""
    packed: list[str] = []
    current = ""
    for line in lines:
        line = truncate_mrkdwn(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            packed.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        packed.append(current)
    return packed


# ------------------------------------------------------------------------------------------- reference parts


def _initials(given: str) -> str:
    parts = [p for chunk in given.replace(".", " ").split() for p in chunk.split("-") if p]
    return "".join(p[0].upper() for p in parts)


def short_name(name: Name) -> str:
    """``Shi L``, ``van der Berg A``; an organisation whole."""
    if name.literal and not name.family:
        return one_line(name.literal)
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    out = " ".join(p for p in (one_line(family), _initials(one_line(name.given))) if p)
    return f"{out} {one_line(name.suffix)}" if name.suffix else out


def author_line(ref: Reference, shown: int = 3) -> str:
    """First three authors, "et al." when there are more (plain text)."""
    names = [n for n in (short_name(a) for a in ref.author) if n]
    if not names:
        names = [f"{n} (ed.)" for n in (short_name(e) for e in ref.editor[:shown]) if n]
    line = ", ".join(names[:shown])
    return f"{line}, et al." if len(names) > shown else line


def meta_line(ref: Reference) -> str:
    """``Journal · 2021 · 6(1):339`` (plain text)."""
    venue = one_line(ref.container_title) or one_line(ref.container_title_short)
    if not venue and ref.type in {"book", "thesis", "report", "dataset"}:
        venue = one_line(ref.publisher)
    numbers = one_line(ref.volume)
    if ref.issue:
        numbers += f"({one_line(ref.issue)})"
    if ref.page:
        numbers += f":{one_line(ref.page)}" if numbers else f"p. {one_line(ref.page)}"
    parts = [venue, str(ref.year) if ref.year else "", numbers]
    return cut_at_word(" · ".join(p for p in parts if p), META_LIMIT)


def primary_id(ref: Reference) -> str | None:
    """The one identifier a card's buttons carry: PMID, else DOI, else PMCID, else the record's own id."""
    if ref.PMID and pubmed_url(ref.PMID):
        return f"pmid:{ref.PMID.strip()}"
    if ref.DOI:
        return f"doi:{one_line(ref.DOI)}"
    if ref.PMCID and pmc_url(ref.PMCID):
        return f"pmcid:{ref.PMCID.strip().upper()}"
    try:
        return str(Identifier.parse(ref.id)) if ref.id else None
    except ValueError:
        return None


def action_value(ids: Sequence[str], style: str, limit: int = MAX_BUTTON_VALUE) -> str:
    """JSON ``{"ids": [...], "style": ...}`` within ``limit`` (ids that do not fit are left out)."""
    kept = list(ids)
    if not kept:
        return json.dumps({"style": style}, separators=(",", ":"))
    while True:
        value = json.dumps({"ids": kept, "style": style}, separators=(",", ":"), ensure_ascii=False)
        if len(value) <= limit or not kept:
            return value if len(value) <= limit else json.dumps({"style": style}, separators=(",", ":"))
        kept.pop()


def _badges(ref: Reference) -> list[str]:
    def notice_link(pmid: str | None, doi: str | None, label: str) -> str:
        url = doi_url(doi) if doi else pubmed_url(pmid) if pmid else None
        return link(url, label) if url else label

    badges: list[str] = []
    kinds = {n.kind: n for n in ref.notices}
    retracted = "retracted" in kinds or any(
        "retracted publication" in t.lower() for t in ref.publication_types
    )
    if retracted:
        notice = kinds.get("retracted")
        badges.append(
            ":no_entry: *"
            + (notice_link(notice.pmid, notice.doi, "Retracted") if notice else "Retracted")
            + "*"
        )
    if "retraction-notice" in kinds:
        badges.append(":no_entry_sign: Retraction notice")
    if "expression-of-concern" in kinds:
        notice = kinds["expression-of-concern"]
        badges.append(":warning: " + notice_link(notice.pmid, notice.doi, "Expression of concern"))
    if "corrected" in kinds:
        notice = kinds["corrected"]
        badges.append(":memo: " + notice_link(notice.pmid, notice.doi, "Corrected"))
    if "erratum" in kinds:
        badges.append(":memo: Erratum")
    if "updated" in kinds:
        notice = kinds["updated"]
        badges.append(":arrows_counterclockwise: " + notice_link(notice.pmid, notice.doi, "Updated version"))
    if ref.is_preprint:
        badge = ":hourglass_flowing_sand: Preprint (not peer reviewed)"
        published = next((r for r in ref.related if r.relation == "published"), None)
        if published:
            url = (
                doi_url(published.doi)
                if published.doi
                else pubmed_url(published.pmid)
                if published.pmid
                else landing_url(Reference(URL=published.url))
            )
            if url:
                badge += " · " + link(url, "published version")
        badges.append(badge)
    if ref.PMCID and (url := pmc_url(ref.PMCID)):
        badges.append(":unlock: " + link(url, "Free full text in PMC"))
    return badges


def _title_mrkdwn(ref: Reference) -> str:
    title = one_line(ref.title) or "(untitled)"
    title = cut_at_word(title, TITLE_LIMIT)
    url = landing_url(ref)
    return f"*{link(url, title)}*" if url else f"*{escape_mrkdwn(title)}*"


def _header_text(ref: Reference, summary: str | None) -> str:
    lines = [_title_mrkdwn(ref)]
    if authors := author_line(ref):
        lines.append(escape_mrkdwn(authors))
    if meta := meta_line(ref):
        lines.append(escape_mrkdwn(meta))
    if badges := _badges(ref):
        lines.append("  ".join(badges))
    text = "\n".join(lines)
    if summary:
        text += "\n\n" + summary
    return text


def _summary_mrkdwn(ref: Reference, limit: int) -> str:
    summary = summarize(ref, limit) if limit > 0 else ""
    if summary == NO_ABSTRACT:
        return f"_{NO_ABSTRACT}_"
    return escape_mrkdwn(summary)


def header_section_text(ref: Reference, summary_limit: int = DEFAULT_LIMIT) -> str:
    """Title link, authors, journal line, badges and summary, within a section's 3000 characters.

    The summary is what gives way: shortened to fit, else dropped; the lines above it are bounded already.
    """
    bare = _header_text(ref, None)
    if summary_limit > 0:
        limit = summary_limit
        for _ in range(4):
            text = _header_text(ref, _summary_mrkdwn(ref, limit))
            if len(text) <= MAX_TEXT:
                return text
            # Escaping can grow the text up to five-fold (&amp;): shrink the plain limit accordingly.
            limit = min(limit // 2, (MAX_TEXT - len(bare) - 2) // 5)
            if limit < 40:
                break
    return truncate_mrkdwn(bare, MAX_TEXT)


def ids_line(ref: Reference) -> str:
    parts: list[str] = []
    if ref.PMID and (url := pubmed_url(ref.PMID)):
        parts.append(f"PMID {link(url, ref.PMID.strip())}")
    if ref.DOI:
        parts.append(f"DOI {link(doi_url(ref.DOI), one_line(ref.DOI))}")
    if ref.PMCID and (url := pmc_url(ref.PMCID)):
        parts.append(f"PMCID {link(url, ref.PMCID.strip().upper())}")
    return truncate_mrkdwn(" · ".join(parts), MAX_TEXT)


NO_CITATION = "_No citation can be built from this record._"


def citation_text(ref: Reference, style: Style) -> str:
    """The entry in the style as mrkdwn (Slack rejects an empty section, so an empty entry says so)."""
    return truncate_mrkdwn(format_citation(ref, style, "mrkdwn"), MAX_TEXT) or NO_CITATION


def _style_select(style: Style, ids: Sequence[str]) -> StaticSelectElement:
    options = []
    chosen: Option | None = None
    for candidate in STYLES.values():
        value = action_value(ids, candidate.name, MAX_OPTION_VALUE)
        option = Option(value=value, text=PlainTextObject(text=candidate.label[:75], emoji=False))
        options.append(option)
        if candidate.name == style.name:
            chosen = option
    return StaticSelectElement(
        action_id=STYLE_ACTION,
        placeholder=PlainTextObject(text="Citation style"),
        options=options,
        initial_option=chosen,
    )


def reference_card(
    ref: Reference, style: str | Style, *, summary_limit: int = DEFAULT_LIMIT, index: int = 0
) -> list[Payload]:
    """One reference as blocks: header (title, authors, journal, badges, summary), citation, ids, buttons."""
    chosen = style if isinstance(style, Style) else get_style(style)
    blocks: list[Block] = [
        SectionBlock(
            block_id=f"citebot_card_{index}",
            text=MarkdownTextObject(text=header_section_text(ref, summary_limit)),
        ),
        SectionBlock(
            block_id=f"citebot_cite_{index}", text=MarkdownTextObject(text=citation_text(ref, chosen))
        ),
    ]
    if ids := ids_line(ref):
        blocks.append(ContextBlock(block_id=f"citebot_ids_{index}", elements=[MarkdownTextObject(text=ids)]))
    identifier = primary_id(ref)
    id_list = [identifier] if identifier else []
    value = action_value(id_list, chosen.name)
    elements: list[Any] = []
    if ref.abstract or ref.abstract_sections:
        elements.append(
            ButtonElement(text=PlainTextObject(text="Full abstract"), action_id=ABSTRACT_ACTION, value=value)
        )
    elements.append(_style_select(chosen, id_list))
    elements.append(ButtonElement(text=PlainTextObject(text="RIS"), action_id=RIS_ACTION, value=value))
    blocks.append(ActionsBlock(block_id=f"citebot_actions_{index}", elements=elements))
    return [block.to_dict() for block in blocks]


# --------------------------------------------------------------------------------------------------- messages


def problem_line(problem: Problem) -> str:
    text = one_line(f"{problem.message} {problem.hint}" if problem.hint else problem.message)
    return f":warning: {escape_mrkdwn(text)}"


def _problem_blocks(problems: Sequence[Problem]) -> list[Payload]:
    return [
        SectionBlock(block_id=f"citebot_problems_{i}", text=MarkdownTextObject(text=text)).to_dict()
        for i, text in enumerate(_pack_lines([problem_line(p) for p in problems]))
    ]


def _list_line(n: int, ref: Reference) -> str:
    url = landing_url(ref)
    title = cut_at_word(one_line(ref.title) or "(untitled)", 200)
    head = link(url, title) if url else escape_mrkdwn(title)
    tail = " · ".join(p for p in (author_line(ref, 1), meta_line(ref)) if p)
    line = f"{n}. {head}" + (f" — {escape_mrkdwn(tail)}" if tail else "")
    return truncate_mrkdwn(line, LIST_ENTRY_LIMIT * 2)


def _sections_within(lines: Sequence[str], room: int, prefix: str, more: str) -> list[Payload]:
    """Lines packed into at most ``room`` sections; what does not fit becomes a closing "…and N more"."""
    if room <= 0 or not lines:
        return []
    for keep in range(len(lines), -1, -1):
        shown = list(lines[:keep])
        if keep < len(lines):
            shown.append(more.format(n=len(lines) - keep))
        packed = _pack_lines(shown)
        if len(packed) <= room:
            return [
                SectionBlock(block_id=f"{prefix}_{i}", text=MarkdownTextObject(text=text)).to_dict()
                for i, text in enumerate(packed)
            ]
    return []


def _ids_of(results: Sequence[Reference | Problem]) -> list[str]:
    ids: list[str] = []
    for result in results:
        if isinstance(result, Reference):
            identifier = primary_id(result)
        else:
            try:
                identifier = str(Identifier.parse(result.identifier))
            except ValueError:
                identifier = None
        if identifier and identifier not in ids:
            ids.append(identifier)
    return ids


def _all_actions(
    results: Sequence[Reference | Problem], style: Style, n_refs: int, *, select: bool
) -> Payload:
    """One RIS button for every reference (its value carries every id, so a style switch rebuilds them all),
    and a style picker when no card has one."""
    value = action_value(_ids_of(results), style.name)
    label = f"RIS (all {n_refs})" if n_refs > 1 else "RIS"
    button = ButtonElement(text=PlainTextObject(text=label), action_id=RIS_ACTION, value=value)
    elements: list[Any] = [_style_select(style, []), button] if select else [button]
    return ActionsBlock(block_id="citebot_all", elements=elements).to_dict()


def fallback_text(refs: Sequence[Reference], problems: Sequence[Problem], style: Style) -> str:
    lines = [format_citation(ref, style, "text") for ref in refs]
    lines += [one_line(f"{p.message} {p.hint or ''}") for p in problems]
    return truncate_mrkdwn(escape_mrkdwn("\n".join(one_line(line) for line in lines)), FALLBACK_LIMIT)


def cards_message(
    results: Sequence[Reference | Problem],
    style: str | Style,
    *,
    summary_limit: int = DEFAULT_LIMIT,
    max_blocks: int = MAX_BLOCKS,
) -> tuple[str, list[Payload]]:
    """(text fallback, blocks): a card per reference (up to ten), then a numbered list, then the problems.

    ``max_blocks`` lets a caller keep room for blocks of its own (Slack's limit is 50 a message).
    """
    chosen = style if isinstance(style, Style) else get_style(style)
    refs = [r for r in results if isinstance(r, Reference)]
    problems = [r for r in results if isinstance(r, Problem)]
    text = fallback_text(refs, problems, chosen) or "No references."
    problem_blocks = _problem_blocks(problems)
    for n_cards in range(min(MAX_CARDS, len(refs)), -1, -1):
        tail = [_all_actions(results, chosen, len(refs), select=n_cards == 0)] if len(refs) > 1 else []
        blocks: list[Payload] = []
        for i, ref in enumerate(refs[:n_cards]):
            if i:
                blocks.append(DividerBlock().to_dict())
            blocks.extend(reference_card(ref, chosen, summary_limit=summary_limit, index=i))
        rest = refs[n_cards:]
        if rest:
            room = max_blocks - len(blocks) - len(problem_blocks) - len(tail) - (1 if blocks else 0)
            lines = [_list_line(n_cards + i + 1, ref) for i, ref in enumerate(rest)]
            listed = _sections_within(lines, room, "citebot_list", "…and {n} more.")
            if not listed:
                continue
            blocks += ([DividerBlock().to_dict()] if blocks else []) + listed
        blocks += problem_blocks + tail
        if len(blocks) <= max_blocks:
            return text, blocks
    # Only a flood of problem lines can get here: keep as many as fit.
    lines = [problem_line(p) for p in problems]
    return text, _sections_within(lines, max_blocks, "citebot_problems", "…and {n} more identifiers failed.")


def bibliography_message(
    results: Sequence[Reference | Problem], style: str | Style, *, max_blocks: int = MAX_BLOCKS
) -> tuple[str, list[Payload]]:
    """(text fallback, blocks): a numbered bibliography in the style, split over sections of ≤ 3000 characters."""
    chosen = style if isinstance(style, Style) else get_style(style)
    refs = [r for r in results if isinstance(r, Reference)]
    problems = [r for r in results if isinstance(r, Problem)]
    heading = ContextBlock(
        block_id="citebot_bib_heading",
        elements=[
            MarkdownTextObject(
                text=f"*Bibliography* · {escape_mrkdwn(chosen.label)} · {len(refs)} reference{'' if len(refs) == 1 else 's'}"
            )
        ],
    ).to_dict()
    entries = [number_prefix(chosen, n) + citation_text(ref, chosen) for n, ref in enumerate(refs, 1)]
    tail = [_all_actions(results, chosen, len(refs), select=True)] if refs else []
    problem_blocks = _problem_blocks(problems)
    if len(problem_blocks) > max_blocks // 2:
        problem_blocks = _sections_within(
            [problem_line(p) for p in problems], max_blocks // 2, "citebot_problems", "…and {n} more failed."
        )
    room = max_blocks - 1 - len(problem_blocks) - len(tail)
    listed = _sections_within(entries, room, "citebot_bib", "…and {n} more references.")
    blocks = [heading, *listed, *problem_blocks, *tail]
    plain = "\n".join(
        number_prefix(chosen, n) + format_citation(ref, chosen) for n, ref in enumerate(refs, 1)
    )
    problem_text = "\n".join(one_line(f"{p.message} {p.hint or ''}") for p in problems)
    text = truncate_mrkdwn(escape_mrkdwn("\n".join(t for t in (plain, problem_text) if t)), FALLBACK_LIMIT)
    return text or "No references.", blocks


def unfurl_card(ref: Reference, style: str | Style) -> Payload:
    """A compact unfurl for ``chat.unfurl``: ``{"blocks": [...]}`` with the header and the citation."""
    chosen = style if isinstance(style, Style) else get_style(style)
    return {
        "blocks": [
            SectionBlock(text=MarkdownTextObject(text=header_section_text(ref, 0))).to_dict(),
            ContextBlock(elements=[MarkdownTextObject(text=citation_text(ref, chosen))]).to_dict(),
        ]
    }


def abstract_modal(ref: Reference) -> Payload:
    """A ``views.open`` payload: the title, then each labelled section of the abstract as mrkdwn sections."""
    blocks: list[Payload] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=truncate_mrkdwn(f"*{escape_mrkdwn(one_line(ref.title) or '(untitled)')}*", MAX_TEXT)
            )
        ).to_dict()
    ]
    context = " · ".join(p for p in (escape_mrkdwn(author_line(ref)), escape_mrkdwn(meta_line(ref))) if p)
    if context:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=truncate_mrkdwn(context, MAX_TEXT))]).to_dict()
        )
    blocks.append(DividerBlock().to_dict())
    texts: list[str] = []
    for label, body in abstract_paragraphs(ref) or [("", NO_ABSTRACT)]:
        mrkdwn = f"*{escape_mrkdwn(label)}*\n{escape_mrkdwn(body)}" if label else escape_mrkdwn(body)
        texts.extend(_split_text(mrkdwn, MAX_TEXT))
    room = MAX_MODAL_BLOCKS - len(blocks)
    if len(texts) > room:
        texts = [*texts[: room - 1], truncate_mrkdwn(texts[room - 1], MAX_TEXT - 20) + " (abstract cut)"]
    blocks += [SectionBlock(text=MarkdownTextObject(text=t)).to_dict() for t in texts]
    view = View(
        type="modal",
        callback_id="citebot_abstract_view",
        title=PlainTextObject(text="Abstract"),
        close=PlainTextObject(text="Close"),
        blocks=blocks,
    )
    return dict(view.to_dict())
