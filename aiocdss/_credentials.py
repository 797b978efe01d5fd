"""NCP API keys and where they come from.

The chain is: explicit keys, a `Credentials` object, the environment, then the
`~/.ncloud/configure` INI file (profile from `profile=` or `NCLOUD_PROFILE`). It
never contacts a network address. The secret key is kept out of every repr and
error message.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from ._errors import InvalidParameterError, NoCredentialsError

ACCESS_KEY_VARS = ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY")
SECRET_KEY_VARS = ("NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY")
PROFILE_VAR = "NCLOUD_PROFILE"


@attrs.frozen(repr=False)
class Credentials:
    """An access key / secret key pair; `repr` and `str` never show the secret."""

    access_key: str
    secret_key: str = attrs.field(repr=False)
    source: str = "explicit"
    api_url: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.access_key or not self.secret_key:
            raise InvalidParameterError("access_key and secret_key must both be non-empty strings")

    def __repr__(self) -> str:
        masked = _mask(self.access_key)
        return f"Credentials(access_key={masked!r}, secret_key='***', source={self.source!r})"

    __str__ = __repr__


def _mask(key: str) -> str:
    return key[:4] + "*" * max(len(key) - 4, 0) if len(key) > 8 else "*" * len(key)


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The NCP CLI configuration file, `~/.ncloud/configure`."""
    env = os.environ if environ is None else environ
    home = env.get("HOME")
    return (Path(home) if home else Path.home()) / ".ncloud" / "configure"


def resolve_credentials(
    *,
    access_key: str | None = None,
    secret_key: str | None = None,
    credentials: Credentials | None = None,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Walk the chain and return the first complete key pair, or raise `NoCredentialsError`
    listing every place looked (without printing any key)."""
    env = os.environ if environ is None else environ
    if credentials is not None:
        if access_key is not None or secret_key is not None:
            raise InvalidParameterError(
                "pass either credentials= or access_key= / secret_key=, not both"
            )
        return credentials
    if access_key is not None or secret_key is not None:
        if not access_key or not secret_key:
            missing = "secret_key" if access_key else "access_key"
            raise InvalidParameterError(
                f"access_key and secret_key go together; {missing} is missing"
            )
        return Credentials(access_key, secret_key)

    looked = [
        "explicit access_key= / secret_key= arguments (not given)",
        "credentials= (not given)",
    ]
    found = _from_env(env, looked)
    if found is not None:
        return found
    found = _from_config(env, profile, looked)
    if found is not None:
        return found
    raise NoCredentialsError(looked)


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return name, value
    return None


def _from_env(env: Mapping[str, str], looked: list[str]) -> Credentials | None:
    access = _first(env, ACCESS_KEY_VARS)
    secret = _first(env, SECRET_KEY_VARS)
    if access and secret:
        return Credentials(access[1], secret[1], source=f"environment ({access[0]}, {secret[0]})")
    state = (
        "not set"
        if not access and not secret
        else f"incomplete: {access[0] if access else secret[0] if secret else ''} is set "
        f"but none of {' / '.join(SECRET_KEY_VARS if access else ACCESS_KEY_VARS)} is"
    )
    looked.append(
        f"environment {' / '.join(ACCESS_KEY_VARS)} and {' / '.join(SECRET_KEY_VARS)} ({state})"
    )
    return None


def _from_config(
    env: Mapping[str, str], profile: str | None, looked: list[str]
) -> Credentials | None:
    path = config_path(env)
    name = profile or env.get(PROFILE_VAR) or "DEFAULT"
    if not path.is_file():
        looked.append(f"config file {path} (profile {name!r}): file not found")
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        looked.append(f"config file {path}: not valid INI ({type(exc).__name__})")
        return None
    if name != "DEFAULT" and not parser.has_section(name):
        sections = ", ".join(["DEFAULT", *parser.sections()])
        looked.append(f"config file {path}: no profile {name!r} (profiles: {sections})")
        return None
    section = parser[name]
    access = section.get("ncloud_access_key_id", "").strip()
    secret = section.get("ncloud_secret_access_key", "").strip()
    if access and secret:
        api_url = section.get("ncloud_api_url", "").strip() or None
        return Credentials(access, secret, source=f"config file {path} [{name}]", api_url=api_url)
    looked.append(
        f"config file {path} profile {name!r}: ncloud_access_key_id and "
        "ncloud_secret_access_key not both set"
    )
    return None
