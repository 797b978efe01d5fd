"""The transport and fan-out against a real aiohttp server on 127.0.0.1 (the embedded
sandbox), which verifies every signature over the raw request target."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from aiocdss import (
    AuthenticationError,
    CdssClient,
    DeadlineExceededError,
    InvalidResponseError,
    PermissionDeniedError,
    Region,
    RetryPolicy,
    ServerError,
    ServerImage,
    ThrottledError,
    TransportError,
)
from aiocdss._operations import GET_SERVER_GENERATION_LIST, Operation, Param
from aiocdss.models import ServerGeneration
from aiocdss.sandbox import Sandbox

from ._recorded import DOCUMENTED_KR_IMAGES

FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002)
# the same request as getServerGenerationList, but declared unsafe to retry, like CDSS's
# state-changing GETs (restartKafkaService, enablePublicDomain, ...)
UNSAFE = attrs.evolve(GET_SERVER_GENERATION_LIST, retry_safe=False)


@pytest.fixture
async def sb() -> AsyncIterator[Sandbox]:
    async with Sandbox() as sandbox:
        yield sandbox


def attempts(sb: Sandbox, region: Region) -> list[Any]:
    return [r for r in sb.requests if r.region is region]


async def test_success_in_three_regions(sb: Sandbox) -> None:
    async with sb.client(retry=FAST_RETRY) as cdss:
        results = await cdss.get_cluster_server_image_list()
    assert list(results.ok) == [Region.KR, Region.SGN, Region.JPN]
    assert results.errors == {}
    assert results[Region.KR] == DOCUMENTED_KR_IMAGES
    assert all(isinstance(i, ServerImage) for i in results[Region.JPN])
    assert sorted(r.target for r in sb.requests) == [
        "/api/jpn-v1/cluster/getClusterServerImageList",
        "/api/sgn-v1/cluster/getClusterServerImageList",
        "/api/v1/cluster/getClusterServerImageList",
    ]


async def test_all_three_operations_in_one_region(sb: Sandbox) -> None:
    async with sb.client() as cdss:
        kr = cdss.region("kr")
        assert await kr.get_cluster_server_image_list(generation_code="G3") == DOCUMENTED_KR_IMAGES
        generations = await kr.get_server_generation_list()
        versions = await kr.get_cdss_version_list()
    assert ServerGeneration(hypervisor_code="KVM", generation_code="G3") in generations
    assert versions
    assert all(v.kafka_version_code.isdigit() for v in versions)
    assert sb.requests[0].target.endswith("?generationCode=G3")


async def test_one_region_failing_is_reported_beside_the_others(sb: Sandbox) -> None:
    sb.inject(region="SGN", statuses=[403])
    async with sb.client(retry=FAST_RETRY) as cdss:
        results = await cdss.get_cluster_server_image_list()
    assert list(results.ok) == [Region.KR, Region.JPN]
    error = results.errors[Region.SGN]
    assert isinstance(error, PermissionDeniedError)
    assert (error.status, error.region, error.operation) == (
        403,
        Region.SGN,
        "getClusterServerImageList",
    )
    with pytest.raises(PermissionDeniedError):
        results["SGN"]
    with pytest.raises(ExceptionGroup):
        results.raise_for_errors()


async def test_503_then_success_is_retried_and_re_signed(sb: Sandbox) -> None:
    sb.inject(region="KR", statuses=[503, 503])
    async with sb.client(retry=FAST_RETRY) as cdss:
        assert await cdss.region("KR").get_cluster_server_image_list() == DOCUMENTED_KR_IMAGES
    tries = attempts(sb, Region.KR)
    assert [t.status for t in tries] == [503, 503, 200]
    signatures = {t.headers.get("x-ncp-apigw-timestamp") for t in tries}
    assert len(signatures) == 3  # a fresh timestamp for every attempt


async def test_gives_up_after_max_attempts(sb: Sandbox) -> None:
    sb.inject(region="KR", statuses=[503, 503, 503, 503])
    async with sb.client(retry=FAST_RETRY) as cdss:
        with pytest.raises(ServerError) as info:
            await cdss.region("KR").get_cluster_server_image_list()
    assert info.value.status == 503
    assert info.value.code == "500"
    assert len(attempts(sb, Region.KR)) == 3


async def test_unsafe_operation_is_not_resent_after_a_reset(sb: Sandbox) -> None:
    # aiohttp on its own would silently re-send an idempotent-method request once
    async with sb.client(retry=FAST_RETRY) as cdss:
        await cdss.region("KR").get_server_generation_list()  # warm the pool
        sb.inject(region="KR", resets=1)
        with pytest.raises(TransportError) as info:
            await cdss.region("KR")._call(UNSAFE)
    assert info.value.reason == "reset"
    assert [t.status for t in attempts(sb, Region.KR)] == [200, None]


async def test_reset_then_success(sb: Sandbox) -> None:
    sb.inject(region="JPN", resets=1)
    async with sb.client(retry=FAST_RETRY) as cdss:
        images = await cdss.region("JPN").get_cluster_server_image_list()
    assert images
    assert [t.status for t in attempts(sb, Region.JPN)] == [None, 200]


async def test_truncated_payload_is_a_retried_transport_error(sb: Sandbox) -> None:
    sb.inject(region="KR", malformed="truncated_payload", times=1)
    async with sb.client(retry=FAST_RETRY) as cdss:
        assert await cdss.region("KR").get_cluster_server_image_list() == DOCUMENTED_KR_IMAGES
    assert len(attempts(sb, Region.KR)) == 2
    sb.inject(region="KR", malformed="truncated_payload")
    async with sb.client(retry=FAST_RETRY) as cdss:
        with pytest.raises(TransportError) as info:
            await cdss.region("KR").get_cluster_server_image_list()
    assert info.value.reason == "payload"
    assert info.value.region is Region.KR


async def test_throttled_with_retry_after_is_honoured(sb: Sandbox) -> None:
    sb.inject(region="KR", statuses=[429], retry_after=0)
    async with sb.client(retry=FAST_RETRY) as cdss:
        assert await cdss.region("KR").get_server_generation_list()
    assert [t.status for t in attempts(sb, Region.KR)] == [429, 200]
    sb.inject(region="KR", statuses=[429], retry_after=3600)
    async with sb.client(retry=FAST_RETRY) as cdss:
        with pytest.raises(ThrottledError) as info:
            await cdss.region("KR").get_server_generation_list()
    assert info.value.retry_after == 3600.0  # beyond the cap: fail at once, don't wait an hour


async def test_401_is_not_retried(sb: Sandbox) -> None:
    async with CdssClient(
        access_key=sb.access_key, secret_key="wrong", endpoint=sb.endpoint, retry=FAST_RETRY
    ) as cdss:
        with pytest.raises(AuthenticationError) as info:
            await cdss.region("KR").get_cluster_server_image_list()
    assert info.value.status == 401
    assert info.value.code == "200"
    assert len(sb.requests) == 1


@pytest.mark.parametrize("skew", [600.0, -600.0])
async def test_clock_skew_is_learned_and_corrected(
    sb: Sandbox, skew: float, caplog: pytest.LogCaptureFixture
) -> None:
    sb.clock_offset = skew
    async with sb.client(retry=RetryPolicy(max_attempts=1)) as cdss:
        assert await cdss.region("KR").get_cluster_server_image_list() == DOCUMENTED_KR_IMAGES
        assert [t.status for t in sb.requests] == [401, 200]
        assert abs(cdss._transport.clock_offset - skew) < 5
        await cdss.get_cluster_server_image_list()  # later calls sign right the first time
    assert [t.status for t in sb.requests[2:]] == [200, 200, 200]
    expected = "behind" if skew > 0 else "ahead of"
    assert "local clock is " in caplog.text
    assert f"s {expected} the gateway's" in caplog.text


async def test_skew_correction_happens_once(sb: Sandbox) -> None:
    sb.clock_offset = 600.0
    async with CdssClient(
        access_key=sb.access_key, secret_key="wrong", endpoint=sb.endpoint
    ) as cdss:
        with pytest.raises(AuthenticationError):
            await cdss.region("KR").get_server_generation_list()
    assert len(sb.requests) == 2


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("html", "HTML page"),
        ("truncated", "truncated or malformed JSON"),
        ("wrong_schema", "does not fit the model"),
    ],
)
async def test_garbage_bodies_become_invalid_response_errors(
    sb: Sandbox, kind: str, fragment: str
) -> None:
    sb.inject(region="SGN", malformed=kind)
    async with sb.client(retry=FAST_RETRY) as cdss:
        results = await cdss.get_cluster_server_image_list()
    error = results.errors[Region.SGN]
    assert isinstance(error, InvalidResponseError)
    assert fragment in error.message
    assert (error.region, error.operation, error.status) == (
        Region.SGN,
        "getClusterServerImageList",
        200,
    )
    if kind == "wrong_schema":
        assert error.request_id
        assert error.path is not None
        assert error.path.startswith("$.result.serverImageList[")
    assert len(attempts(sb, Region.SGN)) == 1  # a bad body is not retried
    assert set(results.ok) == {Region.KR, Region.JPN}


async def test_pool_is_reused_across_calls_and_regions(sb: Sandbox) -> None:
    async with sb.client() as cdss:
        for _ in range(20):
            await cdss.region("KR").get_server_generation_list()
        assert sb.connections == 1
        for _ in range(10):
            await cdss.get_server_generation_list()
    assert len(sb.requests) == 50
    assert sb.connections <= 3  # one pool for all regions: at most one per concurrent call


async def test_max_connections_bounds_the_pool(sb: Sandbox) -> None:
    sb.inject(latency=0.05)
    async with sb.client(max_connections=2) as cdss:
        await asyncio.gather(*(cdss.region("KR").get_server_generation_list() for _ in range(8)))
    assert sb.connections == 2


async def test_fan_out_runs_regions_concurrently() -> None:
    # A server-side barrier: no region is answered until all three requests have arrived.
    # Sequential calls would never get past the first one; concurrent ones all succeed.
    arrived: set[str] = set()
    everyone = asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        arrived.add(request.path.split("/")[2])
        if len(arrived) == 3:
            everyone.set()
        await everyone.wait()
        body = {"code": 0, "message": "SUCCESS", "result": {"serverGenerationList": []}}
        return web.json_response(body)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    async with (
        TestServer(app, host="127.0.0.1") as server,
        CdssClient(
            access_key="AK", secret_key="SK", endpoint=str(server.make_url("/")), timeout=10
        ) as cdss,
    ):
        results = await cdss.get_server_generation_list()
    assert results.errors == {}
    assert arrived == {"v1", "sgn-v1", "jpn-v1"}


async def test_deadline_covers_the_whole_call(sb: Sandbox) -> None:
    sb.inject(region="KR", latency=30)
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with sb.client(timeout=0.3) as cdss:
        with pytest.raises(DeadlineExceededError) as info:
            await cdss.region("KR").get_server_generation_list()
    assert loop.time() - started < 10  # not the server's 30 s
    assert info.value.region is Region.KR
    assert info.value.operation == "getServerGenerationList"


async def test_no_retry_sleeps_past_the_deadline(sb: Sandbox) -> None:
    sb.inject(region="KR", statuses=[503, 503])
    slow = RetryPolicy(max_attempts=3, base_delay=60, max_delay=60)
    async with sb.client(timeout=5, retry=slow) as cdss:
        with pytest.raises(ServerError):
            await cdss.region("KR").get_server_generation_list()
    assert len(attempts(sb, Region.KR)) == 1


async def test_caller_owned_session_is_left_open(sb: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with sb.client(session=session) as cdss:
            assert await cdss.region("SGN").get_server_generation_list()
        assert cdss.closed
        assert not session.closed
        async with session.get(sb.endpoint + "/api/v1/cluster/getServerGenerationList") as resp:
            assert resp.status == 401  # the session still works (unsigned, so refused)


QUERY_PROBE = Operation(
    "getServerGenerationList",
    "GET",
    "/cluster/getServerGenerationList",
    GET_SERVER_GENERATION_LIST.result_type,
    "serverGenerationList",
    (Param("probe", "probe", "query"), Param("other", "other", "query")),
)


@pytest.mark.parametrize(
    "value", ["a b", "x/y", "1+1=2", "a&b=c", "한국어", "?#%", "~._-", "emoji 🎉"]
)
async def test_encoded_query_values_verify_on_the_raw_target(sb: Sandbox, value: str) -> None:
    async with sb.client() as cdss:
        region_client = cdss.region("KR")
        result = await region_client._call(QUERY_PROBE, probe=value, other="plain")
    assert result
    target = sb.requests[0].target
    assert sb.requests[0].status == 200
    assert " " not in target
    assert target.endswith("&other=plain")


async def test_unsafe_operation_is_not_retried_on_5xx(sb: Sandbox) -> None:
    sb.inject(region="KR", statuses=[503])
    async with sb.client(retry=FAST_RETRY) as cdss:
        with pytest.raises(ServerError):
            await cdss.region("KR")._call(UNSAFE)
    assert len(sb.requests) == 1


async def test_connect_failure_is_a_transport_error() -> None:
    async with Sandbox() as sandbox:
        endpoint, creds = sandbox.endpoint, sandbox.credentials
    async with CdssClient(credentials=creds, endpoint=endpoint, retry=FAST_RETRY) as cdss:
        results = await cdss.get_server_generation_list()
    assert set(results.errors) == {Region.KR, Region.SGN, Region.JPN}
    error = results.errors[Region.KR]
    assert isinstance(error, TransportError)
    assert error.reason == "connect"
    assert error.request_sent is False


async def test_debug_log_never_contains_the_secret(
    sb: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocdss")
    sb.inject(region="KR", statuses=[503])
    async with sb.client(retry=FAST_RETRY) as cdss:
        results = await cdss.get_cluster_server_image_list()
    assert "getClusterServerImageList" in caplog.text
    assert sb.secret_key not in caplog.text
    assert sb.secret_key not in repr(results)
    assert sb.secret_key not in repr(cdss)


async def test_connect_timeout_is_separate_from_the_call_deadline() -> None:
    # A listener whose accept queue is full: the kernel drops further SYNs, so a connect
    # hangs. connect_timeout must end it as a connect failure (never sent) long before the
    # call's deadline would (which would raise DeadlineExceededError instead).
    listener = socket.socket()
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        async with CdssClient(
            access_key="AK",
            secret_key="SK",
            endpoint=f"http://127.0.0.1:{port}",
            connect_timeout=0.2,
            timeout=30,
            retry=RetryPolicy(max_attempts=1),
        ) as cdss:
            with pytest.raises(TransportError) as info:
                await cdss.region("KR").get_server_generation_list()
    finally:
        for sock in [*fillers, listener]:
            sock.close()
    assert not isinstance(info.value, DeadlineExceededError)
    assert info.value.reason == "connect"
    assert info.value.request_sent is False
