"""Pure parsers: one module per upstream, response body (bytes) → References. No I/O.

Shared here: the error every parser raises for a body it cannot use, the body-size cap, and the text helpers
(whitespace, HTML/JATS markup, ORCID, JSON loading) that more than one parser needs.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

# An efetch of 200 records with their reference lists is ~10-20 MB; anything far beyond is not a real answer.
MAX_BODY_BYTES = 64 * 1024 * 1024


class UpstreamBodyError(ValueError):
    """The body is an error message (an ``<ERROR>`` inside HTTP 200, an error JSON) or is malformed/truncated."""


def check_body_size(body: bytes, limit: int = MAX_BODY_BYTES) -> None:
    if len(body) > limit:
        raise UpstreamBodyError(f"body of {len(body)} bytes exceeds the {limit}-byte cap")


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (NBSP, newlines and tabs included) become one space; ends stripped."""
    return " ".join(text.split())


def scalar_text(value: Any) -> str | None:
    """A JSON scalar as text (numbers too: Crossref gives some volumes as ints), whitespace collapsed;
    None for empty strings, booleans, lists, objects and null."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return collapse_whitespace(value) or None
    return None


def load_json_object(body: bytes, what: str) -> dict[str, Any]:
    """Decode a JSON object body or raise UpstreamBodyError (plain-text 404 pages, truncation, HTML)."""
    check_body_size(body)
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UpstreamBodyError(f"{what}: body is not JSON ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(data, dict):
        raise UpstreamBodyError(f"{what}: expected a JSON object, got {type(data).__name__}")
    return data


_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)


def normalise_orcid(value: Any) -> str | None:
    """``https://orcid.org/0000-0002-1825-0097`` / ``0000000218250097`` → ``0000-0002-1825-0097``."""
    if not isinstance(value, str):
        return None
    compact = value.strip()
    match = _ORCID.search(compact)
    if match:
        return match.group(1).upper()
    digits = re.sub(r"[^0-9Xx]", "", compact.rsplit("/", 1)[-1])
    if len(digits) == 16:
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4)).upper()
    return None


# --- HTML / JATS markup in JSON strings (Crossref titles and abstracts, DataCite descriptions) -------------

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*)?(/?)>")
# Elements that separate words; every other tag is inline (italic, sub, sup, ...) and joins its neighbours.
_BLOCK_TAGS = frozenset(
    {
        "p", "sec", "title", "div", "br", "hr", "li", "ul", "ol", "list", "list-item", "abstract",
        "trans-abstract", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "caption", "label",
        "disp-quote", "blockquote", "def-list", "def-item", "term", "def", "fig", "boxed-text", "statement",
        "disp-formula", "section", "article", "body", "html", "head", "span-block",
    }
)  # fmt: skip
_DROPPED_CONTENT = re.compile(
    r"<(?P<tag>(?:mml:)?annotation(?:-xml)?|script|style)\b[^>]*>.*?</(?P=tag)>", re.DOTALL | re.IGNORECASE
)
_ALTERNATIVES = re.compile(r"<((?:jats:)?alternatives)\b[^>]*>(.*?)</\1>", re.DOTALL)
_TEX_MATH = re.compile(r"<((?:jats:)?tex-math)\b[^>]*>.*?</\1>", re.DOTALL)
_BLOCK_MARK, _INLINE_MARK, _SOFT_MARK = "\x00", "\x01", "\x02"
# Pretty-printing whitespace (it contains a newline) next to an inline tag: a space or nothing, decided below.
_SOFT_SPACE = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*(?=\x01)|(?<=\x01)[ \t\r\n]*\n[ \t\r\n]*")
_GLUE_AFTER = frozenset("([{/-‐–—“‘")
_GLUE_BEFORE = frozenset(")]}/-‐–—,.;:!?%”’")


def _tag_name(raw: str) -> str:
    return raw.rsplit(":", 1)[-1].lower()


def _keep_math_once(match: re.Match[str]) -> str:
    # <alternatives> carries the same formula as MathML and as TeX: keep one rendering only.
    return _TEX_MATH.sub("", match.group(2))


def strip_markup(text: str) -> str:
    """Plain text of an HTML/JATS fragment, without gluing words or inventing spaces.

    Block elements (``<jats:p>``, ``<jats:sec>``, ``<br>``) become spaces; inline ones (``<i>``, ``<sub>``) vanish
    with the text around them kept as it is. Crossref pretty-prints inline elements onto their own lines
    ("detecting\\n    <i>KRAS</i>\\n    /"); that newline whitespace is a space between words but nothing next to
    brackets, slashes and punctuation ("(KRAS)/NRAS"). Entities are decoded after the tags are gone, so an
    escaped ``&lt;`` stays text.
    """
    if "<" not in text and "&" not in text:
        return collapse_whitespace(text)
    text = _DROPPED_CONTENT.sub("", text)
    text = _ALTERNATIVES.sub(_keep_math_once, text)
    pieces: list[str] = []
    last = 0
    for match in _TAG.finditer(text):
        pieces.append(text[last : match.start()])
        pieces.append(_BLOCK_MARK if _tag_name(match.group(2)) in _BLOCK_TAGS else _INLINE_MARK)
        last = match.end()
    pieces.append(text[last:])
    marked = _SOFT_SPACE.sub(_SOFT_MARK, "".join(pieces)).replace(_INLINE_MARK, "")
    marked = re.sub(f"{_SOFT_MARK}+", _SOFT_MARK, marked)
    out: list[str] = []
    for i, char in enumerate(marked):
        if char != _SOFT_MARK:
            out.append(char)
            continue
        before = marked[i - 1] if i else ""
        after = marked[i + 1] if i + 1 < len(marked) else ""
        if before and after and before not in _GLUE_AFTER and after not in _GLUE_BEFORE:
            out.append(" ")
    plain = "".join(out).replace(_BLOCK_MARK, " ")
    return collapse_whitespace(html.unescape(plain))
