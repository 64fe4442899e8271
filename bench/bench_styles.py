"""Formatting speed: citebot's styles vs citeproc-py (and citeproc-js when node + the renderer are there).

    .venv/bin/python bench/bench_styles.py [--n 1000] [--csl ../shared/csl] [--citeproc-js DIR]

Formats the same N references in all eight styles with each processor in one run and prints the time per
reference and the ratio. Items are the shared reference set (else the golden set), varied so no two are equal.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.models import Reference  # noqa: E402
from formatters.styles import STYLES, format_citation  # noqa: E402

SHARED = ROOT.parent / "shared"


def make_items(n: int, csl_dir: Path) -> list[dict[str, Any]]:
    source = SHARED / "reference" / "items.json"
    if not source.exists():
        source = ROOT / "tests" / "golden" / "numeric_items.json"
    base = json.loads(source.read_text())
    items = []
    for i in range(n):
        item = copy.deepcopy(base[i % len(base)])
        item["id"] = f"item-{i}"
        if item.get("title"):
            item["title"] = f"{item['title']} {i}" if i >= len(base) else item["title"]
        items.append(item)
    return items


def bench_citebot(items: list[dict[str, Any]], per_style: dict[str, float] | None = None) -> float:
    refs = [Reference.from_csl_json(item) for item in items]
    total = 0.0
    for style in STYLES.values():
        start = time.perf_counter()
        for ref in refs:
            format_citation(ref, style)
        elapsed = time.perf_counter() - start
        total += elapsed
        if per_style is not None:
            per_style[style.name] = elapsed
    return total


def bench_citeproc_py(items: list[dict[str, Any]], csl_dir: Path) -> float:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    start = time.perf_counter()
    for style in STYLES.values():
        path = csl_dir / f"{style.csl_id}.csl"
        csl = CitationStylesStyle(str(path) if path.exists() else style.csl_id, validate=False)
        bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        for entry in bibliography.bibliography():
            str(entry)
    return time.perf_counter() - start


def bench_citeproc_js(items: list[dict[str, Any]], csl_dir: Path, renderer: Path) -> float | None:
    if not shutil.which("node") or not (renderer / "node_modules").exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(items, handle)
    styles = [style.csl_id for style in STYLES.values()]
    start = time.perf_counter()
    with open(handle.name) as stdin:
        subprocess.run(
            ["node", "render.js", "-s", str(csl_dir), *styles],
            cwd=renderer,
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            check=True,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--csl", type=Path, default=SHARED / "csl")
    parser.add_argument("--citeproc-js", type=Path, default=None, help="csl-render folder with node_modules")
    parser.add_argument("--per-style", action="store_true", help="also print citebot's time for each style")
    args = parser.parse_args()

    items = make_items(args.n, args.csl)
    count = len(items) * len(STYLES)
    per_style: dict[str, float] = {}
    ours = bench_citebot(items, per_style)
    print(f"citebot      {ours:8.3f} s  {ours / count * 1e6:9.1f} µs per reference-style")
    if args.per_style:
        for name, elapsed in per_style.items():
            print(f"  {name:10s} {elapsed / len(items) * 1e6:9.1f} µs per reference")
    py = bench_citeproc_py(items, args.csl)
    print(
        f"citeproc-py  {py:8.3f} s  {py / count * 1e6:9.1f} µs per reference-style  ratio {py / ours:6.1f}x"
    )
    if args.citeproc_js:
        js = bench_citeproc_js(items, args.csl, args.citeproc_js)
        if js is not None:
            print(
                f"citeproc-js  {js:8.3f} s  {js / count * 1e6:9.1f} µs per reference-style  ratio {js / ours:6.1f}x"
                " (includes node start-up)"
            )
        else:
            print("citeproc-js  skipped: node or node_modules missing")


if __name__ == "__main__":
    main()
