"""aiocdss: the async Python SDK for NAVER Cloud Platform's Cloud Data Streaming Service.

The public names are imported on first use (PEP 562), so that importing the package alone,
as the pytest plugin's entry point does in every pytest run of every project that has
aiocdss installed, does not pull in aiohttp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._client import CdssClient, RegionClient
    from ._credentials import Credentials
    from ._errors import (
        ApiError,
        AuthenticationError,
        BadRequestError,
        CdssError,
        DeadlineExceededError,
        InvalidParameterError,
        InvalidResponseError,
        NoCredentialsError,
        NotFoundError,
        PermissionDeniedError,
        ServerError,
        ThrottledError,
        TransportError,
    )
    from ._regions import Region, Site
    from ._results import RegionResults
    from ._retry import RetryPolicy
    from .models import KafkaVersion, ServerGeneration, ServerImage

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CdssClient",
    "CdssError",
    "Credentials",
    "DeadlineExceededError",
    "InvalidParameterError",
    "InvalidResponseError",
    "KafkaVersion",
    "NoCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "Region",
    "RegionClient",
    "RegionResults",
    "RetryPolicy",
    "ServerError",
    "ServerGeneration",
    "ServerImage",
    "Site",
    "ThrottledError",
    "TransportError",
    "__version__",
]

# the modules that define the public names, searched in order on first use
_HOMES = ("._client", "._credentials", "._errors", "._regions", "._results", "._retry", ".models")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'aiocdss' has no attribute {name!r}")
    for module in _HOMES:
        value = getattr(importlib.import_module(module, __name__), name, None)
        if value is not None:
            globals()[name] = value
            return value
    raise AttributeError(name)  # pragma: no cover - every name in __all__ has a home


def __dir__() -> list[str]:
    return list(__all__)
