"""The `aiocdss` command: ask every region a question from a shell.

Exit status: 0 when every region answered, 1 when some region failed (each failure is
one line on stderr; the healthy regions still print), 2 on bad usage or missing
credentials. The secret key is never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, TextIO

import attrs

from ._client import CdssClient
from ._errors import ApiError, CdssError, InvalidResponseError, NoCredentialsError
from ._results import RegionResults

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


@attrs.frozen
class Command:
    """A read command: the client method it calls and the options it maps to arguments."""

    name: str
    help: str
    method: str
    operation: str
    options: tuple[tuple[str, str, str], ...] = ()  # (flag, keyword argument, help)


COMMANDS = (
    Command(
        "images",
        "OS images for 3rd-generation (KVM) nodes",
        "get_cluster_server_image_list",
        "getClusterServerImageList",
        (("--generation", "generation_code", "server generation code, e.g. G3"),),
    ),
    Command(
        "generations",
        "hypervisor types and server generations",
        "get_server_generation_list",
        "getServerGenerationList",
    ),
    Command(
        "versions",
        "available CDSS (Kafka) versions",
        "get_cdss_version_list",
        "getCDSSVersionList",
    ),
)


def _common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Options accepted before or after the command (`aiocdss --sandbox images --json`)."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument("--site", choices=["public", "gov"], default=default(None))
    parser.add_argument(
        "--region",
        action="append",
        default=default(None),
        metavar="CODE",
        help="region code (repeatable or comma-separated); default: every region of the site",
    )
    parser.add_argument("--profile", default=default(None), help="profile in ~/.ncloud/configure")
    parser.add_argument(
        "--endpoint",
        default=default(None),
        help="replace scheme and host, e.g. http://127.0.0.1:8080",
    )
    parser.add_argument(
        "--output", "-o", choices=["table", "json"], default=default("table"), help="output format"
    )
    parser.add_argument(
        "--timeout", type=float, default=default(30.0), help="seconds per call, retries included"
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        default=default(False),
        help="run against an in-process embedded sandbox (no account, no network)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiocdss",
        description="Query NAVER Cloud Cloud Data Streaming Service in every region at once.",
    )
    _common_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for cmd in COMMANDS:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        _common_options(p, suppress=True)
        for flag, dest, text in cmd.options:
            p.add_argument(flag, dest=dest, help=text)
    sb = sub.add_parser("sandbox", help="run the embedded CDSS sandbox server")
    sb.add_argument("--host", default="127.0.0.1")
    sb.add_argument("--port", type=int, default=8080)
    sb.add_argument("--site", choices=["public", "gov"], default=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "sandbox":
            return _run_sandbox_server(args)
        command = next(c for c in COMMANDS if c.name == args.command)
        return asyncio.run(_run(command, args, sys.stdout, sys.stderr))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `aiocdss images | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PARTIAL


def _run_sandbox_server(args: argparse.Namespace) -> int:
    from .sandbox import serve_forever

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_forever(host=args.host, port=args.port, site=args.site or "public"))
    return EXIT_OK


def _regions(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@contextlib.asynccontextmanager
async def _client(args: argparse.Namespace) -> AsyncIterator[CdssClient]:
    options: dict[str, Any] = {
        "site": args.site,
        "regions": _regions(args.region),
        "timeout": args.timeout,
    }
    if not args.sandbox:
        async with CdssClient(profile=args.profile, endpoint=args.endpoint, **options) as client:
            yield client
        return
    from .sandbox import Sandbox

    async with (
        Sandbox(site=args.site or "public") as sandbox,
        CdssClient(credentials=sandbox.credentials, endpoint=sandbox.endpoint, **options) as client,
    ):
        yield client


async def _run(command: Command, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    kwargs = {dest: getattr(args, dest) for _, dest, _ in command.options}
    if args.sandbox and (args.endpoint or args.profile):
        print("aiocdss: error: --sandbox cannot be combined with --endpoint or --profile", file=err)
        return EXIT_USAGE
    try:
        async with _client(args) as client:
            method: Callable[..., Any] = getattr(client, command.method)
            results: RegionResults[list[Any]] = await method(**kwargs)
    except NoCredentialsError as exc:
        print(f"aiocdss: {exc}", file=err)
        print(
            "aiocdss: set NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY, write "
            "~/.ncloud/configure, or try --sandbox",
            file=err,
        )
        return EXIT_USAGE
    except (ValueError, CdssError) as exc:  # bad arguments, raised before any request
        print(f"aiocdss: error: {exc}", file=err)
        return EXIT_USAGE
    if args.output == "json":
        json.dump(to_document(command.operation, results), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(to_table(results))
    for region, error in results.errors.items():
        print(f"aiocdss: {region}: {type(error).__name__}: {error}", file=err)
    return EXIT_PARTIAL if results.errors else EXIT_OK


def _error_document(error: CdssError) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, ApiError | InvalidResponseError):
        doc.update(status=error.status, request_id=error.request_id)
    if isinstance(error, ApiError):
        doc["code"] = error.code
    return doc


def to_document(operation: str, results: RegionResults[list[Any]]) -> dict[str, Any]:
    """The stable JSON document: operation, then each region (in order) with its items in
    snake_case or its error."""
    regions: dict[str, Any] = {}
    for region in results.regions:
        if region in results.ok:
            items = [attrs.asdict(item) for item in results.ok[region]]
            regions[str(region)] = {"ok": True, "items": items}
        else:
            regions[str(region)] = {"ok": False, "error": _error_document(results.errors[region])}
    return {"operation": operation, "regions": regions}


def to_table(results: RegionResults[list[Any]]) -> str:
    """One row per item with a REGION column; failed regions are reported on stderr."""
    rows: list[list[str]] = []
    header: list[str] = ["REGION"]
    for region, items in results.ok.items():
        for item in items:
            fields = attrs.fields(type(item))
            if len(header) == 1:
                header += [f.name.upper() for f in fields]
            rows.append([str(region)] + ["" if v is None else str(v) for v in attrs.astuple(item)])
    if not rows:
        return "(no items)\n" if not results.errors else ""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
