"""What a demo server instance is told to be: its OAuth clients, profiles, lifetimes and switches.

Everything a test wants to vary is a field here, so a test states the server it needs in one
expression (``DemoConfig(auto_approve=True, serve_v2=True)``) instead of patching internals.
"""

from __future__ import annotations

from dataclasses import dataclass

from gui.core.protocols import Protocol
from gui.demoserver.profiles import DEFAULT_PROFILES, DemoProfile

DAY = 86_400.0

# The redirect URIs every desktop eduVPN / Let's Connect! client has: loopback, any port.
LOOPBACK_REDIRECTS = ("http://127.0.0.1:{PORT}/callback", "http://[::1]:{PORT}/callback")


@dataclass(frozen=True)
class OAuthClient:
    """A registered OAuth client. ``{PORT}`` in a redirect URI stands for any port (RFC 8252 §7.3)."""

    client_id: str
    redirect_uris: tuple[str, ...]
    display_name: str = ""


def _desktop_clients() -> tuple[OAuthClient, ...]:
    clients = []
    for brand, name in (("org.eduvpn.app", "eduVPN"), ("org.letsconnect-vpn.app", "Let's Connect!")):
        for platform in ("linux", "windows", "macos"):
            clients.append(
                OAuthClient(f"{brand}.{platform}", LOOPBACK_REDIRECTS, f"{name} for {platform.title()}")
            )
    return tuple(clients)


DEFAULT_CLIENTS: tuple[OAuthClient, ...] = (
    *_desktop_clients(),
    # A client with a custom-URL-scheme redirect, as an operator may register in oauth_client_db.json.
    OAuthClient("org.sluis.app", ("org.sluis.app:/api/callback",), "Sluis"),
)


@dataclass(frozen=True)
class WellKnownRedirect:
    """Answer ``/.well-known/vpn-user-portal`` with a redirect, to test a client's redirect rules.

    ``location`` is a path on this server (the document is also served at any path ending in
    ``/.well-known/vpn-user-portal``) or an absolute URL. ``downgrade_to_http`` sends the client to
    ``http://`` on the same host and port, which a client must refuse to follow.
    """

    status: int = 302
    location: str = "/moved/.well-known/vpn-user-portal"
    downgrade_to_http: bool = False

    def __post_init__(self) -> None:
        if self.status not in (301, 302, 303, 307, 308):
            raise ValueError(f"not a redirect status: {self.status}")


@dataclass(frozen=True)
class DemoConfig:
    """The behaviour of one demo server. All durations are in seconds."""

    # Skip the login/approve page: GET authorize redirects straight back with a code.
    auto_approve: bool = False
    username: str = "demo"
    password: str = "demo"  # noqa: S105 - the published demo login
    clients: tuple[OAuthClient, ...] = DEFAULT_CLIENTS
    profiles: tuple[DemoProfile, ...] = DEFAULT_PROFILES
    access_token_lifetime: float = 3600.0
    code_lifetime: float = 60.0
    # From approval to the end of the VPN session (``Expires``, certificate notAfter, refresh token).
    session_lifetime: float = 90 * DAY
    # The server's preferred protocol family where the selection tables say "Preferred Protocol".
    preferred_protocol: Protocol = Protocol.WIREGUARD
    # Active configurations a user may hold across all authorizations; the oldest is evicted.
    max_active_configs: int = 3
    wireguard_endpoint: str = "vpn.demo.invalid:51820"
    # WireGuard over TCP (eduVPN's ProxyGuard): the URL the client's UDP-to-TCP proxy talks to;
    # ``None``: this server's own ``/proxyguard``, which relays to ``wireguard_endpoint``.
    wireguard_proxy_endpoint: str | None = None
    wireguard_mtu: int | None = None
    # ``host port proto`` lines, in the server's order; ``prefer_tcp=yes`` moves TCP first.
    openvpn_remotes: tuple[str, ...] = ("vpn.demo.invalid 1194 udp", "vpn.demo.invalid 1194 tcp")
    # Serve a 2.x-style well-known document (no ``api`` key) to test the "not API v3" path.
    serve_v2: bool = False
    well_known_redirect: WellKnownRedirect | None = None
    server_version: str = "3.4.1-sluis-demo"
    # The real server's option: /disconnect also ends the OAuth authorization.
    delete_authorization_on_disconnect: bool = False
    # The public base URL; ``None`` derives it from each request's scheme and Host header.
    base_url: str | None = None

    def __post_init__(self) -> None:
        if self.preferred_protocol not in (Protocol.OPENVPN, Protocol.WIREGUARD):
            raise ValueError("the preferred protocol is a family: OpenVPN or WireGuard")
        if self.max_active_configs < 1:
            raise ValueError("max_active_configs must be at least 1")
        ids = [p.profile_id for p in self.profiles]
        if len(ids) != len(set(ids)):
            raise ValueError("profile ids must be unique")
        for remote in self.openvpn_remotes:
            parts = remote.split()
            if len(parts) != 3 or parts[2] not in ("udp", "tcp") or not parts[1].isdigit():
                raise ValueError(f"an OpenVPN remote is 'host port udp|tcp', not {remote!r}")

    def client(self, client_id: str) -> OAuthClient | None:
        return next((c for c in self.clients if c.client_id == client_id), None)

    def profile(self, profile_id: str) -> DemoProfile | None:
        return next((p for p in self.profiles if p.profile_id == profile_id), None)
