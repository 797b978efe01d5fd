"""Signature v2 vectors: each expected value is computed here from the documented
algorithm (Base64(HMAC-SHA256(secret, "METHOD target\\ntimestamp\\naccessKey"))),
independently of aiocdss._signing."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiocdss import Region
from aiocdss._operations import GET_CLUSTER_SERVER_IMAGE_LIST
from aiocdss._signing import (
    ACCESS_KEY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Signer,
    auth_headers,
    sign,
    string_to_sign,
    verify,
)


def documented(secret: str, method: str, target: str, ts: str, access: str) -> str:
    message = method + " " + target + "\n" + ts + "\n" + access
    mac = hmac.new(bytes(secret, "utf-8"), bytes(message, "utf-8"), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


VECTORS = [
    ("GET", "/api/v1/cluster/getClusterServerImageList", "1733300000000", "AK1", "SK1"),
    (
        "GET",
        "/api/sgn-v1/cluster/getClusterServerImageList?generationCode=G3",
        "1733300012345",
        "ncp_iam_BPAMKR1234567890",
        "ncp_iam_BPKMKRabcdefghij",
    ),
    (
        "POST",
        "/api/jpn-v1/cluster/getClusterInfoList?q=a%20b%2Fc%2Bd%26e%3Df%ED%95%9C",
        "1700000000000",
        "AK3",
        "secret with spaces and 한글",
    ),
    ("DELETE", "/api/v1/cluster/deleteCDSSCluster/123", "1", "A", "S"),
]


@pytest.mark.parametrize(("method", "target", "ts", "access", "secret"), VECTORS)
def test_signature_matches_the_documented_algorithm(
    method: str, target: str, ts: str, access: str, secret: str
) -> None:
    assert sign(secret, method, target, ts, access) == documented(
        secret, method, target, ts, access
    )


def test_string_to_sign_layout() -> None:
    assert string_to_sign("get", "/api/v1/x?a=1", "42", "AK") == "GET /api/v1/x?a=1\n42\nAK"


def test_auth_headers_carry_timestamp_key_and_signature() -> None:
    headers = auth_headers("AK", "SK", "GET", "/api/v1/x", 1733300000000)
    assert headers[TIMESTAMP_HEADER] == "1733300000000"
    assert headers[ACCESS_KEY_HEADER] == "AK"
    assert headers[SIGNATURE_HEADER] == documented("SK", "GET", "/api/v1/x", "1733300000000", "AK")
    assert "SK" not in headers.values()


def test_signature_covers_the_encoded_target_that_is_sent() -> None:
    prepared = GET_CLUSTER_SERVER_IMAGE_LIST.prepare(Region.KR, {"generation_code": "g3"})
    assert prepared.target == "/api/v1/cluster/getClusterServerImageList?generationCode=G3"
    sig = sign("SK", prepared.method, prepared.target, "1", "AK")
    assert sig == documented("SK", "GET", prepared.target, "1", "AK")
    # the decoded form is a different string and must not verify
    assert not verify("SK", "GET", prepared.target.replace("=", "%3D"), "1", "AK", sig)


@given(
    target=st.text(min_size=1, max_size=60),
    ts=st.integers(min_value=0, max_value=2**45).map(str),
    secret=st.text(min_size=1, max_size=30),
)
def test_verify_accepts_exactly_its_own_signature(target: str, ts: str, secret: str) -> None:
    sig = sign(secret, "GET", target, ts, "AK")
    assert verify(secret, "GET", target, ts, "AK", sig)
    assert not verify(secret + "x", "GET", target, ts, "AK", sig)
    assert not verify(secret, "POST", target, ts, "AK", sig)


@pytest.mark.parametrize(("method", "target", "ts", "access", "secret"), VECTORS)
def test_reusable_signer_matches_the_documented_algorithm(
    method: str, target: str, ts: str, access: str, secret: str
) -> None:
    signer = Signer(access, secret)
    for _ in range(2):  # the keyed state is copied, never consumed
        headers = signer.headers(method, target, int(ts))
        assert headers[SIGNATURE_HEADER] == documented(secret, method, target, ts, access)
        assert headers == auth_headers(access, secret, method, target, int(ts))
    assert repr(signer) == "Signer(secret_key='***')"
