"""`RegionResults`: one call's outcome in every region, healthy and failed side by side."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from ._errors import CdssError
from ._regions import Region

T = TypeVar("T")


class RegionResults(Mapping[Region, T], Generic[T]):
    """A read-only mapping Region -> result, in the order the regions were asked.

    Indexing a failed region raises that region's error; `.ok` holds only the healthy
    results and `.errors` only the failures, so no region is ever hidden. Keys may be
    given as `Region` members or as region codes (`"KR"`).
    """

    __slots__ = ("_errors", "_ok", "_order")

    def __init__(
        self, order: list[Region], ok: Mapping[Region, T], errors: Mapping[Region, CdssError]
    ) -> None:
        self._order = tuple(order)
        self._ok = dict(ok)
        self._errors = dict(errors)

    @property
    def ok(self) -> dict[Region, T]:
        """The regions that answered, with their results."""
        return dict(self._ok)

    @property
    def errors(self) -> dict[Region, CdssError]:
        """Only the regions that failed, with their errors."""
        return dict(self._errors)

    @property
    def regions(self) -> tuple[Region, ...]:
        return self._order

    def raise_for_errors(self) -> RegionResults[T]:
        """Return self if every region answered, else raise an `ExceptionGroup` of the
        failed regions' errors."""
        if self._errors:
            failed = ", ".join(str(r) for r in self._errors)
            raise ExceptionGroup(
                f"{len(self._errors)} of {len(self._order)} regions failed ({failed})",
                list(self._errors.values()),
            )
        return self

    def _key(self, key: Region | str) -> Region:
        if isinstance(key, Region):
            return key
        wanted = str(key).upper()
        for region in self._order:
            if region.code == wanted or region.name == wanted:
                return region
        raise KeyError(key)

    def __getitem__(self, key: Region | str) -> T:
        region = self._key(key)
        if region in self._errors:
            raise self._errors[region]
        return self._ok[region]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, Region | str):
            return False
        try:
            return self._key(key) in self._order
        except KeyError:
            return False

    def __iter__(self) -> Iterator[Region]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        parts = [f"{r!r}: {self._ok[r]!r}" for r in self._order if r in self._ok]
        parts += [f"{r!r}: {type(e).__name__}({e})" for r, e in self._errors.items()]
        return f"RegionResults({{{', '.join(parts)}}})"
