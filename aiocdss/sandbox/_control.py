"""The control endpoints, for a sandbox run from the command line: faults, the request
log and the clock, under `/_sandbox/` (which no region prefix can collide with, as all
of them start with `/api/`). They are not signed and answer loopback clients only.

    GET    /_sandbox            site, regions, access key, connections, clock offset
    GET    /_sandbox/faults     active faults
    POST   /_sandbox/faults     inject: a JSON object with `Sandbox.inject`'s arguments
    DELETE /_sandbox/faults     clear every fault
    GET    /_sandbox/requests   the request log (signatures redacted)
    DELETE /_sandbox/requests   empty the request log
    GET    /_sandbox/clock      {"offset": seconds}
    PUT    /_sandbox/clock      {"offset": seconds}: skew the gateway clock
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import attrs
from aiohttp import web
from aiohttp.typedefs import Handler

from ._core import SandboxCore
from ._faults import Fault, FaultEffects

CONTROL_PREFIX = "/_sandbox"

_INJECT_ARGS = frozenset({"region", "operation", *FaultEffects.__optional_keys__})


def fault_to_json(fault: Fault) -> dict[str, Any]:
    """A fault as the control API shows it (public fields, the region as its code)."""
    data = attrs.asdict(fault, filter=lambda a, _: not a.name.startswith("_"))
    data["region"] = fault.region.code if fault.region else None
    return data


def add_control_routes(router: web.UrlDispatcher, core: SandboxCore) -> None:
    """Register the control endpoints on `router`, each one loopback-only."""
    control = _Control(core)
    routes = [
        ("GET", "", control.info),
        ("GET", "/faults", control.list_faults),
        ("POST", "/faults", control.add_fault),
        ("DELETE", "/faults", control.clear_faults),
        ("GET", "/requests", control.list_requests),
        ("DELETE", "/requests", control.clear_requests),
        ("GET", "/clock", control.get_clock),
        ("PUT", "/clock", control.set_clock),
    ]
    for method, path, handler in routes:
        router.add_route(method, CONTROL_PREFIX + path, _loopback_only(handler))


def _loopback_only(handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        if not _is_loopback(request.remote):
            return _error(403, "the sandbox control endpoints answer loopback clients only")
        return await handler(request)

    return guarded


def _is_loopback(remote: str | None) -> bool:
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback  # an IPv4 client of a dual-stack socket
    return address.is_loopback


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        raise ValueError("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


class _Control:
    """The control endpoints' handlers over one `SandboxCore`."""

    def __init__(self, core: SandboxCore) -> None:
        self.core = core

    async def info(self, request: web.Request) -> web.Response:
        core = self.core
        return web.json_response(
            {
                "site": core.site.name.lower(),
                "regions": {r.code: r.prefix for r in core.site.regions},
                "access_key": core.access_key,
                "connections": core.connections,
                "clock_offset": core.clock_offset,
                "faults": len(core.faults.active()),
                "requests": len(core.requests),
            }
        )

    async def list_faults(self, request: web.Request) -> web.Response:
        return web.json_response([fault_to_json(f) for f in self.core.faults.active()])

    async def add_fault(self, request: web.Request) -> web.Response:
        try:
            args = await _json_object(request)
            unknown = sorted(set(args) - _INJECT_ARGS)
            if unknown:
                raise ValueError(
                    f"unknown argument(s) {', '.join(unknown)}; "
                    f"allowed: {', '.join(sorted(_INJECT_ARGS))}"
                )
            fault = self.core.inject(**args)
        except ValueError as exc:
            return _error(400, str(exc))
        return web.json_response(fault_to_json(fault), status=201)

    async def clear_faults(self, request: web.Request) -> web.Response:
        return web.json_response({"cleared": self.core.faults.clear()})

    async def list_requests(self, request: web.Request) -> web.Response:
        return web.json_response([r.to_json() for r in list(self.core.requests)])

    async def clear_requests(self, request: web.Request) -> web.Response:
        count = len(self.core.requests)
        self.core.requests.clear()
        return web.json_response({"cleared": count})

    async def get_clock(self, request: web.Request) -> web.Response:
        return web.json_response({"offset": self.core.clock_offset})

    async def set_clock(self, request: web.Request) -> web.Response:
        try:
            offset = (await _json_object(request)).get("offset")
            if not isinstance(offset, int | float) or isinstance(offset, bool):
                raise ValueError('expected {"offset": <seconds>}')
        except ValueError as exc:
            return _error(400, str(exc))
        self.core.clock_offset = float(offset)
        return web.json_response({"offset": self.core.clock_offset})
