"""The embedded CDSS sandbox: a real local HTTP server that behaves like the NCP API
Gateway in front of CDSS, for tests, examples and benchmarks without an NCP account.

It serves every region of a site on one port under the real path prefixes, checks the
signature v2 over the raw request target and the 5-minute timestamp window, answers
with the gateway's error bodies, serves the SDK's operations from seeded in-memory
state, and injects faults on request (latency, error statuses, resets, throttling,
malformed bodies, clock skew).

    from aiocdss.sandbox import Sandbox

    async with Sandbox() as sb, sb.client() as client:
        versions = await client.get_cdss_version_list()

The pytest plugin (`aiocdss.pytest_plugin`) provides it as the `cdss_sandbox` fixture.
"""

from ._core import RecordedRequest
from ._faults import Decision, Fault, FaultEffects, FaultPlan, Malformed
from ._handlers import HANDLERS, CdssApiError
from ._server import Sandbox, describe, serve_forever
from ._state import RegionState, ServerImageRecord

__all__ = [
    "HANDLERS",
    "CdssApiError",
    "Decision",
    "Fault",
    "FaultEffects",
    "FaultPlan",
    "Malformed",
    "RecordedRequest",
    "RegionState",
    "Sandbox",
    "ServerImageRecord",
    "describe",
    "serve_forever",
]
