"""Start at login: the login item each platform uses, made and removed from the Settings page."""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

import pytest

from gui.core.policy import Policy
from gui.desktop.autostart import set_start_at_login, xdg_autostart_file
from gui.ui.settings_page import SettingsPage
from tests.ui_support import make_controller


async def no_browser(url: str) -> None:
    raise AssertionError("no login here")


def test_linux_autostart_entry_is_made_and_removed(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    path = set_start_at_login(True, platform="linux", environ=env)
    assert path == tmp_path / "config" / "autostart" / "org.sluis.Sluis.desktop"
    text = path.read_text()
    assert "\nExec=" in text and text.split("\nExec=", 1)[1].split("\n", 1)[0].endswith(" --minimized")
    assert "X-GNOME-Autostart-enabled=true" in text
    set_start_at_login(False, platform="linux", environ=env)
    assert not path.exists()
    set_start_at_login(False, platform="linux", environ=env)  # removing twice is fine


def test_macos_launch_agent_and_windows_run_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    path = set_start_at_login(True, platform="darwin")
    assert path is not None
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == "org.sluis.Sluis" and agent["RunAtLoad"] is True
    assert agent["ProgramArguments"][-1] == "--minimized"
    calls: list[tuple[bool, str]] = []
    assert (
        set_start_at_login(True, platform="win32", registry=lambda on, value: calls.append((on, value)))
        is None
    )
    assert calls and calls[0][0] is True and calls[0][1].endswith("--minimized")


def test_the_settings_page_switches_start_at_login(
    qtbot: Any, qt_loop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    controller = make_controller(tmp_path, no_browser)
    page = SettingsPage(controller)
    qtbot.addWidget(page)
    page.start_at_login.setChecked(True)
    qtbot.waitUntil(xdg_autostart_file().exists, timeout=5000)
    page.start_at_login.setChecked(False)
    qtbot.waitUntil(lambda: not xdg_autostart_file().exists(), timeout=5000)


def test_settings_locked_by_it_show_as_managed(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = make_controller(tmp_path, no_browser)
    controller.service.policy = Policy(
        prefer_tcp=True, locked=frozenset({"prefer_tcp"}), source="/etc/sluis/policy.toml"
    )
    page = SettingsPage(controller)
    qtbot.addWidget(page)
    page.show()
    assert not page.prefer_tcp.isEnabled() and page.prefer_tcp.text().endswith("(managed)")
    assert page.prefer_tcp.toolTip() == "Managed by your organization"
    assert page.start_at_login.isEnabled() and "(managed)" not in page.start_at_login.text()
    assert page.managed_note.isVisible()
