"""Sites and regions: where each CDSS region lives (host and path prefix).

KR, SGN and JPN share one gateway host and differ only by path prefix, so one
connection pool serves them all.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from ._errors import InvalidParameterError


class Site(enum.Enum):
    """An NCP site: a gateway host with its own set of regions."""

    PUBLIC = "clouddatastreamingservice.apigw.ntruss.com"
    GOV = "clouddatastreamingservice.apigw.gov-ntruss.com"

    @property
    def host(self) -> str:
        return self.value

    @property
    def regions(self) -> tuple[Region, ...]:
        return tuple(r for r in Region if r.site is self)

    @classmethod
    def parse(cls, site: Site | str) -> Site:
        """Accept a `Site` or its name (`"public"`, `"gov"`), case-insensitively."""
        if isinstance(site, Site):
            return site
        try:
            return cls[str(site).strip().upper()]
        except KeyError:
            valid = ", ".join(s.name.lower() for s in cls)
            raise InvalidParameterError(
                f"unknown site {site!r}; valid sites: {valid} "
                "(the financial site's CDSS host is not documented, so it is not built in; "
                "use endpoint= to reach it)"
            ) from None


class Region(enum.Enum):
    """A CDSS region: its site, its code and the path prefix the gateway routes on."""

    KR = (Site.PUBLIC, "KR", "/api/v1")
    SGN = (Site.PUBLIC, "SGN", "/api/sgn-v1")
    JPN = (Site.PUBLIC, "JPN", "/api/jpn-v1")
    GOV_KR = (Site.GOV, "KR", "/api/v1")
    GOV_KRS = (Site.GOV, "KRS", "/api/krs-v1")

    @property
    def site(self) -> Site:
        return self.value[0]

    @property
    def code(self) -> str:
        """The region code as NCP writes it (`KR`, `SGN`, `JPN`, `KRS`)."""
        return self.value[1]

    @property
    def prefix(self) -> str:
        return self.value[2]

    def __repr__(self) -> str:
        return f"Region.{self.name}"

    def __str__(self) -> str:
        return self.code if self.site is Site.PUBLIC else f"{self.site.name.lower()}:{self.code}"


def resolve_region(site: Site, code: Region | str) -> Region:
    """Find `code` (case-insensitive) among `site`'s regions or raise naming the valid codes."""
    if isinstance(code, Region):
        if code.site is not site:
            raise InvalidParameterError(
                f"region {code!r} belongs to site {code.site.name.lower()!r}, "
                f"not {site.name.lower()!r}; valid codes: {_codes(site.regions)}"
            )
        return code
    wanted = str(code).strip().upper()
    for region in site.regions:
        if region.code == wanted or region.name == wanted:
            return region
    raise InvalidParameterError(
        f"unknown region {code!r} for the {site.name.lower()} site; "
        f"valid codes: {_codes(site.regions)}"
    )


def _codes(regions: Iterable[Region]) -> str:
    return ", ".join(r.code for r in regions)
