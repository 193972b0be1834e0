"""Downloading one discovery file: conditional GET, https only (redirects too), a size cap, a deadline.

Redirects are followed here, one hop at a time, rather than by httpx2: each target is checked for
``https://`` before it is requested, so a hostile redirect to ``http://`` never leaves the machine. The
deadline covers the whole download, so a server that trickles one byte a second cannot hold it open.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx2

from gui.core.discovery.errors import (
    DiscoveryFetchError,
    DiscoveryHttpStatusError,
    DiscoveryInsecureUrlError,
    DiscoveryTimeoutError,
    DiscoveryTooLargeError,
)
from gui.core.http import MAX_REDIRECTS, network_error

# The real organization list is about 175 kB; twenty times that is still plausible growth.
MAX_LIST_BYTES = 4 * 1024 * 1024
# A minisign signature with the longest trusted comment minisign allows.
MAX_SIGNATURE_BYTES = 16 * 1024
DEFAULT_TIMEOUT = 15.0


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies the copy we hold, for ``If-None-Match``/``If-Modified-Since``."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class Fetched:
    """``body`` is None when the server answered 304 Not Modified."""

    body: bytes | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.body is None


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


async def fetch(
    client: httpx2.AsyncClient,
    url: str,
    *,
    file_name: str,
    validators: Validators | None = None,
    max_bytes: int = MAX_LIST_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Fetched:
    """GET ``url``; raise a DiscoveryFetchError subclass for anything but a usable 200 or 304."""
    try:
        async with asyncio.timeout(timeout):
            return await _fetch(client, url, file_name, validators, max_bytes)
    except TimeoutError as err:
        raise DiscoveryTimeoutError(file=file_name, host=_host(url), seconds=f"{timeout:g}") from err
    except httpx2.TimeoutException as err:
        raise DiscoveryTimeoutError(file=file_name, host=_host(url), seconds=f"{timeout:g}") from err
    except httpx2.HTTPError as err:
        # The shared wording ("the connection failed", "its TLS certificate could not be verified").
        detail = network_error(url, err).params["detail"]
        raise DiscoveryFetchError(file=file_name, host=_host(url), detail=detail) from err


async def _fetch(
    client: httpx2.AsyncClient,
    url: str,
    file_name: str,
    validators: Validators | None,
    max_bytes: int,
) -> Fetched:
    headers = validators.headers() if validators else {}
    for _ in range(MAX_REDIRECTS + 1):
        if urlsplit(url).scheme.lower() != "https":
            raise DiscoveryInsecureUrlError(file=file_name, url=url)
        request = client.build_request("GET", url, headers=headers)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            if response.has_redirect_location and response.next_request is not None:
                url = str(response.next_request.url)
                continue
            if response.status_code == httpx2.codes.NOT_MODIFIED and headers:
                return Fetched(body=None, validators=validators or Validators())
            if response.status_code != httpx2.codes.OK:
                raise DiscoveryHttpStatusError(file=file_name, host=_host(url), status=response.status_code)
            body = await _read_capped(response, file_name, _host(url), max_bytes)
            return Fetched(
                body=body,
                validators=Validators(
                    etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified")
                ),
            )
        finally:
            await response.aclose()
    raise DiscoveryFetchError(file=file_name, host=_host(url), detail="too many redirects")


async def _read_capped(response: httpx2.Response, file_name: str, host: str, max_bytes: int) -> bytes:
    too_large = DiscoveryTooLargeError(file=file_name, host=host, limit=max_bytes)
    declared = response.headers.get("Content-Length", "")
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
