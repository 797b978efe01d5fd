"""The public surface: `CdssClient` (fan-out over regions, one pool) and `RegionClient`
(one region, every operation as a typed method)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable, Sequence
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp

from . import _operations as ops
from ._credentials import Credentials, resolve_credentials
from ._errors import CdssError
from ._operations import Operation
from ._regions import Region, Site, resolve_region
from ._results import RegionResults
from ._retry import RetryPolicy
from ._transport import Transport
from .models import KafkaVersion, ServerGeneration, ServerImage

T = TypeVar("T")


class RegionClient:
    """Every CDSS operation for one region; obtained from `CdssClient.region(code)`."""

    def __init__(self, transport: Transport, region: Region) -> None:
        self._transport = transport
        self.region = region

    def __repr__(self) -> str:
        return f"RegionClient({self.region!r})"

    def _call(self, op: Operation[T], **args: Any) -> Coroutine[Any, Any, T]:
        # Not a coroutine itself: one frame fewer on every call and every resume.
        return self._transport.send(op, op.prepare(self.region, args))

    async def get_cluster_server_image_list(
        self, *, generation_code: str | None = None
    ) -> list[ServerImage]:
        """OS images for 3rd-generation (KVM) nodes (`getClusterServerImageList`)."""
        return await self._call(ops.GET_CLUSTER_SERVER_IMAGE_LIST, generation_code=generation_code)

    async def get_server_generation_list(self) -> list[ServerGeneration]:
        """Hypervisor types and server generations (`getServerGenerationList`)."""
        return await self._call(ops.GET_SERVER_GENERATION_LIST)

    async def get_cdss_version_list(self) -> list[KafkaVersion]:
        """Available CDSS (Kafka) versions (`getCDSSVersionList`)."""
        return await self._call(ops.GET_CDSS_VERSION_LIST)


class CdssClient:
    """An async CDSS client for one site: one aiohttp pool shared by all its regions.

    Read operations called on the client run in every selected region concurrently and
    return a `RegionResults`; `region(code)` gives a `RegionClient` for a single region.
    """

    def __init__(
        self,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        credentials: Credentials | None = None,
        profile: str | None = None,
        site: Site | str | None = None,
        regions: Iterable[Region | str] | None = None,
        endpoint: str | None = None,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        timeout: float | None = 30.0,
        connect_timeout: float = 10.0,
        max_attempts: int = 3,
        retry: RetryPolicy | None = None,
    ) -> None:
        creds = resolve_credentials(
            access_key=access_key, secret_key=secret_key, credentials=credentials, profile=profile
        )
        self.site = Site.parse(site) if site is not None else _site_from_api_url(creds.api_url)
        chosen = self.site.regions if regions is None else _unique(regions)
        self.regions: tuple[Region, ...] = tuple(resolve_region(self.site, r) for r in chosen)
        self._transport = Transport(
            creds,
            endpoint=endpoint,
            session=session,
            max_connections=max_connections,
            timeout=timeout,
            connect_timeout=connect_timeout,
            retry=retry or RetryPolicy(max_attempts=max_attempts),
        )
        self._region_clients = {r: RegionClient(self._transport, r) for r in self.site.regions}

    def __repr__(self) -> str:
        codes = ", ".join(r.code for r in self.regions)
        return f"CdssClient(site={self.site.name.lower()!r}, regions=[{codes}])"

    async def __aenter__(self) -> CdssClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Release the connection pool (a caller's own `session=` is left open). Idempotent."""
        await self._transport.close()

    @property
    def closed(self) -> bool:
        return self._transport.closed

    def region(self, code: Region | str) -> RegionClient:
        """The client for one region of this site; `code` is case-insensitive."""
        return self._region_clients[resolve_region(self.site, code)]

    async def _fan_out(self, op: Operation[T], **args: Any) -> RegionResults[T]:
        prepared = [op.prepare(region, args) for region in self.regions]  # bad input fails here
        tasks = [asyncio.ensure_future(_settle(self._transport.send(op, p))) for p in prepared]
        try:
            outcomes = await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        ok: dict[Region, T] = {}
        errors: dict[Region, CdssError] = {}
        for region, outcome in zip(self.regions, outcomes, strict=True):
            if isinstance(outcome, CdssError):
                errors[region] = outcome
            else:
                ok[region] = outcome
        return RegionResults(list(self.regions), ok, errors)

    async def get_cluster_server_image_list(
        self, *, generation_code: str | None = None
    ) -> RegionResults[list[ServerImage]]:
        """`getClusterServerImageList` in every region, concurrently."""
        return await self._fan_out(
            ops.GET_CLUSTER_SERVER_IMAGE_LIST, generation_code=generation_code
        )

    async def get_server_generation_list(self) -> RegionResults[list[ServerGeneration]]:
        """`getServerGenerationList` in every region, concurrently."""
        return await self._fan_out(ops.GET_SERVER_GENERATION_LIST)

    async def get_cdss_version_list(self) -> RegionResults[list[KafkaVersion]]:
        """`getCDSSVersionList` in every region, concurrently."""
        return await self._fan_out(ops.GET_CDSS_VERSION_LIST)


async def _settle(call: Any) -> Any:
    """Await one region's call, turning its `CdssError` into a value so it never cancels or
    hides the other regions; anything else (a bug, cancellation) propagates."""
    try:
        return await call
    except CdssError as exc:
        return exc


def _unique(regions: Iterable[Region | str]) -> Sequence[Region | str]:
    if isinstance(regions, str | Region):
        regions = [regions]
    seen: list[Region | str] = []
    for r in regions:
        if r not in seen:
            seen.append(r)
    return seen


def _site_from_api_url(api_url: str | None) -> Site:
    """Pick the site from a profile's `ncloud_api_url` (gov hosts end in gov-ntruss.com)."""
    host = urlsplit(api_url).hostname or "" if api_url else ""
    return Site.GOV if host.endswith("gov-ntruss.com") else Site.PUBLIC
