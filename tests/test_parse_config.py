"""A /connect response body, read by its Content-Type (the server may fall back to another protocol)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import ConfigError, ServerResponseError, SluisError
from gui.core.protocols import MEDIA_TYPES, Protocol
from gui.core.vpnconfig import MAX_CONFIG_BYTES, VpnConfig, parse_config
from gui.core.wgkeys import generate_keypair

EXPIRES = datetime(2027, 2, 24, 11, 8, 33, tzinfo=UTC)
WIREGUARD = b"""\
# Portal: https://vpn.example.org/vpn-user-portal/
# Profile: Employees (employees)
# Expires: 2027-02-24T11:08:33+00:00

[Interface]
Address = 10.43.43.2/24,fd43::2/64
DNS = 10.43.43.1,fd43::1,example.org

[Peer]
PublicKey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE=
AllowedIPs = 0.0.0.0/0,::/0
Endpoint = vpn.example.org:51820"""
WIREGUARD_TCP = WIREGUARD.replace(
    b"Endpoint = vpn.example.org:51820", b"ProxyEndpoint = https://vpn.example.org/proxyguard"
)
OPENVPN = b"""\
dev tun
client
<ca>
-----BEGIN CERTIFICATE-----
MIIBQzCB9qADAgECAhBo5To7i6Tlbak616ixNkNjMAUGAytlcDARMQ8wDQYDVQQD
-----END CERTIFICATE-----
</ca>
<key>
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBh7ZHKGCSVnJne7BTaiB8YSUQXhHcAAR80zJm+zXVlT
-----END PRIVATE KEY-----
</key>
remote vpn.example 1194 udp
remote vpn.example 1194 tcp
"""


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-wireguard-profile",
        "application/x-wireguard-profile; charset=utf-8",
        "Application/X-WireGuard-Profile ;charset=UTF-8",
    ],
)
def test_wireguard_by_content_type(content_type: str) -> None:
    config = parse_config(content_type, WIREGUARD, EXPIRES)
    assert config.protocol is Protocol.WIREGUARD
    assert config.expires == EXPIRES
    assert config.text == WIREGUARD.decode()
    assert config.wireguard is not None
    assert config.openvpn is None
    assert config.wireguard.interface.dns_search_domains == ("example.org",)


def test_openvpn_by_content_type_whatever_was_asked_for() -> None:
    config = parse_config("application/x-openvpn-profile", OPENVPN, None)
    assert config.protocol is Protocol.OPENVPN
    assert config.openvpn is not None
    assert config.wireguard is None
    assert [r.proto for r in config.openvpn.remotes] == ["udp", "tcp"]
    assert config.expires is None


def test_wireguard_over_tcp_needs_a_proxy_endpoint() -> None:
    config = parse_config("application/x-wireguard+tcp-profile", WIREGUARD_TCP, EXPIRES)
    assert config.protocol is Protocol.WIREGUARD_TCP
    assert config.wireguard is not None
    assert config.wireguard.peers[0].proxy_endpoint == "https://vpn.example.org/proxyguard"
    with pytest.raises(ConfigError, match="ProxyEndpoint"):
        parse_config("application/x-wireguard+tcp-profile", WIREGUARD, EXPIRES)


def test_the_body_decides_the_parser_so_a_mismatch_is_an_error() -> None:
    with pytest.raises(ConfigError):
        parse_config("application/x-wireguard-profile", OPENVPN, EXPIRES)
    with pytest.raises(ConfigError):
        parse_config("application/x-openvpn-profile", WIREGUARD, EXPIRES)


@pytest.mark.parametrize(
    "content_type",
    [
        "",
        "application/json",
        "text/html; charset=utf-8",
        "application/x-openvpn",
        "x-wireguard-profile",
        "application/x-wireguard-profile-v2",
        "\x1b[31mapplication/evil\n" * 20,
    ],
)
def test_unknown_content_types_are_server_response_errors(content_type: str) -> None:
    with pytest.raises(ServerResponseError) as caught:
        parse_config(content_type, WIREGUARD, EXPIRES)
    message = str(caught.value)
    assert "\x1b" not in message
    assert "\n" not in message
    assert len(message) < 250


def test_body_encoding_and_size() -> None:
    assert (
        parse_config("application/x-openvpn-profile", b"\xef\xbb\xbf" + OPENVPN, None).text
        == OPENVPN.decode()
    )
    with pytest.raises(ConfigError, match="UTF-8"):
        parse_config("application/x-openvpn-profile", OPENVPN + b"\xff", None)
    with pytest.raises(ConfigError, match="too large"):
        parse_config("application/x-openvpn-profile", OPENVPN + b"#" * MAX_CONFIG_BYTES, None)


def test_repr_holds_neither_the_text_nor_keys() -> None:
    config = parse_config("application/x-openvpn-profile", OPENVPN, None)
    assert "PRIVATE KEY" not in repr(config)
    pair = generate_keypair()
    wireguard = parse_config("application/x-wireguard-profile", WIREGUARD, EXPIRES).with_private_key(
        pair.private_key
    )
    assert pair.private_key not in repr(wireguard)


def test_with_private_key_updates_text_and_view() -> None:
    pair = generate_keypair()
    config = parse_config("application/x-wireguard-profile", WIREGUARD, EXPIRES)
    keyed = config.with_private_key(pair.private_key)
    assert keyed.wireguard is not None
    assert keyed.wireguard.interface.private_key == pair.private_key
    assert f"[Interface]\nPrivateKey = {pair.private_key}\n" in keyed.text
    assert keyed.text.startswith("# Portal: ")
    assert keyed.expires == EXPIRES
    assert keyed.protocol is Protocol.WIREGUARD
    assert (
        parse_config("application/x-wireguard-profile", keyed.text.encode(), EXPIRES).wireguard
        == keyed.wireguard
    )
    with pytest.raises(ConfigError):
        parse_config("application/x-openvpn-profile", OPENVPN, None).with_private_key(pair.private_key)


# --- garbage in --------------------------------------------------------------------------------

CONTENT_TYPES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(list(MEDIA_TYPES.values())),
    st.builds(lambda m, p: f"{m};{p}", st.sampled_from(list(MEDIA_TYPES.values())), st.text(max_size=20)),
)
BODIES = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([WIREGUARD, WIREGUARD_TCP, OPENVPN]),
    st.builds(
        lambda base, at, junk: base[:at] + junk + base[at:],
        st.sampled_from([WIREGUARD, WIREGUARD_TCP, OPENVPN]),
        st.integers(0, 400),
        st.binary(max_size=20),
    ),
)


@given(CONTENT_TYPES, BODIES)
def test_random_responses(content_type: str, body: bytes) -> None:
    try:
        config = parse_config(content_type, body, EXPIRES)
    except SluisError:
        return
    assert isinstance(config, VpnConfig)
    assert (config.wireguard is None) != (config.openvpn is None)
    assert (config.openvpn is not None) == (config.protocol is Protocol.OPENVPN)
