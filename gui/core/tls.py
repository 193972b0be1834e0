"""The TLS trust and the name Sluis shows servers, without the HTTP client.

The ProxyGuard client (WireGuard over TCP) speaks TLS on a raw asyncio stream and loads with the
backends on the window's first-frame path, where httpx2 must not be imported (issue 13's import
guard); so the one TLS policy lives here and ``gui.core.http`` builds on it.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
from collections.abc import Callable

from gui import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"Sluis/{__version__}"

# Loading the system's trust store into a context (some 150 CAs) takes ~20 ms, which each connect,
# login and discovery refresh of a running Sluis paid when every HTTP client made its own: the HTTP
# clients share one per trust setting, made again after this many seconds, so a trust store updated
# while Sluis runs (a tray app runs for days) is read again.
SHARED_CONTEXT_LIFETIME = 3600.0
_shared: dict[tuple[str | None, str | None], tuple[float, ssl.SSLContext]] = {}


def ssl_context() -> ssl.SSLContext:
    """The system's trust store, or, when ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are set, the CAs they
    name, as curl and OpenSSL read them (so an enterprise CA works). Verification is never off."""
    cafile, capath = _trust_setting()
    if cafile or capath:
        try:
            return ssl.create_default_context(cafile=cafile, capath=capath)
        except (OSError, ssl.SSLError) as exc:
            log.warning("could not load SSL_CERT_FILE/SSL_CERT_DIR (%s); using the system's CAs", exc)
    return ssl.create_default_context()


def shared_ssl_context(clock: Callable[[], float] = time.monotonic) -> ssl.SSLContext:
    """``ssl_context()``, shared by the HTTP clients of this process (see ``SHARED_CONTEXT_LIFETIME``).
    They only ever set ALPN to HTTP/1.1 on it; a caller that changes a context (ProxyGuard's TLS)
    takes its own from ``ssl_context()``."""
    key = _trust_setting()
    now = clock()
    kept = _shared.get(key)
    if kept is not None and now - kept[0] < SHARED_CONTEXT_LIFETIME:
        return kept[1]
    context = ssl_context()
    _shared[key] = (now, context)
    return context


def _trust_setting() -> tuple[str | None, str | None]:
    return os.environ.get("SSL_CERT_FILE") or None, os.environ.get("SSL_CERT_DIR") or None
