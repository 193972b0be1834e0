"""The control API in front of the window's own controller (``gui.controller.machine.Controller``):
another process connects and disconnects, and the controller's state changes become events."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest
from ui_support import browser_for, make_controller

from gui.backends.recording import RecordingBackend
from gui.control.server import serve_controller
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer

ROOT = Path(__file__).resolve().parent.parent

CLIENT = textwrap.dedent(
    """
    import json, sys
    from gui.control.client import ControlClient
    from gui.control.protocol import ConnectRequest, DisconnectRequest, SubscribeRequest, StatusRequest

    server, me, other = sys.argv[1:4]
    out = {}
    with ControlClient(timeout=30) as watcher, ControlClient(timeout=30) as actor:
        watcher.call(SubscribeRequest())
        out["connect"] = actor.call(ConnectRequest(server=server, profile="wireguard-only", controller=me))
        out["status"] = watcher.call(StatusRequest())
        out["disconnect"] = watcher.call(DisconnectRequest(controller=other))
        events = []
        while not events or events[-1] != "disconnected":
            events.append(watcher.next_event().data["state"])
        out["events"] = events
    print(json.dumps(out))
    """
)


def test_another_process_drives_the_window_controller(
    qtbot: Any,
    run_qt: Any,
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    controller.add_server(demo_server.base_url)
    qtbot.waitUntil(lambda: len(controller.servers()) == 1 and not controller.busy, timeout=15000)
    api = run_qt(serve_controller(controller))
    assert api is not None
    me, other = str(uuid.uuid4()), str(uuid.uuid4())
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(ROOT)}
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, demo_server.base_url, me, other],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=60000)
    finally:
        if client.poll() is None:
            client.kill()
        out, err = client.communicate(timeout=10)
        run_qt(api.close())
    assert client.returncode == 0, err
    result = json.loads(out)
    assert result["connect"]["state"] == "connected"
    assert result["connect"]["controller"] == me
    assert result["connect"]["profile"] == "wireguard-only"
    assert result["status"]["state"] == "connected"
    assert result["disconnect"]["state"] == "disconnected"
    assert "connecting" in result["events"] and result["events"][-1] == "disconnected"
    assert len(backend.configs) == 1
    assert controller.state is ControllerState.IDLE
