"""Network namespaces for tunnel tests: a client and a "VPN server" namespace joined by a veth pair.

Nothing leaves the machine and nothing touches the host's routes or resolv.conf: every address is
inside the namespaces created here, and ``Lab.close`` kills what it started by pid and deletes the
namespaces (also when a test fails). Interface names carry a per-lab id, because wireguard-go's
control sockets live in the shared ``/var/run/wireguard``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gui.core.paths import AppPaths
from gui.core.servers import ServerEntry
from gui.core.service import VpnService
from gui.core.tokens import Tokens, TokenStore
from gui.core.urls import normalize_base_url
from gui.demoserver import DemoServer

CLIENT_IP = "10.99.7.1"
SERVER_IP = "10.99.7.2"
WG_SERVER_PORT = 51820
OVPN_PORT = 1194


def require_root(*programs: str) -> None:
    """Skip with the reason when this is not root or a needed program is missing; in CI
    (``SLUIS_REQUIRE_ROOT=1``, set by .ci/run) that is a failure instead: the real tunnels must run."""
    problem = None
    if os.geteuid() != 0:
        problem = "needs root for network namespaces (CI runs these as root)"
    else:
        missing = [p for p in ("ip", "nft", *programs) if shutil.which(p) is None]
        if missing:
            problem = f"needs {', '.join(missing)} (see tests/apt-packages.txt)"
    if problem is not None:
        if os.environ.get("SLUIS_REQUIRE_ROOT"):
            pytest.fail(f"SLUIS_REQUIRE_ROOT is set but this test {problem}")
        pytest.skip(problem)


def run(*argv: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=30, check=check)


@dataclass
class Lab:
    """Two namespaces: ``client`` (where Sluis' tunnel lives) and ``server`` (the VPN peer)."""

    tag: str
    workdir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    pidfiles: list[Path] = field(default_factory=list)
    #: NetworkManager's pid when ``networkmanager(lab)`` runs one (its files live in its mount namespace).
    nm_pid: int | None = None

    @property
    def client(self) -> str:
        return f"slc{self.tag}"

    @property
    def server(self) -> str:
        return f"sls{self.tag}"

    def ns(self, netns: str, *argv: str, stdin: str | None = None, check: bool = True) -> str:
        return run("ip", "netns", "exec", netns, *argv, stdin=stdin, check=check).stdout

    def ping(self, address: str, *, count: int = 1, wait: int = 2) -> bool:
        done = run(
            "ip",
            "netns",
            "exec",
            self.client,
            "ping",
            "-n",
            "-q",
            "-c",
            str(count),
            "-W",
            str(wait),
            address,
            check=False,
        )
        return done.returncode == 0

    def links(self, netns: str) -> list[str]:
        out = run("ip", "-n", netns, "-o", "link", "show").stdout
        return [line.split(": ")[1].split("@")[0] for line in out.splitlines() if ": " in line]

    def start(
        self, argv: Sequence[str], *, netns: str | None = None, log: Path | None = None
    ) -> subprocess.Popen[bytes]:
        full = ["ip", "netns", "exec", netns or self.server, *argv]
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        if log and not isinstance(out, int):
            out.close()
        self.procs.append(proc)
        return proc

    # -- VPN servers in the server namespace --------------------------------------------------------

    def wireguard_server(self, demo: DemoServer, profile_id: str) -> str:
        """A wireguard-go peer with the demo server's key and its registered peers; returns its ifname."""
        ifname = f"wgs{self.tag}"
        proc = self.start(["wireguard-go", "-f", ifname])
        sock = Path(f"/var/run/wireguard/{ifname}.sock")
        for _ in range(250):
            if sock.exists():
                break
            assert proc.poll() is None, "wireguard-go exited"
            time.sleep(0.02)
        self.sync_wireguard_peers(demo, ifname)
        pool = demo.state.wireguard.pool(profile_id)
        address4, address6 = pool.server_addresses
        run("ip", "-n", self.server, "addr", "add", str(address4), "dev", ifname)
        run("ip", "-n", self.server, "-6", "addr", "add", str(address6), "dev", ifname)
        run("ip", "-n", self.server, "link", "set", ifname, "mtu", "1420", "up")
        return ifname

    def sync_wireguard_peers(self, demo: DemoServer, ifname: str) -> None:
        lines = [
            "[Interface]",
            f"PrivateKey = {demo.state.wireguard.private_key}",
            f"ListenPort = {WG_SERVER_PORT}",
        ]
        for peer in demo.state.wireguard_peers().values():
            lines += [
                "[Peer]",
                f"PublicKey = {peer.public_key}",
                "AllowedIPs = " + ", ".join(peer.allowed_ips),
            ]
        self.ns(self.server, "wg", "setconf", ifname, "/dev/stdin", stdin="\n".join(lines) + "\n")

    def openvpn_server(self, demo: DemoServer, proto: str, subnet: str, extra: Sequence[str] = ()) -> Path:
        """An OpenVPN 2.6 server with the demo server's CA, certificate and tls-crypt key."""
        pki = demo.state.pki
        material = self.workdir / "pki"
        material.mkdir(exist_ok=True, mode=0o700)
        for name, text in (
            ("ca.crt", pki.ca_pem),
            ("server.crt", pki.server_cert_pem),
            ("server.key", pki.server_key_pem),
            ("tc.key", pki.tls_crypt_key),
        ):
            (material / name).write_text(text)
        dev = f"tso{proto[0]}{self.tag}"
        pidfile = self.workdir / f"ovpn-{proto}.pid"
        logfile = self.workdir / f"ovpn-{proto}.log"
        conf = self.workdir / f"server-{proto}.conf"
        conf.write_text(
            "\n".join(
                [
                    f"cd {material}",
                    f"dev {dev}",
                    "dev-type tun",
                    f"proto {'udp' if proto == 'udp' else 'tcp-server'}",
                    f"local {SERVER_IP}",
                    f"port {OVPN_PORT}",
                    "topology subnet",
                    f"server {subnet} 255.255.255.0",
                    "keepalive 10 60",
                    "dh none",
                    "tls-server",
                    "tls-version-min 1.3",
                    "data-ciphers AES-256-GCM:CHACHA20-POLY1305",
                    "ca ca.crt",
                    "cert server.crt",
                    "key server.key",
                    "tls-crypt tc.key",
                    f"writepid {pidfile}",
                    f"log {logfile}",
                    "verb 3",
                    *extra,
                ]
            )
            + "\n"
        )
        self.ns(self.server, "openvpn", "--config", str(conf), "--daemon")
        self.pidfiles.append(pidfile)
        for _ in range(100):
            if pidfile.exists() and "Initialization Sequence Completed" in logfile.read_text(
                errors="replace"
            ):
                break
            time.sleep(0.05)
        else:
            raise AssertionError(
                "OpenVPN server did not start:\n" + logfile.read_text(errors="replace")[-2000:]
            )
        return pidfile

    # -- DNS: the client's resolver file and a responder in the server namespace ----------------------

    def resolv_conf(self, netns: str | None = None) -> Path:
        """``/etc/netns/<ns>/resolv.conf``: what ``ip netns exec`` mounts over /etc/resolv.conf."""
        return Path("/etc/netns") / (netns or self.client) / "resolv.conf"

    def set_resolv_conf(self, text: str, netns: str | None = None) -> Path:
        path = self.resolv_conf(netns)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def dns_responder(self, names: dict[str, str]) -> Path:
        """A DNS responder on UDP 53 of every server-namespace address (tunnel ones included);
        returns the file it logs the queried names to."""
        log = self.workdir / f"dns-{secrets.token_hex(2)}.log"
        log.touch()
        script = Path(__file__).with_name("dns_responder.py")
        pairs = [f"{name}={address}" for name, address in names.items()]
        proc = self.start([sys.executable, str(script), str(log), *pairs])
        ready = Path(f"{log}.ready")
        for _ in range(250):
            if ready.exists():
                return log
            assert proc.poll() is None, "the DNS responder exited"
            time.sleep(0.02)
        raise AssertionError("the DNS responder did not start")

    def resolve(self, name: str, netns: str | None = None) -> str | None:
        """The IPv4 address ``name`` resolves to in the client namespace (glibc, as programs do)."""
        done = run("ip", "netns", "exec", netns or self.client, "getent", "ahostsv4", name, check=False)
        words = done.stdout.split()
        return words[0] if done.returncode == 0 and words else None

    def kill_pidfile(self, pidfile: Path) -> None:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for pidfile in self.pidfiles:
            self.kill_pidfile(pidfile)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
            if proc.poll() is None:
                proc.kill()
        # Anything still running inside the namespaces (a tunnel a failed test left) is ended by pid.
        for netns in (self.client, self.server):
            pids = run("ip", "netns", "pids", netns, check=False).stdout.split()
            for pid in pids:
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid), signal.SIGTERM)
        time.sleep(0.2)
        for netns in (self.client, self.server):
            for pid in run("ip", "netns", "pids", netns, check=False).stdout.split():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
            run("ip", "netns", "del", netns, check=False)
            shutil.rmtree(Path("/etc/netns") / netns, ignore_errors=True)
        for sock in (
            Path("/var/run/wireguard").glob(f"*{self.tag}*.sock")
            if Path("/var/run/wireguard").exists()
            else ()
        ):
            sock.unlink(missing_ok=True)


@contextlib.contextmanager
def lab(workdir: Path, *, configure_client: bool = True) -> Iterator[Lab]:
    """Client namespace 10.99.7.1/24 (default route via the server) ↔ server namespace 10.99.7.2/24."""
    the_lab = Lab(secrets.token_hex(3), workdir)
    try:
        run("ip", "netns", "add", the_lab.client)
        run("ip", "netns", "add", the_lab.server)
        va, vb = f"vc{the_lab.tag}", f"vs{the_lab.tag}"
        run("ip", "link", "add", va, "type", "veth", "peer", "name", vb)
        run("ip", "link", "set", va, "netns", the_lab.client)
        run("ip", "link", "set", vb, "netns", the_lab.server)
        if configure_client:
            run("ip", "-n", the_lab.client, "addr", "add", f"{CLIENT_IP}/24", "dev", va)
        run("ip", "-n", the_lab.server, "addr", "add", f"{SERVER_IP}/24", "dev", vb)
        for netns, dev in ((the_lab.client, va), (the_lab.server, vb)):
            run("ip", "-n", netns, "link", "set", "lo", "up")
            run("ip", "-n", netns, "link", "set", dev, "up")
        if configure_client:
            run("ip", "-n", the_lab.client, "route", "add", "default", "via", SERVER_IP)
        # The server namespace answers on the veth for its veth address only: without this, its
        # tunnel addresses would answer pings sent in the clear (Linux' weak host model), and a
        # "ping across the tunnel" would prove nothing.
        the_lab.ns(
            the_lab.server,
            "nft",
            "-f",
            "-",
            stdin=(
                "table inet sluislab {\n"
                "  chain in { type filter hook input priority 0; policy accept;\n"
                f'    iifname "{vb}" ip daddr != {SERVER_IP} drop;\n'
                f'    iifname "{vb}" ip6 daddr != fe80::/10 drop; }}\n'
                "}\n"
            ),
        )
        yield the_lab
    finally:
        the_lab.close()


def block_udp(the_lab: Lab) -> None:
    """Drop every UDP packet leaving the client namespace for the network (a network that blocks
    UDP); its own loopback, where WireGuard talks to a local TCP proxy, keeps working."""
    rules = (
        "table inet sluistest {\n"
        "  chain out { type filter hook output priority 0; policy accept;\n"
        '    oifname != "lo" meta l4proto udp drop; }\n'
        "}\n"
    )
    the_lab.ns(the_lab.client, "nft", "-f", "-", stdin=rules)


def sync_when_registered(net: Lab, demo: DemoServer, ifname: str) -> None:
    """Tell the lab's wireguard-go the peer a ``/connect`` registers, as soon as it is registered
    (as a real server does); run it in a thread beside a connect that runs in another process."""
    deadline = time.monotonic() + 30
    while not demo.state.wireguard_peers() and time.monotonic() < deadline:
        time.sleep(0.01)
    net.sync_wireguard_peers(demo, ifname)


def memory_service(home: Path, demo: DemoServer) -> VpnService:
    """A ``VpnService`` that knows ``demo`` and holds a token for it in memory (no browser, no keyring)."""
    import keyring.backends.fail

    paths = AppPaths(home / "config", home / "data", home / "cache", home / "state")
    service = VpnService(paths, token_store=TokenStore(keyring.backends.fail.Keyring()))
    base_url = normalize_base_url(demo.base_url)
    issued = demo.state.issue_tokens()
    service.tokens.save_sync(base_url, Tokens.from_authlib(issued.as_json()))
    service.servers.add(ServerEntry(base_url=base_url))
    return service


_DBUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/>
    <allow receive_sender="*"/></policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
  <includedir>/etc/dbus-1/system.d</includedir>
</busconfig>
"""


@contextlib.contextmanager
def networkmanager(the_lab: Lab) -> Iterator[str]:
    """NetworkManager inside the lab's client namespace on a private system bus; yields the bus address.

    The workarounds of the notes: a read-only /sys (no udev), an overlay on /etc (NM may rename
    resolv.conf without touching the host's), a tmpfs on /run with the private bus bind-mounted at
    /run/dbus (OpenVPN's scrubbed up-script environment dials the standard path), and an NM
    ethernet profile with a gateway (a VPN needs a base connection).
    """
    work = the_lab.workdir / "nm"
    for sub in ("dbus", "conn", "etc-up", "etc-work", "nmlib"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(work / "dbus", 0o755)  # noqa: S103 - NM helpers run as other users
    sock = work / "dbus" / "system_bus_socket"
    (work / "dbus.conf").write_text(_DBUS_CONF.format(socket=sock))
    (work / "nm.conf").write_text(
        "[main]\nplugins=keyfile\nauth-polkit=false\ndns=default\nrc-manager=file\n"
        f"systemd-resolved=false\nno-auto-default=*\n[keyfile]\npath={work}/conn\n"
    )
    dbus = the_lab.start(
        ["dbus-daemon", "--config-file", str(work / "dbus.conf"), "--nofork"],
        netns=the_lab.client,
        log=work / "dbus.log",
    )
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.02)
    script = (
        f"mount -o remount,ro /sys && "
        f"mount -t overlay overlay -o lowerdir=/etc,upperdir={work}/etc-up,workdir={work}/etc-work /etc && "
        f"mount -t tmpfs -o mode=755 tmpfs /run && mkdir -p /run/dbus /run/NetworkManager && "
        f"mount --bind {work}/dbus /run/dbus && mount --bind {work}/nmlib /var/lib/NetworkManager && "
        f"exec NetworkManager --debug --config={work}/nm.conf --state-file={work}/nm.state"
    )
    nm = the_lab.start(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        netns=the_lab.client,
        log=work / "nm.log",
    )
    address = f"unix:path={sock}"
    the_lab.nm_pid = nm.pid
    env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": address}

    def nmcli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["nmcli", *args], env=env, capture_output=True, text=True, timeout=30, check=check
        )

    try:
        for _ in range(100):
            if nm.poll() is not None:
                raise AssertionError("NetworkManager exited:\n" + (work / "nm.log").read_text()[-2000:])
            with contextlib.suppress(subprocess.SubprocessError):
                if nmcli("-t", "general", "status", check=False).returncode == 0:
                    break
            time.sleep(0.1)
        veth = f"vc{the_lab.tag}"
        nmcli(
            "connection",
            "add",
            "type",
            "ethernet",
            "ifname",
            veth,
            "con-name",
            "lan",
            "autoconnect",
            "no",
            "ipv4.method",
            "manual",
            "ipv4.addresses",
            f"{CLIENT_IP}/24",
            "ipv4.gateway",
            SERVER_IP,
            "ipv6.method",
            "link-local",
        )
        nmcli("--wait", "20", "connection", "up", "lan")
        yield address
    finally:
        nm.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            nm.wait(10)
        dbus.terminate()


def cli_env(workdir: Path, net: Lab, ca_file: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``sluis`` command run for real against the lab: its own home, runtime
    and helper records under ``workdir``, its tunnel in the lab's client namespace, the demo CA
    trusted, logins answered by the stand-in browser (``tests.support.browser``); ``extra`` on top."""
    return {
        **os.environ,
        "SLUIS_HOME": str(workdir / "home"),
        "SLUIS_RUNTIME_DIR": str(workdir / "run"),
        "SLUIS_NETNS": net.client,
        "SLUIS_HELPER_STATE_DIR": str(workdir / "helper"),
        "SLUIS_MANAGE_DNS": "0",
        "SSL_CERT_FILE": str(ca_file),
        "BROWSER": f"{sys.executable} -m tests.support.browser %s",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        **extra,
    }
