"""Response bodies in the CDSS envelope (shapes from the documented example)."""

from __future__ import annotations

import json
from typing import Any

from aiocdss import Region
from aiocdss._converter import unstructure
from aiocdss.sandbox._state import seed_region

REGION_PREFIXES = ("/api/v1", "/api/sgn-v1", "/api/jpn-v1")
SEED_PATH = "/cluster/getClusterServerImageList"

# The documented KR example of getClusterServerImageList, as the sandbox seeds it (with the
# `order` field the models ignore).
SEED_IMAGES: list[dict[str, Any]] = [
    unstructure(record) for record in seed_region(Region.KR).server_images
]


def images(n: int) -> list[dict[str, Any]]:
    """`n` distinct serverImageList items shaped like the documented ones."""
    return [
        {
            "serverImageNo": 100_000_000 + i,
            "softwareProductCode": f"SW.VCDSS.OS.LNX64.ROCKY.{i % 100:02d}.G003",
            "order": i,
            "serverName": f"Rocky Linux 8.{i}",
        }
        for i in range(n)
    ]


def envelope(items: list[dict[str, Any]]) -> bytes:
    """A successful getClusterServerImageList body."""
    doc = {
        "code": 0,
        "message": "SUCCESS",
        "result": {"serverImageList": items},
        "requestId": "c580da21-0000-0000-0000-f2a2cd556ce5",
    }
    return json.dumps(doc, separators=(",", ":")).encode()


SEED_BODY = envelope(SEED_IMAGES)
