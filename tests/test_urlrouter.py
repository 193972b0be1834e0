"""The URL router: each kind of link becomes one intent; an OAuth redirect on the custom scheme
completes a real login against the demo server; anything else is refused with a reason."""

from __future__ import annotations

import asyncio
import os
import ssl
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from gui.core.oauth import PendingLogins
from gui.core.paths import AppPaths
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.tokens import TokenStore
from gui.demoserver import DemoServer
from gui.desktop.urlschemes import SCHEMES, desktop_entry, mime_types, register_linux
from gui.urlrouter import (
    AddServer,
    ImportProfile,
    OAuthCallback,
    Rejected,
    UrlRouter,
    classify,
    oauth_redirects,
    untrusted_argument,
)

REDIRECT = "org.sluis.app:/api/callback"
ROOT = Path(__file__).resolve().parent.parent


def test_token_url_becomes_an_import_proposal_showing_the_host() -> None:
    intent = classify("openvpn://import-profile/https://vpn.example.org/rest/GetProfileViaToken?token=s3cret")
    assert isinstance(intent, ImportProfile)
    assert intent.host == "vpn.example.org"
    assert "s3cret" not in repr(intent)


def test_sluis_add_link_fills_in_a_normalized_server() -> None:
    intent = classify("sluis://add?url=https://VPN.example.org")
    assert intent == AddServer("https://vpn.example.org/")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("sluis://add?url=http://vpn.example.org", "https"),
        ("sluis://add", "empty"),
        ("sluis://wipe?everything=1", "sluis://wipe"),
        ("sluis://import?url=file:///etc/passwd", "local file"),
        ("openvpn://import-profile/http://vpn.example.org/x?token=t", "https"),
        ("openvpn://something-else", "import-profile"),
        ("mailto:someone@example.org", "mailto"),
        ("https://example.org/", "https:"),
        ("sluis://add?url=https://a.example\n--evil", "control characters"),
        ("just some words", "control characters"),
        ("sluis://add?url=" + "a" * 9000, "too long"),
        (REDIRECT + "?state=abc", "incomplete"),
    ],
)
def test_bad_links_are_refused_with_a_reason(url: str, reason: str) -> None:
    intent = classify(url, redirects=(REDIRECT,))
    assert isinstance(intent, Rejected)
    assert reason in intent.message


def test_command_line_url_must_be_one_argument_and_not_an_option() -> None:
    assert untrusted_argument(["sluis://add?url=https://x"]) == "sluis://add?url=https://x"
    assert untrusted_argument(["--register-url-handlers"]) is None
    assert untrusted_argument(["-x", "sluis://add"]) is None
    assert untrusted_argument(["sluis://a", "sluis://b"]) is None


def test_callback_without_a_waiting_login_is_refused() -> None:
    refused: list[Rejected] = []
    router = UrlRouter(PendingLogins(), redirects=(REDIRECT,), on_error=refused.append)
    intent = router.route(REDIRECT + "?code=attacker-code&state=guessed")
    assert isinstance(intent, Rejected)
    assert "no login is waiting" in intent.message
    assert refused == [intent]


def test_loopback_settings_have_no_custom_redirect() -> None:
    assert oauth_redirects(Settings()) == ()
    assert oauth_redirects(Settings(client_id="org.sluis.app", redirect_uri=REDIRECT)) == (REDIRECT,)


async def test_login_completes_through_the_custom_scheme(
    demo_server: DemoServer, trust_demo_ca: Path, tmp_path: Path
) -> None:
    """The browser follows the authorization URL, the server redirects to
    ``org.sluis.app:/api/callback?code=…&state=…``, and the OS hands that URL to the router."""
    import keyring.backends.fail

    settings = Settings(client_id="org.sluis.app", redirect_uri=REDIRECT)
    service = VpnService(
        AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")}),
        settings,
        TokenStore(keyring.backends.fail.Keyring()),  # type: ignore[no-untyped-call]
    )
    router = UrlRouter(service.pending_logins, redirects=oauth_redirects(settings))
    routed: list[object] = []
    locations: list[str] = []
    context = ssl.create_default_context(cafile=str(trust_demo_ca))

    async def browser(url: str) -> None:
        async with httpx2.AsyncClient(verify=context, timeout=10) as client:
            answer = await client.get(url)
        assert answer.status_code == 302
        location = answer.headers["location"]
        assert location.startswith(REDIRECT + "?")
        locations.append(location)
        # First an attacker's callback with a wrong state: refused, the login keeps waiting.
        routed.append(router.route(REDIRECT + "?code=forged&state=wrong"))
        # Then the real one, as the OS would deliver it (asynchronously, a moment later).
        asyncio.get_running_loop().call_soon(lambda: routed.append(router.route(location)))

    entry = await asyncio.wait_for(service.add_server(demo_server.base_url, browser), 30)
    assert entry.base_url == demo_server.base_url + "/"
    assert isinstance(routed[0], Rejected)
    assert isinstance(routed[1], OAuthCallback)
    assert await service.tokens.load(entry.base_url) is not None
    assert len(service.pending_logins) == 0
    # The code is spent: handing the same URL over again finds no login.
    assert isinstance(router.route(locations[0]), Rejected)


# -- registration -------------------------------------------------------------------------------------


def test_desktop_entry_declares_every_scheme() -> None:
    text = desktop_entry("/opt/sluis/bin/sluis")
    assert "Exec=/opt/sluis/bin/sluis %u" in text
    assert "MimeType=x-scheme-handler/sluis;x-scheme-handler/openvpn;x-scheme-handler/org.sluis.app;" in text


def test_packaged_desktop_file_matches_the_scheme_list() -> None:
    packaged = ROOT / "packaging" / "linux" / "org.sluis.Sluis.desktop"
    if not packaged.exists():
        pytest.skip("no packaged desktop file in this tree")
    line = next(x for x in packaged.read_text().splitlines() if x.startswith("MimeType="))
    assert set(filter(None, line.removeprefix("MimeType=").split(";"))) == set(mime_types())


def test_register_url_handlers_writes_the_user_desktop_file(tmp_path: Path) -> None:
    """``sluis --register-url-handlers`` as a process, with XDG_DATA_HOME in a temp folder."""
    share = str(tmp_path / "share")
    env = {**os.environ, "XDG_DATA_HOME": share, "PYTHONPATH": str(ROOT), "PATH": "/nonexistent"}

    done = subprocess.run(
        [sys.executable, "-m", "gui", "--register-url-handlers"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = tmp_path / "share" / "applications" / "org.sluis.Sluis.desktop"
    text = written.read_text()
    assert f"Exec={sys.executable} -m gui %u" in text
    for scheme in SCHEMES:
        assert f"x-scheme-handler/{scheme};" in text
    assert str(written) in done.stdout


def test_register_linux_in_process(tmp_path: Path) -> None:
    path = register_linux(data_dir=tmp_path, exec_command="sluis", run_xdg_mime=False)
    assert path == tmp_path / "applications" / "org.sluis.Sluis.desktop"
    assert "Exec=sluis %u" in path.read_text()


def test_macos_and_windows_registration_cover_every_scheme() -> None:
    from gui.desktop.urlschemes import macos_url_types, windows_registry_entries

    assert [t["CFBundleURLSchemes"] for t in macos_url_types()] == [[s] for s in SCHEMES]
    entries = windows_registry_entries(r"C:\Program Files\Sluis\sluis.exe")
    commands = {key: data for key, name, data in entries if key.endswith(r"\shell\open\command")}
    assert set(commands) == {rf"{s}\shell\open\command" for s in SCHEMES}
    assert all(data == r'"C:\Program Files\Sluis\sluis.exe" "%1"' for data in commands.values())
    assert {key for key, name, _ in entries if name == "URL Protocol"} == set(SCHEMES)
