"""One region, typed errors, retries and a deadline.

python examples/one_region_with_retries.py --sandbox
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator

from aiocdss import CdssClient, DeadlineExceededError, RetryPolicy, ThrottledError
from aiocdss.sandbox import Sandbox

RETRY = RetryPolicy(max_attempts=4, base_delay=0.05, max_delay=1.0)


@contextlib.asynccontextmanager
async def open_client(use_sandbox: bool) -> AsyncIterator[CdssClient]:
    if not use_sandbox:
        async with CdssClient(timeout=10, retry=RETRY) as client:
            yield client
        return
    async with Sandbox() as sandbox:
        # the gateway throttles twice, then answers; the SDK retries inside the deadline
        sandbox.inject(region="JPN", statuses=[429, 429], retry_after=0)
        async with sandbox.client(timeout=10, retry=RETRY) as client:
            yield client


async def main(use_sandbox: bool) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    async with open_client(use_sandbox) as cdss:
        jpn = cdss.region("jpn")
        try:
            generations = await jpn.get_server_generation_list()
            versions = await jpn.get_cdss_version_list()
        except ThrottledError as exc:
            print(f"still throttled after retries (retry after {exc.retry_after}s)")
            return 1
        except DeadlineExceededError as exc:
            print(f"gave up: {exc}")
            return 1
    print(
        "generations:", ", ".join(f"{g.hypervisor_code}/{g.generation_code}" for g in generations)
    )
    print("kafka versions:", ", ".join(v.kafka_version_name for v in versions))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main("--sandbox" in sys.argv[1:])))
