"""The SDK's exception tree.

Every failure a caller can handle is a `CdssError`. API failures carry the HTTP
status, the gateway or CDSS code, the request id, the region and the operation,
so a log line or an `ExceptionGroup` from a fan-out says exactly what failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

if TYPE_CHECKING:
    from ._regions import Region


class CdssError(Exception):
    """Base class of every error raised by aiocdss."""


class InvalidParameterError(CdssError, ValueError):
    """An argument is not acceptable; raised before any request is sent."""


class NoCredentialsError(CdssError):
    """No access key / secret key pair was found; the message lists every place looked."""

    def __init__(self, looked: list[str]) -> None:
        self.looked = list(looked)
        lines = "\n".join(f"  - {place}" for place in self.looked)
        super().__init__(f"no NCP API credentials found; looked in:\n{lines}")


class _Where(TypedDict, total=False):
    """Where a request-bound error happened; every field is optional."""

    region: Region | None
    operation: str | None
    request_id: str | None


class _RequestError(CdssError):
    """Shared fields of errors tied to one request (region, operation, status, request id)."""

    def __init__(self, message: str, *, status: int | None = None, **where: Unpack[_Where]) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.region = where.get("region")
        self.operation = where.get("operation")
        self.request_id = where.get("request_id")

    def _where(self) -> str:
        parts = [p for p in (self.operation, str(self.region) if self.region else None) if p]
        return f" [{' '.join(parts)}]" if parts else ""


class TransportError(_RequestError):
    """The request did not get a complete HTTP response: connect failure, reset, truncated
    payload, pool-acquire timeout, or the call's deadline.

    `reason` is one of `connect`, `pool`, `reset`, `payload`, `timeout`, `deadline`;
    `request_sent` is False only when the request certainly never reached the server
    (so even an unsafe operation may be retried).
    """

    def __init__(
        self, message: str, *, reason: str, request_sent: bool = True, **where: Unpack[_Where]
    ) -> None:
        super().__init__(message, **where)
        self.reason = reason
        self.request_sent = request_sent

    def __str__(self) -> str:
        return f"{self.message}{self._where()}"


class DeadlineExceededError(TransportError):
    """The call's total `timeout` (covering every retry) ran out."""


class ApiError(_RequestError):
    """The gateway or CDSS answered with an error (HTTP status >= 400, or a non-zero
    envelope `code`)."""

    status: int

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        retry_after: float | None = None,
        **where: Unpack[_Where],
    ) -> None:
        super().__init__(message, status=status, **where)
        self.code = code
        self.retry_after = retry_after

    def __str__(self) -> str:
        code = f" code={self.code}" if self.code is not None else ""
        rid = f" request_id={self.request_id}" if self.request_id else ""
        return f"HTTP {self.status}{code}: {self.message}{self._where()}{rid}"


class BadRequestError(ApiError):
    """400 / 413: the request was malformed or too large."""


class AuthenticationError(ApiError):
    """401 (gateway code 200): the signature, access key or timestamp was rejected."""


class PermissionDeniedError(ApiError):
    """403, or 401 with gateway code 210: the key is valid but lacks permission."""


class NotFoundError(ApiError):
    """404: no such path or resource (gateway code 300)."""


class ThrottledError(ApiError):
    """429: quota, throttle or rate limit exceeded (gateway codes 400 / 410 / 420)."""


class ServerError(ApiError):
    """5xx: the gateway or CDSS failed (gateway codes 500 / 510 / 900)."""


class InvalidResponseError(_RequestError):
    """The response body is not what the API documents: HTML, truncated or non-JSON, or
    JSON that does not fit the model (`path` names the offending field)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        path: str | None = None,
        body_excerpt: str = "",
        **where: Unpack[_Where],
    ) -> None:
        super().__init__(message, status=status, **where)
        self.path = path
        self.body_excerpt = body_excerpt

    def __str__(self) -> str:
        rid = f" request_id={self.request_id}" if self.request_id else ""
        return f"invalid response (HTTP {self.status}): {self.message}{self._where()}{rid}"
