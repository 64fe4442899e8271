"""``citebot`` command line: ids, cite, format, serve (contract in shared/docs/ARCHITECTURE.md)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from bot.identifiers import extract
from bot.models import Identifier, Problem, Reference, Result
from bot.settings import Settings, get_settings

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called: exit 2 with the message."""


def _read_text(arg: str | None, stdin: TextIO) -> str:
    return arg if arg is not None else stdin.read()


def cmd_ids(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    text = _read_text(" ".join(args.text) if args.text else None, stdin)
    found = extract(text, explicit=args.explicit)
    for identifier in found.ids:
        print(identifier, file=out)
    if found.dropped:
        print(f"note: {found.dropped} more identifier(s) left out (limit per message)", file=sys.stderr)
    return EXIT_OK


def parse_cli_ids(words: Sequence[str]) -> list[Identifier | Problem]:
    """Each argument is one id: ``pmid:1``, ``34497264``, ``10.1/x``, a link. Unknown words become Problems."""
    parsed: list[Identifier | Problem] = []
    for word in words:
        # The extractor cleans what it reads (versions, trailing dots, case); the bare ``kind:value`` form
        # printed by ``citebot ids`` is re-read through it as well, so both give the same identifier.
        kind, _, value = word.partition(":")
        text = value if kind in ("pmid", "pmcid") else word
        found = extract(text, explicit=True, limit=1000).ids
        if found:
            parsed.extend(found)
        else:
            parsed.append(
                Problem(
                    identifier=word,
                    code="invalid",
                    message=f"{word!r} is not a PMID, DOI, PMCID or arXiv id.",
                    hint="Try e.g. 34497264, 10.1038/s41392-021-00754-6, PMC8424619 or arXiv:1706.03762.",
                )
            )
    return parsed


async def _resolve_all(settings: Settings, wanted: list[Identifier | Problem]) -> list[Result]:
    from bot.resolver import Resolver

    ids = [item for item in wanted if isinstance(item, Identifier)]
    async with Resolver(settings) as resolver:
        resolved = iter(await resolver.resolve(ids))
    return [next(resolved) if isinstance(item, Identifier) else item for item in wanted]


def render_results(results: Sequence[Result], fmt: str, style: str) -> str:
    refs = [r for r in results if isinstance(r, Reference)]
    if fmt == "csl-json":
        items: list[dict[str, Any]] = [
            r.to_csl_json() if isinstance(r, Reference) else r.to_json() for r in results
        ]
        return json.dumps(items, ensure_ascii=False, indent=2)
    if fmt == "ris":
        from formatters.ris import to_ris

        return to_ris(refs)
    if fmt == "bibtex":
        from formatters.bibtex import to_bibtex

        return to_bibtex(refs)
    from formatters.styles import format_citation

    return "\n".join(format_citation(ref, style) for ref in refs)


def cmd_cite(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from formatters.styles import UnknownStyleError, get_style

    settings = get_settings()
    try:
        style = get_style(args.style or settings.default_style)
    except UnknownStyleError as exc:
        raise UsageError(str(exc)) from None
    words = args.ids or stdin.read().split()
    if not words:
        raise UsageError("give at least one id, e.g. citebot cite 34497264")
    results = asyncio.run(_resolve_all(settings, parse_cli_ids(words)))
    text = render_results(results, args.format, style.name)
    if text:
        print(text.rstrip("\n"), file=out)
    problems = [r for r in results if isinstance(r, Problem)]
    if args.format != "csl-json":
        for problem in problems:
            hint = f" {problem.hint}" if problem.hint else ""
            print(f"error: {problem.message}{hint}", file=sys.stderr)
    return EXIT_SOME_FAILED if problems else EXIT_OK


def cmd_format(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from formatters.styles import STYLES, UnknownStyleError, format_citation, get_style

    if args.list_styles:
        for style in STYLES.values():
            aliases = ", ".join((style.csl_id, *style.aliases))
            print(f"{style.name}\t{style.label} ({aliases})", file=out)
        return EXIT_OK
    if not args.style:
        raise UsageError("--style is required (see citebot format --list-styles)")
    try:
        style = get_style(args.style)
    except UnknownStyleError as exc:
        raise UsageError(str(exc)) from None
    if args.file in (None, "-"):
        raw = stdin.read()
    else:
        try:
            with open(args.file, encoding="utf-8") as handle:
                raw = handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"input is not JSON: {exc}") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UsageError("input must be a JSON array of CSL-JSON items")
    for item in data:
        ref = Reference.from_csl_json(item)
        print(format_citation(ref, style), file=out)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from bot.app import serve

    settings = get_settings()
    if args.port is not None:
        settings = settings.model_copy(update={"port": args.port})
    mode = "http" if args.http else "socket" if args.socket else None
    return serve(settings, mode=mode)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citebot",
        description="Citations from PMIDs, DOIs, PMCIDs and arXiv ids — in Slack or on the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ids = sub.add_parser("ids", help="print the identifiers found in a message")
    ids.add_argument(
        "--explicit", action="store_true", help="read TEXT as /cite arguments (bare numbers are PMIDs)"
    )
    ids.add_argument("text", nargs="*", metavar="TEXT", help="message text (default: standard input)")
    ids.set_defaults(func=cmd_ids)

    cite = sub.add_parser("cite", help="resolve ids and print references")
    cite.add_argument(
        "--style", "-s", help="citation style for --format text (default: CITEBOT_DEFAULT_STYLE)"
    )
    cite.add_argument(
        "--format", "-f", default="text", choices=["text", "csl-json", "ris", "bibtex"], help="output format"
    )
    cite.add_argument("ids", nargs="*", metavar="ID", help="PMID, DOI, PMCID, arXiv id or article link")
    cite.set_defaults(func=cmd_cite)

    fmt = sub.add_parser("format", help="format CSL-JSON items in a citation style")
    fmt.add_argument("--style", "-s", help="style name or CSL style id")
    fmt.add_argument("--list-styles", action="store_true", help="list the style names and exit")
    fmt.add_argument("file", nargs="?", metavar="FILE", help="JSON array of CSL-JSON items (default: stdin)")
    fmt.set_defaults(func=cmd_format)

    serve = sub.add_parser("serve", help="run the Slack bot")
    group = serve.add_mutually_exclusive_group()
    group.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    group.add_argument("--http", action="store_true", help="HTTP mode: POST /slack/events, GET /healthz")
    serve.add_argument("--port", type=int, help="HTTP port (default: CITEBOT_PORT or 3000)")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    try:
        code: int = args.func(args, out or sys.stdout, stdin or sys.stdin)
    except UsageError as exc:
        print(f"citebot {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
