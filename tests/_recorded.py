"""Loads the recorded responses in tests/recorded/ (status line, headers, body), the way
gidgethub's tests feed its sans-I/O core."""

from __future__ import annotations

from pathlib import Path

from multidict import CIMultiDict

from aiocdss import ServerImage

HERE = Path(__file__).parent / "recorded"


def load(name: str) -> tuple[int, CIMultiDict[str], bytes]:
    raw = (HERE / name).read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode().split("\r\n")
    headers: CIMultiDict[str] = CIMultiDict()
    for line in header_lines:
        key, _, value = line.partition(":")
        headers.add(key.strip(), value.strip())
    return int(status_line.split()[1]), headers, body


#: The KR example response of getClusterServerImageList, as models (the `order` field dropped).
DOCUMENTED_KR_IMAGES = [
    ServerImage(
        server_image_no=3188144,
        software_product_code="SW.VCDSS.OS.LNX64.CNTOS.07.G003",
        server_name="centos-7.8-cdss",
    ),
    ServerImage(
        server_image_no=100059417,
        software_product_code="SW.VCDSS.OS.LNX64.ROCKY.08.G003",
        server_name="Rocky Linux 8",
    ),
]
