"""Bench-only third-party packages, imported lazily with a clear message when missing."""

from __future__ import annotations

import importlib
from types import ModuleType

HINT = "install the bench extra: pip install -e '.[bench]'"


class MissingBenchDependency(RuntimeError):
    """A package of the `bench` extra is not installed."""


def require(name: str) -> ModuleType:
    """Import `name` or raise `MissingBenchDependency` naming the extra to install."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingBenchDependency(f"the benchmarks need {name!r}: {HINT}") from exc


def check_all() -> None:
    """Fail fast, before any server starts, if a bench dependency is missing."""
    for name in ("requests", "pydantic", "msgspec"):
        require(name)
