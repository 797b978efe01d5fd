"""The benchmarks' quick mode runs end to end and reports every figure (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {"overhead", "overhead_cpu", "fanout", "scale", "structuring", "decoding"}
CONTENDERS = {
    "overhead": {"aiocdss", "bare aiohttp (floor)"},
    "fanout": {
        "aiocdss fan-out",
        "bare aiohttp + gather",
        "requests.Session, one region after another",
    },
    "scale": {"aiocdss", "bare aiohttp (floor)"},
}


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    """This interpreter with `args`, from the repository root, output captured."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    for name in ("requests", "pydantic", "msgspec"):
        pytest.importorskip(
            name, reason="the benchmarks need the bench extra: pip install -e '.[bench]'"
        )
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    proc = run_python("-m", "benchmarks", "--quick", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text()), proc.stdout


def test_every_scenario_and_contender_has_positive_medians(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    doc, _ = quick_run
    assert doc["mode"] == "quick"
    assert set(doc["scenarios"]) == SCENARIOS
    for key, scenario in doc["scenarios"].items():
        assert scenario["contenders"], key
        for name, figures in scenario["contenders"].items():
            assert figures["median"] > 0, (key, name)
            assert figures["min"] <= figures["median"] <= figures["max"], (key, name)
            assert len(figures["samples"]) == figures["n"] >= 1, (key, name)
        for name, ratio in scenario["ratios"].items():
            assert ratio["value"] > 0, (key, name)
    for key, names in CONTENDERS.items():
        assert set(doc["scenarios"][key]["contenders"]) == names


def test_structuring_compares_the_converter_with_the_floor_and_the_alternatives(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    doc, _ = quick_run
    for key in ("structuring", "decoding"):
        names = " ".join(doc["scenarios"][key]["contenders"])
        for word in ("aiocdss", "floor", "pydantic", "msgspec"):
            assert word in names, (key, word)
    assert doc["scenarios"]["structuring"]["params"]["items"] == 1000


def test_scale_has_no_errors_and_stays_within_the_pool(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    scale = quick_run[0]["scenarios"]["scale"]
    params = scale["params"]
    assert params["concurrency"] > params["max_connections"] == 100
    for name, figures in scale["contenders"].items():
        assert figures["errors"] == 0, (name, figures["error_kinds"])
        assert figures["ok_calls"] == params["calls"] * params["reps"], name
        assert 0 < figures["connections"] <= params["max_connections"], name
        assert figures["peak_rss_mb"] > 0, name


def test_output_has_markdown_tables_and_machine_info(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    doc, stdout = quick_run
    for heading in ("### 1.", "### 1b.", "### 2.", "### 3.", "### 4.", "### 4b."):
        assert heading in stdout
    assert "| contender |" in stdout and "| ratio (medians) |" in stdout
    machine = doc["machine"]
    assert machine["python"] and machine["cpu_count"] >= 1 and "platform" in machine
    assert doc["elapsed_s"] < 30  # the quick mode's budget, not a performance figure


def test_script_entry_point_runs_outside_the_package() -> None:
    proc = run_python("benchmarks/run.py", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "--quick" in proc.stdout


def test_missing_bench_package_is_named_with_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", [str(ROOT), *sys.path])
    from benchmarks._optional import MissingBenchDependency, require

    monkeypatch.setitem(sys.modules, "msgspec", None)
    with pytest.raises(MissingBenchDependency, match=r"msgspec.*\[bench\]"):
        require("msgspec")
