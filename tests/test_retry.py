"""The retry policy (pure): what is retried, how long it waits, when it stops."""

from __future__ import annotations

import pytest

from aiocdss import (
    AuthenticationError,
    BadRequestError,
    DeadlineExceededError,
    InvalidParameterError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
    ServerError,
    ThrottledError,
    TransportError,
)
from aiocdss._errors import CdssError
from aiocdss._retry import clock_offset


def half() -> float:
    return 0.5


POLICY = RetryPolicy(max_attempts=3, base_delay=1.0, max_delay=8.0, max_retry_after=30.0)


def delay(error: CdssError, *, safe: bool = True, attempt: int = 1, remaining: float | None = None):  # type: ignore[no-untyped-def]
    return POLICY.next_delay(
        retry_safe=safe, attempt=attempt, error=error, remaining=remaining, random=half
    )


def reset(sent: bool = True) -> TransportError:
    return TransportError("x", reason="reset" if sent else "connect", request_sent=sent)


@pytest.mark.parametrize(
    "error",
    [
        ServerError("x", status=503),
        ServerError("x", status=502),
        ThrottledError("x", status=429),
        reset(),
        reset(sent=False),
        TransportError("x", reason="payload"),
    ],
)
def test_retryable_for_safe_operations(error: CdssError) -> None:
    assert delay(error) == 0.75  # half fixed + half of the ceiling * 0.5


@pytest.mark.parametrize(
    "error",
    [
        AuthenticationError("x", status=401),
        PermissionDeniedError("x", status=403),
        NotFoundError("x", status=404),
        BadRequestError("x", status=400),
        InvalidResponseError("x", status=200),
        DeadlineExceededError("x", reason="deadline"),
    ],
)
def test_never_retried(error: CdssError) -> None:
    assert delay(error) is None


def test_unsafe_operations_retry_only_what_never_reached_the_server() -> None:
    assert delay(ServerError("x", status=503), safe=False) is None
    assert delay(reset(), safe=False) is None
    assert delay(reset(sent=False), safe=False) is not None
    assert delay(ThrottledError("x", status=429), safe=False) is not None


def test_exponential_backoff_with_cap() -> None:
    assert [POLICY.backoff(n, half) for n in (1, 2, 3, 4, 5)] == [0.75, 1.5, 3.0, 6.0, 6.0]
    assert POLICY.backoff(1, lambda: 0.0) == 0.5
    assert POLICY.backoff(1, lambda: 1.0) == 1.0


def test_stops_after_max_attempts() -> None:
    assert delay(reset(), attempt=2) is not None
    assert delay(reset(), attempt=3) is None


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    assert delay(ThrottledError("x", status=429, retry_after=5.0)) == 5.0
    assert delay(ThrottledError("x", status=429, retry_after=0.1)) == 0.75
    assert delay(ThrottledError("x", status=429, retry_after=31.0)) is None


def test_never_sleeps_past_the_deadline() -> None:
    assert delay(reset(), remaining=0.5) is None
    assert delay(reset(), remaining=0.8) == 0.75
    assert delay(ThrottledError("x", status=429, retry_after=5.0), remaining=4.0) is None


def test_policy_validates_its_arguments() -> None:
    with pytest.raises(InvalidParameterError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


def test_clock_offset_from_date_header() -> None:
    date = "Fri, 04 Dec 2026 10:00:00 GMT"
    server = 1796378400.0
    assert clock_offset(date, server - 600) == 600.0
    assert clock_offset(date, server + 400) == -400.0
    assert clock_offset(date, server - 5) is None
    assert clock_offset(None, server) is None
    assert clock_offset("garbage", server) is None
