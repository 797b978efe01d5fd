"""The ServerImage model and its envelope in pydantic v2 and msgspec, built on demand."""

from collections.abc import Callable
from typing import Any

from benchmarks._optional import require


def pydantic_decoders() -> tuple[Callable[[Any], list[Any]], Callable[[bytes], list[Any]]]:
    """(structure a list of dicts, decode a whole response body) with pydantic v2."""
    require("pydantic")
    import pydantic
    from pydantic.alias_generators import to_camel

    config = pydantic.ConfigDict(frozen=True, alias_generator=to_camel, extra="ignore")

    class Image(pydantic.BaseModel):
        model_config = config
        server_image_no: int
        software_product_code: str
        server_name: str

    class Result(pydantic.BaseModel):
        model_config = config
        server_image_list: list[Image]

    class Envelope(pydantic.BaseModel):
        model_config = config
        code: int
        message: str
        result: Result
        request_id: str | None = None

    images = pydantic.TypeAdapter(list[Image])

    def from_body(body: bytes) -> list[Any]:
        return Envelope.model_validate_json(body).result.server_image_list

    return images.validate_python, from_body


def msgspec_decoders() -> tuple[Callable[[Any], list[Any]], Callable[[bytes], list[Any]]]:
    """(structure a list of dicts, decode a whole response body) with msgspec."""
    require("msgspec")
    import msgspec

    class Image(msgspec.Struct, frozen=True, rename="camel"):
        server_image_no: int
        software_product_code: str
        server_name: str

    class Result(msgspec.Struct, frozen=True, rename="camel"):
        server_image_list: list[Image]

    class Envelope(msgspec.Struct, frozen=True, rename="camel"):
        code: int
        message: str
        result: Result
        request_id: str | None = None

    decoder = msgspec.json.Decoder(Envelope)

    def from_dicts(data: Any) -> list[Any]:
        return msgspec.convert(data, list[Image])

    def from_body(body: bytes) -> list[Any]:
        return decoder.decode(body).result.server_image_list

    return from_dicts, from_body
