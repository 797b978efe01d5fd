"""The operation table and request building (pure).

Each CDSS operation is one declarative `Operation`: name, method, path template,
parameters (where each goes and how it is checked), result model and whether it is
safe to retry. `Operation.prepare` turns keyword arguments into a `PreparedRequest`
whose target string is exactly what is signed and sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

import attrs

from ._errors import InvalidParameterError
from ._regions import Region
from .models import KafkaVersion, ServerGeneration, ServerImage

T = TypeVar("T")
Location = Literal["path", "query", "body"]
Check = Callable[[str, Any], Any]


@attrs.frozen
class Param:
    """One operation parameter: its Python name, API name, location and check."""

    name: str
    api_name: str
    location: Location
    required: bool = False
    check: Check | None = None


@attrs.frozen
class PreparedRequest:
    """A request ready to sign and send: `target` is the encoded path + query, verbatim."""

    operation: str
    region: Region
    method: str
    target: str
    body: bytes | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json"} if self.body is not None else {}


@attrs.frozen
class Operation(Generic[T]):
    """A CDSS operation (see `cdss-api.yaml`); `result_key` picks the list or object out of
    the envelope's `result`, which is structured into `result_type`."""

    name: str
    method: str
    path: str
    result_type: Any
    result_key: str | None = None
    params: tuple[Param, ...] = ()
    retry_safe: bool = True

    _names: frozenset[str] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: frozenset(p.name for p in self.params), takes_self=True),
    )

    # Requests without arguments rendered once per region (PreparedRequest is immutable).
    _plain: dict[Region, PreparedRequest] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def prepare(self, region: Region, args: Mapping[str, Any]) -> PreparedRequest:
        """Check `args` against the declared params and render the request."""
        if not self._names.issuperset(args):
            unknown = sorted(set(args) - self._names)
            allowed = ", ".join(p.name for p in self.params) or "none"
            raise InvalidParameterError(
                f"{self.name}: unexpected argument(s) {', '.join(unknown)}; allowed: {allowed}"
            )
        if all(v is None for v in args.values()):
            prepared = self._plain.get(region)
            if prepared is None:
                prepared = self._plain[region] = self._render(region, args)
            return prepared
        return self._render(region, args)

    def _render(self, region: Region, args: Mapping[str, Any]) -> PreparedRequest:
        path = self.path
        query: list[str] = []
        body: dict[str, Any] = {}
        for param in self.params:
            value = args.get(param.name)
            if value is None:
                if param.required:
                    raise InvalidParameterError(f"{self.name}: {param.name} is required")
                continue
            if param.check is not None:
                value = param.check(param.name, value)
            if param.location == "path":
                path = path.replace("{" + param.api_name + "}", quote(_wire(value), safe=""))
            elif param.location == "query":
                query.append(f"{quote(param.api_name, safe='')}={quote(_wire(value), safe='')}")
            else:
                body[param.api_name] = value
        target = region.prefix + path + ("?" + "&".join(query) if query else "")
        payload = json.dumps(body, separators=(",", ":")).encode() if body else None
        return PreparedRequest(self.name, region, self.method, target, payload)


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generation_code(name: str, value: Any) -> str:
    """A server generation code such as `G3` (documented: G2 = XEN, G3 = KVM)."""
    text = str(value).strip().upper()
    if not re.fullmatch(r"G[0-9]+", text):
        raise InvalidParameterError(
            f"{name} must be a server generation code like 'G3' (documented: G2, G3), got {value!r}"
        )
    return text


def _list_of(model: type[T]) -> Any:
    return list[model]  # type: ignore[valid-type]


# --- the table (names, paths and fields from ../shared/reference/cdss-api.yaml) ---

GET_CLUSTER_SERVER_IMAGE_LIST: Operation[list[ServerImage]] = Operation(
    "getClusterServerImageList",
    "GET",
    "/cluster/getClusterServerImageList",
    _list_of(ServerImage),
    "serverImageList",
    (Param("generation_code", "generationCode", "query", check=generation_code),),
)

GET_SERVER_GENERATION_LIST: Operation[list[ServerGeneration]] = Operation(
    "getServerGenerationList",
    "GET",
    "/cluster/getServerGenerationList",
    _list_of(ServerGeneration),
    "serverGenerationList",
)

GET_CDSS_VERSION_LIST: Operation[list[KafkaVersion]] = Operation(
    "getCDSSVersionList",
    "GET",
    "/cluster/getCDSSVersionList",
    _list_of(KafkaVersion),
    "kafkaVersionList",
)

OPERATIONS: dict[str, Operation[Any]] = {
    op.name: op
    for op in (GET_CLUSTER_SERVER_IMAGE_LIST, GET_SERVER_GENERATION_LIST, GET_CDSS_VERSION_LIST)
}
