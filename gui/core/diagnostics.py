"""A diagnostics report for a bug report: what runs where, in which state, and the end of the log.

It is meant to be attached to an issue or mailed to a helpdesk, so it holds nothing secret: the
log tail, the settings and the backend state all pass through ``redact`` (tokens, keys, and the
``code``/``state``/``token`` values of URLs), the server list is base URLs only, and the file is
written readable by its owner only. Qt-free: the window and ``sluis diagnostics`` share it, and
the caller says which backend is in use (the core does not import the backends).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from gui import __version__
from gui.core.logsetup import LOG_FILE, log_tail, redact
from gui.core.paths import write_private
from gui.core.service import VpnService

# Distributions whose versions matter for a bug report, by the name shown.
DISTRIBUTIONS = (
    ("PySide6", ("PySide6-Essentials", "PySide6")),
    ("httpx2", ("httpx2",)),
    ("authlib", ("Authlib", "authlib")),
    ("keyring", ("keyring",)),
    ("qasync", ("qasync",)),
)
# The desktop facts that explain most tray and browser problems.
ENVIRONMENT = ("XDG_CURRENT_DESKTOP", "XDG_SESSION_TYPE", "DESKTOP_SESSION", "QT_QPA_PLATFORM", "LANG")


def versions() -> dict[str, str]:
    """Sluis, Python and the libraries, read from the installed metadata (nothing is imported, so
    asking for PySide6's version does not load Qt)."""
    found = {"Sluis": __version__, "Python": platform.python_version()}
    for shown, names in DISTRIBUTIONS:
        for name in names:
            try:
                found[shown] = metadata.version(name)
                break
            except metadata.PackageNotFoundError:
                continue
        else:
            found[shown] = "not installed"
    return found


def platform_facts() -> dict[str, str]:
    facts = {
        "system": platform.platform(),
        "machine": platform.machine(),
        "executable": sys.executable,
    }
    facts.update({name: os.environ[name] for name in ENVIRONMENT if name in os.environ})
    return facts


def _section(title: str, body: str) -> str:
    return f"== {title} ==\n{body.rstrip()}\n"


def build_report(
    service: VpnService,
    *,
    backend: Mapping[str, object] | None = None,
    log_file: Path | None = None,
    now: datetime | None = None,
) -> str:
    """The report as text. ``backend`` is what the caller knows of the VPN backend (its name, the
    tunnel state); ``log_file`` defaults to the log in the service's log folder."""
    moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    facts = {**versions(), "keyring backend": service.tokens.backend_name}
    facts["keyring persistent"] = "yes" if service.tokens.persistent else "no (logins kept in memory)"
    status = service.status()
    state = {**status, **(dict(backend) if backend else {})}
    state.pop("servers", None)
    servers = [entry.base_url for entry in service.servers] or ["(none)"]
    tail = log_tail(log_file or service.paths.log_dir / LOG_FILE) or "(no log)"
    sections = [
        f"Sluis diagnostics, {moment}\n",
        _section("Versions", "\n".join(f"{k}: {v}" for k, v in facts.items())),
        _section("Platform", "\n".join(f"{k}: {v}" for k, v in platform_facts().items())),
        _section("State", json.dumps(state, indent=2, sort_keys=True, default=str)),
        _section("Settings", json.dumps(asdict(service.settings), indent=2, sort_keys=True, default=str)),
        _section("Servers", "\n".join(servers)),
        _section("Log (most recent last)", tail),
    ]
    # Once more over everything: a secret in a setting, a state field or a server URL is cut too.
    return redact("\n".join(sections))


def write_report(path: Path, report: str) -> Path:
    """Write ``report`` readable by its owner only (0600); it may still name the user's servers."""
    write_private(path, report, private_folder=False)  # a place the user chose
    return path
