"""The HTTP surface: well-known document, OAuth endpoints and API v3, as a Starlette app.

Paths follow vpn-user-portal 3.x (``/vpn-user-portal/oauth/authorize``, ``/vpn-user-portal/api/v3``).
Handlers only parse and answer; the decisions live in :mod:`gui.demoserver.state` and
:mod:`gui.demoserver.oauth`. Handlers are ``async`` and never await while holding the state lock,
so all requests run on the event-loop thread without a thread pool.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import re
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from gui.core.protocols import parse_accept
from gui.demoserver.oauth import (
    Authorization,
    AuthorizePageError,
    AuthorizeRedirectError,
    OAuthError,
    TokenResponse,
    parse_authorization_request,
)
from gui.demoserver.pages import PAGE_HEADERS, approval_page, error_page, front_page
from gui.demoserver.state import ApiError, ConnectParams, DemoState
from gui.demoserver.wireguard import is_valid_public_key

log = logging.getLogger(__name__)

PORTAL = "/vpn-user-portal"
WELL_KNOWN = "/.well-known/vpn-user-portal"
API_V3 = "http://eduvpn.org/api#3"
# vpn-user-portal's profile id syntax.
_PROFILE_ID = re.compile(r"[a-zA-Z0-9.-]+")
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_INVALID_TOKEN_HEADERS = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def _api_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _oauth_error(error: OAuthError, status: int = 400, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": error.error, "error_description": error.description},
        status_code=status,
        headers={**_NO_STORE, **(headers or {})},
    )


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _field(form: FormData, name: str) -> str | None:
    """A form field as text; ``None`` when missing (a file upload is not a valid value either)."""
    value = form.get(name)
    return value if isinstance(value, str) else None


class _Handlers:
    def __init__(self, state: DemoState) -> None:
        self.state = state

    def base_url(self, request: Request) -> str:
        configured = self.state.config.base_url
        if configured:
            return configured.rstrip("/")
        return f"{request.url.scheme}://{request.url.netloc}"

    def issuer(self, request: Request) -> str:
        """The OAuth issuer identifier (RFC 9207 ``iss``): the base URL as clients store it."""
        return self.base_url(request) + "/"

    # -- discovery ------------------------------------------------------------------------------

    async def discovery_file(self, request: Request) -> Response:
        """The signed server and organization lists, when the runner published them."""
        data = self.state.discovery_files.get(request.path_params["name"])
        if data is None:
            return Response("not found", 404, media_type="text/plain")
        media_type = "application/json" if request.path_params["name"].endswith(".json") else "text/plain"
        return Response(data, media_type=media_type)

    def _well_known_document(self, base: str) -> dict[str, Any]:
        config = self.state.config
        if config.serve_v2:
            # What a 2.x server before 2.4.1 answers: only the API v2 entry.
            return {
                "api": {
                    "http://eduvpn.org/api#2": {
                        "api_base_uri": f"{base}{PORTAL}/api.php",
                        "authorization_endpoint": f"{base}{PORTAL}/_oauth/authorize",
                        "token_endpoint": f"{base}{PORTAL}/oauth.php/token",
                    }
                },
                "v": "2.2.8-sluis-demo",
            }
        return {
            "api": {
                API_V3: {
                    "api_endpoint": f"{base}{PORTAL}/api/v3",
                    "authorization_endpoint": f"{base}{PORTAL}/oauth/authorize",
                    "token_endpoint": f"{base}{PORTAL}/oauth/token",
                }
            },
            "v": config.server_version,
        }

    async def well_known(self, request: Request) -> Response:
        redirect = self.state.config.well_known_redirect
        if redirect is None:
            return JSONResponse(self._well_known_document(self.base_url(request)))
        location = redirect.location
        if redirect.downgrade_to_http:
            parts = urlsplit(location)
            location = urlunsplit(("http", request.url.netloc, parts.path, parts.query, ""))
        elif location.startswith("/"):
            location = self.base_url(request) + location
        return RedirectResponse(location, status_code=redirect.status)

    async def well_known_moved(self, request: Request) -> Response:
        """The document at any other path, the target of a configured redirect."""
        return JSONResponse(self._well_known_document(self.base_url(request)))

    async def front(self, request: Request) -> Response:
        config = self.state.config
        return _page(front_page(self.base_url(request), username=config.username, password=config.password))

    # -- OAuth ----------------------------------------------------------------------------------

    async def authorize(self, request: Request) -> Response:
        query = request.query_params
        repeated = {k for k in query if len(query.getlist(k)) > 1}
        try:
            if repeated & {"client_id", "redirect_uri"}:
                raise AuthorizePageError("client_id and redirect_uri may appear only once")
            auth_request = parse_authorization_request(
                query, self.state.config.client, issuer=self.issuer(request)
            )
            if repeated:
                raise AuthorizeRedirectError(auth_request, "invalid_request", "repeated parameters")
        except AuthorizePageError as error:
            return _page(error_page(str(error)), 400)
        except AuthorizeRedirectError as error:
            return RedirectResponse(error.location, status_code=302)
        config = self.state.config
        if config.auto_approve:
            code = self.state.oauth.issue_code(
                client_id=auth_request.client.client_id,
                redirect_uri=auth_request.redirect_uri,
                code_challenge=auth_request.code_challenge,
                user=config.username,
            )
            return RedirectResponse(auth_request.success_location(code), status_code=302)
        request_id = self.state.remember_approval(auth_request)
        return _page(
            approval_page(auth_request, request_id, username=config.username, password=config.password)
        )

    async def approve(self, request: Request) -> Response:
        """The login/approve form's POST."""
        form = await request.form()
        request_id = _field(form, "request_id") or ""
        auth_request = self.state.pending_approval(request_id)
        if auth_request is None:
            return _page(error_page("This login form has expired. Start again from the application."), 400)
        action = _field(form, "action")
        if action == "deny":
            self.state.finish_approval(request_id)
            return RedirectResponse(auth_request.denied_location(), status_code=302)
        if action != "approve":
            return _page(error_page("Choose Approve or Deny."), 400)
        config = self.state.config
        username = _field(form, "username") or ""
        password = _field(form, "password") or ""
        good_user = hmac.compare_digest(username.encode(), config.username.encode())
        good_password = hmac.compare_digest(password.encode(), config.password.encode())
        if not (good_user and good_password):
            return _page(
                approval_page(
                    auth_request,
                    request_id,
                    username=config.username,
                    password=config.password,
                    error="Wrong user name or password.",
                )
            )
        self.state.finish_approval(request_id)
        code = self.state.oauth.issue_code(
            client_id=auth_request.client.client_id,
            redirect_uri=auth_request.redirect_uri,
            code_challenge=auth_request.code_challenge,
            user=username,
        )
        return RedirectResponse(auth_request.success_location(code), status_code=302)

    async def token(self, request: Request) -> Response:
        form = await request.form()
        grant_type = _field(form, "grant_type") or ""
        self.state.token_requests[grant_type] += 1
        try:
            client_id = self._token_client_id(request, form)
            tokens = self._grant(grant_type, client_id, form)
        except OAuthError as error:
            if error.error == "invalid_client" and request.headers.get("authorization"):
                # RFC 6749 §5.2: a failed client authentication through the header is a 401.
                return _oauth_error(error, 401, {"WWW-Authenticate": 'Basic realm="token"'})
            return _oauth_error(error)
        return JSONResponse(tokens.as_json(), headers=_NO_STORE)

    def _token_client_id(self, request: Request, form: FormData) -> str | None:
        """The public client's id, from the form or from an HTTP Basic header with no secret."""
        client_id = _field(form, "client_id")
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                user, _, secret = base64.b64decode(credentials, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                raise OAuthError("invalid_client", "malformed client credentials") from None
            if secret or (client_id is not None and client_id != user):
                raise OAuthError("invalid_client", "public clients have no secret")
            client_id = user
        if client_id is not None and self.state.config.client(client_id) is None:
            raise OAuthError("invalid_client", "unknown client_id")
        return client_id

    def _grant(self, grant_type: str, client_id: str | None, form: FormData) -> TokenResponse:
        def required(name: str) -> str:
            value = _field(form, name)
            if not value:
                raise OAuthError("invalid_request", f"missing {name}")
            return value

        oauth = self.state.oauth
        if grant_type == "authorization_code":
            if client_id is None:
                raise OAuthError("invalid_request", "missing client_id")
            return oauth.exchange_code(
                client_id=client_id,
                code=required("code"),
                redirect_uri=required("redirect_uri"),
                code_verifier=required("code_verifier"),
            )
        if grant_type == "refresh_token":
            return oauth.refresh(
                refresh_token=required("refresh_token"), client_id=client_id, scope=_field(form, "scope")
            )
        if not grant_type:
            raise OAuthError("invalid_request", "missing grant_type")
        raise OAuthError("unsupported_grant_type", "only authorization_code and refresh_token")

    # -- API v3 ---------------------------------------------------------------------------------

    def _authenticate(self, request: Request) -> Authorization | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.state.oauth.authenticate(token.strip())

    async def info(self, request: Request) -> Response:
        if self._authenticate(request) is None:
            return JSONResponse({"error": "invalid_token"}, 401, headers=_INVALID_TOKEN_HEADERS)
        profiles = [p.info() for p in self.state.config.profiles]
        return JSONResponse({"info": {"profile_list": profiles}})

    async def connect(self, request: Request) -> Response:
        auth = self._authenticate(request)
        if auth is None:
            return JSONResponse({"error": "invalid_token"}, 401, headers=_INVALID_TOKEN_HEADERS)
        form = await request.form()
        profile_id = _field(form, "profile_id")
        if profile_id is None:
            return _api_error(400, 'missing post parameter "profile_id"')
        if not _PROFILE_ID.fullmatch(profile_id):
            return _api_error(400, 'invalid value for "profile_id"')
        public_key = _field(form, "public_key")
        if "public_key" in form and (public_key is None or not is_valid_public_key(public_key)):
            return _api_error(400, 'invalid value for "public_key"')
        prefer_tcp = _field(form, "prefer_tcp") if "prefer_tcp" in form else "no"
        if prefer_tcp not in ("yes", "no"):
            return _api_error(400, 'invalid value for "prefer_tcp"')
        params = ConnectParams(
            profile_id=profile_id,
            public_key=public_key,
            prefer_tcp=prefer_tcp == "yes",
            accepted=parse_accept(request.headers.get("accept")),
        )
        try:
            result = self.state.connect(auth, params, self.base_url(request))
        except ApiError as error:
            if error.status >= 500:
                log.warning("/connect failed for profile %s: %s", profile_id, error.message)
            return _api_error(error.status, error.message)
        return Response(
            result.body,
            status_code=200,
            media_type=result.protocol.media_type,
            headers={"Expires": formatdate(result.expires_at, usegmt=True)},
        )

    async def disconnect(self, request: Request) -> Response:
        auth = self._authenticate(request)
        if auth is None:
            return JSONResponse({"error": "invalid_token"}, 401, headers=_INVALID_TOKEN_HEADERS)
        self.state.disconnect(auth)
        return Response(status_code=204)


class _RequestLog:
    """Records every request's method and path (never its query: it may carry codes)."""

    def __init__(self, app: ASGIApp, state: DemoState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.state.request_log.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


def create_app(state: DemoState) -> Starlette:
    """The ASGI application serving ``state``."""
    h = _Handlers(state)
    api = f"{PORTAL}/api/v3"
    return Starlette(
        middleware=[Middleware(_RequestLog, state=state)],
        routes=[
            Route("/", h.front, methods=["GET"]),
            Route(WELL_KNOWN, h.well_known, methods=["GET"]),
            Route("/discovery/{name}", h.discovery_file, methods=["GET"]),
            Route("/{prefix:path}" + WELL_KNOWN, h.well_known_moved, methods=["GET"]),
            Route(f"{PORTAL}/oauth/authorize", h.authorize, methods=["GET"]),
            Route(f"{PORTAL}/oauth/authorize", h.approve, methods=["POST"]),
            Route(f"{PORTAL}/oauth/token", h.token, methods=["POST"]),
            Route(f"{api}/info", h.info, methods=["GET"]),
            Route(f"{api}/connect", h.connect, methods=["POST"]),
            Route(f"{api}/disconnect", h.disconnect, methods=["POST"]),
        ],
    )
