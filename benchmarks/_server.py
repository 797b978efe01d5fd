"""A loopback CDSS stand-in in its own process: fixed body, optional delay, exact counters.

It answers every path under the region prefixes with the same JSON body and does NOT
verify signatures (the bare-aiohttp floor sends none), so both contenders hit the same
handler. Connections are counted in the protocol factory: one call per accepted TCP
connection.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import socket
import time
from typing import Any

from benchmarks._fixtures import REGION_PREFIXES

_PREFIXES = tuple(p + "/" for p in REGION_PREFIXES)


class LoopbackServer:
    """Handle on the server process: its port, its counters and its delay setting."""

    def __init__(self, body: bytes) -> None:
        ctx = mp.get_context("spawn")
        self._port: Any = ctx.RawValue("i", 0)
        self._connections: Any = ctx.RawValue("q", 0)
        self._requests: Any = ctx.RawValue("q", 0)
        self._delay: Any = ctx.RawValue("d", 0.0)
        self._ready = ctx.Event()
        self._process = ctx.Process(
            target=_serve,
            args=(body, self._port, self._connections, self._requests, self._delay, self._ready),
            name="bench-server",
            daemon=True,
        )

    def __enter__(self) -> LoopbackServer:
        self._process.start()
        deadline = time.monotonic() + 30
        while not self._ready.wait(0.05):
            if not self._process.is_alive() or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(
                    f"the benchmark server did not start (exit code {self._process.exitcode})"
                )
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    @property
    def port(self) -> int:
        return int(self._port.value)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def connections(self) -> int:
        """TCP connections accepted since the last `reset()`."""
        return int(self._connections.value)

    @property
    def requests(self) -> int:
        return int(self._requests.value)

    def reset(self) -> None:
        self._connections.value = 0
        self._requests.value = 0

    def set_delay(self, seconds: float) -> None:
        """Delay every later response by `seconds` (0 for none)."""
        self._delay.value = seconds


def _serve(*shared: Any) -> None:
    """The server process's entry point: `_main` with the shared values, on a new loop."""
    asyncio.run(_main(*shared))


async def _main(
    body: bytes,
    port: Any,
    connections: Any,
    requests: Any,
    delay: Any,
    ready: Any,
) -> None:
    from aiohttp import web

    not_found = b'{"error":{"errorCode":"300","message":"Not Found Exception"}}'

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        requests.value += 1
        if not request.path.startswith(_PREFIXES):
            return web.Response(status=404, body=not_found, content_type="application/json")
        seconds = delay.value
        if seconds > 0:
            await asyncio.sleep(seconds)
        return web.Response(body=body, content_type="application/json")

    server = web.Server(handle)

    def protocol() -> Any:
        connections.value += 1
        return server()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    listener = await asyncio.get_running_loop().create_server(protocol, sock=sock, backlog=2048)
    port.value = sock.getsockname()[1]
    ready.set()
    async with listener:
        await asyncio.Event().wait()
