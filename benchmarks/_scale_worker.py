"""One scale run in a fresh process, so its peak RSS belongs to one contender alone.

`python -m benchmarks._scale_worker CONTENDER ENDPOINT CALLS CONCURRENCY POOL` prints
one JSON line: elapsed time, calls per second, errors, latency percentiles and RSS.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

from benchmarks._contenders import REGIONS, aiocdss_client, floor_call, floor_session, region_urls


def _status_kb(field: str) -> int | None:
    """A `/proc/self/status` figure in kB (Linux), or None."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _rss_kb() -> int:
    return _status_kb("VmRSS") or 0


def _peak_rss_kb() -> int:
    """This process's own peak RSS. `VmHWM` belongs to the process image; `ru_maxrss` can
    carry the parent's peak across fork and exec, so it is only the fallback."""
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def _drive(
    calls: Sequence[Callable[[], Awaitable[Any]]], total: int, concurrency: int
) -> dict[str, Any]:
    counter = itertools.count()
    latencies: list[float] = []
    errors: Counter[str] = Counter()

    async def worker() -> None:
        while (i := next(counter)) < total:
            start = time.perf_counter()
            try:
                await calls[i % len(calls)]()
            except Exception as exc:  # counted and reported, never hidden
                errors[f"{type(exc).__name__}: {exc}"[:120]] += 1
            else:
                latencies.append(time.perf_counter() - start)

    cpu_start = time.process_time()
    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "elapsed_s": elapsed,
        "calls_per_s": total / elapsed,
        "cpu_us_per_call": cpu / total * 1e6,
        "ok": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors.most_common(5)),
        "p50_ms": cuts[49] * 1e3,
        "p99_ms": cuts[98] * 1e3,
    }


async def run(
    contender: str, endpoint: str, total: int, concurrency: int, pool: int
) -> dict[str, Any]:
    """Drive `total` calls, `concurrency` at a time, rotating over the three regions."""
    if contender == "aiocdss":
        client = aiocdss_client(endpoint, REGIONS, max_connections=pool)
        rss_before = _rss_kb()
        async with client:
            calls = [client.region(r).get_cluster_server_image_list for r in REGIONS]
            out = await _drive(calls, total, concurrency)
    elif contender == "floor":
        rss_before = _rss_kb()
        async with floor_session(pool) as session:
            calls = [partial(floor_call, session, u) for u in region_urls(endpoint)]
            out = await _drive(calls, total, concurrency)
    else:
        raise SystemExit(f"unknown contender {contender!r}")
    return {
        **out,
        "rss_before_kb": rss_before,
        "peak_rss_kb": _peak_rss_kb(),
    }


def main(argv: list[str]) -> None:
    contender, endpoint, total, concurrency, pool = argv
    result = asyncio.run(run(contender, endpoint, int(total), int(concurrency), int(pool)))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
