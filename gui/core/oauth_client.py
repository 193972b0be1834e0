"""The OAuth 2 client the API session uses: authlib's protocol core on an ``httpx2.AsyncClient``.

authlib's own ``AsyncOAuth2Client`` lives in ``authlib.integrations.httpx_client``, and importing
anything under ``authlib.integrations`` runs ``base_client/__init__``, which loads its OpenID Connect
client and with it ``joserfc`` (JOSE, some 37 ms of every ``sluis config``). Sluis uses none of that:
an API v3 server is a plain OAuth 2 authorization server. So this module is that class again, built
from the pieces below the integrations (``authlib.oauth2.client.OAuth2Client``: token requests,
PKCE, token parsing and expiry, the refresh; ``authlib.oauth2.auth``: the bearer header), with the
same behaviour, line for line, for what Sluis calls: ``fetch_token``, ``refresh_token`` (and
``update_token`` called with the rotated token before it is used), ``ensure_active_token`` before
every request that carries the token, ``stream``/``request`` with ``withhold_token``.
``tests/test_import_guard.py`` checks that ``sluis config`` loads no ``authlib.integrations``,
``authlib.oidc`` or ``joserfc``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from authlib.common.errors import AuthlibBaseError
from authlib.common.urls import url_decode
from authlib.oauth2.auth import ClientAuth, TokenAuth
from authlib.oauth2.client import OAuth2Client as _OAuth2Client

__all__ = ["AsyncOAuth2Client", "InvalidTokenError", "MissingTokenError", "OAuthError"]

# What ``httpx2.AsyncClient`` takes; every other keyword goes to the OAuth part (as authlib splits).
HTTPX_CLIENT_KWARGS = (
    "headers",
    "cookies",
    "verify",
    "cert",
    "http1",
    "http2",
    "proxy",
    "mounts",
    "timeout",
    "follow_redirects",
    "limits",
    "max_redirects",
    "event_hooks",
    "base_url",
    "transport",
    "trust_env",
    "default_encoding",
)


class OAuthError(AuthlibBaseError):  # type: ignore[misc]  # authlib is untyped
    """An OAuth error answer (``error``, ``description``), as ``authlib.integrations``' own."""

    error = "oauth_error"


class MissingTokenError(OAuthError):
    error = "missing_token"


class InvalidTokenError(OAuthError):
    error = "token_invalid"


class UnsupportedTokenTypeError(OAuthError):
    error = "unsupported_token_type"


def _rebuilt(url: str, headers: Any, body: bytes, initial: httpx2.Request) -> httpx2.Request:
    """The signed request, carrying the original's extensions (timeouts) along."""
    request = httpx2.Request(method=initial.method, url=url, headers=headers, content=body)
    request.extensions = initial.extensions
    return request


class OAuth2Auth(httpx2.Auth, TokenAuth):  # type: ignore[misc]  # authlib is untyped
    """The bearer token on a request."""

    requires_request_body = True

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        try:
            url, headers, body = self.prepare(str(request.url), request.headers, request.content)
            headers["Content-Length"] = str(len(body))
            yield _rebuilt(url, headers, body, request)
        except KeyError as error:
            raise UnsupportedTokenTypeError(description=f"Unsupported token_type: {error}") from error


class OAuth2ClientAuth(httpx2.Auth, ClientAuth):  # type: ignore[misc]  # authlib is untyped
    """The client's authentication at the token endpoint (``none`` for Sluis: a public client)."""

    requires_request_body = True

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        url, headers, body = self.prepare(request.method, str(request.url), request.headers, request.content)
        headers["Content-Length"] = str(len(body))
        yield _rebuilt(url, headers, body, request)


class AsyncOAuth2Client(_OAuth2Client, httpx2.AsyncClient):  # type: ignore[misc]  # authlib is untyped
    """``authlib.integrations.httpx_client.AsyncOAuth2Client``, without the integrations package."""

    SESSION_REQUEST_PARAMS = HTTPX_CLIENT_KWARGS

    client_auth_class = OAuth2ClientAuth
    token_auth_class = OAuth2Auth
    oauth_error_class = OAuthError

    def __init__(
        self,
        client_id: Any = None,
        client_secret: Any = None,
        token_endpoint_auth_method: Any = None,
        revocation_endpoint_auth_method: Any = None,
        scope: Any = None,
        redirect_uri: Any = None,
        token: Any = None,
        token_placement: Any = "header",  # noqa: S107 - where the token goes, not a password
        update_token: Any = None,
        leeway: Any = 60,
        **kwargs: Any,
    ) -> None:
        client_kwargs = self._extract_session_request_params(kwargs)
        httpx2.AsyncClient.__init__(self, **client_kwargs)
        # One refresh at a time: concurrent requests must not spend the single-use refresh token twice.
        # (authlib's is anyio's; Sluis runs on asyncio alone, where asyncio's lock does the same.)
        self._token_refresh_lock = asyncio.Lock()
        _OAuth2Client.__init__(
            self,
            session=None,
            client_id=client_id,
            client_secret=client_secret,
            token_endpoint_auth_method=token_endpoint_auth_method,
            revocation_endpoint_auth_method=revocation_endpoint_auth_method,
            scope=scope,
            redirect_uri=redirect_uri,
            token=token,
            token_placement=token_placement,
            update_token=update_token,
            leeway=leeway,
            **kwargs,
        )

    async def request(
        self,
        method: str,
        url: Any,
        withhold_token: bool = False,
        auth: Any = httpx2.USE_CLIENT_DEFAULT,
        **kwargs: Any,
    ) -> httpx2.Response:
        return await super().request(method, url, auth=await self._auth_for(withhold_token, auth), **kwargs)

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        url: Any,
        withhold_token: bool = False,
        auth: Any = httpx2.USE_CLIENT_DEFAULT,
        **kwargs: Any,
    ) -> AsyncIterator[httpx2.Response]:
        async with super().stream(
            method, url, auth=await self._auth_for(withhold_token, auth), **kwargs
        ) as response:
            yield response

    async def _auth_for(self, withhold_token: bool, auth: Any) -> Any:
        """The token's auth (refreshed first when it has expired), unless the caller withholds the
        token or brings its own auth."""
        if withhold_token or auth is not httpx2.USE_CLIENT_DEFAULT:
            return auth
        if not self.token:
            raise MissingTokenError()
        await self.ensure_active_token(self.token)
        return self.token_auth

    async def ensure_active_token(self, token: Any) -> None:
        async with self._token_refresh_lock:
            if self.token.is_expired(leeway=self.leeway):
                refresh_token = token.get("refresh_token")
                url = self.metadata.get("token_endpoint")
                if refresh_token and url:
                    await self.refresh_token(url, refresh_token=refresh_token)
                elif self.metadata.get("grant_type") == "client_credentials":
                    access_token = token["access_token"]
                    new_token = await self.fetch_token(url, grant_type="client_credentials")
                    if self.update_token:
                        await self.update_token(new_token, access_token=access_token)
                else:
                    raise InvalidTokenError()

    async def _fetch_token(
        self,
        url: str,
        body: str = "",
        headers: Any = None,
        auth: Any = httpx2.USE_CLIENT_DEFAULT,
        method: str = "POST",
        **kwargs: Any,
    ) -> Any:
        if method.upper() == "POST":
            resp = await self.post(url, data=dict(url_decode(body)), headers=headers, auth=auth, **kwargs)
        else:
            url = "&".join([url, body]) if "?" in url else "?".join([url, body])
            resp = await self.get(url, headers=headers, auth=auth, **kwargs)
        for hook in self.compliance_hook["access_token_response"]:
            resp = hook(resp)
        return self.parse_response_token(resp)

    async def _refresh_token(
        self,
        url: str,
        refresh_token: str | None = None,
        body: str = "",
        headers: Any = None,
        auth: Any = httpx2.USE_CLIENT_DEFAULT,
        **kwargs: Any,
    ) -> Any:
        resp = await self.post(url, data=dict(url_decode(body)), headers=headers, auth=auth, **kwargs)
        for hook in self.compliance_hook["refresh_token_response"]:
            resp = hook(resp)
        token = self.parse_response_token(resp)
        if "refresh_token" not in token:
            self.token["refresh_token"] = refresh_token
        # The rotated token is handed to ``update_token`` (which persists it) before anything uses it.
        if self.update_token:
            await self.update_token(self.token, refresh_token=refresh_token)
        return self.token

    def _http_post(
        self,
        url: str,
        body: Any = None,
        auth: Any = httpx2.USE_CLIENT_DEFAULT,
        headers: Any = None,
        **kwargs: Any,
    ) -> Any:
        return self.post(url, data=dict(url_decode(body)), headers=headers, auth=auth, **kwargs)
