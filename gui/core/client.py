"""One server's API v3 session: endpoint discovery, login, token refresh, /info, /connect, /disconnect.

It owns an ``AsyncOAuth2Client`` (``gui.core.oauth_client``: authlib's OAuth 2 core on an
``httpx2.AsyncClient``, without authlib's OpenID and JOSE imports) so that the well-known
document, the token endpoint and the API share one connection pool: a ``sluis config`` is a handful
of requests over a single TLS connection. Token rotation is persisted in ``update_token`` before
anything else, because refresh tokens are single use and a lost one ends the authorization.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Iterable
from typing import Any

import httpx2

from gui.core import http
from gui.core.apierrors import error_from_response
from gui.core.endpoints import EndpointCache
from gui.core.errors import (
    AuthorizationError,
    ReauthorizationRequired,
    ServerResponseError,
    SluisError,
)
from gui.core.expiry import parse_expires
from gui.core.loopback import LoopbackListener
from gui.core.oauth import (
    LOGIN_TIMEOUT,
    AuthorizationRequest,
    BrowserOpener,
    PendingLogins,
    answer_completes,
    build_authorization_request,
    code_from_callback,
)
from gui.core.oauth_client import AsyncOAuth2Client, OAuthError
from gui.core.profiles import Profile, parse_info
from gui.core.protocols import Protocol, accept_header
from gui.core.settings import LOOPBACK_REDIRECT
from gui.core.tokens import Tokens, TokenStore
from gui.core.urls import host_of
from gui.core.vpnconfig import VpnConfig, parse_config
from gui.core.wellknown_doc import Endpoints, parse_well_known
from gui.core.wgkeys import generate_keypair

log = logging.getLogger(__name__)

WELL_KNOWN_PATH = ".well-known/vpn-user-portal"
# ``/disconnect`` is best effort, after the tunnel is down: it must not hold anything up.
DISCONNECT_TIMEOUT = 5.0
# An answer of the API (``/info``, a ``/connect`` configuration) is read up to this size, and the
# whole exchange ends within ``API_DEADLINE`` seconds (each read also has its own timeout).
MAX_API_RESPONSE = 1 << 20
API_DEADLINE = 60.0
MAX_WELL_KNOWN = 64 * 1024


_RUN_CACHE = EndpointCache()


async def fetch_endpoints(
    client: httpx2.AsyncClient, base_url: str, *, deadline: float | None = API_DEADLINE, **kwargs: Any
) -> Endpoints:
    host = host_of(base_url)
    document = await http.get_following_https_redirects(
        client,
        base_url + WELL_KNOWN_PATH,
        max_bytes=MAX_WELL_KNOWN,
        deadline=deadline,
        headers={"Accept": "application/json"},
        **kwargs,
    )
    if document.status == 404:
        raise ServerResponseError(
            detail=f"{host} is not an eduVPN or Let's Connect! server (no well-known document)"
        )
    if document.status != 200:
        raise ServerResponseError(detail=f"the server's well-known document answered HTTP {document.status}")
    return parse_well_known(document.content, host)


class ServerClient:
    """Use as ``async with ServerClient(base_url, client_id=…, tokens=store) as server: …``."""

    def __init__(
        self,
        base_url: str,
        *,
        client_id: str,
        token_store: TokenStore,
        redirect_uri: str = LOOPBACK_REDIRECT,
        api_base_url: str | None = None,
        endpoint_cache: EndpointCache | None = None,
        timeout: httpx2.Timeout = http.DEFAULT_TIMEOUT,
        deadline: float = API_DEADLINE,
        max_response_bytes: int = MAX_API_RESPONSE,
    ) -> None:
        self.base_url = base_url
        # Secure Internet: the location whose API is used with the home server's tokens.
        self.api_base_url = api_base_url or base_url
        self.host = host_of(base_url)
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self._store = token_store
        self._cache = _RUN_CACHE if endpoint_cache is None else endpoint_cache
        self._tokens: Tokens | None = None
        # Every exchange with the server ends within ``deadline`` seconds; API answers are read up
        # to ``max_response_bytes``.
        self.deadline = deadline
        self.max_response_bytes = max_response_bytes
        self._oauth = AsyncOAuth2Client(
            client_id=client_id,
            token_endpoint_auth_method="none",  # noqa: S106 - a public client, not a password
            scope="config",
            update_token=self._on_token_update,
            leeway=30,
            **http.client_options(timeout=timeout),
        )

    async def __aenter__(self) -> ServerClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._oauth.aclose()

    # -- endpoints -----------------------------------------------------------------------------------

    async def endpoints(self) -> Endpoints:
        """The (home) server's endpoints: authorization and tokens live here."""
        return await self._endpoints_of(self.base_url)

    async def api_endpoints(self) -> Endpoints:
        """Where the API calls go (another Secure Internet location, or the same server)."""
        return await self._endpoints_of(self.api_base_url)

    async def _endpoints_of(self, base_url: str) -> Endpoints:
        cached = self._cache.get(base_url)
        if cached is None:
            cached = await fetch_endpoints(self._oauth, base_url, deadline=self.deadline, withhold_token=True)
            self._cache.put(base_url, cached)
        return cached

    # -- tokens ----------------------------------------------------------------------------------------

    @property
    def session_started_at(self) -> float | None:
        return self._tokens.started_at if self._tokens else None

    async def _on_token_update(self, token: dict[str, Any], **_old: Any) -> None:
        started = self._tokens.started_at if self._tokens else time.time()
        self._tokens = Tokens.from_authlib(token, started_at=started)
        await self._store.save(self.base_url, self._tokens)

    async def _ensure_tokens(self) -> None:
        if self._tokens is None:
            self._tokens = await self._store.load(self.base_url)
            if self._tokens is None:
                raise ReauthorizationRequired(host=self.host)
        endpoints = await self.endpoints()
        self._oauth.metadata["token_endpoint"] = endpoints.token_endpoint
        if self._oauth.token is None or self._oauth.token.get("access_token") != self._tokens.access_token:
            self._oauth.token = self._tokens.as_authlib()

    async def has_tokens(self) -> bool:
        return (self._tokens or await self._store.load(self.base_url)) is not None

    async def forget_tokens(self) -> None:
        self._tokens = None
        self._oauth.token = None
        await self._store.delete(self.base_url)

    # -- login -------------------------------------------------------------------------------------------

    async def login(
        self,
        open_browser: BrowserOpener,
        *,
        wayf_template: str | None = None,
        org_id: str | None = None,
        pending: PendingLogins | None = None,
        timeout: float = LOGIN_TIMEOUT,
    ) -> Tokens:
        """Run the authorization in the browser and store the tokens. A loopback redirect is caught by
        a one-shot listener; a custom-scheme redirect is delivered through ``pending``."""
        endpoints = await self.endpoints()
        # RFC 9207: an ``iss`` in the answer must name this (home) server. Sluis reads no OAuth
        # server metadata, so no server has promised one: an answer without ``iss`` is accepted.
        issuer = self.base_url
        if "{port}" in self.redirect_uri:
            async with LoopbackListener() as listener:
                request = build_authorization_request(
                    endpoints.authorization_endpoint,
                    self.client_id,
                    listener.redirect_uri(self.redirect_uri),
                    wayf_template=wayf_template,
                    org_id=org_id,
                    issuer=issuer,
                )
                # Only this login's answer ends the wait; a stray or forged one gets 400.
                listener.expect(request.state, answer_completes(request))
                await _open(open_browser, request.url)
                try:
                    result = await listener.wait(timeout)
                except TimeoutError:
                    raise AuthorizationError(detail="the browser did not return in time") from None
        else:
            if pending is None:
                raise AuthorizationError(detail="no handler for the custom redirect URI is running")
            request = build_authorization_request(
                endpoints.authorization_endpoint,
                self.client_id,
                self.redirect_uri,
                wayf_template=wayf_template,
                org_id=org_id,
                issuer=issuer,
            )
            future = pending.expect(request.state)
            await _open(open_browser, request.url)
            try:
                result = await asyncio.wait_for(future, timeout)
            except TimeoutError:
                raise AuthorizationError(detail="the browser did not return in time") from None
        code = code_from_callback(request, result)
        return await self.exchange_code(request, code)

    async def exchange_code(self, request: AuthorizationRequest, code: str) -> Tokens:
        endpoints = await self.endpoints()
        try:
            # A deadline here loses nothing: a code is single use, and no token is held yet. (Not
            # around a refresh: cancelled after the server rotated, the new token would be lost.)
            async with http.total_deadline(endpoints.token_endpoint, self.deadline):
                token = await self._oauth.fetch_token(
                    endpoints.token_endpoint,
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=request.redirect_uri,
                    code_verifier=request.code_verifier,
                    withhold_token=True,
                )
        except OAuthError as exc:
            raise AuthorizationError(detail=exc.description or exc.error or "token request refused") from None
        except httpx2.HTTPError as exc:
            raise http.network_error(endpoints.token_endpoint, exc) from None
        except (ValueError, KeyError, TypeError):
            raise ServerResponseError(detail="the token endpoint's answer is not valid") from None
        if not isinstance(token, dict) or "access_token" not in token:
            raise ServerResponseError(detail="the token endpoint sent no access token")
        self._tokens = Tokens.from_authlib(dict(token), started_at=time.time())
        self._oauth.token = self._tokens.as_authlib()
        await self._store.save(self.base_url, self._tokens)
        return self._tokens

    # -- API ---------------------------------------------------------------------------------------------

    async def _api(
        self,
        method: str,
        call: str,
        *,
        timeout: float | None = None,
        deadline: float | None = None,
        **kwargs: Any,
    ) -> http.FetchedDocument:
        """An API call with the access token; refreshed before expiry, and once more on a 401.

        The answer is streamed up to ``max_response_bytes`` and the exchange ends within
        ``deadline`` (default: the client's) seconds. The token refresh runs before, outside the
        deadline: a refresh cancelled after the server rotated the token would lose it."""
        await self._ensure_tokens()
        url = (await self.api_endpoints()).api_endpoint.rstrip("/") + "/" + call
        if timeout is not None:
            kwargs["timeout"] = timeout
        for attempt in (1, 2):
            try:
                assert self._oauth.token is not None
                await self._oauth.ensure_active_token(self._oauth.token)
                response = await http.fetch_limited(
                    self._oauth,
                    method,
                    url,
                    max_bytes=self.max_response_bytes,
                    deadline=self.deadline if deadline is None else deadline,
                    **kwargs,
                )
                if response.status == 401 and attempt == 1:
                    # The token was revoked or expired early: refresh once and try again.
                    await self._refresh()
                    continue
                return response
            except OAuthError as exc:
                raise await self._oauth_failure(exc) from None
            except httpx2.HTTPError as exc:
                raise http.network_error(url, exc) from None
            except (ValueError, KeyError, TypeError):
                raise ServerResponseError(detail="the token endpoint's answer is not valid") from None
        return response

    async def _refresh(self) -> None:
        assert self._tokens is not None
        endpoints = await self.endpoints()
        try:
            await self._oauth.refresh_token(
                endpoints.token_endpoint, refresh_token=self._tokens.refresh_token
            )
        except OAuthError as exc:
            raise await self._oauth_failure(exc) from None

    async def _oauth_failure(self, exc: OAuthError) -> SluisError:
        if exc.error in ("invalid_grant", "invalid_token", "unauthorized_client", "invalid_client"):
            # The authorization is gone: its dead tokens go too (the keyring must not claim a login
            # that no longer exists); the server entry stays, the user logs in again.
            await self.forget_tokens()
            return ReauthorizationRequired(host=self.host)
        return AuthorizationError(detail=exc.description or exc.error or "token refresh refused")

    async def _expect_ok(
        self, response: http.FetchedDocument, allowed: Iterable[int] = range(200, 300)
    ) -> None:
        if response.status == 401:
            await self.forget_tokens()
            raise ReauthorizationRequired(host=self.host)
        if response.status not in allowed:
            raise error_from_response(response.status, response.headers.get("content-type"), response.content)

    async def info(self) -> list[Profile]:
        response = await self._api("GET", "info", headers={"Accept": "application/json"})
        await self._expect_ok(response)
        return parse_info(response.content)

    async def connect(
        self, profile_id: str, *, accept: Iterable[Protocol], prefer_tcp: bool = False
    ) -> VpnConfig:
        """``POST /connect`` with a fresh local key pair; the private key never leaves this device.

        The protocol is read from the response's Content-Type: a server may fall back silently.
        """
        protocols = frozenset(accept)
        keypair = generate_keypair() if protocols & {Protocol.WIREGUARD, Protocol.WIREGUARD_TCP} else None
        form = {"profile_id": profile_id, "prefer_tcp": "yes" if prefer_tcp else "no"}
        if keypair is not None:
            form["public_key"] = keypair.public_key
        response = await self._api("POST", "connect", data=form, headers={"Accept": accept_header(protocols)})
        await self._expect_ok(response)
        expires_header = response.headers.get("expires")
        expires = parse_expires(expires_header) if expires_header else None
        config = parse_config(response.headers.get("content-type", ""), response.content, expires)
        if config.protocol is not Protocol.OPENVPN:
            if keypair is None:
                raise ServerResponseError(
                    detail="the server sent a WireGuard configuration that was not asked for"
                )
            config = config.with_private_key(keypair.private_key)
        return config

    async def disconnect(self) -> None:
        """Best effort: errors are logged, never raised; the old config must not be reused anyway.
        Each phase of the request (connect, TLS, read) gets ``DISCONNECT_TIMEOUT``: quitting or
        switching servers never waits long on a server that has stopped answering. (httpx's own
        timeouts, so a half-open connection is closed cleanly; the total deadline, three phases'
        worth, only ends a server that trickles its answer.)"""
        try:
            response = await self._api(
                "POST", "disconnect", timeout=DISCONNECT_TIMEOUT, deadline=3 * DISCONNECT_TIMEOUT
            )
            if not 200 <= response.status < 300:
                log.info("/disconnect answered HTTP %s", response.status)
        except SluisError as exc:
            log.info("/disconnect failed: %s", exc)


async def _open(open_browser: BrowserOpener, url: str) -> None:
    result = open_browser(url)
    if inspect.isawaitable(result):
        await result
