"""A local eduVPN / Let's Connect! API v3 server: ``sluis demo-server``, ``sluis --demo`` and tests.

Built from the API v3 text, behaving like a real vpn-user-portal 3.x where that differs (see
``eduvpn-server-observed.md``): real OAuth 2.1 with PKCE and single-use refresh tokens, real
WireGuard and OpenVPN key material, real configuration files. It stands apart from the client:
it imports nothing of the app but the protocol-selection rule, so both sides share one function.
"""

from gui.demoserver.config import DemoConfig, OAuthClient, WellKnownRedirect
from gui.demoserver.oauth import Authorization, TokenResponse
from gui.demoserver.profiles import DEFAULT_PROFILES, DemoProfile
from gui.demoserver.runner import DemoServer, serve
from gui.demoserver.state import ConnectRecord, DemoState, IssuedConfig
from gui.demoserver.tls import TLSFiles, generate_tls_files

__all__ = [
    "DEFAULT_PROFILES",
    "Authorization",
    "ConnectRecord",
    "DemoConfig",
    "DemoProfile",
    "DemoServer",
    "DemoState",
    "IssuedConfig",
    "OAuthClient",
    "TLSFiles",
    "TokenResponse",
    "WellKnownRedirect",
    "generate_tls_files",
    "serve",
]
