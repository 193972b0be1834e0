"""The demo server's OAuth 2.1: authorization code + PKCE S256, single-use refresh tokens.

Every test talks real HTTPS to a real server; what is asserted is what an OAuth client sees.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from gui.demoserver import DemoConfig, DemoServer

CLIENT_ID = "org.eduvpn.app.linux"
REDIRECT = "http://127.0.0.1:8123/callback"

Authorize = Callable[..., dict[str, Any]]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def auth_params(challenge: str, **overrides: str | None) -> dict[str, str]:
    params: dict[str, str | None] = {
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "config",
        "state": "s-123",
        "code_challenge_method": "S256",
        "code_challenge": challenge,
        **overrides,
    }
    return {k: v for k, v in params.items() if v is not None}


def redirect_query(answer: httpx2.Response) -> dict[str, str]:
    assert answer.status_code == 302, answer.text
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}


def get_code(client: httpx2.Client, server: DemoServer, challenge: str, **overrides: str | None) -> str:
    answer = client.get(server.authorization_endpoint, params=auth_params(challenge, **overrides))
    return redirect_query(answer)["code"]


def exchange(client: httpx2.Client, server: DemoServer, **fields: str) -> httpx2.Response:
    data = {"grant_type": "authorization_code", "redirect_uri": REDIRECT, "client_id": CLIENT_ID, **fields}
    return client.post(server.token_endpoint, data=data)


def refresh(client: httpx2.Client, server: DemoServer, token: str) -> httpx2.Response:
    data = {"grant_type": "refresh_token", "refresh_token": token, "client_id": CLIENT_ID}
    return client.post(server.token_endpoint, data=data)


def info_status(client: httpx2.Client, server: DemoServer, access_token: str) -> int:
    answer = client.get(f"{server.api_endpoint}/info", headers={"Authorization": f"Bearer {access_token}"})
    return answer.status_code


def error_of(answer: httpx2.Response) -> str:
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"] == "application/json"
    error: str = answer.json()["error"]
    return error


# -- the happy path ----------------------------------------------------------------------------


def test_code_flow_with_pkce_yields_working_tokens(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    verifier, challenge = pkce()
    answer = demo_http.get(demo_server.authorization_endpoint, params=auth_params(challenge))
    assert answer.headers["location"].startswith(REDIRECT + "?")
    query = redirect_query(answer)
    assert query["state"] == "s-123"

    tokens = exchange(demo_http, demo_server, code=query["code"], code_verifier=verifier)

    assert tokens.status_code == 200
    assert tokens.headers["cache-control"] == "no-store"
    body = tokens.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert info_status(demo_http, demo_server, body["access_token"]) == 200


def test_access_token_lifetime_is_configurable(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    clock = FakeClock()
    server = demo_server_factory(clock=clock, access_token_lifetime=120)
    tokens = demo_authorize(demo_http, server)
    assert tokens["expires_in"] == 120
    clock.advance(119)
    assert info_status(demo_http, server, tokens["access_token"]) == 200
    clock.advance(1)
    assert info_status(demo_http, server, tokens["access_token"]) == 401


@pytest.mark.parametrize(
    ("client_id", "redirect_uri"),
    [
        ("org.eduvpn.app.linux", "http://[::1]:43210/callback"),
        ("org.letsconnect-vpn.app.macos", "http://127.0.0.1:1/callback"),
        ("org.eduvpn.app.windows", "http://127.0.0.1:65535/callback"),
        ("org.sluis.app", "org.sluis.app:/api/callback"),
    ],
)
def test_registered_redirect_uris_are_accepted(
    demo_server: DemoServer, demo_http: httpx2.Client, client_id: str, redirect_uri: str
) -> None:
    verifier, challenge = pkce()
    answer = demo_http.get(
        demo_server.authorization_endpoint,
        params=auth_params(challenge, client_id=client_id, redirect_uri=redirect_uri),
    )
    assert answer.headers["location"].startswith(redirect_uri + "?")
    tokens = exchange(
        demo_http,
        demo_server,
        code=redirect_query(answer)["code"],
        code_verifier=verifier,
        client_id=client_id,
        redirect_uri=redirect_uri,
    )
    assert tokens.status_code == 200


# -- authorization endpoint errors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("client_id", "redirect_uri"),
    [
        ("org.example.unknown", REDIRECT),
        (None, REDIRECT),
        (CLIENT_ID, "http://127.0.0.1:8123/elsewhere"),
        (CLIENT_ID, "http://127.0.0.1/callback"),
        (CLIENT_ID, "http://127.0.0.1:99999/callback"),
        (CLIENT_ID, "https://127.0.0.1:8123/callback"),
        (CLIENT_ID, "http://localhost:8123/callback"),
        (CLIENT_ID, "http://127.0.0.1:8123@evil.example:80/callback"),
        (CLIENT_ID, "org.sluis.app:/api/callback"),
        ("org.sluis.app", REDIRECT),
        (CLIENT_ID, None),
    ],
)
def test_untrusted_client_or_redirect_gets_an_error_page_never_a_redirect(
    demo_server: DemoServer, demo_http: httpx2.Client, client_id: str | None, redirect_uri: str | None
) -> None:
    _, challenge = pkce()
    answer = demo_http.get(
        demo_server.authorization_endpoint,
        params=auth_params(challenge, client_id=client_id, redirect_uri=redirect_uri),
    )
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "missing", ["response_type", "scope", "state", "code_challenge_method", "code_challenge"]
)
def test_every_oauth_parameter_is_required(
    demo_server: DemoServer, demo_http: httpx2.Client, missing: str
) -> None:
    _, challenge = pkce()
    answer = demo_http.get(
        demo_server.authorization_endpoint, params=auth_params(challenge, **{missing: None})
    )
    query = redirect_query(answer)
    assert query["error"] == "invalid_request"
    assert "code" not in query
    if missing == "state":
        assert "state" not in query
    else:
        assert query["state"] == "s-123"


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "config openid"}, "invalid_scope"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "too-short"}, "invalid_request"),
    ],
)
def test_bad_parameters_are_reported_through_the_redirect(
    demo_server: DemoServer, demo_http: httpx2.Client, override: dict[str, str], error: str
) -> None:
    _, challenge = pkce()
    query = redirect_query(
        demo_http.get(demo_server.authorization_endpoint, params=auth_params(challenge, **override))
    )
    assert query["error"] == error
    assert query["state"] == "s-123"


# -- token endpoint: the code ------------------------------------------------------------------


def test_wrong_verifier_is_rejected_and_uses_the_code_up(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    verifier, challenge = pkce()
    code = get_code(demo_http, demo_server, challenge)
    other_verifier, _ = pkce()
    assert (
        error_of(exchange(demo_http, demo_server, code=code, code_verifier=other_verifier)) == "invalid_grant"
    )
    assert error_of(exchange(demo_http, demo_server, code=code, code_verifier=verifier)) == "invalid_grant"


def test_reused_code_is_rejected_and_revokes_what_it_granted(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    verifier, challenge = pkce()
    code = get_code(demo_http, demo_server, challenge)
    first = exchange(demo_http, demo_server, code=code, code_verifier=verifier).json()

    again = exchange(demo_http, demo_server, code=code, code_verifier=verifier)

    assert error_of(again) == "invalid_grant"
    assert info_status(demo_http, demo_server, first["access_token"]) == 401
    assert error_of(refresh(demo_http, demo_server, first["refresh_token"])) == "invalid_grant"


@pytest.mark.parametrize(
    "override",
    [
        {"redirect_uri": "http://127.0.0.1:8124/callback"},
        {"client_id": "org.eduvpn.app.windows"},
    ],
)
def test_code_is_bound_to_client_and_redirect_uri(
    demo_server: DemoServer, demo_http: httpx2.Client, override: dict[str, str]
) -> None:
    verifier, challenge = pkce()
    code = get_code(demo_http, demo_server, challenge)
    answer = exchange(demo_http, demo_server, code=code, code_verifier=verifier, **override)
    assert error_of(answer) == "invalid_grant"


def test_code_expires_after_sixty_seconds(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    clock = FakeClock()
    server = demo_server_factory(clock=clock)
    verifier, challenge = pkce()
    late_code = get_code(demo_http, server, challenge)
    clock.advance(60)
    assert error_of(exchange(demo_http, server, code=late_code, code_verifier=verifier)) == "invalid_grant"
    timely_code = get_code(demo_http, server, challenge)
    clock.advance(59)
    assert exchange(demo_http, server, code=timely_code, code_verifier=verifier).status_code == 200


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "invalid_request"),
        ({"grant_type": "password", "username": "demo", "password": "demo"}, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"grant_type": "authorization_code", "client_id": "org.example.unknown"}, "invalid_client"),
        ({"grant_type": "authorization_code", "code": "x", "redirect_uri": REDIRECT}, "invalid_request"),
        (
            {
                "grant_type": "authorization_code",
                "client_id": CLIENT_ID,
                "code": "x",
                "redirect_uri": REDIRECT,
            },
            "invalid_request",
        ),
        (
            {
                "grant_type": "authorization_code",
                "client_id": CLIENT_ID,
                "code": "no-such-code",
                "redirect_uri": REDIRECT,
                "code_verifier": "v" * 43,
            },
            "invalid_grant",
        ),
        ({"grant_type": "refresh_token"}, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "no-such-token"}, "invalid_grant"),
    ],
)
def test_token_endpoint_errors_are_rfc6749_json(
    demo_server: DemoServer, demo_http: httpx2.Client, data: dict[str, str], error: str
) -> None:
    answer = demo_http.post(demo_server.token_endpoint, data=data)
    assert error_of(answer) == error
    assert answer.headers["cache-control"] == "no-store"


def test_client_secret_for_a_public_client_is_a_401(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    answer = demo_http.post(
        demo_server.token_endpoint,
        data={"grant_type": "refresh_token", "refresh_token": "x"},
        auth=(CLIENT_ID, "secret"),
    )
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


# -- token endpoint: refresh -------------------------------------------------------------------


def test_refresh_rotates_the_refresh_token(
    demo_server: DemoServer, demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    first = demo_authorize(demo_http, demo_server)
    second = refresh(demo_http, demo_server, first["refresh_token"])
    assert second.status_code == 200
    body = second.json()
    assert body["refresh_token"] != first["refresh_token"]
    assert body["access_token"] != first["access_token"]
    assert info_status(demo_http, demo_server, body["access_token"]) == 200
    assert refresh(demo_http, demo_server, body["refresh_token"]).status_code == 200
    assert demo_server.state.token_requests == {"authorization_code": 1, "refresh_token": 2}


def test_reused_refresh_token_revokes_the_whole_authorization(
    demo_server: DemoServer, demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    first = demo_authorize(demo_http, demo_server)
    second = refresh(demo_http, demo_server, first["refresh_token"]).json()

    reuse = refresh(demo_http, demo_server, first["refresh_token"])

    assert error_of(reuse) == "invalid_grant"
    assert error_of(refresh(demo_http, demo_server, second["refresh_token"])) == "invalid_grant"
    for access_token in (first["access_token"], second["access_token"]):
        assert info_status(demo_http, demo_server, access_token) == 401


def test_refresh_is_bound_to_the_client(
    demo_server: DemoServer, demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    tokens = demo_authorize(demo_http, demo_server)
    answer = demo_http.post(
        demo_server.token_endpoint,
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": "org.eduvpn.app.windows",
        },
    )
    assert error_of(answer) == "invalid_grant"


def test_refresh_ends_with_the_session(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    clock = FakeClock()
    server = demo_server_factory(clock=clock, session_lifetime=7200)
    tokens = demo_authorize(demo_http, server)
    clock.advance(3600)
    tokens = refresh(demo_http, server, tokens["refresh_token"]).json()
    assert tokens["expires_in"] == 3600
    clock.advance(3600)
    assert error_of(refresh(demo_http, server, tokens["refresh_token"])) == "invalid_grant"


# -- test hooks behave as a client would notice -----------------------------------------------


def test_expired_access_token_is_401_invalid_token_and_refresh_recovers(
    demo_server: DemoServer, demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    tokens = demo_authorize(demo_http, demo_server)
    demo_server.state.expire_access_tokens()

    answer = demo_http.get(
        f"{demo_server.api_endpoint}/info", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )

    assert answer.status_code == 401
    assert answer.json() == {"error": "invalid_token"}
    assert answer.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    renewed = refresh(demo_http, demo_server, tokens["refresh_token"]).json()
    assert info_status(demo_http, demo_server, renewed["access_token"]) == 200


def test_revoked_authorization_stops_its_tokens(
    demo_server: DemoServer, demo_http: httpx2.Client, demo_authorize: Authorize
) -> None:
    tokens = demo_authorize(demo_http, demo_server)
    other = demo_authorize(demo_http, demo_server)
    auth = demo_server.state.authorization_for(tokens["access_token"])
    assert auth is not None

    demo_server.state.revoke_authorization(auth.auth_id)

    assert info_status(demo_http, demo_server, tokens["access_token"]) == 401
    assert error_of(refresh(demo_http, demo_server, tokens["refresh_token"])) == "invalid_grant"
    assert info_status(demo_http, demo_server, other["access_token"]) == 200


def test_issue_tokens_hook_gives_a_usable_authorization(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    tokens = demo_server.state.issue_tokens("org.letsconnect-vpn.app.linux")
    assert info_status(demo_http, demo_server, tokens.access_token) == 200
    assert refresh(demo_http, demo_server, tokens.refresh_token).status_code == 400  # other client
    assert demo_server.state.authorizations[tokens.auth_id].client_id == "org.letsconnect-vpn.app.linux"


# -- the login/approve page --------------------------------------------------------------------


@pytest.fixture
def manual_server(demo_server_factory: Callable[..., DemoServer]) -> DemoServer:
    return demo_server_factory(DemoConfig(auto_approve=False))


def open_login(client: httpx2.Client, server: DemoServer, challenge: str) -> tuple[str, str]:
    page = client.get(server.authorization_endpoint, params=auth_params(challenge))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    match = re.search(r'name="request_id" value="([^"]+)"', page.text)
    assert match is not None
    return page.text, match.group(1)


def test_login_page_approve_issues_a_code(manual_server: DemoServer, demo_http: httpx2.Client) -> None:
    verifier, challenge = pkce()
    html, request_id = open_login(demo_http, manual_server, challenge)
    assert "Approve" in html
    assert "Deny" in html

    answer = demo_http.post(
        manual_server.authorization_endpoint,
        data={"request_id": request_id, "username": "demo", "password": "demo", "action": "approve"},
    )

    query = redirect_query(answer)
    assert query["state"] == "s-123"
    assert exchange(demo_http, manual_server, code=query["code"], code_verifier=verifier).status_code == 200


def test_login_page_deny_redirects_access_denied(manual_server: DemoServer, demo_http: httpx2.Client) -> None:
    _, challenge = pkce()
    _, request_id = open_login(demo_http, manual_server, challenge)
    answer = demo_http.post(
        manual_server.authorization_endpoint, data={"request_id": request_id, "action": "deny"}
    )
    query = redirect_query(answer)
    assert query["error"] == "access_denied"
    assert query["state"] == "s-123"
    assert "code" not in query


def test_login_page_wrong_password_stays_on_the_page(
    manual_server: DemoServer, demo_http: httpx2.Client
) -> None:
    _, challenge = pkce()
    _, request_id = open_login(demo_http, manual_server, challenge)
    answer = demo_http.post(
        manual_server.authorization_endpoint,
        data={"request_id": request_id, "username": "demo", "password": "wrong", "action": "approve"},
    )
    assert answer.status_code == 200
    assert "location" not in answer.headers
    assert "Wrong user name or password" in answer.text
    retry = demo_http.post(
        manual_server.authorization_endpoint,
        data={"request_id": request_id, "username": "demo", "password": "demo", "action": "approve"},
    )
    assert "code" in redirect_query(retry)


def test_login_form_is_single_use(manual_server: DemoServer, demo_http: httpx2.Client) -> None:
    _, challenge = pkce()
    _, request_id = open_login(demo_http, manual_server, challenge)
    form = {"request_id": request_id, "username": "demo", "password": "demo", "action": "approve"}
    assert demo_http.post(manual_server.authorization_endpoint, data=form).status_code == 302
    again = demo_http.post(manual_server.authorization_endpoint, data=form)
    assert again.status_code == 400
    assert "location" not in again.headers
