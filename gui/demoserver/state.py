"""Everything one demo server knows, and the hooks tests use to inspect and steer it.

One lock guards it all: requests arrive on the server's event-loop thread while a test pokes from
its own thread, and a revocation must release tokens and VPN configurations in one step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gui.core.protocols import Protocol, select_protocol
from gui.demoserver import openvpn, wireguard
from gui.demoserver.config import DemoConfig
from gui.demoserver.oauth import Authorization, AuthorizationRequest, Clock, OAuthStore, TokenResponse
from gui.demoserver.pki import ClientCertificate, OpenVPNPKI
from gui.demoserver.profiles import DemoProfile
from gui.demoserver.wireguard import Peer, PublicKeyInUseError, WireGuardServer, WireGuardSetupError

NO_SUCH_PROFILE = 'no such "profile_id"'
NO_COMMON_PROTOCOL = "no common VPN protocol support between client and server profile"
CONNECT_FAILED = "/connect failed: unable to connect using any of the common supported VPN protocols"
PUBLIC_KEY_IN_USE = "/connect failed: public key already in use by another authorization"

# How long the login/approve page of one authorization request stays usable.
APPROVAL_LIFETIME = 600.0


class ApiError(Exception):
    """An API answer other than success: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ConnectParams:
    """A validated ``/connect`` request."""

    profile_id: str
    public_key: str | None
    prefer_tcp: bool
    accepted: frozenset[Protocol]


@dataclass(frozen=True)
class ConnectRecord:
    """What a client sent to ``/connect`` and what it got, for tests that check a client's requests."""

    auth_id: str
    params: ConnectParams
    status: int
    protocol: Protocol | None


@dataclass
class IssuedConfig:
    """A VPN configuration handed out by ``/connect``, active until replaced, evicted or released."""

    config_id: str
    auth_id: str
    user: str
    profile_id: str
    protocol: Protocol
    issued_at: float
    expires_at: int
    body: str = field(repr=False)
    peer: Peer | None = None
    certificate: ClientCertificate | None = None


@dataclass(frozen=True)
class ConnectResult:
    protocol: Protocol
    body: str
    expires_at: int


class _SetupFailed(Exception):
    """The server could not set up this protocol; try the next one the client and profile share."""


def _utc(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC)


class DemoState:
    """The server's state. Attributes and methods below marked "hook" are for tests."""

    def __init__(self, config: DemoConfig, clock: Clock = time.time) -> None:
        self._config = config
        self.clock = clock
        self._lock = threading.RLock()
        self.oauth = OAuthStore(
            clock=clock,
            access_token_lifetime=config.access_token_lifetime,
            code_lifetime=config.code_lifetime,
            session_lifetime=config.session_lifetime,
            lock=self._lock,
            on_revoke=self._release_authorization,
        )
        self.pki = OpenVPNPKI(_utc(clock()))
        self.wireguard = WireGuardServer(config.profiles)
        self._active: dict[str, IssuedConfig] = {}
        # hook: configurations replaced, evicted or released, oldest first.
        self.retired_configs: list[IssuedConfig] = []
        # hook: every ``/connect`` that passed authentication, in order.
        self.connect_log: list[ConnectRecord] = []
        # hook: the authorization id of every ``/disconnect``, in order.
        self.disconnect_log: list[str] = []
        # hook: protocols whose server side "cannot be set up"; ``/connect`` falls back.
        self.broken_protocols: set[Protocol] = set()
        # Signed discovery lists served under ``/discovery/`` (empty: not served); see runner.
        self.discovery_files: dict[str, bytes] = {}
        # hook: ``(method, path)`` of every HTTP request, in order (to count a client's round trips).
        self.request_log: list[tuple[str, str]] = []
        self._failing_connects = 0
        self._approvals: dict[str, tuple[AuthorizationRequest, float]] = {}

    # -- configuration ----------------------------------------------------------------------

    @property
    def config(self) -> DemoConfig:
        return self._config

    def reconfigure(self, **changes: Any) -> None:
        """hook: change behaviour switches of a running server (not its profiles or clients'
        key material). E.g. ``state.reconfigure(serve_v2=True)``."""
        if "profiles" in changes:
            raise ValueError("profiles are fixed for the life of a server; start another one")
        with self._lock:
            self._config = dataclasses.replace(self._config, **changes)
            self.oauth.access_token_lifetime = self._config.access_token_lifetime
            self.oauth.code_lifetime = self._config.code_lifetime
            self.oauth.session_lifetime = self._config.session_lifetime

    # -- OAuth hooks --------------------------------------------------------------------------

    @property
    def authorizations(self) -> dict[str, Authorization]:
        """hook: every authorization ever made, by id (a copy of the table, live objects)."""
        with self._lock:
            return dict(self.oauth.authorizations)

    def authorization_for(self, access_token: str) -> Authorization | None:
        """hook: the authorization an access token belongs to (also when expired or revoked)."""
        return self.oauth.authorization_for(access_token)

    def issue_tokens(self, client_id: str = "org.eduvpn.app.linux", user: str | None = None) -> TokenResponse:
        """hook: authorize without a browser, e.g. to give a client under test a stored token."""
        if self._config.client(client_id) is None:
            raise ValueError(f"unknown client {client_id!r}")
        return self.oauth.issue_tokens(client_id=client_id, user=user or self._config.username)

    def expire_access_tokens(self) -> None:
        """hook: every access token issued so far expires now (refresh tokens keep working)."""
        self.oauth.expire_access_tokens()

    def revoke_authorization(self, auth_id: str) -> None:
        """hook: revoke an authorization: its tokens stop working, its configs are released."""
        self.oauth.revoke(auth_id)

    @property
    def token_requests(self) -> Counter[str]:
        """hook: token endpoint requests by grant_type."""
        return self.oauth.token_requests

    @property
    def token_request_count(self) -> int:
        return self.oauth.token_request_count

    # -- the approval page ------------------------------------------------------------------

    def remember_approval(self, request: AuthorizationRequest) -> str:
        """Park a validated authorization request behind an unguessable id for the login form."""
        request_id = secrets.token_urlsafe(16)
        with self._lock:
            now = self.clock()
            self._approvals = {k: v for k, v in self._approvals.items() if v[1] > now}
            self._approvals[request_id] = (request, now + APPROVAL_LIFETIME)
        return request_id

    def pending_approval(self, request_id: str) -> AuthorizationRequest | None:
        with self._lock:
            entry = self._approvals.get(request_id)
            if entry is None or entry[1] <= self.clock():
                return None
            return entry[0]

    def finish_approval(self, request_id: str) -> None:
        with self._lock:
            self._approvals.pop(request_id, None)

    # -- /connect and /disconnect -----------------------------------------------------------

    def fail_next_connect(self, times: int = 1) -> None:
        """hook: the next ``times`` authenticated ``/connect`` calls answer 500 (after the 4xx checks)."""
        with self._lock:
            self._failing_connects += times

    def connect(self, auth: Authorization, params: ConnectParams, base_url: str) -> ConnectResult:
        with self._lock:
            try:
                result = self._connect(auth, params, base_url)
            except ApiError as error:
                self.connect_log.append(ConnectRecord(auth.auth_id, params, error.status, None))
                raise
            self.connect_log.append(ConnectRecord(auth.auth_id, params, 200, result.protocol))
            return result

    def disconnect(self, auth: Authorization) -> None:
        """Release every configuration of the authorization; repeated calls are harmless."""
        with self._lock:
            self.disconnect_log.append(auth.auth_id)
            self._release_authorization(auth.auth_id)
            if self._config.delete_authorization_on_disconnect:
                self.oauth.revoke(auth.auth_id)

    def disconnects(self, auth_id: str | None = None) -> int:
        """hook: how many ``/disconnect`` calls (of one authorization, or in all)."""
        with self._lock:
            if auth_id is None:
                return len(self.disconnect_log)
            return self.disconnect_log.count(auth_id)

    def active_configs(self, auth_id: str | None = None) -> list[IssuedConfig]:
        """hook: configurations currently valid, oldest first."""
        with self._lock:
            return [c for c in self._active.values() if auth_id is None or c.auth_id == auth_id]

    def wireguard_peers(self) -> dict[str, Peer]:
        """hook: the WireGuard server's peer table (public key → peer with its addresses)."""
        return self.wireguard.peers

    def crl_pem(self) -> str:
        """hook: a CRL of every released OpenVPN client certificate."""
        return self.pki.crl_pem(_utc(self.clock()))

    # -- internals --------------------------------------------------------------------------

    def _connect(self, auth: Authorization, params: ConnectParams, base_url: str) -> ConnectResult:
        config = self._config
        profile = config.profile(params.profile_id)
        if profile is None:
            raise ApiError(404, NO_SUCH_PROFILE)
        accepted = params.accepted
        if params.public_key is None:
            # Without a public key the server cannot hand out WireGuard at all.
            accepted = accepted - {Protocol.WIREGUARD, Protocol.WIREGUARD_TCP}
        common = set(profile.protocols & accepted)
        if select_protocol(common, prefer_tcp=params.prefer_tcp, preferred=config.preferred_protocol) is None:
            raise ApiError(406, NO_COMMON_PROTOCOL)
        # Like the real server: a new /connect invalidates the earlier configs of this authorization.
        self._release_authorization(auth.auth_id)
        if self._failing_connects:
            self._failing_connects -= 1
            raise ApiError(500, CONNECT_FAILED)
        while True:
            protocol = select_protocol(
                common, prefer_tcp=params.prefer_tcp, preferred=config.preferred_protocol
            )
            if protocol is None:
                raise ApiError(500, CONNECT_FAILED)
            try:
                issued = self._set_up(protocol, auth, profile, params, base_url)
                break
            except _SetupFailed:
                # The real server silently falls back to another protocol both sides support.
                common.discard(protocol)
        self._active[issued.config_id] = issued
        self._evict(auth.user)
        return ConnectResult(protocol=issued.protocol, body=issued.body, expires_at=issued.expires_at)

    def _set_up(
        self,
        protocol: Protocol,
        auth: Authorization,
        profile: DemoProfile,
        params: ConnectParams,
        base_url: str,
    ) -> IssuedConfig:
        if protocol in self.broken_protocols:
            raise _SetupFailed(protocol)
        config = self._config
        now = self.clock()
        expires_at = auth.session_expires_at
        header = [
            f"# Portal: {base_url}/vpn-user-portal/",
            f"# Profile: {profile.english_name} ({profile.profile_id})",
            f"# Expires: {_utc(expires_at).isoformat()}",
        ]
        issued = IssuedConfig(
            config_id=secrets.token_hex(8),
            auth_id=auth.auth_id,
            user=auth.user,
            profile_id=profile.profile_id,
            protocol=protocol,
            issued_at=now,
            expires_at=expires_at,
            body="",
        )
        if protocol is Protocol.OPENVPN:
            issued.certificate = self.pki.issue_client(
                profile_id=profile.profile_id, now=_utc(now), not_after=_utc(expires_at)
            )
            issued.body = openvpn.render_client_config(
                header=header,
                ca_pem=self.pki.ca_pem,
                certificate=issued.certificate,
                tls_crypt_key=self.pki.tls_crypt_key,
                remotes=openvpn.order_remotes(
                    config.openvpn_remotes,
                    transports=profile.openvpn_transports,
                    prefer_tcp=params.prefer_tcp,
                ),
            )
            return issued
        assert params.public_key is not None  # WireGuard was removed from `accepted` without one
        over_tcp = protocol is Protocol.WIREGUARD_TCP
        try:
            issued.peer = self.wireguard.add_peer(
                public_key=params.public_key, auth_id=auth.auth_id, profile_id=profile.profile_id
            )
        except PublicKeyInUseError:
            raise ApiError(500, PUBLIC_KEY_IN_USE) from None
        except WireGuardSetupError as error:
            raise _SetupFailed(protocol) from error
        issued.body = wireguard.render_client_config(
            header=header,
            peer=issued.peer,
            profile=profile,
            server_public_key=self.wireguard.public_key,
            endpoint=config.wireguard_endpoint,
            mtu=config.wireguard_mtu,
            over_tcp=over_tcp,
            proxy_endpoint=config.wireguard_proxy_endpoint or f"{base_url}/proxyguard",
        )
        return issued

    def _evict(self, user: str) -> None:
        mine = [c for c in self._active.values() if c.user == user]
        for oldest in mine[: max(0, len(mine) - self._config.max_active_configs)]:
            self._retire(oldest)

    def _release_authorization(self, auth_id: str) -> None:
        with self._lock:
            for issued in [c for c in self._active.values() if c.auth_id == auth_id]:
                self._retire(issued)

    def _retire(self, issued: IssuedConfig) -> None:
        del self._active[issued.config_id]
        self.retired_configs.append(issued)
        if issued.peer is not None:
            self.wireguard.remove_peer(issued.peer)
        if issued.certificate is not None:
            self.pki.revoke(issued.certificate.serial, _utc(self.clock()))
