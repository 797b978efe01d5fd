"""Summaries of repeated samples and interleaved execution of contenders."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import attrs


@attrs.frozen
class Summary:
    """Median and spread of one contender's samples (one sample per repetition)."""

    median: float
    q1: float
    q3: float
    min: float
    max: float
    n: int
    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        if not samples:
            raise ValueError("no samples")
        xs = sorted(samples)
        if len(xs) >= 2:
            q1, _, q3 = statistics.quantiles(xs, n=4, method="inclusive")
        else:
            q1 = q3 = xs[0]
        return cls(statistics.median(xs), q1, q3, xs[0], xs[-1], len(xs), tuple(samples))

    def to_json(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.min,
            "max": self.max,
            "n": self.n,
            "samples": list(self.samples),
        }


def ratio(num: Summary, den: Summary) -> float:
    """Ratio of two medians from the same run."""
    return num.median / den.median


def paired_ratio(num: Summary, den: Summary) -> Summary:
    """Per-repetition ratios (A and B measured back to back): a drift-robust spread."""
    return Summary.of([a / b for a, b in zip(num.samples, den.samples, strict=True)])


def _order(names: Sequence[str], rep: int) -> list[str]:
    """Rotate the order each repetition so no contender always runs first."""
    k = rep % len(names)
    return [*names[k:], *names[:k]]


def interleave(contenders: Mapping[str, Callable[[], float]], reps: int) -> dict[str, Summary]:
    """Run each contender's batch once per repetition, interleaved; each returns one sample."""
    names = list(contenders)
    samples: dict[str, list[float]] = {n: [] for n in names}
    for rep in range(reps):
        for name in _order(names, rep):
            gc.collect()
            samples[name].append(contenders[name]())
    return {n: Summary.of(s) for n, s in samples.items()}


async def ainterleave(
    contenders: Mapping[str, Callable[[], Awaitable[float]]], reps: int
) -> dict[str, Summary]:
    """`interleave` for coroutine batches."""
    names = list(contenders)
    samples: dict[str, list[float]] = {n: [] for n in names}
    for rep in range(reps):
        for name in _order(names, rep):
            gc.collect()
            samples[name].append(await contenders[name]())
    return {n: Summary.of(s) for n, s in samples.items()}


def per_call_us(fn: Callable[[], Any], n: int) -> Callable[[], float]:
    """A batch of `n` synchronous calls of `fn`, returning wall µs per call."""

    def run() -> float:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        return (time.perf_counter() - start) / n * 1e6

    return run
