"""The direct OpenVPN backend with real OpenVPN 2.6 servers in network namespaces, and failover."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from gui.backends.base import (
    Backend,
    BackendOptions,
    CredentialRequest,
    Credentials,
    TunnelState,
)
from gui.backends.failover import NO_ANSWER, FailoverPolicy, TunnelMonitor
from gui.backends.openvpn import LinuxOpenVpnBackend, quote, static_challenge_password, tcp_first
from gui.core.errors import CredentialsRefusedError
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, parse_openvpn
from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, Lab, block_udp, lab, memory_service, require_root

REMOTES = (f"{SERVER_IP} 1194 udp", f"{SERVER_IP} 1194 tcp")
UDP_NET, TCP_NET = "10.101.7.0", "10.102.7.0"


def test_management_quoting_and_static_challenge() -> None:
    assert quote('pa"ss\\word') == '"pa\\"ss\\\\word"'
    encoded = static_challenge_password("secret", "123456")
    prefix, pw, answer = encoded.split(":")
    assert prefix == "SCRV1"
    assert base64.b64decode(pw) == b"secret" and base64.b64decode(answer) == b"123456"


def test_tcp_first_reorders_remotes_and_keeps_the_rest() -> None:
    text = "client\ndev tun\nremote a.example 1194 udp\nremote b.example 443 tcp\nverb 3\n"
    config = VpnConfig(Protocol.OPENVPN, text, None, openvpn=parse_openvpn(text))
    moved = tcp_first(config)
    assert moved is not None and moved.openvpn is not None
    assert [r.proto for r in moved.openvpn.remotes] == ["tcp", "udp"]
    assert moved.text.splitlines()[0:2] == ["client", "dev tun"] and moved.text.endswith("verb 3\n")
    udp_only = "client\nremote a.example 1194 udp\n"
    assert tcp_first(VpnConfig(Protocol.OPENVPN, udp_only, None, openvpn=parse_openvpn(udp_only))) is None


async def wait_for(backend: Backend, condition: Callable[[], bool], timeout: float) -> None:
    """Until ``condition()`` holds after one of the backend's events (or the timeout passes)."""
    changed = asyncio.Event()
    unsubscribe = backend.subscribe(lambda _event: changed.set())
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await changed.wait()
                changed.clear()
    except TimeoutError:
        pass
    finally:
        unsubscribe()


@pytest.fixture
async def made() -> AsyncIterator[list[Backend]]:
    """Every backend a test makes is brought down at the end, also when the test fails."""
    backends: list[Backend] = []
    yield backends
    for backend in backends:
        await backend.down()


async def _connect(
    tmp_path: Path,
    demo: DemoServer,
    net: Lab,
    made: list[Backend],
    profile_id: str = "openvpn-only",
    **options: object,
) -> tuple[LinuxOpenVpnBackend, VpnConfig, object]:
    service = memory_service(tmp_path / "home", demo)
    backend = LinuxOpenVpnBackend(
        BackendOptions(
            runtime_dir=tmp_path / "run",
            netns=net.client,
            manage_dns=False,
            helper_state_dir=tmp_path / "helper",
            **options,  # type: ignore[arg-type]
        )
    )
    made.append(backend)
    profile, config = await service.obtain_config(
        demo.base_url, profile_id, accept=backend.capabilities.protocols
    )
    await backend.up(config, profile)
    return backend, config, (service, profile)


@pytest.mark.needs_root
async def test_openvpn_udp_up_ping_down_disconnect(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    made: list[Backend],
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=REMOTES)
    with lab(tmp_path) as net:
        net.openvpn_server(demo, "udp", UDP_NET)
        backend, config, (service, _) = await _connect(tmp_path, demo, net, made)
        assert config.protocol is Protocol.OPENVPN
        assert backend.state.state is TunnelState.CONNECTED and backend.transport == "udp"
        assert backend.state.addresses[0].startswith("10.101.7.")
        assert backend.gateway == "10.101.7.1"
        assert net.ping("10.101.7.1")
        assert backend.record is not None
        ifname, folder = backend.record.ifname, tmp_path / "helper" / "0" / backend.record.id
        conf = folder / "config.ovpn"
        # What runs is the helper's own rendering of the allowed model, in its root-only folder.
        assert conf.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
        assert config.openvpn is not None and config.openvpn.profile is not None
        assert conf.read_text() == config.openvpn.profile.render(device=ifname)
        assert ifname in net.links(net.client)
        counters = await backend.counters()
        for _ in range(50):  # OpenVPN reports byte counts every 2 s (bytecount 2)
            if counters is not None and counters[0] > 0:
                break
            await asyncio.sleep(0.1)
            counters = await backend.counters()
        assert counters is not None and counters[0] > 0 and counters[1] > 0

        await backend.down()
        await service.disconnect(demo.base_url)  # type: ignore[attr-defined]
        assert ifname not in net.links(net.client)
        assert not folder.exists()
        assert list((tmp_path / "helper" / "0").iterdir()) == []
        assert demo.state.disconnects() == 1


@pytest.mark.needs_root
@pytest.mark.slow
async def test_openvpn_falls_back_to_the_tcp_remote_when_udp_is_unreachable(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    made: list[Backend],
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=REMOTES)
    with lab(tmp_path) as net:
        net.openvpn_server(demo, "tcp", TCP_NET)  # no UDP server: the first remote gets no answer
        backend, _, _ = await _connect(tmp_path, demo, net, made)
        assert backend.transport == "tcp"
        assert net.ping("10.102.7.1")
        await backend.down()


@pytest.mark.needs_root
@pytest.mark.slow
async def test_failover_moves_a_blocked_udp_tunnel_to_tcp(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    made: list[Backend],
) -> None:
    require_root("openvpn", "ping", "nft")
    demo = demo_server_factory(openvpn_remotes=REMOTES)
    with lab(tmp_path) as net:
        net.openvpn_server(demo, "udp", UDP_NET)
        net.openvpn_server(demo, "tcp", TCP_NET)
        backend, config, (_, profile) = await _connect(tmp_path, demo, net, made)
        assert backend.transport == "udp"
        connects_before = len(demo.state.connect_log)
        states: list[TunnelState] = []
        backend.subscribe(lambda e: states.append(e.state))
        monitor = TunnelMonitor(
            backend,
            config,
            profile,
            tcp_variant=tcp_first,  # type: ignore[arg-type]
            policy=FailoverPolicy(interval=1.0, deadline=5.0),
        )
        watch = asyncio.create_task(monitor.run())  # as the controller runs it
        try:
            await asyncio.sleep(3)
            assert states == [], "a healthy link raises no event"
            block_udp(net)
            await wait_for(backend, lambda: backend.transport == "tcp", 30)
        finally:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        assert monitor.actions == ["tcp"]
        assert backend.transport == "tcp" and backend.state.state is TunnelState.CONNECTED
        assert net.ping("10.102.7.1"), "no ping across the TCP tunnel after failover"
        assert TunnelState.DISCONNECTED not in states
        assert len(demo.state.connect_log) == connects_before, "no /connect for an automatic reconnect"
        await backend.down()


@pytest.mark.needs_root
@pytest.mark.slow
async def test_a_server_killed_mid_session_is_reported_failed(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    made: list[Backend],
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=REMOTES)
    with lab(tmp_path) as net:
        udp = net.openvpn_server(demo, "udp", UDP_NET)
        backend, config, (_, profile) = await _connect(tmp_path, demo, net, made, connect_timeout=8.0)
        monitor = TunnelMonitor(
            backend,
            config,
            profile,
            tcp_variant=tcp_first,  # type: ignore[arg-type]
            policy=FailoverPolicy(interval=1.0, deadline=5.0, reconnect_timeout=6.0),
        )
        started = time.monotonic()
        watch = asyncio.create_task(monitor.run())
        try:
            net.kill_pidfile(udp)
            await wait_for(backend, lambda: backend.state.state is TunnelState.FAILED, 60)
        finally:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        assert backend.state.state is TunnelState.FAILED
        assert time.monotonic() - started < 60
        assert monitor.actions == ["tcp", "failed"]  # TCP was tried (the profile offers it), then given up
        assert backend.state.reason
        await backend.down()
        assert backend.state.state is TunnelState.DISCONNECTED
        assert NO_ANSWER


#: The server-side check: user "alice", password "secret", static-challenge answer "123456".
VERIFY_SCRIPT = """#!/bin/sh
user=$(sed -n 1p "$1"); pass=$(sed -n 2p "$1")
[ "$user" = alice ] && [ "$pass" = "SCRV1:c2VjcmV0:MTIzNDU2" ] && exit 0
exit 1
"""


@pytest.mark.needs_root
async def test_login_and_static_challenge_go_through_the_callback(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    made: list[Backend],
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    script = tmp_path / "verify.sh"
    script.write_text(VERIFY_SCRIPT)
    script.chmod(0o700)
    asked: list[CredentialRequest] = []

    async def credentials(request: CredentialRequest) -> Credentials | None:
        asked.append(request)
        return Credentials("alice", "secret", challenge_response="123456")

    with lab(tmp_path) as net:
        net.openvpn_server(
            demo, "udp", UDP_NET, extra=("script-security 2", f"auth-user-pass-verify {script} via-file")
        )
        service = memory_service(tmp_path / "home", demo)
        backend = LinuxOpenVpnBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run",
                netns=net.client,
                manage_dns=False,
                credentials=credentials,
                connect_timeout=20,
            )
        )
        made.append(backend)
        profile, config = await service.obtain_config(
            demo.base_url, "openvpn-only", accept={Protocol.OPENVPN}
        )
        text = config.text + 'auth-user-pass\nstatic-challenge "Enter PIN" 1\n'
        config = VpnConfig(Protocol.OPENVPN, text, config.expires, openvpn=parse_openvpn(text))
        await backend.up(config, profile)
        assert asked == [CredentialRequest(kind="Auth", need_username=True, challenge="Enter PIN", echo=True)]
        assert net.ping("10.101.7.1")
        await backend.down()
        # The login is never written to the runtime dir, and the dir is empty again.
        assert list((tmp_path / "run").glob("*")) == []

        async def wrong(request: CredentialRequest) -> Credentials | None:
            return Credentials("alice", "guess", challenge_response="000000")

        refused = LinuxOpenVpnBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run",
                netns=net.client,
                manage_dns=False,
                credentials=wrong,
                connect_timeout=20,
            )
        )
        made.append(refused)
        with pytest.raises(CredentialsRefusedError, match="did not accept"):
            await refused.up(config, profile)
        assert refused.state.state is TunnelState.FAILED
        assert list((tmp_path / "run").glob("*")) == []
