"""A small stand-in for OpenVPN Access Server's token URL endpoint, served over real HTTPS.

``/rest/GetProfileViaToken?token=…`` answers as Access Server does: the profile for a valid token
(counting its uses down), and its XML error "token not found in DB" for an unknown, expired or
used-up one. Extra paths play the hostile or broken server: a redirect to ``http://``, a huge body,
a web page instead of a profile, a server that never answers.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from gui.demoserver.runner import _Server
from gui.demoserver.tls import TLSFiles
from tests.support.netns import SERVER_IP

CA = "-----BEGIN CERTIFICATE-----\nMIIBzDCCAVGgAwIBAgIEaccessServerCA\n-----END CERTIFICATE-----"
CERT = "-----BEGIN CERTIFICATE-----\nMIIBzDCCAVGgAwIBAgIEclientCert0001\n-----END CERTIFICATE-----"
KEY = (
    "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPRIVATEkeyMATERIALthatMustStayPrivate\n"
    "-----END PRIVATE KEY-----"
)
TLS_CRYPT = (
    "-----BEGIN OpenVPN Static key V1-----\n0123456789abcdefTLSCRYPTSECRET\n"
    "-----END OpenVPN Static key V1-----"
)


def profile(kind: str = "userlogin", host: str = "vpn.example.org", user: str = "alice") -> str:
    """An Access Server profile of the given type, shaped like the real ones (comments included)."""
    head = [
        "# Automatically generated OpenVPN client config file",
        "# Note: this config file contains inline private keys",
        "#       and therefore should be kept confidential!",
    ]
    auth = ["auth-user-pass"]
    if kind == "userlogin":
        head += [
            "# Note: this configuration is user-locked to the username below",
            f"# OVPN_ACCESS_SERVER_USERNAME={user}",
            f"# OVPN_ACCESS_SERVER_PROFILE={user}@{host}",
        ]
    elif kind == "autologin":
        head += [f"# OVPN_ACCESS_SERVER_PROFILE={user}@{host}/AUTOLOGIN", "# OVPN_ACCESS_SERVER_AUTOLOGIN=1"]
        auth = []
    elif kind == "generic":
        head += [f"# OVPN_ACCESS_SERVER_PROFILE={host}"]
    elif kind == "challenge":
        head += [f"# OVPN_ACCESS_SERVER_USERNAME={user}", f"# OVPN_ACCESS_SERVER_PROFILE={user}@{host}"]
        auth = ["auth-user-pass", 'static-challenge "Enter your authenticator code" 1']
    head += [f"# OVPN_ACCESS_SERVER_WSHOST={host}:443", "# OVPN_ACCESS_SERVER_ORGANIZATION=Example"]
    body = [
        "setenv FORWARD_COMPATIBLE 1",
        "client",
        "server-poll-timeout 4",
        "nobind",
        f"remote {host} 1194 udp",
        f"remote {host} 443 tcp",
        "dev tun",
        "dev-type tun",
        "remote-cert-tls server",
        "tls-version-min 1.2",
        "cipher AES-256-CBC",
        "setenv PUSH_PEER_INFO",
        *auth,
        "<ca>",
        CA,
        "</ca>",
        "<cert>",
        CERT,
        "</cert>",
        "<key>",
        KEY,
        "</key>",
        "<tls-crypt>",
        TLS_CRYPT,
        "</tls-crypt>",
    ]
    return "\n".join(head + body) + "\n"


def access_server_profile(blocks: dict[str, str], extra: tuple[str, ...] = ()) -> str:
    """A user-locked profile as Access Server 2.x writes it, around the keys of a namespace lab
    (``tests.support.netns``); ``extra`` lines go before the inline blocks."""
    head = [
        "# Automatically generated OpenVPN client config file",
        "# Generated on Sat Dec  5 00:00:00 2026 by vpn.example.org",
        "# Note: this config file contains inline private keys",
        "#       and therefore should be kept confidential!",
        "# Note: this configuration is user-locked to the username below",
        "# OVPN_ACCESS_SERVER_USERNAME=alice",
        "# OVPN_ACCESS_SERVER_CLI_PREF_ALLOW_WEB_IMPORT=true",
        "# OVPN_ACCESS_SERVER_WSHOST=vpn.example.org:443",
        "# OVPN_ACCESS_SERVER_FRIENDLY_NAME=Lab Access Server",
        "# OVPN_ACCESS_SERVER_PROFILE=alice@vpn.example.org",
    ]
    body = [
        "setenv FORWARD_COMPATIBLE 1",
        "client",
        "server-poll-timeout 4",
        "nobind",
        f"remote {SERVER_IP} 1194 udp",
        f"remote {SERVER_IP} 1194 udp",
        f"remote {SERVER_IP} 443 tcp",
        "dev tun",
        "dev-type tun",
        "remote-cert-tls server",
        "tls-version-min 1.2",
        "reneg-sec 604800",
        "tun-mtu 1420",
        "verb 3",
        "push-peer-info",
        "setenv UV_CLIENT_NAME sluis-test",
        "setenv PUSH_PEER_INFO",
        "setenv opt block-outside-dns # Prevent Windows 10 DNS leak",
        "auth-user-pass",
        "auth-nocache",
        "resolv-retry infinite",
        "persist-key",
        "explicit-exit-notify",
        'pull-filter ignore "route-ipv6"',
        "data-ciphers AES-256-GCM:CHACHA20-POLY1305",
        *extra,
    ]
    for name in ("ca", "cert", "key", "tls-crypt"):
        body += [f"<{name}>", blocks[name].strip(), f"</{name}>"]
    return "\r\n".join(head + body) + "\r\n"  # Access Server writes CRLF


def _as_error(message: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Type>Authorization Required</Type>\n'
        f"  <Synopsis>REST method failed</Synopsis>\n  <Message>{message}</Message>\n</Error>\n"
    )


@dataclass
class Token:
    text: str
    uses: int = 1
    expires_at: float = field(default_factory=lambda: time.time() + 3600)


class AccessServer:
    """``tokens`` maps a token to its profile; ``requests`` records every path asked for (the token
    is in it: tests only)."""

    def __init__(self, tls: TLSFiles) -> None:
        self.tls = tls
        self.tokens: dict[str, Token] = {}
        self.requests: list[str] = []
        self.release_slow = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(32)
        self.port: int = self._sock.getsockname()[1]
        self.base_url = f"https://127.0.0.1:{self.port}"
        app = Starlette(
            routes=[
                Route("/rest/GetProfileViaToken", self._get_profile),
                Route("/redirect-to-http", self._redirect_http),
                Route("/redirect-to-https", self._redirect_https),
                Route("/redirect-broken", self._redirect_broken),
                Route("/huge", self._huge),
                Route("/web-page", self._web_page),
                Route("/not-openvpn", self._not_openvpn),
                Route("/dangerous", self._dangerous),
                Route("/slow", self._slow),
            ]
        )
        config = uvicorn.Config(
            app,
            ssl_certfile=str(tls.cert_file),
            ssl_keyfile=str(tls.key_file),
            log_config=None,
            access_log=False,
            lifespan="off",
            loop="asyncio",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=1,
        )
        config.load()
        self._server = _Server(config)
        self._thread: threading.Thread | None = None

    def token_url(self, token: str, path: str = "/rest/GetProfileViaToken") -> str:
        return f"openvpn://import-profile/{self.base_url}{path}?token={token}"

    def add_token(self, token: str, text: str, *, uses: int = 1, expires_in: float = 3600) -> None:
        self.tokens[token] = Token(text, uses, time.time() + expires_in)

    # -- endpoints ---------------------------------------------------------------------------------

    async def _get_profile(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        token = request.query_params.get("token", "")
        if token == "need-autologin":
            body = _as_error("ERROR: NEED_AUTOLOGIN")
            return PlainTextResponse(body, status_code=401, media_type="text/xml")
        entry = self.tokens.get(token)
        if entry is not None and (entry.uses <= 0 or entry.expires_at < time.time()):
            del self.tokens[token]  # expired or used up: Access Server drops it from its DB
            entry = None
        if entry is None:
            return PlainTextResponse(
                _as_error("AUTH_FAILED: token not found in DB"), status_code=401, media_type="text/xml"
            )
        entry.uses -= 1
        return PlainTextResponse(entry.text, media_type="application/x-openvpn-profile")

    async def _redirect_http(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        query = request.url.query
        return RedirectResponse(f"http://127.0.0.1:{self.port}/rest/GetProfileViaToken?{query}", 302)

    async def _redirect_https(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        return RedirectResponse(f"/rest/GetProfileViaToken?{request.url.query}", 302)

    async def _redirect_broken(self, request: Request) -> Response:
        """A ``Location`` no URL parser accepts (its port is not a number)."""
        self.requests.append(str(request.url.path))
        return Response(status_code=302, headers={"location": f"https://127.0.0.1:x/?{request.url.query}"})

    async def _huge(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        return PlainTextResponse("# padding\n" * 400_000, media_type="application/x-openvpn-profile")

    async def _web_page(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        return Response("<!DOCTYPE html><html><body>Sign in</body></html>", media_type="text/html")

    async def _not_openvpn(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        return PlainTextResponse("hello, this is not a VPN profile\n")

    async def _dangerous(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        text = profile("autologin").replace("nobind\n", "nobind\nscript-security 2\nup /tmp/evil.sh\n")
        return PlainTextResponse(text)

    async def _slow(self, request: Request) -> Response:
        self.requests.append(str(request.url.path))
        await asyncio.to_thread(self.release_slow.wait, 30)  # set from the test's thread
        return PlainTextResponse(profile("autologin"))

    # -- life cycle ----------------------------------------------------------------------------------

    def start(self) -> AccessServer:
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="access-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the access server did not start")
            time.sleep(0.002)
        return self

    def stop(self) -> None:
        self.release_slow.set()
        self._server.request_exit()
        if self._thread is not None:
            self._thread.join(5)
        self._sock.close()
