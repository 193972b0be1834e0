"""Running the demo server: in a background thread for tests and ``--demo``, or in the foreground
for ``sluis demo-server``.

The listening socket is bound before uvicorn starts, so the port (also a random one) and the base
URL are known the moment :meth:`DemoServer.start` returns, and starting costs milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, TracebackType

import uvicorn

from gui.demoserver import discovery
from gui.demoserver.app import PORTAL, WELL_KNOWN, create_app
from gui.demoserver.config import DemoConfig
from gui.demoserver.oauth import Clock
from gui.demoserver.proxyguard import ProxyGuardFront, ProxyGuardRelay, UdpFactory
from gui.demoserver.state import DemoState
from gui.demoserver.tls import TLSFiles, generate_tls_files

START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
# What stops ``serve_forever``: Ctrl+C, ``kill``, and Ctrl+Break on Windows.
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGBREAK") if hasattr(signal, name)
)


class _Server(uvicorn.Server):
    """uvicorn's server, woken at once when asked to stop instead of at its next 0.1 s tick."""

    def __init__(self, config: uvicorn.Config, relay: ProxyGuardRelay | None = None) -> None:
        super().__init__(config)
        self.relay = relay
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's shutdown without its fixed 0.1 s pause, which would dominate a test that
        starts its own server: stop accepting, close idle connections, give busy ones the
        graceful timeout to finish, then cancel what is left."""
        for server in self.servers:
            server.close()
        if self.relay is not None:
            self.relay.close_all()  # upgraded connections are not uvicorn's: they end here
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.config.timeout_graceful_shutdown or 0)
        state = self.server_state
        busy = state.connections or state.tasks
        while busy and not self.force_exit and loop.time() < deadline:
            # uvicorn offers no event for "the last connection closed", so poll it briefly.
            await asyncio.sleep(0.002)
            busy = state.connections or state.tasks
        for task in state.tasks:
            task.cancel(msg="demo server shutting down")
        for server in self.servers:
            await server.wait_closed()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """A stop signal ends serving and nothing else: uvicorn's own version raises the signal
        again once it has shut down, so SIGTERM would kill the process (exit -15) before the
        caller cleans up, and SIGINT would surface as a ``KeyboardInterrupt``. A second Ctrl+C
        cancels the requests still running. Signals reach only the main thread; elsewhere
        (``start()``'s thread) this does nothing."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def on_signal(signum: int, frame: FrameType | None) -> None:
            del frame
            if self.should_exit and signum == signal.SIGINT:
                self.force_exit = True
            self.request_exit()

        previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def request_exit(self) -> None:
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)


class DemoServer:
    """One demo server instance on ``host`` (127.0.0.1 by default) and ``port`` (0: a free one).

    Usable as a context manager. ``tls`` makes it HTTPS; ``clock`` drives every expiry (tokens,
    codes, sessions, certificates) so tests can move time. Its port also serves WireGuard over TCP
    (``/proxyguard``, relayed to ``DemoConfig.wireguard_endpoint``); ``proxy_udp_factory`` makes the
    relay's UDP sockets (tests: in the VPN server's network namespace).
    """

    def __init__(
        self,
        config: DemoConfig | None = None,
        *,
        tls: TLSFiles | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock = time.time,
        proxy_udp_factory: UdpFactory | None = None,
    ) -> None:
        self.state = DemoState(config or DemoConfig(), clock)
        self.app = create_app(self.state)
        self.proxyguard = ProxyGuardRelay(lambda: self.state.config.wireguard_endpoint, proxy_udp_factory)
        self._also: list[socket.socket] = []
        self.tls = tls
        self.host = host
        self._requested_port = port
        self._socket: socket.socket | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- addresses ------------------------------------------------------------------------------

    @property
    def config(self) -> DemoConfig:
        return self.state.config

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the demo server is not started")
        return int(self._socket.getsockname()[1])

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:PORT`` (no trailing slash): what a user types into the app."""
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def ca_file(self) -> Path | None:
        """The CA certificate a client must trust to talk to this server over HTTPS."""
        return None if self.tls is None else self.tls.ca_file

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def discovery_url(self) -> str:
        return self.url(discovery.PATH)

    def publish_discovery(self, *, v: int | None = None, locations: dict[str, str] | None = None) -> str:
        """Serve signed lists naming this server under ``/discovery/``; returns the public key
        a client must trust (``SLUIS_DISCOVERY_KEYS``). Call after ``start()``/``bind()``."""
        secret_key, public_key = discovery.new_keypair()
        self.state.discovery_files = discovery.signed_files(
            self.base_url, secret_key, v=v, locations=locations
        )
        return public_key

    @property
    def well_known_url(self) -> str:
        return self.url(WELL_KNOWN)

    @property
    def api_endpoint(self) -> str:
        return self.url(f"{PORTAL}/api/v3")

    @property
    def authorization_endpoint(self) -> str:
        return self.url(f"{PORTAL}/oauth/authorize")

    @property
    def token_endpoint(self) -> str:
        return self.url(f"{PORTAL}/oauth/token")

    # -- life cycle -----------------------------------------------------------------------------

    def bind(self) -> DemoServer:
        """Bind the listening socket (the port is known from now on) and load the server's
        configuration; TLS file problems surface here, in the caller's thread. Idempotent."""
        if self._server is not None:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on accepted sockets whose proto
        # says TCP, and without it every response written in two parts waits ~40 ms for an ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            if os.name == "posix":  # on Windows the option would let others take the port
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._requested_port))
            sock.listen(128)
        except BaseException:
            sock.close()
            raise
        config = uvicorn.Config(
            self.app,
            ssl_certfile=None if self.tls is None else str(self.tls.cert_file),
            ssl_keyfile=None if self.tls is None else str(self.tls.key_file),
            log_config=None,  # leave the host application's logging alone
            access_log=False,
            lifespan="off",
            loop="asyncio",
            http=ProxyGuardFront.serving(self.proxyguard),
            ws="none",
            timeout_graceful_shutdown=2,
        )
        try:
            config.load()
        except BaseException:
            sock.close()
            raise
        self._socket = sock
        self._server = _Server(config, self.proxyguard)
        return self

    def reset_proxy_connections(self) -> None:
        """Reset every WireGuard-over-TCP connection, as a middlebox would (from any thread)."""
        server = self._server
        loop = server._loop if server is not None else None
        if loop is None:
            return
        done = threading.Event()

        def reset() -> None:
            self.proxyguard.close_all()
            done.set()

        loop.call_soon_threadsafe(reset)
        done.wait(STOP_TIMEOUT)

    def listen_also(self, sock: socket.socket) -> None:
        """Serve on ``sock`` too (bound and listening; closed on ``stop``), e.g. a socket made in a
        test's network namespace so that a VPN client there reaches the ProxyGuard endpoint."""
        if self._thread is not None:
            raise RuntimeError("listen_also() comes before start()")
        self._also.append(sock)

    def _bound(self) -> tuple[_Server, socket.socket]:
        self.bind()
        assert self._server is not None
        assert self._socket is not None
        if self._server.started or self._thread is not None:
            raise RuntimeError("the demo server is already running")
        return self._server, self._socket

    def start(self) -> DemoServer:
        """Serve from a background thread; returns once the server accepts connections."""
        server, sock = self._bound()
        self._thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock, *self._also]},
            name=f"sluis-demo-server:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the demo server did not start")
            time.sleep(0.001)
        return self

    def stop(self) -> None:
        """Stop serving and release the port. Safe to call more than once."""
        server, thread, sock = self._server, self._thread, self._socket
        if server is None:
            return
        server.request_exit()
        if thread is not None:
            thread.join(STOP_TIMEOUT)
            if thread.is_alive():
                server.force_exit = True
                thread.join(STOP_TIMEOUT)
        if sock is not None:
            sock.close()
        for extra in self._also:
            extra.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until SIGINT/SIGTERM (from the main thread) or ``stop()``
        (from another), then return normally. It runs its own event loop, so it cannot be called
        from a coroutine: ``start()`` serves beside a running loop."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("serve_forever() blocks and runs its own event loop: call it outside one")
        server, sock = self._bound()
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()

    def __enter__(self) -> DemoServer:
        return self if self._thread is not None else self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class _StopRequested(Exception):
    """A stop signal that came while ``serve`` was not serving yet (or any more)."""


def _stop_requested(signum: int, frame: FrameType | None) -> None:
    raise _StopRequested(signum)


def serve(port: int, tls: bool, host: str = "127.0.0.1", auto_approve: bool = False) -> None:
    """``sluis demo-server``: run a demo server in the foreground until Ctrl+C or SIGTERM, then
    return normally (the caller exits 0). Not from a coroutine: it runs its own event loop.

    It prints its base URL and, with ``tls`` (a throw-away CA is generated), the CA file to trust
    through ``SSL_CERT_FILE``; then the address and key of discovery lists signed for this run, for
    ``SLUIS_DISCOVERY_URL`` / ``SLUIS_DISCOVERY_KEYS``. The files are removed when the server stops,
    also when the signal comes while they are being made. A port that cannot be bound raises
    ``OSError`` before anything is printed.
    """
    main_thread = threading.current_thread() is threading.main_thread()
    # Until serve_forever() takes over (and again after it), a stop signal ends serve() cleanly.
    previous = {sig: signal.signal(sig, _stop_requested) for sig in STOP_SIGNALS} if main_thread else {}
    tls_dir: Path | None = None
    server: DemoServer | None = None
    try:
        tls_dir = Path(tempfile.mkdtemp(prefix="sluis-demo-tls-")) if tls else None
        names = tuple(dict.fromkeys((host, "localhost", "127.0.0.1", "::1")))
        tls_files = generate_tls_files(tls_dir, names) if tls_dir is not None else None
        server = DemoServer(DemoConfig(auto_approve=auto_approve), tls=tls_files, host=host, port=port)
        server.bind()  # so the printed URL carries the real port
        print(f"Sluis demo server: {server.base_url}/", flush=True)
        print("Add this address in the app; log in as demo, password demo.", flush=True)
        if tls_files is not None:
            print(f"The server's CA certificate: {tls_files.ca_file}", flush=True)
            print(f"To trust it:  export SSL_CERT_FILE={tls_files.ca_file}", flush=True)
        # Signed lists naming this server, so that `sluis discover` and the app's search find it.
        keys = server.publish_discovery()
        print(
            f"To search it:  export SLUIS_DISCOVERY_URL={server.discovery_url} SLUIS_DISCOVERY_KEYS={keys}",
            flush=True,
        )
        print("Press Ctrl+C to stop.", flush=True)
        server.serve_forever()
    except _StopRequested:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if server is not None:
            server.stop()
        if tls_dir is not None:
            shutil.rmtree(tls_dir, ignore_errors=True)
    print("Demo server stopped.", flush=True)
