"""``TunnelSession``: the one owner of a tunnel's life, against the real demo server over HTTPS.

The backend here is the recording one (it brings nothing up, so these tests run anywhere); the
real-tunnel paths are covered by the backend and CLI tests that use this same session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from gui.backends.base import TunnelState
from gui.backends.recording import RecordingBackend
from gui.core.errors import AlreadyConnectedError, ProtocolNotAllowedError, ReauthorizationRequired
from gui.core.policy import Policy
from gui.core.protocols import Protocol
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.urls import normalize_base_url
from gui.demoserver import DemoServer
from gui.tunnel.session import TunnelSession
from gui.tunnel.status import SessionEnd, StateFile, TunnelStatus
from tests.support.netns import memory_service

pytestmark = pytest.mark.usefixtures("trust_demo_ca")


def _locked(service: VpnService, protocol: str) -> None:
    """IT's policy: ``preferred_protocol`` locked to ``protocol`` (as /etc/sluis/policy.toml does)."""
    service.policy = Policy(preferred_protocol=protocol, locked=frozenset({"preferred_protocol"}))
    service.settings = replace(Settings(), preferred_protocol=protocol)


def _session(service: VpnService, **kwargs: object) -> tuple[TunnelSession, list[TunnelStatus]]:
    session = TunnelSession(service, RecordingBackend(), **kwargs)  # type: ignore[arg-type]
    seen: list[TunnelStatus] = []
    session.subscribe(seen.append)
    return session, seen


async def test_a_locked_protocol_holds_and_an_explicit_other_one_is_refused(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    _locked(service, "openvpn")
    session, _ = _session(service)
    with pytest.raises(ProtocolNotAllowedError, match="require openvpn"):
        await session.connect(demo.base_url, "employees", protocol=Protocol.WIREGUARD)
    assert demo.state.connect_log == [], "nothing was asked of the server"
    up = await session.connect(demo.base_url, "employees")
    assert up.state is TunnelState.CONNECTED and up.protocol is Protocol.OPENVPN
    assert demo.state.connect_log[-1].params.accepted == frozenset({Protocol.OPENVPN})
    await session.disconnect()


async def test_an_unlocked_preference_narrows_only_when_the_profile_offers_it(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    service.settings = replace(service.settings, preferred_protocol="openvpn")
    session, _ = _session(service)
    up = await session.connect(demo.base_url, "wireguard-only", protocol=Protocol.WIREGUARD)
    assert up.protocol is Protocol.WIREGUARD, "an explicit choice wins over an unlocked preference"
    await session.disconnect()


async def test_never_two_tunnels_and_the_disconnect_order(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    state = StateFile(tmp_path / "tunnel.json")
    session, seen = _session(service, state_file=state)
    up = await session.connect(demo.base_url, "wireguard-only")
    assert up.state is TunnelState.CONNECTED and up.addresses
    assert state.read() is not None and state.read()["state"] == "connected"  # type: ignore[index]
    with pytest.raises(AlreadyConnectedError):
        await session.connect(demo.base_url, "openvpn-only")
    assert len(demo.state.connect_log) == 1

    order: list[str] = []
    backend = session.backend
    backend.subscribe(lambda e: order.append(f"tunnel {e.state.value}"))
    original = service.disconnect

    async def disconnect(url: str) -> None:
        order.append("/disconnect")
        await original(url)

    service.disconnect = disconnect  # type: ignore[method-assign]
    down = await session.disconnect()
    assert order == ["tunnel disconnecting", "tunnel disconnected", "/disconnect"]
    assert down.state is TunnelState.DISCONNECTED and demo.state.disconnects() == 1
    assert [s.state for s in seen] == [
        TunnelState.CONNECTING,
        TunnelState.CONNECTING,  # the profile and protocol known after /connect
        TunnelState.CONNECTED,
        TunnelState.DISCONNECTING,
        TunnelState.DISCONNECTED,
    ]


async def test_the_tunnel_goes_down_at_expires_and_the_config_is_given_back(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory(session_lifetime=3.0)
    service = memory_service(tmp_path, demo)
    session, _ = _session(service, state_file=StateFile(tmp_path / "tunnel.json"))
    up = await session.connect(demo.base_url, "wireguard-only")
    assert up.expires is not None
    ended = asyncio.Event()
    session.subscribe(lambda s: ended.set() if s.ended is SessionEnd.EXPIRED else None)
    async with asyncio.timeout(15):
        await ended.wait()
        await session.close()  # until the expiry's /disconnect step is done too
    assert session.status.state is TunnelState.DISCONNECTED and session.status.ended is SessionEnd.EXPIRED
    assert session.backend.state.state is TunnelState.DISCONNECTED
    # The give-back follows the take-down. It is best effort and here finds the authorization over:
    # the demo server, like the real portal, ends it with the session (no access token outlives
    # Expires), so the client's attempt stops at the refused token refresh, and nothing stays on
    # record as the "last config".
    assert demo.state.request_log[-1] == ("POST", "/vpn-user-portal/oauth/token")
    assert service.last_session() is None, "an ended session leaves no 'last config' behind"
    saved = StateFile(tmp_path / "tunnel.json").read()
    assert saved is not None and saved["ended"] == "expired"


async def test_a_dead_authorization_ends_the_session_as_revoked(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    session, _ = _session(service)
    await session.connect(demo.base_url, "wireguard-only")
    assert service.last_session() is not None
    await session.backend.down()  # as if the machine had crashed with the session still on record
    service.tokens.delete_sync(normalize_base_url(demo.base_url))
    session2, _ = _session(service)
    with pytest.raises(ReauthorizationRequired):
        await session2.connect(demo.base_url, "wireguard-only")
    assert session2.status.state is TunnelState.FAILED and session2.status.ended is SessionEnd.REVOKED
    assert service.last_session() is None, "the old config's expiry is not shown as current"


async def test_a_login_hook_is_asked_once_and_the_connect_goes_on(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    url = normalize_base_url(demo.base_url)
    tokens = service.tokens.load_sync(url)
    service.tokens.delete_sync(url)
    asked: list[str] = []

    async def login(server: str) -> None:
        asked.append(server)
        assert tokens is not None
        service.tokens.save_sync(server, tokens)

    session, _ = _session(service, login=login)
    up = await session.connect(demo.base_url, "wireguard-only")
    assert asked == [url] and up.state is TunnelState.CONNECTED
    await session.disconnect()


async def test_a_half_built_tunnel_is_taken_down_and_its_config_given_back(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer]
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)

    class Breaks(RecordingBackend):
        async def _up(self, config, profile):  # type: ignore[no-untyped-def]
            await super()._up(config, profile)
            raise OSError("the interface vanished")

    backend = Breaks()
    session = TunnelSession(service, backend)
    with pytest.raises(OSError, match="vanished"):
        await session.connect(demo.base_url, "wireguard-only")
    assert backend.downs == 1, "the half-made tunnel was taken down"
    assert session.status.state is TunnelState.FAILED and session.status.reason
    assert demo.state.disconnects() == 1
