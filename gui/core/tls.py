"""The TLS trust and the name Sluis shows servers, without the HTTP client.

The ProxyGuard client (WireGuard over TCP) speaks TLS on a raw asyncio stream and loads with the
backends on the window's first-frame path, where httpx2 must not be imported (issue 13's import
guard); so the one TLS policy lives here and ``gui.core.http`` builds on it.
"""

from __future__ import annotations

import logging
import os
import ssl

from gui import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"Sluis/{__version__}"


def ssl_context() -> ssl.SSLContext:
    """The system's trust store, or, when ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are set, the CAs they
    name, as curl and OpenSSL read them (so an enterprise CA works). Verification is never off."""
    cafile = os.environ.get("SSL_CERT_FILE") or None
    capath = os.environ.get("SSL_CERT_DIR") or None
    if cafile or capath:
        try:
            return ssl.create_default_context(cafile=cafile, capath=capath)
        except (OSError, ssl.SSLError) as exc:
            log.warning("could not load SSL_CERT_FILE/SSL_CERT_DIR (%s); using the system's CAs", exc)
    return ssl.create_default_context()
