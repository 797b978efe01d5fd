"""aiocdss: the async Python SDK for NAVER Cloud Platform's Cloud Data Streaming Service."""

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
from ._version import __version__
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
