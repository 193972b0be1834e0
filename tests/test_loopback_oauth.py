"""The OAuth request and the loopback redirect listener, as a browser and a server would see them."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from gui.core.errors import AuthorizationError
from gui.core.loopback import CallbackResult, LoopbackListener
from gui.core.oauth import PendingLogins, build_authorization_request, code_from_callback


def test_authorization_request_carries_every_parameter_the_api_requires() -> None:
    request = build_authorization_request(
        "https://vpn.example.org/oauth/authorize", "org.eduvpn.app.linux", "http://127.0.0.1:4321/callback"
    )
    parts = urlsplit(request.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.scheme == "https" and parts.path == "/oauth/authorize"
    assert query == {
        "client_id": "org.eduvpn.app.linux",
        "redirect_uri": "http://127.0.0.1:4321/callback",
        "response_type": "code",
        "scope": "config",
        "state": request.state,
        "code_challenge_method": "S256",
        "code_challenge": query["code_challenge"],
    }
    digest = hashlib.sha256(request.code_verifier.encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert 43 <= len(request.code_verifier) <= 128
    # Fresh secrets every time, and never in a repr that could reach a log.
    other = build_authorization_request("https://x/a", "c", "http://127.0.0.1:1/callback")
    assert other.state != request.state and other.code_verifier != request.code_verifier
    assert request.state not in repr(request) and request.code_verifier not in repr(request)


def test_wayf_template_wraps_the_authorization_url() -> None:
    template = "https://wayf.example/login?return=@RETURN_TO@&entityID=@ORG_ID@"
    request = build_authorization_request(
        "https://si.example/authorize",
        "org.eduvpn.app.linux",
        "http://127.0.0.1:1/callback",
        wayf_template=template,
        org_id="https://idp.example.org/saml",
    )
    query = parse_qs(urlsplit(request.url).query)
    assert query["entityID"] == ["https://idp.example.org/saml"]
    inner = urlsplit(query["return"][0])
    assert inner.netloc == "si.example" and parse_qs(inner.query)["state"] == [request.state]


def test_callback_with_wrong_state_or_error_is_a_clear_error() -> None:
    request = build_authorization_request("https://x/a", "c", "http://127.0.0.1:1/callback")
    with pytest.raises(AuthorizationError, match="state mismatch"):
        code_from_callback(request, CallbackResult({"code": "abc", "state": "forged"}))
    with pytest.raises(AuthorizationError, match="cancelled or refused"):
        code_from_callback(request, CallbackResult({"error": "access_denied", "state": request.state}))
    with pytest.raises(AuthorizationError, match="server_error"):
        code_from_callback(request, CallbackResult({"error": "server_error", "state": request.state}))
    with pytest.raises(AuthorizationError, match="no authorization code"):
        code_from_callback(request, CallbackResult({"state": request.state}))
    assert code_from_callback(request, CallbackResult({"code": "abc", "state": request.state})) == "abc"


async def test_loopback_listener_answers_one_callback_and_closes() -> None:
    async with LoopbackListener() as listener:
        redirect = listener.redirect_uri()
        assert redirect == f"http://127.0.0.1:{listener.port}/callback"
        async with httpx2.AsyncClient() as browser:
            favicon = await browser.get(f"http://127.0.0.1:{listener.port}/favicon.ico")
            assert favicon.status_code == 404
            page = await browser.get(redirect + "?code=c0de&state=st4te")
            assert page.status_code == 200 and "close this tab" in page.text
            assert "c0de" not in page.text
            result = await listener.wait(5)
            assert result.get("code") == "c0de" and result.get("state") == "st4te"
            # A second callback does not replace the first.
            again = await browser.get(redirect + "?code=other&state=x")
            assert again.status_code == 404
        port = listener.port
    with pytest.raises(httpx2.ConnectError):
        async with httpx2.AsyncClient() as browser:
            await browser.get(f"http://127.0.0.1:{port}/callback?code=late&state=x")


async def test_loopback_listener_binds_loopback_only_and_survives_garbage() -> None:
    async with LoopbackListener() as listener:
        sockname = listener._server.sockets[0].getsockname()  # type: ignore[union-attr]
        assert sockname[0] == "127.0.0.1"
        reader, writer = await asyncio.open_connection("127.0.0.1", listener.port)
        writer.write(b"\x16\x03\x01garbage\r\n\r\n")
        await writer.drain()
        answer = await reader.read()
        assert answer.startswith(b"HTTP/1.1 400") or answer.startswith(b"HTTP/1.1 404")
        writer.close()
        with pytest.raises(TimeoutError):
            await listener.wait(0.05)


async def test_pending_logins_refuse_unknown_state() -> None:
    pending = PendingLogins()
    future = pending.expect("known-state")
    assert not pending.deliver({"state": "unknown", "code": "x"})
    assert not future.done()
    assert pending.deliver({"state": "known-state", "code": "x"})
    assert (await future).get("code") == "x"
    assert len(pending) == 0
    assert not pending.deliver({"state": "known-state", "code": "replayed"})
