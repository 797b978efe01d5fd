"""The NCP API Gateway's rules (pure): request authentication and the error bodies.

Codes and messages are the catalogue's `common.gateway_errors` table; the body is the
legacy gateway shape `{"error": {"errorCode", "message"}}`, with a `details` field that
says why (the SDK appends it to the error message).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._signing import ACCESS_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

#: Timestamps this far (or farther) from the gateway clock are refused.
TIMESTAMP_WINDOW_SECONDS = 300

#: HTTP status -> (gateway errorCode, message), from `common.gateway_errors.codes`.
GATEWAY_ERRORS: dict[int, tuple[str, str]] = {
    400: ("100", "Bad Request Exception"),
    401: ("200", "Authentication Failed"),
    403: ("210", "Permission Denied"),  # the gateway documents code 210 under 401
    404: ("300", "Not Found Exception"),
    413: ("430", "Request Entity Too Large"),
    429: ("420", "Rate Limited"),
    500: ("900", "Unexpected Error"),
    503: ("500", "Endpoint Error"),
    504: ("510", "Endpoint Timeout"),
}

REQUIRED_HEADERS = (TIMESTAMP_HEADER, ACCESS_KEY_HEADER, SIGNATURE_HEADER)


def gateway_error(status: int, details: str | None = None) -> dict[str, Any]:
    """The gateway's error body for `status`; undocumented statuses fall back to the
    generic client (100) or server (900) error."""
    code, message = GATEWAY_ERRORS.get(status) or GATEWAY_ERRORS[500 if status >= 500 else 400]
    error: dict[str, Any] = {"errorCode": code, "message": message}
    if details:
        error["details"] = details
    return {"error": error}


def authenticate(
    method: str,
    target: str,
    headers: Mapping[str, str],
    keys: Mapping[str, str],
    now: float,
) -> str | None:
    """Check one request as the gateway does; return why it is refused, or None.

    `target` is the raw request target (path and query exactly as received), `keys` maps
    access keys to secret keys and `now` is the gateway clock in seconds.
    """
    missing = [name for name in REQUIRED_HEADERS if not headers.get(name)]
    if missing:
        return f"missing header(s): {', '.join(missing)}"
    timestamp = headers[TIMESTAMP_HEADER]
    if not timestamp.isdigit():
        return f"{TIMESTAMP_HEADER} must be milliseconds since the epoch, got {timestamp!r:.40}"
    skew = int(timestamp) / 1000 - now
    if abs(skew) >= TIMESTAMP_WINDOW_SECONDS:
        return (
            f"{TIMESTAMP_HEADER} is {abs(skew):.0f}s {'ahead of' if skew > 0 else 'behind'} "
            f"the gateway clock (allowed: less than {TIMESTAMP_WINDOW_SECONDS}s)"
        )
    access_key = headers[ACCESS_KEY_HEADER]
    secret_key = keys.get(access_key)
    if secret_key is None:
        return "unknown access key"
    if not verify(secret_key, method, target, timestamp, access_key, headers[SIGNATURE_HEADER]):
        return f"signature does not match (signed text: {method} {target} + timestamp + key)"
    return None
