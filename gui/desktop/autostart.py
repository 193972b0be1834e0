"""Start at login, the way each platform does it for one user: an XDG autostart entry on Linux, a
LaunchAgent on macOS, a ``Run`` value under HKCU on Windows. All start Sluis hidden in the tray.

Only the Linux file is exercised for real here; the macOS plist and the Windows value are built by
the same code and checked as data (the writers are injectable).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import plistlib
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gui import APP_ID, APP_NAME
from gui.desktop.urlschemes import sluis_command

HIDDEN_FLAG = "--minimized"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def xdg_autostart_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "autostart" / f"{APP_ID}.desktop"


def linux_entry(command: str) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Start Sluis in the tray at login",
            f"Exec={command} {HIDDEN_FLAG}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "NoDisplay=true",
            "X-GNOME-Autostart-enabled=true",
            "X-GNOME-Autostart-Delay=2",
            "X-KDE-autostart-after=panel",
            "",
        ]
    )


def macos_launch_agent(argv: list[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": [*argv, HIDDEN_FLAG],
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def macos_agent_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def windows_run_value(argv: list[str]) -> str:
    return " ".join(f'"{part}"' if " " in part else part for part in [*argv, HIDDEN_FLAG])


def _argv() -> list[str]:
    return shlex.split(sluis_command())


def _windows_registry(enabled: bool, value: str) -> None:  # pragma: no cover - Windows only
    winreg: Any = importlib.import_module("winreg")  # typed as Any: mypy runs on Linux

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if enabled:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, value)
        else:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, APP_NAME)


def set_start_at_login(
    enabled: bool,
    *,
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
    registry: Callable[[bool, str], None] = _windows_registry,
) -> Path | None:
    """Create or remove the platform's login item; returns the file it concerns (None on Windows).
    ``OSError`` reaches the caller, which reports it."""
    if platform.startswith("win"):
        registry(enabled, windows_run_value(_argv()))
        return None
    if platform == "darwin":
        path = macos_agent_file()
        payload = macos_launch_agent(_argv())
    else:
        path = xdg_autostart_file(environ)
        payload = linux_entry(sluis_command()).encode()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    else:
        path.unlink(missing_ok=True)
    return path
