"""The aiohttp application: routes derived from the SDK's operation table under every
region prefix of the site, the gateway checks, fault injection and the request log.

Every gateway response carries a `Date` header from the sandbox clock (with its offset)
and an `x-ncp-trace-id` equal to the envelope's `requestId`.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
import uuid
from typing import Any

import attrs
from aiohttp import web
from aiohttp.typedefs import Handler

from .._operations import OPERATIONS, Operation
from .._regions import Region
from ._control import add_control_routes
from ._core import RecordedRequest, SandboxCore, redact
from ._faults import Decision
from ._gateway import authenticate, gateway_error
from ._handlers import EXTRA_METHODS, HANDLERS, CdssApiError
from ._wire import HTML_PAGE, JSON_TYPE, corrupt_result, cut, dumps, envelope, error_envelope

TRACE_HEADER = "x-ncp-trace-id"


def build_app(core: SandboxCore) -> web.Application:
    """The sandbox application for `core.site`: one route per (region, operation, method),
    the control endpoints under `/_sandbox/`, and the gateway's 404 for everything else."""
    app = web.Application()
    gateway = _Gateway(core)
    add_control_routes(app.router, core)
    for region in core.site.regions:
        for op in OPERATIONS.values():
            if op.name not in HANDLERS:
                continue
            for method in (op.method, *EXTRA_METHODS.get(op.name, ())):
                app.router.add_route(method, region.prefix + op.path, gateway.operation(region, op))
    app.router.add_route("*", "/{tail:.*}", gateway.not_found)
    app.on_response_prepare.append(gateway.stamp_date)
    return app


@attrs.define
class _Exchange:
    """One request as the request log sees it, filled in while it is answered."""

    region: Region | None
    operation: str | None
    request_id: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    decision: Decision = attrs.field(factory=Decision)
    response: web.StreamResponse | None = None  # None: nothing was sent

    def record(self, request: web.Request) -> RecordedRequest:
        return RecordedRequest(
            region=self.region,
            operation=self.operation,
            method=request.method,
            target=request.raw_path,
            status=None if self.response is None else self.response.status,
            headers=redact(request.headers),
            request_id=self.request_id,
            fault=self.decision.label,
        )


class _Gateway:
    """Request handling for the region prefixes: authenticate, apply faults, answer, and
    record every exchange in `core.requests`."""

    def __init__(self, core: SandboxCore) -> None:
        self.core = core

    async def stamp_date(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Date"] = email.utils.formatdate(self.core.now(), usegmt=True)

    async def not_found(self, request: web.Request) -> web.StreamResponse:
        exchange = _Exchange(_region_of(self.core, request.path), None)
        response = exchange.response = _json(404, gateway_error(404), exchange.request_id)
        self.core.requests.append(exchange.record(request))
        return response

    def operation(self, region: Region, op: Operation[Any]) -> Handler:
        """The aiohttp handler of `op` in `region`."""

        async def handle(request: web.Request) -> web.StreamResponse:
            exchange = _Exchange(region, op.name)
            try:
                exchange.response = await self._answer(request, region, op, exchange)
                # After a reset nothing reaches the client; aiohttp drops this placeholder.
                return exchange.response if exchange.response is not None else web.Response()
            finally:  # also when the client leaves during an injected latency
                self.core.requests.append(exchange.record(request))

        return handle

    async def _answer(
        self, request: web.Request, region: Region, op: Operation[Any], exchange: _Exchange
    ) -> web.StreamResponse | None:
        core = self.core
        rid = exchange.request_id
        refused = authenticate(
            request.method, request.raw_path, request.headers, core.keys, core.now()
        )
        if refused is not None:
            return _json(401, gateway_error(401, refused), rid)
        decision = exchange.decision = core.faults.decide(region, op.name, time.monotonic())
        if decision.latency:
            await asyncio.sleep(decision.latency)
        if decision.reset:
            if request.transport is not None:
                request.transport.close()
            return None
        if decision.status is not None:
            retry_after = decision.retry_after
            headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
            return _json(decision.status, gateway_error(decision.status), rid, headers)
        status, doc = await _call_handler(request, core, region, op, rid)
        return await _malformed(request, decision, status, doc, rid)


async def _call_handler(
    request: web.Request, core: SandboxCore, region: Region, op: Operation[Any], rid: str
) -> tuple[int, dict[str, Any]]:
    """The operation's envelope: success, or the error envelope for a refused request."""
    try:
        params = {**request.query, **await _json_body(request), **request.match_info}
        result = HANDLERS[op.name](core.state[region], params)
    except CdssApiError as exc:
        return exc.status, error_envelope(exc.code, exc.message, rid)
    return 200, envelope(result, rid)


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read() if request.body_exists else b""
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise CdssApiError("Invalid request body: not JSON") from None
    if not isinstance(body, dict):
        raise CdssApiError("Invalid request body: expected a JSON object")
    return body


async def _malformed(
    request: web.Request, decision: Decision, status: int, doc: dict[str, Any], rid: str
) -> web.StreamResponse:
    """The response as injected: the real one, or one of the malformed variants."""
    kind = decision.malformed
    if kind == "html":
        return _response(200, HTML_PAGE, "text/html", rid)
    if kind == "wrong_schema":
        doc = corrupt_result(doc)
    body = dumps(doc)
    if kind == "truncated":
        return _response(status, cut(body), JSON_TYPE, rid)
    if kind == "truncated_payload":
        return await _send_truncated_payload(request, status, body, rid)
    return _response(status, body, JSON_TYPE, rid)


async def _send_truncated_payload(
    request: web.Request, status: int, body: bytes, rid: str
) -> web.StreamResponse:
    """Promise the whole body in Content-Length, send half of it, then close the
    connection: the client sees an incomplete payload."""
    response = web.StreamResponse(status=status, headers={TRACE_HEADER: rid})
    response.content_type = JSON_TYPE
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(cut(body))
    if request.transport is not None:
        request.transport.close()
    return response


def _json(
    status: int, doc: dict[str, Any], rid: str, headers: dict[str, str] | None = None
) -> web.Response:
    return _response(status, dumps(doc), JSON_TYPE, rid, headers)


def _response(
    status: int, body: bytes, content_type: str, rid: str, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        status=status,
        body=body,
        content_type=content_type,
        charset="utf-8",
        headers={TRACE_HEADER: rid, **(headers or {})},
    )


def _region_of(core: SandboxCore, path: str) -> Region | None:
    for region in core.site.regions:
        if path == region.prefix or path.startswith(region.prefix + "/"):
            return region
    return None
