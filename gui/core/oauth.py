"""OAuth 2.1 authorization code + PKCE (S256) against an API v3 server, via authlib.

The authorization request carries every parameter the API text requires, even the optional ones.
The browser is whatever the caller passes (``webbrowser.open`` honours ``$BROWSER``; the GUI passes
``QDesktopServices.openUrl``). A custom-scheme redirect arrives through the URL router instead of
the loopback listener: ``PendingLogins`` matches it to the login that is waiting by ``state``.

RFC 9207: an authorization server may name itself in the redirect (``iss``; the demo server does).
When the answer carries ``iss``, it must be the server the login was sent to; when the server
promised to send it (``authorization_response_iss_parameter_supported`` in its metadata), it must
be there. Otherwise the answer may come from another server (a mix-up attack) and its code is not
exchanged. Both redirect paths (loopback and custom scheme) go through ``code_from_callback``.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from gui.core.errors import AuthorizationError, IssuerMismatchError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.loopback import CallbackResult
from gui.core.urls import apply_wayf_template, host_of

SCOPE = "config"
# How long Sluis waits for the user to finish logging in in the browser.
LOGIN_TIMEOUT = 15 * 60.0

BrowserOpener = Callable[[str], Awaitable[object] | object]


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str = field(repr=False)  # carries the state
    redirect_uri: str
    state: str = field(repr=False)
    code_verifier: str = field(repr=False)
    # RFC 9207: the authorization server's issuer identifier, checked against the answer's ``iss``.
    issuer: str | None = None
    # The server promised ``iss`` (its metadata): an answer without it is refused.
    issuer_required: bool = False


def build_authorization_request(
    authorization_endpoint: str,
    client_id: str,
    redirect_uri: str,
    *,
    wayf_template: str | None = None,
    org_id: str | None = None,
    issuer: str | None = None,
    issuer_required: bool = False,
) -> AuthorizationRequest:
    """The URL to open in the browser. ``wayf_template`` is a secure-internet server's
    ``authentication_url_template``: the authorization URL goes into ``@RETURN_TO@``. ``issuer`` is
    the server the login goes to (its base URL), which an ``iss`` in the answer must name."""
    from authlib.oauth2.rfc7636 import create_s256_code_challenge  # here: authlib is slow to import

    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters, inside RFC 7636's 43..128
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": SCOPE,
            "state": state,
            "code_challenge_method": "S256",
            "code_challenge": create_s256_code_challenge(verifier),
        }
    )
    separator = "&" if "?" in authorization_endpoint else "?"
    url = f"{authorization_endpoint}{separator}{query}"
    if wayf_template:
        url = apply_wayf_template(wayf_template, url, org_id or "")
    return AuthorizationRequest(
        url=url,
        redirect_uri=redirect_uri,
        state=state,
        code_verifier=verifier,
        issuer=issuer,
        issuer_required=issuer_required,
    )


def code_from_callback(request: AuthorizationRequest, result: CallbackResult) -> str:
    """Check the redirect's ``state`` and ``iss`` and turn an ``error=`` redirect into a clear error."""
    if not _same(result.get("state") or "", request.state):
        raise AuthorizationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The login answer did not belong to this login attempt (state mismatch). Please try again.",
            )
        )
    check_issuer(request, result)
    error = result.get("error")
    if error:
        if error == "access_denied":
            raise AuthorizationError(QT_TRANSLATE_NOOP("Errors", "The login was cancelled or refused."))
        description = result.get("error_description") or error
        raise AuthorizationError(detail=description[:200])
    code = result.get("code")
    if not code:
        raise AuthorizationError(detail="the server sent no authorization code")
    return code


def check_issuer(request: AuthorizationRequest, result: CallbackResult) -> None:
    """RFC 9207 §2.4: an ``iss`` in the answer must name the server the login was sent to, and one
    the server promised must be there. Raises ``IssuerMismatchError``; also for error answers."""
    if request.issuer is None:
        return
    issuer = result.get("iss")
    if issuer is None:
        if request.issuer_required:
            raise IssuerMismatchError(host=host_of(request.issuer))
        return
    if not same_issuer(issuer, request.issuer):
        raise IssuerMismatchError(host=host_of(request.issuer))


def same_issuer(given: str, expected: str) -> bool:
    """RFC 9207 compares issuers as plain strings; Sluis stores a server as its base URL ending in
    ``/``, and a server may name itself with or without that final ``/``: that one is ignored."""
    return _same(_without_final_slash(given), _without_final_slash(expected))


def _without_final_slash(url: str) -> str:
    return url[:-1] if url.endswith("/") else url


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def answer_completes(request: AuthorizationRequest) -> Callable[[CallbackResult], bool]:
    """For the loopback page: whether an answer to ``request`` completes the login."""

    def completes(result: CallbackResult) -> bool:
        try:
            code_from_callback(request, result)
        except AuthorizationError:
            return False
        return True

    return completes


class PendingLogins:
    """Logins waiting for a custom-scheme redirect, keyed by ``state``.

    A callback whose ``state`` matches no pending login is refused: it may be an attacker's code.
    """

    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Future[CallbackResult]] = {}

    def expect(self, state: str) -> asyncio.Future[CallbackResult]:
        future: asyncio.Future[CallbackResult] = asyncio.get_running_loop().create_future()
        self._waiting[state] = future
        future.add_done_callback(lambda _f: self._waiting.pop(state, None))
        return future

    def deliver(self, params: dict[str, str]) -> bool:
        """Hand a redirect's query to its login; False when no login waits for that state."""
        future = self._waiting.pop(params.get("state", ""), None)
        if future is None or future.done():
            return False
        future.set_result(CallbackResult(params))
        return True

    def __len__(self) -> int:
        return len(self._waiting)


def now() -> float:
    return time.time()
