"""JSON from another process: too deep or too large is a structured refusal, and the reader goes on.

The decoder on its own, then the two JSON-line readers that face other programs on this desktop:
the control API socket (a real asyncio Unix socket server) and the single-instance channel (a real
``QLocalServer``).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.control.protocol import (
    MAX_LINE_BYTES,
    ErrorCode,
    ProtocolError,
    Reply,
    Status,
    StatusRequest,
    encode_request,
    parse_answer,
    parse_request,
)
from gui.control.server import ControlServer, ControlTarget
from gui.core.jsonlimits import (
    JsonInputError,
    JsonSyntaxError,
    JsonTooDeepError,
    JsonTooLargeError,
    exceeds_depth,
    loads_limited,
)

DEEP = b"[" * 30_000


# -- the decoder -------------------------------------------------------------------------------------


def test_deep_nesting_is_refused_before_decoding() -> None:
    for data in (DEEP, DEEP.decode(), b'{"a":' * 20_000, b"[" * 33 + b"]" * 33):
        with pytest.raises(JsonTooDeepError):
            loads_limited(data, max_bytes=1 << 20)
    # Exactly the limit is fine; so is anything that only looks deep inside a string.
    assert loads_limited(b"[" * 32 + b"]" * 32, max_bytes=1 << 20) == json.loads("[" * 32 + "]" * 32)
    text = json.dumps({"s": "[" * 5000, "t": '\\"[{' * 1000, "u": ["]", "[", '"']})
    assert loads_limited(text, max_bytes=1 << 20) == json.loads(text)
    assert not exceeds_depth(text, 2)
    assert exceeds_depth('[["\\\\"], [[[[', 3)  # an escaped backslash ends before the quote


def test_recursion_error_is_caught_when_the_depth_limit_is_set_beyond_it() -> None:
    with pytest.raises(JsonTooDeepError):
        loads_limited(DEEP, max_bytes=1 << 20, max_depth=1_000_000)


def test_oversize_and_invalid_input_are_refused_as_value_errors() -> None:
    with pytest.raises(JsonTooLargeError):
        loads_limited(b" " * 101, max_bytes=100)
    with pytest.raises(JsonTooLargeError):
        loads_limited("é" * 60, max_bytes=100)  # 120 bytes in UTF-8
    for bad in (b"\xff{}", b"{", b"nonsense", "\ufeff{}".encode(), b"1" * 5000):
        with pytest.raises(JsonSyntaxError):
            loads_limited(bad, max_bytes=1 << 20)
    # One family, a ValueError: ``except ValueError`` readers keep working.
    assert issubclass(JsonInputError, ValueError)
    assert loads_limited(b'{"version": 1, "argv": ["a"]}', max_bytes=100) == {"version": 1, "argv": ["a"]}


def test_the_control_protocol_answers_deep_and_oversize_lines_with_its_errors() -> None:
    with pytest.raises(ProtocolError) as deep:
        parse_request(DEEP)
    assert deep.value.code is ErrorCode.BAD_JSON and "nested" in deep.value.message
    with pytest.raises(ProtocolError) as large:
        parse_request(b" " * (MAX_LINE_BYTES + 1))
    assert large.value.code is ErrorCode.TOO_LARGE
    # The client's reader of answers is guarded the same way.
    with pytest.raises(ProtocolError) as answer:
        parse_answer(DEEP)
    assert answer.value.code is ErrorCode.BAD_JSON


# -- the control API socket ------------------------------------------------------------------------


class _StatusOnly(ControlTarget):
    async def connect(self, server: str, profile: str | None, controller: str) -> Status:
        raise AssertionError("not asked for")

    async def disconnect(self, controller: str | None) -> Status:
        raise AssertionError("not asked for")

    def status(self) -> Status:
        return Status()

    def subscribe(self, listener: Callable[[Status], None]) -> Callable[[], None]:
        return lambda: None


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A private folder with a short path: Unix socket paths are limited to about 100 bytes."""
    with tempfile.TemporaryDirectory(prefix="sluis-json-") as name:
        yield Path(name)


@pytest.fixture
async def control_socket(short_dir: Path) -> AsyncIterator[Path]:
    folder = short_dir / "run"
    folder.mkdir(mode=0o700)
    async with ControlServer(_StatusOnly(), folder / "control.sock") as server:
        yield server.path


async def _ask(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, line: bytes) -> Reply:
    writer.write(line)
    await writer.drain()
    answer = parse_answer(await asyncio.wait_for(reader.readline(), 10))
    assert isinstance(answer, Reply)
    return answer


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (DEEP + b"\n", "bad_json"),
        (b'{"version": 1, "method": "status", "params": ' + b"[" * 30_000 + b"}\n", "bad_json"),
        (b'{"version": 1, "x": "' + b"a" * (MAX_LINE_BYTES * 3) + b'"}\n', "too_large"),
    ],
    ids=["30000-brackets", "deep-params", "oversize-line"],
)
async def test_the_control_server_answers_and_keeps_serving(
    control_socket: Path, line: bytes, code: str
) -> None:
    reader, writer = await asyncio.open_unix_connection(str(control_socket), limit=1 << 20)
    try:
        refused = await _ask(reader, writer, line)
        assert refused.ok is False and refused.error_code == code
        # The same connection answers the next good request.
        good = await _ask(reader, writer, encode_request(StatusRequest(), 7))
        assert good.ok is True and good.request_id == 7 and good.result["state"] == "disconnected"
    finally:
        writer.close()
        await writer.wait_closed()
    # And so does a new one.
    reader, writer = await asyncio.open_unix_connection(str(control_socket))
    try:
        assert (await _ask(reader, writer, encode_request(StatusRequest(), 8))).ok is True
    finally:
        writer.close()
        await writer.wait_closed()


# -- the single-instance channel --------------------------------------------------------------------


def test_a_deep_hand_over_line_is_dropped() -> None:
    from gui.app import decode_message, encode_message

    assert decode_message(DEEP) is None
    assert decode_message(b'{"version": 1, "argv": ' + b"[" * 30_000 + b"}") is None
    assert decode_message(encode_message(["ok"]).rstrip(b"\n")) == ["ok"]


def test_the_instance_server_survives_a_deep_line_and_takes_the_next_launch(
    qtbot: Any, qt_loop: Any, short_dir: Path
) -> None:
    from PySide6.QtNetwork import QLocalSocket

    from gui.app import InstanceServer, hand_over

    name = str(short_dir / "instance")
    server = InstanceServer(name)
    assert server.listen()
    received: list[list[str]] = []
    server.argumentsReceived.connect(received.append)
    try:
        hostile = QLocalSocket()
        hostile.connectToServer(name)
        assert hostile.waitForConnected(5000)
        hostile.write(DEEP + b"\n")
        assert hostile.waitForBytesWritten(5000)
        qtbot.waitUntil(
            lambda: hostile.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5000
        )
        assert received == []
        assert hand_over(["--minimized"], name)
        qtbot.waitUntil(lambda: bool(received), timeout=5000)
        assert received == [["--minimized"]]
    finally:
        server.close()
