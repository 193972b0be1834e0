"""The system-wide policy IT sets for Sluis: predefined servers, defaults and locked settings.

Where it lives depends on the platform, as administrators expect it there:

* Linux (and other Unix): ``/etc/sluis/policy.toml``
* Windows: the registry key ``HKLM\\Software\\Policies\\Sluis`` (Group Policy / Intune)
* macOS: ``/Library/Managed Preferences/org.sluis.Sluis.plist`` (a configuration profile, MDM)

``SLUIS_POLICY_FILE`` names a file to read instead, on any platform (``.plist`` by its suffix, TOML
otherwise): for tests and for trying a policy before rolling it out.

A policy is read once at start. It never stops Sluis: a file that cannot be parsed is reported and
ignored as a whole, and a single bad value is reported and skipped while the rest applies. The
``problems`` of a policy are plain English for logs and ``sluis --version``; they are meant for IT,
not for translation.

What a value means: a value the policy sets is the default, used as long as the user has not chosen
something else; a setting named in ``locked`` takes the policy's value (or the built-in default when the
policy sets none) every time, and the settings page shows it as not changeable.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gui.core.errors import InvalidServerUrlError
from gui.core.protocols import Protocol
from gui.core.settings import Settings
from gui.core.urls import normalize_base_url

log = logging.getLogger(__name__)

ENV_POLICY_FILE = "SLUIS_POLICY_FILE"
LINUX_POLICY_FILE = Path("/etc/sluis/policy.toml")
MACOS_POLICY_FILE = Path("/Library/Managed Preferences/org.sluis.Sluis.plist")
WINDOWS_POLICY_KEY = r"Software\Policies\Sluis"
# Subkey of :data:`WINDOWS_POLICY_KEY`: one value per server, name = base URL, data = display name
# (what an ADMX ``<list explicitValue="true">`` writes).
WINDOWS_SERVERS_SUBKEY = "Servers"
# A policy larger than this is not a policy but a mistake (or an attack on the parser).
MAX_POLICY_BYTES = 1024 * 1024

# The settings a policy can set, with the type each must have.
BOOL_SETTINGS = ("show_discovery", "prefer_tcp", "start_at_login")
STR_SETTINGS = ("client_id", "redirect_uri", "discovery_url", "preferred_protocol")
# What ``locked`` may name: every setting above, plus ``servers`` (the user may add no servers of
# their own: only the predefined ones are offered).
LOCKABLE = frozenset((*BOOL_SETTINGS, *STR_SETTINGS, "servers"))
KNOWN_KEYS = frozenset((*BOOL_SETTINGS, *STR_SETTINGS, "servers", "locked"))

# Registry value types (winreg's constants, spelled out so this module imports everywhere).
REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 1, 2, 4, 7, 11

# Reads the values of one key below ``HKEY_LOCAL_MACHINE``: ``(name, data, type)`` in the registry's
# order, or ``None`` when the key does not exist. Injected in tests; :func:`read_hklm_values` on Windows.
RegistryReader = Callable[[str], list[tuple[str, object, int]] | None]


@dataclass(frozen=True)
class PredefinedServer:
    """A server IT put in the list: shown first, and the user cannot remove it."""

    base_url: str
    display_name: str = ""


@dataclass(frozen=True)
class Policy:
    """What IT decided. ``None`` means "the policy says nothing about this"."""

    servers: tuple[PredefinedServer, ...] = ()
    show_discovery: bool | None = None
    discovery_url: str | None = None
    client_id: str | None = None
    redirect_uri: str | None = None
    preferred_protocol: str | None = None
    prefer_tcp: bool | None = None
    start_at_login: bool | None = None
    locked: frozenset[str] = frozenset()
    # The file or registry key the policy was read from; ``""``: no policy is in force.
    source: str = ""
    # What was wrong with it, in English for IT (every entry was logged as a warning too).
    problems: list[str] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return bool(self.source)

    def is_locked(self, setting: str) -> bool:
        return setting in self.locked

    def is_predefined(self, url: str) -> bool:
        try:
            key = normalize_base_url(url)
        except InvalidServerUrlError:
            return False
        return any(server.base_url == key for server in self.servers)

    def setting_values(self) -> dict[str, bool | str]:
        """The settings this policy sets, by ``Settings`` field name."""
        values: dict[str, bool | str] = {}
        for name in (*BOOL_SETTINGS, *STR_SETTINGS):
            value = getattr(self, name)
            if value is not None:
                values[name] = value
        return values


def apply_policy(settings: Settings, policy: Policy) -> Settings:
    """The settings in force: a locked setting takes the policy's value (or the built-in default);
    an unlocked one the policy sets replaces the built-in default only, so a choice the user made
    survives. Returns a new ``Settings``; the argument is not changed, and the user's file keeps the
    user's own choices."""
    defaults = Settings()
    values = policy.setting_values()
    changes: dict[str, Any] = {}
    for f in fields(Settings):
        name = f.name
        if name in policy.locked:
            changes[name] = values.get(name, getattr(defaults, name))
        elif name in values and getattr(settings, name) == getattr(defaults, name):
            changes[name] = values[name]
    return replace(settings, extra=dict(settings.extra), **changes)


def user_choices(effective: Settings, previous_user: Settings, policy: Policy) -> Settings:
    """What to write to the user's file when the settings in force become ``effective``: the user's
    own choices only. A value still equal to what the policy put in force is left as the user's file
    had it (so a later change of IT's defaults reaches the user), and a locked setting keeps the
    user's old value (the policy decides it anyway)."""
    in_force = apply_policy(previous_user, policy)
    keep: dict[str, Any] = {}
    for f in fields(Settings):
        name = f.name
        if name == "extra":
            continue
        policy_made = getattr(in_force, name) != getattr(previous_user, name)
        if name in policy.locked or (policy_made and getattr(effective, name) == getattr(in_force, name)):
            keep[name] = getattr(previous_user, name)
    return replace(effective, extra=dict(effective.extra), **keep)


def load_policy(
    platform: str = sys.platform,
    paths: Sequence[Path] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    registry_reader: RegistryReader | None = None,
) -> Policy:
    """The policy in force for ``platform``; ``Policy()`` when there is none. Never raises.

    ``paths`` replaces the platform's file locations (the first that exists is read);
    ``registry_reader`` replaces the Windows registry."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_POLICY_FILE, "")
    if override:
        path = Path(override)
        policy = _read_file(path, plist=path.suffix.lower() == ".plist")
    elif platform == "win32" and paths is None:
        policy = read_registry_policy(registry_reader)
    else:
        plist = platform == "darwin"
        candidates = paths if paths is not None else [MACOS_POLICY_FILE if plist else LINUX_POLICY_FILE]
        policy = Policy()
        for candidate in candidates:
            if candidate.exists():
                policy = _read_file(candidate, plist=candidate.suffix.lower() == ".plist")
                break
    for problem in policy.problems:
        log.warning("policy: %s", problem)
    if policy.in_force:
        log.info("policy in force from %s", policy.source)
    return policy


def read_toml_policy(path: Path) -> Policy:
    return _read_file(path, plist=False)


def read_plist_policy(path: Path) -> Policy:
    return _read_file(path, plist=True)


def _read_file(path: Path, *, plist: bool) -> Policy:
    """A whole file, or nothing of it when it cannot be parsed: half a policy read from a broken
    file could lock the wrong things."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_POLICY_BYTES + 1)
    except FileNotFoundError:
        return Policy(problems=[f"{path}: the policy file does not exist; no policy applied"])
    except OSError as exc:
        return Policy(problems=[f"{path}: cannot be read ({exc.strerror or exc}); no policy applied"])
    if len(data) > MAX_POLICY_BYTES:
        return Policy(problems=[f"{path}: larger than {MAX_POLICY_BYTES} bytes; no policy applied"])
    # Here, not at the top: most machines have no policy file, and every ``sluis`` command reads
    # the policy (plistlib and tomllib are some 3 ms of ``sluis servers``).
    import plistlib
    import tomllib

    try:
        raw: Any = plistlib.loads(data) if plist else tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return Policy(problems=[f"{path}: not UTF-8 text; no policy applied"])
    except tomllib.TOMLDecodeError as exc:
        return Policy(problems=[f"{path}: not valid TOML ({exc}); no policy applied"])
    except Exception as exc:
        # plistlib lets several kinds through (InvalidFileException, expat's ExpatError, ValueError,
        # OverflowError): whatever a broken file provokes, it must not stop Sluis.
        return Policy(problems=[f"{path}: not a valid property list ({exc}); no policy applied"])
    if not isinstance(raw, dict):
        return Policy(problems=[f"{path}: the top level is not a dictionary; no policy applied"])
    return policy_from_mapping(raw, source=str(path))


def policy_from_mapping(raw: Mapping[str, Any], *, source: str) -> Policy:
    """Validate every value; a bad one is reported in ``problems`` and left out."""
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(f"{source}: {text}")

    values: dict[str, Any] = {}
    for key in sorted(set(raw) - KNOWN_KEYS, key=str):
        problem(f"unknown key {key!r} ignored")
    for name in BOOL_SETTINGS:
        if name in raw:
            value = raw[name]
            if isinstance(value, bool):
                values[name] = value
            else:
                problem(f"{name} must be true or false, not {_kind(value)}; ignored")
    for name in STR_SETTINGS:
        if name in raw:
            value = raw[name]
            if not isinstance(value, str):
                problem(f"{name} must be a string, not {_kind(value)}; ignored")
                continue
            error = _STRING_CHECKS[name](value)
            if error:
                problem(f"{name} {value!r} {error}; ignored")
            else:
                values[name] = value.strip()
    servers = _servers(raw.get("servers", []), problem)
    locked = _locked(raw.get("locked", []), problem)
    return Policy(servers=servers, locked=locked, source=source, problems=problems, **values)


def _servers(raw: Any, problem: Callable[[str], None]) -> tuple[PredefinedServer, ...]:
    if not isinstance(raw, list):
        problem(f"servers must be a list of tables, not {_kind(raw)}; ignored")
        return ()
    servers: dict[str, PredefinedServer] = {}
    for index, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"base_url": item}
        if not isinstance(item, dict) or not isinstance(item.get("base_url"), str):
            problem(f"servers entry {index} has no base_url string; ignored")
            continue
        name = item.get("display_name", "")
        if not isinstance(name, str):
            problem(f"servers entry {index}: display_name must be a string; the address is shown instead")
            name = ""
        for key in sorted(set(item) - {"base_url", "display_name"}, key=str):
            problem(f"servers entry {index}: unknown key {key!r} ignored")
        try:
            base_url = normalize_base_url(item["base_url"])
        except InvalidServerUrlError as exc:
            problem(f"servers entry {index}: {exc.message}; ignored")
            continue
        if base_url in servers:
            problem(f"servers entry {index}: {base_url} is listed twice; the first one is kept")
            continue
        servers[base_url] = PredefinedServer(base_url, name.strip())
    return tuple(servers.values())


def _locked(raw: Any, problem: Callable[[str], None]) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        problem(f"locked must be a list of setting names, not {_kind(raw)}; nothing is locked")
        return frozenset()
    unknown = sorted(set(raw) - LOCKABLE)
    if unknown:
        problem(f"locked names unknown settings {', '.join(unknown)}; those are ignored")
    return frozenset(raw) & LOCKABLE


def _check_client_id(value: str) -> str | None:
    if not value.strip() or any(c.isspace() or not c.isprintable() for c in value.strip()):
        return "is not a valid OAuth client_id"
    return None


def _check_redirect_uri(value: str) -> str | None:
    """A loopback ``http://127.0.0.1:{port}/…`` (RFC 8252 section 7.3) or a private-use scheme
    (``org.example.app:/callback``, section 7.1); anything else would send the authorization code to
    another host."""
    text = value.strip()
    if not text or any(c.isspace() for c in text):
        return "is not a valid redirect URI"
    try:
        parts = urlsplit(text.replace("{port}", "1"))
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "is not a valid redirect URI"
    scheme = parts.scheme.lower()
    if scheme == "http":
        if parts.hostname not in ("127.0.0.1", "::1", "localhost"):
            return "must be a loopback address (http://127.0.0.1:{port}/…) or a private-use scheme"
        return None
    if scheme == "https" or not scheme or "." not in scheme:
        return "must be a loopback address (http://127.0.0.1:{port}/…) or a private-use scheme"
    return None


def _check_discovery_url(value: str) -> str | None:
    if not value.strip():
        return None  # "": the built-in discovery location
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return "is not a valid address"
    if parts.scheme.lower() != "https" or not parts.hostname:
        return "must be an https:// address"
    return None


def _check_protocol(value: str) -> str | None:
    allowed = ["", *(p.value for p in Protocol)]
    if value.strip() not in allowed:
        return f"is not one of {', '.join(repr(a) for a in allowed)}"
    return None


_STRING_CHECKS: dict[str, Callable[[str], str | None]] = {
    "client_id": _check_client_id,
    "redirect_uri": _check_redirect_uri,
    "discovery_url": _check_discovery_url,
    "preferred_protocol": _check_protocol,
}


def _kind(value: object) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list"}.get(
        type(value), type(value).__name__
    )


# ------------------------------------------------------------------------------------------------
# Windows: HKLM\Software\Policies\Sluis
# ------------------------------------------------------------------------------------------------


def read_registry_policy(reader: RegistryReader | None = None) -> Policy:
    """The policy from the registry, in the same shape as the files: ``REG_DWORD`` 0/1 for the
    switches, ``REG_SZ`` for text, ``REG_MULTI_SZ`` for ``locked`` and the ``Servers`` subkey."""
    read = reader if reader is not None else read_hklm_values
    source = "HKLM\\" + WINDOWS_POLICY_KEY
    try:
        values = read(WINDOWS_POLICY_KEY)
        server_values = read(WINDOWS_POLICY_KEY + "\\" + WINDOWS_SERVERS_SUBKEY)
    except OSError as exc:
        return Policy(problems=[f"{source}: cannot be read ({exc}); no policy applied"])
    if values is None and server_values is None:
        return Policy()
    raw: dict[str, Any] = {}
    problems: list[str] = []
    for name, data, kind in values or []:
        key = name.lower()
        if key in BOOL_SETTINGS and kind in (REG_DWORD, REG_QWORD) and data in (0, 1):
            raw[key] = bool(data)
        elif key == "locked" and kind == REG_SZ and isinstance(data, str):
            raw[key] = [part.strip() for part in data.split(",") if part.strip()]
        elif kind in (REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD, REG_MULTI_SZ):
            raw[key] = data  # the shared validation reports a wrong type
        else:
            problems.append(f"{source}: value {name!r} has an unsupported registry type {kind}; ignored")
    if server_values is not None:
        raw["servers"] = [
            {"base_url": name, "display_name": data if isinstance(data, str) else ""}
            for name, data, _kind_ in server_values
        ]
    policy = policy_from_mapping(raw, source=source)
    policy.problems[:0] = problems
    return policy


def read_hklm_values(subkey: str) -> list[tuple[str, object, int]] | None:  # pragma: no cover - Windows
    """The values of ``HKEY_LOCAL_MACHINE\\<subkey>`` (64-bit view), ``None`` when absent."""
    if sys.platform == "win32":  # mypy checks this block only for Windows
        import winreg

        try:
            key = winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE, subkey, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY
            )
        except FileNotFoundError:
            return None
        with key:
            count = winreg.QueryInfoKey(key)[1]
            return [winreg.EnumValue(key, index) for index in range(count)]
    return None
