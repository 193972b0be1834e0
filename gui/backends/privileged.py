"""The few steps that need root, as a fixed, validated command set.

Sluis never builds a shell string from server data. Every privileged step is one named operation
(``OPS``) whose arguments are checked here (interface names, addresses, prefixes, keys, paths inside
the private runtime directory) and turned into an ``argv`` list. The same code runs in two ways:

* in-process, when Sluis already runs as root (CI, containers, the supervisor started by root);
* as ``pkexec python3 -m gui.backends.privileged --serve``: a helper that reads one JSON request per
  line on stdin and answers one JSON line on stdout. The polkit policy
  ``packaging/linux/org.sluis.Sluis.policy`` names this program, so the desktop asks once per
  helper start, not once per command.

``netns`` (a network namespace name) runs every step inside that namespace through
``ip netns exec``; the tests use it to keep each tunnel inside namespaces they create.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gui.core.wgkeys import is_valid_key

_IFNAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,14}", re.ASCII)
_NETNS = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}", re.ASCII)
# The programs a helper may start or signal, by basename.
_DAEMONS = frozenset({"wireguard-go", "openvpn"})


class PrivilegedError(Exception):
    """A refused or failed privileged step; ``str()`` is safe to log (no keys)."""


# ---------------------------------------------------------------------------------------------------
# Validation


def check_ifname(value: object) -> str:
    if not isinstance(value, str) or not _IFNAME.fullmatch(value):
        raise PrivilegedError(f"invalid interface name {value!r}")
    return value


def check_netns(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _NETNS.fullmatch(value):
        raise PrivilegedError("invalid network namespace name")
    return value


def check_interface_address(value: object) -> str:
    try:
        if not isinstance(value, str) or "%" in value:
            raise ValueError(value)
        return str(ipaddress.ip_interface(value))
    except ValueError:
        raise PrivilegedError(f"invalid interface address {value!r}") from None


def check_network(value: object) -> str:
    try:
        if not isinstance(value, str) or "%" in value:
            raise ValueError(value)
        return str(ipaddress.ip_network(value, strict=False))
    except ValueError:
        raise PrivilegedError(f"invalid network {value!r}") from None


def check_address(value: object) -> str:
    try:
        if not isinstance(value, str) or "%" in value:
            raise ValueError(value)
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise PrivilegedError(f"invalid address {value!r}") from None


def check_mtu(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 576 <= value <= 65535:
        raise PrivilegedError(f"invalid MTU {value!r}")
    return value


def check_port(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
        raise PrivilegedError(f"invalid port {value!r}")
    return value


def check_private_path(value: object, runtime_root: Path) -> str:
    """A file inside Sluis' private runtime tree (where configs and sockets live), nothing else."""
    if not isinstance(value, str) or "\x00" in value:
        raise PrivilegedError("invalid path")
    path = Path(os.path.normpath(value))
    root = Path(os.path.normpath(runtime_root))
    # The tree belongs to the user: a symlink planted in it must not lead root's openvpn elsewhere
    # (``--config`` reads and ``--log`` truncates as root), so the resolved path must stay inside too.
    real_root = Path(os.path.realpath(root))
    if (
        not path.is_absolute()
        or root not in path.parents
        or real_root not in Path(os.path.realpath(path)).parents
    ):
        raise PrivilegedError(f"path {value!r} is outside {root}")
    return str(path)


@dataclass(frozen=True)
class WgPeerSpec:
    """What ``wg setconf`` needs for one peer (validated; the preshared key is a secret)."""

    public_key: str
    allowed_ips: tuple[str, ...]
    endpoint_host: str | None
    endpoint_port: int | None
    persistent_keepalive: int | None = None
    preshared_key: str | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> WgPeerSpec:
        key = raw.get("public_key")
        if not isinstance(key, str) or not is_valid_key(key):
            raise PrivilegedError("invalid peer public key")
        psk = raw.get("preshared_key")
        if psk is not None and (not isinstance(psk, str) or not is_valid_key(psk)):
            raise PrivilegedError("invalid preshared key")
        host = raw.get("endpoint_host")
        port = raw.get("endpoint_port")
        if host is not None:
            host = check_address(host)  # names are resolved before the privileged step
            port = check_port(port)
        keepalive = raw.get("persistent_keepalive")
        if keepalive is not None and (not isinstance(keepalive, int) or not 0 <= keepalive <= 65535):
            raise PrivilegedError("invalid keepalive")
        allowed = raw.get("allowed_ips", [])
        if not isinstance(allowed, list):
            raise PrivilegedError("invalid allowed IPs")
        return cls(key, tuple(check_network(a) for a in allowed), host, port, keepalive, psk)

    def to_json(self) -> dict[str, Any]:
        return {
            "public_key": self.public_key,
            "allowed_ips": list(self.allowed_ips),
            "endpoint_host": self.endpoint_host,
            "endpoint_port": self.endpoint_port,
            "persistent_keepalive": self.persistent_keepalive,
            "preshared_key": self.preshared_key,
        }


def wg_setconf_text(private_key: str, peers: Sequence[WgPeerSpec]) -> str:
    """The ``wg setconf`` input (``wg`` syntax, not wg-quick: no Address/DNS/MTU); it holds keys and
    goes to ``wg`` on stdin only, never to a file."""
    if not is_valid_key(private_key):
        raise PrivilegedError("invalid private key")
    lines = ["[Interface]", f"PrivateKey = {private_key}"]
    for peer in peers:
        lines += ["[Peer]", f"PublicKey = {peer.public_key}"]
        if peer.preshared_key:
            lines.append(f"PresharedKey = {peer.preshared_key}")
        if peer.allowed_ips:
            lines.append("AllowedIPs = " + ", ".join(peer.allowed_ips))
        if peer.endpoint_host is not None:
            host = f"[{peer.endpoint_host}]" if ":" in peer.endpoint_host else peer.endpoint_host
            lines.append(f"Endpoint = {host}:{peer.endpoint_port}")
        if peer.persistent_keepalive:
            lines.append(f"PersistentKeepalive = {peer.persistent_keepalive}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# The operations


@dataclass(frozen=True)
class Step:
    """One program run: ``argv`` plus what goes to its stdin (which may hold keys)."""

    argv: tuple[str, ...]
    stdin: str | None = None


def _in_ns(netns: str | None, argv: Sequence[str]) -> tuple[str, ...]:
    return ("ip", "netns", "exec", netns, *argv) if netns else tuple(argv)


def build_step(op: str, args: dict[str, Any], runtime_root: Path) -> Step:
    """The validated ``argv`` of one operation (no daemons: see ``spawn_argv``)."""
    netns = check_netns(args.get("netns"))
    if op == "link_add_wireguard":
        return Step(
            ("ip", *_ns_flag(netns), "link", "add", check_ifname(args["ifname"]), "type", "wireguard")
        )
    if op == "link_del":
        return Step(("ip", *_ns_flag(netns), "link", "del", check_ifname(args["ifname"])))
    if op == "link_up":
        argv = ["ip", *_ns_flag(netns), "link", "set", check_ifname(args["ifname"])]
        if args.get("mtu") is not None:
            argv += ["mtu", str(check_mtu(args["mtu"]))]
        return Step((*argv, "up"))
    if op == "addr_add":
        address = check_interface_address(args["address"])
        family = "-6" if ":" in address else "-4"
        return Step(
            ("ip", *_ns_flag(netns), family, "addr", "add", address, "dev", check_ifname(args["ifname"]))
        )
    if op == "route_add":
        dest = check_network(args["dest"])
        family = "-6" if ":" in dest else "-4"
        argv = ["ip", *_ns_flag(netns), family, "route", "replace", dest]
        if args.get("via") is not None:
            argv += ["via", check_address(args["via"])]
        argv += ["dev", check_ifname(args["ifname"])]
        return Step(tuple(argv))
    if op == "route_del":
        dest = check_network(args["dest"])
        family = "-6" if ":" in dest else "-4"
        return Step(("ip", *_ns_flag(netns), family, "route", "del", dest))
    if op == "route_get":
        address = check_address(args["address"])
        return Step(("ip", *_ns_flag(netns), "-j", "route", "get", address))
    if op == "addr_show":
        return Step(("ip", *_ns_flag(netns), "-j", "addr", "show", "dev", check_ifname(args["ifname"])))
    if op == "wg_setconf":
        raw_peers = args.get("peers", [])
        if not isinstance(raw_peers, list) or not all(isinstance(p, dict) for p in raw_peers):
            raise PrivilegedError("invalid peers")
        peers = [WgPeerSpec.from_json(p) for p in raw_peers]
        text = wg_setconf_text(str(args.get("private_key", "")), peers)
        return Step(_in_ns(netns, ("wg", "setconf", check_ifname(args["ifname"]), "/dev/stdin")), text)
    if op == "wg_show_dump":
        return Step(_in_ns(netns, ("wg", "show", check_ifname(args["ifname"]), "dump")))
    if op == "ping":
        size = args.get("size", 56)
        if not isinstance(size, int) or not 0 <= size <= 65507:
            raise PrivilegedError("invalid ping size")
        address = check_address(args["address"])
        return Step(_in_ns(netns, ("ping", "-n", "-q", "-c", "1", "-W", "1", "-s", str(size), address)))
    raise PrivilegedError(f"unknown operation {op!r}")


def _ns_flag(netns: str | None) -> tuple[str, ...]:
    return ("-n", netns) if netns else ()


def spawn_argv(op: str, args: dict[str, Any], runtime_root: Path) -> tuple[str, ...]:
    """The validated ``argv`` of a daemon start: wireguard-go, or openvpn on a private config."""
    netns = check_netns(args.get("netns"))
    if op == "wireguard_go":
        return _in_ns(netns, ("wireguard-go", "-f", check_ifname(args["ifname"])))
    if op == "openvpn":
        config = check_private_path(args["config"], runtime_root)
        management = check_private_path(args["management"], runtime_root)
        log = check_private_path(args["log"], runtime_root)
        argv = [
            "openvpn",
            "--config",
            config,
            # Given after --config, so they override the server's text.
            "--dev",
            check_ifname(args["ifname"]),
            "--dev-type",
            "tun",
            "--management",
            management,
            "unix",
            "--management-hold",
            "--management-client-user",
            "root" if args.get("owner") is None else _user(args["owner"]),
            "--log",
            log,
            "--script-security",
            "1",
        ]
        if args.get("query_passwords"):
            argv += ["--management-query-passwords"]
        return _in_ns(netns, argv)
    raise PrivilegedError(f"unknown daemon {op!r}")


def _user(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", value):
        raise PrivilegedError("invalid user name")
    return value


# ---------------------------------------------------------------------------------------------------
# Runners


@dataclass(frozen=True)
class StepResult:
    returncode: int
    stdout: str
    stderr: str


class Helper(ABC):
    """Runs privileged operations; one instance per backend."""

    def __init__(self, runtime_root: Path) -> None:
        self.runtime_root = runtime_root

    @abstractmethod
    async def run(self, op: str, **args: Any) -> StepResult: ...

    @abstractmethod
    async def spawn(self, op: str, **args: Any) -> int:
        """Start a daemon in its own session (it outlives Sluis); returns its pid."""

    @abstractmethod
    async def kill(self, pid: int) -> None:
        """SIGTERM a daemon this helper started (checked by its program name)."""

    async def check(self, op: str, **args: Any) -> str:
        result = await self.run(op, **args)
        if result.returncode != 0:
            message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
            raise PrivilegedError(f"{op}: {message}")
        return result.stdout

    async def close(self) -> None:  # noqa: B027 - only the pkexec helper has a process to stop
        """Stop a helper process, if there is one."""


def _run_step(step: Step) -> StepResult:
    done = subprocess.run(  # noqa: S603 - a validated argv list, never a shell
        list(step.argv), input=step.stdin, capture_output=True, text=True, timeout=30, check=False
    )
    return StepResult(done.returncode, done.stdout, done.stderr)


def _spawn(argv: Sequence[str], log_path: str | None = None) -> int:
    # O_NOFOLLOW: a link swapped in after the path check must not make root append elsewhere.
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    out = os.fdopen(os.open(log_path, flags, 0o600), "ab") if log_path else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(  # noqa: S603 - a validated argv list, never a shell
            list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
        )
    finally:
        if log_path and not isinstance(out, int):
            out.close()
    # The child is reaped by whoever outlives it; a watcher thread keeps this process from a zombie.
    import threading

    threading.Thread(target=proc.wait, daemon=True).start()
    return proc.pid


def _program_of(pid: int) -> str | None:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\x00")
    except OSError:
        return None
    names = [os.path.basename(part.decode(errors="replace")) for part in cmdline if part]
    # "ip netns exec NS openvpn …" execs into openvpn, so argv[0] is the daemon itself.
    return names[0] if names else None


def _kill(pid: int) -> None:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 1:
        raise PrivilegedError("invalid pid")
    program = _program_of(pid)
    if program is None:
        return  # already gone
    if program not in _DAEMONS:
        raise PrivilegedError(f"pid {pid} is not a VPN daemon Sluis starts")
    os.kill(pid, signal.SIGTERM)


def execute(request: dict[str, Any], runtime_root: Path) -> dict[str, Any]:
    """One request of the helper protocol, validated and run; never raises."""
    try:
        op = request.get("op")
        args = request.get("args", {})
        if not isinstance(op, str) or not isinstance(args, dict):
            raise PrivilegedError("malformed request")
        if op == "spawn":
            daemon = args.pop("daemon", None)
            argv = spawn_argv(str(daemon), args, runtime_root)
            log = check_private_path(args["log"], runtime_root) if daemon == "openvpn" else None
            return {"ok": True, "pid": _spawn(argv, log)}
        if op == "kill":
            _kill(args.get("pid"))  # type: ignore[arg-type]
            return {"ok": True}
        result = _run_step(build_step(op, args, runtime_root))
        return {"ok": True, "returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
    except (PrivilegedError, KeyError, OSError, subprocess.SubprocessError) as exc:
        return {"ok": False, "error": str(exc) if isinstance(exc, PrivilegedError) else type(exc).__name__}


class InProcessHelper(Helper):
    """Sluis is root already: the same validation, run in a thread."""

    async def run(self, op: str, **args: Any) -> StepResult:
        step = build_step(op, args, self.runtime_root)
        try:
            return await asyncio.to_thread(_run_step, step)
        except (OSError, subprocess.SubprocessError) as exc:
            # As ``execute`` answers the pkexec client: a missing or hung program is a refused step.
            raise PrivilegedError(f"{op}: {type(exc).__name__}") from None

    async def spawn(self, op: str, **args: Any) -> int:
        answer = await asyncio.to_thread(
            execute, {"op": "spawn", "args": {"daemon": op, **args}}, self.runtime_root
        )
        if not answer.get("ok"):
            raise PrivilegedError(str(answer.get("error")))
        return int(answer["pid"])

    async def kill(self, pid: int) -> None:
        await asyncio.to_thread(_kill, pid)


class PkexecHelper(Helper):
    """A helper process started through polkit; requests and answers are JSON lines."""

    def __init__(self, runtime_root: Path, python: str | None = None) -> None:
        super().__init__(runtime_root)
        self._python = python or sys.executable
        self._proc: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    def command(self) -> list[str]:
        return [
            "pkexec",
            self._python,
            "-m",
            "gui.backends.privileged",
            "--serve",
            "--runtime-root",
            str(self.runtime_root),
        ]

    async def _request(self, request: dict[str, Any]) -> dict[str, Any]:
        async with self._lock:
            if self._proc is None or self._proc.returncode is not None:
                self._proc = await asyncio.create_subprocess_exec(
                    *self.command(), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
                )
            assert self._proc.stdin is not None
            assert self._proc.stdout is not None
            self._proc.stdin.write(json.dumps(request).encode() + b"\n")
            await self._proc.stdin.drain()
            line = await self._proc.stdout.readline()
        if not line:
            raise PrivilegedError("the privileged helper was not authorized or stopped")
        answer: dict[str, Any] = json.loads(line)
        if not answer.get("ok"):
            raise PrivilegedError(str(answer.get("error")))
        return answer

    async def run(self, op: str, **args: Any) -> StepResult:
        answer = await self._request({"op": op, "args": args})
        return StepResult(int(answer["returncode"]), str(answer["stdout"]), str(answer["stderr"]))

    async def spawn(self, op: str, **args: Any) -> int:
        answer = await self._request({"op": "spawn", "args": {"daemon": op, **args}})
        return int(answer["pid"])

    async def kill(self, pid: int) -> None:
        await self._request({"op": "kill", "args": {"pid": pid}})

    async def close(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            await self._proc.wait()


def make_helper(runtime_root: Path, *, is_root: Callable[[], bool] | None = None) -> Helper:
    """In-process when root, else a pkexec helper (``PrivilegedError`` when pkexec is missing)."""
    root = os.geteuid() == 0 if is_root is None else is_root()
    if root:
        return InProcessHelper(runtime_root)
    if shutil.which("pkexec") is None:
        raise PrivilegedError("pkexec is not installed: Sluis needs it (or root) to set up a tunnel")
    return PkexecHelper(runtime_root)


def serve(runtime_root: Path) -> int:
    """The helper loop: one JSON request per stdin line, one JSON answer per stdout line."""
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            answer: dict[str, Any] = {"ok": False, "error": "malformed request"}
        else:
            answer = execute(request, runtime_root) if isinstance(request, dict) else {"ok": False}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sluis-privileged")
    parser.add_argument("--serve", action="store_true", required=True)
    parser.add_argument("--runtime-root", required=True)
    args = parser.parse_args(argv)
    root = Path(args.runtime_root)
    if not root.is_absolute():
        parser.error("--runtime-root must be absolute")
    caller = os.environ.get("PKEXEC_UID")
    if caller is not None and root != allowed_runtime_root(int(caller)):
        # Started through polkit by a user: only that user's own Sluis runtime dir, never a path
        # the caller picks (openvpn would read any file it is pointed at, as root).
        parser.error(f"--runtime-root must be {allowed_runtime_root(int(caller))}")
    return serve(root)


def allowed_runtime_root(uid: int) -> Path:
    """The one runtime dir a pkexec-started helper accepts: ``/run/user/<uid>/sluis``."""
    return Path(f"/run/user/{uid}/sluis")


if __name__ == "__main__":
    sys.exit(main())
