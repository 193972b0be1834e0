"""The allow-list is not "refuse everything": real profile shapes import, and connect for real.

An OpenVPN Access Server user-locked profile (FORWARD_COMPATIBLE, UV_ variables, push-peer-info,
several remotes, ``setenv opt block-outside-dns`` with its comment, auth-nocache, pull-filter…)
is imported from a ``.ovpn`` file as a user would, its secrets go to the keyring, and the profile
loaded back connects through the root helper to a real OpenVPN server in a namespace that checks
the username and password. What the helper runs is the model's own rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gui.backends.base import BackendOptions, CredentialRequest, Credentials
from gui.backends.openvpn import LinuxOpenVpnBackend
from gui.backends.privileged import InProcessHelper, PrivilegedError
from gui.core.importers import ImportSource, ProfileImporter
from gui.core.profile_secrets import ProfileSecretStore
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.servers import ServerStore
from gui.demoserver import DemoServer
from gui.helper.service import MAX_TUNNELS_PER_USER
from tests.support.access_server import access_server_profile
from tests.support.keyrings import MemoryKeyring
from tests.support.netns import SERVER_IP, lab, memory_service, require_root

UDP_NET = "10.103.7.0"
CHECK_LOGIN = """#!/bin/sh
user=$(sed -n 1p "$1"); pass=$(sed -n 2p "$1")
[ "$user" = alice ] && [ "$pass" = "correct horse" ] && exit 0
exit 1
"""


def _yes(source: ImportSource) -> bool:
    return True


@pytest.mark.needs_root
async def test_an_imported_access_server_profile_connects_with_its_login(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    service = memory_service(tmp_path / "home", demo)
    _, lab_config = await service.obtain_config(demo.base_url, "openvpn-only", accept={Protocol.OPENVPN})
    assert lab_config.openvpn is not None and lab_config.openvpn.profile is not None
    source = tmp_path / "alice@vpn.example.org.ovpn"
    source.write_text(access_server_profile(lab_config.openvpn.profile.blocks), newline="")

    keyring = MemoryKeyring()
    importer = ProfileImporter(
        ServerStore(tmp_path / "servers.json"), tmp_path / "imported", ProfileSecretStore(keyring)
    )
    entry = await importer.run(str(source), _yes)
    assert entry.display_name == "Lab Access Server"
    stored = (tmp_path / "imported" / str(entry.profile_file)).read_text()
    assert "PRIVATE KEY" not in stored, "the client key went to the keyring, not the stored file"
    loaded = importer.load(entry)
    assert loaded.needs_credentials and loaded.username == "alice"

    asked: list[CredentialRequest] = []

    async def credentials(request: CredentialRequest) -> Credentials | None:
        asked.append(request)
        return Credentials("alice", "correct horse")

    script = tmp_path / "check-login.sh"
    script.write_text(CHECK_LOGIN)
    script.chmod(0o700)
    state = tmp_path / "helper"
    with lab(tmp_path) as net:
        net.openvpn_server(
            demo, "udp", UDP_NET, extra=("script-security 2", f"auth-user-pass-verify {script} via-file")
        )
        backend = LinuxOpenVpnBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run",
                netns=net.client,
                manage_dns=False,
                credentials=credentials,
                connect_timeout=30,
                helper_state_dir=state,
            )
        )
        try:
            profile = Profile("imported", "Lab Access Server", frozenset({Protocol.OPENVPN}), frozenset())
            await backend.up(loaded.config, profile)
            assert [(r.kind, r.need_username) for r in asked] == [("Auth", True)]
            assert net.ping(UDP_NET.rsplit(".", 1)[0] + ".1")
            assert backend.record is not None and loaded.config.openvpn is not None
            assert loaded.config.openvpn.profile is not None
            ran = (state / "0" / backend.record.id / "config.ovpn").read_text()
            assert ran == loaded.config.openvpn.profile.render(device=backend.record.ifname)
            assert "OVPN_ACCESS_SERVER" not in ran and "correct horse" not in ran
        finally:
            await backend.down()
        assert list((state / "0").iterdir()) == []


async def test_the_helper_starts_only_a_few_tunnels_per_user(tmp_path: Path) -> None:
    """Root does not keep starting processes for whoever keeps asking (here: kernel-less
    ``wireguard_start`` calls that each leave a record, made by hand)."""
    from gui.helper.records import TunnelRecord, UserState

    state = UserState(tmp_path / "state", 0)
    for n in range(MAX_TUNNELS_PER_USER):
        tunnel = f"{n:06x}"
        state.create_tunnel_dir(tunnel)
        state.save(TunnelRecord(tunnel, "openvpn", "slov" + tunnel))
    helper = InProcessHelper(tmp_path / "state")
    helper.service.state = state
    with pytest.raises(PrivilegedError, match="tunnels are up already"):
        await helper.request("openvpn_start", config=f"client\nremote {SERVER_IP}\n")
    assert len(state.tunnels()) == MAX_TUNNELS_PER_USER
