"""IT's system-wide policy: read on Linux (TOML), Windows (the registry) and macOS (a plist), applied to
the settings, and its predefined servers listed first and kept from removal, in the service and the CLI."""

from __future__ import annotations

import json
import os
import plistlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest

from gui import __version__
from gui.core.errors import PolicyLockedError
from gui.core.logsetup import LOG_FILE
from gui.core.paths import AppPaths
from gui.core.policy import (
    REG_DWORD,
    REG_MULTI_SZ,
    REG_SZ,
    WINDOWS_POLICY_KEY,
    Policy,
    PredefinedServer,
    apply_policy,
    load_policy,
)
from gui.core.servers import ServerEntry, ServerStore
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.tokens import TokenStore
from gui.demoserver import DemoServer
from tests.support.browser import make_async_browser

ROOT = Path(__file__).resolve().parent.parent

FULL_TOML = """\
client_id = "org.example.vpn"
redirect_uri = "http://127.0.0.1:{port}/callback"
show_discovery = false
discovery_url = "https://disco.example.org/server_list.json"
preferred_protocol = "wireguard"
prefer_tcp = true
start_at_login = true
locked = ["show_discovery", "client_id", "servers"]

[[servers]]
base_url = "https://vpn.example.org"
display_name = "Example VPN"

[[servers]]
base_url = "vpn2.example.org/staff"
"""

EXPECTED_SERVERS = (
    PredefinedServer("https://vpn.example.org/", "Example VPN"),
    PredefinedServer("https://vpn2.example.org/staff/", ""),
)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def assert_full_policy(policy: Policy, source: str) -> None:
    assert policy.source == source and policy.in_force
    assert policy.problems == []
    assert policy.servers == EXPECTED_SERVERS
    assert policy.client_id == "org.example.vpn"
    assert policy.redirect_uri == "http://127.0.0.1:{port}/callback"
    assert policy.show_discovery is False
    assert policy.discovery_url == "https://disco.example.org/server_list.json"
    assert policy.preferred_protocol == "wireguard"
    assert policy.prefer_tcp is True
    assert policy.start_at_login is True
    assert policy.locked == {"show_discovery", "client_id", "servers"}


# ---------------------------------------------------------------------------------------------
# Linux: /etc/sluis/policy.toml
# ---------------------------------------------------------------------------------------------


def test_linux_toml_policy_is_read_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "policy.toml", FULL_TOML)
    assert_full_policy(load_policy("linux", [path], environ={}), str(path))


def test_no_policy_file_means_no_policy(tmp_path: Path) -> None:
    policy = load_policy("linux", [tmp_path / "absent.toml"], environ={})
    assert policy == Policy() and not policy.in_force


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('servers = [ { base_url = "https://vpn.example.org" \nlocked = [', "not valid TOML"),
        (b"show_discovery = false\n\xff\xfe", "not UTF-8"),
        ("", None),  # an empty file is a valid, empty policy
    ],
)
def test_broken_toml_is_reported_and_ignored(
    tmp_path: Path, content: str | bytes, why: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path / "policy.toml", content)
    policy = load_policy("linux", [path], environ={})
    if why is None:
        assert policy.source == str(path) and policy.problems == [] and policy.servers == ()
        return
    assert not policy.in_force  # nothing of a broken file applies, not even its first lines
    assert policy.servers == () and policy.show_discovery is None
    assert len(policy.problems) == 1 and str(path) in policy.problems[0] and why in policy.problems[0]
    assert why in caplog.text  # reported in the log as well


def test_bad_values_are_reported_and_the_rest_applies(tmp_path: Path) -> None:
    path = write(
        tmp_path / "policy.toml",
        """\
show_discovery = "no"
prefer_tcp = 1
start_at_login = true
preferred_protocol = "ipsec"
redirect_uri = "https://attacker.example/callback"
discovery_url = "http://disco.example.org/list.json"
client_id = "has space"
colour = "blue"
locked = ["prefer_tcp", "volume"]
servers = [
    { base_url = "http://plain.example.org" },
    { base_url = "https://good.example.org", display_name = "Good", port = 1 },
    { display_name = "no address" },
    "https://good.example.org",
    "https://short.example.org",
]
""",
    )
    policy = load_policy("linux", [path], environ={})
    assert policy.in_force
    assert policy.start_at_login is True
    for name in ("show_discovery", "prefer_tcp", "preferred_protocol", "redirect_uri", "discovery_url"):
        assert getattr(policy, name) is None, name
    assert policy.client_id is None
    assert policy.locked == {"prefer_tcp"}
    assert policy.servers == (
        PredefinedServer("https://good.example.org/", "Good"),
        PredefinedServer("https://short.example.org/", ""),
    )
    text = "\n".join(policy.problems)
    for fragment in (
        "show_discovery must be true or false",
        "prefer_tcp must be true or false",
        "preferred_protocol 'ipsec'",
        "redirect_uri 'https://attacker.example/callback'",
        "discovery_url 'http://disco.example.org/list.json' must be an https:// address",
        "client_id 'has space'",
        "unknown key 'colour'",
        "unknown settings volume",
        "only https:// addresses are allowed",
        "unknown key 'port'",
        "entry 3 has no base_url",
        "listed twice",
    ):
        assert fragment in text, fragment
    assert all(p.startswith(f"{path}: ") for p in policy.problems)


def test_wrong_shapes_do_not_crash(tmp_path: Path) -> None:
    path = write(tmp_path / "policy.toml", 'servers = "https://vpn.example.org"\nlocked = "all"\n')
    policy = load_policy("linux", [path], environ={})
    assert policy.servers == () and policy.locked == frozenset()
    assert len(policy.problems) == 2


def test_private_use_scheme_redirect_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "policy.toml", 'redirect_uri = "org.example.vpn:/callback"\n')
    assert load_policy("linux", [path], environ={}).redirect_uri == "org.example.vpn:/callback"


def test_environment_override_wins_on_every_platform(tmp_path: Path) -> None:
    path = write(tmp_path / "trial.toml", FULL_TOML)
    env = {"SLUIS_POLICY_FILE": str(path)}
    for platform in ("linux", "darwin", "win32"):
        assert_full_policy(
            load_policy(platform, [tmp_path / "absent"], environ=env, registry_reader=_no_registry),
            str(path),
        )


def test_environment_override_naming_a_missing_file_is_reported(tmp_path: Path) -> None:
    policy = load_policy("linux", environ={"SLUIS_POLICY_FILE": str(tmp_path / "gone.toml")})
    assert not policy.in_force and "does not exist" in policy.problems[0]


# ---------------------------------------------------------------------------------------------
# macOS: /Library/Managed Preferences/org.sluis.Sluis.plist
# ---------------------------------------------------------------------------------------------

PLIST_POLICY: dict[str, Any] = {
    "client_id": "org.example.vpn",
    "redirect_uri": "http://127.0.0.1:{port}/callback",
    "show_discovery": False,
    "discovery_url": "https://disco.example.org/server_list.json",
    "preferred_protocol": "wireguard",
    "prefer_tcp": True,
    "start_at_login": True,
    "locked": ["show_discovery", "client_id", "servers"],
    "servers": [
        {"base_url": "https://vpn.example.org", "display_name": "Example VPN"},
        {"base_url": "vpn2.example.org/staff"},
    ],
}


@pytest.mark.parametrize("fmt", [plistlib.FMT_XML, plistlib.FMT_BINARY])
def test_macos_plist_policy(tmp_path: Path, fmt: plistlib.PlistFormat) -> None:
    path = write(tmp_path / "org.sluis.Sluis.plist", plistlib.dumps(PLIST_POLICY, fmt=fmt))
    assert_full_policy(load_policy("darwin", [path], environ={}), str(path))


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><plist version="1.0"><dict><key>prefer_tcp</key><true/>',  # cut short
        b"bplist00\x00\x01garbage",
        b"not a plist at all",
        plistlib.dumps(["a", "list"]),  # valid plist, wrong shape
    ],
)
def test_broken_plist_is_reported_and_ignored(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "org.sluis.Sluis.plist", content)
    policy = load_policy("darwin", [path], environ={})
    assert not policy.in_force and policy.prefer_tcp is None
    assert len(policy.problems) == 1 and str(path) in policy.problems[0]


def test_plist_with_wrong_types(tmp_path: Path) -> None:
    raw = {"prefer_tcp": 1, "servers": [{"base_url": "https://vpn.example.org", "display_name": 7}]}
    path = write(tmp_path / "org.sluis.Sluis.plist", plistlib.dumps(raw))
    policy = load_policy("darwin", [path], environ={})
    assert policy.prefer_tcp is None
    assert policy.servers == (PredefinedServer("https://vpn.example.org/", ""),)
    assert len(policy.problems) == 2


# ---------------------------------------------------------------------------------------------
# Windows: HKLM\Software\Policies\Sluis (a fake registry with the shape winreg returns)
# ---------------------------------------------------------------------------------------------


def fake_registry(keys: dict[str, list[tuple[str, object, int]]]) -> Any:
    def read(subkey: str) -> list[tuple[str, object, int]] | None:
        return keys.get(subkey)

    return read


def _no_registry(subkey: str) -> list[tuple[str, object, int]] | None:
    return None


REGISTRY: dict[str, list[tuple[str, object, int]]] = {
    WINDOWS_POLICY_KEY: [
        ("client_id", "org.example.vpn", REG_SZ),
        ("redirect_uri", "http://127.0.0.1:{port}/callback", REG_SZ),
        ("show_discovery", 0, REG_DWORD),
        ("discovery_url", "https://disco.example.org/server_list.json", REG_SZ),
        ("preferred_protocol", "wireguard", REG_SZ),
        ("prefer_tcp", 1, REG_DWORD),
        ("start_at_login", 1, REG_DWORD),
        ("locked", ["show_discovery", "client_id", "servers"], REG_MULTI_SZ),
    ],
    WINDOWS_POLICY_KEY + "\\Servers": [
        ("https://vpn.example.org", "Example VPN", REG_SZ),
        ("vpn2.example.org/staff", "", REG_SZ),
    ],
}


def test_windows_registry_policy() -> None:
    policy = load_policy("win32", environ={}, registry_reader=fake_registry(REGISTRY))
    assert_full_policy(policy, "HKLM\\Software\\Policies\\Sluis")


def test_windows_value_names_are_case_insensitive_and_locked_may_be_a_list_in_one_string() -> None:
    keys: dict[str, list[tuple[str, object, int]]] = {
        WINDOWS_POLICY_KEY: [("PreFer_TCP", 1, REG_DWORD), ("Locked", "prefer_tcp, servers", REG_SZ)]
    }
    policy = load_policy("win32", environ={}, registry_reader=fake_registry(keys))
    assert policy.prefer_tcp is True and policy.locked == {"prefer_tcp", "servers"}


def test_windows_bad_values_are_reported() -> None:
    keys: dict[str, list[tuple[str, object, int]]] = {
        WINDOWS_POLICY_KEY: [
            ("prefer_tcp", 2, REG_DWORD),
            ("show_discovery", "yes", REG_SZ),
            ("client_id", b"\x00\x01", 3),  # REG_BINARY
        ],
        WINDOWS_POLICY_KEY + "\\Servers": [("http://plain.example.org", "Plain", REG_SZ)],
    }
    policy = load_policy("win32", environ={}, registry_reader=fake_registry(keys))
    assert policy.in_force
    assert policy.prefer_tcp is None and policy.show_discovery is None and policy.client_id is None
    assert policy.servers == ()
    assert len(policy.problems) == 4
    assert "unsupported registry type 3" in policy.problems[0]


def test_windows_without_the_key_has_no_policy() -> None:
    assert load_policy("win32", environ={}, registry_reader=_no_registry) == Policy()
    # The real reader imports and answers on Linux too (there is no registry here).
    assert load_policy("win32", environ={}) == Policy()


def test_windows_unreadable_registry_is_reported() -> None:
    def denied(subkey: str) -> list[tuple[str, object, int]] | None:
        raise PermissionError(5, "Access is denied")

    policy = load_policy("win32", environ={}, registry_reader=denied)
    assert not policy.in_force and "Access is denied" in policy.problems[0]


# ---------------------------------------------------------------------------------------------
# Applying the policy to the settings
# ---------------------------------------------------------------------------------------------


def test_unlocked_values_replace_defaults_but_not_user_choices() -> None:
    policy = Policy(prefer_tcp=True, preferred_protocol="wireguard", start_at_login=True, source="p")
    user = Settings(preferred_protocol="openvpn", extra={"window": [1, 2]})
    applied = apply_policy(user, policy)
    assert applied.prefer_tcp is True  # the user never chose: IT's default
    assert applied.start_at_login is True
    assert applied.preferred_protocol == "openvpn"  # the user's choice stands
    assert applied.extra == {"window": [1, 2]} and applied.extra is not user.extra
    assert user == Settings(preferred_protocol="openvpn", extra={"window": [1, 2]})  # not changed


def test_locked_settings_are_forced() -> None:
    policy = Policy(
        show_discovery=False,
        client_id="org.example.vpn",
        locked=frozenset({"show_discovery", "client_id", "prefer_tcp"}),
        source="p",
    )
    user = Settings(show_discovery=True, client_id="org.mine", prefer_tcp=True)
    applied = apply_policy(user, policy)
    assert applied.show_discovery is False
    assert applied.client_id == "org.example.vpn"
    assert applied.prefer_tcp is False  # locked without a value: the built-in default
    assert applied.effective_client_id == "org.example.vpn"


# ---------------------------------------------------------------------------------------------
# Predefined servers in the service and the CLI
# ---------------------------------------------------------------------------------------------


def make_service(tmp_path: Path, policy: Policy) -> VpnService:
    paths = AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")})
    memory_tokens = TokenStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    return VpnService(paths, token_store=memory_tokens, policy=policy)


def seed_user_servers(tmp_path: Path, *urls: str) -> None:
    store = ServerStore(AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")}).servers_file)
    for url in urls:
        store.add(ServerEntry(base_url=url, display_name="Mine"))


async def test_service_lists_predefined_first_and_refuses_to_remove_them(tmp_path: Path) -> None:
    seed_user_servers(tmp_path, "https://mine.example.org/", "https://vpn.example.org/")
    policy = Policy(servers=EXPECTED_SERVERS, prefer_tcp=True, source="test")
    service = make_service(tmp_path, policy)
    assert service.policy is policy and service.settings.prefer_tcp is True
    listed = service.listed_servers()
    assert [e.base_url for e in listed] == [
        "https://vpn.example.org/",  # the user had added it too: listed once, in IT's place
        "https://vpn2.example.org/staff/",
        "https://mine.example.org/",
    ]
    assert listed[0].display_name == "Mine"  # the user's entry (with its login state) is the one shown
    with pytest.raises(PolicyLockedError) as info:
        await service.remove_server("vpn2.example.org/staff")
    message = info.value.message
    assert "https://vpn2.example.org/staff/" in message and "cannot be removed" in message
    removed = await service.remove_server("https://mine.example.org")
    assert removed.base_url == "https://mine.example.org/"
    assert [e.base_url for e in service.listed_servers()][-1] == "https://vpn2.example.org/staff/"


async def test_locked_server_list_refuses_other_servers_and_allows_predefined(
    tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    predefined = PredefinedServer(demo_server.base_url + "/", "Campus VPN")
    policy = Policy(servers=(predefined,), locked=frozenset({"servers"}), source="test")
    service = make_service(tmp_path, policy)
    browser: Any = make_async_browser(str(trust_demo_ca))
    with pytest.raises(PolicyLockedError) as info:
        await service.add_server("https://elsewhere.example.org", browser)
    assert "only the servers it has set up" in info.value.message
    entry = await service.add_server(demo_server.base_url, browser)  # logs in for real
    assert entry.display_name == "Campus VPN"
    assert [e.base_url for e in service.listed_servers()] == [predefined.base_url]
    assert await service.profiles(entry.base_url)


@pytest.fixture
def cli(tmp_path: Path) -> Any:
    def run(*args: str, policy: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "SLUIS_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
        env["SLUIS_POLICY_FILE"] = str(policy) if policy else ""
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        return subprocess.run(
            [sys.executable, "-m", "gui", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def test_cli_lists_predefined_servers_first_and_will_not_remove_them(tmp_path: Path, cli: Any) -> None:
    seed_user_servers(tmp_path, "https://mine.example.org/")
    policy = write(tmp_path / "policy.toml", FULL_TOML)
    done = cli("servers", "--json", policy=policy)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["base_url"], r["name"], r["predefined"]) for r in rows] == [
        ("https://vpn.example.org/", "Example VPN", True),
        ("https://vpn2.example.org/staff/", "https://vpn2.example.org/staff/", True),
        ("https://mine.example.org/", "Mine", False),
    ]
    plain = cli("servers", policy=policy).stdout.splitlines()
    assert plain[0] == "https://vpn.example.org/\tExample VPN\tpredefined"
    assert plain[2].endswith("\tcustom")

    done = cli("remove", "https://vpn.example.org", policy=policy)
    assert done.returncode == 1
    assert "set up by your organization and cannot be removed" in done.stderr
    assert cli("remove", "https://mine.example.org", policy=policy).returncode == 0


def test_cli_with_a_broken_policy_still_works_and_says_why(tmp_path: Path, cli: Any) -> None:
    seed_user_servers(tmp_path, "https://mine.example.org/")
    policy = write(tmp_path / "policy.toml", "servers = [\n")
    done = cli("servers", policy=policy)
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["https://mine.example.org/\tMine\tcustom"]
    log_dir = AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")}).log_dir
    assert "not valid TOML" in (log_dir / LOG_FILE).read_text()  # reported in the log

    version = cli("--version", policy=policy)
    assert version.returncode == 0
    assert version.stdout.splitlines()[0] == f"Sluis {__version__}"
    assert "policy: none" in version.stdout and "not valid TOML" in version.stdout


def test_cli_version_names_backend_and_policy(tmp_path: Path, cli: Any) -> None:
    policy = write(tmp_path / "policy.toml", FULL_TOML)
    done = cli("--version", policy=policy)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == f"Sluis {__version__}"
    details = done.stdout.splitlines()[1:]
    assert details[0].startswith("backend: ")
    assert f"policy: {policy}" in details
    assert "policy: none" in cli("--version").stdout


# ---------------------------------------------------------------------------------------------
# The examples IT copies from packaging/examples say the same thing on every platform
# ---------------------------------------------------------------------------------------------

EXAMPLES = ROOT / "packaging" / "examples"


def read_reg_file(path: Path) -> dict[str, list[tuple[str, object, int]]]:
    """The subset of regedit's format the example uses: string and dword values."""
    keys: dict[str, list[tuple[str, object, int]]] = {}
    current: list[tuple[str, object, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("[HKEY_LOCAL_MACHINE\\"):
            current = keys.setdefault(line.strip("[]").removeprefix("HKEY_LOCAL_MACHINE\\"), [])
        elif line.startswith('"'):
            name, _, data = line.partition("=")
            if data.startswith("dword:"):
                current.append((name.strip('"'), int(data.removeprefix("dword:"), 16), REG_DWORD))
            else:
                current.append((name.strip('"'), data.strip('"'), REG_SZ))
    return keys


def test_the_shipped_examples_are_valid_and_agree() -> None:
    toml = load_policy("linux", [EXAMPLES / "policy.toml"], environ={})
    plist = load_policy("darwin", [EXAMPLES / "org.sluis.Sluis.plist"], environ={})
    reg = fake_registry(read_reg_file(EXAMPLES / "policy.reg"))
    registry = load_policy("win32", environ={}, registry_reader=reg)
    for policy in (toml, plist, registry):
        assert policy.in_force and policy.problems == []
        assert [s.base_url for s in policy.servers] == [
            "https://vpn.example.org/",
            "https://vpn2.example.org/",
        ]
    assert toml.setting_values() == plist.setting_values() == registry.setting_values()
    assert toml.locked == plist.locked == registry.locked == {"show_discovery", "preferred_protocol"}
    assert toml.servers == plist.servers == registry.servers


def test_saving_keeps_it_defaults_and_locked_values_out_of_the_users_file(tmp_path: Path) -> None:
    from dataclasses import replace

    from gui.core.paths import AppPaths
    from gui.core.service import VpnService
    from gui.core.settings import Settings

    policy = Policy(
        prefer_tcp=True,
        show_discovery=False,
        preferred_protocol="wireguard",
        locked=frozenset({"show_discovery"}),
        source="/etc/sluis/policy.toml",
    )
    home = tmp_path / "home"
    service = VpnService(AppPaths(home / "c", home / "d", home / "k", home / "s"), policy=policy)
    assert service.settings.prefer_tcp is True and service.settings.show_discovery is False
    # The user changes the language and (trying to) the locked setting; IT's defaults stay IT's.
    wanted = replace(service.settings, language="nl", show_discovery=True, preferred_protocol="openvpn")
    service.save_settings(wanted)
    on_disk = Settings.load(service.paths.settings_file)
    assert on_disk.language == "nl" and on_disk.preferred_protocol == "openvpn"  # the user's choices
    assert on_disk.prefer_tcp is False  # IT's default is not copied into the user's file
    assert on_disk.show_discovery is True and service.settings.show_discovery is False  # locked wins
    # When IT later drops its prefer-TCP default, the user's file does not pin the old value.
    again = VpnService(service.paths, policy=Policy(source="/etc/sluis/policy.toml"))
    assert again.settings.prefer_tcp is False and again.settings.language == "nl"
