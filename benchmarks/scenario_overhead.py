"""Scenario 1: what aiocdss adds per call over a bare aiohttp call, and its pure CPU costs."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from yarl import URL

from aiocdss import Region, _signing, _transport
from aiocdss._decode import decode
from aiocdss._operations import GET_CLUSTER_SERVER_IMAGE_LIST as SEED_OP
from benchmarks._config import Profile
from benchmarks._contenders import (
    ACCESS_KEY,
    SECRET_KEY,
    aiocdss_client,
    floor_call,
    floor_session,
    region_urls,
)
from benchmarks._fixtures import SEED_BODY
from benchmarks._result import Ratio, ScenarioResult
from benchmarks._server import LoopbackServer
from benchmarks._stats import Summary, ainterleave, interleave, per_call_us

SDK = "aiocdss"
FLOOR = "bare aiohttp (floor)"


def _batch(
    call: Callable[[], Awaitable[Any]], n: int, cpu: list[float] | None = None
) -> Callable[[], Awaitable[float]]:
    """A batch of `n` sequential calls returning wall µs per call; client CPU µs per call
    (this process only: the server has its own) is appended to `cpu`."""

    async def run() -> float:
        cpu_start = time.process_time()
        start = time.perf_counter()
        for _ in range(n):
            await call()
        wall = (time.perf_counter() - start) / n * 1e6
        if cpu is not None:
            cpu.append((time.process_time() - cpu_start) / n * 1e6)
        return wall

    return run


async def run_network(server: LoopbackServer, profile: Profile) -> ScenarioResult:
    """Sequential calls to one region; the server answers at once with the 2-image body."""
    server.set_delay(0)
    url = region_urls(server.url, 1)[0]
    async with aiocdss_client(server.url, ["KR"]) as client, floor_session() as session:
        kr = client.region("KR")

        async def sdk() -> Any:
            return await kr.get_cluster_server_image_list()

        async def floor() -> Any:
            return await floor_call(session, url)

        if len(await sdk()) != len(await floor()):
            raise AssertionError("the contenders disagree on the response")
        cpu: dict[str, list[float]] = {SDK: [], FLOOR: []}
        batches = {
            SDK: _batch(sdk, profile.overhead_calls, cpu[SDK]),
            FLOOR: _batch(floor, profile.overhead_calls, cpu[FLOOR]),
        }
        for call in (sdk, floor):  # connections, caches, generated cattrs code
            await _batch(call, profile.warmup_calls)()
        summaries = await ainterleave(batches, profile.overhead_reps)
    cpu_summary = {name: Summary.of(samples) for name, samples in cpu.items()}
    added = summaries[SDK].median - summaries[FLOOR].median
    added_cpu = cpu_summary[SDK].median - cpu_summary[FLOOR].median
    return ScenarioResult(
        key="overhead",
        title="1. Per-call overhead: one region, getClusterServerImageList, sequential",
        unit="µs/call",
        contenders=summaries,
        ratios=[
            Ratio.of(f"{SDK} / floor", summaries[SDK], summaries[FLOOR], 1.15),
            Ratio.of(f"{SDK} / floor, client CPU", cpu_summary[SDK], cpu_summary[FLOOR]),
        ],
        extra={
            name: {"cpu_median": s.median, "client_cpu_us": s.to_json()}
            for name, s in cpu_summary.items()
        },
        columns=[("client CPU µs/call", "cpu_median")],
        params={
            "calls_per_rep": profile.overhead_calls,
            "reps": profile.overhead_reps,
            "regions": ["KR"],
            "response_items": 2,
            "added_us_per_call": added,
            "added_client_cpu_us_per_call": added_cpu,
        },
        notes=[
            f"aiocdss adds {added:.0f} µs of latency and {added_cpu:.0f} µs of client CPU per "
            "call over the floor (differences of medians).",
            "Floor: same connector settings and per-attempt timeout as the SDK's own pool, "
            "no signing, plain json.loads; the server does not verify signatures.",
            "Client CPU is this process's CPU time (the server runs in its own process).",
        ],
    )


def _deadline_batch(n: int) -> Callable[[], float]:
    """`asyncio.timeout` entered and left, as `Transport.send` does once per call."""

    async def batch() -> float:
        start = time.perf_counter()
        for _ in range(n):
            async with asyncio.timeout(30):  # noqa: ASYNC100 - its own cost is measured
                pass
        return (time.perf_counter() - start) / n * 1e6

    return lambda: asyncio.run(batch())


def _transport_steps(target: str) -> dict[str, Callable[[], Any]]:
    """Signing and URL building the way the transport does them (newer helpers if present)."""
    ts = int(time.time() * 1000)
    base = "http://127.0.0.1:8080"
    signer_cls = getattr(_signing, "Signer", None)
    url_fn = getattr(_transport, "_url", None)
    steps: dict[str, Callable[[], Any]] = {}
    if signer_cls is not None:
        signer = signer_cls(ACCESS_KEY, SECRET_KEY)
        steps["sign (Signer.headers)"] = lambda: signer.headers("GET", target, ts)
    else:
        steps["sign (auth_headers)"] = lambda: _signing.auth_headers(
            ACCESS_KEY, SECRET_KEY, "GET", target, ts
        )
    if url_fn is not None:
        steps["URL (cached yarl URL)"] = lambda: url_fn(base, target)
    else:
        steps["URL (yarl, encoded=True)"] = lambda: URL(base + target, encoded=True)
    return steps


def run_cpu(profile: Profile) -> ScenarioResult:
    """The SDK's per-call CPU steps timed without sockets, next to json.loads of the body."""
    prepared = SEED_OP.prepare(Region.KR, {"generation_code": None})
    headers = {"Content-Type": "application/json"}
    steps: dict[str, Callable[[], Any]] = {
        "prepare (Operation.prepare)": lambda: SEED_OP.prepare(
            Region.KR, {"generation_code": None}
        ),
        **_transport_steps(prepared.target),
        "decode + structure (2 images)": lambda: decode(
            SEED_OP, Region.KR, 200, headers, SEED_BODY
        ),
        "json.loads only (floor's parsing)": lambda: json.loads(SEED_BODY),
    }
    batches = {name: per_call_us(fn, profile.cpu_iters) for name, fn in steps.items()}
    batches["deadline (asyncio.timeout)"] = _deadline_batch(profile.cpu_iters)
    summaries = interleave(batches, profile.cpu_reps)
    sdk_total = sum(s.median for name, s in summaries.items() if not name.startswith("json"))
    return ScenarioResult(
        key="overhead_cpu",
        title="1b. Per-call CPU cost of the SDK's steps (no sockets)",
        unit="µs/call",
        contenders=summaries,
        params={
            "iters_per_rep": profile.cpu_iters,
            "reps": profile.cpu_reps,
            "sdk_steps_total_us": sdk_total,
        },
        notes=[
            f"prepare + sign + URL + decode + deadline = {sdk_total:.1f} µs per call; the rest "
            "of the per-call difference is aiohttp handling the three signature headers, the "
            "SDK's coroutine layers and the server parsing the extra headers.",
        ],
    )
