"""Response decoding over recorded bodies: results, both error shapes, bad bodies."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiocdss import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CdssError,
    InvalidResponseError,
    KafkaVersion,
    NotFoundError,
    PermissionDeniedError,
    Region,
    ServerError,
    ServerGeneration,
    ServerImage,
    ThrottledError,
)
from aiocdss._decode import decode, parse_retry_after
from aiocdss._operations import (
    GET_CDSS_VERSION_LIST,
    GET_CLUSTER_SERVER_IMAGE_LIST,
    GET_SERVER_GENERATION_LIST,
)

from ._recorded import DOCUMENTED_KR_IMAGES, load

IMAGES = GET_CLUSTER_SERVER_IMAGE_LIST


def decode_file(name: str, op=IMAGES, region=Region.KR):  # type: ignore[no-untyped-def]
    status, headers, body = load(name)
    return decode(op, region, status, headers, body)


def test_documented_image_list_is_structured_and_order_is_dropped() -> None:
    images = decode_file("images_kr_ok.http")
    assert images == DOCUMENTED_KR_IMAGES
    assert not hasattr(images[0], "order")


def test_generation_list() -> None:
    assert decode_file("generations_ok.http", GET_SERVER_GENERATION_LIST) == [
        ServerGeneration(hypervisor_code="XEN", generation_code="G2"),
        ServerGeneration(hypervisor_code="KVM", generation_code="G3"),
    ]


def test_version_codes_stay_strings_even_when_sent_as_numbers() -> None:
    versions = decode_file("versions_ok.http", GET_CDSS_VERSION_LIST)
    assert versions[0] == KafkaVersion(
        kafka_version_code="3903006",
        application_version_name="3.9.0-cdss",
        kafka_version_name="3.9.0",
        cmak_version_name=None,
    )
    assert versions[1].kafka_version_code == "2080206"
    assert versions[1].cmak_version_name == "3.0.0.6"


@pytest.mark.parametrize(
    ("name", "cls", "status", "code"),
    [
        ("gateway_401_auth.http", AuthenticationError, 401, "200"),
        ("gateway_401_permission.http", PermissionDeniedError, 401, "210"),
        ("gateway_404.http", NotFoundError, 404, "300"),
        ("gateway_429.http", ThrottledError, 429, "420"),
        ("gateway_503.http", ServerError, 503, "500"),
        ("proxy_502_html.http", ServerError, 502, None),
        ("envelope_400.http", BadRequestError, 400, "1001"),
        ("envelope_200_nonzero.http", ApiError, 200, "5002"),
    ],
)
def test_error_bodies_become_typed_errors(
    name: str, cls: type[ApiError], status: int, code: str | None
) -> None:
    with pytest.raises(cls) as info:
        decode_file(name, region=Region.SGN)
    err = info.value
    assert type(err) is cls
    assert (err.status, err.code) == (status, code)
    assert err.region is Region.SGN
    assert err.operation == "getClusterServerImageList"
    assert err.message


def test_gateway_error_keeps_details_and_trace_id() -> None:
    with pytest.raises(AuthenticationError) as info:
        decode_file("gateway_401_auth.http")
    assert info.value.message == "Authentication Failed (Invalid authentication information.)"
    assert info.value.request_id == "7f3ac0de9a1b"
    assert "HTTP 401 code=200" in str(info.value)


def test_envelope_error_carries_request_id() -> None:
    with pytest.raises(BadRequestError) as info:
        decode_file("envelope_400.http")
    assert info.value.request_id == "5d1e2f3a-0000-4000-8000-000000000003"
    assert "Invalid generationCode" in info.value.message


def test_throttle_carries_retry_after() -> None:
    with pytest.raises(ThrottledError) as info:
        decode_file("gateway_429.http")
    assert info.value.retry_after == 2.0


def test_html_proxy_page_message_names_html() -> None:
    with pytest.raises(ServerError, match="HTML page"):
        decode_file("proxy_502_html.http")


@pytest.mark.parametrize(
    ("name", "fragment", "path"),
    [
        ("html_200.http", "HTML page", None),
        ("truncated_200.http", "truncated or malformed JSON", None),
        ("wrong_type_200.http", "expected int", "$.result.serverImageList[1].serverImageNo"),
        ("missing_key_200.http", "missing 'serverImageList'", "$.result"),
    ],
)
def test_bad_bodies_become_invalid_response_errors(
    name: str, fragment: str, path: str | None
) -> None:
    with pytest.raises(InvalidResponseError) as info:
        decode_file(name, region=Region.JPN)
    err = info.value
    assert fragment in err.message
    assert err.path == path
    assert (err.region, err.operation, err.status) == (
        Region.JPN,
        "getClusterServerImageList",
        200,
    )
    assert err.body_excerpt


def test_wrong_schema_keeps_request_id() -> None:
    with pytest.raises(InvalidResponseError) as info:
        decode_file("wrong_type_200.http")
    assert info.value.request_id == "5d1e2f3a-0000-4000-8000-000000000005"


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"null",
        b'{"code": 0, "result": null}',
        b'{"code": 0, "result": {"serverImageList": {}}}',
    ],
)
def test_other_shapes_are_invalid(body: bytes) -> None:
    with pytest.raises(InvalidResponseError):
        decode(IMAGES, Region.KR, 200, {}, body)


def test_retry_after_forms() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("-1") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Fri, 04 Dec 2026 10:00:10 GMT", now=1796378400.0) == 10.0


KEYS = (
    *("code", "message", "result", "requestId", "error", "errorCode"),
    *("serverImageList", "serverImageNo", "softwareProductCode", "serverName", "x"),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(KEYS),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    status=st.sampled_from([200, 201, 400, 401, 403, 404, 413, 429, 500, 502, 503, 504]), doc=JSON
)
def test_any_json_body_gives_a_result_or_a_typed_error(status: int, doc: object) -> None:
    body = json.dumps(doc).encode()
    try:
        result = decode(IMAGES, Region.KR, status, {}, body)
    except CdssError as exc:
        assert exc.region is Region.KR  # type: ignore[attr-defined]  # noqa: PT017
        assert exc.operation == "getClusterServerImageList"  # type: ignore[attr-defined]  # noqa: PT017
    else:
        assert status < 400
        assert all(isinstance(image, ServerImage) for image in result)


@settings(max_examples=300, deadline=None)
@given(status=st.integers(min_value=100, max_value=599), body=st.binary(max_size=64))
def test_any_bytes_give_a_result_or_a_typed_error(status: int, body: bytes) -> None:
    try:
        decode(IMAGES, Region.SGN, status, {}, body)
    except CdssError as exc:
        assert exc.status == status  # type: ignore[attr-defined]  # noqa: PT017
