"""What a scenario hands back: per-contender summaries, ratios, extra figures, notes."""

from __future__ import annotations

from typing import Any

import attrs

from benchmarks._stats import Summary, paired_ratio


@attrs.frozen
class Ratio:
    """`num / den` of two medians from the same run, with the per-repetition spread.

    `threshold` is the issue's bar for a cost ratio: above it the ratio is flagged.
    Ratios with a threshold or `headline` are repeated in the report's summary.
    """

    name: str
    value: float
    paired: Summary
    threshold: float | None = None
    headline: bool = False

    @classmethod
    def of(
        cls,
        name: str,
        num: Summary,
        den: Summary,
        threshold: float | None = None,
        *,
        headline: bool = False,
    ) -> Ratio:
        return cls(name, num.median / den.median, paired_ratio(num, den), threshold, headline)

    @property
    def verdict(self) -> str:
        if self.threshold is None:
            return ""
        return "ok" if self.value <= self.threshold else "ABOVE THRESHOLD"

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "paired_median": self.paired.median,
            "paired_q1": self.paired.q1,
            "paired_q3": self.paired.q3,
            "threshold": self.threshold,
            "verdict": self.verdict or None,
            "headline": self.headline or self.threshold is not None,
        }


@attrs.define
class ScenarioResult:
    """One scenario's figures; `unit` applies to every contender's summary.

    `extra` holds further per-contender figures; `columns` names those shown in the
    markdown table as (header, key) pairs.
    """

    key: str
    title: str
    unit: str
    contenders: dict[str, Summary]
    ratios: list[Ratio] = attrs.Factory(list)
    extra: dict[str, dict[str, Any]] = attrs.Factory(dict)
    columns: list[tuple[str, str]] = attrs.Factory(list)
    params: dict[str, Any] = attrs.Factory(dict)
    notes: list[str] = attrs.Factory(list)
    higher_is_better: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "unit": self.unit,
            "higher_is_better": self.higher_is_better,
            "params": self.params,
            "contenders": {
                name: {**s.to_json(), **self.extra.get(name, {})}
                for name, s in self.contenders.items()
            },
            "ratios": {r.name: r.to_json() for r in self.ratios},
            "notes": self.notes,
        }
