"""Small real helpers for the front-end tests: a settable clock, a browser that logs in over HTTPS,
a tray that records what it was told, and a controller wired to a throw-away data folder."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
import keyring.backends.fail

from gui.backends.recording import RecordingBackend
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.oauth import BrowserOpener
from gui.core.paths import AppPaths
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.tokens import TokenStore


class FakeClock:
    """The controller's clock, moved by the test."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def browser_for(ca_file: Path, log: list[str] | None = None) -> BrowserOpener:
    """A "browser" that opens the authorization URL (the demo server approves at once) and follows
    the redirect to the app's loopback callback, as a real browser would."""
    context = ssl.create_default_context(cafile=str(ca_file))

    async def open_browser(url: str) -> None:
        if log is not None:
            log.append("authorize")
        async with httpx2.AsyncClient(verify=context, follow_redirects=True, timeout=10) as client:
            response = await client.get(url)
            response.raise_for_status()

    return open_browser


@dataclass
class RecordingTray:
    states: list[ControllerState] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def set_state(self, state: ControllerState) -> None:
        self.states.append(state)

    def show_message(self, title: str, text: str) -> None:
        self.messages.append(text)


def memory_tokens() -> TokenStore:
    """Tokens in memory: the tests never write into the keyring of whoever runs them."""
    return TokenStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]


def make_controller(
    tmp_path: Path,
    open_browser: BrowserOpener,
    *,
    clock: FakeClock | None = None,
    backend: RecordingBackend | None = None,
    settings: Settings | None = None,
    tokens: TokenStore | None = None,
) -> Controller:
    root = tmp_path / "sluis-home"
    paths = AppPaths(root / "config", root / "data", root / "cache", root / "state")
    service = VpnService(paths, settings or Settings(), tokens or memory_tokens())
    return Controller(service, backend or RecordingBackend(), open_browser, clock=clock or FakeClock())
