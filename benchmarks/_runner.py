"""Command line: start the loopback server, run the scenarios, print markdown, write JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks import scenario_fanout, scenario_overhead, scenario_scale, scenario_structuring
from benchmarks._config import FULL, QUICK
from benchmarks._fixtures import SEED_BODY
from benchmarks._optional import MissingBenchDependency, check_all
from benchmarks._report import document, markdown
from benchmarks._result import ScenarioResult
from benchmarks._server import LoopbackServer

SCENARIOS = ("overhead", "fanout", "scale", "structuring")
DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--quick", action="store_true", help="small run for the test suite (< 30 s)")
    p.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"default: {DEFAULT_JSON}")
    p.add_argument(
        "--only", choices=SCENARIOS, action="append", help="run only this scenario (repeatable)"
    )
    return p.parse_args(argv)


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    try:
        check_all()
    except MissingBenchDependency as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    profile = QUICK if args.quick else FULL
    chosen = set(args.only or SCENARIOS)
    results: list[ScenarioResult] = []
    started = time.perf_counter()
    with LoopbackServer(SEED_BODY) as server:
        if "overhead" in chosen:
            _progress("1. per-call overhead")
            results.append(asyncio.run(scenario_overhead.run_network(server, profile)))
            results.append(scenario_overhead.run_cpu(profile))
        if "fanout" in chosen:
            _progress("2. fan-out")
            results.append(asyncio.run(scenario_fanout.run(server, profile)))
        if "scale" in chosen:
            _progress("3. scale")
            results.append(scenario_scale.run(server, profile))
    if "structuring" in chosen:
        _progress("4. structuring")
        results.extend(scenario_structuring.run(profile))
    doc = document(results, profile.name, time.perf_counter() - started)
    print(markdown(doc, results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    _progress(f"wrote {args.json}")
    return 0
