"""Scenario 3: thousands of calls at high concurrency over a bounded pool.

Each repetition of each contender runs in its own fresh process (`_scale_worker`), so
the peak RSS reported is that contender's alone; the server counts the connections.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks._config import Profile
from benchmarks._result import Ratio, ScenarioResult
from benchmarks._server import LoopbackServer
from benchmarks._stats import Summary, interleave

SDK = "aiocdss"
FLOOR = "bare aiohttp (floor)"
_WORKER_NAME = {SDK: "aiocdss", FLOOR: "floor"}
_ROOT = Path(__file__).resolve().parent.parent


def _run_worker(server: LoopbackServer, contender: str, profile: Profile) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")])),
    }
    argv = [
        sys.executable,
        "-m",
        "benchmarks._scale_worker",
        _WORKER_NAME[contender],
        server.url,
        str(profile.scale_calls),
        str(profile.scale_concurrency),
        str(profile.scale_pool),
    ]
    server.set_delay(0)
    server.reset()
    proc = subprocess.run(
        argv, capture_output=True, text=True, timeout=300, env=env, cwd=_ROOT, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"scale worker {contender!r} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["connections"] = server.connections
    result["server_requests"] = server.requests
    return result


def run(server: LoopbackServer, profile: Profile) -> ScenarioResult:
    """Calls per second per contender, with connections seen, errors and peak RSS."""
    runs: dict[str, list[dict[str, Any]]] = {SDK: [], FLOOR: []}

    def one(contender: str) -> float:
        result = _run_worker(server, contender, profile)
        runs[contender].append(result)
        return float(result["calls_per_s"])

    summaries = interleave({name: partial(one, name) for name in runs}, profile.scale_reps)
    extra = {name: _extra(rs) for name, rs in runs.items()}
    cpu = {name: Summary.of([r["cpu_us_per_call"] for r in rs]) for name, rs in runs.items()}
    return ScenarioResult(
        key="scale",
        title=(
            f"3. Scale: {profile.scale_calls:,} calls, concurrency {profile.scale_concurrency}, "
            f"pool of {profile.scale_pool}"
        ),
        unit="calls/s",
        higher_is_better=True,
        contenders=summaries,
        ratios=[
            Ratio.of(f"{SDK} / floor throughput", summaries[SDK], summaries[FLOOR], headline=True),
            Ratio.of(f"{SDK} / floor, client CPU per call", cpu[SDK], cpu[FLOOR]),
        ],
        extra=extra,
        columns=[
            ("errors", "errors"),
            ("TCP conns", "connections"),
            ("peak RSS MB", "peak_rss_mb"),
            ("RSS at start MB", "rss_before_mb"),
            ("p50 / p99 ms", "latency_ms"),
            ("client CPU µs/call", "cpu_us_per_call"),
        ],
        params={
            "calls": profile.scale_calls,
            "concurrency": profile.scale_concurrency,
            "max_connections": profile.scale_pool,
            "reps": profile.scale_reps,
        },
        notes=[
            "Each repetition runs in a fresh process; calls rotate over KR/SGN/JPN on one pool. "
            "Connections are counted by the server's protocol factory (max over repetitions); "
            "peak RSS is the worker's VmHWM (its own peak; ru_maxrss would include the "
            "parent's, inherited across fork), median over repetitions.",
        ],
    )


def _extra(runs: list[dict[str, Any]]) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    for r in runs:
        for k, v in r["error_kinds"].items():
            kinds[k] = kinds.get(k, 0) + v
    return {
        "errors": sum(r["errors"] for r in runs),
        "error_kinds": kinds,
        "ok_calls": sum(r["ok"] for r in runs),
        "connections": max(r["connections"] for r in runs),
        "server_requests": max(r["server_requests"] for r in runs),
        "peak_rss_mb": statistics.median(r["peak_rss_kb"] for r in runs) / 1024,
        "rss_before_mb": statistics.median(r["rss_before_kb"] for r in runs) / 1024,
        "p50_ms": statistics.median(r["p50_ms"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "latency_ms": (
            f"{statistics.median(r['p50_ms'] for r in runs):.1f} / "
            f"{statistics.median(r['p99_ms'] for r in runs):.0f}"
        ),
        "cpu_us_per_call": statistics.median(r["cpu_us_per_call"] for r in runs),
    }
