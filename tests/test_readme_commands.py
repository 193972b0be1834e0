"""Every ``sluis …`` command README.md shows runs, and neither crashes nor fails (issue 11: ``sluis
demo-server --tls --port 8443``, exactly as the README showed it, crashed with "Cannot run the event
loop while another loop is running" and nothing noticed).

The commands are read from README.md when the tests are collected, so a newly documented command is
run without anyone adding it here:

* every line of a fenced ``sh`` block that runs ``sluis`` (also ``.venv/bin/sluis`` after ``&&``,
  and after ``VAR=value`` assignments), without its ``# comment``;
* every inline code span that is a whole top-level invocation (``sluis``, ``sluis --demo``,
  ``sluis --register-url-handlers``); ``sluis connect`` in a sentence names a command shown in a block.

The README's notation is expanded: each ``[optional part]`` is left out and put in (every
combination), and ``a|b`` is run as ``a`` and as ``b``. Its placeholders (``https://vpn.example.org``,
``<printed CA file>``, ``https://…``) are filled in from ``PLACEHOLDERS``; an unknown one fails the test,
so it gets a meaning here instead of running as text.

Each command runs in a subprocess with a private ``HOME``, ``SLUIS_HOME``, XDG folders and runtime
folder, a keyring in a file of its own (``tests/support/file_keyring.py``), and the ``recording`` VPN
backend in its settings (the README: "the ``backend`` setting overrides it"), so no command brings up
a tunnel on the machine running the tests or touches its user's files. What needs a remote server or
a browser login runs against ``sluis demo-server`` (started here in the background on a free port,
``SSL_CERT_FILE`` pointing at the CA it prints, logins approved at once, ``$BROWSER`` a script that
follows the login); a token URL goes to the Access Server stand-in of ``tests/support/access_server.py``.
A command that asks on the terminal (``import`` without ``--yes``) runs in a pseudo-terminal and is
answered "y". The window commands start offscreen and are quit with SIGTERM once they serve their
control socket. ``SKIPPED`` names what is not run here, and why.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import pty
import queue
import re
import select
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx2
import pytest

from gui.control.protocol import control_socket_path
from gui.core.paths import AppPaths
from gui.core.settings import Settings
from gui.demoserver import TLSFiles
from tests.support.access_server import AccessServer, profile

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHELL_FENCES = frozenset({"sh", "bash", "shell", "console"})
# Top-level options that do their job and exit; without a sub-command anything else opens the window.
ONE_SHOT_OPTIONS = frozenset({"--register-url-handlers", "--version", "-h", "--help"})
COMMAND_TIMEOUT = 90.0
START_TIMEOUT = 60.0

# -- what the README's placeholders stand for here -------------------------------------------------


@dataclass
class Site:
    """The servers the commands talk to: the background ``sluis demo-server`` and an Access Server."""

    server: str  # the demo server's base URL, no trailing slash
    printed_ca_file: str  # the CA file ``sluis demo-server`` printed
    ca_bundle: str  # that CA and the Access Server's, for SSL_CERT_FILE
    discovery: dict[str, str]  # SLUIS_DISCOVERY_URL / SLUIS_DISCOVERY_KEYS as the server printed them
    access_server: AccessServer
    tokens: Iterator[int] = field(default_factory=itertools.count)

    def token_url(self) -> str:
        """A fresh single-use ``openvpn://import-profile/https://…`` link."""
        token = f"readme-{next(self.tokens)}"
        self.access_server.add_token(token, profile("autologin"))
        return self.access_server.token_url(token)


# A README placeholder (a whole word of a command) → what it is replaced with.
PLACEHOLDERS: dict[str, Callable[[Site], str]] = {
    # "a server": the demo server
    "https://vpn.example.org": lambda site: site.server,
    # the README's demo-server address, at the port the background server got
    "https://127.0.0.1:8443/": lambda site: site.server + "/",
    "<printed CA file>": lambda site: site.printed_ca_file,
    # an OpenVPN Access Server token URL: the stand-in's, with a fresh token
    "openvpn://import-profile/https://…": lambda site: site.token_url(),
}
# A README option value → the one used here, and why.
OPTION_VALUES: dict[tuple[str, str], tuple[str, str]] = {
    ("--port", "8443"): ("0", "any free port (the server prints it): 8443 may be taken where the tests run"),
}
# Words that mark a placeholder this test does not know yet.
UNKNOWN_PLACEHOLDER = re.compile(r"example\.(org|com|net)|…|<[^>]*>|\bBASE_URL\b|\bORG_ID\b|\bNAME\b")

# Commands not run here: a substring of the command as the README shows it → why.
SKIPPED: dict[str, str] = {
    "--backend direct": (
        "brings up a real tunnel (interfaces, routes, a default gateway) in the network of the machine "
        "that runs the tests; tests/test_backend_cli.py runs `sluis connect --backend direct` for real, "
        "inside network namespaces, as root"
    ),
}

# What a command needs done first in its home (each step is itself a README command), by sub-command;
# a sub-command missing here gets DEFAULT_PRECONDITIONS.
ADDED, CONNECTED, PROFILE_FILE = "server added", "connected", "profile file"
PRECONDITIONS: dict[str, tuple[str, ...]] = {
    "discover": (),
    "add": (),
    "demo-server": (),
    "import": (PROFILE_FILE,),
    "servers": (ADDED,),
    "profiles": (ADDED,),
    "config": (ADDED,),
    "connect": (ADDED,),
    "status": (ADDED, CONNECTED),
    "disconnect": (ADDED, CONNECTED),
    "diagnostics": (ADDED,),
    "remove": (ADDED,),
}
DEFAULT_PRECONDITIONS = (ADDED,)
# Sub-commands run without the background demo server (``demo-server`` is one: its own failure, such
# as issue 11's crash, is then reported by its own test rather than as every test's set-up error).
WITHOUT_SITE = frozenset({"demo-server"})
# Commands that ask on the terminal: run in a pseudo-terminal, answered with this.
TERMINAL_ANSWERS: dict[str, str] = {"import": "y\n"}


# -- reading the README --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One concrete form of a documented command: ``env`` assignments, then ``sluis`` ``args``."""

    text: str  # as the README shows it, with one choice for each [optional part] and a|b
    line: int
    env: tuple[tuple[str, str], ...]
    args: tuple[str, ...]

    @property
    def subcommand(self) -> str | None:
        return next((a for a in self.args if not a.startswith("-")), None)

    @property
    def is_window(self) -> bool:
        return self.subcommand is None and not ONE_SHOT_OPTIONS.intersection(self.args)


def _without_comment(line: str) -> str:
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip()
    return line.rstrip()


def _words(text: str) -> list[str]:
    """Shell words; a ``<placeholder with spaces>`` stays one word."""
    return shlex.split(re.sub(r"<[^<>]+>", lambda m: shlex.quote(m.group(0)), text))


def _sluis_parts(code: str) -> Iterator[str]:
    """The parts of a shell line that run sluis (``a && b``: each of a, b), program named ``sluis``."""
    for part in re.split(r"&&|\|\||;|\s\|\s", code):
        words = _words(part)
        program = next((w for w in words if not re.match(r"^[A-Za-z_]\w*=", w)), None)
        if program is not None and Path(program).name == "sluis":
            yield re.sub(r"(^|\s)\S*/sluis(?=\s|$)", r"\1sluis", part.strip())


def documented(readme: str) -> list[tuple[int, str]]:
    """``(line, command)`` for every sluis command README.md shows, in order."""
    found: list[tuple[int, str]] = []
    in_block = shell = False
    for number, line in enumerate(readme.splitlines(), 1):
        fence = re.match(r"^\s*```(\S*)\s*$", line)
        if fence:
            in_block, shell = not in_block, fence.group(1) in SHELL_FENCES
            continue
        if in_block:
            if shell:
                found.extend((number, part) for part in _sluis_parts(_without_comment(line)))
            continue
        found.extend((number, span) for span in re.findall(r"`(sluis(?: --?[\w-]+)*)`", line))
    return found


def variants(line: int, text: str) -> list[Command]:
    """Every form of a documented command: each ``[optional part]`` out and in, each ``a|b`` choice."""
    optional = [m for m in re.finditer(r"\s\[([^\[\]]+)\]", text)]
    forms: list[str] = []
    for chosen in itertools.product((False, True), repeat=len(optional)):
        form, end = "", 0
        for match, keep in zip(optional, chosen, strict=True):
            form += text[end : match.start()] + (" " + match.group(1) if keep else "")
            end = match.end()
        forms.append(form + text[end:])
    commands: list[Command] = []
    for form in forms:
        words = _words(form)
        choices = [word.split("|") if "|" in word else [word] for word in words]
        for picked in itertools.product(*choices):
            shown = form
            for word, choice in zip(words, picked, strict=True):
                if choice != word:
                    shown = shown.replace(word, choice, 1)
            at = next(i for i, w in enumerate(picked) if Path(w).name == "sluis")
            env = tuple(tuple(w.split("=", 1)) for w in picked[:at])
            shown = re.sub(r"\s+", " ", shown).strip()
            commands.append(Command(shown, line, env, tuple(picked[at + 1 :])))  # type: ignore[arg-type]
    return commands


def readme_commands() -> list[Command]:
    seen: dict[str, Command] = {}
    for line, text in documented(README.read_text(encoding="utf-8")):
        for command in variants(line, text):
            seen.setdefault(command.text, command)
    return list(seen.values())


COMMANDS = readme_commands()


def test_the_readme_commands_are_found() -> None:
    """The reader finds what the README shows (an empty list would pass every test below)."""
    subcommands = {command.subcommand for command in COMMANDS}
    assert "demo-server" in subcommands  # issue 11's crash
    assert any(command.is_window for command in COMMANDS)
    assert any(command.env for command in COMMANDS)  # SSL_CERT_FILE=<printed CA file> sluis add …
    assert len(subcommands) >= 12


def test_the_readme_notation_is_expanded() -> None:
    readme = (
        "Run `sluis --demo`, not `sluis connect` alone.\n"
        "```sh\n"
        "python3 -m venv .venv && .venv/bin/sluis --demo\n"
        "sluis import a.ovpn|openvpn://import-profile/https://… [--yes]   # a comment\n"
        "X=<a file> sluis add https://vpn.example.org\n"
        "```\n"
    )
    found = documented(readme)
    assert found == [
        (1, "sluis --demo"),
        (3, "sluis --demo"),
        (4, "sluis import a.ovpn|openvpn://import-profile/https://… [--yes]"),
        (5, "X=<a file> sluis add https://vpn.example.org"),
    ]
    assert [c.text for c in variants(*found[2])] == [
        "sluis import a.ovpn",
        "sluis import openvpn://import-profile/https://…",
        "sluis import a.ovpn --yes",
        "sluis import openvpn://import-profile/https://… --yes",
    ]
    (added,) = variants(*found[3])
    assert added.env == (("X", "<a file>"),) and added.args == ("add", "https://vpn.example.org")
    assert added.subcommand == "add" and not added.is_window


# -- running them ----------------------------------------------------------------------------------------


def sluis_program() -> list[str]:
    """The installed ``sluis`` entry point beside this Python, as the README runs it."""
    script = Path(sys.executable).with_name("sluis")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gui"]


@dataclass
class Home:
    """A private home: the environment every command of one test runs with, and its folders."""

    root: Path
    runtime: Path
    work: Path
    env: dict[str, str]


def private_env(root: Path, runtime: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Nothing of the environment running the tests but PATH (no D-Bus session: no real keyring)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(root),
        "SLUIS_HOME": str(root / "sluis"),
        "XDG_CONFIG_HOME": str(root / ".config"),
        "XDG_DATA_HOME": str(root / ".local" / "share"),
        "XDG_CACHE_HOME": str(root / ".cache"),
        "XDG_STATE_HOME": str(root / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(runtime),
        "SLUIS_RUNTIME_DIR": str(runtime / "tunnels"),
        "TMPDIR": str(root / "tmp"),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
        "SLUIS_TEST_KEYRING_FILE": str(root / "keyring.json"),
        "BROWSER": f"{sys.executable} -m tests.support.browser %s",
        **(extra or {}),
    }


def _end_processes_of(sluis_home: Path) -> None:
    """What the commands of one test left running (a tunnel's background process, a window that did
    not quit): the processes whose environment names this test's private SLUIS_HOME (Linux)."""
    marker = b"\0SLUIS_HOME=" + os.fsencode(sluis_home) + b"\0"
    left: list[int] = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environ = b"\0" + (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ and int(entry.name) != os.getpid():
            left.append(int(entry.name))
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGTERM)
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:
        left = [pid for pid in left if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
        time.sleep(0.05)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class Running:
    """A command in the background whose output is read as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            argv,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.stdout, True), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.stderr, False), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: IO[str], into: list[str], announce: bool) -> None:
        for line in stream:
            into.append(line)
            if announce:
                self._lines.put(line)
        if announce:
            self._lines.put(None)

    def wait_for(self, prefix: str, timeout: float = START_TIMEOUT) -> bool:
        """Until a line of stdout starts with ``prefix``; False at the end of output or the timeout."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                return False
            if line is None:
                return False
            if line.startswith(prefix):
                return True
        return False

    def stop(self, how: signal.Signals) -> Result:
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            self.process.wait(timeout=COMMAND_TIMEOUT)
        finally:
            self.kill()
        return Result(self.process.returncode, "".join(self.stdout), "".join(self.stderr))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for reader in self._readers:
            reader.join(10)
        self._close()

    def _close(self) -> None:
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    @property
    def output(self) -> str:
        """Everything it printed so far (``finish()`` first for everything it ever printed)."""
        return "".join(self.stdout) + "".join(self.stderr)

    def finish(self) -> str:
        """End it and return all its output: for the message of a failed test."""
        self.kill()
        return self.output


def run(argv: list[str], env: dict[str, str], cwd: Path) -> Result:
    done = subprocess.run(
        argv,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_in_terminal(argv: list[str], env: dict[str, str], cwd: Path, answer: str) -> Result:
    """stdin and stdout on a pseudo-terminal (the command asks there), the answer typed ahead."""
    main, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=secondary, stdout=secondary, stderr=subprocess.PIPE
        )
    finally:
        os.close(secondary)
    try:
        os.write(main, answer.encode())
        output = bytearray()
        deadline = time.monotonic() + COMMAND_TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # EIO: the command closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        else:
            process.kill()
        assert process.stderr is not None
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        returncode = process.wait(timeout=COMMAND_TIMEOUT)
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()
            process.wait()
    return Result(returncode, output.decode(errors="replace"), stderr)


def run_window(argv: list[str], env: dict[str, str], cwd: Path) -> Result:
    """Start the window offscreen; once it serves its control socket (it opens that after the
    window is built), quit it with SIGTERM, as a logout does."""
    window = Running(argv, env, cwd)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not any(_accepts(path) for path in _control_sockets(env)):
            assert window.process.poll() is None, f"the window ended at start:\n{window.finish()}"
            assert time.monotonic() < deadline, f"no control socket:\n{window.finish()}"
            time.sleep(0.1)
        return window.stop(signal.SIGTERM)
    finally:
        window.kill()


def _control_sockets(env: dict[str, str]) -> list[Path]:
    """Where the window's control socket is: the standard place, or (``--demo``, a home of its
    own) one of that name in the private runtime folder or home."""
    standard = control_socket_path(env)
    found = [standard]
    for folder in (env["XDG_RUNTIME_DIR"], env["HOME"]):
        with contextlib.suppress(OSError):  # a folder may vanish while it is walked
            # --demo's home is its own, and so is its socket's name (control-<hash>.sock)
            found += [path for path in Path(folder).rglob("control*.sock") if path.is_socket()]
    return found


def _accepts(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class ServerOutput:
    url: str
    ca_file: str
    discovery: dict[str, str]


def server_output(lines: list[str]) -> ServerOutput:
    """What ``sluis demo-server`` prints: its address, the CA to trust, the discovery settings."""
    text = "".join(lines)
    url = re.search(r"^Sluis demo server: (\S+)$", text, re.MULTILINE)
    ca_file = re.search(r"^The server's CA certificate: (.+)$", text, re.MULTILINE)
    discovery = dict(re.findall(r"\b(SLUIS_DISCOVERY_(?:URL|KEYS))=(\S+)", text))
    assert url and ca_file, f"sluis demo-server did not say where it listens and what to trust:\n{text}"
    return ServerOutput(url.group(1), ca_file.group(1).strip(), discovery)


def _serves(printed: ServerOutput) -> bool:
    """The server answers over TLS, trusted through the CA file it printed."""
    try:
        context = ssl.create_default_context(cafile=printed.ca_file)
        answer = httpx2.get(printed.url + ".well-known/vpn-user-portal", verify=context, timeout=10)
    except (OSError, ssl.SSLError, httpx2.HTTPError):
        return False
    return answer.status_code == 200


def run_demo_server(argv: list[str], env: dict[str, str], cwd: Path) -> Result:
    """In the background until it says it serves; then it must answer over TLS with the CA it
    printed, and quit on SIGTERM, its files removed."""
    server = Running(argv, env, cwd)
    try:
        assert server.wait_for("Press Ctrl+C"), f"sluis demo-server did not start:\n{server.finish()}"
        printed = server_output(server.stdout)
        assert _serves(printed), f"sluis demo-server does not serve:\n{server.finish()}"
        result = server.stop(signal.SIGTERM)
        assert not Path(printed.ca_file).exists(), "the throw-away CA outlived the server"
        return result
    finally:
        server.kill()


# -- fixtures ----------------------------------------------------------------------------------------------


def _short_runtime_dir() -> Path:
    """A private runtime folder with a short path: a Unix socket's path holds ~100 bytes."""
    return Path(tempfile.mkdtemp(prefix="sluis-rt-"))  # mode 0700


@pytest.fixture(scope="module")
def site(demo_tls: TLSFiles, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """``sluis demo-server`` in the background (any free port, logins approved at once), and an
    Access Server stand-in for token URLs; both trusted through one CA bundle."""
    root = tmp_path_factory.mktemp("demo-server-home")
    (root / "tmp").mkdir()
    runtime = _short_runtime_dir()
    argv = [*sluis_program(), "demo-server", "--tls", "--port", "0", "--auto-approve"]
    server = Running(argv, private_env(root, runtime), root)
    access_server = AccessServer(demo_tls).start()
    try:
        assert server.wait_for("Press Ctrl+C"), f"sluis demo-server did not start:\n{server.finish()}"
        printed = server_output(server.stdout)
        assert _serves(printed), f"sluis demo-server does not serve:\n{server.finish()}"
        bundle = root / "ca-bundle.pem"
        bundle.write_text(Path(printed.ca_file).read_text() + demo_tls.ca_file.read_text())
        yield Site(printed.url.rstrip("/"), printed.ca_file, str(bundle), printed.discovery, access_server)
        stopped = server.stop(signal.SIGINT)  # Ctrl+C
        assert stopped.returncode == 0 and "Traceback" not in stopped.stderr, stopped.stderr
    finally:
        server.kill()
        access_server.stop()
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    root, work = tmp_path / "home", tmp_path / "work"
    (root / "tmp").mkdir(parents=True)
    work.mkdir()
    runtime = _short_runtime_dir()
    env = private_env(root, runtime)
    # No command may bring up a real tunnel on this machine: the backend that brings up nothing.
    Settings(backend="recording").save(AppPaths.from_environment(env).settings_file)
    try:
        yield Home(root, runtime, work, env)
    finally:
        _end_processes_of(Path(env["SLUIS_HOME"]))
        shutil.rmtree(runtime, ignore_errors=True)


# -- the test ----------------------------------------------------------------------------------------------


def fill(command: Command, words: tuple[str, ...], site: Site | None) -> list[str]:
    """The README's placeholders and example values replaced by this test's (see the tables above)."""
    filled: list[str] = []
    for index, word in enumerate(words):
        if word in PLACEHOLDERS:
            assert site is not None, f"{command.subcommand} runs without the demo server: no {word}"
            word = PLACEHOLDERS[word](site)
        elif index and (words[index - 1], word) in OPTION_VALUES:
            word = OPTION_VALUES[(words[index - 1], word)][0]
        elif UNKNOWN_PLACEHOLDER.search(word):
            pytest.fail(
                f"README line {command.line}: {word!r} in `{command.text}` looks like a placeholder; "
                "say in PLACEHOLDERS what it stands for"
            )
        filled.append(word)
    return filled


def sluis(home: Home, *args: str) -> Result:
    """A step before the command under test (itself a README command); it must work."""
    result = run([*sluis_program(), *args], home.env, home.work)
    assert result.returncode == 0 and "Traceback" not in result.stderr, (
        f"preparing with `sluis {' '.join(args)}` failed:\n{result.stderr}"
    )
    return result


def prepare(command: Command, args: list[str], home: Home, site: Site) -> None:
    if command.subcommand is None:
        return
    for step in PRECONDITIONS.get(command.subcommand, DEFAULT_PRECONDITIONS):
        if step == ADDED:
            sluis(home, "add", site.server)
        elif step == CONNECTED:
            sluis(home, "connect", site.server, "--profile", "employees")
        elif step == PROFILE_FILE:
            for arg in args:
                if arg.endswith(".ovpn") and "://" not in arg:
                    (home.work / arg).write_text(profile("autologin"))


@pytest.mark.parametrize("command", [pytest.param(c, id=c.text) for c in COMMANDS])
def test_readme_command(command: Command, home: Home, request: pytest.FixtureRequest) -> None:
    why = next((reason for part, reason in SKIPPED.items() if part in command.text), None)
    if why is not None:
        pytest.skip(why)
    if command.subcommand in WITHOUT_SITE:
        site, site_env = None, {}
    else:
        site = request.getfixturevalue("site")
        site_env = {"SSL_CERT_FILE": site.ca_bundle, **site.discovery}
        home.env.update(site_env)  # the preparing steps too
    args = fill(command, command.args, site)
    names, values = (name for name, _ in command.env), tuple(value for _, value in command.env)
    assignments = dict(zip(names, fill(command, values, site), strict=True))
    if site is not None:
        prepare(command, args, home, site)
    argv, env = [*sluis_program(), *args], {**home.env, **assignments}
    if command.is_window:
        result = run_window(argv, env, home.work)
    elif command.subcommand == "demo-server":
        result = run_demo_server(argv, env, home.work)
    elif command.subcommand in TERMINAL_ANSWERS and "--yes" not in args:
        result = run_in_terminal(argv, env, home.work, TERMINAL_ANSWERS[command.subcommand])
    else:
        result = run(argv, env, home.work)
    shown = f"`{command.text}` (README.md line {command.line}) ran as `{shlex.join(args)}`"
    assert "Traceback" not in result.stderr + result.stdout, f"{shown} crashed:\n{result.stderr}"
    assert result.returncode == 0, f"{shown} exited {result.returncode}:\n{result.stderr}"
    if "--json" in args:
        json.loads(result.stdout)
