"""Request building (pure): targets, encoding, validation before any request."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiocdss import InvalidParameterError, Region
from aiocdss._operations import (
    GET_CDSS_VERSION_LIST,
    GET_CLUSTER_SERVER_IMAGE_LIST,
    GET_SERVER_GENERATION_LIST,
    OPERATIONS,
    Operation,
    Param,
)
from aiocdss.models import ServerImage


@pytest.mark.parametrize(
    ("region", "target"),
    [
        (Region.KR, "/api/v1/cluster/getClusterServerImageList"),
        (Region.SGN, "/api/sgn-v1/cluster/getClusterServerImageList"),
        (Region.JPN, "/api/jpn-v1/cluster/getClusterServerImageList"),
        (Region.GOV_KR, "/api/v1/cluster/getClusterServerImageList"),
        (Region.GOV_KRS, "/api/krs-v1/cluster/getClusterServerImageList"),
    ],
)
def test_region_prefixes(region: Region, target: str) -> None:
    prepared = GET_CLUSTER_SERVER_IMAGE_LIST.prepare(region, {})
    assert prepared.target == target
    assert prepared.method == "GET"
    assert prepared.body is None
    assert prepared.headers == {}


def test_generation_code_is_normalised_into_the_query() -> None:
    prepared = GET_CLUSTER_SERVER_IMAGE_LIST.prepare(Region.KR, {"generation_code": " g3 "})
    assert prepared.target.endswith("?generationCode=G3")


@pytest.mark.parametrize("bad", ["G", "3", "gen3", "G3; DROP", ""])
def test_bad_generation_code_names_what_is_allowed(bad: str) -> None:
    with pytest.raises(InvalidParameterError, match="G2, G3") as info:
        GET_CLUSTER_SERVER_IMAGE_LIST.prepare(Region.KR, {"generation_code": bad})
    assert "generation_code" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_argument_lists_the_allowed_ones() -> None:
    with pytest.raises(InvalidParameterError, match="generationcode.*allowed: generation_code"):
        GET_CLUSTER_SERVER_IMAGE_LIST.prepare(Region.KR, {"generationcode": "G3"})
    with pytest.raises(InvalidParameterError, match="allowed: none"):
        GET_SERVER_GENERATION_LIST.prepare(Region.KR, {"x": 1})


SPECIAL = Operation(
    "getThing",
    "POST",
    "/thing/get/{thingNo}",
    list[ServerImage],
    "items",
    (
        Param("thing_no", "thingNo", "path", required=True),
        Param("q", "q", "query"),
        Param("flag", "flag", "query"),
        Param("memo", "memo", "body"),
    ),
    retry_safe=False,
)


def test_path_query_and_body_params() -> None:
    prepared = SPECIAL.prepare(
        Region.SGN, {"thing_no": "a/b", "q": "x y/+&=한", "flag": True, "memo": "hi"}
    )
    assert prepared.target == ("/api/sgn-v1/thing/get/a%2Fb?q=x%20y%2F%2B%26%3D%ED%95%9C&flag=true")
    assert json.loads(prepared.body or b"") == {"memo": "hi"}
    assert prepared.headers == {"Content-Type": "application/json"}


def test_required_param_missing() -> None:
    with pytest.raises(InvalidParameterError, match="thing_no is required"):
        SPECIAL.prepare(Region.KR, {"q": "x"})


@given(st.text(min_size=1, max_size=40))
def test_query_values_round_trip_through_encoding(value: str) -> None:
    target = SPECIAL.prepare(Region.KR, {"thing_no": 1, "q": value}).target
    query = target.split("?", 1)[1]
    assert " " not in target and "#" not in target
    assert unquote(query.split("&")[0].removeprefix("q=")) == value


def test_operation_table_matches_the_catalogue() -> None:
    assert set(OPERATIONS) == {
        "getClusterServerImageList",
        "getServerGenerationList",
        "getCDSSVersionList",
    }
    assert GET_CDSS_VERSION_LIST.path == "/cluster/getCDSSVersionList"
    assert all(op.retry_safe for op in OPERATIONS.values())
