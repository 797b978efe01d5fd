"""pytest fixtures for code that uses aiocdss (registered through the `pytest11` entry
point, so installing aiocdss makes them available).

- `cdss_sandbox`: a running `aiocdss.sandbox.Sandbox` on its own thread, so it works in
  synchronous tests and in async tests on any event loop. Options for one test:
  `@pytest.mark.cdss_sandbox(site="gov")` (keyword arguments of `Sandbox`).
- `cdss_client`: a `CdssClient` pointed at `cdss_sandbox`, closed after the test (only
  when pytest-asyncio is installed).

Importing this module is cheap: the SDK is imported when a fixture is first used.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aiocdss import CdssClient
    from aiocdss.sandbox import Sandbox

try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - exercised only without pytest-asyncio
    pytest_asyncio = None  # type: ignore[assignment]

MARKER = "cdss_sandbox"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**kwargs): options for the cdss_sandbox fixture, e.g. site='gov' "
        "(keyword arguments of aiocdss.sandbox.Sandbox)",
    )


@pytest.fixture
def cdss_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A fresh sandbox per test, serving on 127.0.0.1 from a daemon thread."""
    from aiocdss.sandbox import Sandbox

    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    with Sandbox.running_in_thread(**options) as sandbox:
        yield sandbox


if pytest_asyncio is not None:

    @pytest_asyncio.fixture
    async def cdss_client(cdss_sandbox: Sandbox) -> AsyncIterator[CdssClient]:
        """A `CdssClient` for `cdss_sandbox` (all regions of its site), closed afterwards."""
        async with cdss_sandbox.client() as client:
            yield client
