"""The configuration files /connect hands out: real keys and certificates, in the real server's
layout, consistent with the server-side material a tunnel test would start a VPN server with."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gui.core.protocols import Protocol
from gui.demoserver import DemoServer
from gui.demoserver.wireguard import generate_keypair, public_key_of


def fetch(
    client: httpx2.Client,
    server: DemoServer,
    profile_id: str,
    *,
    accept: str | None = None,
    public_key: str | None = None,
    prefer_tcp: bool = False,
    token: str | None = None,
) -> httpx2.Response:
    headers = {"Authorization": f"Bearer {token or server.state.issue_tokens().access_token}"}
    if accept:
        headers["Accept"] = accept
    data = {"profile_id": profile_id, "prefer_tcp": "yes" if prefer_tcp else "no"}
    if public_key:
        data["public_key"] = public_key
    answer = client.post(f"{server.api_endpoint}/connect", headers=headers, data=data)
    assert answer.status_code == 200, answer.text
    return answer


def ini_values(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        if " = " in line and not line.startswith("#"):
            key, value = line.split(" = ", 1)
            values[key] = value
    return values


def inline(text: str, tag: str) -> str:
    match = re.search(rf"^<{tag}>\n(.*?)\n</{tag}>$", text, re.S | re.M)
    assert match is not None, tag
    return match.group(1)


# -- WireGuard ---------------------------------------------------------------------------------------


def test_wireguard_config_is_the_real_servers_layout(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    client_key = generate_keypair().public_key
    answer = fetch(demo_http, demo_server, "employees", public_key=client_key)
    assert answer.headers["content-type"] == Protocol.WIREGUARD.media_type
    text = answer.text

    assert "PrivateKey" not in text
    lines = text.splitlines()
    assert lines[0] == f"# Portal: {demo_server.base_url}/vpn-user-portal/"
    assert lines[1] == "# Profile: Employees (employees)"
    assert lines[2].startswith("# Expires: ")
    assert "[Interface]" in lines
    assert "[Peer]" in lines
    values = ini_values(text)
    assert values["Address"] == "10.43.43.2/24,fd43::2/64"
    assert values["DNS"] == "9.9.9.9,2620:fe::fe,demo.invalid,staff.demo.invalid"
    assert values["AllowedIPs"] == "0.0.0.0/0,::/0"
    assert values["Endpoint"] == "vpn.demo.invalid:51820"
    assert "MTU" not in values
    for key in ("Address", "DNS", "AllowedIPs"):
        assert ", " not in values[key]


def test_wireguard_peer_is_registered_with_the_servers_key(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    client_key = generate_keypair().public_key
    values = ini_values(fetch(demo_http, demo_server, "wireguard-only", public_key=client_key).text)

    server = demo_server.state.wireguard
    assert values["PublicKey"] == server.public_key == public_key_of(server.private_key)
    peer = demo_server.state.wireguard_peers()[client_key]
    assert values["Address"] == f"{peer.address4},{peer.address6}"
    assert peer.allowed_ips == (f"{peer.address4.ip}/32", f"{peer.address6.ip}/128")
    pool = server.pool("wireguard-only")
    assert peer.address4 in pool.network4
    assert peer.address4.ip != pool.server_addresses[0].ip


def test_wireguard_addresses_are_unique_and_reused_after_release(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    tokens = [demo_server.state.issue_tokens().access_token for _ in range(3)]
    keys = [generate_keypair().public_key for _ in range(3)]
    addresses = [
        ini_values(fetch(demo_http, demo_server, "wireguard-only", public_key=k, token=t).text)["Address"]
        for k, t in zip(keys, tokens, strict=True)
    ]
    assert len(set(addresses)) == 3
    demo_http.post(f"{demo_server.api_endpoint}/disconnect", headers={"Authorization": f"Bearer {tokens[0]}"})
    again = fetch(demo_http, demo_server, "wireguard-only", public_key=generate_keypair().public_key)
    assert ini_values(again.text)["Address"] == addresses[0]


def test_wireguard_split_tunnel_lists_its_prefixes(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    values = ini_values(
        fetch(
            demo_http,
            demo_server,
            "admins",
            accept=Protocol.WIREGUARD.media_type,
            public_key=generate_keypair().public_key,
        ).text
    )
    prefixes = values["AllowedIPs"].split(",")
    assert len(prefixes) > 2
    assert "0.0.0.0/0" not in prefixes
    assert "::/0" not in prefixes
    for prefix in prefixes:
        ipaddress.ip_network(prefix)
    address4 = ipaddress.ip_interface(values["Address"].split(",")[0])
    assert any(address4.ip in ipaddress.ip_network(p) for p in prefixes)
    assert values["DNS"].split(",")[0] == "10.47.47.1"


def test_wireguard_mtu_line_when_configured(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    server = demo_server_factory(wireguard_mtu=1392, wireguard_endpoint="wg.example.invalid:4242")
    values = ini_values(
        fetch(demo_http, server, "wireguard-only", public_key=generate_keypair().public_key).text
    )
    assert values["MTU"] == "1392"
    assert values["Endpoint"] == "wg.example.invalid:4242"


def test_wireguard_over_tcp_names_the_proxy_endpoint(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    answer = fetch(
        demo_http,
        demo_server,
        "wireguard-tcp",
        accept=f"{Protocol.WIREGUARD.media_type},{Protocol.WIREGUARD_TCP.media_type}",
        public_key=generate_keypair().public_key,
        prefer_tcp=True,
    )
    assert answer.headers["content-type"] == Protocol.WIREGUARD_TCP.media_type
    assert "# Transport: WireGuard over TCP" in answer.text
    assert "PrivateKey" not in answer.text
    # The demo server's own ProxyGuard endpoint, on its HTTPS port (tests/test_proxyguard.py uses it).
    assert ini_values(answer.text)["ProxyEndpoint"] == f"{demo_server.base_url}/proxyguard"


# -- OpenVPN -------------------------------------------------------------------------------------


def test_openvpn_config_has_the_required_directives(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    answer = fetch(demo_http, demo_server, "openvpn-only")
    assert answer.headers["content-type"] == Protocol.OPENVPN.media_type
    lines = answer.text.splitlines()
    assert lines[0] == f"# Portal: {demo_server.base_url}/vpn-user-portal/"
    assert lines[1] == "# Profile: OpenVPN only (openvpn-only)"
    for directive in (
        "dev tun",
        "client",
        "remote-cert-tls server",
        "tls-version-min 1.3",
        "data-ciphers AES-256-GCM:CHACHA20-POLY1305",
        "reneg-sec 0",
        "server-poll-timeout 10",
    ):
        assert directive in lines
    for tag in ("ca", "cert", "key", "tls-crypt"):
        assert inline(answer.text, tag)


def test_openvpn_certificate_chains_to_the_ca_and_ends_with_the_session(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    answer = fetch(demo_http, demo_server, "employees", accept=Protocol.OPENVPN.media_type)
    ca = x509.load_pem_x509_certificate(inline(answer.text, "ca").encode())
    cert = x509.load_pem_x509_certificate(inline(answer.text, "cert").encode())
    key = serialization.load_pem_private_key(inline(answer.text, "key").encode(), password=None)

    assert ca == x509.load_pem_x509_certificate(demo_server.state.pki.ca_pem.encode())
    cert.verify_directly_issued_by(ca)
    assert isinstance(key, ed25519.Ed25519PrivateKey)
    assert key.public_key() == cert.public_key()
    assert cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.CLIENT_AUTH]
    )
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == "employees"
    assert cert.not_valid_after_utc == parsedate_to_datetime(answer.headers["expires"])


def test_openvpn_tls_crypt_is_a_2048_bit_static_key(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    block = inline(fetch(demo_http, demo_server, "openvpn-only").text, "tls-crypt")
    key_lines = block.split("-----BEGIN OpenVPN Static key V1-----\n")[1].split("\n-----END")[0].splitlines()
    assert len(key_lines) == 16
    assert all(re.fullmatch(r"[0-9a-f]{32}", line) for line in key_lines)
    assert block == demo_server.state.pki.tls_crypt_key


@pytest.mark.parametrize(
    ("prefer_tcp", "expected"),
    [
        (False, ["remote vpn.demo.invalid 1194 udp", "remote vpn.demo.invalid 1194 tcp"]),
        (True, ["remote vpn.demo.invalid 1194 tcp", "remote vpn.demo.invalid 1194 udp"]),
    ],
)
def test_openvpn_remotes_tcp_first_when_preferred(
    demo_server: DemoServer, demo_http: httpx2.Client, prefer_tcp: bool, expected: list[str]
) -> None:
    text = fetch(demo_http, demo_server, "openvpn-only", prefer_tcp=prefer_tcp).text
    assert [line for line in text.splitlines() if line.startswith("remote ")] == expected


def test_openvpn_remotes_come_from_the_configuration(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    remotes = ("a.example.invalid 1194 udp", "b.example.invalid 443 tcp", "c.example.invalid 1195 udp")
    server = demo_server_factory(openvpn_remotes=remotes)
    text = fetch(demo_http, server, "openvpn-only", prefer_tcp=True).text
    assert [line for line in text.splitlines() if line.startswith("remote ")] == [
        "remote b.example.invalid 443 tcp",
        "remote a.example.invalid 1194 udp",
        "remote c.example.invalid 1195 udp",
    ]


def test_server_material_is_a_consistent_openvpn_pki(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    pki = demo_server.state.pki
    ca = x509.load_pem_x509_certificate(pki.ca_pem.encode())
    server_cert = x509.load_pem_x509_certificate(pki.server_cert_pem.encode())
    server_key = serialization.load_pem_private_key(pki.server_key_pem.encode(), password=None)
    server_cert.verify_directly_issued_by(ca)
    assert isinstance(server_key, ed25519.Ed25519PrivateKey)
    assert server_key.public_key() == server_cert.public_key()
    assert (
        ExtendedKeyUsageOID.SERVER_AUTH
        in server_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    )

    token = demo_server.state.issue_tokens().access_token
    cert = x509.load_pem_x509_certificate(
        inline(fetch(demo_http, demo_server, "openvpn-only", token=token).text, "cert").encode()
    )
    demo_http.post(f"{demo_server.api_endpoint}/disconnect", headers={"Authorization": f"Bearer {token}"})
    crl = x509.load_pem_x509_crl(demo_server.state.crl_pem().encode())
    ca_key = ca.public_key()
    assert isinstance(ca_key, ed25519.Ed25519PublicKey)
    assert crl.is_signature_valid(ca_key)
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None


def test_every_server_instance_has_its_own_keys(
    demo_server_factory: Callable[..., DemoServer],
) -> None:
    one, two = demo_server_factory(), demo_server_factory()
    assert one.state.pki.ca_pem != two.state.pki.ca_pem
    assert one.state.pki.tls_crypt_key != two.state.pki.tls_crypt_key
    assert one.state.wireguard.public_key != two.state.wireguard.public_key
