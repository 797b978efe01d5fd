"""The data a running sandbox serves and records: site, key pair, region state, faults,
clock offset, request log and connection count. No I/O; the aiohttp app reads it and the
`Sandbox` facade exposes it."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any, Unpack

import attrs

from .._regions import Region, Site, resolve_region
from .._signing import SIGNATURE_HEADER
from ._faults import Fault, FaultEffects, FaultPlan
from ._state import RegionState, seed_site

#: Request headers whose values the request log replaces with this marker.
REDACTED = "<redacted>"
_SENSITIVE_HEADERS = frozenset({SIGNATURE_HEADER, "authorization", "cookie"})


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One request that reached the gateway (control endpoints are not recorded).

    `region` and `operation` are None for a path the gateway does not know; `status` is
    None when no response was sent (a reset, or the client went away first); `fault`
    describes what was injected; `headers` are the request's, the signature redacted.
    """

    region: Region | None
    operation: str | None
    method: str
    target: str
    status: int | None
    headers: Mapping[str, str]
    request_id: str
    fault: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (the region as its code), as `GET /_sandbox/requests` shows it."""
        data = attrs.asdict(self, recurse=False)
        data["region"] = self.region.code if self.region else None
        data["headers"] = dict(self.headers)
        return data


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of request headers fit for a log: credentials' values are replaced."""
    return {k: REDACTED if k.lower() in _SENSITIVE_HEADERS else v for k, v in headers.items()}


@attrs.define
class SandboxCore:
    """Everything one sandbox knows; `keys` maps its access key to its secret key."""

    site: Site
    access_key: str
    secret_key: str
    state: dict[Region, RegionState]
    faults: FaultPlan = attrs.field(factory=FaultPlan)
    requests: list[RecordedRequest] = attrs.field(factory=list)
    clock_offset: float = 0.0
    connections: int = 0

    @classmethod
    def create(
        cls, site: Site | str, access_key: str | None = None, secret_key: str | None = None
    ) -> SandboxCore:
        """A freshly seeded core; keys are generated unless both are given."""
        if (access_key is None) != (secret_key is None):
            raise ValueError("give both access_key and secret_key, or neither")
        parsed = Site.parse(site)
        return cls(
            parsed,
            access_key or secrets.token_hex(10).upper(),
            secret_key or secrets.token_hex(20),
            seed_site(parsed),
        )

    @property
    def keys(self) -> dict[str, str]:
        return {self.access_key: self.secret_key}

    def now(self) -> float:
        """The gateway clock: local time plus `clock_offset`."""
        return time.time() + self.clock_offset

    def inject(
        self,
        region: Region | str | None = None,
        operation: str | None = None,
        **effects: Unpack[FaultEffects],
    ) -> Fault:
        """Add a fault (see `Sandbox.inject`); a region code is resolved for this site."""
        resolved = None if region is None else resolve_region(self.site, region)
        return self.faults.add(Fault(region=resolved, operation=operation, **effects))
