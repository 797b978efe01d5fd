"""Loads the recorded responses in tests/recorded/ (status line, headers, body), the way
gidgethub's tests feed its sans-I/O core."""

from __future__ import annotations

from pathlib import Path

from multidict import CIMultiDict

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
