"""When Qt cannot load its platform plugin, ``sluis`` says in one line what to do instead of aborting.

Qt 6.5+ needs libxcb-cursor for its xcb plugin and some distributions do not pull it in; without it
Qt prints a screenful and aborts (a core dump, exit 134). The end-to-end cases run the real start in
a subprocess (no display; a platform that does not exist); the missing-library case is Qt's own
recorded output, since the library cannot be taken away from the test machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui.app import XCB_CURSOR_LIBRARY, platform_plugin_failure

ROOT = Path(__file__).resolve().parent.parent

# What Qt 6.5+ says (PySide6 6.x, Debian without libxcb-cursor0) before it aborts.
QT_WITHOUT_XCB_CURSOR = [
    "From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin.",
    'Could not load the Qt platform plugin "xcb" in "" even though it was found.',
    "This application failed to start because no Qt platform plugin could be initialized. Reinstalling"
    " the application may fix this problem.\n\nAvailable platform plugins are: minimal, offscreen, xcb.\n",
]


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run(
        [sys.executable, "-m", "gui"],
        env={
            **base,
            "SLUIS_HOME": str(tmp_path / "home"),
            "XDG_RUNTIME_DIR": str(runtime),
            "PYTHONPATH": str(ROOT),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_display_is_one_line_and_exit_1_not_an_abort(tmp_path: Path) -> None:
    done = _start(tmp_path, QT_QPA_PLATFORM="xcb")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("sluis: ")
    assert "no display" in done.stderr and "sluis --help" in done.stderr


def test_a_platform_qt_does_not_have_is_named(tmp_path: Path) -> None:
    done = _start(tmp_path, QT_QPA_PLATFORM="nosuchplatform")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1
    assert '"nosuchplatform"' in done.stderr and "QT_QPA_PLATFORM" in done.stderr


def test_a_missing_xcb_cursor_library_names_the_package_to_install() -> None:
    asked: list[str] = []

    def missing(name: str) -> bool:
        asked.append(name)
        return False

    line = platform_plugin_failure(QT_WITHOUT_XCB_CURSOR, missing)
    assert asked == [XCB_CURSOR_LIBRARY]
    assert "sudo apt install libxcb-cursor0" in line and "sudo dnf install xcb-util-cursor" in line
    assert "\n" not in line
    # With the library there, the same failure is something else (here: no display named, so generic).
    assert "libxcb-cursor0" not in platform_plugin_failure(QT_WITHOUT_XCB_CURSOR, lambda name: True)
