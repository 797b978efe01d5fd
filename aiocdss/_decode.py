"""Response decoding (pure): (status, headers, body) -> typed result or typed error.

Two error shapes are understood: the API Gateway's `{"error": {"errorCode", "message"}}`
and the CDSS envelope `{"code", "message", "result", "requestId"}` with a non-zero code.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any, NamedTuple, TypeVar

from ._converter import SchemaMismatch, structure
from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottledError,
)
from ._operations import Operation
from ._regions import Region

T = TypeVar("T")

REQUEST_ID_HEADERS = ("x-ncp-trace-id", "x-request-id")
_PERMISSION_DENIED_CODE = "210"


def decode(
    op: Operation[T], region: Region, status: int, headers: Mapping[str, str], body: bytes
) -> T:
    """Return the operation's result, or raise the `CdssError` the response describes."""
    doc = _parse_json(body)
    if status >= 400 or _is_gateway_error(doc) or _envelope_code(doc) not in (None, "0"):
        raise _api_error(op.name, region, status, headers, body, doc)
    # The error details (request id, excerpt) are only computed on the failure paths below.
    response = _Response(op, region, status, headers, body, doc)
    if not isinstance(doc, dict):
        if doc is None:
            raise response.invalid(_describe_non_json(body, headers))
        raise response.invalid(f"expected a JSON object, got {type(doc).__name__}", "$")
    result = doc.get("result")
    path = "$.result"
    key = op.result_key
    if key is not None:
        if not isinstance(result, dict) or key not in result:
            raise response.invalid(f"missing {key!r} in result", path)
        result = result[key]
        path = f"{path}.{key}"
    try:
        return structure(result, op.result_type, path=path)  # type: ignore[no-any-return]
    except SchemaMismatch as exc:
        raise response.invalid(f"does not fit the model: {exc.detail}", exc.path) from None


class _Response(NamedTuple):
    """One response as received, for building its `InvalidResponseError` when needed."""

    op: Operation[Any]
    region: Region
    status: int
    headers: Mapping[str, str]
    body: bytes
    doc: Any

    def invalid(self, message: str, path: str | None = None) -> InvalidResponseError:
        """The error for a successful status whose body is not what the API documents."""
        return InvalidResponseError(
            message,
            region=self.region,
            operation=self.op.name,
            status=self.status,
            request_id=_request_id(self.headers, self.doc),
            path=path,
            body_excerpt=_excerpt(self.body),
        )


def _api_error(
    operation: str,
    region: Region,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    doc: Any,
) -> ApiError:
    """Map a failed response (its body already parsed into `doc`, None if not JSON) to the
    `ApiError` subclass its status and code call for."""
    code: str | None = None
    message: str | None = None
    if _is_gateway_error(doc):
        err = doc["error"]
        code = _str_or_none(err.get("errorCode"))
        message = _str_or_none(err.get("message"))
        details = _str_or_none(err.get("details") or err.get("detail"))
        if message and details:
            message = f"{message} ({details})"
    elif isinstance(doc, dict) and "code" in doc:
        code = _str_or_none(doc.get("code"))
        message = _str_or_none(doc.get("message"))
    if not message:
        message = _describe_non_json(body, headers) if doc is None else "no error message"
    cls = _error_class(status, code)
    return cls(
        message,
        status=status,
        code=code,
        request_id=_request_id(headers, doc),
        region=region,
        operation=operation,
        retry_after=parse_retry_after(headers.get("Retry-After")) if status == 429 else None,
    )


def _error_class(status: int, code: str | None) -> type[ApiError]:
    if status == 401:
        return PermissionDeniedError if code == _PERMISSION_DENIED_CODE else AuthenticationError
    by_status: dict[int, type[ApiError]] = {
        400: BadRequestError,
        403: PermissionDeniedError,
        404: NotFoundError,
        413: BadRequestError,
        429: ThrottledError,
    }
    if status in by_status:
        return by_status[status]
    return ServerError if status >= 500 else ApiError


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _parse_json(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _is_gateway_error(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("error"), dict)


def _envelope_code(doc: Any) -> str | None:
    if isinstance(doc, dict) and "code" in doc:
        return _str_or_none(doc["code"])
    return None


def _request_id(headers: Mapping[str, str], doc: Any) -> str | None:
    if isinstance(doc, dict) and isinstance(doc.get("requestId"), str):
        return str(doc["requestId"])
    for name in REQUEST_ID_HEADERS:
        if headers.get(name):
            return headers[name]
    return None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _excerpt(body: bytes, limit: int = 200) -> str:
    return body[:limit].decode("utf-8", "replace")


def _describe_non_json(body: bytes, headers: Mapping[str, str]) -> str:
    ctype = headers.get("Content-Type", "unknown content type")
    if not body:
        return f"empty body ({ctype})"
    head = body.lstrip()[:15].lower()
    if head.startswith((b"<!doctype", b"<html", b"<")):
        return f"an HTML page instead of JSON ({ctype}): {_excerpt(body, 80)!r}"
    if head.startswith((b"{", b"[")):
        return f"truncated or malformed JSON ({len(body)} bytes): {_excerpt(body, 80)!r}"
    return f"not JSON ({ctype}): {_excerpt(body, 80)!r}"
