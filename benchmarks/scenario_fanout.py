"""Scenario 2: one call in every region (KR, SGN, JPN), each delayed by the server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiocdss._signing import auth_headers
from benchmarks._config import Profile
from benchmarks._contenders import (
    ACCESS_KEY,
    REGIONS,
    SECRET_KEY,
    aiocdss_client,
    floor_call,
    floor_session,
    region_urls,
)
from benchmarks._optional import require
from benchmarks._result import Ratio, ScenarioResult
from benchmarks._server import LoopbackServer
from benchmarks._stats import Summary, ainterleave

SDK = "aiocdss fan-out"
GATHER = "bare aiohttp + gather"
SEQ = "requests.Session, one region after another"


def _timed(fan_out: Callable[[], Awaitable[Any]], n: int) -> Callable[[], Awaitable[float]]:
    async def run() -> float:
        start = time.perf_counter()
        for _ in range(n):
            await fan_out()
        return (time.perf_counter() - start) / n * 1e3

    return run


async def run(server: LoopbackServer, profile: Profile) -> ScenarioResult:
    """Median ms per complete fan-out for each contender, interleaved."""
    requests = require("requests")
    urls = region_urls(server.url)
    server.set_delay(0)
    async with aiocdss_client(server.url, REGIONS) as client, floor_session() as session:
        http = requests.Session()

        async def sdk() -> Any:
            results = await client.get_cluster_server_image_list()
            results.raise_for_errors()
            return results

        async def gather() -> Any:
            return await asyncio.gather(*(floor_call(session, u) for u in urls))

        async def sequential() -> Any:  # blocks the loop, as sync code does; nothing else runs
            out = []
            for url in urls:
                target = url[len(server.url) :]
                ts = int(time.time() * 1000)
                resp = http.get(
                    url, headers=auth_headers(ACCESS_KEY, SECRET_KEY, "GET", target, ts)
                )
                resp.raise_for_status()
                out.append(json.loads(resp.content)["result"]["serverImageList"])
            return out

        contenders = {SDK: sdk, GATHER: gather, SEQ: sequential}
        for call in contenders.values():  # open the connections before the delay is on
            for _ in range(3):
                await call()
        server.set_delay(profile.fanout_delay_s)
        try:
            summaries = await ainterleave(
                {n: _timed(c, profile.fanout_calls) for n, c in contenders.items()},
                profile.fanout_reps,
            )
        finally:
            server.set_delay(0)
            http.close()
    delay_ms = profile.fanout_delay_s * 1e3
    return ScenarioResult(
        key="fanout",
        title=f"2. Fan-out over {'/'.join(REGIONS)}, every region delayed {delay_ms:.0f} ms",
        unit="ms/fan-out",
        contenders=summaries,
        ratios=[
            Ratio.of(f"{SDK} / bare gather", summaries[SDK], summaries[GATHER], 1.1),
            Ratio.of(f"sequential requests / {SDK}", summaries[SEQ], summaries[SDK], headline=True),
            Ratio(
                f"{SDK} / one region's delay",
                summaries[SDK].median / delay_ms,
                Summary.of([s / delay_ms for s in summaries[SDK].samples]),
            ),
        ],
        params={
            "delay_ms": delay_ms,
            "fan_outs_per_rep": profile.fanout_calls,
            "reps": profile.fanout_reps,
            "regions": list(REGIONS),
        },
        notes=[
            "The requests contender signs each request like NAVER's sync SDKs; "
            "bare gather sends no signature; the server verifies none.",
            f"Ideal fan-out is one region's latency ({delay_ms:.0f} ms), "
            f"sequential is the sum ({delay_ms * len(REGIONS):.0f} ms).",
        ],
    )
