"""NCP API Gateway signature v2 (pure).

The signature is Base64(HMAC-SHA256(secret, f"{METHOD} {target}\\n{timestamp}\\n{access_key}"))
where `target` is the path and query exactly as they go on the wire. The body is
not signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

TIMESTAMP_HEADER = "x-ncp-apigw-timestamp"
ACCESS_KEY_HEADER = "x-ncp-iam-access-key"
SIGNATURE_HEADER = "x-ncp-apigw-signature-v2"


def string_to_sign(method: str, target: str, timestamp: str, access_key: str) -> str:
    """The exact text NCP signs: method, a space, the raw target, then timestamp and key."""
    return f"{method.upper()} {target}\n{timestamp}\n{access_key}"


def sign(secret_key: str, method: str, target: str, timestamp: str, access_key: str) -> str:
    """Base64 HMAC-SHA256 of `string_to_sign(...)` keyed with the secret key."""
    message = string_to_sign(method, target, timestamp, access_key).encode("utf-8")
    digest = hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def auth_headers(
    access_key: str, secret_key: str, method: str, target: str, timestamp_ms: int
) -> dict[str, str]:
    """The three gateway headers for one attempt (one-off form of `Signer.headers`)."""
    return Signer(access_key, secret_key).headers(method, target, timestamp_ms)


def verify(
    secret_key: str, method: str, target: str, timestamp: str, access_key: str, signature: str
) -> bool:
    """Constant-time check of a received signature (used by the sandbox)."""
    expected = sign(secret_key, method, target, timestamp, access_key)
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace"))


class Signer:
    """Signs for one key pair. The keyed HMAC state is computed once and copied for each
    request, which skips the key schedule and the digest lookup; same output as `sign`."""

    __slots__ = ("_mac", "access_key")

    def __init__(self, access_key: str, secret_key: str) -> None:
        self.access_key = access_key
        self._mac = hmac.new(secret_key.encode("utf-8"), digestmod=hashlib.sha256)

    def __repr__(self) -> str:
        return "Signer(secret_key='***')"

    def headers(self, method: str, target: str, timestamp_ms: int) -> dict[str, str]:
        """The three gateway headers for one attempt."""
        ts = str(timestamp_ms)
        mac = self._mac.copy()
        mac.update(string_to_sign(method, target, ts, self.access_key).encode("utf-8"))
        return {
            TIMESTAMP_HEADER: ts,
            ACCESS_KEY_HEADER: self.access_key,
            SIGNATURE_HEADER: binascii.b2a_base64(mac.digest(), newline=False).decode("ascii"),
        }
