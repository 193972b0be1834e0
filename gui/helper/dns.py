"""A tunnel's DNS, set and undone by the root helper (request ``dns_set``; undone by ``stop``).

What the helper is sent is content only: IP addresses, domain names and one flag, each checked
here against an allow-list (``DnsRequest.from_args``). Where they go is the helper's own choice,
never the caller's:

* **systemd-resolved** (it runs and ``/etc/resolv.conf`` points at it): per-link servers and
  domains on the tunnel's interface through ``busctl`` (D-Bus ``org.freedesktop.resolve1``). A
  default-gateway tunnel also gets the routing domain ``~.`` and ``DefaultRoute``, so no name is
  asked outside the tunnel; a split tunnel gets its search domains only. ``busctl`` ships with
  systemd itself wherever resolved runs (``resolvectl`` is a separate package on some
  distributions) and needs no Python D-Bus library in the root program. Undone by ``RevertLink``
  (and by the link going away).
* **resolvconf / openresolv**: an entry named after the interface, removed with ``-d``.
* **a managed resolv.conf** otherwise, and always for a tunnel in a network namespace (its
  ``/etc/netns/<ns>/resolv.conf``, which ``ip netns exec`` mounts over ``/etc/resolv.conf``): the
  previous file (or link, or its absence) is kept in the tunnel's root-only folder and put back
  byte for byte when the tunnel goes down, provided the file is still the one the helper wrote.

The record (``dns.json`` in the tunnel's folder) is written *before* anything changes, so a helper
that dies half-way leaves enough for ``stop`` (or the stale clean-up of a later run) to undo it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import ipaddress
import json
import logging
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gui.core.jsonlimits import JsonInputError, loads_limited
from gui.helper.checks import TUNNEL_ID, HelperError

log = logging.getLogger(__name__)

Runner = Callable[[Sequence[str], str | None], "subprocess.CompletedProcess[str]"]

RECORD = "dns.json"
HOST_RESOLV_CONF = Path("/etc/resolv.conf")
NETNS_ETC = Path("/etc/netns")
RESOLVED_RUNTIME = Path("/run/systemd/resolve")
MAX_SERVERS = 8
MAX_DOMAINS = 32
# glibc reads at most three nameserver lines.
RESOLV_CONF_MAX_SERVERS = 3
MAX_PREVIOUS_BYTES = 1024 * 1024
MARKER = "# Sluis: DNS of VPN tunnel "
_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?", re.ASCII)


def domain_name(value: object) -> str:
    """A DNS name as resolvers take it: dot-separated labels of letters, digits, ``-`` and ``_``,
    at most 253 characters; a trailing dot is dropped. Nothing else (no spaces, no ``~``, no
    line breaks) reaches a file or a command."""
    if not isinstance(value, str) or not value.isascii() or len(value) > 254:
        raise HelperError("invalid domain name")
    name = value.removesuffix(".")
    if not name or len(name) > 253 or not all(_LABEL.fullmatch(label) for label in name.split(".")):
        raise HelperError("invalid domain name")
    return name.lower()


def _server(value: object) -> str:
    try:
        if not isinstance(value, str) or "%" in value or not value.isascii():
            raise ValueError(value)
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise HelperError("invalid DNS server address") from None


@dataclass(frozen=True)
class DnsRequest:
    """What ``dns_set`` carries: the tunnel's DNS servers, its domains, and whether every name goes
    through the tunnel (a default-gateway profile) or only names in ``domains`` (a split one)."""

    servers: tuple[str, ...]
    domains: tuple[str, ...]
    default_route: bool

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> DnsRequest:
        servers, domains = args.get("servers"), args.get("domains", [])
        if not isinstance(servers, list) or not 1 <= len(servers) <= MAX_SERVERS:
            raise HelperError("invalid DNS servers")
        if not isinstance(domains, list) or len(domains) > MAX_DOMAINS:
            raise HelperError("invalid DNS domains")
        default_route = args.get("default_route")
        if not isinstance(default_route, bool):
            raise HelperError("invalid default_route")
        return cls(
            tuple(dict.fromkeys(_server(s) for s in servers)),
            tuple(dict.fromkeys(domain_name(d) for d in domains)),
            default_route,
        )


# -- systemd-resolved ----------------------------------------------------------------------------------

_RESOLVE1 = ["busctl", "call", "org.freedesktop.resolve1", "/org/freedesktop/resolve1",
             "org.freedesktop.resolve1.Manager"]  # fmt: skip


def resolved_commands(ifindex: int, request: DnsRequest) -> list[list[str]]:
    """The ``busctl`` calls that give link ``ifindex`` the tunnel's DNS (``SetLinkDNS``,
    ``SetLinkDomains``, ``SetLinkDefaultRoute``); every argument is a checked address or name."""
    dns: list[str] = [str(len(request.servers))]
    for server in request.servers:
        packed = ipaddress.ip_address(server).packed
        dns += [str(10 if len(packed) == 16 else 2), str(len(packed)), *(str(b) for b in packed)]
    domains = [(d, False) for d in request.domains]
    if request.default_route:
        domains.append((".", True))  # "~.": every name not routed elsewhere goes to this link
    flat: list[str] = [str(len(domains))]
    for name, routing_only in domains:
        flat += [name, "true" if routing_only else "false"]
    link = str(ifindex)
    return [
        [*_RESOLVE1, "SetLinkDNS", "ia(iay)", link, *dns],
        [*_RESOLVE1, "SetLinkDomains", "ia(sb)", link, *flat],
        [*_RESOLVE1, "SetLinkDefaultRoute", "ib", link, "true" if request.default_route else "false"],
    ]


def resolved_revert(ifindex: int) -> list[str]:
    return [*_RESOLVE1, "RevertLink", "i", str(ifindex)]


def resolved_in_charge(resolv_conf: Path = HOST_RESOLV_CONF, runtime: Path = RESOLVED_RUNTIME) -> bool:
    """resolved runs (its varlink socket exists) and the system's resolver file is resolved's:
    a link to its files or its stub address. Otherwise per-link settings would change nothing."""
    if not (runtime / "io.systemd.Resolve").exists() or shutil.which("busctl") is None:
        return False
    with contextlib.suppress(OSError):
        if resolv_conf.is_symlink() and str(runtime) in os.path.realpath(resolv_conf):
            return True
        text = resolv_conf.read_text(errors="replace")
        return any(line.split()[1:2] == ["127.0.0.53"] for line in text.splitlines() if line.strip())
    return False


# -- resolvconf ----------------------------------------------------------------------------------------


def resolvconf_entry(ifname: str) -> str:
    return f"{ifname}.sluis"


def resolvconf_add(ifname: str, request: DnsRequest, *, openresolv: bool) -> tuple[list[str], str]:
    """``resolvconf -a`` and its input; openresolv puts the entry first (``-m 0``) and, for a
    default-gateway tunnel, uses it alone (``-x``)."""
    argv = ["resolvconf", "-a", resolvconf_entry(ifname)]
    if openresolv:
        argv += ["-m", "0"] + (["-x"] if request.default_route else [])
    return argv, resolv_conf_lines(request)


def resolvconf_delete(ifname: str, *, openresolv: bool) -> list[str]:
    return ["resolvconf", "-d", resolvconf_entry(ifname), *(["-f"] if openresolv else [])]


# -- a managed resolv.conf -----------------------------------------------------------------------------


def resolv_conf_lines(request: DnsRequest, previous: bytes | None = None) -> str:
    """The tunnel's ``nameserver``/``search`` lines. A split tunnel keeps the previous servers
    after its own (names outside the tunnel still resolve); a default-gateway tunnel does not
    (nothing may be asked outside). ``options`` lines of the previous file are kept."""
    servers = list(request.servers)
    search = list(request.domains)
    options: list[str] = []
    for line in (previous or b"").decode(errors="replace").splitlines():
        words = line.split()
        if not words or words[0].startswith(("#", ";")):
            continue
        if words[0] == "nameserver" and len(words) > 1 and not request.default_route:
            with contextlib.suppress(HelperError):
                servers.append(_server(words[1]))
        elif words[0] in ("search", "domain"):
            for word in words[1:]:
                with contextlib.suppress(HelperError):
                    search.append(domain_name(word))
        elif words[0] == "options":
            options.append(" ".join(w for w in words if w.isascii() and w.isprintable()))
    lines = [f"nameserver {s}" for s in list(dict.fromkeys(servers))[:RESOLV_CONF_MAX_SERVERS]]
    if search:
        lines.append("search " + " ".join(dict.fromkeys(search)))
    return "\n".join([*lines, *options]) + "\n"


def resolv_conf_path(netns: str | None) -> Path:
    return NETNS_ETC / netns / "resolv.conf" if netns else HOST_RESOLV_CONF


def _root_only_dir(path: Path) -> None:
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o022:
        raise HelperError(f"{path} is not a folder only root can change; refusing to touch it")


def _snapshot(path: Path) -> dict[str, Any]:
    """The file as it is: a link (its target), a file (its bytes, mode, owner), or absent."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return {"kind": "absent"}
    if stat.S_ISLNK(info.st_mode):
        return {"kind": "link", "target": os.readlink(path)}
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PREVIOUS_BYTES:
        raise HelperError(f"{path} is not an ordinary resolver file; refusing to replace it")
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_PREVIOUS_BYTES + 1)
    return {
        "kind": "file",
        "data": base64.b64encode(data).decode(),
        "mode": stat.S_IMODE(info.st_mode),
        "uid": info.st_uid,
        "gid": info.st_gid,
    }


def _current_bytes(path: Path) -> bytes | None:
    """The content of ``path`` when it is an ordinary file (a link is never followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(MAX_PREVIOUS_BYTES + 1)


def _previous_text(path: Path, snapshot: dict[str, Any]) -> bytes | None:
    if snapshot["kind"] == "file":
        return base64.b64decode(snapshot["data"])
    if snapshot["kind"] == "link":
        with contextlib.suppress(OSError):
            return path.read_bytes()[:MAX_PREVIOUS_BYTES]
    return None


def _replace(path: Path, make: Callable[[Path], None]) -> None:
    """Put what ``make`` creates at a fresh name beside ``path`` in its place, in one rename."""
    tmp = path.parent / f".{path.name}.sluis-{os.urandom(4).hex()}"
    try:
        make(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_file(data: bytes, mode: int = 0o644, uid: int = 0, gid: int = 0) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchown(handle.fileno(), uid, gid)
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())

    return make


# -- one tunnel's DNS ----------------------------------------------------------------------------------


def choose_mechanism(netns: str | None) -> str:
    """``resolved``, ``resolvconf`` or ``file`` (always ``file`` inside a network namespace: the
    host's resolver services do not serve it)."""
    if netns is not None:
        return "file"
    if resolved_in_charge():
        return "resolved"
    if shutil.which("resolvconf") is not None:
        return "resolvconf"
    return "file"


def _is_openresolv(run: Runner) -> bool:
    done = run(["resolvconf", "--version"], None)
    return done.returncode == 0 and "openresolv" in done.stdout.lower()


@dataclass
class TunnelDns:
    """The DNS of the tunnel whose root-only folder is ``folder`` (``ifname`` in ``netns``).

    ``sibling`` finds the folder of another tunnel of the same user by its id (a managed file that
    another of this user's tunnels wrote is not "the previous file": that tunnel's own saved
    original is)."""

    folder: Path
    ifname: str
    netns: str | None
    run: Runner
    sibling: Callable[[str], Path | None]
    mechanism: Callable[[str | None], str] = choose_mechanism

    def apply(self, request: DnsRequest) -> str:
        """Set the tunnel's DNS (undoing an earlier ``apply`` first); returns the mechanism."""
        self.restore()
        mechanism = self.mechanism(self.netns)
        if mechanism == "resolved":
            self._apply_resolved(request)
        elif mechanism == "resolvconf":
            self._apply_resolvconf(request)
        else:
            self._apply_file(request)
        return mechanism

    def restore(self) -> None:
        """Undo what the record says was done; forget the record. Never raises for a file someone
        else has changed since: that one is left alone (it is not the helper's any more)."""
        record = read_record(self.folder)
        if record is None:
            return
        kind = record.get("mechanism")
        if kind == "resolved" and isinstance(record.get("ifindex"), int):
            self.run(resolved_revert(record["ifindex"]), None)
        elif kind == "resolvconf":
            self.run(resolvconf_delete(self.ifname, openresolv=bool(record.get("openresolv"))), None)
        elif kind == "file":
            self._restore_file(record)
        (self.folder / RECORD).unlink(missing_ok=True)

    # -- mechanisms -----------------------------------------------------------------------------------

    def _save(self, record: dict[str, Any]) -> None:
        tmp = self.folder / f".{RECORD}.{os.urandom(4).hex()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(record).encode())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.folder / RECORD)

    def _apply_resolved(self, request: DnsRequest) -> None:
        try:
            ifindex = int(Path(f"/sys/class/net/{self.ifname}/ifindex").read_text().strip())
        except (OSError, ValueError):
            raise HelperError(f"no interface {self.ifname}") from None
        self._save({"mechanism": "resolved", "ifindex": ifindex})
        for argv in resolved_commands(ifindex, request):
            done = self.run(argv, None)
            if done.returncode != 0:
                raise HelperError(f"systemd-resolved refused {argv[5]}: {done.stderr.strip()[:200]}")

    def _apply_resolvconf(self, request: DnsRequest) -> None:
        openresolv = _is_openresolv(self.run)
        self._save({"mechanism": "resolvconf", "openresolv": openresolv})
        argv, text = resolvconf_add(self.ifname, request, openresolv=openresolv)
        done = self.run(argv, text)
        if done.returncode != 0:
            raise HelperError(f"resolvconf: {done.stderr.strip()[:200]}")

    def _apply_file(self, request: DnsRequest) -> None:
        path = resolv_conf_path(self.netns)
        created_dir = False
        if self.netns is not None:
            _root_only_dir(NETNS_ETC.parent)
            for folder in (NETNS_ETC, path.parent):
                with contextlib.suppress(FileExistsError):
                    os.mkdir(folder, 0o755)
                    created_dir = folder == path.parent
        _root_only_dir(path.parent)
        previous = self._inherited(path) or _snapshot(path)
        marker = f"{MARKER}{self.ifname}; the previous file comes back when it goes down.\n"
        text = (marker + resolv_conf_lines(request, _previous_text(path, previous))).encode()
        self._save(
            {
                "mechanism": "file",
                "path": str(path),
                "previous": previous,
                "written": hashlib.sha256(text).hexdigest(),
                "created_dir": created_dir,
            }
        )
        _replace(path, _write_file(text))

    def _inherited(self, path: Path) -> dict[str, Any] | None:
        """When ``path`` is a file another tunnel of this user wrote, that tunnel's saved original."""
        current = _current_bytes(path)
        if current is None or not current.startswith(MARKER.encode()):
            return None
        name = current[len(MARKER) :].split(b";", 1)[0].decode(errors="replace")
        tunnel = name[4:]
        if not TUNNEL_ID.fullmatch(tunnel) or name == self.ifname:
            return None
        folder = self.sibling(tunnel)
        other = read_record(folder) if folder is not None else None
        if other is None or other.get("path") != str(path) or not isinstance(other.get("previous"), dict):
            return None
        previous: dict[str, Any] = other["previous"]
        return previous

    def _restore_file(self, record: dict[str, Any]) -> None:
        path = resolv_conf_path(self.netns)
        if record.get("path") != str(path):
            return
        current = _current_bytes(path)
        if current is None or hashlib.sha256(current).hexdigest() != record.get("written"):
            log.info("%s changed since the tunnel set it; left as it is", path)
            return
        previous = record.get("previous")
        kind = previous.get("kind") if isinstance(previous, dict) else None
        if kind == "file":
            assert isinstance(previous, dict)
            data = base64.b64decode(str(previous["data"]))
            _replace(
                path, _write_file(data, int(previous["mode"]), int(previous["uid"]), int(previous["gid"]))
            )
        elif kind == "link":
            assert isinstance(previous, dict)
            target = str(previous["target"])
            _replace(path, lambda tmp: os.symlink(target, tmp))
        elif kind == "absent":
            path.unlink(missing_ok=True)
            if record.get("created_dir"):
                with contextlib.suppress(OSError):
                    path.parent.rmdir()


def read_record(folder: Path) -> dict[str, Any] | None:
    """The tunnel's DNS record (root-only folder, no links followed), or ``None``."""
    try:
        fd = os.open(folder / RECORD, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(4 * MAX_PREVIOUS_BYTES)
    try:
        record = loads_limited(data, max_bytes=4 * MAX_PREVIOUS_BYTES, max_depth=4)
    except JsonInputError:
        return None
    return record if isinstance(record, dict) else None
