"""Abstract summary for the card, and the full labelled abstract for the "Full abstract" view.

The summary is at most ``limit`` characters and made of whole sentences, split by pysbd (which knows "e.g.",
"Fig. 2", "p < 0.05", "vs."), never by a regex:

- a structured abstract leads with its conclusions (CONCLUSION(S), INTERPRETATION, SIGNIFICANCE, IMPLICATIONS,
  CONCLUSIONS AND RELEVANCE, or whatever PubMed files under the CONCLUSIONS category; DISCUSSION only when there
  is none of those), then its main result (RESULTS / FINDINGS), each prefixed with its label;
- an unstructured abstract gives its opening sentence(s), where authors state the question, and its closing
  sentence(s), where they answer it, joined by " … " when sentences were left out between them;
- the one case with an ellipsis: when the first sentence chosen is longer than ``limit`` on its own, it is cut
  at a word boundary and ends with "…" (a single word longer than ``limit`` is cut inside the word);
- no abstract at all gives ``NO_ABSTRACT``.

Both functions return plain text (markup removed, entities decoded); callers escape it for Slack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pysbd

from bot.models import AbstractSection, Reference
from formatters.rich import one_line, safe_cut

DEFAULT_LIMIT = 600
NO_ABSTRACT = "No abstract available."
ELLIPSIS = "…"
GAP = " … "

# pysbd's cost grows faster than linearly with text length, and a summary never needs more than ``limit``
# characters from either end, so long abstracts are segmented in two windows of this much beyond the limit.
# The slack lets pysbd see the words after a candidate boundary; the sentence cut by a window edge is dropped.
_WINDOW_SLACK = 120

_CONCLUSION_LABELS = (
    "CONCLUSION",
    "CONCLUSIONS",
    "CONCLUSIONS AND RELEVANCE",
    "CONCLUSION AND RELEVANCE",
    "INTERPRETATION",
    "SIGNIFICANCE",
    "IMPLICATIONS",
    "CONCLUSIONS AND IMPLICATIONS",
    "MAIN CONCLUSIONS",
    "AUTHORS' CONCLUSIONS",
)
_RESULT_LABELS = ("RESULTS", "RESULT", "FINDINGS", "MAIN RESULTS", "MAIN FINDINGS", "KEY RESULTS")
_SPACES = re.compile(r"\s+")
_LABEL_NOISE = re.compile(r"[^A-Z' ]+")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    # Building a Segmenter compiles its rule set; one instance serves every call.
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


@lru_cache(maxsize=2048)
def _segment(text: str) -> tuple[str, ...]:
    """pysbd's sentences of ``text``, each an exact substring, in order.

    ``Segmenter.segment`` would also locate every sentence with a freshly compiled regex (most of its run
    time on abstracts); ``processor(text).process()`` is the same segmentation without that step, and the
    sentences are located here with ``str.find``. The cache serves the same abstract on every style switch.
    """
    found: list[str] = []
    cursor = 0
    for sentence in _segmenter().processor(text).process():
        sentence = sentence.strip()
        at = text.find(sentence, cursor) if sentence else -1
        if at < 0:  # not a substring (pysbd rewrote it): leave it out rather than show altered text
            continue
        found.append(sentence)
        cursor = at + len(sentence)
    return tuple(found)


def _norm_label(label: str | None) -> str:
    return _SPACES.sub(" ", _LABEL_NOISE.sub(" ", (label or "").upper().replace("’", "'"))).strip()


def _pretty_label(label: str) -> str:
    # PubMed labels are upper case ("CONCLUSIONS AND RELEVANCE"); the summary reads as a sentence.
    label = one_line(label).rstrip(":").strip()
    return label[:1].upper() + label[1:].lower() if label.isupper() else label


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    space = text.rfind(" ", 0, room + 1)
    # No space at all: a single word longer than the limit has to be cut inside the word.
    head = text[:space] if space > 0 else text[: safe_cut(text, room)]
    return head.rstrip(" ,;:–—-(") + ELLIPSIS


Span = tuple[int, int]  # a sentence as text[start:end]


def _spans(text: str, start: int, end: int) -> list[Span]:
    """Sentences of ``text[start:end]`` as offsets into ``text``; those cut by a window edge are dropped."""
    found: list[Span] = []
    cursor = start
    for sentence in _segment(text[start:end]):
        at = text.find(sentence, cursor, end)
        if at < 0:  # pysbd changed the text (it should not with clean=False): skip rather than guess
            continue
        found.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    if end < len(text) and found:
        found.pop()
    if start > 0 and found:
        found.pop(0)
    return found


def _opening(text: str, budget: int) -> str:
    """The sentences from the start of ``text`` that fit in ``budget`` (maybe none), segmenting no more than
    needed: a half-budget window first, the full one only when every sentence in it fitted."""
    full = min(len(text), budget + _WINDOW_SLACK)
    window = min(full, budget // 2 + _WINDOW_SLACK)
    while True:
        spans = _spans(text, 0, window)
        fitting = [span for span in spans if span[1] - spans[0][0] <= budget]
        if len(fitting) < len(spans) or window >= full:
            return text[fitting[0][0] : fitting[-1][1]] if fitting else ""
        window = full


def _size(run: Sequence[Span]) -> int:
    # A run of consecutive sentences is shown as its slice of the text, spacing and all.
    return run[-1][1] - run[0][0] if run else 0


def _widen(head: list[Span], tail: list[Span], limit: int) -> tuple[int, int]:
    """How many sentences to take from the start (``head[:h]``) and the end (``tail[t:]``).

    The ends grow in turn, the closing sentence (the answer) first; a side stops at its first sentence that
    does not fit, so each end stays a run of consecutive sentences, and the two never overlap.
    """

    def fits(h: int, t: int) -> bool:
        closing = tail[t:]
        if closing and closing[0][0] < head[h - 1][1]:
            return False
        return _size(head[:h]) + (len(GAP) + _size(closing) if closing else 0) <= limit

    h, t = 1, len(tail)
    grow_tail = grow_head = True
    while grow_tail or grow_head:
        if grow_tail:
            grow_tail = t > 0 and fits(h, t - 1)
            t -= grow_tail
        if grow_head:
            grow_head = h < len(head) and fits(h + 1, t)
            h += grow_head
    return h, t


def _summarize_plain(text: str, limit: int) -> str:
    """Opening and closing sentences of an unstructured abstract."""
    if len(text) <= limit:
        return text
    full = limit + _WINDOW_SLACK
    if len(text) <= full:
        head = tail = _spans(text, 0, len(text))
        head_window = tail_window = len(text)
    else:
        # Most summaries take a few sentences from each end: start with half-size windows and widen a side
        # only when it used up every sentence its window held.
        head_window = tail_window = limit // 2 + _WINDOW_SLACK
        head, tail = _spans(text, 0, head_window), _spans(text, len(text) - tail_window, len(text))
    while True:
        if not head and head_window < full:
            head_window = full
            head = _spans(text, 0, min(len(text), full))
            continue
        if not head:
            return cut_at_word(text, limit)
        first = text[head[0][0] : head[0][1]]
        if len(first) > limit:
            return cut_at_word(first, limit)
        h, t = _widen(head, tail, limit)
        widened = False
        if h == len(head) and head_window < full:
            head_window, widened = full, True
            head = _spans(text, 0, min(len(text), full))
        if t == 0 and tail_window < full:
            tail_window, widened = full, True
            tail = _spans(text, max(0, len(text) - full), len(text))
        if not widened:
            break
    opening = text[head[0][0] : head[h - 1][1]]
    if t == len(tail):
        return opening
    closing = text[tail[t][0] : tail[-1][1]]
    between = text[head[h - 1][1] : tail[t][0]]
    return opening + (" " if not between.strip() else GAP) + closing


def _label_kind(section: AbstractSection) -> str | None:
    label = _norm_label(section.label)
    category = (section.nlm_category or "").upper()
    if label in _CONCLUSION_LABELS or label.startswith("CONCLUSION"):
        return "conclusion"
    if label in _RESULT_LABELS or label.startswith("RESULT"):
        return "result"
    if category == "CONCLUSIONS":
        return "conclusion-category"
    if label == "DISCUSSION":
        return "discussion"
    if category == "RESULTS":
        return "result"
    return None


def _pick_sections(sections: Sequence[AbstractSection]) -> list[AbstractSection]:
    kinds = [(_label_kind(section), section) for section in sections if one_line(section.text)]
    conclusion = next(
        (
            s
            for wanted in ("conclusion", "conclusion-category", "discussion")
            for k, s in kinds
            if k == wanted
        ),
        None,
    )
    result = next((s for k, s in kinds if k == "result"), None)
    return [s for s in (conclusion, result) if s is not None]


def _summarize_structured(sections: Sequence[AbstractSection], limit: int) -> str | None:
    picked = _pick_sections(sections)
    if not picked:
        return None
    parts: list[str] = []
    used = 0
    for section in picked:
        prefix = f"{_pretty_label(section.label or '')}: " if section.label else ""
        sep = 1 if parts else 0
        budget = limit - used - sep - len(prefix)
        if not parts and budget <= len(ELLIPSIS):
            # A limit shorter than the label leaves no room for text after it: the limit wins, the label goes.
            prefix, budget = "", limit
        text = one_line(section.text)
        opening = _opening(text, budget) if budget > 0 else ""
        if not opening:
            if parts:
                break
            # The first sentence of the conclusions alone is over the limit: the one cut with an ellipsis.
            first = _spans(text, 0, min(len(text), limit + _WINDOW_SLACK))[:1]
            opening = cut_at_word(text[first[0][0] : first[0][1]] if first else text, budget)
        part = prefix + opening
        parts.append(part)
        used += sep + len(part)
    return " ".join(parts)


def _is_structured(ref: Reference) -> bool:
    return any(section.label for section in ref.abstract_sections)


def _plain_abstract(ref: Reference) -> str:
    if ref.abstract_sections:
        return one_line(" ".join(section.text for section in ref.abstract_sections))
    return one_line(ref.abstract)


def summarize(ref: Reference, limit: int = DEFAULT_LIMIT) -> str:
    """At most ``limit`` characters of whole sentences from the abstract; ``NO_ABSTRACT`` when there is none."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if _is_structured(ref):
        structured = _summarize_structured(ref.abstract_sections, limit)
        if structured:
            return structured
    text = _plain_abstract(ref)
    if not text:
        return NO_ABSTRACT[:limit]
    return _summarize_plain(text, limit)


def abstract_paragraphs(ref: Reference) -> list[tuple[str, str]]:
    """``(label, text)`` for each non-empty section of the abstract (label ``""`` when there is none)."""
    if ref.abstract_sections:
        paragraphs = [
            (one_line(section.label).rstrip(":").strip(), text)
            for section in ref.abstract_sections
            if (text := one_line(section.text))
        ]
        if paragraphs:
            return paragraphs
    text = one_line(ref.abstract)
    return [("", text)] if text else []


def full_abstract(ref: Reference) -> str:
    """The whole abstract as plain text, one paragraph per section: ``"BACKGROUND: ...\\n\\nMETHODS: ..."``."""
    paragraphs = [f"{label}: {text}" if label else text for label, text in abstract_paragraphs(ref)]
    return "\n\n".join(paragraphs) or NO_ABSTRACT
