"""Windows: WireGuard for Windows' tunnel service and the OpenVPN interactive service.

* WireGuard: the configuration is written (wg-quick syntax, from the parsed view only) into a
  directory only SYSTEM and Administrators may read, then ``wireguard.exe /installtunnelservice``
  installs and starts the ``WireGuardTunnel$<name>`` service; ``/uninstalltunnelservice <name>``
  removes it, and the file is deleted. The tunnel is the service's: it outlives Sluis.
* WireGuard over TCP: Sluis's own ProxyGuard client (``gui.core.proxyguard``) runs in Sluis, the
  service's endpoint is its socket on 127.0.0.1, and the proxy's address is cut out of
  ``AllowedIPs`` (``via_local_proxy``) so its connection stays off the tunnel without a route of
  Sluis's own. It lasts as long as Sluis runs.
* DNS: WireGuard for Windows applies the configuration's ``DNS =`` line itself (the profile's
  ``dns_search_domain_list`` is added to it) and, for a full tunnel, its firewall lets no DNS out
  past the tunnel. OpenVPN applies what the server pushes through the interactive service; Sluis
  adds the profile's search domains (``--dns search-domains``) and, for a default-gateway profile,
  ``--block-outside-dns``.
* OpenVPN: the interactive service (``\\\\.\\pipe\\openvpn\\service``) starts ``openvpn.exe`` for the
  user from a startup message ``workdir\\0options\\0stdin\\0`` in UTF-16LE, as OpenVPN GUI does; the
  management interface listens on 127.0.0.1 with a one-time password passed through ``stdin``.

None of this can run on the Linux machine Sluis is developed on: every command and file is built by
pure functions here, unit-tested, and executed through a ``Runner`` that is the only platform
boundary. See the README's "Backends" section for what has been run for real.
"""

from __future__ import annotations

import asyncio
import ntpath
import re
import secrets
from collections.abc import Awaitable, Callable, Sequence

from gui.backends.base import Backend, BackendOptions, Capabilities, TunnelSetupError
from gui.backends.dns import wireguard_with_profile_domains
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.proxyguard import start_proxy_for
from gui.core.vpnconfig import VpnConfig, WireGuardConfig, render_wireguard, via_local_proxy

WIREGUARD_EXE = r"C:\Program Files\WireGuard\wireguard.exe"
OPENVPN_EXE_DIR = r"C:\Program Files\OpenVPN\bin"
OPENVPN_SERVICE_PIPE = r"\\.\pipe\openvpn\service"
# Sluis' tunnel configs; the installer creates it with an ACL of SYSTEM + Administrators only.
CONFIG_DIR = r"C:\ProgramData\Sluis\tunnels"
_TUNNEL_NAME = re.compile(r"[A-Za-z0-9_=+.-]{1,32}")

# Runs one command (argv) and returns (exit code, output).
Runner = Callable[[Sequence[str]], Awaitable[tuple[int, str]]]
# Writes a file that only SYSTEM and Administrators can read.
FileWriter = Callable[[str, str], None]
FileRemover = Callable[[str], None]


def tunnel_name(profile: Profile) -> str:
    """The WireGuard tunnel (and service) name: ``sluis-<profile>``, as wireguard.exe accepts it."""
    cleaned = re.sub(r"[^A-Za-z0-9_=+.-]", "-", profile.profile_id)[:26]
    name = f"sluis-{cleaned}"
    assert _TUNNEL_NAME.fullmatch(name)
    return name


def wireguard_config_path(name: str) -> str:
    return ntpath.join(CONFIG_DIR, f"{name}.conf")


def install_tunnel_command(path: str) -> list[str]:
    return [WIREGUARD_EXE, "/installtunnelservice", path]


def uninstall_tunnel_command(name: str) -> list[str]:
    return [WIREGUARD_EXE, "/uninstalltunnelservice", name]


def service_query_command(name: str) -> list[str]:
    return ["sc.exe", "query", f"WireGuardTunnel${name}"]


def service_running(sc_output: str) -> bool:
    """Whether ``sc query`` says the service is RUNNING."""
    return bool(re.search(r"STATE\s*:\s*4\s+RUNNING", sc_output))


def openvpn_options(
    config_path: str, log_path: str, management_port: int, profile: Profile | None = None
) -> str:
    """The command line the interactive service runs openvpn.exe with (quoted as OpenVPN GUI does)."""
    return (
        f'--config "{config_path}" --log "{log_path}" '
        f"--management 127.0.0.1 {management_port} stdin --management-hold --management-query-passwords "
        "--auth-retry interact --script-security 1" + openvpn_dns_options(profile)
    )


def openvpn_dns_options(profile: Profile | None) -> str:
    """The profile's DNS part of openvpn.exe's command line: its search domains (already checked
    names: letters, digits, ``-``, ``_`` and dots, nothing to quote) and, for a default-gateway
    profile, ``--block-outside-dns`` (no query leaves through another adapter)."""
    if profile is None:
        return ""
    options = ""
    if profile.default_gateway:
        options += " --block-outside-dns"
    if profile.dns_search_domains:
        options += " --dns search-domains " + " ".join(profile.dns_search_domains)
    return options


def interactive_service_message(workdir: str, options: str, management_password: str) -> bytes:
    """The startup message for ``\\\\.\\pipe\\openvpn\\service``: three NUL-terminated UTF-16LE strings."""
    for part in (workdir, options, management_password):
        if "\x00" in part:
            raise ValueError("NUL in an interactive service field")
    return (f"{workdir}\x00{options}\x00{management_password}\n\x00").encode("utf-16-le")


def parse_interactive_service_reply(reply: bytes) -> tuple[int, str]:
    """The service answers ``0x0\\n<pid>\\n…`` on success or ``0x<error>\\n<function>\\n<message>``."""
    text = reply.decode("utf-16-le", errors="replace").rstrip("\x00")
    lines = text.split("\n")
    code = int(lines[0], 16) if lines and lines[0].startswith("0x") else -1
    return code, "\n".join(lines[1:]).strip()


class WindowsBackend(Backend):
    """WireGuard through its tunnel service; OpenVPN through the interactive service (see module doc)."""

    name = "windows"

    def __init__(
        self,
        options: BackendOptions | None = None,
        *,
        runner: Runner | None = None,
        write_file: FileWriter | None = None,
        remove_file: FileRemover | None = None,
    ) -> None:
        super().__init__()
        self.options = options or BackendOptions()
        self._runner = runner or _subprocess_runner
        self._write = write_file or _write_protected
        self._remove = remove_file or _remove
        self.tunnel: str | None = None
        self.config_path: str | None = None

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset({Protocol.WIREGUARD, Protocol.WIREGUARD_TCP, Protocol.OPENVPN}),
            notes=(
                "not run for real yet: built and unit-tested on Linux",
                "WireGuard over TCP through Sluis's own ProxyGuard client while Sluis runs",
            ),
        )

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        wireguard = config.wireguard
        if config.protocol is Protocol.WIREGUARD_TCP and wireguard is not None:
            self.proxy = proxy = await start_proxy_for(wireguard)
            assert proxy.address is not None
            wireguard = via_local_proxy(wireguard, proxy.local_port, proxy.address[0])
            try:
                return await self._up_wireguard(wireguard, profile)
            except BaseException:
                await self._down()
                raise
        if config.protocol is Protocol.WIREGUARD and wireguard is not None:
            return await self._up_wireguard(wireguard, profile)
        if config.protocol is Protocol.OPENVPN:
            raise TunnelSetupError(
                "OpenVPN through the interactive service is prepared (see windows.py) but not wired up yet"
            )
        raise TunnelSetupError(f"Windows backend cannot run {config.protocol.value}")

    async def _up_wireguard(self, wireguard: WireGuardConfig, profile: Profile) -> tuple[str, ...]:
        name = tunnel_name(profile)
        path = wireguard_config_path(name)
        self._write(path, render_wireguard(wireguard_with_profile_domains(wireguard, profile)))
        self.config_path = path
        code, output = await self._runner(install_tunnel_command(path))
        if code != 0:
            self._remove(path)
            raise TunnelSetupError(f"WireGuard could not install the tunnel: {output.strip()}")
        self.tunnel = name
        for _ in range(50):
            code, output = await self._runner(service_query_command(name))
            if code == 0 and service_running(output):
                return tuple(str(a) for a in wireguard.interface.addresses)
            await asyncio.sleep(0.2)
        raise TunnelSetupError("the WireGuard tunnel service did not start")

    async def _down(self) -> None:
        try:
            if self.tunnel is not None:
                await self._runner(uninstall_tunnel_command(self.tunnel))
                self.tunnel = None
            if self.config_path is not None:
                self._remove(self.config_path)
                self.config_path = None
        finally:
            await self._stop_proxy()


async def _subprocess_runner(argv: Sequence[str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode(errors="replace")


def _write_protected(path: str, text: str) -> None:
    import os

    os.makedirs(ntpath.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\r\n") as handle:
        handle.write(text)


def _remove(path: str) -> None:
    import contextlib
    import os

    with contextlib.suppress(OSError):
        os.remove(path)


def management_password() -> str:
    return secrets.token_urlsafe(18)
