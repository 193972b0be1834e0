"""The URL schemes Sluis opens, in one place, and their per-user registration on Linux.

Packaging reads ``SCHEMES`` for the ``.desktop`` file (``MimeType=x-scheme-handler/…``), the macOS
``Info.plist`` (``CFBundleURLTypes``) and the Windows installer's registry keys. A pip install has
no package manager to register anything: ``sluis --register-url-handlers`` writes
``$XDG_DATA_HOME/applications/org.sluis.Sluis.desktop`` and makes Sluis the default handler with
``xdg-mime`` when that tool exists.

The desktop entry passes the URL as the single argument (``%u``); the CLI treats one argument
that looks like a URL, never one starting with ``-``, as untrusted input for the router.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gui import APP_ID, APP_NAME
from gui.core.paths import write_private

log = logging.getLogger(__name__)

# ``sluis://add?url=…``, Access Server's ``openvpn://import-profile/…``, and the OAuth redirect of
# Sluis's own client registration (``org.sluis.app:/api/callback``).
SCHEMES: tuple[str, ...] = ("sluis", "openvpn", "org.sluis.app")
DESKTOP_FILE = f"{APP_ID}.desktop"


def mime_types() -> list[str]:
    return [f"x-scheme-handler/{scheme}" for scheme in SCHEMES]


def desktop_entry(exec_command: str) -> str:
    """A desktop entry that opens links with ``exec_command`` (already shell-quoted)."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            f"Name={APP_NAME}",
            "GenericName=VPN Client",
            "Comment=Connect to eduVPN and Let's Connect! VPN servers",
            f"Exec={exec_command} %u",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Network;",
            "MimeType=" + "".join(f"{m};" for m in mime_types()),
            "StartupNotify=true",
            f"StartupWMClass={APP_NAME}",
            "",
        ]
    )


def macos_url_types() -> list[dict[str, object]]:
    """``CFBundleURLTypes`` for the app bundle's ``Info.plist`` (e.g. PyInstaller's ``info_plist``)."""
    return [
        {
            "CFBundleURLName": f"{APP_ID}.{scheme}",
            "CFBundleURLSchemes": [scheme],
            "CFBundleTypeRole": "Viewer",
        }
        for scheme in SCHEMES
    ]


def windows_registry_entries(exe: str) -> list[tuple[str, str, str]]:
    """``(key under HKCU\\Software\\Classes, value name, data)`` for the installer: each scheme marked as
    a URL protocol that runs ``"exe" "%1"`` (one argument, as the router expects). The uninstaller
    removes the same keys."""
    entries: list[tuple[str, str, str]] = []
    for scheme in SCHEMES:
        entries += [
            (scheme, "", f"URL:{APP_NAME} ({scheme})"),
            (scheme, "URL Protocol", ""),
            (rf"{scheme}\DefaultIcon", "", f'"{exe}",0'),
            (rf"{scheme}\shell\open\command", "", f'"{exe}" "%1"'),
        ]
    return entries


def sluis_command() -> str:
    """How to start this Sluis: the ``sluis`` script on PATH, else this interpreter with ``-m gui``."""
    import shlex  # here, not at the top: the window's start reads ``SCHEMES`` only
    import shutil

    found = shutil.which("sluis")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m gui"


def data_home(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def register_linux(
    *, data_dir: Path | None = None, exec_command: str | None = None, run_xdg_mime: bool = True
) -> Path:
    """Write the per-user desktop entry and make it the default for every scheme. Returns its path."""
    applications = (data_dir or data_home()) / "applications"
    path = applications / DESKTOP_FILE
    # The shared applications folder: made 0700 if missing, never checked or narrowed.
    write_private(path, desktop_entry(exec_command or sluis_command()), private_folder=False)
    os.chmod(path, 0o644)  # desktop environments read it; it holds nothing secret
    import shutil  # here, not at the top: the window's start reads ``SCHEMES`` only
    import subprocess

    xdg_mime = shutil.which("xdg-mime") if run_xdg_mime else None
    if xdg_mime:
        result = subprocess.run(  # noqa: S603 - a fixed tool, arguments from the constant list
            [xdg_mime, "default", DESKTOP_FILE, *mime_types()],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if result.returncode != 0:
            log.warning("xdg-mime could not set the default handler: %s", result.stderr.strip()[:200])
    update = shutil.which("update-desktop-database") if run_xdg_mime else None
    if update:
        subprocess.run([update, str(applications)], capture_output=True, timeout=30, check=False)  # noqa: S603
    return path


def untrusted_argument(argv: Sequence[str]) -> str | None:
    """The URL in a command line the OS built from a link: exactly one argument, never an option.

    (An argument starting with ``-`` would be read as an option: the argument-injection hole
    qutebrowser closed with ``--untrusted-args``.)"""
    if len(argv) != 1 or argv[0].startswith("-"):
        return None
    return argv[0]


def looks_like_url(text: str) -> bool:
    """Whether a lone command-line argument is meant as a URL for the router (``scheme:…``)."""
    scheme, sep, _ = text.partition(":")
    plain = scheme.replace(".", "").replace("+", "").replace("-", "")
    return bool(sep) and len(scheme) > 1 and plain.isascii() and plain.isalnum()
