"""The `aiocdss` command end to end, in a subprocess, against a sandbox the test starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiocdss.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.running_in_thread() as sb:
        yield sb


def run(*args: str, sandbox: Sandbox | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NCLOUD_")}
    env["HOME"] = str(home)
    if sandbox is not None:
        env["NCLOUD_ACCESS_KEY_ID"] = sandbox.access_key
        env["NCLOUD_SECRET_ACCESS_KEY"] = sandbox.secret_key
        args = ("--endpoint", sandbox.endpoint, *args)
    return subprocess.run(
        [sys.executable, "-m", "aiocdss", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_table_output_has_a_row_per_item_with_region(sandbox: Sandbox, tmp_path: Path) -> None:
    proc = run("images", sandbox=sandbox, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["REGION", "SERVER_IMAGE_NO", "SOFTWARE_PRODUCT_CODE", "SERVER_NAME"]
    assert lines[1].split() == [
        "KR",
        "3188144",
        "SW.VCDSS.OS.LNX64.CNTOS.07.G003",
        "centos-7.8-cdss",
    ]
    assert {line.split()[0] for line in lines[1:]} == {"KR", "SGN", "JPN"}
    expected_rows = sum(len(s.server_images) for s in sandbox.state.values())
    assert len(lines) == 1 + expected_rows
    assert proc.stderr == ""


def test_json_output_is_keyed_by_region(sandbox: Sandbox, tmp_path: Path) -> None:
    proc = run(
        "generations", "--output", "json", "--region", "KR,jpn", sandbox=sandbox, home=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["operation"] == "getServerGenerationList"
    assert list(doc["regions"]) == ["KR", "JPN"]
    assert {"hypervisor_code": "KVM", "generation_code": "G3"} in doc["regions"]["KR"]["items"]
    assert doc["regions"]["JPN"]["ok"] is True


def test_generation_option_reaches_the_query(sandbox: Sandbox, tmp_path: Path) -> None:
    proc = run("images", "--generation", "g3", "--region", "SGN", sandbox=sandbox, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [r.target for r in sandbox.requests] == [
        "/api/sgn-v1/cluster/getClusterServerImageList?generationCode=G3"
    ]


def test_failing_region_exit_1_stderr_line_others_printed(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.inject(region="SGN", statuses=[403] * 5)
    proc = run("images", sandbox=sandbox, home=tmp_path)
    assert proc.returncode == 1
    err_lines = proc.stderr.splitlines()
    assert len(err_lines) == 1
    assert err_lines[0].startswith("aiocdss: SGN: PermissionDeniedError: HTTP 403")
    regions = {line.split()[0] for line in proc.stdout.splitlines()[1:]}
    assert regions == {"KR", "JPN"}

    proc = run("images", "-o", "json", sandbox=sandbox, home=tmp_path)
    doc = json.loads(proc.stdout)
    assert doc["regions"]["SGN"]["ok"] is False
    assert doc["regions"]["SGN"]["error"]["type"] == "PermissionDeniedError"
    assert doc["regions"]["SGN"]["error"]["status"] == 403
    assert doc["regions"]["KR"]["ok"] is True


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("frobnicate",), "invalid choice"),
        (("images", "--output", "xml"), "invalid choice"),
        (("images", "--generation", "X9"), "generation_code"),
        (("images", "--region", "MARS"), "valid codes: KR, SGN, JPN"),
        (("images", "--endpoint", "http://127.0.0.1:9"), "cannot be combined"),
        ((), "required"),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...], fragment: str, tmp_path: Path) -> None:
    env_args = ("--sandbox", *args) if args and args[0] != "frobnicate" else args
    proc = run(*env_args, home=tmp_path)
    assert proc.returncode == 2
    assert fragment in proc.stderr
    assert proc.stdout == ""


def test_bad_endpoint_exits_2(sandbox: Sandbox, tmp_path: Path) -> None:
    proc = run("images", "--endpoint", "127.0.0.1:8080", sandbox=sandbox, home=tmp_path)
    assert proc.returncode == 2
    assert "absolute http(s) URL" in proc.stderr


def test_missing_credentials_exit_2_names_every_place(tmp_path: Path) -> None:
    proc = run("images", "--endpoint", "http://127.0.0.1:9", home=tmp_path)
    assert proc.returncode == 2
    assert "NCLOUD_ACCESS_KEY_ID" in proc.stderr
    assert str(tmp_path / ".ncloud" / "configure") in proc.stderr
    assert "--sandbox" in proc.stderr


def test_profile_from_config_file(sandbox: Sandbox, tmp_path: Path) -> None:
    config = tmp_path / ".ncloud" / "configure"
    config.parent.mkdir()
    config.write_text(
        f"[DEFAULT]\nncloud_access_key_id = nope\nncloud_secret_access_key = nope\n"
        f"[sandbox]\nncloud_access_key_id = {sandbox.access_key}\n"
        f"ncloud_secret_access_key = {sandbox.secret_key}\n"
    )
    proc = run("versions", "--profile", "sandbox", "--endpoint", sandbox.endpoint, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "KAFKA_VERSION_CODE" in proc.stdout


def test_secret_never_printed(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.inject(region="KR", statuses=[401] * 5)
    outputs = [
        run("images", sandbox=sandbox, home=tmp_path),
        run("images", "-o", "json", sandbox=sandbox, home=tmp_path),
    ]
    for proc in outputs:
        assert sandbox.secret_key not in proc.stdout + proc.stderr
    assert outputs[0].returncode == 1


def test_embedded_sandbox_flag_needs_no_account(tmp_path: Path) -> None:
    proc = run("--sandbox", "images", "-o", "json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["regions"]["KR"]["items"][0]["server_image_no"] == 3188144
    gov = run("versions", "--sandbox", "--site", "gov", home=tmp_path)
    assert gov.returncode == 0, gov.stderr
    assert {line.split()[0] for line in gov.stdout.splitlines()[1:]} == {"gov:KR", "gov:KRS"}
