"""Response bodies as bytes (pure): the CDSS envelope and the malformed variants that the
`malformed=` fault sends instead (HTML page, cut JSON, wrong field types)."""

from __future__ import annotations

import json
from typing import Any

JSON_TYPE = "application/json"

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>"
    b"<body><h1>Service Temporarily Unavailable</h1>"
    b"<p>The server is under maintenance. Please try again later.</p></body></html>\n"
)


def dumps(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def envelope(result: Any, request_id: str) -> dict[str, Any]:
    """The CDSS success envelope."""
    return {"code": 0, "message": "SUCCESS", "result": result, "requestId": request_id}


def error_envelope(code: int, message: str, request_id: str) -> dict[str, Any]:
    """The CDSS envelope for a refused request (non-zero `code`, no `result`)."""
    return {"code": code, "message": message, "requestId": request_id}


def cut(body: bytes) -> bytes:
    """The first half of `body`: JSON cut in the middle."""
    return body[: len(body) // 2]


def corrupt(doc: Any) -> Any:
    """`doc` with wrong types where the model expects scalars: following the first key of
    each object down to a scalar (through every item of a list), the scalar is replaced
    (an integer becomes `"abc"`, anything else `12.5`). So `serverImageNo` becomes
    `"abc"` in every `serverImageList` item while the envelope stays valid."""
    if isinstance(doc, list):
        return [corrupt(item) for item in doc]
    if isinstance(doc, dict):
        if not doc:
            return doc
        first = next(iter(doc))
        return {**doc, first: corrupt(doc[first])}
    if isinstance(doc, int) and not isinstance(doc, bool):
        return "abc"
    return 12.5


def corrupt_result(doc: dict[str, Any]) -> dict[str, Any]:
    """An envelope whose `result` is `corrupt`ed; the envelope fields stay intact."""
    return {**doc, "result": corrupt(doc.get("result"))}
