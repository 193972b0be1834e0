"""The requests the root helper answers, each checked here, on the root side, against an allow-list.

=================  ====================================================================================
request            what the helper does
=================  ====================================================================================
``hello``          says its protocol version
``openvpn_start``  parses the profile text with the allow-list, writes ``render()`` with its own
                   device name to ``<state>/<uid>/<id>/config.ovpn`` and starts ``openvpn`` on it
                   (``--management`` socket in the same folder, on hold, ``--script-security 1``)
``management``     connects to that tunnel's management socket and hands the connection over
``wireguard_start``creates ``slwg<id>`` (kernel or wireguard-go), sets keys/peers through ``wg`` on
                   stdin, addresses, MTU, a host route to each endpoint and to a WireGuard-over-TCP
                   proxy's address, the tunnel's routes
``status``         alive or not; WireGuard byte counters
``addresses``      the global addresses on the tunnel's interface
``log_tail``       the last lines of that tunnel's OpenVPN log
``ping``           one ping inside the tunnel's network namespace (namespace tests only)
``tunnels``        the caller's recorded tunnels
``dns_set``        the tunnel's DNS servers and domains (``gui.helper.dns``: resolved, resolvconf or a
                   managed resolv.conf), undone by ``stop``
``wireguard_rejoin`` after a network change: endpoint routes through today's default route, each
                   peer's endpoint set again (``gui.helper.rejoin``)
``block_ipv6``     unreachable routes for IPv6 outside a tunnel that carries only IPv4
                   (``gui.helper.leaks``), undone by ``stop``
``stop``           takes down exactly what the record says it made, then forgets it
=================  ====================================================================================

There is no request that takes a path, a process id, or an interface name: tunnels are named by the
id the helper gave them, and only the caller's own records (``<state>/<uid>/``) are found.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
import secrets
import select
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gui.core.errors import ConfigError
from gui.helper import checks, dns, leaks, rejoin
from gui.helper.checks import HelperError, WgPeerSpec, wg_setconf_text
from gui.helper.records import TunnelRecord, UserState, write_new

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 2
UAPI_DIR = Path("/var/run/wireguard")
# OpenVPN's management socket, in the tunnel's own root-owned folder.
MANAGEMENT_SOCKET = "management.sock"
# A profile is a few kilobytes; the model refuses anything near this anyway.
MAX_CONFIG_CHARS = 1024 * 1024
_DAEMONS = frozenset({"openvpn", "wireguard-go"})
# Sluis keeps one tunnel up; a few more cover a failover restart. Beyond that, root refuses to start
# processes for whoever keeps asking.
MAX_TUNNELS_PER_USER = 4


@dataclass
class Answer:
    """One answer line, and a socket to hand over with it (``management``)."""

    fields: dict[str, Any]
    handover: socket.socket | None = None


@dataclass
class _Spawned:
    pidfd: int
    process: subprocess.Popen[bytes] = field(repr=False)


def _run(
    argv: Sequence[str], stdin: str | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(  # noqa: S603 - a fixed program and checked arguments, never a shell
            list(argv), input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise HelperError(f"{argv[0]}: {type(exc).__name__}") from None


def _checked(argv: Sequence[str], stdin: str | None = None) -> str:
    done = _run(argv, stdin)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["failed"]
        raise HelperError(f"{' '.join(argv[:3])}: {last[0][:200]}")
    return done.stdout


def _outcome(argv: Sequence[str]) -> tuple[int, str]:
    done = _run(argv)
    return done.returncode, done.stderr


def _ns_ip(netns: str | None) -> list[str]:
    return ["ip", "-n", netns] if netns else ["ip"]


def _in_ns(netns: str | None, argv: Sequence[str]) -> list[str]:
    return ["ip", "netns", "exec", netns, *argv] if netns else list(argv)


def process_start_time(pid: int) -> int | None:
    """Field 22 of ``/proc/<pid>/stat`` (clock ticks after boot), or ``None`` for no such process."""
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after the last ")".
    rest = data[data.rfind(b")") + 2 :].split()
    return int(rest[19]) if len(rest) > 19 else None


def _program(pid: int) -> str | None:
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe")).removesuffix(" (deleted)")
    except OSError:
        return None


class HelperService:
    """Answers requests for one calling user (``uid``); ``allow_netns`` only for root callers
    (tests and containers), never for a user who came through pkexec."""

    def __init__(self, state_root: Path, uid: int, *, allow_netns: bool) -> None:
        self.state = UserState(state_root, uid)
        self.allow_netns = allow_netns
        self._spawned: dict[str, _Spawned] = {}
        self._lock = threading.Lock()

    # -- the loop's entry ------------------------------------------------------------------------------

    def handle(self, request: object) -> Answer:
        """One request, checked and carried out; never raises."""
        try:
            if not isinstance(request, dict):
                raise HelperError("malformed request")
            op, args = request.get("op"), request.get("args", {})
            if not isinstance(op, str) or not isinstance(args, dict):
                raise HelperError("malformed request")
            handler: Callable[[dict[str, Any]], Answer] | None = getattr(self, f"op_{op}", None)
            if handler is None:
                raise HelperError(f"unknown request {op[:40]!r}")
            with self._lock:
                return handler(args)
        except HelperError as exc:
            return Answer({"ok": False, "error": str(exc)})
        except ConfigError as exc:
            return Answer({"ok": False, "error": str(exc), "line": exc.params.get("line")})
        except (OSError, subprocess.SubprocessError, KeyError, ValueError, TypeError) as exc:
            log.warning("request failed: %s", type(exc).__name__)
            return Answer({"ok": False, "error": f"failed: {type(exc).__name__}"})

    # -- requests --------------------------------------------------------------------------------------

    def op_hello(self, args: dict[str, Any]) -> Answer:
        return Answer({"ok": True, "version": PROTOCOL_VERSION})

    def op_tunnels(self, args: dict[str, Any]) -> Answer:
        found = []
        for tunnel in self.state.tunnels():
            with contextlib.suppress(HelperError):
                record = self.state.load(tunnel)
                found.append({"id": record.id, "kind": record.kind, "ifname": record.ifname})
        return Answer({"ok": True, "tunnels": found})

    def op_openvpn_start(self, args: dict[str, Any]) -> Answer:
        text = args.get("config")
        if not isinstance(text, str) or len(text) > MAX_CONFIG_CHARS:
            raise HelperError("invalid configuration")
        netns = self._netns(args.get("netns"))
        query_passwords = checks.flag(args.get("query_passwords", False), "query_passwords")
        from gui.core.openvpn_profile import parse_profile  # here: WireGuard-only starts skip ~3 ms

        profile = parse_profile(text)  # the same allow-list as the user side, again, as root
        record = self._new_record("openvpn", "slov", netns)
        folder = self.state.tunnel_dir(record.id)
        try:
            config = folder / "config.ovpn"
            write_new(config, profile.render(device=record.ifname).encode())
            argv = [
                "openvpn",
                "--config", str(config),
                "--management", str(folder / MANAGEMENT_SOCKET), "unix",
                "--management-hold",
                "--log", str(folder / "openvpn.log"),
                "--script-security", "1",
                # The pushed options (DNS) as >UPDOWN:ENV lines on the management socket: no script.
                "--management-up-down",
            ]  # fmt: skip
            if query_passwords:
                argv.append("--management-query-passwords")
            self._spawn(record, _in_ns(netns, argv), None)
        except BaseException:
            self._take_down(record)
            raise
        return Answer({"ok": True, "id": record.id, "ifname": record.ifname})

    def op_management(self, args: dict[str, Any]) -> Answer:
        record = self._record(args, kind="openvpn")
        path = self.state.tunnel_dir(record.id) / MANAGEMENT_SOCKET
        deadline = time.monotonic() + 10
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(str(path))
                return Answer({"ok": True}, handover=sock)
            except OSError:
                sock.close()
                if not self._alive(record):
                    raise HelperError("OpenVPN exited at once: " + self._log_tail(record)) from None
                if time.monotonic() > deadline:
                    raise HelperError("OpenVPN did not open its management socket") from None
                time.sleep(0.002)  # it opens within milliseconds: a coarser step is waited out whole

    def op_wireguard_start(self, args: dict[str, Any]) -> Answer:
        netns = self._netns(args.get("netns"))
        private_key = args.get("private_key")
        if not checks.is_wireguard_key(private_key):
            raise HelperError("invalid private key")
        assert isinstance(private_key, str)
        peers = [WgPeerSpec.from_json(p) for p in checks.string_list(args.get("peers"), "peers", 64)]
        if not peers:
            raise HelperError("no peers")
        addresses = [
            checks.interface_address(a) for a in checks.string_list(args.get("addresses"), "addresses")
        ]
        routes = [checks.network(r) for r in checks.string_list(args.get("routes", []), "routes", 4096)]
        mtu = checks.integer(args.get("mtu", 1420), 576, 65535, "MTU")
        endpoint_routes = checks.flag(args.get("endpoint_routes", False), "endpoint_routes")
        # WireGuard over TCP: the proxy's address, kept on the current path like a UDP endpoint.
        proxy_hosts = [checks.address(a) for a in checks.string_list(args.get("proxy_hosts", []), "proxy", 4)]
        setconf = wg_setconf_text(private_key, peers)
        record = self._new_record("wireguard", "slwg", netns)
        try:
            self._create_wireguard_link(record)
            ifname = record.ifname
            _checked(_in_ns(netns, ["wg", "setconf", ifname, "/dev/stdin"]), setconf)
            for address in addresses:
                family = "-6" if ":" in address else "-4"
                _checked([*_ns_ip(netns), family, "addr", "add", address, "dev", ifname])
            _checked([*_ns_ip(netns), "link", "set", ifname, "mtu", str(mtu), "up"])
            if endpoint_routes:
                hosts = [p.endpoint_host for p in peers if p.endpoint_host is not None] + proxy_hosts
                for host in dict.fromkeys(hosts):
                    self._endpoint_route(record, host)
            for dest in routes:
                self._route(record, dest, None, ifname)
        except BaseException:
            self._take_down(record)
            raise
        return Answer({"ok": True, "id": record.id, "ifname": record.ifname})

    def op_status(self, args: dict[str, Any]) -> Answer:
        record = self._record(args)
        alive = self._alive(record)
        fields: dict[str, Any] = {"ok": True, "alive": alive}
        if record.kind == "wireguard" and alive:
            done = _run(_in_ns(record.netns, ["wg", "show", record.ifname, "transfer"]))
            if done.returncode == 0:
                rx = tx = 0
                for line in done.stdout.splitlines():
                    parts = line.split("\t")
                    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                        rx, tx = rx + int(parts[1]), tx + int(parts[2])
                fields.update(rx=rx, tx=tx)
        return Answer(fields)

    def op_addresses(self, args: dict[str, Any]) -> Answer:
        record = self._record(args)
        done = _run([*_ns_ip(record.netns), "-j", "addr", "show", "dev", record.ifname])
        found: list[str] = []
        if done.returncode == 0:
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                for link in json.loads(done.stdout or "[]"):
                    for info in link.get("addr_info", []):
                        if info.get("scope") == "global":
                            found.append(f"{info['local']}/{info['prefixlen']}")
        return Answer({"ok": True, "addresses": found})

    def op_log_tail(self, args: dict[str, Any]) -> Answer:
        return Answer({"ok": True, "lines": self._log_tail(self._record(args, kind="openvpn"))})

    def op_ping(self, args: dict[str, Any]) -> Answer:
        record = self._record(args)
        if record.netns is None:
            raise HelperError("ping is only for tunnels in a network namespace")
        target = checks.address(args.get("address"))
        size = checks.integer(args.get("size", 56), 0, 65507, "ping size")
        done = _run(_in_ns(record.netns, ["ping", "-n", "-q", "-c", "1", "-W", "1", "-s", str(size), target]))
        return Answer({"ok": True, "returncode": done.returncode})

    def op_dns_set(self, args: dict[str, Any]) -> Answer:
        record = self._record(args)
        mechanism = self._dns(record).apply(dns.DnsRequest.from_args(args))
        return Answer({"ok": True, "mechanism": mechanism})

    def _dns(self, record: TunnelRecord) -> dns.TunnelDns:
        def sibling(tunnel: str) -> Path | None:
            return self.state.tunnel_dir(tunnel) if tunnel in self.state.tunnels() else None

        return dns.TunnelDns(self.state.tunnel_dir(record.id), record.ifname, record.netns, _run, sibling)

    def op_wireguard_rejoin(self, args: dict[str, Any]) -> Answer:
        record = self._record(args, kind="wireguard")
        peers = [WgPeerSpec.from_json(p) for p in checks.string_list(args.get("peers"), "peers", 64)]
        # WireGuard over TCP: the peers' endpoint is Sluis's proxy on loopback, and what must move to
        # today's network is the proxy's own connection to its server.
        proxy_hosts = [checks.address(a) for a in checks.string_list(args.get("proxy_hosts", []), "proxy", 4)]
        # Only the endpoint routes move (those not into the tunnel); the tunnel's own routes stay.
        moved = [r for r in record.routes if r[2] != record.ifname]
        for dest, via, dev in moved:
            argv = [*_ns_ip(record.netns), "-6" if ":" in str(dest) else "-4", "route", "del", str(dest)]
            _run([*argv, *(["via", str(via)] if via else []), "dev", str(dev)])
        record.routes = [r for r in record.routes if r[2] == record.ifname]
        self.state.save(record)
        halves = {"0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"}
        full = any(str(dest) in halves for dest, _via, _dev in record.routes)
        # Only the tunnel's own peers are touched: "wg set … peer" would create any other one.
        known = set(_checked(_in_ns(record.netns, ["wg", "show", record.ifname, "peers"])).split())
        if full:
            for address in dict.fromkeys(proxy_hosts):
                self._route_via_today(record, address)
        for peer in peers:
            if peer.endpoint_host is None or peer.public_key not in known:
                continue
            if full:
                self._route_via_today(record, peer.endpoint_host)
            host = f"[{peer.endpoint_host}]" if ":" in peer.endpoint_host else peer.endpoint_host
            endpoint = f"{host}:{peer.endpoint_port}"
            _checked(
                _in_ns(
                    record.netns, ["wg", "set", record.ifname, "peer", peer.public_key, "endpoint", endpoint]
                )
            )
        return Answer({"ok": True})

    def _route_via_today(self, record: TunnelRecord, address: str) -> None:
        """A host route to ``address`` through today's default route (not one of Sluis's tunnels).
        A loopback address (WireGuard over TCP: the endpoint is Sluis's local proxy) gets none:
        routed out through a gateway, it would cut the tunnel off."""
        if ipaddress.ip_address(address).is_loopback:
            return
        family = "-6" if ":" in address else "-4"
        out = _run([*_ns_ip(record.netns), "-j", family, "route", "show", "default"]).stdout
        path = rejoin.default_path(out, record.ifname)
        if path is not None:
            self._route(record, f"{address}/{128 if ':' in address else 32}", path[0], path[1])

    def op_block_ipv6(self, args: dict[str, Any]) -> Answer:
        record = self._record(args)
        added = leaks.block(self.state.tunnel_dir(record.id), record.netns, _outcome)
        return Answer({"ok": True, "routes": added})

    def op_stop(self, args: dict[str, Any]) -> Answer:
        self._take_down(self._record(args))
        return Answer({"ok": True})

    # -- what the helper made, and only that -------------------------------------------------------------

    def _netns(self, value: object) -> str | None:
        name = checks.netns(value)
        if name is not None and not self.allow_netns:
            raise HelperError("network namespaces are for root callers only")
        return name

    def _record(self, args: dict[str, Any], kind: str | None = None) -> TunnelRecord:
        record = self.state.load(checks.tunnel_id(args.get("id")))
        if kind is not None and record.kind != kind:
            raise HelperError(f"not an {kind} tunnel")
        return record

    def _new_record(self, kind: str, prefix: str, netns: str | None) -> TunnelRecord:
        if len(self.state.tunnels()) >= MAX_TUNNELS_PER_USER:
            raise HelperError(f"{MAX_TUNNELS_PER_USER} tunnels are up already; stop one first")
        for _ in range(10):
            tunnel = secrets.token_hex(3)
            try:
                self.state.create_tunnel_dir(tunnel)
            except FileExistsError:
                continue
            record = TunnelRecord(tunnel, kind, prefix + tunnel, netns)
            self.state.save(record)
            return record
        raise HelperError("no free tunnel id")

    def _spawn(self, record: TunnelRecord, argv: list[str], log_path: Path | None) -> None:
        out: Any = subprocess.DEVNULL
        if log_path is not None:
            out = os.open(
                log_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
            )
        try:
            process = subprocess.Popen(  # noqa: S603 - a fixed program and checked arguments
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
            )
        finally:
            if isinstance(out, int) and out >= 0:
                os.close(out)
        pidfd = os.pidfd_open(process.pid)
        self._spawned[record.id] = _Spawned(pidfd, process)
        # Reaped here while this helper runs; a tunnel outlives it (it runs in its own session).
        threading.Thread(target=process.wait, daemon=True).start()
        record.pid = process.pid
        record.start_time = process_start_time(process.pid)
        self.state.save(record)

    def _create_wireguard_link(self, record: TunnelRecord) -> None:
        kernel = _run([*_ns_ip(record.netns), "link", "add", record.ifname, "type", "wireguard"])
        if kernel.returncode == 0:
            record.created_link = True
            self.state.save(record)
            return
        log.info("no WireGuard kernel module; using wireguard-go")
        folder = self.state.tunnel_dir(record.id)
        self._spawn(
            record, _in_ns(record.netns, ["wireguard-go", "-f", record.ifname]), folder / "wireguard-go.log"
        )
        socket_path = UAPI_DIR / f"{record.ifname}.sock"
        for _ in range(2500):  # 5 s in 2 ms steps: the socket comes within milliseconds
            if socket_path.exists():
                record.created_link = True
                self.state.save(record)
                return
            if not self._alive(record):
                break
            time.sleep(0.002)
        raise HelperError("wireguard-go did not start (is it installed?)")

    def _endpoint_route(self, record: TunnelRecord, endpoint: str) -> None:
        """Keep the encrypted packets on the current path once the tunnel takes the default route."""
        out = _checked([*_ns_ip(record.netns), "-j", "route", "get", endpoint])
        try:
            routes = json.loads(out or "[]")
            route = routes[0] if routes else None
        except (ValueError, IndexError, TypeError):
            route = None
        if not isinstance(route, dict):
            return
        dev, via = route.get("dev"), route.get("gateway")
        if not isinstance(dev, str) or dev in {"lo", record.ifname} or dev.startswith(("slwg", "slov")):
            return
        via = checks.address(via) if via is not None else None
        self._route(record, f"{endpoint}/{128 if ':' in endpoint else 32}", via, dev)

    def _route(self, record: TunnelRecord, dest: str, via: str | None, dev: str) -> None:
        family = "-6" if ":" in dest else "-4"
        argv = [*_ns_ip(record.netns), family, "route", "add", dest]
        if via is not None:
            argv += ["via", via]
        # "add", never "replace": an existing route is not ours to change, so it is not recorded.
        done = _run([*argv, "dev", dev])
        if done.returncode != 0:
            if "File exists" in done.stderr:
                return
            raise HelperError(f"route {dest}: {done.stderr.strip()[:200]}")
        record.routes.append([dest, via, dev])
        self.state.save(record)

    def _alive(self, record: TunnelRecord) -> bool:
        if record.kind == "wireguard" and record.pid is None:
            done = _run([*_ns_ip(record.netns), "link", "show", record.ifname])
            return done.returncode == 0
        spawned = self._spawned.get(record.id)
        if spawned is not None:
            return spawned.process.poll() is None
        pidfd = self._same_process(record)
        if pidfd is None:
            return False
        os.close(pidfd)  # only a check: the descriptor is not kept (one per status request would leak)
        return True

    def _same_process(self, record: TunnelRecord) -> int | None:
        """A pidfd for the recorded process if it is still that very process (same start time, a
        program the helper starts); ``None`` when it is gone or the pid now names another."""
        if record.pid is None or record.start_time is None:
            return None
        try:
            pidfd = os.pidfd_open(record.pid)
        except OSError:
            return None
        # Checked after opening: from here on the pidfd pins the process, a reuse cannot slip in.
        if process_start_time(record.pid) != record.start_time or _program(record.pid) not in _DAEMONS:
            os.close(pidfd)
            return None
        return pidfd

    def _stop_process(self, record: TunnelRecord) -> None:
        spawned = self._spawned.pop(record.id, None)
        pidfd = spawned.pidfd if spawned is not None else self._same_process(record)
        if pidfd is None:
            return
        try:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(pidfd, signal.SIGTERM)
            poller = select.poll()
            poller.register(pidfd, select.POLLIN)
            if not poller.poll(5000):
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                poller.poll(2000)
        finally:
            os.close(pidfd)

    def _take_down(self, record: TunnelRecord) -> None:
        """Undo what the record says the helper made, newest first; forget the tunnel."""
        try:
            self._dns(record).restore()
        except (HelperError, OSError, ValueError, KeyError) as exc:
            log.warning("restoring the DNS of %s failed: %s", record.ifname, exc)
        leaks.unblock(self.state.tunnel_dir(record.id), record.netns, _outcome)
        for dest, via, dev in reversed(record.routes):
            argv = [*_ns_ip(record.netns), "-6" if ":" in str(dest) else "-4", "route", "del", str(dest)]
            if via is not None:
                argv += ["via", str(via)]
            _run([*argv, "dev", str(dev)])
        self._stop_process(record)
        if record.created_link and record.pid is None:
            _run([*_ns_ip(record.netns), "link", "del", record.ifname])
        self.state.remove(record.id)

    def _log_tail(self, record: TunnelRecord, lines: int = 20) -> str:
        path = self.state.tunnel_dir(record.id) / "openvpn.log"
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return ""
        with os.fdopen(fd, "rb") as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 8192))
            text = handle.read().decode(errors="replace")
        return "\n".join(text.strip().splitlines()[-lines:])
