"""The examples run against the embedded sandbox, so they never rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--sandbox"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_fanout_prints_healthy_regions_and_reports_the_failed_one() -> None:
    proc = run("fanout.py")
    assert proc.returncode == 1
    regions = {line.split()[0] for line in proc.stdout.splitlines()}
    assert regions == {"KR", "JPN"}
    assert "3188144  centos-7.8-cdss" in proc.stdout
    assert "SGN  failed: HTTP 503" in proc.stderr
    assert "1 of 3 regions failed (SGN)" in proc.stderr


def test_one_region_retries_through_throttling() -> None:
    proc = run("one_region_with_retries.py")
    assert proc.returncode == 0, proc.stderr
    assert "generations: XEN/G2, KVM/G3" in proc.stdout
    assert proc.stderr.count("failed (ThrottledError); retrying") == 2
