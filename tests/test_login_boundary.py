"""The login's answer as an attacker on the same machine, or a mixed-up server, would send it.

A real login against the demo server over HTTPS on 127.0.0.1: the scripted browser takes the
authorization redirect itself and decides what reaches Sluis (the loopback listener, or the
custom-scheme path through ``PendingLogins``), so a forged or tampered answer travels the same way
a real one does.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx2
import pytest

from gui.core.client import ServerClient
from gui.core.endpoints import EndpointCache
from gui.core.errors import AuthorizationError, IssuerMismatchError
from gui.core.loopback import CallbackResult, LoopbackListener
from gui.core.oauth import PendingLogins, build_authorization_request, code_from_callback
from gui.core.tokens import TokenStore
from gui.demoserver import DemoServer
from tests.support.keyrings import MemoryKeyring

CUSTOM_CLIENT = "org.sluis.app"
CUSTOM_REDIRECT = "org.sluis.app:/api/callback"

Browser = Callable[[str], Awaitable[None]]


def _client(server: DemoServer, *, client_id: str = "org.eduvpn.app.linux", **kwargs: object) -> ServerClient:
    return ServerClient(
        server.base_url + "/",
        client_id=client_id,
        token_store=TokenStore(MemoryKeyring()),
        endpoint_cache=EndpointCache(),
        **kwargs,  # type: ignore[arg-type]
    )


async def _redirect_of(authorization_url: str, context: ssl.SSLContext) -> str:
    """What the server sends the browser back to (auto-approve: at once, no login form)."""
    async with httpx2.AsyncClient(verify=context, timeout=10) as web:
        answer = await web.get(authorization_url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def _with(location: str, **changes: str) -> str:
    parts = urlsplit(location)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


@pytest.fixture
def context(trust_demo_ca: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(trust_demo_ca))


# -- the loopback listener: only this login's answer ends the wait ------------------------------------


async def test_a_wrong_state_gets_400_and_the_right_answer_still_logs_in(
    demo_server: DemoServer, context: ssl.SSLContext
) -> None:
    seen: dict[str, httpx2.Response] = {}

    async def browser(url: str) -> None:
        location = await _redirect_of(url, context)
        async with httpx2.AsyncClient(timeout=10) as local:
            # Another program on this machine gets there first, with its own code and state.
            seen["forged"] = await local.get(_with(location, code="attackers-code", state="forged"))
            seen["no-state"] = await local.get(location.split("?", 1)[0] + "?code=attackers-code")
            seen["real"] = await local.get(location)

    async with _client(demo_server) as client:
        tokens = await client.login(browser, timeout=30)
    assert tokens.access_token
    for name in ("forged", "no-state"):
        assert seen[name].status_code == 400
        assert seen[name].headers["content-type"].startswith("text/plain")
        assert "attackers-code" not in seen[name].text
    assert seen["real"].status_code == 200 and "You are logged in" in seen["real"].text
    # Only the real code was exchanged.
    assert demo_server.state.token_requests["authorization_code"] == 1


async def test_wrong_states_do_not_end_the_wait_before_the_login_timeout() -> None:
    async with LoopbackListener() as listener:
        listener.expect("the-state")
        async with httpx2.AsyncClient(timeout=10) as local:
            for forged in ("x", "", "the-state-but-longer", "ünïcode"):
                answer = await local.get(
                    listener.redirect_uri() + "?" + urlencode({"code": "c", "state": forged})
                )
                assert answer.status_code == 400
            with pytest.raises(TimeoutError):
                await listener.wait(0.05)
            good = await local.get(listener.redirect_uri() + "?code=c0de&state=the-state")
        assert good.status_code == 200
        result = await listener.wait(5)
        assert result.get("code") == "c0de"


# -- RFC 9207 ``iss``: loopback path ----------------------------------------------------------------


async def test_the_demo_server_names_itself_and_a_matching_iss_is_accepted(
    demo_server: DemoServer, context: ssl.SSLContext
) -> None:
    sent: list[str] = []

    async def browser(url: str) -> None:
        location = await _redirect_of(url, context)
        sent.append(dict(parse_qsl(urlsplit(location).query)).get("iss", ""))
        async with httpx2.AsyncClient(timeout=10) as local:
            assert (await local.get(location)).status_code == 200

    async with _client(demo_server) as client:
        await client.login(browser, timeout=30)
    assert sent == [demo_server.base_url + "/"]
    assert demo_server.state.token_requests["authorization_code"] == 1


async def test_another_iss_is_refused_before_the_code_is_exchanged(
    demo_server: DemoServer, context: ssl.SSLContext
) -> None:
    pages: list[httpx2.Response] = []

    async def browser(url: str) -> None:
        location = await _redirect_of(url, context)
        async with httpx2.AsyncClient(timeout=10) as local:
            pages.append(await local.get(_with(location, iss="https://evil.example.org/")))

    async with _client(demo_server) as client:
        with pytest.raises(IssuerMismatchError) as raised:
            await client.login(browser, timeout=30)
        assert not await client.has_tokens()
    assert "127.0.0.1" in raised.value.message and "evil" not in raised.value.message
    assert pages[0].status_code == 200 and "Login was not completed" in pages[0].text
    assert demo_server.state.token_requests["authorization_code"] == 0


async def test_an_answer_without_iss_is_accepted_when_none_was_promised(
    demo_server: DemoServer, context: ssl.SSLContext
) -> None:
    async def browser(url: str) -> None:
        location = await _redirect_of(url, context)
        parts = urlsplit(location)
        query = {k: v for k, v in parse_qsl(parts.query) if k != "iss"}
        async with httpx2.AsyncClient(timeout=10) as local:
            assert (await local.get(parts._replace(query=urlencode(query)).geturl())).status_code == 200

    async with _client(demo_server) as client:
        assert (await client.login(browser, timeout=30)).access_token


# -- RFC 9207 ``iss``: custom-scheme path (PendingLogins) ---------------------------------------------


async def _custom_scheme_login(
    demo_server: DemoServer, context: ssl.SSLContext, **changes: str
) -> ServerClient:
    pending = PendingLogins()

    async def browser(url: str) -> None:
        location = await _redirect_of(url, context)
        assert location.startswith(CUSTOM_REDIRECT + "?")
        # As the OS hands the link to Sluis: straight to the login waiting for its state.
        params = dict(parse_qsl(urlsplit(_with(location, **changes)).query))
        assert pending.deliver(params)

    client = _client(demo_server, client_id=CUSTOM_CLIENT, redirect_uri=CUSTOM_REDIRECT)
    try:
        await client.login(browser, pending=pending, timeout=30)
    except BaseException:
        await client.aclose()
        raise
    return client


async def test_custom_scheme_answer_with_matching_iss_logs_in(
    demo_server: DemoServer, context: ssl.SSLContext
) -> None:
    client = await _custom_scheme_login(demo_server, context)
    async with client:
        assert await client.has_tokens()
    assert demo_server.state.token_requests["authorization_code"] == 1


async def test_custom_scheme_answer_with_another_iss_is_refused_before_the_exchange(
    demo_server: DemoServer, context: ssl.SSLContext
) -> None:
    with pytest.raises(IssuerMismatchError):
        await _custom_scheme_login(demo_server, context, iss="https://127.0.0.1.evil.example/")
    assert demo_server.state.token_requests["authorization_code"] == 0


# -- the rule itself ---------------------------------------------------------------------------------


def _answer(state: str, **params: str) -> CallbackResult:
    return CallbackResult({"state": state, **params})


def test_iss_rules_without_and_with_a_promise() -> None:
    loose = build_authorization_request(
        "https://vpn.example.org/oauth/authorize",
        "c",
        "http://127.0.0.1:1/callback",
        issuer="https://vpn.example.org/",
    )
    strict = build_authorization_request(
        "https://vpn.example.org/oauth/authorize",
        "c",
        "http://127.0.0.1:1/callback",
        issuer="https://vpn.example.org/",
        issuer_required=True,
    )
    for request in (loose, strict):
        # Matching (the final "/" of a stored base URL does not count) is accepted.
        for iss in ("https://vpn.example.org/", "https://vpn.example.org"):
            assert code_from_callback(request, _answer(request.state, code="c", iss=iss)) == "c"
        # Anything else is refused, also on an error answer (RFC 9207 §2.4).
        for iss in (
            "https://evil.example.org/",
            "https://vpn.example.org.evil/",
            "",
            "https://VPN.example.org/",
        ):
            with pytest.raises(IssuerMismatchError):
                code_from_callback(request, _answer(request.state, code="c", iss=iss))
        with pytest.raises(IssuerMismatchError):
            code_from_callback(request, _answer(request.state, error="access_denied", iss="https://evil/"))
    # No iss: fine unless the server promised to send one.
    assert code_from_callback(loose, _answer(loose.state, code="c")) == "c"
    with pytest.raises(IssuerMismatchError):
        code_from_callback(strict, _answer(strict.state, code="c"))
    # The state is checked first: a forged answer is a state mismatch, whatever its iss.
    with pytest.raises(AuthorizationError, match="state mismatch"):
        code_from_callback(strict, _answer("forged", code="c", iss="https://vpn.example.org/"))
