"""The only module that touches aiohttp: the pooled session, per-call deadline, signing of
every attempt, retries, clock-offset learning, and aiohttp exceptions mapped to
`TransportError`."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import aiohttp
from yarl import URL

from ._credentials import Credentials
from ._decode import decode
from ._errors import (
    AuthenticationError,
    CdssError,
    DeadlineExceededError,
    InvalidParameterError,
    TransportError,
)
from ._operations import Operation, PreparedRequest
from ._regions import Region
from ._retry import RetryPolicy, clock_offset
from ._signing import Signer
from ._version import __version__

T = TypeVar("T")
log = logging.getLogger("aiocdss")

USER_AGENT = f"aiocdss/{__version__} aiohttp/{aiohttp.__version__}"


class Transport:
    """Sends prepared requests for every region of a client over one connection pool."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        endpoint: str | None = None,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        timeout: float | None = 30.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not isinstance(max_connections, int) or max_connections < 1:
            raise InvalidParameterError(
                f"max_connections must be an int >= 1, got {max_connections!r}"
            )
        if timeout is not None and not timeout > 0:
            raise InvalidParameterError(f"timeout must be > 0 seconds or None, got {timeout!r}")
        if not connect_timeout > 0:
            raise InvalidParameterError(
                f"connect_timeout must be > 0 seconds, got {connect_timeout!r}"
            )
        self._signer = Signer(credentials.access_key, credentials.secret_key)
        self._endpoint = _check_endpoint(endpoint) if endpoint else None
        self._session = session
        self._owns_session = session is None
        self._max_connections = max_connections
        # Calls wait here, first come first served, rather than in aiohttp's connector queue,
        # where a waiter can lose every freed connection to a busy caller's next request
        # (measured: p99 = the whole burst at 5x the pool). Held per attempt, not in backoff.
        self._gate = asyncio.Semaphore(max_connections)
        self._timeout = timeout
        self._attempt_timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout)
        self._retry = retry or RetryPolicy()
        self._clock = clock
        self._rng = rng
        self.clock_offset = 0.0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def base_url(self, region: Region) -> str:
        return self._endpoint or f"https://{region.site.host}"

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError("this CdssClient is closed")
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                limit_per_host=0,
                ttl_dns_cache=300,
                keepalive_timeout=30,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._attempt_timeout,
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            )
            # aiohttp re-sends a GET/PUT/DELETE once when a kept-alive connection turns out
            # dead, behind the retry policy's back; CDSS has state-changing GETs and DELETEs,
            # so whether to re-send is decided per operation here, never by aiohttp.
            self._session._retry_connection = False
        elif self._session.closed:
            raise RuntimeError("the aiohttp session passed as session= is closed")
        return self._session

    async def close(self) -> None:
        """Close the pool if this transport created it; idempotent."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and self._owns_session and not session.closed:
            await session.close()

    async def send(self, op: Operation[T], prepared: PreparedRequest) -> T:
        """Send with retries inside the call's total deadline; return the decoded result."""
        session = self._get_session()
        loop = asyncio.get_running_loop()
        last: CdssError | None = None
        attempt = 0
        skew_fixed = False
        try:
            async with asyncio.timeout(self._timeout) as scope:
                while True:
                    attempt += 1
                    headers: Mapping[str, str] = {}
                    try:
                        async with self._gate:
                            status, headers, body = await self._once(session, prepared, attempt)
                        return decode(op, prepared.region, status, headers, body)
                    except AuthenticationError as exc:
                        last = exc
                        if skew_fixed or not self._learn_clock_offset(headers):
                            raise
                        skew_fixed = True
                        attempt -= 1  # the skew retry does not use up an attempt
                    except CdssError as exc:
                        last = exc
                        deadline = scope.when()
                        delay = self._retry.next_delay(
                            retry_safe=op.retry_safe,
                            attempt=attempt,
                            error=exc,
                            remaining=None if deadline is None else deadline - loop.time(),
                            random=self._rng,
                        )
                        if delay is None:
                            raise
                        log.info(
                            "aiocdss: %s %s attempt %d failed (%s); retrying in %.3fs",
                            prepared.operation,
                            prepared.region,
                            attempt,
                            type(exc).__name__,
                            delay,
                        )
                        await asyncio.sleep(delay)
        except TimeoutError:
            if not scope.expired():
                raise
            raise DeadlineExceededError(
                f"call did not complete within timeout={self._timeout}s"
                + (f" (last error: {last})" if last else ""),
                reason="deadline",
                region=prepared.region,
                operation=prepared.operation,
            ) from last

    def _learn_clock_offset(self, headers: Mapping[str, str]) -> bool:
        """After a 401: adopt the gateway's clock if its `Date` shows ours is far off."""
        offset = clock_offset(headers.get("Date"), self._now())
        if offset is None:
            return False
        self.clock_offset += offset
        log.warning(
            "aiocdss: local clock is %.1fs %s the gateway's; re-signing with the offset",
            abs(offset),
            "behind" if offset > 0 else "ahead of",
        )
        return True

    def _now(self) -> float:
        return self._clock() + self.clock_offset

    async def _once(
        self, session: aiohttp.ClientSession, prepared: PreparedRequest, attempt: int
    ) -> tuple[int, Mapping[str, str], bytes]:
        headers = self._signer.headers(prepared.method, prepared.target, int(self._now() * 1000))
        if prepared.body is not None:
            headers.update(prepared.headers)
        url = _url(self.base_url(prepared.region), prepared.target)
        debug = log.isEnabledFor(logging.DEBUG)
        started = time.perf_counter() if debug else 0.0
        try:
            async with session.request(
                prepared.method,
                url,
                data=prepared.body,
                headers=headers,
                timeout=self._attempt_timeout,
                allow_redirects=False,
            ) as resp:
                body = await resp.read()
                status, resp_headers = resp.status, resp.headers
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The call's own deadline arrives here as CancelledError, never as TimeoutError.
            raise _transport_error(exc, prepared) from exc
        if debug:
            log.debug(
                "aiocdss: %s %s -> %d in %.1f ms (%s, attempt %d)",
                prepared.method,
                prepared.target,
                status,
                (time.perf_counter() - started) * 1000,
                prepared.region,
                attempt,
            )
        return status, resp_headers, body


@functools.lru_cache(maxsize=512)
def _url(base: str, target: str) -> URL:
    """The URL sent for a signed target, byte for byte (URLs are immutable, so shared)."""
    return URL(base + target, encoded=True)


def _transport_error(exc: BaseException, prepared: PreparedRequest) -> TransportError:
    """Classify an aiohttp failure: whether the request may have reached the server."""
    kind, sent = _classify(exc)
    return TransportError(
        f"{kind}: {type(exc).__name__}: {exc}".rstrip(": "),
        reason=kind,
        request_sent=sent,
        region=prepared.region,
        operation=prepared.operation,
    )


def _classify(exc: BaseException) -> tuple[str, bool]:
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "connect", False
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "connect", False
    if isinstance(exc, aiohttp.ClientPayloadError):
        return "payload", True
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
        return "reset", True
    if isinstance(exc, TimeoutError):
        return "timeout", True
    return "http", True


def _check_endpoint(endpoint: str) -> str:
    url = URL(endpoint)
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidParameterError(
            "endpoint must be an absolute http(s) URL such as 'http://127.0.0.1:8080', "
            f"got {endpoint!r}"
        )
    if url.path not in ("", "/") or url.query_string:
        raise InvalidParameterError(
            f"endpoint replaces scheme and host only (region prefixes are kept); "
            f"drop the path from {endpoint!r}"
        )
    return str(url.origin())
