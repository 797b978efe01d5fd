"""The embedded sandbox: gateway rules checked with raw requests, every fault observed
through the real `CdssClient`, the control endpoints, the thread-backed mode, connection
counting, and the pure fault model."""

from __future__ import annotations

import asyncio
import email.utils
import io
import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import pytest
from yarl import URL

import aiocdss
from aiocdss import Region, RetryPolicy
from aiocdss._operations import OPERATIONS
from aiocdss._signing import ACCESS_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, auth_headers
from aiocdss.models import KafkaVersion
from aiocdss.sandbox import HANDLERS, Fault, FaultPlan, Sandbox, describe, serve_forever
from aiocdss.sandbox._control import _is_loopback
from aiocdss.sandbox._faults import Decision, TokenBucket
from aiocdss.sandbox._gateway import gateway_error
from aiocdss.sandbox._wire import corrupt

from ._recorded import load

# The documented response example (reference/seed-getClusterServerImageList.txt), recorded.
DOCUMENTED_IMAGES = json.loads(load("images_kr_ok.http")[2])["result"]
IMAGES = "/api/v1/cluster/getClusterServerImageList"
VERSIONS = "/api/v1/cluster/getCDSSVersionList"
GENERATIONS = "/api/v1/cluster/getServerGenerationList"
FAST = RetryPolicy(base_delay=0.001, max_delay=0.01)


@pytest.fixture
async def sb() -> AsyncIterator[Sandbox]:
    async with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def send(
    http: aiohttp.ClientSession,
    sb: Sandbox,
    target: str,
    *,
    method: str = "GET",
    signed_target: str | None = None,
    secret_key: str | None = None,
    access_key: str | None = None,
    timestamp_ms: int | None = None,
    drop: tuple[str, ...] = (),
    json_body: Any = None,
) -> tuple[int, Mapping[str, str], Any]:
    """One raw request, signed (or mis-signed) as told; returns status, headers, JSON."""
    headers = auth_headers(
        access_key or sb.access_key,
        secret_key or sb.secret_key,
        method,
        signed_target or target,
        int(time.time() * 1000) if timestamp_ms is None else timestamp_ms,
    )
    for name in drop:
        headers.pop(name)
    url = URL(sb.endpoint + target, encoded=True)
    async with http.request(method, url, headers=headers, json=json_body) as resp:
        return resp.status, resp.headers, await resp.json(content_type=None)


def assert_auth_failed(status: int, body: Any, why: str) -> None:
    assert status == 401
    assert body["error"]["errorCode"] == "200"
    assert body["error"]["message"] == "Authentication Failed"
    assert why in body["error"]["details"]


# --- gateway rules --------------------------------------------------------------------------


async def test_documented_example_is_served_exactly(
    sb: Sandbox, http: aiohttp.ClientSession
) -> None:
    status, headers, body = await send(http, sb, IMAGES)
    assert status == 200
    assert body["result"] == DOCUMENTED_IMAGES  # including `order`, in the documented order
    assert list(body["result"]["serverImageList"][0]) == [
        "serverImageNo",
        "softwareProductCode",
        "order",
        "serverName",
    ]
    assert (body["code"], body["message"]) == (0, "SUCCESS")
    assert uuid.UUID(body["requestId"]).version == 4
    assert headers["x-ncp-trace-id"] == body["requestId"]


async def test_wrong_signature_is_refused(sb: Sandbox, http: aiohttp.ClientSession) -> None:
    status, _, body = await send(http, sb, VERSIONS, secret_key="not-the-secret")
    assert_auth_failed(status, body, "signature does not match")


async def test_old_timestamp_is_refused(sb: Sandbox, http: aiohttp.ClientSession) -> None:
    six_minutes_ago = int((time.time() - 360) * 1000)
    status, _, body = await send(http, sb, VERSIONS, timestamp_ms=six_minutes_ago)
    assert_auth_failed(status, body, "behind the gateway clock")


@pytest.mark.parametrize("header", [TIMESTAMP_HEADER, ACCESS_KEY_HEADER, SIGNATURE_HEADER])
async def test_missing_header_is_refused(
    sb: Sandbox, http: aiohttp.ClientSession, header: str
) -> None:
    status, _, body = await send(http, sb, VERSIONS, drop=(header,))
    assert_auth_failed(status, body, f"missing header(s): {header}")


async def test_unknown_access_key_is_refused(sb: Sandbox, http: aiohttp.ClientSession) -> None:
    status, _, body = await send(http, sb, VERSIONS, access_key="AKIDUNKNOWN")
    assert_auth_failed(status, body, "unknown access key")


async def test_signature_covers_the_raw_target(sb: Sandbox, http: aiohttp.ClientSession) -> None:
    raw = IMAGES + "?generationCode=%47%33"  # "G3", percent-encoded on the wire
    status, _, body = await send(http, sb, raw)
    assert status == 200, body
    assert len(body["result"]["serverImageList"]) == 2
    status, _, body = await send(http, sb, raw, signed_target=IMAGES + "?generationCode=G3")
    assert_auth_failed(status, body, "signature does not match")


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("GET", "/api/v1/cluster/noSuchOperation"),
        ("GET", "/api/xyz-v1/cluster/getCDSSVersionList"),
        ("GET", "/"),
        ("DELETE", VERSIONS),
    ],
)
async def test_unknown_route_is_not_found(
    sb: Sandbox, http: aiohttp.ClientSession, method: str, target: str
) -> None:
    status, headers, body = await send(http, sb, target, method=method)
    assert status == 404
    assert body == {"error": {"errorCode": "300", "message": "Not Found Exception"}}
    assert "Date" in headers
    assert sb.requests[-1].operation is None


async def test_documented_alternate_method(sb: Sandbox, http: aiohttp.ClientSession) -> None:
    status, _, body = await send(http, sb, GENERATIONS, method="POST", json_body={})
    assert status == 200
    assert body["result"]["serverGenerationList"] == [
        {"hypervisorCode": "XEN", "generationCode": "G2"},
        {"hypervisorCode": "KVM", "generationCode": "G3"},
    ]


async def test_invalid_generation_code_gets_a_cdss_error(
    sb: Sandbox, http: aiohttp.ClientSession
) -> None:
    status, _, body = await send(http, sb, IMAGES + "?generationCode=G2")
    assert status == 400
    assert body["code"] != 0 and "generationCode" in body["message"]
    async with sb.client(regions=["KR"]) as client:
        with pytest.raises(aiocdss.BadRequestError) as caught:
            await client.region("KR").get_cluster_server_image_list(generation_code="G9")
    assert caught.value.code == str(body["code"])
    assert caught.value.request_id == sb.requests[-1].request_id


async def test_every_response_has_a_date_from_the_offset_clock(
    sb: Sandbox, http: aiohttp.ClientSession
) -> None:
    sb.clock_offset = 600.0
    in_ten_minutes = int((time.time() + 600) * 1000)
    status, headers, _ = await send(http, sb, VERSIONS, timestamp_ms=in_ten_minutes)
    assert status == 200
    served = email.utils.parsedate_to_datetime(headers["Date"]).timestamp()
    assert abs(served - (time.time() + 600)) < 5


async def test_faults_apply_only_after_authentication(
    sb: Sandbox, http: aiohttp.ClientSession
) -> None:
    fault = sb.inject(statuses=[503])
    status, _, body = await send(http, sb, VERSIONS, secret_key="wrong")
    assert_auth_failed(status, body, "signature")
    assert fault.applied == 0
    assert (await send(http, sb, VERSIONS))[0] == 503
    assert sb.faults == []


async def test_request_log_holds_no_secret(sb: Sandbox) -> None:
    async with sb.client(regions=["KR"]) as client:
        await client.get_cdss_version_list()
    (entry,) = sb.requests
    assert (entry.region, entry.operation, entry.method, entry.status) == (
        Region.KR,
        "getCDSSVersionList",
        "GET",
        200,
    )
    assert entry.target == VERSIONS
    assert entry.headers[SIGNATURE_HEADER] == "<redacted>"
    assert entry.headers[TIMESTAMP_HEADER].isdigit()
    assert sb.secret_key not in repr(sb.requests) + repr(sb) + json.dumps(entry.to_json())


def test_every_sdk_operation_has_a_handler() -> None:
    assert set(HANDLERS) == set(OPERATIONS)


async def test_state_changes_are_served(sb: Sandbox) -> None:
    extra = KafkaVersion(
        kafka_version_code="9999999",
        application_version_name="CDSS test",
        kafka_version_name="9.9.9",
    )
    sb.state[Region.SGN].kafka_versions.append(extra)
    async with sb.client() as client:
        results = await client.get_cdss_version_list()
    assert results["SGN"][-1] == extra
    assert extra not in results["KR"]


async def test_gov_site_serves_gov_regions() -> None:
    async with Sandbox(site="gov") as sb, sb.client() as client:
        results = (await client.get_cluster_server_image_list()).raise_for_errors()
        assert set(results) == {Region.GOV_KR, Region.GOV_KRS}
        async with aiohttp.ClientSession() as http:
            status, _, _ = await send(http, sb, "/api/sgn-v1/cluster/getCDSSVersionList")
        assert status == 404


# --- faults through the real client ---------------------------------------------------------


async def test_latency(sb: Sandbox) -> None:
    sb.inject("KR", "getCDSSVersionList", latency=0.05)
    loop = asyncio.get_running_loop()
    async with sb.client(regions=["KR"]) as client:
        started = loop.time()
        await client.get_cdss_version_list()
        assert loop.time() - started >= 0.05
        await client.get_server_generation_list()  # another operation: not delayed
    assert [r.fault for r in sb.requests] == ["latency 0.05s", None]


async def test_latency_past_the_deadline_does_not_hold_up_stop() -> None:
    loop = asyncio.get_running_loop()
    async with Sandbox() as sb:
        sb.inject(latency=60)
        async with sb.client(regions=["KR"], timeout=0.05) as client:
            with pytest.raises(aiocdss.DeadlineExceededError):
                await client.region("KR").get_cdss_version_list()
        stopping = loop.time()
    assert loop.time() - stopping < 2


async def test_status_queue_then_success(sb: Sandbox) -> None:
    sb.inject("KR", statuses=[503, 504])
    async with sb.client(regions=["KR"], retry=FAST) as client:
        versions = await client.region("KR").get_cdss_version_list()
    assert versions
    assert [r.status for r in sb.requests] == [503, 504, 200]


async def test_status_bodies_follow_the_catalogue(sb: Sandbox) -> None:
    sb.inject(statuses=[503])
    async with sb.client(regions=["KR"], max_attempts=1) as client:
        with pytest.raises(aiocdss.ServerError) as caught:
            await client.region("KR").get_cdss_version_list()
    assert (caught.value.status, caught.value.code) == (503, "500")
    assert "Endpoint Error" in caught.value.message
    assert gateway_error(504)["error"] == {"errorCode": "510", "message": "Endpoint Timeout"}
    assert gateway_error(500)["error"] == {"errorCode": "900", "message": "Unexpected Error"}


async def test_429_with_retry_after(sb: Sandbox) -> None:
    sb.inject(statuses=[429], retry_after=7)
    async with sb.client(regions=["KR"], max_attempts=1) as client:
        with pytest.raises(aiocdss.ThrottledError) as caught:
            await client.region("KR").get_cdss_version_list()
    assert (caught.value.code, caught.value.retry_after) == ("420", 7.0)

    sb.inject(statuses=[429], retry_after=0)
    async with sb.client(regions=["KR"], retry=FAST) as client:
        assert await client.region("KR").get_cdss_version_list()
    assert [r.status for r in sb.requests[1:]] == [429, 200]


async def test_resets(sb: Sandbox) -> None:
    sb.inject("KR", resets=2)
    async with sb.client(regions=["KR"], retry=FAST) as client:
        assert await client.region("KR").get_server_generation_list()
    assert [r.status for r in sb.requests] == [None, None, 200]
    assert [r.fault for r in sb.requests] == ["reset", "reset", None]
    assert sb.connections == 3

    # Two resets: aiohttp itself resends an idempotent request once after a disconnect.
    sb.inject("KR", resets=2)
    async with sb.client(regions=["KR"], max_attempts=1) as client:
        with pytest.raises(aiocdss.TransportError) as caught:
            await client.region("KR").get_server_generation_list()
    assert caught.value.reason == "reset"


async def test_rate_limit(sb: Sandbox) -> None:
    sb.inject(operation="getCDSSVersionList", rate_limit=(2, 60.0))
    policy = RetryPolicy(base_delay=0.001, max_retry_after=0)  # do not wait out Retry-After
    async with sb.client(regions=["KR"], retry=policy) as client:
        kr = client.region("KR")
        await kr.get_cdss_version_list()
        await kr.get_cdss_version_list()
        with pytest.raises(aiocdss.ThrottledError) as caught:
            await kr.get_cdss_version_list()
        await kr.get_server_generation_list()  # other operations are not limited
    assert caught.value.code == "420"
    assert caught.value.retry_after is not None and 1 <= caught.value.retry_after <= 30
    assert [r.status for r in sb.requests] == [200, 200, 429, 200]


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("html", None),
        ("truncated", None),
        ("wrong_schema", "$.result.serverImageList[0].serverImageNo"),
    ],
)
async def test_malformed_bodies(sb: Sandbox, kind: Any, path: str | None) -> None:
    sb.inject("SGN", "getClusterServerImageList", malformed=kind)
    async with sb.client(retry=FAST) as client:
        results = await client.get_cluster_server_image_list()
    assert set(results.ok) == {Region.KR, Region.JPN}
    error = results.errors[Region.SGN]
    assert isinstance(error, aiocdss.InvalidResponseError)
    assert (error.region, error.operation, error.status, error.path) == (
        Region.SGN,
        "getClusterServerImageList",
        200,
        path,
    )
    (logged,) = [r for r in sb.requests if r.region is Region.SGN]
    assert error.request_id == logged.request_id
    assert logged.fault == kind


async def test_truncated_payload_is_retried(sb: Sandbox) -> None:
    sb.inject("KR", malformed="truncated_payload", times=1)
    async with sb.client(regions=["KR"], retry=FAST) as client:
        assert await client.region("KR").get_cluster_server_image_list()
    assert [r.fault for r in sb.requests] == ["truncated_payload", None]

    sb.inject("KR", malformed="truncated_payload", times=1)
    async with sb.client(regions=["KR"], max_attempts=1) as client:
        with pytest.raises(aiocdss.TransportError) as caught:
            await client.region("KR").get_cluster_server_image_list()
    assert caught.value.reason == "payload"


@pytest.mark.parametrize("offset", [600.0, -600.0])
async def test_client_learns_the_clock_offset(sb: Sandbox, offset: float) -> None:
    sb.clock_offset = offset
    async with sb.client(regions=["KR"]) as client:
        assert await client.region("KR").get_cdss_version_list()
        assert await client.region("KR").get_cdss_version_list()
    assert [r.status for r in sb.requests] == [401, 200, 200]


# --- control endpoints ----------------------------------------------------------------------


async def test_control_endpoints(sb: Sandbox, http: aiohttp.ClientSession) -> None:
    control = sb.endpoint + "/_sandbox"
    async with http.post(control + "/faults", json={"region": "KR", "statuses": [503]}) as resp:
        assert resp.status == 201
        assert (await resp.json())["statuses"] == [503]
    async with http.post(control + "/faults", json={"latency": -1}) as resp:
        assert resp.status == 400
        assert "latency" in (await resp.json())["error"]
    async with http.post(control + "/faults", json={"bogus": 1}) as resp:
        assert resp.status == 400
    async with http.get(control + "/faults") as resp:
        assert [f["region"] for f in await resp.json()] == ["KR"]

    async with sb.client(regions=["KR"], max_attempts=1) as client:
        with pytest.raises(aiocdss.ServerError):
            await client.region("KR").get_cdss_version_list()

    async with http.get(control + "/requests") as resp:
        logged = await resp.json()
    assert [(r["region"], r["status"], r["fault"]) for r in logged] == [("KR", 503, "status 503")]
    assert logged[0]["headers"][SIGNATURE_HEADER] == "<redacted>"

    async with http.put(control + "/clock", json={"offset": 600}) as resp:
        assert await resp.json() == {"offset": 600.0}
    assert sb.clock_offset == 600.0
    async with http.put(control + "/clock", json={"offset": "soon"}) as resp:
        assert resp.status == 400
    async with http.delete(control + "/faults") as resp:
        assert await resp.json() == {"cleared": 0}  # the one status was used up
    async with http.delete(control + "/requests") as resp:
        assert await resp.json() == {"cleared": 1}
    async with http.get(control) as resp:
        info = await resp.json()
    assert info["regions"] == {"KR": "/api/v1", "SGN": "/api/sgn-v1", "JPN": "/api/jpn-v1"}
    assert info["access_key"] == sb.access_key and sb.secret_key not in json.dumps(info)
    assert sb.requests == []  # control calls are not recorded


def test_control_endpoints_are_loopback_only() -> None:
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("::ffff:127.0.0.1")
    assert not _is_loopback("192.0.2.7") and not _is_loopback("::ffff:192.0.2.7")
    assert not _is_loopback(None)


# --- lifecycle, threads, connections --------------------------------------------------------


def test_thread_backed_sandbox_in_sync_code() -> None:
    async def call(sb: Sandbox) -> list[aiocdss.KafkaVersion]:
        async with sb.client(regions=["JPN"], retry=FAST) as client:
            return await client.region("JPN").get_cdss_version_list()

    with Sandbox.running_in_thread() as sb:
        sb.inject("JPN", statuses=[503])
        assert asyncio.run(call(sb))
        assert [r.status for r in sb.requests] == [503, 200]


async def test_thread_backed_start_failure_is_raised_in_the_caller(sb: Sandbox) -> None:
    with pytest.raises(OSError, match="(?i)in use"), Sandbox.running_in_thread(port=sb.port):
        pytest.fail("a second server on the same port must not start")


async def test_thread_backed_sandbox_from_async_code() -> None:
    with Sandbox.running_in_thread(site="gov") as sb:
        async with sb.client() as client:
            results = await client.get_server_generation_list()
        assert not results.errors
        assert sb.connections == 2  # the two regions were asked concurrently


async def test_one_connection_for_sequential_calls(sb: Sandbox) -> None:
    async with sb.client(regions=["KR"]) as client:
        kr = client.region("KR")
        for _ in range(20):
            await kr.get_cdss_version_list()
    assert len(sb.requests) == 20
    assert sb.connections == 1


async def test_each_client_pool_opens_its_own_connection(sb: Sandbox) -> None:
    for _ in range(3):
        async with sb.client(regions=["KR"]) as client:
            await client.get_cdss_version_list()
    assert sb.connections == 3


async def test_lifecycle_and_keys() -> None:
    sandbox = Sandbox(access_key="AK", secret_key="SK")
    with pytest.raises(RuntimeError, match="not started"):
        sandbox.endpoint  # noqa: B018
    async with sandbox:
        assert sandbox.endpoint == f"http://127.0.0.1:{sandbox.port}"
        assert sandbox.credentials.source == "sandbox"
        with pytest.raises(RuntimeError, match="already running"):
            await sandbox.start()
    await sandbox.stop()  # idempotent
    with pytest.raises(ValueError, match="both"):
        Sandbox(access_key="AK")
    generated = Sandbox()
    assert len(generated.access_key) == 20 and len(generated.secret_key) == 40
    assert generated.secret_key not in repr(generated)


async def test_serve_forever_prints_endpoint_and_keys() -> None:
    out = io.StringIO()
    ready: asyncio.Future[Sandbox] = asyncio.get_running_loop().create_future()
    task = asyncio.ensure_future(serve_forever(port=0, stream=out, ready=ready.set_result))
    sb = await ready
    async with sb.client(regions=["KR"]) as client:
        assert await client.get_cdss_version_list()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    text = out.getvalue()
    assert text == describe(sb)
    assert f"endpoint: {sb.endpoint}\n" in text
    assert f"access_key: {sb.access_key}\n" in text
    assert f"secret_key: {sb.secret_key}\n" in text
    assert f"NCLOUD_ACCESS_KEY_ID={sb.access_key} NCLOUD_SECRET_ACCESS_KEY={sb.secret_key}" in text


# --- the pure fault model -------------------------------------------------------------------


def test_token_bucket() -> None:
    bucket = TokenBucket(2, 1.0)
    assert bucket.take(0.0) == 0.0
    assert bucket.take(0.0) == 0.0
    assert bucket.take(0.0) == pytest.approx(0.5)
    assert bucket.take(0.25) == pytest.approx(0.25)  # refused requests take nothing
    assert bucket.take(0.5) == 0.0


def test_fault_plan_order_and_consumption() -> None:
    plan = FaultPlan()
    plan.add(Fault(latency=0.5))
    plan.add(Fault(region=Region.KR, statuses=(503, 429), retry_after=1))
    plan.add(Fault(resets=1))
    kr = [plan.decide(Region.KR, "getCDSSVersionList", 0.0) for _ in range(4)]
    assert kr == [
        Decision(0.5, 503, 1),
        Decision(0.5, 429, 1),
        Decision(0.5, reset=True),
        Decision(0.5),
    ]
    assert [f.latency for f in plan.active()] == [0.5]
    assert plan.clear() == 1
    assert plan.decide(Region.SGN, "getCDSSVersionList", 0.0) == Decision()


def test_fault_targets_and_times() -> None:
    plan = FaultPlan()
    plan.add(Fault(region=Region.SGN, operation="getCDSSVersionList", malformed="html", times=2))
    assert plan.decide(Region.KR, "getCDSSVersionList", 0.0) == Decision()
    assert plan.decide(Region.SGN, "getServerGenerationList", 0.0) == Decision()
    sgn = [plan.decide(Region.SGN, "getCDSSVersionList", 0.0).malformed for _ in range(3)]
    assert sgn == ["html", "html", None]


def test_rate_limit_with_a_token_lets_later_faults_decide() -> None:
    plan = FaultPlan()
    plan.add(Fault(rate_limit=(1, 10.0)))
    plan.add(Fault(statuses=503))
    assert plan.decide(Region.KR, "getCDSSVersionList", 0.0).status == 503
    assert plan.decide(Region.KR, "getCDSSVersionList", 1.0) == Decision(status=429, retry_after=9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "nothing to inject"),
        ({"statuses": (503,), "resets": 1}, "one outcome per fault"),
        ({"statuses": (200,)}, "400..599"),
        ({"statuses": (503,), "times": 2}, "count themselves"),
        ({"latency": 1, "retry_after": 3}, "goes with statuses"),
        ({"rate_limit": (0, 1.0)}, "rate_limit"),
        ({"malformed": "xml"}, "malformed must be one of"),
        ({"operation": "getNothing", "latency": 1}, "unknown operation"),
        ({"latency": 1, "times": 0}, "times must be"),
    ],
)
def test_fault_validation(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Fault(**kwargs)


def test_inject_resolves_region_codes() -> None:
    sandbox = Sandbox(site="gov")
    assert sandbox.inject("krs", latency=1).region is Region.GOV_KRS
    with pytest.raises(ValueError, match="valid codes: KR, KRS"):
        sandbox.inject("SGN", latency=1)


def test_corrupt_breaks_types_but_keeps_shape() -> None:
    result = {"serverImageList": [{"serverImageNo": 1, "serverName": "x"}], "other": 2}
    assert corrupt(result) == {
        "serverImageList": [{"serverImageNo": "abc", "serverName": "x"}],
        "other": 2,
    }
    assert corrupt({"kafkaVersionList": [{"kafkaVersionCode": "3903006"}]}) == {
        "kafkaVersionList": [{"kafkaVersionCode": 12.5}]
    }
