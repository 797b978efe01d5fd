"""Regions and sites, and the RegionResults container."""

from __future__ import annotations

import pytest

from aiocdss import (
    CdssClient,
    InvalidParameterError,
    Region,
    RegionResults,
    ServerError,
    Site,
)


def client(**kw: object) -> CdssClient:
    return CdssClient(access_key="AK", secret_key="SK", **kw)  # type: ignore[arg-type]


def test_public_site_regions_share_one_host() -> None:
    assert Site.PUBLIC.regions == (Region.KR, Region.SGN, Region.JPN)
    assert {r.site.host for r in Site.PUBLIC.regions} == {
        "clouddatastreamingservice.apigw.ntruss.com"
    }
    assert [r.prefix for r in Site.PUBLIC.regions] == ["/api/v1", "/api/sgn-v1", "/api/jpn-v1"]


def test_gov_site() -> None:
    gov = client(site="gov")
    assert gov.regions == (Region.GOV_KR, Region.GOV_KRS)
    assert Site.GOV.host == "clouddatastreamingservice.apigw.gov-ntruss.com"
    assert gov.region("krs").region is Region.GOV_KRS
    assert gov.region("KR").region is Region.GOV_KR


def test_region_codes_are_case_insensitive() -> None:
    c = client()
    assert c.region("jpn").region is Region.JPN
    assert c.region(Region.SGN).region is Region.SGN


def test_unknown_region_names_the_valid_codes() -> None:
    with pytest.raises(ValueError, match="'MARS'.*valid codes: KR, SGN, JPN"):
        client().region("MARS")
    with pytest.raises(InvalidParameterError, match="valid codes: KR, KRS"):
        client(site="gov").region("SGN")
    with pytest.raises(InvalidParameterError, match="belongs to site 'public'"):
        client(site="gov").region(Region.JPN)


def test_unknown_site() -> None:
    with pytest.raises(InvalidParameterError, match="valid sites: public, gov"):
        client(site="fin")


def test_regions_narrow_the_fan_out() -> None:
    assert client(regions=["jpn", "KR", "jpn"]).regions == (Region.JPN, Region.KR)
    assert client(regions="sgn").regions == (Region.SGN,)


@pytest.mark.parametrize(
    ("endpoint", "fragment"),
    [("127.0.0.1:8080", "absolute http"), ("http://127.0.0.1:1/api/v1", "drop the path")],
)
def test_bad_endpoint(endpoint: str, fragment: str) -> None:
    with pytest.raises(InvalidParameterError, match=fragment):
        client(endpoint=endpoint)


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"max_connections": 0}, "max_connections"),
        ({"timeout": 0}, "timeout"),
        ({"connect_timeout": -1}, "connect_timeout"),
        ({"max_attempts": 0}, "max_attempts"),
    ],
)
def test_bad_transport_arguments(kw: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParameterError, match=fragment):
        client(**kw)


def make_results() -> RegionResults[list[int]]:
    err = ServerError("boom", status=503, region=Region.SGN, operation="op")
    return RegionResults(
        [Region.KR, Region.SGN, Region.JPN], {Region.KR: [1], Region.JPN: [3]}, {Region.SGN: err}
    )


def test_results_mapping() -> None:
    results = make_results()
    assert results.ok == {Region.KR: [1], Region.JPN: [3]}
    assert list(results.errors) == [Region.SGN]
    assert results[Region.KR] == [1]
    assert results["jpn"] == [3]
    assert list(results) == [Region.KR, Region.SGN, Region.JPN]
    assert len(results) == 3
    assert "KR" in results and Region.SGN in results and "MARS" not in results
    with pytest.raises(ServerError, match="boom"):
        results[Region.SGN]
    with pytest.raises(KeyError):
        results["MARS"]
    assert "ServerError" in repr(results)


def test_raise_for_errors() -> None:
    with pytest.raises(ExceptionGroup) as info:
        make_results().raise_for_errors()
    assert "1 of 3 regions failed (SGN)" in str(info.value)
    assert [type(e) for e in info.value.exceptions] == [ServerError]
    healthy = RegionResults([Region.KR], {Region.KR: [1]}, {})
    assert healthy.raise_for_errors() is healthy


def test_results_errors_are_copies() -> None:
    results = make_results()
    results.errors.clear()
    results.ok.clear()
    assert results.errors and results.ok
