"""The API v3 client against the built-in server over real HTTPS on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from gui.core.client import EndpointCache, ServerClient
from gui.core.errors import (
    ApiError,
    AuthorizationError,
    InsecureRedirectError,
    NetworkError,
    NoCommonProtocolError,
    NotApiV3Error,
    ProfileNotFoundError,
    ReauthorizationRequired,
)
from gui.core.paths import AppPaths
from gui.core.protocols import Protocol, select_protocol
from gui.core.service import VpnService
from gui.core.tokens import TokenStore
from gui.demoserver import DemoServer
from gui.demoserver.config import WellKnownRedirect
from tests.support.browser import make_async_browser
from tests.support.keyrings import MemoryKeyring

ALL = (Protocol.OPENVPN, Protocol.WIREGUARD, Protocol.WIREGUARD_TCP)


@pytest.fixture
def store() -> TokenStore:
    return TokenStore(MemoryKeyring())


@pytest.fixture
def browser(trust_demo_ca: Path) -> Any:
    return make_async_browser(str(trust_demo_ca))


@pytest.fixture
async def logged_in(demo_server: DemoServer, store: TokenStore, browser: Any) -> AsyncIterator[ServerClient]:
    async with ServerClient(
        demo_server.base_url + "/",
        client_id="org.eduvpn.app.linux",
        token_store=store,
        endpoint_cache=EndpointCache(),
    ) as client:
        await client.login(browser)
        yield client


def _public_key(private_b64: str) -> str:
    key = X25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


async def test_login_info_connect_disconnect(
    demo_server: DemoServer, logged_in: ServerClient, store: TokenStore, browser: Any
) -> None:
    tokens = await store.load(logged_in.base_url)
    assert tokens is not None and tokens.refresh_token
    assert browser.opened and "code_challenge_method=S256" in browser.opened[0]

    profiles = {p.profile_id: p for p in await logged_in.info()}
    assert profiles["employees"].name(["nl-NL"]) == "Medewerkers"
    assert profiles["admins"].name(["nl"]) == "Administrators"

    config = await logged_in.connect("wireguard-only", accept=ALL)
    assert config.protocol is Protocol.WIREGUARD
    assert config.wireguard is not None
    private = config.wireguard.interface.private_key
    assert private and f"PrivateKey = {private}" in config.text
    # The private key was made here; the server only ever saw its public half.
    assert _public_key(private) in demo_server.state.wireguard_peers()
    assert config.expires is not None and config.expires.tzinfo is not None

    await logged_in.disconnect()
    assert demo_server.state.disconnects() == 1


@pytest.mark.parametrize("prefer_tcp", [False, True])
@pytest.mark.parametrize(
    "accept", [(Protocol.OPENVPN,), (Protocol.WIREGUARD,), (Protocol.OPENVPN, Protocol.WIREGUARD), ALL]
)
@pytest.mark.parametrize("profile", ["employees", "openvpn-only", "wireguard-only", "wireguard-tcp"])
async def test_connect_follows_the_protocol_tables(
    demo_server: DemoServer,
    logged_in: ServerClient,
    profile: str,
    accept: tuple[Protocol, ...],
    prefer_tcp: bool,
) -> None:
    info = {p.profile_id: p for p in await logged_in.info()}
    expected = select_protocol(
        info[profile].protocols & set(accept),
        prefer_tcp=prefer_tcp,
        preferred=demo_server.config.preferred_protocol,
    )
    if expected is None:
        with pytest.raises(NoCommonProtocolError):
            await logged_in.connect(profile, accept=accept, prefer_tcp=prefer_tcp)
        return
    config = await logged_in.connect(profile, accept=accept, prefer_tcp=prefer_tcp)
    assert config.protocol is expected
    sent = demo_server.state.connect_log[-1].params
    assert sent.prefer_tcp is prefer_tcp
    if expected is Protocol.OPENVPN:
        assert config.openvpn is not None
        assert config.openvpn.remotes[0].proto == ("tcp" if prefer_tcp else "udp")
        assert len(config.openvpn.remotes) == 2


async def test_expired_access_token_is_refreshed_and_rotated(
    demo_server: DemoServer, logged_in: ServerClient, store: TokenStore
) -> None:
    before = await store.load(logged_in.base_url)
    demo_server.state.expire_access_tokens()  # the server says 401; the client still thinks it is valid
    assert await logged_in.info()
    after = await store.load(logged_in.base_url)
    assert before and after
    assert after.refresh_token != before.refresh_token  # the new single-use token was stored
    assert after.started_at == before.started_at
    assert demo_server.state.token_requests["refresh_token"] == 1


async def test_locally_expired_token_refreshes_before_the_call(
    demo_server: DemoServer, demo_server_factory: Callable[..., DemoServer], store: TokenStore, browser: Any
) -> None:
    server = demo_server_factory(access_token_lifetime=1)
    async with ServerClient(
        server.base_url + "/",
        client_id="org.eduvpn.app.linux",
        token_store=store,
        endpoint_cache=EndpointCache(),
    ) as client:
        await client.login(browser)
        await client.info()  # within the 30 s leeway: refreshed up front, no 401 needed
        assert server.state.token_requests["refresh_token"] >= 1


async def test_reused_refresh_token_ends_the_authorization_but_keeps_the_server(
    demo_server: DemoServer, tmp_path: Path, store: TokenStore, browser: Any
) -> None:
    service = VpnService(AppPaths.from_environment({"SLUIS_HOME": str(tmp_path)}), token_store=store)
    entry = await service.add_server(demo_server.base_url, browser)
    stale = await store.load(entry.base_url)
    demo_server.state.expire_access_tokens()
    await service.profiles(entry.base_url)  # rotates the refresh token
    assert stale is not None
    await store.save(entry.base_url, stale)  # e.g. a restored backup: the old refresh token again
    demo_server.state.expire_access_tokens()
    with pytest.raises(ReauthorizationRequired) as info:
        await service.profiles(entry.base_url)
    assert "log in again" in info.value.message
    assert service.servers.find(entry.base_url) is not None
    assert await store.load(entry.base_url) is None  # the dead tokens are gone from the keyring
    assert all(a.revoked for a in demo_server.state.authorizations.values())  # reuse revoked it all
    await service.reauthorize(entry.base_url, browser)
    assert await service.profiles(entry.base_url)


async def test_revoked_authorization_asks_to_log_in_again(
    demo_server: DemoServer, logged_in: ServerClient
) -> None:
    for auth_id in list(demo_server.state.authorizations):
        demo_server.state.revoke_authorization(auth_id)
    with pytest.raises(ReauthorizationRequired):
        await logged_in.info()


@pytest.mark.parametrize(
    ("profile", "accept", "error", "text"),
    [
        ("nobody", ALL, ProfileNotFoundError, 'no such "profile_id"'),
        ("bad id!", ALL, ApiError, 'invalid value for "profile_id"'),
        ("wireguard-only", (Protocol.OPENVPN,), NoCommonProtocolError, "no common VPN protocol"),
    ],
)
async def test_documented_errors_reach_the_user(
    logged_in: ServerClient, profile: str, accept: tuple[Protocol, ...], error: type[Exception], text: str
) -> None:
    with pytest.raises(error) as info:
        await logged_in.connect(profile, accept=accept)
    assert text in str(info.value)


async def test_server_failure_500_is_reported(demo_server: DemoServer, logged_in: ServerClient) -> None:
    demo_server.state.fail_next_connect()
    with pytest.raises(ApiError) as info:
        await logged_in.connect("employees", accept=ALL)
    assert info.value.status == 500 and "unable to connect" in info.value.server_message
    assert (await logged_in.connect("employees", accept=ALL)).protocol is Protocol.WIREGUARD


async def test_well_known_redirects(
    demo_server_factory: Callable[..., DemoServer], store: TokenStore, trust_demo_ca: Path
) -> None:
    moved = demo_server_factory(well_known_redirect=WellKnownRedirect(status=308))
    async with ServerClient(
        moved.base_url + "/", client_id="x", token_store=store, endpoint_cache=EndpointCache()
    ) as c:
        assert (await c.endpoints()).api_endpoint.startswith("https://127.0.0.1")
    insecure = demo_server_factory(well_known_redirect=WellKnownRedirect(status=302, downgrade_to_http=True))
    async with ServerClient(
        insecure.base_url + "/", client_id="x", token_store=store, endpoint_cache=EndpointCache()
    ) as c:
        with pytest.raises(InsecureRedirectError, match="not a secure https"):
            await c.endpoints()


async def test_api_v2_server_is_refused(
    demo_server_factory: Callable[..., DemoServer], store: TokenStore, trust_demo_ca: Path
) -> None:
    old = demo_server_factory(serve_v2=True)
    async with ServerClient(
        old.base_url + "/", client_id="x", token_store=store, endpoint_cache=EndpointCache()
    ) as c:
        with pytest.raises(NotApiV3Error, match="does not support API v3"):
            await c.endpoints()


async def test_untrusted_certificate_is_refused(
    demo_server: DemoServer, store: TokenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    async with ServerClient(
        demo_server.base_url + "/", client_id="x", token_store=store, endpoint_cache=EndpointCache()
    ) as c:
        with pytest.raises(NetworkError, match="certificate could not be verified"):
            await c.endpoints()


async def test_a_server_that_never_answers_times_out(store: TokenStore) -> None:
    import httpx2

    held: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # accept the connection, then say nothing at all

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with ServerClient(
            f"https://127.0.0.1:{port}/",
            client_id="x",
            token_store=store,
            endpoint_cache=EndpointCache(),
            timeout=httpx2.Timeout(0.5),
        ) as c:
            with pytest.raises(NetworkError, match="did not answer in time"):
                await c.endpoints()
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_login_refused_in_the_browser(
    demo_server_factory: Callable[..., DemoServer], store: TokenStore, trust_demo_ca: Path
) -> None:
    import ssl

    import httpx2

    server = demo_server_factory(auto_approve=False)
    context = ssl.create_default_context(cafile=str(trust_demo_ca))

    async def deny(url: str) -> None:
        async with httpx2.AsyncClient(verify=context, timeout=10) as web:
            page = await web.get(url)
            form_action = url  # the login form posts back to the authorization endpoint
            answer = await web.post(form_action, data={**_hidden_fields(page.text), "action": "deny"})
            assert answer.status_code in (302, 303)
            await web.get(answer.headers["location"])

    async with ServerClient(
        server.base_url + "/",
        client_id="org.eduvpn.app.linux",
        token_store=store,
        endpoint_cache=EndpointCache(),
    ) as client:
        with pytest.raises(AuthorizationError, match="cancelled or refused"):
            await client.login(deny)
    assert await store.load(server.base_url + "/") is None


def _hidden_fields(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


async def test_disconnect_from_a_server_that_stopped_answering_returns_quietly(
    demo_server: DemoServer, logged_in: ServerClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quitting or switching servers must not hang on /disconnect (best effort, short limit)."""
    import gui.core.client as client_module
    from gui.core.wellknown_doc import Endpoints

    held: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # accept, then never answer (not even the TLS handshake)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    monkeypatch.setattr(client_module, "DISCONNECT_TIMEOUT", 0.3)
    real = await logged_in.endpoints()
    logged_in._cache.put(
        logged_in.api_base_url,
        Endpoints(f"https://127.0.0.1:{port}/api", real.authorization_endpoint, real.token_endpoint, None),
    )
    try:
        await logged_in.disconnect()  # returns, no exception, although the server never answers
        assert demo_server.state.disconnects() == 0
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()
