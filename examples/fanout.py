"""Ask every region for its OS images and print them, healthy and failed regions alike.

python examples/fanout.py            # your NCP account (credentials chain)
python examples/fanout.py --sandbox  # the embedded sandbox, SGN made to fail
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator

from aiocdss import CdssClient
from aiocdss.sandbox import Sandbox


@contextlib.asynccontextmanager
async def open_client(use_sandbox: bool) -> AsyncIterator[CdssClient]:
    if not use_sandbox:
        async with CdssClient() as client:
            yield client
        return
    async with Sandbox() as sandbox:
        sandbox.inject(region="SGN", statuses=[503] * 3)  # show a failed region beside the others
        async with sandbox.client() as client:
            yield client


async def main(use_sandbox: bool) -> int:
    async with open_client(use_sandbox) as cdss:
        results = await cdss.get_cluster_server_image_list()
    for region, images in results.ok.items():
        for image in images:
            print(f"{region.code:4} {image.server_image_no:>10}  {image.server_name}")
    for region, error in results.errors.items():
        print(f"{region.code:4} failed: {error}", file=sys.stderr)
    try:
        results.raise_for_errors()
    except ExceptionGroup as group:
        print(group, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main("--sandbox" in sys.argv[1:])))
