"""The HTTP policy every request of Sluis follows: verified TLS, timeouts, https-only redirects.

A VPN client that can be steered to plain HTTP, or that hangs on a slow server, fails its users at
the worst moment; so these rules live in one place instead of in each caller.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx2

from gui.core.errors import (
    InsecureRedirectError,
    NetworkError,
    ResponseDeadlineError,
    ResponseTooLargeError,
)
from gui.core.i18n import QT_TRANSLATE_NOOP

# Re-exported: callers have always found the TLS policy here.
from gui.core.tls import USER_AGENT as USER_AGENT
from gui.core.tls import shared_ssl_context
from gui.core.tls import ssl_context as ssl_context
from gui.core.urls import host_of

log = logging.getLogger(__name__)

# A slow server gets 10 s per read and 5 s to connect; nothing waits forever.
DEFAULT_TIMEOUT = httpx2.Timeout(10.0, connect=5.0)
# ... and a whole exchange (connect, send, the complete answer) ends within this many seconds: a
# server that trickles a byte every few seconds passes every per-read timeout, but not this.
DEFAULT_DEADLINE = 60.0
# What ``read_limited`` says when it stops; ``importers`` matches on it (kept as ``detail``).
TOO_LARGE_DETAIL = "the response is too large"
MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


def client_options(*, timeout: httpx2.Timeout = DEFAULT_TIMEOUT) -> dict[str, object]:
    """Keyword arguments for an ``httpx2.AsyncClient`` (or authlib's subclass) following the policy."""
    return {
        "verify": shared_ssl_context(),
        "timeout": timeout,
        "follow_redirects": False,
        "headers": {"User-Agent": USER_AGENT},
        "trust_env": False,  # proxies from the environment must not see VPN credentials by surprise
    }


def new_client(*, timeout: httpx2.Timeout = DEFAULT_TIMEOUT) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(**client_options(timeout=timeout))  # type: ignore[arg-type]


# How the resolvers of Linux, macOS and Windows say that a name does not exist.
_NO_SUCH_HOST = (
    "Name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "No address associated",
)


def network_error(url: str, exc: Exception) -> NetworkError:
    """A user-readable description of a transport failure (never the request, which may hold secrets)."""
    # The details are translated too (the window translates a detail in the "Errors" context).
    text = str(exc)
    if isinstance(exc, httpx2.TimeoutException):
        detail = QT_TRANSLATE_NOOP("Errors", "the server did not answer in time")
    elif isinstance(exc, httpx2.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in text:
        detail = QT_TRANSLATE_NOOP("Errors", "its TLS certificate could not be verified")
    elif isinstance(exc, httpx2.ConnectError) and any(n in text for n in _NO_SUCH_HOST):
        detail = QT_TRANSLATE_NOOP("Errors", "no server has that name; check the address")
    elif isinstance(exc, httpx2.ConnectError):
        detail = QT_TRANSLATE_NOOP("Errors", "the connection failed")
    else:
        detail = type(exc).__name__
    return NetworkError(host=host_of(url), detail=detail)


@dataclass(frozen=True)
class FetchedDocument:
    url: str
    status: int
    headers: httpx2.Headers
    content: bytes


async def get_following_https_redirects(
    client: httpx2.AsyncClient,
    url: str,
    *,
    max_bytes: int = 1 << 20,
    deadline: float | None = None,
    **kwargs: object,
) -> FetchedDocument:
    """GET ``url``, following redirects only to other ``https://`` URLs (API v3, "Endpoint Location").

    The body is read up to ``max_bytes``: a hostile server cannot make the client swallow gigabytes;
    with ``deadline``, every hop together ends within that many seconds (``ResponseDeadlineError``).
    """
    async with total_deadline(url, deadline):
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            if urlsplit(current).scheme.lower() != "https":
                raise InsecureRedirectError(url=current)
            try:
                async with client.stream("GET", current, **kwargs) as response:  # type: ignore[arg-type]
                    if response.status_code in REDIRECT_CODES and "location" in response.headers:
                        current = str(response.url.join(response.headers["location"]))
                        continue
                    content = await read_limited(response, max_bytes)
                    return FetchedDocument(str(response.url), response.status_code, response.headers, content)
            except httpx2.HTTPError as exc:
                raise network_error(current, exc) from None
            except httpx2.InvalidURL:
                # A ``Location`` no parser accepts (not an ``HTTPError``); its text may hold a token.
                raise NetworkError(host=host_of(url), detail="it redirected to an invalid address") from None
        raise NetworkError(host=host_of(url), detail="too many redirects")


async def fetch_limited(
    client: httpx2.AsyncClient,
    method: str,
    url: str,
    *,
    max_bytes: int,
    deadline: float | None = DEFAULT_DEADLINE,
    **kwargs: object,
) -> FetchedDocument:
    """One request, its body streamed and read up to ``max_bytes`` (``ResponseTooLargeError``: the
    rest is never read), the whole exchange ended after ``deadline`` seconds
    (``ResponseDeadlineError``), whatever the per-read timeouts allow. No redirect is followed.

    Transport failures stay ``httpx2.HTTPError`` (and an authlib client's token errors its own):
    the caller knows what the request was for and says so."""
    async with (
        total_deadline(url, deadline),
        client.stream(method, url, **kwargs) as response,  # type: ignore[arg-type]
    ):
        content = await read_limited(response, max_bytes)
        return FetchedDocument(str(response.url), response.status_code, response.headers, content)


@asynccontextmanager
async def total_deadline(url: str, seconds: float | None) -> AsyncIterator[None]:
    """``asyncio.timeout(seconds)`` whose expiry is a ``ResponseDeadlineError`` naming ``url``'s host.

    A ``TimeoutError`` raised inside for another reason passes unchanged; ``None`` means no deadline.
    """
    scope = asyncio.timeout(seconds)
    try:
        async with scope:
            yield
    except TimeoutError:
        if not scope.expired():
            raise
        raise ResponseDeadlineError(host=host_of(url), seconds=f"{seconds:g}") from None


async def read_limited(response: httpx2.Response, max_bytes: int) -> bytes:
    """The (decoded) body, streamed; ``ResponseTooLargeError`` as soon as it passes ``max_bytes``,
    or at once when its ``Content-Length`` says it will."""
    too_large = ResponseTooLargeError(
        host=host_of(str(response.url)), limit=max_bytes, detail=TOO_LARGE_DETAIL
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():  # decoded: a compressed bomb hits the cap as well
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
