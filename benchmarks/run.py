"""Entry point: `python benchmarks/run.py [--quick] [--json PATH]` (or `python -m benchmarks`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    if not __package__:  # run as a script: make the repository root importable
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks._runner import main as run_main

    return run_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
