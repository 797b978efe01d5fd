"""The sandbox's in-memory CDSS data, one `RegionState` per region, seeded per site.

Records are attrs classes so the SDK's converter turns them into the API's camelCase
JSON; where the wire carries more than the SDK exposes (the image list's `order`), the
record here has that field too, in the documented position.
"""

from __future__ import annotations

import attrs

from .._regions import Region, Site
from ..models import KafkaVersion, ServerGeneration


@attrs.frozen(kw_only=True)
class ServerImageRecord:
    """One `serverImageList` item as CDSS sends it, including the undocumented `order`."""

    server_image_no: int
    software_product_code: str
    order: int
    server_name: str


@attrs.define(kw_only=True)
class RegionState:
    """Mutable CDSS data of one region; the handlers read (and later change) it."""

    server_images: list[ServerImageRecord]
    server_generations: list[ServerGeneration]
    kafka_versions: list[KafkaVersion]


_CENTOS = "SW.VCDSS.OS.LNX64.CNTOS.07.G003"
_ROCKY = "SW.VCDSS.OS.LNX64.ROCKY.08.G003"

# KR: exactly the documented example (seed-getClusterServerImageList.txt).
# The other regions' image numbers are sandbox data, invented to tell the regions apart.
_IMAGES: dict[Region, tuple[tuple[int, str, int, str], ...]] = {
    Region.KR: ((3188144, _CENTOS, 2, "centos-7.8-cdss"), (100059417, _ROCKY, 3, "Rocky Linux 8")),
    Region.SGN: ((3188152, _CENTOS, 2, "centos-7.8-cdss"), (100059433, _ROCKY, 3, "Rocky Linux 8")),
    Region.JPN: ((3188160, _CENTOS, 2, "centos-7.8-cdss"), (100059441, _ROCKY, 3, "Rocky Linux 8")),
    Region.GOV_KR: ((100059501, _ROCKY, 3, "Rocky Linux 8"),),
    Region.GOV_KRS: ((100059509, _ROCKY, 3, "Rocky Linux 8"),),
}

# Documented example of getServerGenerationList.
_GENERATIONS = (("XEN", "G2"), ("KVM", "G3"))

# Sandbox data: only the first code ("3903006") appears in the documentation; the names
# and the other versions are plausible inventions. The newest has no CMAK (it was removed).
_KAFKA_VERSIONS = (
    ("4003000", "CDSS 4.0.0", "4.0.0", None),
    ("3903006", "CDSS 3.9.0", "3.9.0", "3.0.0.6"),
    ("3703006", "CDSS 3.7.0", "3.7.0", "3.0.0.6"),
    ("3503006", "CDSS 3.5.0", "3.5.0", "3.0.0.6"),
    ("2802005", "CDSS 2.8.2", "2.8.2", "3.0.0.5"),
)


def seed_region(region: Region) -> RegionState:
    """Fresh seeded state for one region (nothing is shared between sandboxes)."""
    return RegionState(
        server_images=[
            ServerImageRecord(
                server_image_no=no, software_product_code=code, order=order, server_name=name
            )
            for no, code, order, name in _IMAGES[region]
        ],
        server_generations=[
            ServerGeneration(hypervisor_code=h, generation_code=g) for h, g in _GENERATIONS
        ],
        kafka_versions=[
            KafkaVersion(
                kafka_version_code=code,
                application_version_name=app,
                kafka_version_name=kafka,
                cmak_version_name=cmak,
            )
            for code, app, kafka, cmak in _KAFKA_VERSIONS
        ],
    )


def seed_site(site: Site) -> dict[Region, RegionState]:
    """Seeded state for every region of `site`."""
    return {region: seed_region(region) for region in site.regions}
