"""IT's locked ``preferred_protocol`` holds on every path: the window, ``sluis config``,
``sluis connect`` and the control API; an explicit other protocol is refused with a clear message
and nothing is asked of the server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gui.backends.recording import RecordingBackend
from gui.control.protocol import ProtocolError
from gui.control.target import SessionTarget
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.errors import ProtocolNotAllowedError
from gui.core.policy import Policy, apply_policy
from gui.core.protocols import Protocol
from gui.demoserver import DemoServer
from gui.tunnel.session import TunnelSession
from tests.support.netns import memory_service
from tests.test_tunnel_owner import _env, _sluis
from tests.ui_support import FakeClock

LOCK = Policy(preferred_protocol="openvpn", locked=frozenset({"preferred_protocol"}))
POLICY_TOML = 'preferred_protocol = "openvpn"\nlocked = ["preferred_protocol"]\n'


def test_sluis_config_and_connect_keep_to_the_lock(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], demo_tls: Any
) -> None:
    demo = demo_server_factory()
    env = _env(tmp_path, demo_tls.ca_file)
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY_TOML)
    env["SLUIS_POLICY_FILE"] = str(policy)
    _sluis(env, "add", demo.base_url)

    explicit = ("--profile", "employees", "--protocol", "wireguard")
    refused = _sluis(env, "config", demo.base_url, *explicit, check=1)
    assert "require openvpn" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert demo.state.connect_log == []
    out = tmp_path / "employees.conf"
    _sluis(env, "config", demo.base_url, "--profile", "employees", "--output", str(out))
    assert "remote " in out.read_text() and "[Interface]" not in out.read_text()
    assert demo.state.connect_log[-1].params.accepted == frozenset({Protocol.OPENVPN})

    refused = _sluis(env, "connect", demo.base_url, *explicit, check=1)
    assert "require openvpn" in refused.stderr
    try:
        _sluis(env, "connect", demo.base_url, "--profile", "employees")
        status = json.loads(_sluis(env, "status", "--json").stdout)
        assert status["state"] == "connected" and status["protocol"] == "openvpn"
    finally:
        _sluis(env, "disconnect")


async def test_the_control_api_keeps_to_the_lock(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    service.policy = LOCK
    service.settings = apply_policy(service.settings, LOCK)
    target = SessionTarget(TunnelSession(service, RecordingBackend()), service)
    with pytest.raises(ProtocolNotAllowedError):
        await target.connect(demo.base_url, "employees", "0" * 32, protocol="wireguard")
    with pytest.raises(ProtocolError):
        await target.connect(demo.base_url, "employees", "0" * 32, protocol="ipsec")
    up = await target.connect(demo.base_url, "employees", "0" * 32)
    assert up.extra["protocol"] == "openvpn"
    await target.disconnect(None)


def test_the_window_keeps_to_the_lock(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    service.policy = LOCK
    service.settings = apply_policy(service.settings, LOCK)
    backend = RecordingBackend()
    controller = Controller(service, backend, lambda _url: None, clock=FakeClock())
    run_qt(controller.connect_profile(demo.base_url, "employees", protocol=Protocol.WIREGUARD))
    assert controller.state is ControllerState.ERROR and "require openvpn" in (controller.last_error or "")
    assert backend.configs == []
    run_qt(controller.connect_profile(demo.base_url, "employees"))
    assert controller.state is ControllerState.CONNECTED
    assert [c.protocol for c in backend.configs] == [Protocol.OPENVPN]
    run_qt(controller.disconnect_vpn())
