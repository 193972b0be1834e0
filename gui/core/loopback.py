"""The one-shot loopback listener that catches the OAuth redirect from the system browser.

It binds to 127.0.0.1 on a random port (the registered ``http://127.0.0.1:{PORT}/callback``),
answers exactly one callback with a page saying the tab may be closed, and closes. Anything else a
browser sends meanwhile (``/favicon.ico``, a pre-connect) is answered 404 and does not end the wait.

Any program on the machine can reach a loopback port. Once the login's ``state`` is known
(``expect``), a ``/callback`` carrying another ``state`` is answered 400 and ignored: a stray or
forged request cannot end (break) the login, which waits for its own answer until its timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 16 * 1024
REQUEST_READ_TIMEOUT = 10.0

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32em;margin:4em auto;text-align:center;color:#222}}
h1{{font-size:1.4em}}</style></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""


@dataclass(frozen=True)
class CallbackResult:
    """The query of the redirect: ``code`` + ``state``, or ``error`` (+ description)."""

    params: dict[str, str] = field(repr=False)

    def get(self, key: str) -> str | None:
        return self.params.get(key)


class LoopbackListener:
    """Use as ``async with LoopbackListener() as listener: … listener.expect(state) … await
    listener.wait()``. Without ``expect``, the first ``/callback`` is taken whatever its state."""

    def __init__(self, host: str = "127.0.0.1", path: str = "/callback") -> None:
        self.host = host
        self.path = path
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[CallbackResult] | None = None
        self._state: str | None = None
        self._completes: Callable[[CallbackResult], bool] | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "listener not started"
        return int(self._server.sockets[0].getsockname()[1])

    def redirect_uri(self, template: str = "http://127.0.0.1:{port}/callback") -> str:
        # replace, not format: a redirect setting with other braces must not raise
        return template.replace("{port}", str(self.port))

    def expect(self, state: str, completes: Callable[[CallbackResult], bool] | None = None) -> None:
        """Accept only the callback carrying ``state``; others get 400 and the wait goes on.

        ``completes`` tells the page shown in the browser whether the answer completes the login
        (e.g. ``False`` for an ``error=`` answer or one from another issuer); by default, any
        answer without ``error`` does. It decides the page only, never what ``wait`` returns.
        """
        self._state = state
        self._completes = completes

    async def __aenter__(self) -> LoopbackListener:
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    async def wait(self, timeout: float | None = None) -> CallbackResult:
        """The callback's query parameters; ``TimeoutError`` when the user never comes back."""
        assert self._result is not None, "listener not started"
        return await asyncio.wait_for(asyncio.shield(self._result), timeout)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_READ_TIMEOUT)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
            writer.close()
            return
        try:
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, target, _version = request_line.split(" ", 2)
        except ValueError:
            await self._respond(writer, 400, "Bad request", "")
            return
        parts = urlsplit(target)
        if method != "GET" or parts.path != self.path or self._result is None or self._result.done():
            await self._respond(writer, 404, "Not found", "")
            return
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if self._state is not None and not _same(params.get("state", ""), self._state):
            log.warning("a login callback with a wrong state was refused")
            await self._respond_plain(
                writer, 400, "This login answer is not for the login Sluis is waiting for."
            )
            return
        result = CallbackResult(params)
        completes = self._completes(result) if self._completes else "error" not in params
        if completes:
            await self._respond(
                writer, 200, "You are logged in", "You may close this tab and return to Sluis."
            )
        else:
            await self._respond(
                writer, 200, "Login was not completed", "Return to Sluis to see what happened."
            )
        if not self._result.done():
            self._result.set_result(result)

    @staticmethod
    async def _respond(writer: asyncio.StreamWriter, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
        await _send(writer, status, "text/html; charset=utf-8", body)

    @staticmethod
    async def _respond_plain(writer: asyncio.StreamWriter, status: int, text: str) -> None:
        await _send(writer, status, "text/plain; charset=utf-8", text.encode() + b"\n")


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison (bytes: ``compare_digest`` refuses non-ASCII text)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))


async def _send(writer: asyncio.StreamWriter, status: int, content_type: str, body: bytes) -> None:
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "OK")
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\nCache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n\r\n".encode()
        + body
    )
    with contextlib.suppress(ConnectionError):
        await writer.drain()
    writer.close()
