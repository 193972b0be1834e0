"""``sluis``: the same core the window uses, driven from a terminal or a script.

Exit codes: 0 success, 1 a user-facing error (one line on stderr), 2 a usage error.

Each command loads what it uses: ``status``, ``servers`` and ``disconnect`` (without a URL) read a
few files or ask the running Sluis over its control socket, with no event loop, HTTP, OAuth or Qt
(``tests/test_import_guard.py`` holds them to that); the window's and the API's modules are imported
by the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui import __version__
from gui.core.errors import KeyringUnavailableError, SluisError, StorageError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.language import localized
from gui.core.logsetup import configure_logging
from gui.core.paths import AppPaths, write_private
from gui.core.protocols import Protocol

if TYPE_CHECKING:
    from gui.core.discovery import SearchResult
    from gui.core.profile_secrets import GivenLogin
    from gui.core.servers import ServerEntry
    from gui.core.service import VpnService

log = logging.getLogger("sluis.cli")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# What a config file written by ``sluis config`` can hold when no protocol is forced: WireGuard+TCP
# needs a running ProxyGuard client beside ``wg``, which a file alone does not bring, so it is only
# asked for explicitly.
CONFIG_ACCEPT = (Protocol.OPENVPN, Protocol.WIREGUARD)
# The protocol as the terminal shows it (the window has its own, translated words).
PROTOCOL_NAMES = {
    Protocol.OPENVPN.value: "OpenVPN",
    Protocol.WIREGUARD.value: "WireGuard",
    Protocol.WIREGUARD_TCP.value: "WireGuard over TCP",
}


def protocol_name(result: dict[str, Any]) -> str | None:
    """``WireGuard over TCP``, ``OpenVPN over TCP``…: the protocol and, when it matters, the transport."""
    protocol, transport = result.get("protocol"), result.get("transport")
    if not isinstance(protocol, str):
        return None
    name = PROTOCOL_NAMES.get(protocol, protocol)
    if protocol == Protocol.OPENVPN.value and transport in ("udp", "tcp"):
        name += f" over {transport.upper()}"
    return name


def user_languages() -> list[str]:
    """The user's languages from the environment, as gettext reads them (the GUI uses Qt's list)."""
    import locale
    import os

    tags: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            tags.extend(t.split(".")[0] for t in value.split(":") if t and t not in ("C", "POSIX"))
            break
    if not tags:
        current = locale.getlocale()[0]
        if current:
            tags.append(current)
    return [t.replace("_", "-") for t in tags if t]


def _browser(url: str) -> object:
    """``webbrowser`` honours ``$BROWSER``. It can block (it waits for some browser commands), so it
    runs in a thread while the loopback listener keeps serving."""

    import asyncio
    import webbrowser

    async def open_it() -> None:
        opened = await asyncio.to_thread(webbrowser.open, url)
        if not opened:
            print("Could not start a web browser. Open this address to log in:\n" + url, file=sys.stderr)

    return open_it()


def _print_rows(
    rows: list[dict[str, Any]],
    as_json: bool,
    line: Callable[[dict[str, Any]], str],
    *,
    empty: str | None = None,
) -> None:
    """A listing as JSON for scripts, or one tab-separated line per row for people."""
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not rows and empty:
        print(empty)
    else:
        for row in rows:
            print(line(row))


def _server_json(entry: ServerEntry, languages: list[str], predefined: bool = False) -> dict[str, Any]:
    return {
        "base_url": entry.base_url,
        "name": localized(entry.display_name, languages) if entry.display_name else entry.base_url,
        "kind": entry.kind.value,
        "org_id": entry.org_id,
        "last_profile": entry.last_profile,
        "delisted": entry.delisted,
        "predefined": predefined,
    }


async def _run(args: argparse.Namespace, service: VpnService) -> int:
    languages = user_languages()
    command = args.command
    if command == "add":
        if args.org or args.server:
            entry = await service.add_from_discovery(_browser, base_url=args.server, org_id=args.org)
        elif args.url:
            entry = await service.add_server(args.url, _browser)
        else:
            raise UsageError("add needs a URL, --server BASE_URL or --org ORG_ID")
        print(f"Added {entry.base_url}")
        if not service.tokens.persistent:
            print(f"sluis: warning: {KeyringUnavailableError().message}", file=sys.stderr)
    elif command == "discover":
        if not service.discovery_enabled:
            raise SluisError(QT_TRANSLATE_NOOP("Errors", "Server discovery is switched off here."))
        results = await service.discover(args.query or "", languages)
        notice = service.discovery().notice
        if notice is not None:
            print(f"sluis: warning: {notice.message} (showing the last verified list)", file=sys.stderr)
        _print_rows(
            [_discovery_json(r) for r in results],
            args.json,
            lambda row: f"{row['type']}\t{row['name']}\t{row['base_url'] or row['org_id']}",
        )
    elif command == "remove":
        entry = await service.remove_server(args.url)
        print(f"Removed {entry.base_url}")
    elif command == "profiles":
        profiles = await service.profiles(args.url)
        rows = [
            {
                "profile_id": p.profile_id,
                "name": p.name(languages),
                "protocols": sorted(x.value for x in p.protocols),
                "transports": sorted(p.transports),
                "default_gateway": p.default_gateway,
            }
            for p in profiles
        ]
        _print_rows(
            rows, args.json, lambda row: f"{row['profile_id']}\t{row['name']}\t{','.join(row['protocols'])}"
        )
    elif command == "config":
        from gui.tunnel.protocols import allowed_protocols  # the one rule, IT's locks included

        accept = allowed_protocols(
            CONFIG_ACCEPT,
            service.settings,
            service.policy,
            requested=Protocol(args.protocol) if args.protocol else None,
        )
        profile, config = await service.obtain_config(
            args.url, args.profile, accept=accept, prefer_tcp=True if args.prefer_tcp else None
        )
        suffix = ".ovpn" if config.protocol is Protocol.OPENVPN else ".conf"
        output = Path(args.output) if args.output else Path(f"sluis-{profile.profile_id}{suffix}")
        _write_output(output, config.text)
        expires = config.expires.isoformat() if config.expires else "unknown"
        print(f"Wrote {output} (protocol {config.protocol.value}, expires {expires})")
    elif command == "connect":
        raise SluisError(detail="the tunnel owner did not take the request")  # see main()
    elif command == "disconnect":
        # No Sluis holds a tunnel: give the server its config back (without a URL: _run_local).
        from gui.tunnel.status import state_file

        await service.disconnect(args.url)
        state_file(service.paths).clear()
        print("Disconnected")
    elif command == "import":
        entry = await service.import_profile(_import_source(args.source), _terminal_confirm(args.yes))
        _print_imported(entry.to_json())
    elif command == "diagnostics":
        from gui.core.diagnostics import build_report

        report = build_report(service, backend={"installation": "; ".join(version_details())})
        if args.output:
            print(f"Wrote {_write_output(Path(args.output), report)}")
        else:
            print(report, end="")
    return EXIT_OK


# Commands that only read (or clear) local files when no Sluis runs: no event loop, no HTTP stack.
LOCAL_COMMANDS = frozenset({"status", "servers", "disconnect"})


def _is_local(args: argparse.Namespace) -> bool:
    return args.command in LOCAL_COMMANDS and not (args.command == "disconnect" and args.url)


def _run_local(args: argparse.Namespace, paths: AppPaths) -> int:
    """``servers``, ``status`` and ``disconnect`` without a URL, from the files alone."""
    from gui.tunnel.status import state_file

    if args.command == "disconnect":
        # No Sluis holds a tunnel: there is nothing to take down.
        state_file(paths).clear()
        print("Disconnected")
        return EXIT_OK
    from gui.core.servers import ServerStore

    store = ServerStore(paths.servers_file)
    if args.command == "servers":
        from gui.core.policy import load_policy
        from gui.core.servers import listed_servers

        policy = load_policy()
        languages = user_languages()
        _print_rows(
            [
                _server_json(e, languages, policy.is_predefined(e.base_url))
                for e in listed_servers(store, policy)
            ],
            args.json,
            lambda row: (
                f"{row['base_url']}\t{row['name']}\t{'predefined' if row['predefined'] else row['kind']}"
            ),
            empty="No servers added yet. Add one with: sluis add URL",
        )
        return EXIT_OK
    from gui.core.session_record import LastSession, offline_status

    persistent: bool | None = None  # where logins live: a D-Bus question, asked when it is shown
    if args.json:
        from gui.core.tokens import TokenStore

        persistent = TokenStore().persistent
    status = offline_status(LastSession.load(paths.connection_file), (e.base_url for e in store), persistent)
    last = state_file(paths).read()
    if last is not None:
        # What the last owner left: a session that ended, or a tunnel whose owner is gone.
        status.update({k: v for k, v in last.items() if v is not None})
        if status.get("ended"):
            status.pop("last_config", None)
    if args.json:
        print(json.dumps(status, indent=2))
    else:
        print(f"State: {_state_words(status)}")
        if status.get("ended"):
            reason = f": {status['reason']}" if status.get("reason") else ""
            print(f"Session {status['ended']}{reason}")
        last_config = status.get("last_config")
        if last_config:
            print(
                f"Last configuration: {last_config['server']} / {last_config['profile']} "
                f"({last_config['protocol']}), expires {last_config['expires']}"
            )
    return EXIT_OK


def _demo_server(args: argparse.Namespace) -> int:
    """``sluis demo-server``: in the foreground until Ctrl+C or SIGTERM (exit 0). It runs its own
    event loop, so it is started here and never from inside ``_run``'s."""
    from gui.demoserver.runner import serve

    try:
        serve(port=args.port, tls=args.tls, auto_approve=args.auto_approve)
    except OSError as exc:
        print(f"sluis: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _port(text: str) -> int:
    """A TCP port for argparse: 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {port}")
    return port


def _write_output(path: Path, text: str) -> Path:
    """A file the user named (mode 0600); a folder that is missing or not writable is a one-line
    error, not a traceback."""
    try:
        write_private(path, text, private_folder=False)  # the user's folder: neither checked nor changed
    except OSError as exc:
        raise StorageError(path=str(path), detail=exc.strerror or type(exc).__name__) from None
    return path


def version_details() -> list[str]:
    """What IT asks first about an installation: which VPN backend it uses and which policy binds it."""
    from gui.core.policy import apply_policy, load_policy
    from gui.core.settings import Settings

    policy = load_policy()
    settings = apply_policy(Settings.load(AppPaths.from_environment().settings_file), policy)
    try:
        from gui.backends.registry import pick_backend

        backend = f"backend: {pick_backend(settings.backend or None).name}"
    except SluisError as exc:  # no VPN software here, or an unknown name in the settings
        backend = f"backend: not selected ({exc.message})"
    except Exception as exc:  # a backend probe must never break --version
        backend = f"backend: not selected ({type(exc).__name__}: {exc})"
    lines = [backend, f"policy: {policy.source or 'none'}"]
    lines += [f"policy problem: {problem}" for problem in policy.problems]
    return lines


class _VersionAction(argparse.Action):
    """``Sluis X.Y.Z`` on the first line (scripts parse it), then the backend and the policy."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"Sluis {__version__}", flush=True)
        logging.disable(logging.WARNING)  # the problems are printed below, not logged twice
        for line in version_details():
            print(line)
        parser.exit()


class UsageError(Exception):
    """A command line that parsed but does not make sense: exit code 2, like argparse's own."""


async def _run_and_close(args: argparse.Namespace, service: VpnService) -> int:
    try:
        return await _run(args, service)
    finally:
        await service.aclose()


def _discovery_json(result: SearchResult) -> dict[str, Any]:
    org = result.organization
    return {
        "type": result.kind.value,
        "name": result.display_name,
        "base_url": result.base_url,
        "org_id": org.org_id if org is not None else None,
    }


# The commands, in the order ``sluis --help`` lists them.
COMMANDS = (
    "add",
    "discover",
    "servers",
    "remove",
    "profiles",
    "config",
    "connect",
    "disconnect",
    "status",
    "import",
    "diagnostics",
    "demo-server",
)


# ``command_word`` of a command line that names no command at all and asks no help: it starts the
# window, and its parser needs no sub-parser (each costs the window's start some 0.5 ms).
WINDOW = ""


def command_word(argv: Sequence[str]) -> str | None:
    """The command an argument list names, if it names one of ``COMMANDS`` (the top-level options
    take no values, so it is the first argument that is not an option); ``WINDOW`` when it names
    none. ``None`` when the top-level help is asked before it, or for a word that is no command:
    that help, and that error, list every command."""
    for word in argv:
        if word in ("-h", "--help"):
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return WINDOW


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line. With ``command`` (one of ``COMMANDS``), only that command's sub-parser is
    built (with ``WINDOW``, none): ``main`` parses a command line that names one with it, since
    each sub-parser and argument costs argparse's formatter and gettext look-ups (some 5 ms for all
    of them, a tenth of ``sluis status``), and the result, errors and help of that command are the
    same."""

    def wanted(name: str) -> bool:
        if command == WINDOW:
            return False
        return command not in COMMANDS or name == command

    parser = argparse.ArgumentParser(prog="sluis", description="Sluis VPN client")
    parser.add_argument("--version", action=_VersionAction, help="show the version, backend and policy")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens to stderr")
    parser.add_argument(
        "--demo", action="store_true", help="start the window with a built-in demo server (no real VPN)"
    )
    parser.add_argument(
        "--minimized", "--hidden", action="store_true", help="start in the tray, without showing the window"
    )
    parser.add_argument(
        "--register-url-handlers", action="store_true", help="make Sluis open sluis:// and openvpn:// links"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if wanted("add"):
        add = sub.add_parser("add", help="add a server and log in to it in the browser")
        add.add_argument("url", nargs="?", help="the server's address")
        chosen = add.add_mutually_exclusive_group()
        chosen.add_argument("--server", metavar="BASE_URL", help="an institute from the discovery list")
        chosen.add_argument("--org", metavar="ORG_ID", help="an organization's Secure Internet server")
    if wanted("discover"):
        discover = sub.add_parser("discover", help="search the eduVPN institutes and organizations")
        discover.add_argument("query", nargs="?", default="")
        discover.add_argument("--json", action="store_true")
    if wanted("servers"):
        servers = sub.add_parser("servers", help="list the added servers")
        servers.add_argument("--json", action="store_true")
    if wanted("remove"):
        remove = sub.add_parser("remove", help="remove a server and its login")
        remove.add_argument("url")
    if wanted("profiles"):
        profiles = sub.add_parser("profiles", help="list a server's VPN profiles")
        profiles.add_argument("url")
        profiles.add_argument("--json", action="store_true")
    if wanted("config"):
        config = sub.add_parser("config", help="obtain a VPN configuration file")
        config.add_argument("url")
        config.add_argument("--profile", help="profile id (default: the last used, or the only one)")
        config.add_argument("--prefer-tcp", action="store_true")
        config.add_argument("--protocol", choices=[p.value for p in Protocol])
        config.add_argument("--output", help="file to write (mode 0600)")
    if wanted("connect"):
        connect = sub.add_parser(
            "connect", help="bring a VPN tunnel up (it keeps running after this returns)"
        )
        connect.add_argument("url")
        connect.add_argument("--profile", help="profile id (default: the last used, or the only one)")
        connect.add_argument("--prefer-tcp", action="store_true")
        connect.add_argument("--protocol", choices=[p.value for p in Protocol])
        connect.add_argument(
            "--backend", help="networkmanager, direct, windows or macos (default: the best one here)"
        )
        connect.add_argument(
            "--credentials-fd",
            type=int,
            metavar="N",
            help="read the VPN username and password (one line each; a third line answers a static"
            " challenge) from file descriptor N, for profiles that ask for a login (scripts)",
        )
        connect.add_argument(
            "--remember", action="store_true", help="keep the VPN username and password in the keyring"
        )
    if wanted("disconnect"):
        disconnect = sub.add_parser(
            "disconnect", help="bring the tunnel down and tell the server the session ended"
        )
        disconnect.add_argument("url", nargs="?", help="the server (default: whichever is connected)")
    if wanted("status"):
        status = sub.add_parser("status", help="show the connection state")
        status.add_argument("--json", action="store_true")
    if wanted("import"):
        imported = sub.add_parser("import", help="import an OpenVPN/WireGuard profile (file or token URL)")
        imported.add_argument(
            "source", help="a .ovpn/.conf file, or an openvpn://import-profile/https://… link"
        )
        imported.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    if wanted("diagnostics"):
        diagnostics = sub.add_parser(
            "diagnostics", help="write a report for a bug report (versions, state, log; no secrets)"
        )
        diagnostics.add_argument(
            "--output", "-o", metavar="FILE", help="write it here (mode 0600), not to stdout"
        )
    if wanted("demo-server"):
        demo = sub.add_parser("demo-server", help="run the built-in API v3 server for trying Sluis out")
        demo.add_argument("--port", type=_port, default=8443, help="0: any free port (default 8443)")
        demo.add_argument("--tls", action="store_true", help="serve HTTPS with a generated local CA")
        demo.add_argument("--auto-approve", action="store_true", help="approve logins without a form")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    link = _link_argument(words)
    parser = build_parser(None if link is not None else command_word(words))
    args = parser.parse_args([] if link is not None else argv)
    paths = AppPaths.from_environment()
    configure_logging(paths.log_dir, verbose=args.verbose)
    if link is not None:
        return _open_link(args, link)
    if args.register_url_handlers:
        return _register_url_handlers()
    if args.command in REMOTE_COMMANDS:
        try:
            if args.command == "connect":
                forwarded = _connect_with_login(args, paths)
            else:
                forwarded = _via_running_app(args, paths)
        except SluisError as exc:
            print(f"sluis: {exc.message}", file=sys.stderr)
            return EXIT_ERROR
        if forwarded is not None:
            return forwarded
    if args.command == "demo-server":
        return _demo_server(args)
    if args.command is None:
        from gui.app import run_gui  # Qt is loaded only for the window

        return run_gui(args)
    try:
        if _is_local(args):
            return _run_local(args, paths)
        # Imported here so that --version and usage errors do not pay for the HTTP/OAuth stack.
        import asyncio

        from gui.core.service import VpnService

        service = VpnService(paths)
        return asyncio.run(_run_and_close(args, service))
    except SluisError as exc:
        print(f"sluis: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"sluis: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sluis: interrupted", file=sys.stderr)
        return EXIT_ERROR


# -- links, imports and the running app (URL schemes, profile import, the local control API) ----------
# Commands that a running Sluis (window or headless host) carries out when it runs: one tunnel,
# one owner.
REMOTE_COMMANDS = frozenset({"connect", "disconnect", "status", "import"})


def _link_argument(argv: Sequence[str]) -> str | None:
    """A lone URL argument (``sluis openvpn://…`` from the desktop entry's ``%u``): untrusted, so
    exactly one argument that is not an option."""
    if len(argv) != 1 or ":" not in argv[0]:
        return None  # no URL at all (every command line but a link's): spare the import
    from gui.desktop.urlschemes import looks_like_url, untrusted_argument

    url = untrusted_argument(argv)
    return url if url is not None and looks_like_url(url) else None


def _open_link(args: argparse.Namespace, url: str) -> int:
    """Check the link, then hand it to the window (a running one gets it over the single-instance
    socket and routes it; a new one routes ``args.open_url`` at start)."""
    from gui.urlrouter import Rejected, classify

    intent = classify(url, redirects=_custom_redirects())
    if isinstance(intent, Rejected):
        print(f"sluis: {intent.message}", file=sys.stderr)
        return EXIT_ERROR
    from gui.app import run_gui

    args.open_url = url
    return run_gui(args, [url])


def _custom_redirects() -> tuple[str, ...]:
    from gui.core.settings import Settings
    from gui.urlrouter import oauth_redirects

    return oauth_redirects(Settings.load(AppPaths.from_environment().settings_file))


def _register_url_handlers() -> int:
    if not sys.platform.startswith("linux"):
        print("sluis: the installer registers the link types on this system", file=sys.stderr)
        return EXIT_ERROR
    from gui.desktop.urlschemes import register_linux

    print(f"Registered {register_linux()}")
    return EXIT_OK


def _import_source(text: str) -> str:
    """A file argument as an absolute path (a running app has another working folder)."""
    if "://" in text:
        return text
    return str(Path(text).expanduser().resolve())


def _terminal_confirm(yes: bool) -> Any:
    """Ask on the terminal, showing where the profile comes from; ``--yes`` for scripts; with no
    terminal and no ``--yes``, refuse (a link handed to a script must not import silently)."""
    from gui.core.errors import ProfileImportError
    from gui.core.importers import ImportSource

    def confirm(source: ImportSource) -> bool:
        if yes:
            return True
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise ProfileImportError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Importing needs a confirmation: run it in a terminal, or pass --yes."
                )
            )
        where = f"the server {source.host}" if source.host else f"the file {source.shown}"
        answer = input(f"Import a VPN profile from {where}? [y/N] ")
        return answer.strip().lower() in {"y", "yes"}

    return confirm


def _print_imported(entry: dict[str, Any]) -> None:
    print(f"Imported “{entry.get('display_name')}” as {entry.get('base_url')} ({entry.get('profile_kind')})")
    if entry.get("profile_kind") == "user-locked":
        print("Sluis asks for your VPN username and password when you connect.")


def _connect_via_owner(args: argparse.Namespace, paths: AppPaths, login: GivenLogin | None) -> int | None:
    """``sluis connect`` carried out by the tunnel owner. One owner per user session: with no window
    running, a background Sluis holds the tunnel and serves the next status/disconnect; this
    process only asks it."""
    forwarded = _via_running_app(args, paths, login)
    if forwarded is None:
        from gui.control.owner import start_owner

        start_owner(args.backend)
        forwarded = _via_running_app(args, paths, login)
    return forwarded


def _connect_with_login(args: argparse.Namespace, paths: AppPaths) -> int | None:
    """``sluis connect``, with the VPN login of a profile that asks for one: from
    ``--credentials-fd``, else the one the keyring keeps (the owner uses it by itself), else typed
    on the terminal once the owner answered ``credentials_required``. Never in argv or the
    environment: it travels only over the user's private control socket."""
    from gui.control.client import ControlRequestFailed
    from gui.control.protocol import ErrorCode

    login = _login_from_fd(args.credentials_fd, args.remember) if args.credentials_fd is not None else None
    try:
        return _connect_via_owner(args, paths, login)
    except ControlRequestFailed as exc:
        if exc.code != ErrorCode.CREDENTIALS_REQUIRED.value or login is not None:
            raise
        login = _terminal_login(exc.message, exc.error, args.remember)
    return _connect_via_owner(args, paths, login)


MAX_CREDENTIALS_BYTES = 8192


def _login_from_fd(fd: int, remember: bool) -> GivenLogin:
    """``--credentials-fd N``: the username on the first line, the password on the second (and a
    static challenge's answer on a third), from a descriptor the caller opened; read once, closed."""
    from gui.core.profile_secrets import GivenLogin

    try:
        with open(fd, "rb", closefd=True) as stream:
            raw = stream.read(MAX_CREDENTIALS_BYTES + 1)
    except OSError as exc:
        raise SluisError(
            QT_TRANSLATE_NOOP("Errors", "Could not read the VPN login from file descriptor {fd}: {detail}"),
            fd=fd,
            detail=exc.strerror or type(exc).__name__,
        ) from None
    lines = [line.removesuffix("\r") for line in raw.decode("utf-8", "replace").split("\n")]
    if len(raw) > MAX_CREDENTIALS_BYTES or len(lines) < 2 or not lines[0] or not lines[1]:
        raise SluisError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "File descriptor {fd} must hold the VPN username on one line and the password on the next.",
            ),
            fd=fd,
        )
    response = lines[2] if len(lines) > 2 and lines[2] else None
    return GivenLogin(lines[0], lines[1], response, remember)


def _terminal_login(message: str, asked: dict[str, Any], remember: bool) -> GivenLogin:
    """Ask on the terminal what the owner said it needs: the username (the profile's own as the
    default), the password without echo, a static challenge's answer. No terminal: one line that
    says how else to give them."""
    import getpass

    from gui.core.profile_secrets import GivenLogin

    if not sys.stdin.isatty():
        raise SluisError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{reason} Type them in a terminal, pass them with --credentials-fd N (the username"
                " and the password on two lines), or keep them in the keyring once with --remember.",
            ),
            reason=message,
        )
    print(message, file=sys.stderr)
    username = password = None
    if not asked.get("password_known"):
        known = asked.get("username") if isinstance(asked.get("username"), str) else None
        typed = input(f"Username [{known}]: " if known else "Username: ").strip()
        username = typed or known
        password = getpass.getpass("Password: ") or None
    challenge = asked.get("challenge")
    response = None
    if isinstance(challenge, str) and challenge:
        response = input(f"{challenge}: ") if asked.get("echo") else getpass.getpass(f"{challenge}: ")
    return GivenLogin(username, password, response, remember)


def _via_running_app(
    args: argparse.Namespace, paths: AppPaths, login: GivenLogin | None = None
) -> int | None:
    """Carry the command out in the running Sluis, if one runs (``None``: none does)."""
    from gui.control.socket_path import control_socket_path

    if not control_socket_path().exists():
        return None  # nothing listens: no need to load the protocol and the client
    from gui.control import client as control_client
    from gui.control import protocol as api

    if control_client.running_instance() is None:
        return None
    controller = control_client.cli_controller_id(paths.state_dir)
    request: api.Request
    if args.command == "connect":
        request = api.ConnectRequest(
            server=args.url,
            controller=controller,
            profile=args.profile,
            protocol=args.protocol,
            prefer_tcp=True if args.prefer_tcp else None,
            username=login.username if login is not None else None,
            password=login.password if login is not None else None,
            challenge_response=login.challenge_response if login is not None else None,
            remember=True if login is not None and login.remember else None,
        )
    elif args.command == "disconnect":
        request = api.DisconnectRequest(controller=controller)
    elif args.command == "status":
        request = api.StatusRequest()
    else:
        from gui.core.errors import ImportCancelledError
        from gui.core.importers import parse_source

        source = _import_source(args.source)
        if not _terminal_confirm(args.yes)(parse_source(source)):
            raise ImportCancelledError()
        request = api.ImportRequest(source=source, confirmed=True)
    result = control_client.forward(request)
    if result is None:
        return None
    if args.command != "import" and result.get("state") == "error":
        # The CLI's words for a tunnel that failed (``sluis status --json``'s contract).
        result = {**result, "state": "failed", "reason": result.get("reason") or result.get("error")}
    if args.command == "import":
        _print_imported(result)
    elif getattr(args, "json", False):
        print(json.dumps(result, indent=2))
    elif args.command == "connect" and result.get("state") == "connected":
        details = [str(x) for x in (result.get("profile"), protocol_name(result)) if x]
        details += [str(a) for a in result.get("addresses") or []]
        print(f"Connected to {result.get('server')} ({', '.join(details)})")
    elif args.command == "disconnect" and result.get("state") == "disconnected":
        print("Disconnected")
    else:
        where = f" ({result.get('server')}, {result.get('profile')})" if result.get("server") else ""
        # Said so: the answer is the running Sluis's (the window or the background owner).
        print(f"State: {_state_words(result)}{where} [the running Sluis]")
        if result.get("state") == "connected" and protocol_name(result):
            print(f"Protocol: {protocol_name(result)}")
        if result.get("error"):
            print(f"Reason: {result['error']}")
        if result.get("expires"):
            print(f"Session ends: {result['expires']}")
    return EXIT_OK


def _state_words(status: dict[str, Any]) -> str:
    """``connected``, or ``connected (reconnecting)`` while the tunnel finds its server again."""
    state = str(status.get("state"))
    return f"{state} (reconnecting)" if state == "connected" and status.get("reconnecting") else state


if __name__ == "__main__":
    sys.exit(main())
