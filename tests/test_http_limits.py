"""API answers read with a size cap and a total deadline, against a real (hostile) HTTPS server.

The server is a raw asyncio TLS server on 127.0.0.1 with a trustme certificate: it serves a valid
well-known document and then, per path, an endless body, a body it says is huge, or a body it
trickles one byte at a time, each byte well within the client's per-read timeout. The client must
stop reading at the cap, or end the exchange at its total deadline (short here, through the
``deadline`` parameter: nothing in these tests sleeps for long or measures time).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import trustme

from gui.core import http
from gui.core.client import MAX_API_RESPONSE, ServerClient
from gui.core.endpoints import EndpointCache
from gui.core.errors import NetworkError, ResponseDeadlineError, ResponseTooLargeError
from gui.core.oauth import build_authorization_request
from gui.core.protocols import Protocol
from gui.core.tokens import Tokens, TokenStore
from tests.support.keyrings import MemoryKeyring

CHUNK = b"[" + b" " * (64 * 1024 - 1)
# A safety net for a client that never stops reading: the test then fails instead of hanging.
SERVER_GIVES_UP_AFTER = 64 * MAX_API_RESPONSE


class HostileServer:
    """HTTPS on 127.0.0.1; ``behaviour[path]`` is ``endless``, ``declared-huge`` or ``trickle``."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        self.behaviour: dict[str, str] = {}
        self.requests: list[str] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._stop = asyncio.Event()

    async def start(self) -> HostileServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.context)
        return self

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        self._stop.set()  # ends every answer still being sent
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"https://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/"

    def _well_known(self) -> bytes:
        base = self.base_url
        return json.dumps(
            {
                "api": {
                    "http://eduvpn.org/api#3": {
                        "api_endpoint": base + "api",
                        "authorization_endpoint": base + "authorize",
                        "token_endpoint": base + "token",
                    }
                },
                "v": "3.0.0-hostile",
            }
        ).encode()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            _method, target, _version = lines[0].split(" ", 2)
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            path = urlsplit(target).path
            self.requests.append(path)
            await self._answer(writer, self.behaviour.get(path, "well-known"))
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    async def _answer(self, writer: asyncio.StreamWriter, behaviour: str) -> None:
        start = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        if behaviour == "well-known":
            body = self._well_known()
            writer.write(start + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            await writer.drain()
        elif behaviour == "endless":
            writer.write(start + b"Transfer-Encoding: chunked\r\n\r\n")
            sent = 0
            while sent < SERVER_GIVES_UP_AFTER and not self._stop.is_set():
                writer.write(f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n")
                await writer.drain()
                sent += len(CHUNK)
        elif behaviour == "declared-huge":
            writer.write(start + b"Content-Length: 10000000000\r\n\r\n")
            sent = 0
            while sent < SERVER_GIVES_UP_AFTER and not self._stop.is_set():
                writer.write(CHUNK)
                await writer.drain()
                sent += len(CHUNK)
        elif behaviour == "trickle":
            # Until the test ends, one byte at a time, each far inside the client's 10 s per-read
            # timeout; the declared length is below every cap, so only a deadline ends the wait.
            writer.write(start + b"Content-Length: 30000\r\n\r\n")
            while not self._stop.is_set():
                writer.write(b" ")
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), 0.02)
        else:
            raise AssertionError(behaviour)


@pytest.fixture
async def hostile(tls_ca: trustme.CA, trust_demo_ca: Path) -> AsyncIterator[HostileServer]:
    """The client trusts ``tls_ca`` through ``SSL_CERT_FILE`` (``trust_demo_ca``), as in real use."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca.issue_cert("127.0.0.1").configure_cert(context)
    server = await HostileServer(context).start()
    yield server
    await server.close()


async def _client(server: HostileServer, *, deadline: float) -> ServerClient:
    store = TokenStore(MemoryKeyring())
    now = time.time()
    await store.save(server.base_url, Tokens("access", "refresh", expires_at=now + 3600, started_at=now))
    return ServerClient(
        server.base_url,
        client_id="org.eduvpn.app.linux",
        token_store=store,
        endpoint_cache=EndpointCache(),
        deadline=deadline,
    )


async def _call(client: ServerClient, call: str) -> object:
    if call == "info":
        return await client.info()
    return await client.connect("employees", accept=(Protocol.OPENVPN, Protocol.WIREGUARD))


@pytest.mark.parametrize("call", ["info", "connect"])
@pytest.mark.parametrize("behaviour", ["endless", "declared-huge"])
async def test_an_oversize_answer_is_cut_off_at_the_cap(
    hostile: HostileServer, call: str, behaviour: str
) -> None:
    hostile.behaviour["/api/" + call] = behaviour
    # A deadline far beyond what reading the cap takes: only the cap can end this.
    async with await _client(hostile, deadline=120) as client:
        with pytest.raises(ResponseTooLargeError) as raised:
            await _call(client, call)
    error = raised.value
    assert isinstance(error, NetworkError)  # callers that catch network errors catch it too
    assert error.params["limit"] == MAX_API_RESPONSE and error.params["host"] == "127.0.0.1"
    assert "127.0.0.1" in error.message and str(MAX_API_RESPONSE) in error.message
    assert hostile.requests == ["/.well-known/vpn-user-portal", "/api/" + call]


@pytest.mark.parametrize("call", ["info", "connect"])
async def test_a_trickled_answer_ends_at_the_total_deadline(hostile: HostileServer, call: str) -> None:
    hostile.behaviour["/api/" + call] = "trickle"
    async with await _client(hostile, deadline=0.5) as client:
        with pytest.raises(ResponseDeadlineError) as raised:
            await _call(client, call)
    assert raised.value.params["seconds"] == "0.5"
    assert "0.5 seconds" in raised.value.message
    assert hostile.requests[-1] == "/api/" + call


async def test_a_trickled_well_known_document_ends_at_the_deadline(hostile: HostileServer) -> None:
    hostile.behaviour["/.well-known/vpn-user-portal"] = "trickle"
    async with await _client(hostile, deadline=0.5) as client:
        with pytest.raises(ResponseDeadlineError):
            await client.info()
    assert hostile.requests == ["/.well-known/vpn-user-portal"]


async def test_a_trickled_token_answer_ends_at_the_deadline(hostile: HostileServer) -> None:
    hostile.behaviour["/token"] = "trickle"
    async with await _client(hostile, deadline=0.5) as client:
        endpoints = await client.endpoints()
        request = build_authorization_request(
            endpoints.authorization_endpoint, client.client_id, "http://127.0.0.1:1/callback"
        )
        with pytest.raises(ResponseDeadlineError):
            await client.exchange_code(request, "code")
    assert hostile.requests[-1] == "/token"


async def test_the_helper_on_its_own(hostile: HostileServer) -> None:
    """``fetch_limited`` with any httpx2 client: a small cap, then a short deadline."""
    hostile.behaviour["/endless"] = "endless"
    hostile.behaviour["/trickle"] = "trickle"
    async with http.new_client() as web:
        document = await http.fetch_limited(web, "GET", hostile.base_url + "x", max_bytes=64 * 1024)
        assert document.status == 200 and json.loads(document.content)["v"] == "3.0.0-hostile"
        with pytest.raises(ResponseTooLargeError):
            await http.fetch_limited(web, "GET", hostile.base_url + "endless", max_bytes=1000, deadline=120)
        with pytest.raises(ResponseDeadlineError):
            await http.fetch_limited(
                web, "GET", hostile.base_url + "trickle", max_bytes=1 << 20, deadline=0.3
            )
        # A deadline that did not expire leaves a TimeoutError from inside as it is.
        with pytest.raises(TimeoutError):
            async with http.total_deadline(hostile.base_url, 60):
                raise TimeoutError
