"""Imports go through the controller's gate: they never race a connect, and their errors reach the
window in the window's language (they used to go around the controller, in English)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gui.backends.recording import RecordingBackend
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState, error_message
from gui.core.importers import ImportSource
from gui.core.profiles import Profile
from gui.core.vpnconfig import VpnConfig
from gui.demoserver import DemoServer
from gui.urlrouter import LinkActions
from tests.support.access_server import profile
from tests.support.netns import memory_service
from tests.ui_support import FakeClock


class HeldUp(RecordingBackend):
    """Bringing the tunnel up waits until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        await self.release.wait()
        return await super()._up(config, profile)


def _yes(_source: ImportSource) -> bool:
    return True


def test_an_import_waits_for_the_connect_in_progress(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
) -> None:
    demo = demo_server_factory()
    service = memory_service(tmp_path, demo)
    backend = HeldUp()
    controller = Controller(service, backend, lambda _url: None, clock=FakeClock())
    connecting = controller.connect_profile(demo.base_url, "wireguard-only")
    qtbot.waitUntil(lambda: backend.state.state.value == "connecting", timeout=10000)
    source = tmp_path / "office.ovpn"
    source.write_text(profile("autologin", user="erin"))
    importing = asyncio.ensure_future(controller.import_profile(str(source), _yes))
    qtbot.wait(300)
    assert not importing.done(), "the import went ahead beside the connect"
    assert len(service.servers) == 1
    backend.release.set()
    qtbot.waitUntil(importing.done, timeout=10000)
    assert connecting.done() and controller.state is ControllerState.CONNECTED
    assert importing.result().display_name and len(service.servers) == 2
    run_qt(controller.disconnect_vpn())


def test_an_import_error_speaks_the_window_s_language(
    qtbot: Any, qt_loop: Any, run_qt: Callable[..., Any], tmp_path: Path, ui_language: Callable[[str], None]
) -> None:
    from gui.core.paths import AppPaths
    from gui.core.service import VpnService
    from tests.ui_support import memory_tokens

    ui_language("nl")
    root = tmp_path / "home"
    paths = AppPaths(root / "c", root / "d", root / "ca", root / "s")
    service = VpnService(paths, token_store=memory_tokens())
    controller = Controller(service, RecordingBackend(), lambda _url: None, clock=FakeClock())
    shown: list[str] = []
    actions = LinkActions(
        service,
        ask=_yes,
        show_error=shown.append,
        show_add=lambda _url: None,
        import_profile=controller.import_profile,
        describe=error_message,
    )
    broken = tmp_path / "broken.ovpn"
    broken.write_text("client\nremote vpn.example.org 1194\nplugin /usr/lib/evil.so\n")
    run_qt(actions.import_source(str(broken)))
    assert len(shown) == 1
    assert "Regel 3" in shown[0] and "plugin" in shown[0], shown  # Dutch, with the line and the word
