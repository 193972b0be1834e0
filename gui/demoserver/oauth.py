"""OAuth 2.1 as eduVPN servers do it: authorization code + PKCE S256, single-use refresh tokens.

The store holds only digests of codes and tokens, so nothing secret sits in memory dumps or reprs.
A refresh token presented twice means a copy leaked: like the real server, the whole authorization
(every access and refresh token it issued) is revoked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from gui.demoserver.config import OAuthClient

Clock = Callable[[], float]

SCOPE = "config"
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")
_S256_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")


class OAuthError(Exception):
    """An RFC 6749 error: ``error`` is the code, ``description`` the human text."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier (RFC 7636 §4.2)."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def is_valid_challenge(challenge: str) -> bool:
    return _S256_CHALLENGE.fullmatch(challenge) is not None


def redirect_uri_registered(client: OAuthClient, redirect_uri: str) -> bool:
    """Exact match, except that ``{PORT}`` matches any port 1–65535 (loopback redirects)."""
    for template in client.redirect_uris:
        if "{PORT}" not in template:
            if redirect_uri == template:
                return True
            continue
        prefix, _, suffix = template.partition("{PORT}")
        if not (redirect_uri.startswith(prefix) and redirect_uri.endswith(suffix)):
            continue
        port = redirect_uri[len(prefix) : len(redirect_uri) - len(suffix)]
        if port.isdigit() and not port.startswith("0") and int(port) <= 65535:
            # Reject anything that parses differently from how it reads (e.g. a userinfo trick).
            parts = urlsplit(redirect_uri)
            if parts.port == int(port) and not parts.username:
                return True
    return False


def redirect_with(redirect_uri: str, params: Mapping[str, str]) -> str:
    """``redirect_uri`` with query parameters added (it may carry a query of its own)."""
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return redirect_uri + separator + urlencode(params)


class AuthorizePageError(Exception):
    """An authorization request the server must not redirect back for (unknown client, bad
    redirect URI, RFC 6749 §4.1.2.1): the user sees an error page instead."""


class AuthorizeRedirectError(Exception):
    """An authorization request error reported to the client through its redirect URI."""

    def __init__(self, request: AuthorizationRequest, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.request = request
        self.error = error
        self.description = description

    @property
    def location(self) -> str:
        params = {"error": self.error, "error_description": self.description}
        if self.request.state:
            params["state"] = self.request.state
        if self.request.issuer:
            params["iss"] = self.request.issuer  # RFC 9207: error answers carry it too
        return redirect_with(self.request.redirect_uri, params)


@dataclass(frozen=True)
class AuthorizationRequest:
    """The query of a GET to the authorization endpoint, once client and redirect URI are trusted."""

    client: OAuthClient
    redirect_uri: str
    state: str
    code_challenge: str
    # RFC 9207: the server names itself in every redirect back (``iss``), as the eduVPN portal does.
    issuer: str | None = None

    def success_location(self, code: str) -> str:
        params = {"code": code, "state": self.state}
        if self.issuer:
            params["iss"] = self.issuer
        return redirect_with(self.redirect_uri, params)

    def denied_location(self) -> str:
        return AuthorizeRedirectError(self, "access_denied", "the user denied the request").location


def parse_authorization_request(
    query: Mapping[str, str],
    find_client: Callable[[str], OAuthClient | None],
    *,
    issuer: str | None = None,
) -> AuthorizationRequest:
    """Check every parameter the API text requires, in the RFC's order: first what decides whether
    a redirect is safe at all, then the rest (reported through the redirect). ``issuer`` is this
    server's issuer identifier, sent back as ``iss`` (RFC 9207)."""
    client_id = query.get("client_id", "")
    client = find_client(client_id) if client_id else None
    if client is None:
        raise AuthorizePageError("unknown client_id" if client_id else "missing client_id")
    redirect_uri = query.get("redirect_uri", "")
    if not redirect_uri_registered(client, redirect_uri):
        raise AuthorizePageError("redirect_uri is not registered for this client")
    request = AuthorizationRequest(
        client=client,
        redirect_uri=redirect_uri,
        state=query.get("state", ""),
        code_challenge=query.get("code_challenge", ""),
        issuer=issuer,
    )
    for name in ("response_type", "scope", "state", "code_challenge_method", "code_challenge"):
        if not query.get(name):
            raise AuthorizeRedirectError(request, "invalid_request", f"missing {name}")
    if query["response_type"] != "code":
        raise AuthorizeRedirectError(request, "unsupported_response_type", "response_type must be code")
    if query["scope"] != SCOPE:
        raise AuthorizeRedirectError(request, "invalid_scope", f"scope must be {SCOPE}")
    if query["code_challenge_method"] != "S256":
        raise AuthorizeRedirectError(request, "invalid_request", "code_challenge_method must be S256")
    if not is_valid_challenge(request.code_challenge):
        raise AuthorizeRedirectError(request, "invalid_request", "invalid code_challenge")
    return request


@dataclass
class Authorization:
    """One user's approval of one client: the unit that tokens, configs and revocation hang on."""

    auth_id: str
    client_id: str
    user: str
    scope: str
    authorized_at: float
    # End of the VPN session (whole seconds, as it travels in an HTTP date and an X.509 notAfter).
    session_expires_at: int
    revoked: bool = False


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    code_challenge: str
    user: str
    scope: str
    issued_at: float
    expires_at: float
    used: bool = False
    auth_id: str | None = None


@dataclass
class _AccessToken:
    auth_id: str
    expires_at: float


@dataclass
class _RefreshToken:
    auth_id: str
    used: bool = False


@dataclass(frozen=True)
class TokenResponse:
    """The token endpoint's JSON answer."""

    access_token: str
    expires_in: int
    refresh_token: str
    auth_id: str
    token_type: str = "bearer"  # noqa: S105 - a token type, not a secret

    def as_json(self) -> dict[str, str | int]:
        return {
            "access_token": self.access_token,
            "token_type": self.token_type,
            "expires_in": self.expires_in,
            "refresh_token": self.refresh_token,
        }


@dataclass
class OAuthStore:
    """Codes, authorizations and tokens, with the test hooks that manipulate them.

    Thread-safe: the ASGI thread serves requests while the test thread inspects and pokes.
    """

    clock: Clock
    access_token_lifetime: float
    code_lifetime: float
    session_lifetime: float
    authorizations: dict[str, Authorization] = field(default_factory=dict)
    # Token endpoint requests by ``grant_type`` (as sent, ``""`` when missing).
    token_requests: Counter[str] = field(default_factory=Counter)
    _codes: dict[str, _Code] = field(default_factory=dict, repr=False)
    _access: dict[str, _AccessToken] = field(default_factory=dict, repr=False)
    _refresh: dict[str, _RefreshToken] = field(default_factory=dict, repr=False)
    # Shared with the rest of the server state, so a revocation and its side effects are atomic.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    # Told the authorization id whenever one is revoked (the server releases its VPN configs).
    on_revoke: Callable[[str], None] | None = field(default=None, repr=False)

    # -- authorization endpoint -------------------------------------------------------------

    def issue_code(self, *, client_id: str, redirect_uri: str, code_challenge: str, user: str) -> str:
        """A fresh single-use code bound to the client, redirect URI and PKCE challenge."""
        code = secrets.token_urlsafe(32)
        now = self.clock()
        with self.lock:
            self._codes[_digest(code)] = _Code(
                client_id=client_id,
                redirect_uri=redirect_uri,
                code_challenge=code_challenge,
                user=user,
                scope=SCOPE,
                issued_at=now,
                expires_at=now + self.code_lifetime,
            )
        return code

    # -- token endpoint ---------------------------------------------------------------------

    def exchange_code(
        self, *, client_id: str, code: str, redirect_uri: str, code_verifier: str
    ) -> TokenResponse:
        """``grant_type=authorization_code``. Any presentation uses the code up (OAuth 2.1 §4.1.3);
        presenting it again after it produced tokens revokes those tokens (RFC 6749 §4.1.2)."""
        if not _VERIFIER.fullmatch(code_verifier):
            raise OAuthError("invalid_request", "invalid code_verifier")
        with self.lock:
            entry = self._codes.get(_digest(code))
            if entry is None:
                raise OAuthError("invalid_grant", "invalid authorization code")
            if entry.used:
                if entry.auth_id is not None:
                    self._revoke(entry.auth_id)
                raise OAuthError("invalid_grant", "authorization code already used")
            entry.used = True
            if self.clock() >= entry.expires_at:
                raise OAuthError("invalid_grant", "authorization code expired")
            if entry.client_id != client_id:
                raise OAuthError("invalid_grant", "authorization code issued to another client")
            if entry.redirect_uri != redirect_uri:
                raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request")
            if not hmac.compare_digest(s256(code_verifier), entry.code_challenge):
                raise OAuthError("invalid_grant", "code_verifier does not match the code_challenge")
            auth = self._new_authorization(client_id, entry.user, entry.issued_at)
            entry.auth_id = auth.auth_id
            return self._issue_tokens(auth)

    def refresh(self, *, refresh_token: str, client_id: str | None, scope: str | None) -> TokenResponse:
        """``grant_type=refresh_token``: rotate. A used token revokes the whole authorization."""
        with self.lock:
            entry = self._refresh.get(_digest(refresh_token))
            if entry is None:
                raise OAuthError("invalid_grant", "invalid refresh token")
            auth = self.authorizations[entry.auth_id]
            if auth.revoked:
                raise OAuthError("invalid_grant", "the authorization was revoked")
            if entry.used:
                self._revoke(auth.auth_id)
                raise OAuthError("invalid_grant", "refresh token already used: authorization revoked")
            if client_id is not None and client_id != auth.client_id:
                raise OAuthError("invalid_grant", "refresh token issued to another client")
            if scope is not None and set(scope.split()) - {auth.scope}:
                raise OAuthError("invalid_scope", "scope exceeds the original grant")
            if self.clock() >= auth.session_expires_at:
                raise OAuthError("invalid_grant", "the authorization expired")
            entry.used = True
            return self._issue_tokens(auth)

    # -- resource server --------------------------------------------------------------------

    def authenticate(self, access_token: str) -> Authorization | None:
        """The live authorization behind a bearer token, or ``None`` (unknown, expired, revoked)."""
        with self.lock:
            entry = self._access.get(_digest(access_token))
            if entry is None or self.clock() >= entry.expires_at:
                return None
            auth = self.authorizations[entry.auth_id]
            return None if auth.revoked else auth

    # -- test hooks -------------------------------------------------------------------------

    def issue_tokens(self, *, client_id: str, user: str) -> TokenResponse:
        """A new authorization and its tokens without the browser step (for client tests)."""
        with self.lock:
            return self._issue_tokens(self._new_authorization(client_id, user, self.clock()))

    def expire_access_tokens(self) -> None:
        """Every access token issued so far expires now; refresh tokens stay good."""
        now = self.clock()
        with self.lock:
            for entry in self._access.values():
                entry.expires_at = min(entry.expires_at, now)

    def revoke(self, auth_id: str) -> None:
        """End an authorization as an admin would: its tokens all stop working."""
        with self.lock:
            self._revoke(auth_id)

    def authorization_for(self, access_token: str) -> Authorization | None:
        """The authorization an access token belongs to, live or not."""
        with self.lock:
            entry = self._access.get(_digest(access_token))
            return None if entry is None else self.authorizations[entry.auth_id]

    @property
    def token_request_count(self) -> int:
        return sum(self.token_requests.values())

    # -- internals --------------------------------------------------------------------------

    def _new_authorization(self, client_id: str, user: str, authorized_at: float) -> Authorization:
        auth = Authorization(
            auth_id=secrets.token_hex(8),
            client_id=client_id,
            user=user,
            scope=SCOPE,
            authorized_at=authorized_at,
            session_expires_at=int(authorized_at + self.session_lifetime),
        )
        self.authorizations[auth.auth_id] = auth
        return auth

    def _issue_tokens(self, auth: Authorization) -> TokenResponse:
        now = self.clock()
        lifetime = max(0, min(int(self.access_token_lifetime), int(auth.session_expires_at - now)))
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._access[_digest(access)] = _AccessToken(auth.auth_id, now + lifetime)
        self._refresh[_digest(refresh)] = _RefreshToken(auth.auth_id)
        return TokenResponse(
            access_token=access, expires_in=lifetime, refresh_token=refresh, auth_id=auth.auth_id
        )

    def _revoke(self, auth_id: str) -> None:
        auth = self.authorizations.get(auth_id)
        if auth is None:
            raise KeyError(auth_id)
        auth.revoked = True
        if self.on_revoke is not None:
            self.on_revoke(auth_id)
        for table in (self._access, self._refresh):
            for key in [k for k, v in table.items() if v.auth_id == auth_id]:
                del table[key]
