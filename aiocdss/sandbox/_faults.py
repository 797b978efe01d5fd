"""The fault model (pure): injected misbehaviour and the decision for each request.

A `Fault` is plain data: where it applies (region, operation; None means every one), an
optional added latency and at most one outcome (a queue of error statuses, connection
resets, a rate limit or a malformed body). `FaultPlan.decide` walks the faults in the
order they were injected and returns one `Decision`; the clock is passed in, so the
whole model is tested without a server or a sleep.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Literal, TypedDict, get_args

import attrs

from .._operations import OPERATIONS
from .._regions import Region

Malformed = Literal["html", "truncated", "wrong_schema", "truncated_payload"]
MALFORMED_KINDS: tuple[str, ...] = get_args(Malformed)


class FaultEffects(TypedDict, total=False):
    """The keyword arguments of `Sandbox.inject` after `region` and `operation`."""

    latency: float
    statuses: Sequence[int] | int
    retry_after: int | None
    resets: int
    rate_limit: tuple[int, float] | None
    malformed: Malformed | None
    times: int | None


@attrs.define
class TokenBucket:
    """`capacity` requests per `per_seconds`, refilled continuously; starts full."""

    capacity: int
    per_seconds: float
    tokens: float = attrs.field(init=False)
    last: float | None = attrs.field(default=None, init=False)

    def __attrs_post_init__(self) -> None:
        self.tokens = float(self.capacity)

    def take(self, now: float) -> float:
        """Take a token at time `now`: 0.0 if one was available, else the seconds until one
        will be (the request is then refused and takes nothing)."""
        rate = self.capacity / self.per_seconds
        if self.last is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / rate


@attrs.frozen
class Decision:
    """What the sandbox does with one request after the gateway accepted it."""

    latency: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    reset: bool = False
    malformed: Malformed | None = None

    @property
    def replaces_response(self) -> bool:
        """True if the normal answer is replaced (an error status, a reset, a bad body)."""
        return self.status is not None or self.reset or self.malformed is not None

    @property
    def label(self) -> str | None:
        """A short description for the request log (`None` when nothing was injected)."""
        parts = [f"latency {self.latency:g}s"] if self.latency else []
        if self.status is not None:
            parts.append(f"status {self.status}")
        if self.reset:
            parts.append("reset")
        if self.malformed is not None:
            parts.append(self.malformed)
        return ", ".join(parts) or None


def _statuses(value: Sequence[int] | int) -> tuple[int, ...]:
    return (value,) if isinstance(value, int) else tuple(value)


@attrs.define(kw_only=True)
class Fault:
    """One injected misbehaviour; see `Sandbox.inject` for the meaning of each argument.

    `times` limits how many requests the fault applies to. It defaults to the length of
    `statuses` or to `resets` (those consume themselves) and is otherwise unlimited.
    """

    region: Region | None = None
    operation: str | None = None
    latency: float = 0.0
    statuses: tuple[int, ...] = attrs.field(default=(), converter=_statuses)
    retry_after: int | None = None
    resets: int = 0
    rate_limit: tuple[int, float] | None = None
    malformed: Malformed | None = None
    times: int | None = None
    applied: int = attrs.field(default=0, init=False)
    _bucket: TokenBucket | None = attrs.field(default=None, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _validate(self)
        if self.statuses:
            self.times = len(self.statuses)
        elif self.resets:
            self.times = self.resets
        if self.rate_limit is not None:
            self.rate_limit = (int(self.rate_limit[0]), float(self.rate_limit[1]))
            self._bucket = TokenBucket(*self.rate_limit)

    @property
    def has_outcome(self) -> bool:
        """True if the fault replaces the response (not only delays it)."""
        return bool(self.statuses or self.resets or self.rate_limit or self.malformed)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.applied >= self.times

    def matches(self, region: Region, operation: str) -> bool:
        return (self.region in (None, region)) and (self.operation in (None, operation))

    def apply(self, now: float) -> Decision:
        """Apply the fault to one more request (the caller checked `matches`)."""
        index = self.applied
        self.applied += 1
        if self.statuses:
            return Decision(self.latency, self.statuses[index], self.retry_after)
        if self.resets:
            return Decision(self.latency, reset=True)
        if self._bucket is not None:
            wait = self._bucket.take(now)
            if wait:
                return Decision(self.latency, 429, max(1, math.ceil(wait)))
        return Decision(self.latency, malformed=self.malformed)


def _validate(fault: Fault) -> None:
    outcomes = [
        name for name in ("statuses", "resets", "rate_limit", "malformed") if getattr(fault, name)
    ]
    if len(outcomes) > 1:
        raise ValueError(f"one outcome per fault, got {' and '.join(outcomes)}; inject twice")
    if not outcomes and not fault.latency:
        raise ValueError(
            "nothing to inject: give latency, statuses, resets, rate_limit or malformed"
        )
    if fault.operation is not None and (
        not isinstance(fault.operation, str) or fault.operation not in OPERATIONS
    ):
        raise ValueError(
            f"unknown operation {fault.operation!r}; known: {', '.join(sorted(OPERATIONS))}"
        )
    if not (isinstance(fault.latency, int | float) and 0 <= fault.latency < math.inf):
        raise ValueError(f"latency must be a finite number of seconds >= 0, got {fault.latency!r}")
    bad = [s for s in fault.statuses if not (isinstance(s, int) and 400 <= s <= 599)]
    if bad:
        raise ValueError(f"statuses must be HTTP error statuses 400..599, got {bad!r}")
    if fault.retry_after is not None and not (
        fault.statuses and isinstance(fault.retry_after, int) and fault.retry_after >= 0
    ):
        raise ValueError("retry_after (whole seconds >= 0) goes with statuses, e.g. [429]")
    if not isinstance(fault.resets, int) or fault.resets < 0:
        raise ValueError(f"resets must be >= 0, got {fault.resets!r}")
    if fault.rate_limit is not None:
        _check_rate_limit(fault.rate_limit)
    if fault.malformed is not None and fault.malformed not in MALFORMED_KINDS:
        raise ValueError(
            f"malformed must be one of {', '.join(MALFORMED_KINDS)}, got {fault.malformed!r}"
        )
    if fault.times is not None:
        if fault.statuses or fault.resets:
            raise ValueError("statuses and resets count themselves; do not also give times")
        if not isinstance(fault.times, int) or fault.times < 1:
            raise ValueError(f"times must be >= 1, got {fault.times!r}")


def _check_rate_limit(rate_limit: Sequence[float]) -> None:
    try:
        count, per_seconds = rate_limit
        ok = isinstance(count, int) and count >= 1 and per_seconds > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"rate_limit is (requests >= 1, per_seconds > 0), got {rate_limit!r}")


class FaultPlan:
    """The active faults of one sandbox, in injection order; safe to change from any thread
    (the test thread injects while the server thread decides)."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> int:
        """Remove every fault; return how many there were."""
        with self._lock:
            count = len(self._faults)
            self._faults.clear()
        return count

    def active(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def decide(self, region: Region, operation: str, now: float) -> Decision:
        """Apply every matching fault to one request: latencies add up and the first fault
        with an outcome decides it (later ones with an outcome wait for the next request).
        A rate limit that still has a token lets the request through to the next fault."""
        latency = 0.0
        outcome: Decision | None = None
        with self._lock:
            for fault in self._faults:
                if not fault.matches(region, operation):
                    continue
                if fault.has_outcome and outcome is not None:
                    continue
                step = fault.apply(now)
                latency += step.latency
                if step.replaces_response:
                    outcome = step
            self._faults = [f for f in self._faults if not f.exhausted]
        return attrs.evolve(outcome or Decision(), latency=latency)
