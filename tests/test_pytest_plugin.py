"""The pytest plugin, as a user's project sees it: fixtures available through the entry
point in a fresh pytest process, in sync and async tests, with and without
pytest-asyncio."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

USER_TESTS = """
import asyncio

import aiocdss


def test_sync_test_gets_a_running_sandbox(cdss_sandbox):
    assert cdss_sandbox.endpoint.startswith("http://127.0.0.1:")
    cdss_sandbox.inject("KR", statuses=[503])

    async def call():
        retry = aiocdss.RetryPolicy(base_delay=0.001)
        async with cdss_sandbox.client(regions=["KR"], retry=retry) as client:
            return await client.region("KR").get_cdss_version_list()

    assert asyncio.run(call())
    assert [r.status for r in cdss_sandbox.requests] == [503, 200]


async def test_async_client(cdss_client, cdss_sandbox):
    results = await cdss_client.get_cluster_server_image_list()
    assert set(results.ok) == set(aiocdss.Site.PUBLIC.regions)
    assert cdss_sandbox.connections >= 1


def test_each_test_gets_a_fresh_sandbox(cdss_sandbox):
    assert cdss_sandbox.requests == [] and cdss_sandbox.faults == []
"""


def make_ini(pytester: pytest.Pytester, asyncio_mode: str | None) -> None:
    """A user project's pytest.ini: warnings are errors (so leaks fail the run)."""
    lines = ["[pytest]", "filterwarnings = error"]
    if asyncio_mode is not None:
        lines += [f"asyncio_mode = {asyncio_mode}", "asyncio_default_fixture_loop_scope = function"]
    pytester.makeini("\n".join(lines) + "\n")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in a fresh process, as a user runs it (hypothesis' plugin only costs time)."""
    return pytester.runpytest_subprocess(
        "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args
    )


def test_fixtures_in_a_user_project(pytester: pytest.Pytester) -> None:
    make_ini(pytester, "auto")
    pytester.makepyfile(test_user=USER_TESTS)
    result = run(pytester)
    result.assert_outcomes(passed=3)


def test_marker_passes_sandbox_options(pytester: pytest.Pytester) -> None:
    make_ini(pytester, "auto")
    pytester.makepyfile(
        test_marker="""
        import pytest

        import aiocdss

        @pytest.mark.cdss_sandbox(site="gov")
        async def test_gov(cdss_client):
            assert cdss_client.site is aiocdss.Site.GOV
            assert await cdss_client.region("KRS").get_server_generation_list()
        """
    )
    result = run(pytester, "--strict-markers")
    result.assert_outcomes(passed=1)


def test_async_client_in_strict_mode(pytester: pytest.Pytester) -> None:
    make_ini(pytester, "strict")
    pytester.makepyfile(
        test_strict="""
        import pytest

        @pytest.mark.asyncio
        async def test_strict(cdss_client):
            assert await cdss_client.region("JPN").get_cdss_version_list()
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1)


def test_plugin_works_without_pytest_asyncio(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A `pytest_asyncio` that cannot be imported shadows the installed one.
    blocker = pytester.mkdir("blocked") / "pytest_asyncio.py"
    blocker.write_text("raise ImportError('pytest-asyncio is not installed')\n")
    monkeypatch.setenv("PYTHONPATH", str(blocker.parent))
    make_ini(pytester, None)
    pytester.makepyfile(
        test_plain="""
        def test_sandbox_without_asyncio(cdss_sandbox):
            assert cdss_sandbox.endpoint

        def test_no_async_client(request):
            import pytest
            with pytest.raises(pytest.FixtureLookupError):
                request.getfixturevalue("cdss_client")
        """
    )
    result = run(pytester, "-p", "no:asyncio")
    result.assert_outcomes(passed=2)
