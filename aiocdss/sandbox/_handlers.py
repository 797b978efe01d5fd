"""What each CDSS operation does in the sandbox: `HANDLERS` maps an operation name to a
function `(state, params) -> result`.

Routing (method, path, region prefix) comes from the SDK's operation table, so a new
operation needs only an entry here and its data in `RegionState`. The result is the
envelope's `result` object, written as the documentation shows it (the result key is
spelled out here, not taken from the SDK, so the sandbox checks the SDK's table).
`params` holds the request's query, JSON body and path parameters by their API names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._converter import unstructure
from ._state import RegionState

Params = Mapping[str, Any]
Handler = Callable[[RegionState, Params], dict[str, Any]]

#: The envelope `code` the sandbox uses for a rejected parameter. The documentation lists
#: no CDSS error codes; any non-zero code marks an error envelope.
INVALID_PARAMETER_CODE = 400

#: `getClusterServerImageList` is a G3 (KVM) API; the docs list G3 as the only value.
IMAGE_GENERATION_CODES = ("G3",)


class CdssApiError(Exception):
    """A CDSS-level refusal: sent as the envelope with a non-zero `code` and this status."""

    def __init__(self, message: str, *, code: int = INVALID_PARAMETER_CODE, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


def get_cluster_server_image_list(state: RegionState, params: Params) -> dict[str, Any]:
    generation = params.get("generationCode")
    if generation is not None and generation not in IMAGE_GENERATION_CODES:
        raise CdssApiError(
            f"Invalid parameter: generationCode {generation!r} "
            f"(valid: {', '.join(IMAGE_GENERATION_CODES)})"
        )
    return {"serverImageList": unstructure(state.server_images)}


def get_server_generation_list(state: RegionState, params: Params) -> dict[str, Any]:
    return {"serverGenerationList": unstructure(state.server_generations)}


def get_cdss_version_list(state: RegionState, params: Params) -> dict[str, Any]:
    return {"kafkaVersionList": unstructure(state.kafka_versions)}


HANDLERS: dict[str, Handler] = {
    "getClusterServerImageList": get_cluster_server_image_list,
    "getServerGenerationList": get_server_generation_list,
    "getCDSSVersionList": get_cdss_version_list,
}

#: Methods the documentation also accepts besides the SDK's (per operation).
EXTRA_METHODS: dict[str, tuple[str, ...]] = {
    "getServerGenerationList": ("POST",),
}
