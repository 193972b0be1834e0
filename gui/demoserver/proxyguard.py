"""The demo server's ProxyGuard endpoint: WireGuard over TCP (UoTLV/1) on its own HTTP(S) port.

A real eduVPN node runs a ProxyGuard server behind its web server, which routes the upgrade request by
path. Here the same happens in front of uvicorn: every new connection is looked at until its request
head is complete; ``GET /proxyguard`` with ``Connection: Upgrade`` and ``Upgrade: UoTLV/1`` is answered
``101 Switching Protocols`` and then relays frames to and from the WireGuard peer over UDP (a fresh UDP
socket per connection, as ProxyGuard does), anything else is handed to uvicorn's HTTP protocol
unchanged. Header values are compared whole, as ProxyGuard compares them (426 and 501 otherwise).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from collections.abc import Callable
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol

from gui.core.proxyguard import MAX_HEAD, UPGRADE, FrameDecoder, encode_frame, resolve

log = logging.getLogger(__name__)

PATH = "/proxyguard"

# Makes the relay's UDP socket (tests: inside the VPN server's network namespace).
UdpFactory = Callable[[int], socket.socket]


def _plain_udp(family: int) -> socket.socket:
    return socket.socket(family, socket.SOCK_DGRAM)


class ProxyGuardRelay:
    """What the endpoint forwards to: the WireGuard peer's ``host:port``, and how to make sockets."""

    def __init__(self, wireguard_endpoint: Callable[[], str], udp_factory: UdpFactory | None = None) -> None:
        self._endpoint = wireguard_endpoint
        self.udp_factory = udp_factory or _plain_udp
        # Connections upgraded so far (tests read it), and those still open (closed on stop).
        self.sessions = 0
        self.open: set[asyncio.Transport] = set()

    def close_all(self) -> None:
        """Reset (RST) every upgraded connection: the server stops, or a test cuts the link."""
        for transport in list(self.open):
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()

    def peer(self) -> tuple[socket.AddressFamily, tuple[str, int]]:
        host, _, port = self._endpoint().rpartition(":")
        return resolve(host.strip("[]"), int(port))


def _answer(status: str, extra: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n".encode("ascii")


def upgrade_verdict(head: bytes) -> bytes | None:
    """``None`` for a request that is not for the proxy (uvicorn answers it), ``b""`` for a valid
    upgrade, or the refusal to send (ProxyGuard's 426 / 501)."""
    try:
        lines = head.decode("latin-1").split("\r\n")
    except UnicodeDecodeError:
        return None
    parts = lines[0].split(" ")
    if len(parts) != 3 or parts[1].split("?", 1)[0] != PATH:
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if parts[0] != "GET":
        return _answer("501 Not Implemented")
    if headers.get("connection") != "Upgrade" or headers.get("upgrade") != UPGRADE:
        return _answer("426 Upgrade Required", f"Upgrade: {UPGRADE}\r\n")
    return b""


class _Relay(asyncio.DatagramProtocol):
    """The UDP side of one upgraded connection."""

    def __init__(self, tcp: asyncio.Transport) -> None:
        self.tcp = tcp

    def datagram_received(self, data: bytes, addr: Any) -> None:
        if not self.tcp.is_closing():
            self.tcp.write(encode_frame(data))


class ProxyGuardFront(asyncio.Protocol):
    """uvicorn's HTTP protocol class for the demo server (``uvicorn.Config(http=...)``): sniffs the
    request head, serves the ProxyGuard upgrade itself and hands everything else to h11."""

    relay: ClassVar[ProxyGuardRelay]
    alpn_protocols: ClassVar[list[str]] = ["http/1.1"]

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._decided = False
        self._udp: asyncio.DatagramTransport | None = None
        self._decoder = FrameDecoder()
        self._pending: list[bytes] = []
        self._upgrading: asyncio.Future[None] | None = None

    @classmethod
    def serving(cls, relay: ProxyGuardRelay) -> type[ProxyGuardFront]:
        """A subclass bound to ``relay`` (uvicorn makes the protocol from its class alone)."""
        return type("ProxyGuardFrontBound", (cls,), {"relay": relay})

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        if self._decided:
            self._frames(data)
            return
        self._buffer += data
        if not b"GET ".startswith(self._buffer[:4]):
            self._hand_over()  # only a GET can be the upgrade: the rest goes to h11 at once
            return
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > MAX_HEAD:
                self._hand_over()
            return
        verdict = upgrade_verdict(self._buffer[: end + 4])
        if verdict is None:
            self._hand_over()
        elif verdict:
            assert self._transport is not None
            self._transport.write(verdict)
            self._transport.close()
            self._decided = True
        else:
            rest = self._buffer[end + 4 :]
            self._buffer = b""
            self._decided = True
            self._upgrading = asyncio.ensure_future(self._upgrade(rest))

    def _hand_over(self) -> None:
        assert self._transport is not None
        self._decided = True
        inner = H11Protocol(**self._kwargs)
        inner.connection_made(self._transport)
        self._transport.set_protocol(inner)
        inner.data_received(self._buffer)
        self._buffer = b""

    async def _upgrade(self, rest: bytes) -> None:
        transport = self._transport
        assert transport is not None
        loop = asyncio.get_running_loop()
        try:
            family, address = await asyncio.to_thread(self.relay.peer)
            sock = self.relay.udp_factory(family)
            sock.setblocking(False)
            sock.connect(address)
            udp, _ = await loop.create_datagram_endpoint(lambda: _Relay(transport), sock=sock)
        except OSError as exc:
            log.warning("ProxyGuard: the WireGuard peer cannot be reached: %r", exc)
            transport.write(_answer("502 Bad Gateway"))
            transport.close()
            return
        if transport.is_closing():
            udp.close()
            return
        self._udp = udp
        self.relay.sessions += 1
        self.relay.open.add(transport)
        transport.write(
            f"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: {UPGRADE}\r\n\r\n".encode()
        )
        for chunk in [rest, *self._pending]:
            self._frames(chunk)
        self._pending = []

    def _frames(self, data: bytes) -> None:
        if self._udp is None:
            self._pending.append(data)
            return
        for datagram in self._decoder.feed(data):
            self._udp.sendto(datagram)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self.relay.open.discard(self._transport)
        if self._udp is not None:
            with contextlib.suppress(Exception):
                self._udp.close()
            self._udp = None

    def eof_received(self) -> bool | None:
        return None
