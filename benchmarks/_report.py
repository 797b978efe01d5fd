"""Machine information, the markdown tables and the JSON document."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import sys
from typing import Any

from benchmarks._result import ScenarioResult

_PACKAGES = (
    "aiocdss",
    "aiohttp",
    "yarl",
    "multidict",
    "attrs",
    "cattrs",
    "requests",
    "pydantic",
    "msgspec",
)


def machine_info() -> dict[str, Any]:
    """Where the figures come from: platform, interpreter, CPUs and package versions."""
    versions: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "packages": versions,
    }


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _num(x: float) -> str:
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return _num(value)
    return str(value)


def scenario_markdown(res: ScenarioResult) -> str:
    """One scenario: a table of contenders, then its ratios and notes."""
    head = ["contender", f"median {res.unit}", "IQR", "min - max", "n"]
    head += [header for header, _ in res.columns]
    lines = [
        f"### {res.title}",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|",
    ]
    for name, s in res.contenders.items():
        cells = [
            name,
            _num(s.median),
            f"{_num(s.q1)} - {_num(s.q3)}",
            f"{_num(s.min)} - {_num(s.max)}",
            str(s.n),
        ]
        cells += [_cell(res.extra[name].get(key, "")) for _, key in res.columns]
        lines.append("| " + " | ".join(cells) + " |")
    if res.ratios:
        lines += [
            "",
            "| ratio (medians) | value | per-rep IQR | threshold | verdict |",
            "|---|---:|---:|---:|---|",
        ]
        for r in res.ratios:
            threshold = f"≤ {r.threshold:g}" if r.threshold is not None else ""
            lines.append(
                f"| {r.name} | {r.value:.3f}x | {r.paired.q1:.3f} - {r.paired.q3:.3f} "
                f"| {threshold} | {r.verdict} |"
            )
    lines += ["", *(f"- {n}" for n in res.notes)]
    return "\n".join(lines)


def markdown(doc: dict[str, Any], results: list[ScenarioResult]) -> str:
    """The whole report: header with the machine, then one section per scenario."""
    m = doc["machine"]
    header = [
        f"## aiocdss benchmarks ({doc['mode']} mode, {doc['elapsed_s']:.1f} s)",
        "",
        f"{m['cpu_model']} x {m['cpu_count']} · Python {m['python']} · {m['platform']} · "
        f"aiohttp {m['packages']['aiohttp']} · cattrs {m['packages']['cattrs']}",
        "",
        "Loopback server in its own process; it does not verify signatures. Contenders run "
        "interleaved in one process run; ratios are of medians from this run.",
    ]
    sections = ["\n".join(header), _summary(results), *(scenario_markdown(r) for r in results)]
    return "\n\n".join(s for s in sections if s) + "\n"


def _summary(results: list[ScenarioResult]) -> str:
    """The headline ratios of every scenario, with the issue's bars, in one table."""
    rows = [
        f"| {re.split(': |, ', res.title)[0]} | {r.name} | {r.value:.3f}x "
        f"| {f'≤ {r.threshold:g}' if r.threshold is not None else ''} | {r.verdict} |"
        for res in results
        for r in res.ratios
        if r.headline or r.threshold is not None
    ]
    if not rows:
        return ""
    head = [
        "### Summary",
        "",
        "| scenario | ratio (medians) | value | bar | verdict |",
        "|---|---|---:|---:|---|",
    ]
    return "\n".join(head + rows)


def document(results: list[ScenarioResult], mode: str, elapsed: float) -> dict[str, Any]:
    """The JSON document written next to the markdown."""
    return {
        "mode": mode,
        "elapsed_s": elapsed,
        "machine": machine_info(),
        "scenarios": {r.key: r.to_json() for r in results},
    }
