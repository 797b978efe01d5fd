"""Retry decisions (pure): given the operation, the attempt and its outcome, how long to
wait before the next attempt, or stop.

Rules: throttling (429) and failures that certainly never reached the server (connect,
pool) are retried for every operation; 5xx, resets, truncated payloads and read
timeouts only for operations marked safe to retry in the operation table. Other 4xx are
never retried (the clock-skew 401 is handled by `clock_offset`). Never past the deadline.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable

import attrs

from ._errors import (
    CdssError,
    DeadlineExceededError,
    InvalidParameterError,
    ServerError,
    ThrottledError,
    TransportError,
)

#: NCP rejects timestamps 5 minutes or more away from the gateway clock; a local clock this
#: far off (or more) is worth correcting after a 401.
SKEW_THRESHOLD_SECONDS = 30.0


@attrs.frozen
class RetryPolicy:
    """Exponential backoff with jitter; `Retry-After` honoured up to `max_retry_after`."""

    max_attempts: int = 3
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def __attrs_post_init__(self) -> None:
        if self.max_attempts < 1:
            raise InvalidParameterError(f"max_attempts must be >= 1, got {self.max_attempts}")
        if self.base_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise InvalidParameterError("retry delays must be >= 0")

    def backoff(self, attempt: int, random: Callable[[], float]) -> float:
        """Delay after failed attempt `attempt` (1-based): half fixed, half random."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return ceiling / 2 + random() * ceiling / 2

    def next_delay(
        self,
        *,
        retry_safe: bool,
        attempt: int,
        error: CdssError,
        remaining: float | None,
        random: Callable[[], float],
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up with `error`."""
        if attempt >= self.max_attempts or not _retryable(error, retry_safe):
            return None
        delay = self.backoff(attempt, random)
        if isinstance(error, ThrottledError) and error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            delay = max(delay, error.retry_after)
        if remaining is not None and delay >= remaining:
            return None
        return delay


def _retryable(error: CdssError, retry_safe: bool) -> bool:
    if isinstance(error, DeadlineExceededError):
        return False
    if isinstance(error, ThrottledError):
        return True
    if isinstance(error, TransportError):
        return retry_safe or not error.request_sent
    if isinstance(error, ServerError):
        return retry_safe
    return False


def clock_offset(date_header: str | None, local_now: float) -> float | None:
    """Server time minus local time from a response `Date` header, if it is large enough
    to explain a 401 (NCP's window is 5 minutes); otherwise None."""
    if not date_header:
        return None
    try:
        server = email.utils.parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError):
        return None
    offset = server - local_now
    return offset if abs(offset) >= SKEW_THRESHOLD_SECONDS else None
