"""WireGuard over TCP: a ProxyGuard client (UoTLV/1), so a WireGuard tunnel works where UDP is blocked.

WireGuard itself is unchanged: its ``Endpoint`` is this client's UDP socket on 127.0.0.1, and each
datagram it sends travels to the server's proxy as one frame (a 2-byte big-endian length, then the
datagram) on one TCP connection, TLS for ``https``, opened with an HTTP/1.1 ``Upgrade: UoTLV/1``
request. Frames from the server become datagrams sent back to the address WireGuard sent from.

The connection follows the same TLS policy as every other request (``gui.core.http.ssl_context``:
verified, ``SSL_CERT_FILE``). It is opened once at start, so a refused upgrade or a certificate
problem is reported while the tunnel is brought up; afterwards a dropped connection is opened again
on the next datagram, with back-off (1, 2, 4, 8, then 10 s) while that fails, and never given up.
The host is resolved once: the caller routes that address around the tunnel the proxy carries.

Sockets come from a ``SocketFactory`` so that a backend can make them where they must live (a
network namespace in the tests, a marked socket); the default makes ordinary ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import ssl
import struct
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from gui.core.errors import TunnelError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.tls import USER_AGENT, ssl_context
from gui.core.vpnconfig import WireGuardConfig

log = logging.getLogger(__name__)

UPGRADE = "UoTLV/1"
MAX_DATAGRAM = 0xFFFF
# The server's proxy and the reference client both drop a connection after about this long without
# incoming data; the reader does the same, and the next datagram opens a new connection.
IDLE_TIMEOUT = 60.0
CONNECT_TIMEOUT = 10.0
BACKOFF = (1.0, 2.0, 4.0, 8.0, 10.0)
# An HTTP request or response head longer than this is not ProxyGuard's.
MAX_HEAD = 16 * 1024
# Datagrams held while the connection is (re)opened; WireGuard resends its handshakes anyway.
MAX_QUEUED = 128
# Bytes waiting to be written to TCP beyond which datagrams are dropped, as a congested UDP path would.
MAX_WRITE_BUFFER = 4 * 1024 * 1024

# Makes a socket of (family, type); a backend's may make it in a network namespace or mark it.
SocketFactory = Callable[[int, int], socket.socket]


class ProxyConnectError(TunnelError):
    """The WireGuard-over-TCP proxy could not be reached or refused the upgrade."""

    template = QT_TRANSLATE_NOOP("Errors", "The WireGuard over TCP proxy at {host} failed: {detail}")


def encode_frame(datagram: bytes) -> bytes:
    """One datagram as a UoTLV/1 frame."""
    if len(datagram) > MAX_DATAGRAM:
        raise ValueError(f"a datagram is at most {MAX_DATAGRAM} bytes, not {len(datagram)}")
    return len(datagram).to_bytes(2, "big") + datagram


class FrameDecoder:
    """Frames from a TCP byte stream: a frame may be split across reads, a read may hold several."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """The datagrams completed by ``data``, in order; a partial frame waits for the next read."""
        self._buffer += data
        found: list[bytes] = []
        start = 0
        while len(self._buffer) - start >= 2:
            size = int.from_bytes(self._buffer[start : start + 2], "big")
            if len(self._buffer) - start - 2 < size:
                break
            found.append(bytes(self._buffer[start + 2 : start + 2 + size]))
            start += 2 + size
        del self._buffer[:start]
        return found

    @property
    def pending(self) -> int:
        """Bytes of an unfinished frame (non-zero at the end of a stream: it closed mid-frame)."""
        return len(self._buffer)


@dataclass(frozen=True)
class ProxyTarget:
    """Where the proxy is: ``url``'s parts, and the address its host resolved to (once)."""

    url: str
    host: str
    port: int
    path: str
    tls: bool

    @classmethod
    def parse(cls, url: str) -> ProxyTarget:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        port = parts.port or (443 if scheme == "https" else 80)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return cls(url, parts.hostname, port, path, scheme == "https")

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.tls else 80
        return host if self.port == default else f"{host}:{self.port}"


def upgrade_request(target: ProxyTarget) -> bytes:
    """The HTTP/1.1 request that turns the connection into a frame stream (header values exactly as
    the server compares them)."""
    return (
        f"GET {target.path} HTTP/1.1\r\n"
        f"Host: {target.host_header}\r\n"
        f"User-Agent: {USER_AGENT}\r\n"
        "Connection: Upgrade\r\n"
        f"Upgrade: {UPGRADE}\r\n"
        "\r\n"
    ).encode("ascii")


def check_upgrade_response(head: bytes) -> None:
    """Raises ``ValueError`` (with words for the user) unless ``head`` is a ``101`` to UoTLV/1."""
    if len(head) > MAX_HEAD:
        raise ValueError("its answer is not an HTTP response head")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ", 2)
    if len(status) < 2 or not status[0].startswith("HTTP/1.") or not status[1].isdigit():
        raise ValueError("it did not answer in HTTP")
    if status[1] != "101":
        reason = status[2].strip()[:80] if len(status) > 2 else ""
        raise ValueError(f"it answered {status[1]} {reason}".rstrip())
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if headers.get("upgrade", "").lower() != UPGRADE.lower():
        raise ValueError("it switched to another protocol")


def resolve(host: str, port: int) -> tuple[socket.AddressFamily, tuple[str, int]]:
    """The address family and the address of ``host`` (the first the resolver gives)."""
    with contextlib.suppress(ValueError):
        ip = ipaddress.ip_address(host)
        return (socket.AF_INET6 if ip.version == 6 else socket.AF_INET), (str(ip), port)
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos:
        raise OSError(f"cannot resolve {host}")
    family, _type, _proto, _name, address = infos[0]
    return family, (str(address[0]), port)


def _plain_socket(family: int, kind: int) -> socket.socket:
    return socket.socket(family, kind)


class _LocalSide(asyncio.DatagramProtocol):
    def __init__(self, client: ProxyGuardClient) -> None:
        self.client = client

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.client._from_wireguard(data, addr)

    def error_received(self, exc: Exception) -> None:
        log.debug("local UDP socket: %r", exc)


class ProxyGuardClient:
    """One local UDP socket and one TCP (TLS) connection to the proxy, for one tunnel.

    ``await start()`` binds the socket, resolves the host and opens the first connection (raising
    ``ProxyConnectError`` when that fails); ``local_port`` is then WireGuard's endpoint port and
    ``address`` the proxy's IP. ``await stop()`` closes both.
    """

    def __init__(
        self,
        url: str,
        *,
        socket_factory: SocketFactory | None = None,
        tls_context: ssl.SSLContext | None = None,
        backoff: Sequence[float] = BACKOFF,
        idle_timeout: float = IDLE_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self.target = ProxyTarget.parse(url)
        self._socket_factory = socket_factory or _plain_socket
        self._tls = tls_context
        self._backoff = tuple(backoff)
        self._idle_timeout = idle_timeout
        self._connect_timeout = connect_timeout
        self._family: socket.AddressFamily = socket.AF_INET
        self.address: tuple[str, int] | None = None
        self._local: asyncio.DatagramTransport | None = None
        self._wireguard: tuple[str, int] | None = None
        self._queue: deque[bytes] = deque(maxlen=MAX_QUEUED)
        self._wanted = asyncio.Event()
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        # What happened, for logs and tests.
        self.connections = 0
        self.sent = 0
        self.received = 0

    @property
    def local_port(self) -> int:
        if self._local is None:
            raise RuntimeError("the proxy client is not started")
        return int(self._local.get_extra_info("sockname")[1])

    @property
    def connected(self) -> bool:
        return self._writer is not None and not self._writer.is_closing()

    def _error(self, detail: str) -> ProxyConnectError:
        return ProxyConnectError(host=self.target.host_header, detail=detail)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            self._family, self.address = await asyncio.to_thread(resolve, self.target.host, self.target.port)
        except OSError:
            raise self._error("its name could not be resolved") from None
        local = self._socket_factory(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            local.bind(("127.0.0.1", 0))
            local.setblocking(False)
        except BaseException:
            local.close()
            raise
        transport, _ = await loop.create_datagram_endpoint(lambda: _LocalSide(self), sock=local)
        self._local = transport
        try:
            reader, _ = await self._open()
        except BaseException:
            await self.stop()
            raise
        self._task = asyncio.create_task(self._run(reader), name="sluis proxyguard")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._close_writer()
        if self._local is not None:
            self._local.close()
            self._local = None

    def reset_connection(self) -> None:
        """Drop the TCP connection now (tests; a network change): the next datagram opens another."""
        if self._writer is not None:
            with contextlib.suppress(OSError):
                sock = self._writer.get_extra_info("socket")
                if sock is not None:
                    # A linger of 0 makes close() send a reset, as a middlebox would.
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._writer.transport.abort()

    # -- the two directions ------------------------------------------------------------------------

    def _from_wireguard(self, data: bytes, addr: tuple[str, int]) -> None:
        # The first sender is WireGuard: replies go there, and no other local program can slip
        # datagrams in or take the replies over.
        if self._wireguard is None:
            self._wireguard = addr
        elif addr != self._wireguard:
            return
        writer = self._writer
        if writer is None or writer.is_closing():
            self._queue.append(data)
            self._wanted.set()
            return
        if writer.transport.get_write_buffer_size() > MAX_WRITE_BUFFER:
            return  # congested: drop, as UDP would
        writer.write(encode_frame(data))
        self.sent += 1

    def _to_wireguard(self, datagram: bytes) -> None:
        if self._local is not None and self._wireguard is not None and datagram:
            self._local.sendto(datagram, self._wireguard)
            self.received += 1

    # -- the connection ------------------------------------------------------------------------------

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connected, upgraded stream, or ``ProxyConnectError``."""
        assert self.address is not None
        loop = asyncio.get_running_loop()
        try:
            sock = self._socket_factory(self._family, socket.SOCK_STREAM)
        except OSError as exc:
            raise self._error(exc.strerror or type(exc).__name__) from None
        writer: asyncio.StreamWriter | None = None
        try:
            async with asyncio.timeout(self._connect_timeout):
                sock.setblocking(False)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                await loop.sock_connect(sock, self.address)
                context = None
                if self.target.tls:
                    context = self._tls or ssl_context()
                    context.set_alpn_protocols(["http/1.1"])  # HTTP/2 cannot carry the Upgrade
                reader, writer = await asyncio.open_connection(
                    sock=sock,
                    ssl=context,
                    server_hostname=self.target.host if context is not None else None,
                    limit=2 * MAX_DATAGRAM + 4,
                )
                writer.write(upgrade_request(self.target))
                head = await reader.readuntil(b"\r\n\r\n")
        except TimeoutError:
            self._abort(sock, writer)
            raise self._error("it did not answer in time") from None
        except ssl.SSLCertVerificationError:
            self._abort(sock, writer)
            raise self._error("its TLS certificate could not be verified") from None
        except asyncio.IncompleteReadError:
            self._abort(sock, writer)
            raise self._error("it closed the connection before answering") from None
        except asyncio.LimitOverrunError:
            self._abort(sock, writer)
            raise self._error("its answer is not an HTTP response head") from None
        except OSError as exc:
            self._abort(sock, writer)
            raise self._error(exc.strerror or type(exc).__name__) from None
        except BaseException:
            self._abort(sock, writer)
            raise
        try:
            check_upgrade_response(head)
        except ValueError as exc:
            self._abort(sock, writer)
            raise self._error(str(exc)) from None
        self._writer = writer
        self.connections += 1
        while self._queue and self._wireguard is not None:
            self._from_wireguard(self._queue.popleft(), self._wireguard)
        return reader, writer

    @staticmethod
    def _abort(sock: socket.socket, writer: asyncio.StreamWriter | None) -> None:
        if writer is not None:
            writer.transport.abort()
        sock.close()

    def _close_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.transport.abort()

    async def _pump(self, reader: asyncio.StreamReader) -> None:
        """Frames to WireGuard until the server closes, the connection breaks, or it goes idle."""
        decoder = FrameDecoder()
        while True:
            try:
                async with asyncio.timeout(self._idle_timeout):
                    data = await reader.read(2 * MAX_DATAGRAM)
            except TimeoutError:
                log.info("no data from the proxy for %.0f s; closing the connection", self._idle_timeout)
                return
            except OSError as exc:
                log.info("the proxy connection broke: %s", exc.strerror or type(exc).__name__)
                return
            if not data:
                if decoder.pending:
                    log.info("the proxy closed the connection in the middle of a frame")
                else:
                    log.info("the proxy closed the connection")
                return
            for datagram in decoder.feed(data):
                self._to_wireguard(datagram)

    async def _run(self, reader: asyncio.StreamReader) -> None:
        while True:
            self._wanted.clear()
            await self._pump(reader)
            self._close_writer()
            # Reopen when WireGuard next sends (its keepalives and handshakes make sure it will).
            if not self._queue:
                await self._wanted.wait()
            attempt = 0
            while True:
                try:
                    reader, _ = await self._open()
                    break
                except ProxyConnectError as exc:
                    delay = self._backoff[min(attempt, len(self._backoff) - 1)]
                    log.warning(
                        "reconnecting to the proxy failed (%s); next try in %.0f s", exc.message, delay
                    )
                    attempt += 1
                    await asyncio.sleep(delay)
            log.info("reconnected to the proxy")


async def start_proxy_for(
    config: WireGuardConfig, socket_factory: SocketFactory | None = None
) -> ProxyGuardClient:
    """The started client for a WireGuard-over-TCP configuration (one peer, one ``ProxyEndpoint``);
    a refused upgrade or a bad certificate raises here, before a backend makes any interface."""
    urls = {p.proxy_endpoint for p in config.peers if p.proxy_endpoint}
    if len(urls) != 1 or len(config.peers) != 1:
        raise TunnelError(detail="WireGuard over TCP needs exactly one peer with a ProxyEndpoint")
    proxy = ProxyGuardClient(urls.pop(), socket_factory=socket_factory)
    await proxy.start()
    return proxy
