"""Fan-out logic without sockets (the transport is replaced): errors are collected per
region, bugs and cancellation propagate, bad input fails before any request."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aiocdss import (
    CdssClient,
    InvalidParameterError,
    Region,
    ServerImage,
    ThrottledError,
)
from aiocdss._operations import Operation, PreparedRequest
from aiocdss._transport import Transport


def client(**kw: Any) -> CdssClient:
    return CdssClient(access_key="AK", secret_key="SK", max_attempts=1, **kw)


async def test_region_error_lands_in_errors_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    async def send(self: Transport, op: Operation[Any], prepared: PreparedRequest) -> Any:
        if prepared.region is Region.SGN:
            raise ThrottledError(
                "Rate Limited", status=429, code="420", region=prepared.region, operation=op.name
            )
        return [ServerImage(server_image_no=1, software_product_code="SW.X", server_name="x")]

    monkeypatch.setattr(Transport, "send", send)
    async with client() as cdss:
        results = await cdss.get_cluster_server_image_list()
    assert list(results.ok) == [Region.KR, Region.JPN]
    assert results.ok[Region.KR][0].server_image_no == 1
    error = results.errors[Region.SGN]
    assert isinstance(error, ThrottledError)
    assert (error.region, error.operation, error.code) == (
        Region.SGN,
        "getClusterServerImageList",
        "420",
    )
    assert list(results) == [Region.KR, Region.SGN, Region.JPN]


async def test_bad_input_fails_before_any_request(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[PreparedRequest] = []

    async def once(self: Transport, session: Any, prepared: PreparedRequest, attempt: int) -> Any:
        sent.append(prepared)
        raise AssertionError("nothing should be sent")

    monkeypatch.setattr(Transport, "_once", once)
    async with client() as cdss:
        with pytest.raises(InvalidParameterError, match="generation_code"):
            await cdss.get_cluster_server_image_list(generation_code="X9")
        with pytest.raises(InvalidParameterError, match="generation_code"):
            await cdss.region("KR").get_cluster_server_image_list(generation_code="nope")
    assert sent == []


async def test_programming_error_propagates_and_cancels_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[Region] = []
    cancelled: list[Region] = []
    gate = asyncio.Event()

    async def send(self: Transport, op: Operation[Any], prepared: PreparedRequest) -> Any:
        started.append(prepared.region)
        if prepared.region is Region.SGN:
            await asyncio.sleep(0)
            raise TypeError("a bug")
        try:
            await gate.wait()
        except asyncio.CancelledError:
            cancelled.append(prepared.region)
            raise
        return []

    monkeypatch.setattr(Transport, "send", send)
    async with client() as cdss:
        with pytest.raises(TypeError, match="a bug"):
            await cdss.get_cluster_server_image_list()
    assert sorted(cancelled, key=str) == [Region.JPN, Region.KR]


async def test_caller_cancellation_propagates_to_every_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waiting: list[Region] = []
    cancelled: list[Region] = []
    all_waiting = asyncio.Event()

    async def send(self: Transport, op: Operation[Any], prepared: PreparedRequest) -> Any:
        waiting.append(prepared.region)
        if len(waiting) == 3:
            all_waiting.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(prepared.region)
            raise

    monkeypatch.setattr(Transport, "send", send)
    async with client() as cdss:
        task = asyncio.create_task(cdss.get_cluster_server_image_list())
        await all_waiting.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert sorted(cancelled, key=str) == sorted([Region.KR, Region.SGN, Region.JPN], key=str)


async def test_close_is_idempotent_and_closed_client_refuses_calls() -> None:
    cdss = client()
    await cdss.close()
    await cdss.close()
    assert cdss.closed
    with pytest.raises(RuntimeError, match="closed"):
        await cdss.region("KR").get_server_generation_list()
