"""The GUI on a real X server (Xvfb) with a real system tray (trayer), in a subprocess under xcb:
the tray icon shows and its menu follows the state, closing the window keeps Sluis in the tray,
and every page renders (PNG files in tests/artifacts/ to look at).

Skipped when Xvfb or trayer is missing; CI sets ``SLUIS_REQUIRE_XVFB=1`` so there they fail instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("xvfb_scenarios.py")
ARTIFACTS = Path(__file__).with_name("artifacts")

pytestmark = pytest.mark.slow


def run_scenario(name: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), name, str(ARTIFACTS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no findings printed: {done.stdout[-1000:]} {done.stderr[-2000:]}"
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def test_the_real_tray_icon_its_menu_and_closing_the_window(xvfb_env: dict[str, str]) -> None:
    found = run_scenario("tray", xvfb_env)
    assert found["tray_available"], "trayer provides the system tray"
    assert found["tray_created"]
    assert found["icon_visible"]
    assert found["menu_idle"] == ["Not connected", "---", "Show Sluis", "Quit Sluis"]
    assert found["connect_error"] is None
    assert found["menu_connected"][1:] == ["Disconnect", "---", "Show Sluis", "Quit Sluis"]
    assert found["menu_connected"][0].startswith("Connected: ")
    assert "Connected" in found["tooltip_connected"]
    assert not found["window_visible_after_close"], "closing hides the window"
    assert not found["quit_called"], "closing the window does not quit"
    assert found["icon_visible_after_close"], "the tray icon stays"
    assert found["tunnel_still_up"], "the VPN stays up with the window closed"
    assert found["window_visible_after_click"], "a click on the icon shows the window again"
    assert found["renewed_by_notification"] == 1, "a click on the notification renewed the session"
    assert found["menu_disconnected"][1] == "Connect"


def test_every_page_renders_under_xcb(xvfb_env: dict[str, str]) -> None:
    found = run_scenario("screenshots", xvfb_env)
    assert found["add_results"] == ["Sluis Demo University", "Sluis Demo Organization"]
    assert found["countdown"].startswith("Valid for 1 h 1"), found["countdown"]
    assert found["renew_visible"]
    expected = {
        "servers-empty",
        "add-server",
        "servers",
        "profiles",
        "connection",
        "settings",
        "help",
        "tray-menu",
        "screen",
    }
    assert {Path(name).stem for name in found["shots"]} == expected
    for name in found["shots"]:
        png = ARTIFACTS / name
        assert png.stat().st_size > 2000, f"{name} looks empty"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
