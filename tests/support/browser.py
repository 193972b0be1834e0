"""A scripted browser: follows an authorization URL to the demo server and on to the redirect.

Used in-process (``async_browser``) and as ``$BROWSER`` for CLI subprocesses
(``python -m tests.support.browser URL``), so the login runs the real loopback path.
"""

from __future__ import annotations

import os
import ssl
import sys

import httpx2


def _context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE"))


def follow(url: str) -> int:
    """GET the authorization URL (auto-approve answers 302) and follow it to the callback."""
    with httpx2.Client(verify=_context(), follow_redirects=True, timeout=10) as client:
        return client.get(url).status_code


def make_async_browser(cafile: str) -> object:
    context = ssl.create_default_context(cafile=cafile)
    opened: list[str] = []

    async def browser(url: str) -> None:
        opened.append(url)
        async with httpx2.AsyncClient(verify=context, follow_redirects=True, timeout=10) as client:
            await client.get(url)

    browser.opened = opened  # type: ignore[attr-defined]
    return browser


if __name__ == "__main__":
    sys.exit(0 if follow(sys.argv[1]) == 200 else 1)
