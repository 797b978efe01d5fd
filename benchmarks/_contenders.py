"""The contenders: aiocdss, and the bare-aiohttp floor built on an equivalent pool.

aiocdss is imported lazily so that a floor-only process (the scale worker) does not
carry it in its resident memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import aiohttp

from benchmarks._fixtures import REGION_PREFIXES, SEED_PATH

if TYPE_CHECKING:
    from aiocdss import CdssClient

ACCESS_KEY = "bench"
SECRET_KEY = "bench-secret"
REGIONS = ("KR", "SGN", "JPN")  # same order as REGION_PREFIXES


def aiocdss_client(
    endpoint: str, regions: Iterable[str] = REGIONS, *, max_connections: int = 100
) -> CdssClient:
    """The SDK pointed at the loopback server (which does not verify the signature)."""
    from aiocdss import CdssClient

    return CdssClient(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        endpoint=endpoint,
        regions=list(regions),
        max_connections=max_connections,
    )


def floor_session(max_connections: int = 100) -> aiohttp.ClientSession:
    """A bare session with the connector and per-attempt timeout the SDK builds for itself."""
    connector = aiohttp.TCPConnector(
        limit=max_connections, limit_per_host=0, ttl_dns_cache=300, keepalive_timeout=30
    )
    return aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=None, sock_connect=10)
    )


def region_urls(endpoint: str, count: int = len(REGIONS)) -> list[str]:
    """The seed operation's URL per region, as a bare-aiohttp user writes it (KR first)."""
    return [f"{endpoint}{prefix}{SEED_PATH}" for prefix in REGION_PREFIXES[:count]]


async def floor_call(session: aiohttp.ClientSession, url: str) -> Any:
    """The floor: GET, read, status check, plain `json.loads` (no signing, no models)."""
    async with session.get(url) as resp:
        body = await resp.read()
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}")
    return json.loads(body)["result"]["serverImageList"]
