"""The root boundary (issue 10), tested from the attacker's side: ``gui.helper`` as its own process.

Everything here talks to ``python -m gui.helper`` directly, as a hostile caller would, bypassing the
user side (``gui.backends.privileged``) and its checks: hostile OpenVPN profiles, malformed lines,
tunnel ids and records the helper did not make, processes and routes that are not its own, the
pkexec environment, and a same-user attacker who swaps files under Sluis while a real tunnel comes
up. Each test checks the outcome on the system (processes, links, routes, files), not only the
helper's answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, lab, memory_service, require_root

REPO = Path(__file__).resolve().parents[1]
RUN_SLUIS = Path("/run/sluis")
CANARY_TIME = 1_000_000_000  # a fixed mtime on canary files: any write shows

# ------------------------------------------------------------------------------------------------
# The helper as a separate process, spoken to over a socket pair (as PkexecHelper does)


def _helper_env(pkexec_uid: int | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PKEXEC_UID"}
    if pkexec_uid is not None:
        env["PKEXEC_UID"] = str(pkexec_uid)
    return env


class HelperProcess:
    """``python -m gui.helper ARGS`` with its stdin and stdout on one end of a socket pair."""

    def __init__(self, *args: str, stderr: Path, pkexec_uid: int | None = None) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with open(stderr, "ab") as err:
                self.proc = subprocess.Popen(
                    [sys.executable, "-m", "gui.helper", *args],
                    stdin=theirs.fileno(),
                    stdout=theirs.fileno(),
                    stderr=err,
                    cwd=REPO,
                    env=_helper_env(pkexec_uid),
                )
        finally:
            theirs.close()
        ours.settimeout(30)
        self.sock = ours
        self.stderr = stderr
        self._buffer = b""

    def send(self, raw: bytes) -> None:
        self.sock.sendall(raw)

    def answer(self) -> dict[str, Any]:
        """The next answer line; a handed-over descriptor (``management``) is closed at once."""
        while b"\n" not in self._buffer:
            data, ancillary, _flags, _addr = self.sock.recvmsg(65536, socket.CMSG_SPACE(4 * 4))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    for i in range(0, len(payload) - len(payload) % 4, 4):
                        os.close(int.from_bytes(payload[i : i + 4], sys.byteorder))
            if not data:
                raise AssertionError("the helper stopped answering: " + self.stderr.read_text()[-2000:])
            self._buffer += data
        line, _, self._buffer = self._buffer.partition(b"\n")
        fields = json.loads(line)
        assert isinstance(fields, dict), line
        return fields

    def ask(self, op: str, **args: Any) -> dict[str, Any]:
        self.send(json.dumps({"op": op, "args": args}).encode() + b"\n")
        return self.answer()

    def children(self) -> list[int]:
        """Processes this helper started that are still its children."""
        found: list[int] = []
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found += [int(pid) for pid in task.read_text().split()]
        return found

    def close(self) -> int:
        with contextlib.suppress(OSError):
            self.sock.close()
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the helper did not exit at the end of its input") from None


@pytest.fixture
def start_helper(tmp_path: Path) -> Iterator[Callable[..., HelperProcess]]:
    """start(*args, pkexec_uid=None) -> a running helper; all are closed after the test."""
    started: list[HelperProcess] = []

    def start(*args: str, pkexec_uid: int | None = None) -> HelperProcess:
        helper = HelperProcess(*args, stderr=tmp_path / "helper.stderr", pkexec_uid=pkexec_uid)
        started.append(helper)
        return helper

    yield start
    for helper in started:
        # After a failed test: what a helper started and still holds is ended with it.
        for pid in helper.children():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(AssertionError):
            helper.close()


# ------------------------------------------------------------------------------------------------
# Small facts about processes, read here independently of the helper's own code


def start_time(pid: int) -> int:
    """Field 22 of ``/proc/<pid>/stat``."""
    data = Path(f"/proc/{pid}/stat").read_bytes()
    return int(data[data.rfind(b")") + 2 :].split()[19])


def processes_mentioning(text: str, *, besides: int = 0) -> list[str]:
    """Command lines of live processes (other than this one and ``besides``) that contain ``text``."""
    found = []
    needle = text.encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) not in {os.getpid(), besides}:
            with contextlib.suppress(OSError):
                cmdline = (entry / "cmdline").read_bytes()
                if needle in cmdline:
                    found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def stop_process(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)


def plant_record(state_root: Path, uid: int, record: dict[str, Any], tunnel: str | None = None) -> Path:
    """A tunnel record written as root, in folders shaped exactly like the helper's own (the
    tunnel's folder is named by the record's id unless ``tunnel`` names another)."""
    for folder, mode in ((state_root, 0o755), (state_root / str(uid), 0o700)):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode)
        folder.chmod(mode)
    folder = state_root / str(uid) / (tunnel or str(record["id"]))
    folder.mkdir(0o700)
    path = folder / "tunnel.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(json.dumps(record).encode())
    return folder


@contextlib.contextmanager
def own_netns() -> Iterator[str]:
    """A network namespace of this test; whatever runs in it is ended by pid, then it is deleted."""
    name = f"slh{secrets.token_hex(3)}"
    subprocess.run(["ip", "netns", "add", name], check=True, timeout=30)
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True, timeout=30)
        yield name
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True, timeout=30)
            for pid in pids.stdout.split():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid), sig)
            if pids.stdout.strip() and sig == signal.SIGTERM:
                time.sleep(0.3)
        subprocess.run(["ip", "netns", "del", name], check=False, timeout=30)


def stand_in_link(netns: str, name: str) -> None:
    """A link named ``name`` that is up: a dummy, or (kernels without dummy links) a veth pair."""
    dummy = ["ip", "-n", netns, "link", "add", name, "type", "dummy"]
    done = subprocess.run(dummy, capture_output=True, timeout=30, check=False)
    if done.returncode != 0:
        ip_out("-n", netns, "link", "add", name, "type", "veth", "peer", "name", name[:12] + "peer")
        ip_out("-n", netns, "link", "set", name[:12] + "peer", "up")
    ip_out("-n", netns, "link", "set", name, "up")


def ip_out(*argv: str) -> str:
    return subprocess.run(["ip", *argv], capture_output=True, text=True, timeout=30, check=True).stdout


def links(netns: str) -> list[str]:
    return [link["ifname"] for link in json.loads(ip_out("-n", netns, "-j", "link", "show") or "[]")]


def routes(netns: str) -> list[tuple[str, str]]:
    """``(destination, device)`` of the namespace's IPv4 main table."""
    found = json.loads(ip_out("-n", netns, "-4", "-j", "route", "show") or "[]")
    return [(route["dst"], route.get("dev", "")) for route in found]


def wg_keypair() -> tuple[str, str]:
    private = subprocess.run(["wg", "genkey"], capture_output=True, text=True, check=True, timeout=30)
    public = subprocess.run(
        ["wg", "pubkey"], input=private.stdout, capture_output=True, text=True, check=True, timeout=30
    )
    return private.stdout.strip(), public.stdout.strip()


# ------------------------------------------------------------------------------------------------
# 1. What the helper loads: it runs as root, so its import closure is its audit surface

HELPER_MODULES = {
    "gui",
    "gui.core",
    "gui.core.errors",
    "gui.core.i18n",
    "gui.core.jsonlimits",
    "gui.core.openvpn_profile",
    "gui.helper",
    "gui.helper.checks",
    "gui.helper.dns",
    "gui.helper.leaks",
    "gui.helper.main",
    "gui.helper.records",
    "gui.helper.rejoin",
    "gui.helper.service",
}
NEVER_AS_ROOT = (
    "PySide6",
    "shiboken6",
    "qasync",
    "httpx",
    "httpx2",
    "httpcore",
    "authlib",
    "keyring",
    "cryptography",
    "dbus_fast",
    "gui.backends",
    "gui.ui",
    "gui.controller",
    "gui.demoserver",
)

# Imports the helper's entry point, then serves a few requests (lazy imports inside a request show up
# too), and writes what was loaded to argv[1].
CLOSURE_PROBE = r"""
import io, json, sys
before = set(sys.modules)
import gui.helper.main
requests = [
    {"op": "hello"},
    {"op": "tunnels"},
    {"op": "status", "args": {"id": "abcdef"}},
    {"op": "stop", "args": {"id": "../../etc"}},
    {"op": "openvpn_start", "args": {"config": "client\nremote 192.0.2.1 1194\nplugin /x.so\n"}},
    {"op": "wireguard_start", "args": {"private_key": "x", "peers": []}},
    "not json",
]
lines = b"".join((r if isinstance(r, str) else json.dumps(r)).encode() + b"\n" for r in requests)
sys.stdin = io.TextIOWrapper(io.BytesIO(lines))
gui.helper.main.main(["--state-root", sys.argv[2]])
with open(sys.argv[1], "w") as out:
    json.dump({"before": sorted(before), "after": sorted(sys.modules)}, out)
"""


def _loaded_by(name: str, modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == name or m.startswith(name + "."))


def test_the_helper_imports_only_the_stdlib_and_its_own_small_set(tmp_path: Path) -> None:
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", CLOSURE_PROBE, str(report), str(tmp_path / "state")],
        cwd=REPO,
        env=_helper_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if os.geteuid() != 0:  # main() refuses non-root callers before serving: the imports still count
        assert done.returncode == 2 and "root" in done.stderr
        pytest.skip("the requests are served only as root")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('"ok": false') == 5 and done.stdout.count('"ok": true') == 2, done.stdout
    loaded = json.loads(report.read_text())
    after, new = set(loaded["after"]), set(loaded["after"]) - set(loaded["before"])
    for name in NEVER_AS_ROOT:
        assert not _loaded_by(name, after), f"the root helper loads {name}"
    assert {m for m in after if m == "gui" or m.startswith("gui.")} == HELPER_MODULES
    # Everything else it loaded is the standard library.
    foreign = sorted(
        m for m in new if m.split(".")[0] not in sys.stdlib_module_names and not m.startswith("gui")
    )
    assert foreign == []


# ------------------------------------------------------------------------------------------------
# 2. Hostile OpenVPN profiles sent to the helper directly


def _canary_folder(folder: Path) -> Path:
    """The folder the vectors' paths point into, holding the files they name: a script that would
    leave a mark if it ran, and files that a write would change."""
    folder.mkdir(0o755)
    script = folder / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {folder}/ran\n")
    script.chmod(0o755)
    for name in ("other.conf", "log", "status", "pid", "cert.pem", "ta.key"):
        (folder / name).write_text(f"canary {name}\n")
    for path in [*folder.iterdir(), folder]:
        os.utime(path, (CANARY_TIME, CANARY_TIME), follow_symlinks=False)
    return folder


@pytest.mark.needs_root
def test_every_hostile_profile_sent_straight_to_the_helper_is_refused_with_its_line(
    tmp_path: Path, start_helper: Callable[..., HelperProcess]
) -> None:
    require_root("openvpn")
    from tests.support.hostile_openvpn import VECTORS, vectors

    canary = _canary_folder(tmp_path / "canary")
    before = _snapshot(canary)
    hostile = vectors(target=str(canary))
    assert len(hostile) == len(VECTORS) >= 100
    state = tmp_path / "state"
    helper = start_helper("--state-root", str(state))
    problems: list[str] = []
    for vector in hostile:
        answer = helper.ask("openvpn_start", config=vector.text)
        line = answer.get("line")
        first, last = vector.lines
        if answer.get("ok") is not False:
            problems.append(f"{vector.name}: accepted ({answer})")
        elif not isinstance(line, int) or f"ine {line}" not in str(answer.get("error")):
            problems.append(f"{vector.name}: refused without naming a line ({answer})")
        elif not first <= line <= last:
            problems.append(f"{vector.name}: refused at line {line}, not at {first}-{last} ({answer})")
    assert problems == []
    assert helper.ask("hello")["ok"] is True
    assert helper.children() == [], "the helper started a process"
    assert processes_mentioning(str(tmp_path), besides=helper.proc.pid) == []
    # No tunnel folder: at most the helper's own folders, empty.
    made = sorted(str(p.relative_to(tmp_path)) for p in state.rglob("*")) if state.exists() else []
    assert made in ([], [str(Path("state") / str(os.getuid()))])
    assert _snapshot(canary) == before
    assert helper.close() == 0


# ------------------------------------------------------------------------------------------------
# 3. Malformed input: one structured refusal each, and the helper keeps answering

MALFORMED: list[tuple[str, bytes]] = [
    ("30,000 [", b"[" * 30_000 + b"\n"),
    ("30,000 { in an object", b'{"op": "hello", "args": ' + b'{"a": ' * 30_000 + b"\n"),
    ("longer than 4 MiB", b'{"op": "hello", "x": "' + b"x" * (4 * 1024 * 1024 + 100) + b'"}\n'),
    ("not JSON", b"hello\n"),
    ("not UTF-8", b'{"op": "\xff\xfe"}\n'),
    ("a NUL byte", b'{"op": "hel\x00lo"}\n'),
    ("a JSON list", b'["hello", {}]\n'),
    ("a JSON string", b'"hello"\n'),
    ("an int of 5000 digits", b'{"op": "ping", "args": {"id": "abcdef", "size": ' + b"9" * 5000 + b"}}\n"),
    ("no op", b'{"args": {}}\n'),
    ("args not an object", b'{"op": "hello", "args": []}\n'),
    ("an unknown op", b'{"op": "exec", "args": {"argv": ["sh"]}}\n'),
    ("an op reaching past op_", b'{"op": "_take_down", "args": {}}\n'),
    ("stop ../../etc", b'{"op": "stop", "args": {"id": "../../etc"}}\n'),
    ("stop an absolute path", b'{"op": "stop", "args": {"id": "/etc"}}\n'),
    ("status with a list id", b'{"op": "status", "args": {"id": ["abcdef"]}}\n'),
    ("management of an unknown id", b'{"op": "management", "args": {"id": "abcdef"}}\n'),
    ("log_tail of an unknown id", b'{"op": "log_tail", "args": {"id": "123456"}}\n'),
    ("a config that is not text", b'{"op": "openvpn_start", "args": {"config": ["client"]}}\n'),
    ("a netns with a slash", b'{"op": "openvpn_start", "args": {"config": "client", "netns": "../x"}}\n'),
]


@pytest.mark.needs_root
def test_malformed_lines_get_one_refusal_each_and_the_helper_keeps_serving(
    tmp_path: Path, start_helper: Callable[..., HelperProcess]
) -> None:
    require_root()
    state = tmp_path / "state"
    helper = start_helper("--state-root", str(state))
    for name, raw in MALFORMED:
        helper.send(raw)
        answer = helper.answer()
        assert answer.get("ok") is False, name
        assert isinstance(answer.get("error"), str) and 0 < len(answer["error"]) < 400, (name, answer)
        # Exactly one line per request: the next answer is hello's.
        assert helper.ask("hello") == {"ok": True, "version": 2}, name
    # A request split across writes, and two requests in one write, are still one answer per line.
    helper.send(b'{"op": "hel')
    time.sleep(0.05)
    helper.send(b'lo"}\n{"op": "tunnels"}\n')
    assert helper.answer()["version"] == 2 and helper.answer() == {"ok": True, "tunnels": []}
    assert helper.proc.poll() is None
    assert helper.children() == []
    assert helper.close() == 0
    assert not state.exists() or [p.name for p in state.iterdir()] in ([], [str(os.getuid())])


# ------------------------------------------------------------------------------------------------
# 4. It acts only on what it made


@pytest.mark.needs_root
def test_a_link_with_the_helpers_name_but_no_record_is_not_touched(
    tmp_path: Path, start_helper: Callable[..., HelperProcess]
) -> None:
    require_root()
    with own_netns() as netns:
        stand_in_link(netns, "slovabcdef")
        ip_out("-n", netns, "addr", "add", "10.55.0.1/24", "dev", "slovabcdef")
        helper = start_helper("--state-root", str(tmp_path / "state"))
        for op in ("stop", "status", "addresses", "log_tail", "management"):
            answer = helper.ask(op, id="abcdef")
            assert answer["ok"] is False and "no such tunnel" in answer["error"], (op, answer)
        assert helper.ask("tunnels") == {"ok": True, "tunnels": []}
        assert "slovabcdef" in links(netns)
        assert "10.55.0.1/24" in ip_out("-n", netns, "-4", "addr", "show", "dev", "slovabcdef")
        assert helper.close() == 0


@pytest.mark.needs_root
def test_a_recorded_pid_is_only_stopped_when_it_is_still_the_process_the_helper_started(
    tmp_path: Path, start_helper: Callable[..., HelperProcess]
) -> None:
    require_root()
    state = tmp_path / "state"
    uid = os.getuid()
    # A program named "openvpn" (a copy of sleep): only the start time tells it from the helper's own.
    named_openvpn = tmp_path / "bin" / "openvpn"
    named_openvpn.parent.mkdir()
    shutil.copy2(shutil.which("sleep") or "/bin/sleep", named_openvpn)
    started: list[subprocess.Popen[bytes]] = []
    try:
        sleeper = subprocess.Popen(["sleep", "300"])
        reused = subprocess.Popen([str(named_openvpn), "300"])
        control = subprocess.Popen([str(named_openvpn), "300"])
        started += [sleeper, reused, control]
        cases = {
            # The right pid and start time, but not a program the helper starts.
            "abcdef": (sleeper, start_time(sleeper.pid)),
            # The pid of an "openvpn" with another start time: the recorded process is gone and the
            # pid now names another.
            "abcde0": (reused, start_time(reused.pid) - 1),
            # The control: all matches, as for a tunnel the helper made itself; it is stopped.
            "abcde1": (control, start_time(control.pid)),
        }
        for tunnel, (proc, when) in cases.items():
            plant_record(
                state,
                uid,
                {"id": tunnel, "kind": "openvpn", "ifname": f"slov{tunnel}", "netns": None,
                 "pid": proc.pid, "start_time": when, "routes": [], "created_link": False},
            )  # fmt: skip
        # A record whose id is not its folder's (another tunnel's, here the control's) is no record.
        moved = json.loads((state / str(uid) / "abcde1" / "tunnel.json").read_text())
        plant_record(state, uid, moved, tunnel="abcde2")
        helper = start_helper("--state-root", str(state))
        listed = helper.ask("tunnels")["tunnels"]
        assert sorted(t["id"] for t in listed) == sorted(cases)
        for op in ("status", "stop"):
            answer = helper.ask(op, id="abcde2")
            assert answer["ok"] is False and "damaged" in answer["error"], answer
        assert (state / str(uid) / "abcde1").exists() and control.poll() is None
        assert [helper.ask("status", id=t)["alive"] for t in cases] == [False, False, True]
        # Checking a recorded process opens a pidfd; asking often must not use up descriptors.
        open_fds = len(os.listdir(f"/proc/{helper.proc.pid}/fd"))
        for _ in range(20):
            assert helper.ask("status", id="abcde1")["alive"] is True
        assert len(os.listdir(f"/proc/{helper.proc.pid}/fd")) == open_fds, "status leaks a pidfd"
        for tunnel in cases:
            assert helper.ask("stop", id=tunnel) == {"ok": True}
        assert sleeper.poll() is None, "the helper killed a sleep it never started"
        assert reused.poll() is None, "the helper killed a process whose start time is not the recorded one"
        assert control.wait(5) == -signal.SIGTERM, "the record was not acted on at all"
        assert helper.ask("tunnels") == {"ok": True, "tunnels": []}
        assert sorted(p.name for p in (state / str(uid)).iterdir()) == ["abcde2"]
        assert helper.close() == 0
    finally:
        for proc in started:
            stop_process(proc)


@pytest.mark.needs_root
def test_a_route_that_existed_before_is_not_recorded_nor_removed(
    tmp_path: Path, start_helper: Callable[..., HelperProcess]
) -> None:
    require_root("wg", "wireguard-go")
    private_key, _ = wg_keypair()
    _, peer_key = wg_keypair()
    ifname = ""
    with own_netns() as netns:
        try:
            stand_in_link(netns, "sltest0")
            ip_out("-n", netns, "route", "add", "10.77.0.0/16", "dev", "sltest0")
            helper = start_helper("--state-root", str(tmp_path / "state"))
            answer = helper.ask(
                "wireguard_start",
                netns=netns,
                private_key=private_key,
                peers=[{"public_key": peer_key, "allowed_ips": ["10.0.0.0/8"],
                        "endpoint_host": "127.0.0.1", "endpoint_port": 51820}],
                addresses=["10.66.0.2/24"],
                routes=["10.77.0.0/16", "10.78.0.0/16"],
            )  # fmt: skip
            assert answer["ok"] is True, answer
            tunnel, ifname = answer["id"], answer["ifname"]
            assert ifname == f"slwg{tunnel}" and ifname in links(netns)
            record = json.loads((tmp_path / "state" / str(os.getuid()) / tunnel / "tunnel.json").read_text())
            assert record["routes"] == [["10.78.0.0/16", None, ifname]], "a route it did not add"
            assert {("10.77.0.0/16", "sltest0"), ("10.78.0.0/16", ifname)} <= set(routes(netns))

            assert helper.ask("stop", id=tunnel) == {"ok": True}
            assert ifname not in links(netns)
            assert ("10.77.0.0/16", "sltest0") in routes(netns), "the helper removed a route it did not add"
            assert [r for r in routes(netns) if r[1] == ifname or r[0] == "10.78.0.0/16"] == []
            assert "sltest0" in links(netns)
            assert helper.close() == 0
        finally:
            if ifname:
                Path(f"/var/run/wireguard/{ifname}.sock").unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------------
# 5. Through pkexec: the fixed folder, no options, no namespaces, one user's records only


def _client_profile() -> str:
    """A complete client profile for a server on loopback that never answers (OpenVPN stays on hold)."""
    import trustme

    ca = trustme.CA()
    leaf = ca.issue_cert("client.sluis.test")

    def block(name: str, pem: bytes) -> str:
        return f"<{name}>\n{pem.decode().strip()}\n</{name}>\n"

    return (
        "client\ndev tun\nremote 127.0.0.1 1194 udp\nnobind\nverb 3\n"
        + block("ca", ca.cert_pem.bytes())
        + block("cert", leaf.cert_chain_pems[0].bytes())
        + block("key", leaf.private_key_pem.bytes())
    )


def _end_tunnels_of(folder: Path) -> None:
    """After a failed test: end the processes recorded in ``folder`` (only those running from it)."""
    for record in folder.glob("*/tunnel.json"):
        with contextlib.suppress(OSError, ValueError, TypeError):
            pid = int(json.loads(record.read_text())["pid"])
            if str(record.parent).encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)


@pytest.mark.needs_root
def test_through_pkexec_the_helper_takes_no_folder_option_and_no_namespace(tmp_path: Path) -> None:
    require_root()
    for env_uid, argv in (
        ("4242", ["--state-root", str(tmp_path / "x")]),
        ("4242", ["--state-root", "/run/sluis"]),
        ("4242x", []),
        ("", []),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "gui.helper", *argv],
            input=b'{"op": "hello"}\n',
            capture_output=True,
            cwd=REPO,
            env={**_helper_env(), "PKEXEC_UID": env_uid},
            timeout=30,
            check=False,
        )
        assert done.returncode == 2, (env_uid, argv, done)
        assert done.stdout == b"", "it answered before refusing its options"
    assert not (tmp_path / "x").exists()


@pytest.mark.needs_root
def test_through_pkexec_the_helper_uses_run_sluis_and_keeps_users_apart(
    tmp_path: Path, start_helper: Callable[..., HelperProcess]
) -> None:
    require_root("openvpn")
    mine, other = RUN_SLUIS / "4242", RUN_SLUIS / "4243"
    made_root = not RUN_SLUIS.exists()
    for folder in (mine, other):
        shutil.rmtree(folder, ignore_errors=True)  # what an earlier, interrupted run may have left
    try:
        helper = start_helper(pkexec_uid=4242)
        assert helper.ask("hello") == {"ok": True, "version": 2}
        refused = helper.ask("openvpn_start", config=_client_profile(), netns="slhnotthere")
        assert refused["ok"] is False and "namespace" in refused["error"]
        assert not mine.exists() or list(mine.iterdir()) == []
        assert helper.children() == []

        started = helper.ask("openvpn_start", config=_client_profile())
        assert started["ok"] is True, started
        tunnel = started["id"]
        info = os.lstat(mine)
        assert stat.S_ISDIR(info.st_mode) and info.st_uid == 0 and stat.S_IMODE(info.st_mode) == 0o700
        info = os.lstat(RUN_SLUIS)
        assert info.st_uid == 0 and not info.st_mode & 0o022
        assert (mine / tunnel / "config.ovpn").exists()
        assert helper.ask("status", id=tunnel) == {"ok": True, "alive": True}

        # Another user, through pkexec too: sees nothing of 4242 and cannot stop it.
        stranger = start_helper(pkexec_uid=4243)
        assert stranger.ask("tunnels") == {"ok": True, "tunnels": []}
        for op in ("stop", "status", "management", "log_tail"):
            answer = stranger.ask(op, id=tunnel)
            assert answer["ok"] is False and "no such tunnel" in answer["error"], (op, answer)
        assert stranger.close() == 0
        assert helper.ask("status", id=tunnel) == {"ok": True, "alive": True}
        assert [t["id"] for t in helper.ask("tunnels")["tunnels"]] == [tunnel]

        assert helper.ask("stop", id=tunnel) == {"ok": True}
        assert list(mine.iterdir()) == []
        assert processes_mentioning(str(mine)) == []
        assert helper.close() == 0
    finally:
        _end_tunnels_of(mine)
        for folder in (mine, other):
            shutil.rmtree(folder, ignore_errors=True)
        if made_root:
            with contextlib.suppress(OSError):
                RUN_SLUIS.rmdir()


# ------------------------------------------------------------------------------------------------
# 6. A same-user attacker swaps files while a real tunnel comes up through the out-of-process helper

ATTACKER_UID = 65534
# Names a runner might write in the runtime folder; the attacker keeps them as links and folders.
BAIT = ("config.ovpn", "management.sock", "openvpn.log", "tunnel.json", "client.conf", "auth.txt",
        "sluis.pid", "0", "tunnel")  # fmt: skip


def _attack(helper_root: str, canary_file: str, canary_dir: str) -> None:
    """The attacker's loop, in the forked child (uid 65534, working directory: the runtime folder).

    It keeps replacing whatever appears in the folder, and the bait names, by links and folders
    that lead to the canaries, and tries to read the helper's folder. Reads ``id <tunnel>`` and
    ``stop`` lines on fd 0; writes ``ready``, ``probed`` and finally its report (JSON) to fd 1.
    """
    user_folder = os.path.join(helper_root, "0")
    targets = [canary_file, canary_dir, os.path.join(canary_dir, "planted"), canary_file + ".new"]
    ours = set(BAIT)
    report: dict[str, Any] = {"rounds": 0, "denied": 0, "denied_tunnel": 0, "read": [],
                              "listed_root": False, "foreign": [], "errors": 0}  # fmt: skip
    tunnel: str | None = None

    def say(text: str) -> None:
        os.write(1, text.encode() + b"\n")

    def clear(name: str) -> None:
        if os.path.isdir(name) and not os.path.islink(name):
            shutil.rmtree(name)
        elif os.path.lexists(name):
            os.unlink(name)

    def plant(name: str, mode: int) -> None:
        if mode == len(targets):  # a folder where a file is expected, full of links
            clear(".d-" + name)
            os.mkdir(".d-" + name)
            for inner in BAIT:
                os.symlink(canary_file, os.path.join(".d-" + name, inner))
            clear(name)
            os.rename(".d-" + name, name)
            return
        clear(".l-" + name)
        os.symlink(targets[mode], ".l-" + name)
        if os.path.isdir(name) and not os.path.islink(name):
            clear(name)
        os.replace(".l-" + name, name)

    def probe(path: str, what: str) -> str:
        try:
            if what == "list":
                os.listdir(path)
            elif what == "open":
                os.close(os.open(path, os.O_RDONLY))
            else:
                with socket.socket(socket.AF_UNIX) as sock:
                    sock.connect(path)
        except PermissionError:
            return "denied"
        except OSError:
            return "other"
        report["read"].append(f"{what} {path}")
        return "read"

    pending = b""
    stopping = False
    while not stopping:
        report["rounds"] += 1
        for entry in os.listdir("."):
            if entry not in ours and not entry.startswith((".l-", ".d-", ".moved-")):
                report["foreign"].append(entry)
                try:
                    os.rename(entry, ".moved-" + entry)
                    os.symlink(canary_file, entry)
                    ours.add(entry)
                except OSError:
                    report["errors"] += 1
        for index, name in enumerate(BAIT):
            try:
                plant(name, (report["rounds"] + index) % (len(targets) + 1))
            except OSError:
                report["errors"] += 1
        with contextlib.suppress(OSError):
            os.listdir(helper_root)
            report["listed_root"] = True
        report["denied"] += [probe(user_folder, "list"), probe(user_folder, "open")].count("denied")
        if tunnel is not None:
            folder = os.path.join(user_folder, tunnel)
            results = [
                probe(os.path.join(folder, "config.ovpn"), "open"),
                probe(os.path.join(folder, "tunnel.json"), "open"),
                probe(os.path.join(folder, "management.sock"), "connect"),
                probe(folder, "list"),
            ]
            if results == ["denied"] * 4:
                report["denied_tunnel"] += 1
                if report["denied_tunnel"] == 1:
                    say("probed")
        if report["rounds"] == 1:
            say("ready")
        while select.select([0], [], [], 0.002)[0]:
            data = os.read(0, 4096)
            pending += data
            if not data or b"stop" in pending:
                stopping = True
                break
            if b"\n" in pending:
                line, _, pending = pending.partition(b"\n")
                if line.startswith(b"id "):
                    tunnel = line.split()[1].decode()
    say(json.dumps(report))


class Attacker:
    """``_attack`` in a forked child that drops to uid/gid 65534 (no groups) and keeps only its pipes."""

    def __init__(self, run_dir: Path, helper_root: Path, canary_file: Path, canary_dir: Path) -> None:
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        with warnings.catch_warnings():
            # 3.12+ warns about fork() in a process with threads; the child only makes system calls.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 1
            try:
                os.dup2(to_child, 0)
                os.dup2(from_child, 1)
                for fd in sorted(int(n) for n in os.listdir("/proc/self/fd")):
                    if fd > 2:
                        with contextlib.suppress(OSError):
                            os.close(fd)
                os.chdir(run_dir)
                os.setgroups([])
                os.setgid(ATTACKER_UID)
                os.setuid(ATTACKER_UID)
                _attack(str(helper_root), str(canary_file), str(canary_dir))
                code = 0
            finally:
                os._exit(code)
        os.close(to_child)
        os.close(from_child)
        self.pid = pid
        self._buffer = b""

    def tell(self, line: str) -> None:
        os.write(self._to_child, line.encode() + b"\n")

    def read_line(self, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self._from_child], [], [], max(0.0, deadline - time.monotonic()))
            data = os.read(self._from_child, 1 << 20) if ready else b""
            assert data, "the attacker process did not report in time"
            self._buffer += data
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def wait(self, timeout: float = 10) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = 0
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.02)
        raise AssertionError("the attacker process did not exit")

    def end(self) -> None:
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)


def _workspace() -> tuple[Path, Path]:
    """A folder uid 65534 can reach (pytest's own tmp folder is root's alone), so that the only thing
    between the attacker and the helper's files is the helper's own modes; and the canaries in it: a
    root-owned 0600 file and an empty 0700 folder, with known content and times."""
    work = Path(tempfile.mkdtemp(prefix="sluis-boundary-"))
    work.chmod(0o755)
    canary = work / "canary"
    canary.mkdir(0o700)
    (canary / "dir").mkdir(0o700)
    (canary / "secret").write_bytes(b"canary: root's own file\n")
    (canary / "secret").chmod(0o600)
    for path in (canary / "secret", canary / "dir", canary):
        os.utime(path, (CANARY_TIME, CANARY_TIME), follow_symlinks=False)
    run_dir = work / "run"
    run_dir.mkdir(0o700)
    os.chown(run_dir, ATTACKER_UID, ATTACKER_UID)
    return work, canary


def _snapshot(folder: Path) -> dict[str, tuple[int, int, int, int, bytes | None]]:
    """Everything under ``folder`` and the folder itself: mtime, mode, owner, size, content."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        info = os.lstat(path)
        content = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        found[str(path)] = (info.st_mtime_ns, info.st_mode, info.st_uid, info.st_size, content)
    return found


def _running_config(folder: Path) -> tuple[str, bytes]:
    """The program and the config file of the process the tunnel record names, and that file's bytes."""
    pid = json.loads((folder / "tunnel.json").read_text())["pid"]
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    config = Path(argv[argv.index(b"--config") + 1].decode())
    assert config == folder / "config.ovpn"
    return os.path.basename(os.readlink(f"/proc/{pid}/exe")), config.read_bytes()


@pytest.mark.needs_root
async def test_a_same_user_attacker_swapping_files_during_a_connect_reaches_nothing(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
) -> None:
    require_root("openvpn", "ping")
    from gui.backends.base import BackendOptions, TunnelState
    from gui.backends.openvpn import LinuxOpenVpnBackend
    from gui.backends.privileged import PkexecHelper
    from gui.core.protocols import Protocol

    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    work, canary = _workspace()
    run_dir, helper_root = work / "run", work / "helper"
    before = _snapshot(canary)
    attacker: Attacker | None = None
    backend: LinuxOpenVpnBackend | None = None
    helper: PkexecHelper | None = None
    try:
        attacker = Attacker(run_dir, helper_root, canary / "secret", canary / "dir")
        assert attacker.read_line() == "ready"
        with lab(tmp_path) as net:
            net.openvpn_server(demo, "udp", "10.101.7.0")
            service = memory_service(tmp_path / "home", demo)
            # The out-of-process path: a helper process, JSON lines over a socket pair, and the
            # management socket handed over with SCM_RIGHTS.
            helper = PkexecHelper(
                command=[sys.executable, "-m", "gui.helper", "--state-root", str(helper_root)]
            )
            backend = LinuxOpenVpnBackend(
                BackendOptions(
                    runtime_dir=run_dir,
                    netns=net.client,
                    manage_dns=False,
                    helper_state_dir=helper_root,
                    connect_timeout=30,
                ),
                helper=helper,
            )
            profile, config = await service.obtain_config(
                demo.base_url, "openvpn-only", accept={Protocol.OPENVPN}
            )
            states: list[TunnelState] = []
            backend.subscribe(lambda event: states.append(event.state))
            await backend.up(config, profile)
            assert states == [TunnelState.CONNECTING, TunnelState.CONNECTED] and backend.record is not None
            tunnel, ifname = backend.record.id, backend.record.ifname
            assert ifname in net.links(net.client)
            assert net.ping("10.101.7.1")

            # What openvpn runs (the file its command line names) is the helper's own rendering.
            folder = helper_root / "0" / tunnel
            program, running = _running_config(folder)
            assert program == "openvpn"
            assert config.openvpn is not None and config.openvpn.profile is not None
            assert running == config.openvpn.profile.render(device=ifname).encode()

            attacker.tell(f"id {tunnel}")
            assert attacker.read_line() == "probed"  # denied: the config, record, socket and folder

            await backend.down()
            assert states[2:] == [TunnelState.DISCONNECTING, TunnelState.DISCONNECTED]
            assert ifname not in net.links(net.client)
            assert os.listdir(helper_root / "0") == [], "the helper left files behind"
            await helper.close()
            helper = None

        attacker.tell("stop")
        report = json.loads(attacker.read_line())
        assert attacker.wait() == 0
        assert report["read"] == [], "the attacker read the helper's folder"
        assert report["listed_root"], "the attacker could not even reach the helper's root folder"
        assert report["denied"] > 0 and report["denied_tunnel"] > 0 and report["rounds"] > 10, report
        assert _snapshot(canary) == before, "a canary changed, or something appeared beside them"
        assert sorted(os.listdir(work)) == ["canary", "helper", "run"]
        assert report["foreign"] == [], "Sluis wrote into the runtime folder"
    finally:
        if backend is not None:
            with contextlib.suppress(Exception):
                await backend.down()
        if helper is not None:
            with contextlib.suppress(Exception):
                await helper.close()
        if attacker is not None:
            attacker.end()
        _end_tunnels_of(work / "helper" / "0")
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.parametrize(
    ("proxy_hosts", "error"),
    [
        (["vpn.example.org"], "invalid address"),  # names are resolved on the user's side, never as root
        (["192.0.2.1; rm -rf /"], "invalid address"),
        (["192.0.2.1"] * 5, "invalid proxy"),
        ("192.0.2.1", "invalid proxy"),
    ],
)
def test_a_wireguard_over_tcp_proxy_address_is_checked_before_anything_is_made(
    tmp_path: Path, proxy_hosts: object, error: str
) -> None:
    from gui.helper.service import HelperService

    private_key, _ = wg_keypair()
    _, peer_key = wg_keypair()
    service = HelperService(tmp_path / "state", os.getuid(), allow_netns=False)
    answer = service.handle(
        {
            "op": "wireguard_start",
            "args": {
                "private_key": private_key,
                "peers": [{"public_key": peer_key, "endpoint_host": "127.0.0.1", "endpoint_port": 40000}],
                "addresses": ["10.66.0.2/24"],
                "endpoint_routes": True,
                "proxy_hosts": proxy_hosts,
            },
        }
    )
    assert answer.fields == {"ok": False, "error": error}
    assert not (tmp_path / "state").exists() or not any((tmp_path / "state").rglob("tunnel.json"))
