"""The one cattrs converter: camelCase API names onto snake_case attrs fields.

Structuring runs on a fast converter (no detailed validation). Only when that fails
is the same data structured again with detailed validation, to name the offending
field path in the `InvalidResponseError`; the happy path pays nothing for it.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import cattrs
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

_CAMEL_BOUNDARY = re.compile(r"_([a-z0-9])")


class SchemaMismatch(Exception):
    """Data did not fit the model; `path` is a JSONPath-like location (`$.result.x[0].y`)."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{detail} at {path}")
        self.path = path
        self.detail = detail


def api_name(field: attrs.Attribute[Any]) -> str:
    """The API's name of a model field: `metadata={"api": ...}` or the camelCase of its name."""
    explicit = field.metadata.get("api")
    if explicit:
        return str(explicit)
    return _CAMEL_BOUNDARY.sub(lambda m: m.group(1).upper(), field.name)


def _structure_str(value: Any, _: type) -> str:
    # Ids and version codes are documented as String on some pages and Integer on others.
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: type) -> int:
    if type(value) is int or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise TypeError(f"expected an integer, got {type(value).__name__} {value!r:.40}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def _build(detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)

    def renames(cl: type) -> dict[str, Any]:
        return {a.name: override(rename=api_name(a)) for a in attrs.fields(cl)}

    def strict_list(tp: Any) -> Any:
        # cattrs would happily iterate a dict or a string into a list; an API list is a list.
        default = list_structure_factory(tp, conv)

        def structure_list(value: Any, cl: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return default(value, cl)

        return structure_list

    conv.register_structure_hook_factory(is_sequence, strict_list)
    conv.register_structure_hook_factory(
        attrs.has, lambda cl: make_dict_structure_fn(cl, conv, **renames(cl))
    )
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cl: make_dict_unstructure_fn(cl, conv, **renames(cl))
    )
    return conv


_FAST = _build(detailed=False)
_DETAILED = _build(detailed=True)
_HOOKS: dict[Any, Any] = {}  # the fast converter's resolved hook per type, skipping dispatch


def structure(data: Any, tp: Any, *, path: str = "$") -> Any:
    """Structure `data` into `tp`; raise `SchemaMismatch` with the field path on failure."""
    try:
        hook = _HOOKS.get(tp)
        if hook is None:
            hook = _HOOKS[tp] = _FAST.get_structure_hook(tp)
        return hook(data, tp)
    except Exception:
        pass
    try:
        return _DETAILED.structure(data, tp)
    except cattrs.BaseValidationError as exc:
        messages = cattrs.transform_error(exc, path=path)
        first = messages[0] if messages else str(exc)
        detail, _, where = first.rpartition(" @ ")
        # cattrs names attribute paths in snake_case; report them as the API spells them.
        where = _CAMEL_BOUNDARY.sub(lambda m: m.group(1).upper(), where)
        raise SchemaMismatch(where or path, detail or first) from None
    except Exception as exc:
        raise SchemaMismatch(path, f"{type(exc).__name__}: {exc}") from None


def unstructure(obj: Any) -> Any:
    """Models back to API-shaped JSON data (camelCase keys), e.g. for the sandbox."""
    return _FAST.unstructure(obj)
