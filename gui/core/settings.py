"""User settings: a small JSON file, every field with a safe default, unknown keys kept.

The file is read leniently (a broken file is reported and defaults are used, nothing is lost:
the broken copy is kept beside it) because a settings typo must never stop a VPN client.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from gui.core.paths import write_private

log = logging.getLogger(__name__)

EDUVPN_CLIENT_ID = "org.eduvpn.app.linux"
LETSCONNECT_CLIENT_ID = "org.letsconnect-vpn.app.linux"
LOOPBACK_REDIRECT = "http://127.0.0.1:{port}/callback"


@dataclass
class Settings:
    # OAuth client registration; IT may use a client registered on their own server.
    client_id: str = EDUVPN_CLIENT_ID
    # ``{port}`` is replaced by the loopback listener's port; any other value is a custom-scheme redirect.
    redirect_uri: str = LOOPBACK_REDIRECT
    # Let's Connect! mode: no discovery, the Let's Connect! client registration.
    lets_connect: bool = False
    prefer_tcp: bool = False
    # "" (let the server choose), "openvpn", "wireguard" or "wireguard+tcp".
    preferred_protocol: str = ""
    backend: str = ""
    start_at_login: bool = False
    reconnect_at_start: bool = False
    start_hidden: bool = False
    language: str = ""
    show_discovery: bool = True
    discovery_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def effective_client_id(self) -> str:
        if self.lets_connect and self.client_id == EDUVPN_CLIENT_ID:
            return LETSCONNECT_CLIENT_ID
        return self.client_id

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log.warning("settings file %s is unreadable (%s); using defaults", path, type(exc).__name__)
            _keep_broken_copy(path)
            return cls()
        if not isinstance(raw, dict):
            _keep_broken_copy(path)
            return cls()
        known = {f.name: f for f in fields(cls) if f.name != "extra"}
        settings = cls()
        for key, value in raw.items():
            if key in known:
                default = getattr(settings, key)
                if isinstance(value, type(default)):
                    setattr(settings, key, value)
                else:
                    log.warning("setting %r has the wrong type; using the default", key)
            elif key != "extra":
                settings.extra[key] = value
        return settings

    def save(self, path: Path) -> None:
        data = asdict(self)
        extra = data.pop("extra")
        data.update(extra)
        write_private(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _keep_broken_copy(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.replace(path.with_suffix(path.suffix + ".broken"))
