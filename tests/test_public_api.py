"""The public surface: every exported name resolves, and importing the package is cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import aiocdss


@pytest.mark.parametrize("name", aiocdss.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(aiocdss, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        aiocdss.Nope  # noqa: B018


def test_errors_form_one_tree() -> None:
    errors = [getattr(aiocdss, n) for n in aiocdss.__all__ if n.endswith("Error")]
    assert all(issubclass(e, aiocdss.CdssError) for e in errors)
    assert issubclass(aiocdss.ThrottledError, aiocdss.ApiError)
    assert issubclass(aiocdss.DeadlineExceededError, aiocdss.TransportError)


def test_importing_the_package_does_not_import_aiohttp() -> None:
    # the pytest plugin's entry point imports `aiocdss` in every pytest run of every user
    code = "import sys, aiocdss, aiocdss.pytest_plugin; print('aiohttp' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"


def test_dir_lists_the_public_names() -> None:
    assert dir(aiocdss) == aiocdss.__all__
    assert aiocdss.Region is aiocdss._regions.Region
