"""The NetworkManager backend driven for real: NM on a private system bus inside a namespace."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from gui.backends.base import BackendOptions, TunnelState
from gui.backends.networkmanager import NetworkManagerBackend
from gui.backends.nm_settings import NetworkManagerError, openvpn_settings
from gui.backends.wireguard import kernel_has_wireguard
from gui.core.errors import RefusedDirectiveError
from gui.core.protocols import Protocol
from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, Lab, lab, memory_service, networkmanager, require_root

OVPN = """client
dev tun
remote-cert-tls server
tls-version-min 1.3
data-ciphers AES-256-GCM:CHACHA20-POLY1305
reneg-sec 0
server-poll-timeout 10
remote vpn.example.org 1194 udp
remote vpn.example.org 443 tcp-client
<ca>
CA
</ca>
<key>
{key}
</key>
<tls-crypt>
TC
</tls-crypt>
"""


def test_openvpn_settings_keep_the_key_encrypted(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = (
        ed25519.Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )
    nm = openvpn_settings(OVPN.format(key=key.strip()), tmp_path)
    assert nm.data["remote"] == "vpn.example.org:1194:udp, vpn.example.org:443:tcp"
    assert nm.data["tls-version-min"] == "1.3" and nm.data["reneg-seconds"] == "0"
    assert nm.data["connect-timeout"] == "10" and nm.data["remote-cert-tls"] == "server"
    key_file = nm.files[nm.data["key"]]
    assert "ENCRYPTED PRIVATE KEY" in key_file and key.strip() not in key_file
    assert "cert-pass" in nm.secrets and nm.secrets["cert-pass"] not in str(nm)
    loaded = serialization.load_pem_private_key(key_file.encode(), nm.secrets["cert-pass"].encode())
    assert isinstance(loaded, ed25519.Ed25519PrivateKey)
    assert nm.files[nm.data["ca"]] == "CA\n" and nm.files[nm.data["tls-crypt"]] == "TC\n"


def test_openvpn_settings_read_the_allow_listed_model(tmp_path: Path) -> None:
    """NM gets what the model holds: refused lines are refused (not skipped), OpenVPN's own reading
    of quotes, ``<connection>`` blocks and repeated lines applies."""
    text = OVPN.format(key="").replace("<key>\n\n</key>\n", "")
    with pytest.raises(RefusedDirectiveError):
        openvpn_settings(text + "up /tmp/evil.sh\n", tmp_path)
    with pytest.raises(RefusedDirectiveError):
        openvpn_settings(text + "<auth-user-pass>\nalice\npw\n</auth-user-pass>\n", tmp_path)
    extra = 'auth-user-pass\n"tls-version-min" 1.2 # the last counts\nverify-x509-name "vpn server" name\n'
    nm = openvpn_settings(text + extra, tmp_path)
    assert nm.data["tls-version-min"] == "1.2" and nm.data["verify-x509-name"] == "name:vpn server"
    assert nm.data["connection-type"] == "password-tls" and "key" not in nm.data
    remotes = ("remote a.example 443 tcp", "remote b.example")
    blocks = "".join(f"<connection>\n{remote}\n</connection>\n" for remote in remotes)
    assert openvpn_settings(text + blocks, tmp_path).data["remote"] == "a.example:443:tcp, b.example:1194:udp"
    with pytest.raises(NetworkManagerError, match="PKCS#12"):
        openvpn_settings(text + "<pkcs12>\nMIIK\n</pkcs12>\n", tmp_path)


def nm_file(net: Lab, path: str) -> str:
    done = subprocess.run(
        ["nsenter", "-t", str(net.nm_pid), "-m", "cat", path],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return done.stdout


def exists(path: str) -> bool:
    return os.path.exists(path)


@pytest.mark.needs_root
async def test_networkmanager_openvpn_and_wireguard(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("NetworkManager", "nmcli", "dbus-daemon", "openvpn", "unshare", "nsenter")
    if not exists("/usr/lib/NetworkManager/VPN/nm-openvpn-service.name"):
        pytest.skip("needs network-manager-openvpn (see tests/apt-packages.txt)")
    demo = demo_server_factory(
        openvpn_remotes=(f"{SERVER_IP} 1194 udp",), wireguard_endpoint=f"{SERVER_IP}:51820"
    )
    service = memory_service(tmp_path / "home", demo)
    with lab(tmp_path, configure_client=False) as net, networkmanager(net) as bus:
        net.openvpn_server(demo, "udp", "10.103.7.0", extra=('push "dhcp-option DNS 10.103.7.1"',))
        backend = NetworkManagerBackend(
            BackendOptions(runtime_dir=tmp_path / "run", bus_address=bus, connect_timeout=30)
        )
        try:
            # "employees": a full tunnel with search domains in /info.
            profile, config = await service.obtain_config(
                demo.base_url, "employees", accept=backend.capabilities.protocols
            )
            assert profile.dns_search_domains == ("demo.invalid", "staff.demo.invalid")
            await backend.up(config, profile)
            assert backend.state.state is TunnelState.CONNECTED
            assert any(a.startswith("10.103.7.") for a in backend.state.addresses)
            assert net.ping("10.103.7.1"), "no ping across the NetworkManager OpenVPN tunnel"
            # NM's resolv.conf (in its own mount namespace): the pushed server and the profile's domains.
            resolv = nm_file(net, "/run/NetworkManager/resolv.conf")
            assert "nameserver 10.103.7.1" in resolv
            assert "demo.invalid" in resolv and "staff.demo.invalid" in resolv
            # The key NM's plugin reads is encrypted; the passphrase went over D-Bus only.
            key_files = list((tmp_path / "run").glob("nm-*/key.pem"))
            assert key_files and "ENCRYPTED" in key_files[0].read_text()
            await backend.down()
            assert list((tmp_path / "run").glob("*")) == []
            assert not any(link.startswith("tun") for link in net.links(net.client))

            # Without the kernel module the backend does not offer WireGuard (so /connect is not
            # asked for it); asked anyway, NetworkManager must say clearly why it cannot run it.
            assert (Protocol.WIREGUARD in backend.capabilities.protocols) == kernel_has_wireguard()
            profile, config = await service.obtain_config(
                demo.base_url, "wireguard-only", accept={Protocol.WIREGUARD}
            )
            with pytest.raises(NetworkManagerError) as failure:
                await backend.up(config, profile)
            if exists("/sys/module/wireguard"):
                pytest.fail("this machine has the WireGuard module: extend the test to ping through it")
            assert "kernel module" in str(failure.value)
            assert backend.connection_path is None  # NM accepted it, and it was removed again
            assert backend.state.state is TunnelState.FAILED
        finally:
            await backend.down()
            await backend.close()


def test_wireguard_settings_follow_the_profile() -> None:
    import ipaddress
    import struct

    from gui.backends.nm_settings import DNS_EXCLUSIVE_PRIORITY, wireguard_settings
    from gui.core.profiles import Profile
    from gui.core.protocols import Protocol
    from gui.core.vpnconfig import parse_wireguard

    key, pub = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="
    config = parse_wireguard(
        f"[Interface]\nPrivateKey = {key}\nAddress = 10.45.45.2/24\nDNS = 10.45.45.1,fd45::1\nMTU = 1380\n"
        f"[Peer]\nPublicKey = {pub}\nAllowedIPs = 10.45.0.0/16\nEndpoint = 192.0.2.10:51820\n"
    )
    split = Profile(
        "split",
        "Split",
        frozenset({Protocol.WIREGUARD}),
        frozenset(),
        default_gateway=False,
        dns_search_domains=("corp.example",),
    )
    settings = wireguard_settings(config, split, "slwg0")
    assert settings["connection"]["type"].value == "wireguard"
    assert settings["connection"]["interface-name"].value == "slwg0"
    assert settings["wireguard"]["private-key"].value == key
    assert settings["wireguard"]["mtu"].value == 1380
    peer = settings["wireguard"]["peers"].value[0]
    assert peer["endpoint"].value == "192.0.2.10:51820"
    assert peer["allowed-ips"].value == ["10.45.0.0/16"]
    ipv4 = settings["ipv4"]
    assert ipv4["never-default"].value is True  # default_gateway: false
    assert ipv4["method"].value == "manual"
    assert ipv4["address-data"].value[0]["address"].value == "10.45.45.2"
    assert ipv4["dns"].value == [struct.unpack("=I", ipaddress.ip_address("10.45.45.1").packed)[0]]
    assert ipv4["dns-search"].value == ["corp.example"]
    assert "dns-priority" not in ipv4
    assert settings["ipv6"]["method"].value == "disabled"  # no IPv6 address in this config

    full = Profile("all", "All", frozenset({Protocol.WIREGUARD}), frozenset(), default_gateway=True)
    ipv4 = wireguard_settings(config, full, "slwg0")["ipv4"]
    assert ipv4["never-default"].value is False
    assert ipv4["dns-search"].value == ["~."] and ipv4["dns-priority"].value == DNS_EXCLUSIVE_PRIORITY


def test_wireguard_over_tcp_settings_point_at_the_local_proxy_and_route_the_proxy_around_the_tunnel() -> None:
    import socket

    from gui.backends.nm_settings import MAIN_TABLE, wireguard_settings
    from gui.core.profiles import Profile
    from gui.core.protocols import Protocol
    from gui.core.vpnconfig import parse_wireguard

    key, pub = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="
    config = parse_wireguard(
        f"[Interface]\nPrivateKey = {key}\nAddress = 10.46.46.2/24,fd46::2/64\n"
        f"[Peer]\nPublicKey = {pub}\nAllowedIPs = 0.0.0.0/0,::/0\n"
        "ProxyEndpoint = https://vpn.example.org/proxyguard\n"
    )
    full = Profile("tcp", "TCP", frozenset({Protocol.WIREGUARD_TCP}), frozenset(), default_gateway=True)
    settings = wireguard_settings(config, full, "slwg0", proxy=("192.0.2.44", 40123))
    peer = settings["wireguard"]["peers"].value[0]
    assert peer["endpoint"].value == "127.0.0.1:40123"
    (rule,) = settings["ipv4"]["routing-rules"].value
    assert {k: v.value for k, v in rule.items()} == {
        "family": socket.AF_INET,
        "priority": 1000,
        "to": "192.0.2.44",
        "to-len": 32,
        "table": MAIN_TABLE,
    }
    assert "routing-rules" not in settings["ipv6"]
    six = wireguard_settings(config, full, "slwg0", proxy=("2001:db8::44", 40123))
    assert six["ipv6"]["routing-rules"].value[0]["to-len"].value == 128
    with pytest.raises(Exception, match="no UDP Endpoint"):
        wireguard_settings(config, full, "slwg0")
