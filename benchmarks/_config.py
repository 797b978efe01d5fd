"""Run sizes for the quick (test-suite) and full modes."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Profile:
    """How much work each scenario does; the shapes are the same in both modes."""

    name: str
    warmup_calls: int
    overhead_reps: int
    overhead_calls: int
    cpu_reps: int
    cpu_iters: int
    fanout_reps: int
    fanout_calls: int
    fanout_delay_s: float
    scale_reps: int
    scale_calls: int
    scale_concurrency: int
    scale_pool: int
    struct_reps: int
    struct_iters: int
    struct_items: int


QUICK = Profile(
    name="quick",
    warmup_calls=30,
    overhead_reps=5,
    overhead_calls=150,
    cpu_reps=3,
    cpu_iters=2_000,
    fanout_reps=3,
    fanout_calls=3,
    fanout_delay_s=0.02,
    scale_reps=1,
    scale_calls=2_000,
    scale_concurrency=500,
    scale_pool=100,
    struct_reps=3,
    struct_iters=5,
    struct_items=1_000,
)

FULL = Profile(
    name="full",
    warmup_calls=200,
    overhead_reps=21,
    overhead_calls=400,
    cpu_reps=11,
    cpu_iters=20_000,
    fanout_reps=9,
    fanout_calls=5,
    fanout_delay_s=0.05,
    scale_reps=5,
    scale_calls=5_000,
    scale_concurrency=500,
    scale_pool=100,
    struct_reps=15,
    struct_iters=40,
    struct_items=1_000,
)
