"""Scenario 4: a 1,000-item serverImageList into models, from dicts and from the raw body."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aiocdss import Region, ServerImage
from aiocdss._converter import structure
from aiocdss._decode import decode
from aiocdss._operations import GET_CLUSTER_SERVER_IMAGE_LIST as SEED_OP
from benchmarks._alt_models import msgspec_decoders, pydantic_decoders
from benchmarks._config import Profile
from benchmarks._fixtures import envelope, images
from benchmarks._result import Ratio, ScenarioResult
from benchmarks._stats import interleave, per_call_us

FLOOR = "hand-written comprehension (floor)"
FLOOR_BODY = "json.loads + hand-written (floor)"
_HEADERS = {"Content-Type": "application/json"}


def hand_written(data: list[dict[str, Any]]) -> list[ServerImage]:
    """The floor: the same attrs instances, built by a dict comprehension with no checks."""
    return [
        ServerImage(
            server_image_no=d["serverImageNo"],
            software_product_code=d["softwareProductCode"],
            server_name=d["serverName"],
        )
        for d in data
    ]


def _fields(items: list[Any]) -> list[tuple[Any, ...]]:
    return [(i.server_image_no, i.software_product_code, i.server_name) for i in items]


def _measure(
    fns: dict[str, Callable[[], list[Any]]], expected: list[tuple[Any, ...]], profile: Profile
) -> dict[str, Any]:
    for name, fn in fns.items():  # every contender does the whole job, and gets it right
        if _fields(fn()) != expected:
            raise AssertionError(f"{name} structured the data differently")
    return interleave(
        {n: per_call_us(f, profile.struct_iters) for n, f in fns.items()}, profile.struct_reps
    )


def run(profile: Profile) -> list[ScenarioResult]:
    """Two results: structuring already-parsed dicts, and decoding the body bytes."""
    data = images(profile.struct_items)
    body = envelope(data)
    expected = _fields(hand_written(data))
    pyd_dicts, pyd_body = pydantic_decoders()
    msg_dicts, msg_body = msgspec_decoders()
    list_type = list[ServerImage]

    dicts = _measure(
        {
            "aiocdss converter (structure)": lambda: structure(data, list_type),
            FLOOR: lambda: hand_written(data),
            "pydantic v2 (TypeAdapter.validate_python)": lambda: pyd_dicts(data),
            "msgspec (convert)": lambda: msg_dicts(data),
        },
        expected,
        profile,
    )
    raw = _measure(
        {
            "aiocdss decode (bytes to models)": lambda: decode(
                SEED_OP, Region.KR, 200, _HEADERS, body
            ),
            FLOOR_BODY: lambda: hand_written(json.loads(body)["result"]["serverImageList"]),
            "pydantic v2 (model_validate_json)": lambda: pyd_body(body),
            "msgspec (json.Decoder)": lambda: msg_body(body),
        },
        expected,
        profile,
    )
    params = {
        "items": profile.struct_items,
        "iters_per_rep": profile.struct_iters,
        "reps": profile.struct_reps,
        "body_bytes": len(body),
    }
    return [
        ScenarioResult(
            key="structuring",
            title=f"4. Structuring {profile.struct_items:,} serverImageList items from dicts",
            unit="µs/response",
            contenders=dicts,
            ratios=[
                Ratio.of(f"{n} / floor", s, dicts[FLOOR], 2.0 if n.startswith("aiocdss") else None)
                for n, s in dicts.items()
                if n != FLOOR
            ],
            params=params,
            notes=["Floor: ServerImage(...) per item with no type checks; aiocdss checks types."],
        ),
        ScenarioResult(
            key="decoding",
            title=f"4b. Decoding the {len(body):,}-byte response body into models",
            unit="µs/response",
            contenders=raw,
            ratios=[
                Ratio.of(f"{n} / floor", s, raw[FLOOR_BODY])
                for n, s in raw.items()
                if n != FLOOR_BODY
            ],
            params=params,
            notes=["aiocdss decode includes json.loads, envelope checks and error detection."],
        ),
    ]
