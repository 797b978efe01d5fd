"""The credentials chain, with a temporary HOME and a controlled environment."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from aiocdss import CdssClient, Credentials, InvalidParameterError, NoCredentialsError, Site
from aiocdss._credentials import resolve_credentials

SECRET = "sk-THIS-MUST-NEVER-LEAK-0123456789"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in (
        "NCLOUD_ACCESS_KEY_ID",
        "NCLOUD_ACCESS_KEY",
        "NCLOUD_SECRET_ACCESS_KEY",
        "NCLOUD_SECRET_KEY",
        "NCLOUD_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return {"HOME": str(tmp_path)}


def write_config(home: str, text: str) -> Path:
    path = Path(home) / ".ncloud" / "configure"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_explicit_keys_win(env: dict[str, str]) -> None:
    env.update(NCLOUD_ACCESS_KEY_ID="ENVKEY", NCLOUD_SECRET_ACCESS_KEY="ENVSECRET")
    creds = resolve_credentials(access_key="AK", secret_key=SECRET, environ=env)
    assert (creds.access_key, creds.secret_key, creds.source) == ("AK", SECRET, "explicit")


def test_half_explicit_pair_is_rejected(env: dict[str, str]) -> None:
    with pytest.raises(InvalidParameterError, match="secret_key is missing"):
        resolve_credentials(access_key="AK", environ=env)


def test_credentials_object(env: dict[str, str]) -> None:
    given = Credentials("AK", SECRET)
    assert resolve_credentials(credentials=given, environ=env) is given
    with pytest.raises(InvalidParameterError, match="not both"):
        resolve_credentials(credentials=given, secret_key="other", environ=env)


@pytest.mark.parametrize(
    ("access_var", "secret_var"),
    [
        ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"),
        ("NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_KEY"),
    ],
)
def test_environment(env: dict[str, str], access_var: str, secret_var: str) -> None:
    env.update({access_var: "ENVKEY", secret_var: SECRET})
    creds = resolve_credentials(environ=env)
    assert (creds.access_key, creds.secret_key) == ("ENVKEY", SECRET)
    assert access_var in creds.source


def test_environment_beats_config_file(env: dict[str, str]) -> None:
    write_config(env["HOME"], "[DEFAULT]\nncloud_access_key_id=FILE\nncloud_secret_access_key=FS\n")
    env.update(NCLOUD_ACCESS_KEY_ID="ENVKEY", NCLOUD_SECRET_ACCESS_KEY=SECRET)
    assert resolve_credentials(environ=env).access_key == "ENVKEY"


def test_config_file_default_and_profiles(env: dict[str, str]) -> None:
    path = write_config(
        env["HOME"],
        "[DEFAULT]\nncloud_access_key_id = DEF\nncloud_secret_access_key = DEFSECRET\n"
        "ncloud_api_url = https://ncloud.apigw.ntruss.com\n\n"
        "[gov]\nncloud_access_key_id = GOV\nncloud_secret_access_key = GOVSECRET\n"
        "ncloud_api_url = https://ncloud.apigw.gov-ntruss.com\n",
    )
    default = resolve_credentials(environ=env)
    assert (default.access_key, default.secret_key) == ("DEF", "DEFSECRET")
    assert default.source == f"config file {path} [DEFAULT]"
    assert resolve_credentials(profile="gov", environ=env).access_key == "GOV"
    env["NCLOUD_PROFILE"] = "gov"
    gov = resolve_credentials(environ=env)
    assert gov.access_key == "GOV"
    assert gov.api_url == "https://ncloud.apigw.gov-ntruss.com"


def test_gov_profile_selects_the_gov_site(env: dict[str, str]) -> None:
    write_config(
        env["HOME"],
        "[gov]\nncloud_access_key_id = GOV\nncloud_secret_access_key = S\n"
        "ncloud_api_url = https://ncloud.apigw.gov-ntruss.com\n",
    )
    client = CdssClient(profile="gov")
    assert client.site is Site.GOV
    assert [r.code for r in client.regions] == ["KR", "KRS"]


def test_missing_everywhere_lists_every_place(env: dict[str, str]) -> None:
    with pytest.raises(NoCredentialsError) as info:
        resolve_credentials(environ=env)
    text = str(info.value)
    for place in ("access_key=", "credentials=", "NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_KEY"):
        assert place in text
    assert str(Path(env["HOME"]) / ".ncloud" / "configure") in text
    assert "file not found" in text
    assert len(info.value.looked) == 4


def test_missing_profile_names_the_profiles_present(env: dict[str, str]) -> None:
    write_config(
        env["HOME"], "[DEFAULT]\nncloud_access_key_id=A\nncloud_secret_access_key=B\n[prod]\n"
    )
    with pytest.raises(NoCredentialsError, match="no profile 'stage'.*DEFAULT, prod"):
        resolve_credentials(profile="stage", environ=env)


def test_incomplete_environment_is_reported(env: dict[str, str]) -> None:
    env["NCLOUD_ACCESS_KEY_ID"] = "ONLYKEY"
    with pytest.raises(NoCredentialsError, match="incomplete: NCLOUD_ACCESS_KEY_ID is set"):
        resolve_credentials(environ=env)


def test_client_without_credentials_fails_before_any_request(env: dict[str, str]) -> None:
    with pytest.raises(NoCredentialsError):
        CdssClient()


def test_secret_never_appears_in_repr_str_or_errors(
    env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    creds = Credentials("AKIDEXAMPLE1234", SECRET)
    client = CdssClient(credentials=creds)
    texts = [repr(creds), str(creds), repr(client), caplog.text]
    try:
        Credentials("AK", "")
    except InvalidParameterError as exc:
        texts.append(str(exc))
    assert all(SECRET not in text for text in texts)
    assert "***" in repr(creds)
    assert "AKID" in repr(creds) and "AKIDEXAMPLE1234" not in repr(creds)
