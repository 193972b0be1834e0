"""WireGuard over TCP: the ProxyGuard client (UoTLV/1) against the demo server's endpoint and against
small hand-written servers that misbehave on purpose.

Everything runs on 127.0.0.1: a UDP echo server stands for the WireGuard peer, a UDP socket of the
test stands for the local WireGuard, and the client carries the datagrams between them over TLS.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from gui.core.proxyguard import (
    MAX_DATAGRAM,
    FrameDecoder,
    ProxyConnectError,
    ProxyGuardClient,
    ProxyTarget,
    encode_frame,
    upgrade_request,
)
from gui.demoserver import DemoServer
from gui.demoserver.proxyguard import upgrade_verdict

# The largest UDP payload over IPv4 (65,535 minus the IP and UDP headers).
MAX_UDP4 = 65_507


# -- the frame format ---------------------------------------------------------------------------------


def test_a_frame_is_a_big_endian_length_and_the_datagram() -> None:
    assert encode_frame(b"abc") == b"\x00\x03abc"
    assert encode_frame(b"x" * 300)[:2] == b"\x01\x2c"
    assert encode_frame(b"") == b"\x00\x00"


def test_the_largest_frame_holds_65535_bytes_and_no_more() -> None:
    largest = bytes(range(256)) * 255 + bytes(range(255))
    assert len(largest) == MAX_DATAGRAM == 65_535
    frame = encode_frame(largest)
    assert frame[:2] == b"\xff\xff"
    assert FrameDecoder().feed(frame) == [largest]
    with pytest.raises(ValueError, match="65535"):
        encode_frame(largest + b"!")


def test_a_frame_split_across_reads_comes_out_whole_once() -> None:
    frame = encode_frame(b"handshake initiation")
    decoder = FrameDecoder()
    out: list[bytes] = []
    for i in range(len(frame)):  # one byte per read: the length itself is split too
        out += decoder.feed(frame[i : i + 1])
        if i < len(frame) - 1:
            assert out == []
    assert out == [b"handshake initiation"]
    assert decoder.pending == 0


def test_several_frames_in_one_read_come_out_in_order() -> None:
    datagrams = [b"one", b"", b"three" * 100, b"\x00\x01"]
    stream = b"".join(encode_frame(d) for d in datagrams)
    decoder = FrameDecoder()
    # Three whole frames and part of the fourth, then the rest.
    assert decoder.feed(stream[:-1]) == datagrams[:3]
    assert decoder.pending == 3
    assert decoder.feed(stream[-1:]) == datagrams[3:]
    assert decoder.pending == 0


def test_the_upgrade_request_has_exactly_the_headers_proxyguard_compares() -> None:
    target = ProxyTarget.parse("https://vpn.example.org:8443/proxyguard")
    request = upgrade_request(target).decode()
    lines = request.split("\r\n")
    assert lines[0] == "GET /proxyguard HTTP/1.1"
    assert "Host: vpn.example.org:8443" in lines
    assert "Connection: Upgrade" in lines
    assert "Upgrade: UoTLV/1" in lines
    assert any(line.startswith("User-Agent: Sluis/") for line in lines)
    assert request.endswith("\r\n\r\n")
    assert ProxyTarget.parse("https://[2001:db8::1]/p").host_header == "[2001:db8::1]"
    assert ProxyTarget.parse("http://h.example/p").port == 80


def test_the_demo_endpoint_refuses_what_proxyguard_refuses() -> None:
    good = b"GET /proxyguard HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: UoTLV/1\r\n\r\n"
    assert upgrade_verdict(good) == b""
    assert upgrade_verdict(good.replace(b"Upgrade\r\n", b"keep-alive, Upgrade\r\n")).startswith(
        b"HTTP/1.1 426"
    )
    assert upgrade_verdict(good.replace(b"GET", b"POST")).startswith(b"HTTP/1.1 501")
    assert upgrade_verdict(good.replace(b"/proxyguard", b"/vpn-user-portal/")) is None


# -- the client against real servers --------------------------------------------------------------------


class _Echo(asyncio.DatagramProtocol):
    """The stand-in WireGuard peer: answers every datagram with ``b"re:" + datagram``."""

    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None
        self.seen: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.seen.append(data)
        assert self.transport is not None
        self.transport.sendto(b"re:" + data[: MAX_UDP4 - 3], addr)


class _Wire(asyncio.DatagramProtocol):
    """The stand-in local WireGuard: sends to the proxy client, queues what comes back."""

    def __init__(self) -> None:
        self.received: asyncio.Queue[bytes] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.received.put_nowait(data)


@contextlib.contextmanager
def _big_buffers(sock: socket.socket) -> Iterator[socket.socket]:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    yield sock


@contextlib.asynccontextmanager
async def _udp(protocol: asyncio.DatagramProtocol) -> AsyncIterator[tuple[asyncio.DatagramTransport, int]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with _big_buffers(sock):
        sock.bind(("127.0.0.1", 0))
    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(lambda: protocol, sock=sock)
    try:
        yield transport, sock.getsockname()[1]
    finally:
        transport.close()


async def _exchange(wire: _Wire, transport: asyncio.DatagramTransport, port: int, data: bytes) -> bytes:
    transport.sendto(data, ("127.0.0.1", port))
    return await asyncio.wait_for(wire.received.get(), 10)


@dataclass
class _Proxied:
    """A started client between a stand-in WireGuard (``wire``) and the demo server's endpoint,
    which relays to a stand-in peer (``echo``)."""

    echo: _Echo
    demo: DemoServer
    client: ProxyGuardClient
    wire: _Wire
    transport: asyncio.DatagramTransport

    async def exchange(self, data: bytes) -> bytes:
        return await _exchange(self.wire, self.transport, self.client.local_port, data)


@contextlib.asynccontextmanager
async def _proxied(factory: Callable[..., DemoServer], **options: Any) -> AsyncIterator[_Proxied]:
    echo, wire = _Echo(), _Wire()
    async with _udp(echo) as (_, echo_port):
        demo = factory(wireguard_endpoint=f"127.0.0.1:{echo_port}")
        client = ProxyGuardClient(f"{demo.base_url}/proxyguard", **options)
        await client.start()
        try:
            async with _udp(wire) as (transport, _):
                yield _Proxied(echo, demo, client, wire, transport)
        finally:
            await client.stop()


async def test_datagrams_travel_both_ways_through_the_demo_servers_proxy(
    demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    async with _proxied(demo_server_factory) as path:
        assert path.client.address == ("127.0.0.1", path.demo.port)
        assert await path.exchange(b"hello") == b"re:hello"
        largest = bytes(range(256)) * (MAX_UDP4 // 256) + b"z" * (MAX_UDP4 % 256)
        assert await path.exchange(largest) == b"re:" + largest[: MAX_UDP4 - 3]
        assert path.echo.seen[-1] == largest, "the largest IPv4 datagram arrives whole"
        # A burst: TCP packs several frames into one segment, the reader splits them again.
        for i in range(50):
            path.transport.sendto(b"burst %d" % i, ("127.0.0.1", path.client.local_port))
        got = {await asyncio.wait_for(path.wire.received.get(), 10) for _ in range(50)}
        assert got == {b"re:burst %d" % i for i in range(50)}
        assert path.demo.proxyguard.sessions == 1
    assert not path.client.connected


async def test_only_the_first_local_sender_wireguard_is_carried(
    demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    intruder = _Wire()
    async with _proxied(demo_server_factory) as path, _udp(intruder) as (other, _):
        assert await path.exchange(b"one") == b"re:one"
        other.sendto(b"intruder", ("127.0.0.1", path.client.local_port))
        # Sent after the intruder's datagram on the same path: its echo comes back alone.
        assert await path.exchange(b"two") == b"re:two"
        assert path.echo.seen == [b"one", b"two"]
        assert intruder.received.empty()


async def test_a_reset_connection_is_opened_again_by_the_next_datagram(
    demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    async with _proxied(demo_server_factory, backoff=[0.05]) as path:
        assert await path.exchange(b"before") == b"re:before"
        path.client.reset_connection()
        # The first datagram after the reset is held while the connection opens again.
        assert await path.exchange(b"after") == b"re:after"
        assert path.client.connections == 2
        assert path.demo.proxyguard.sessions == 2


async def test_the_wrong_path_is_not_upgraded_and_start_says_what_the_server_answered(
    demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    demo = demo_server_factory()
    client = ProxyGuardClient(f"{demo.base_url}/not-the-proxy")
    with pytest.raises(ProxyConnectError, match="answered 404") as caught:
        await client.start()
    assert "127.0.0.1" in caught.value.message
    # The ordinary API still works beside the endpoint.
    assert demo.proxyguard.sessions == 0


async def test_an_untrusted_certificate_is_refused(
    demo_server_factory: Callable[..., DemoServer], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import trustme

    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    demo = demo_server_factory()
    client = ProxyGuardClient(f"{demo.base_url}/proxyguard")
    with pytest.raises(ProxyConnectError, match="certificate"):
        await client.start()
    assert demo.proxyguard.sessions == 0


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.asynccontextmanager
async def _plain_server(handler: Handler) -> AsyncIterator[str]:
    """A plain-HTTP server on 127.0.0.1 running ``handler`` per connection; yields its proxy URL."""

    async def closing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handler(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    server = await asyncio.start_server(closing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/proxyguard"
    finally:
        server.close()
        await server.wait_closed()


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    return await reader.readuntil(b"\r\n\r\n")


SWITCHED = b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: UoTLV/1\r\n\r\n"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", "answered 403 Forbidden"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "answered 200 OK"),
        (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "another protocol"),
        (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "did not answer in HTTP"),
        (b"", "closed the connection before answering"),
    ],
)
async def test_a_server_that_does_not_switch_to_uotlv_fails_the_start_and_gets_no_datagram(
    answer: bytes, expected: str
) -> None:
    heads: list[bytes] = []
    after: list[bytes] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        heads.append(await _read_head(reader))
        writer.write(answer)
        await writer.drain()
        writer.close()
        try:
            after.append(await reader.read())
        except ConnectionResetError:
            after.append(b"")  # the client dropped the connection at once: nothing sent either

    async with _plain_server(handler) as url:
        client = ProxyGuardClient(url)
        with pytest.raises(ProxyConnectError, match=expected):
            await client.start()
    assert heads[0].startswith(b"GET /proxyguard HTTP/1.1\r\n")
    assert b"\r\nUpgrade: UoTLV/1\r\n" in heads[0]
    assert after == [b""], "nothing is sent after a refused upgrade"


async def test_a_server_that_closes_mid_frame_loses_that_frame_and_the_next_datagram_reconnects() -> None:
    connections = 0
    # The frames the test's fake server sends: one and a half on the first connection, then whole.
    half = encode_frame(b"cut short")[:5]

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await _read_head(reader)
        writer.write(SWITCHED)
        frame = await reader.readexactly(2)
        datagram = await reader.readexactly(int.from_bytes(frame, "big"))
        if connections == 1:
            # The whole answer and half of a second frame in one write, then the connection ends.
            writer.write(encode_frame(b"first:" + datagram) + half)
            await writer.drain()
            writer.close()
            return
        writer.write(encode_frame(b"again:" + datagram))
        await writer.drain()
        await reader.read()

    async with _plain_server(handler) as url:
        client = ProxyGuardClient(url, backoff=[0.05])
        await client.start()
        try:
            wire = _Wire()
            async with _udp(wire) as (transport, _):
                assert await _exchange(wire, transport, client.local_port, b"a") == b"first:a"
                # The half frame never reaches WireGuard; the next datagram opens a new connection.
                assert await _exchange(wire, transport, client.local_port, b"b") == b"again:b"
                assert wire.received.empty()
            assert client.connections == 2
        finally:
            await client.stop()


async def test_a_failing_reconnect_backs_off_and_keeps_trying_until_the_server_is_back() -> None:
    accepting = asyncio.Event()
    attempts = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal attempts
        attempts += 1
        await _read_head(reader)
        if attempts > 1 and not accepting.is_set():
            writer.write(b"HTTP/1.1 503 Service Unavailable\r\n\r\n")
            if attempts == 4:
                accepting.set()  # the server is back from the next attempt on
            writer.close()
            return
        writer.write(SWITCHED)
        while frame := await reader.read(2):
            datagram = await reader.readexactly(int.from_bytes(frame, "big"))
            writer.write(encode_frame(b"ok:" + datagram))
            if datagram == b"drop me":
                writer.close()
                return

    async with _plain_server(handler) as url:
        client = ProxyGuardClient(url, backoff=[0.01, 0.02])
        await client.start()
        try:
            wire = _Wire()
            async with _udp(wire) as (transport, _):
                assert await _exchange(wire, transport, client.local_port, b"drop me") == b"ok:drop me"
                # Refused three times (503), then upgraded: the held datagram is delivered.
                assert await _exchange(wire, transport, client.local_port, b"later") == b"ok:later"
            assert attempts == 5
            assert client.connections == 2
        finally:
            await client.stop()


async def test_an_idle_connection_is_closed_and_the_next_datagram_opens_a_new_one() -> None:
    """ProxyGuard's rule: about 60 s without incoming data ends a connection, and that is normal."""
    closed_by_client = asyncio.Event()
    connections = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await _read_head(reader)
        writer.write(SWITCHED)
        while frame := await reader.read(2):
            datagram = await reader.readexactly(int.from_bytes(frame, "big"))
            writer.write(encode_frame(b"ok:" + datagram))
        closed_by_client.set()  # the client gave up on the silent connection

    async with _plain_server(handler) as url:
        client = ProxyGuardClient(url, idle_timeout=0.2)
        await client.start()
        try:
            await asyncio.wait_for(closed_by_client.wait(), 10)
            assert not client.connected
            wire = _Wire()
            async with _udp(wire) as (transport, _):
                assert await _exchange(wire, transport, client.local_port, b"later") == b"ok:later"
            assert connections == client.connections == 2
        finally:
            await client.stop()


def test_an_endless_response_head_is_not_proxyguard() -> None:
    from gui.core.proxyguard import check_upgrade_response

    head = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: UoTLV/1\r\n" + b"X-Pad: y\r\n" * 4000 + b"\r\n"
    with pytest.raises(ValueError, match="not an HTTP response head"):
        check_upgrade_response(head)
    check_upgrade_response(SWITCHED)  # the real answer passes
