"""`Sandbox`: the embedded CDSS as a real HTTP server on loopback, run on the caller's
event loop (`async with`), on its own loop in a daemon thread (`running_in_thread`), or
from the command line (`serve_forever`)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Self, TextIO, Unpack

from aiohttp import web

from .._client import CdssClient
from .._credentials import Credentials
from .._regions import Region, Site
from ._app import build_app
from ._control import CONTROL_PREFIX
from ._core import RecordedRequest, SandboxCore
from ._faults import Fault, FaultEffects
from ._state import RegionState

#: Seconds the server waits for in-flight requests when it stops.
SHUTDOWN_TIMEOUT = 1.0


class Sandbox:
    """A local NCP API Gateway + CDSS for one site, all its regions on one port under
    their real prefixes; it checks signatures like the gateway and can inject faults.

        async with Sandbox() as sb:
            async with sb.client() as client:
                images = await client.region("KR").get_cluster_server_image_list()

    The key pair is generated unless both keys are given. `state` is the seeded
    in-memory data (mutable), `requests` the log of requests the gateway saw and
    `connections` the number of TCP connections accepted. Give `host` as an IP address.
    """

    def __init__(
        self,
        *,
        site: Site | str = "public",
        host: str = "127.0.0.1",
        port: int = 0,
        access_key: str | None = None,
        secret_key: str | None = None,
    ) -> None:
        self._core = SandboxCore.create(site, access_key, secret_key)
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self._endpoint: str | None = None

    def __repr__(self) -> str:
        where = self._endpoint or "not started"
        return f"Sandbox(site={self.site.name.lower()!r}, endpoint={where!r})"

    # --- what a test reads and changes ---------------------------------------------------

    @property
    def site(self) -> Site:
        return self._core.site

    @property
    def endpoint(self) -> str:
        """The base URL to pass as `CdssClient(endpoint=...)`, e.g. `http://127.0.0.1:8080`."""
        if self._endpoint is None:
            raise RuntimeError("the sandbox is not started; use `async with Sandbox()`")
        return self._endpoint

    @property
    def access_key(self) -> str:
        return self._core.access_key

    @property
    def secret_key(self) -> str:
        return self._core.secret_key

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.access_key, self.secret_key, source="sandbox")

    @property
    def state(self) -> dict[Region, RegionState]:
        """The in-memory data of each region; change it to change what the API returns."""
        return self._core.state

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request the gateway saw, in order (clear it with `requests.clear()`)."""
        return self._core.requests

    @property
    def connections(self) -> int:
        """TCP connections accepted so far (exact: counted as each one is accepted)."""
        return self._core.connections

    @property
    def clock_offset(self) -> float:
        """Seconds added to the gateway clock: it moves the timestamp window and `Date`."""
        return self._core.clock_offset

    @clock_offset.setter
    def clock_offset(self, seconds: float) -> None:
        self._core.clock_offset = float(seconds)

    @property
    def faults(self) -> list[Fault]:
        """The active faults, in the order they apply."""
        return self._core.faults.active()

    def client(self, **kwargs: Any) -> CdssClient:
        """A `CdssClient` for this sandbox (site, endpoint, credentials); `kwargs` are
        passed on and may override any of them."""
        options: dict[str, Any] = {
            "site": self.site,
            "endpoint": self.endpoint,
            "credentials": self.credentials,
        }
        return CdssClient(**{**options, **kwargs})

    def inject(
        self,
        region: Region | str | None = None,
        operation: str | None = None,
        **effects: Unpack[FaultEffects],
    ) -> Fault:
        """Make requests misbehave, after the gateway has accepted their signature.

        `region` (a `Region` or code) and `operation` (API name) select the requests;
        None selects all. Effects (one outcome per fault, latency combines with any):

        - `latency`: seconds to wait before answering;
        - `statuses`: gateway errors to answer with, one per request, in order (e.g.
          `[503, 503]`), with `retry_after` whole seconds in a `Retry-After` header;
        - `resets`: that many requests get their connection closed with no response;
        - `rate_limit`: `(n, per_seconds)` token bucket, then 429 with `Retry-After`;
        - `malformed`: `"html"` (a 200 HTML page), `"truncated"` (JSON cut in half),
          `"wrong_schema"` (valid envelope, wrong field types) or `"truncated_payload"`
          (`Content-Length` promises more than is sent, then the connection closes);
        - `times`: how many requests it applies to (statuses and resets count
          themselves; other faults last until `clear_faults()`).

        Safe to call from any thread. Returns the `Fault` (its `applied` counts uses).
        """
        return self._core.inject(region, operation, **effects)

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        self._core.faults.clear()

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> Self:
        """Listen on `host:port` (port 0 picks a free one) on the running event loop."""
        if self._runner is not None:
            raise RuntimeError("the sandbox is already running")
        runner = web.AppRunner(
            build_app(self._core),
            handle_signals=False,
            access_log=None,
            handler_cancellation=True,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        server = runner.server
        assert server is not None

        def accept() -> asyncio.BaseProtocol:
            self._core.connections += 1
            return server()

        try:
            listener = await asyncio.get_running_loop().create_server(accept, self.host, self.port)
        except BaseException:
            await runner.cleanup()
            raise
        self._runner, self._listener = runner, listener
        self.port = listener.sockets[0].getsockname()[1]
        self._endpoint = f"http://{_url_host(self.host)}:{self.port}"
        return self

    async def stop(self) -> None:
        """Stop listening, close every connection and wait for it; idempotent."""
        runner, listener = self._runner, self._listener
        self._runner = self._listener = None
        if listener is not None:
            listener.close()
        if runner is not None:
            await runner.cleanup()
        if listener is not None:
            await listener.wait_closed()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @classmethod
    @contextlib.contextmanager
    def running_in_thread(cls, **kwargs: Any) -> Iterator[Self]:
        """Run a sandbox on its own event loop in a daemon thread, for synchronous code and
        for tests on any event loop; `kwargs` go to `Sandbox(...)`.

            with Sandbox.running_in_thread() as sb:
                ...  # sb.endpoint is live; sb.inject(...) is thread-safe
        """
        sandbox = cls(**kwargs)
        started: concurrent.futures.Future[Callable[[], object]] = concurrent.futures.Future()
        finished: concurrent.futures.Future[None] = concurrent.futures.Future()

        def main() -> None:
            try:
                asyncio.run(_serve_until_stopped(sandbox, started))
            except BaseException as exc:  # reported to the caller's thread below
                if not started.done():
                    started.set_exception(exc)
                finished.set_exception(exc)
            else:
                finished.set_result(None)

        thread = threading.Thread(target=main, name="aiocdss-sandbox", daemon=True)
        thread.start()
        try:
            request_stop = started.result()
        except BaseException:
            thread.join()
            raise
        try:
            yield sandbox
        finally:
            request_stop()
            thread.join()
            finished.result()


async def _serve_until_stopped(
    sandbox: Sandbox, started: concurrent.futures.Future[Callable[[], object]]
) -> None:
    """Start `sandbox`, hand the caller a thread-safe stop function, serve until it is
    called, then stop."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    async with sandbox:
        started.set_result(lambda: loop.call_soon_threadsafe(stopping.set))
        await stopping.wait()


def _url_host(host: str) -> str:
    """The host to put in the endpoint URL (a wildcard address means loopback)."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def describe(sandbox: Sandbox) -> str:
    """What the command line prints about a running sandbox: endpoint, key pair (a
    throwaway pair of this sandbox only; this is the one place the secret is shown),
    shell exports and the control endpoint."""
    regions = ", ".join(f"{r.code} ({r.prefix})" for r in sandbox.site.regions)
    return (
        f"aiocdss sandbox: {sandbox.site.name.lower()} site, regions {regions}\n"
        f"endpoint: {sandbox.endpoint}\n"
        f"access_key: {sandbox.access_key}\n"
        f"secret_key: {sandbox.secret_key}\n"
        f"export NCLOUD_ACCESS_KEY_ID={sandbox.access_key} "
        f"NCLOUD_SECRET_ACCESS_KEY={sandbox.secret_key}\n"
        f"control: {sandbox.endpoint}{CONTROL_PREFIX} "
        "(faults, requests, clock; loopback clients only)\n"
    )


async def serve_forever(
    host: str = "127.0.0.1",
    port: int = 8080,
    site: Site | str = "public",
    access_key: str | None = None,
    secret_key: str | None = None,
    *,
    stream: TextIO | None = None,
    ready: Callable[[Sandbox], object] | None = None,
) -> None:
    """Run a sandbox until cancelled (the CLI's `aiocdss sandbox`): print `describe(...)`
    to `stream` (stdout by default), call `ready(sandbox)`, then serve forever.

        asyncio.run(serve_forever(port=8080))   # Ctrl-C stops it
    """
    out = sys.stdout if stream is None else stream
    async with Sandbox(
        site=site, host=host, port=port, access_key=access_key, secret_key=secret_key
    ) as sandbox:
        out.write(describe(sandbox))
        out.flush()
        if ready is not None:
            ready(sandbox)
        await asyncio.get_running_loop().create_future()
