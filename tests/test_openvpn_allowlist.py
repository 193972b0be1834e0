"""The OpenVPN allow-list (``gui.core.openvpn_profile``) against hostile profiles and real ones.

Every vector of ``tests.support.hostile_openvpn`` is refused, naming a line of its hostile part, on
every way an OpenVPN text comes in. Every real profile (the demo server's, the API text's sample,
eduVPN's, Access Server's, the usual client directives) is accepted and round-trips: written back,
read again, written back the same. For arbitrary text the model either refuses or yields a text that
holds only allowed directives. And with the real ``openvpn`` binary (as root, in a temporary folder,
a few seconds each, traffic to 127.0.0.1 only): the vectors are live on the unfiltered text, and the
written-back model of a safe profile runs and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.backends.nm_settings import openvpn_settings
from gui.core import importers
from gui.core.errors import ConfigError, RefusedDirectiveError
from gui.core.openvpn_profile import (
    ALLOWED,
    ALLOWED_BLOCKS,
    MAX_LINE,
    OPTIONAL_ALLOWED,
    ConnectionBlock,
    Directive,
    Item,
    OpenVpnProfile,
    OpenVpnRemote,
    parse_profile,
    tokenize,
)
from gui.core.protocols import Protocol
from gui.core.vpnconfig import parse_config
from gui.demoserver import DemoServer
from gui.demoserver.openvpn import render_client_config
from gui.demoserver.pki import OpenVPNPKI
from tests.support import access_server
from tests.support.hostile_openvpn import BASE, CLASSES, DIRECTIVES, VECTORS, Vector, vectors
from tests.support.netns import require_root
from tests.test_parse_openvpn import SAMPLE

# -- what a written-back profile may hold -----------------------------------------------------------


def rendered_directives(rendered: str) -> list[str]:
    """The directive names of a written-back profile, read line by line with OpenVPN's tokenizer;
    fails on anything the model must never write (a comment, a refused name or block, a long line)."""
    assert rendered.endswith("\n")
    names: list[str] = []
    block: str | None = None
    in_connection = False
    for number, line in enumerate(rendered[:-1].split("\n"), start=1):
        assert "\r" not in line and "\x00" not in line, number
        assert len(line.encode("utf-8")) <= MAX_LINE, number
        if block is not None:
            if line == f"</{block}>":
                block = None
            else:  # key material: nothing that could close a block or open one
                assert "<" not in line and ">" not in line, number
            continue
        tokens = tokenize(line, number)
        assert tokens, f"line {number} is blank or a comment"
        if len(tokens) == 1 and tokens[0].startswith("<"):
            if tokens[0] == "<connection>":
                assert not in_connection
                in_connection = True
            elif tokens[0] == "</connection>":
                assert in_connection
                in_connection = False
            else:
                assert not in_connection and tokens[0] == line and line[1:-1] in ALLOWED_BLOCKS, line
                block = line[1:-1]
            continue
        name = tokens[0]
        if name == "setenv" and len(tokens) > 2 and tokens[1] == "opt":
            name = tokens[2]
            assert name in OPTIONAL_ALLOWED, name
        elif name == "setenv":
            assert tokens[1] in {"FORWARD_COMPATIBLE", "PUSH_PEER_INFO"} or tokens[1].startswith("UV_")
        assert name in ALLOWED, name
        assert not in_connection or ALLOWED[name].in_connection, name
        names.append(name)
    assert block is None and not in_connection
    return names


def assert_round_trip(text: str) -> OpenVpnProfile:
    """Accepted, and written back it reads as the same profile and writes back the same."""
    profile = parse_profile(text)
    rendered = profile.render()
    again = parse_profile(rendered)
    assert again.render() == rendered
    assert again.remotes == profile.remotes and again.blocks == profile.blocks
    rendered_directives(rendered)
    rendered_directives(profile.render(device="slov7"))
    return profile


# -- the vectors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.name)
def test_every_vector_is_refused_naming_its_line(vector: Vector) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_profile(vector.text)
    line = caught.value.params["line"]
    first, last = vector.lines
    assert first <= line <= last, str(caught.value)
    if isinstance(caught.value, RefusedDirectiveError):
        assert str(caught.value).startswith(f"Line {line} of the VPN configuration says “")
    else:
        assert str(caught.value).startswith(f"The VPN configuration is not valid: line {line}: ")
    # Every way an OpenVPN text comes in reads it through the same model.
    with pytest.raises(ConfigError):
        parse_config(Protocol.OPENVPN.media_type, vector.text.encode("utf-8"), None)
    with pytest.raises(ConfigError):
        importers.parse_profile(vector.text, fallback_name="hostile")
    with pytest.raises(ConfigError):
        openvpn_settings(vector.text, Path("/nonexistent"))


def test_the_vector_list_covers_every_class_and_spelling() -> None:
    assert {v.cls for v in VECTORS} == set(CLASSES)
    names = {v.name for v in VECTORS}
    spellings = (
        "plain", "dashdash", "dquoted", "squoted", "crlf", "indent", "connection", "setenv-opt", "upper",
        "long-line", "long-line-connection", "multibyte-line-connection", "nul-after", "fake-close",
        "indented-close", "ca-fake-close", "ca-indented-close",
    )  # fmt: skip
    for name, _, _ in DIRECTIVES:
        assert {f"{name}/{spelling}" for spelling in spellings} <= names
    # Each is a whole profile: the base with its hostile lines inserted.
    parse_profile(BASE)
    for vector in VECTORS:
        lines = vector.text.replace("\r\n", "\n").split("\n")
        del lines[vector.lines[0] - 1 : vector.lines[1]]
        assert "\n".join(lines) == BASE, vector.name
    # The multi-byte spelling is under the old character limit and over OpenVPN's byte limit.
    wide = next(v for v in VECTORS if v.name == "log/multibyte-line-connection").text.split("\n")
    padded = next(line for line in wide if line.startswith("connect-retry 1 #"))
    assert len(padded) < MAX_LINE < 256 < len(padded.encode("utf-8"))


# -- real profiles ----------------------------------------------------------------------------------

EDUVPN_OBSERVED = """\
# Portal: https://vpn.example.org/vpn-user-portal/
# Profile: Employees (employees)
# Expires: Wed, 24 Feb 2027 11:08:33 GMT
dev tun
client
nobind
remote-cert-tls server
verb 3
server-poll-timeout 10
tls-version-min 1.3
data-ciphers AES-256-GCM:CHACHA20-POLY1305
reneg-sec 0
<ca>
-----BEGIN CERTIFICATE-----
MIIBQzCB9qADAgECAhBo5To7i6Tlbak616ixNkNjMAUGAytlcDARMQ8wDQYDVQQD
EwZWUE4gQ0EwHhcNMjEwNDI5MDk1MDAyWhcNMzEwNDI5MDk1NTAyWjARMQ8wDQYD
-----END CERTIFICATE-----
</ca>
<cert>
-----BEGIN CERTIFICATE-----
MIIBYzCCARWgAwIBAgIRAJe+VDNu0cWrvYqvpi3S1pwwBQYDK2VwMBExDzANBgNV
-----END CERTIFICATE-----
</cert>
<key>
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBh7ZHKGCSVnJne7BTaiB8YSUQXhHcAAR80zJm+zXVlT
-----END PRIVATE KEY-----
</key>
<tls-crypt>
#
# 2048 bit OpenVPN static key
#
-----BEGIN OpenVPN Static key V1-----
696fec0fef444105a153448d00f28dce
243928a480cbac07e98c36398c980d13
-----END OpenVPN Static key V1-----
</tls-crypt>
remote vpn.example.org 1194 udp
remote vpn.example.org 1195 udp
remote 2001:db8:1::11 1194 udp6
remote vpn.example.org 1194 tcp
remote vpn.example.org 443 tcp
"""

# eduVPN 2.x wrote its configurations like this (still met in imported files).
EDUVPN_2 = """\
# Profile: Internet
dev tun
client
nobind
remote-cert-tls server
verb 3
server-poll-timeout 10
tls-version-min 1.2
tls-cipher TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384:TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384
ncp-ciphers AES-256-GCM
cipher AES-256-GCM
auth none
setenv UV_IPV6 yes
remote vpn.example.org 1194 udp
remote vpn.example.org 1194 tcp
<ca>
-----BEGIN CERTIFICATE-----
MIIBQzCB9qADAgECAhBo5To7i6Tlbak616ixNkNjMAUGAytlcDARMQ8wDQYDVQQD
-----END CERTIFICATE-----
</ca>
<cert>
-----BEGIN CERTIFICATE-----
MIIBYzCCARWgAwIBAgIRAJe+VDNu0cWrvYqvpi3S1pwwBQYDK2VwMBExDzANBgNV
-----END CERTIFICATE-----
</cert>
<key>
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBh7ZHKGCSVnJne7BTaiB8YSUQXhHcAAR80zJm+zXVlT
-----END PRIVATE KEY-----
</key>
key-direction 1
<tls-auth>
-----BEGIN OpenVPN Static key V1-----
696fec0fef444105a153448d00f28dce
-----END OpenVPN Static key V1-----
</tls-auth>
"""

ACCESS_SERVER_REALISTIC = """\
# Automatically generated OpenVPN client config file
# Generated on Thu Feb 20 10:00:00 2025 by vpn.example.com
# Note: this config file contains inline private keys
#       and therefore should be kept confidential!
# Certificate serial: 12, certificate common name: alice
# Expires 2035-02-18 10:00:00
# Define the profile name of this particular configuration file
# OVPN_ACCESS_SERVER_PROFILE=alice@vpn.example.com
# OVPN_ACCESS_SERVER_CLI_PREF_ALLOW_WEB_IMPORT=True
# OVPN_ACCESS_SERVER_CLI_PREF_BASIC_CLIENT=False
# OVPN_ACCESS_SERVER_CLI_PREF_ENABLE_CONNECT=False
# OVPN_ACCESS_SERVER_CLI_PREF_ENABLE_XD_PROXY=True
# OVPN_ACCESS_SERVER_WSHOST=vpn.example.com:443
# OVPN_ACCESS_SERVER_WEB_CA_BUNDLE_START
# -----BEGIN CERTIFICATE-----
# MIIBzDCCAVGgAwIBAgIEaccessServerWebCA
# -----END CERTIFICATE-----
# OVPN_ACCESS_SERVER_WEB_CA_BUNDLE_STOP
# OVPN_ACCESS_SERVER_IS_OPENVPN_WEB_CA=1
# OVPN_ACCESS_SERVER_USERNAME=alice
# OVPN_ACCESS_SERVER_ORGANIZATION=OpenVPN, Inc.
setenv FORWARD_COMPATIBLE 1
client
server-poll-timeout 4
nobind
remote vpn.example.com 1194 udp
remote vpn.example.com 1195 udp
remote vpn.example.com 443 tcp
remote vpn2.example.com 1194 udp
dev tun
dev-type tun
remote-cert-tls server
tls-version-min 1.2
reneg-sec 604800
tun-mtu 1420
auth-user-pass
verb 3
push-peer-info
setenv UV_ID 3a8e2f0c1e9d4b5a
setenv UV_PLAT_REL "Debian 12"
setenv opt block-outside-dns # prevent DNS leaks on Windows

<ca>
-----BEGIN CERTIFICATE-----
MIIBzDCCAVGgAwIBAgIEaccessServerCA
-----END CERTIFICATE-----
</ca>
<cert>
-----BEGIN CERTIFICATE-----
MIIBzDCCAVGgAwIBAgIEclientCert0001
-----END CERTIFICATE-----
</cert>
<key>
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPRIVATEkeyMATERIAL
-----END PRIVATE KEY-----
</key>
<tls-crypt-v2>
-----BEGIN OpenVPN tls-crypt-v2 client key-----
Rk9PQkFSdGxzY3J5cHR2MmNsaWVudGtleW1hdGVyaWFs
-----END OpenVPN tls-crypt-v2 client key-----
</tls-crypt-v2>
"""

# Access Server 2.x profiles, still handed out by older installations.
ACCESS_SERVER_2 = """\
# Automatically generated OpenVPN client config file
# OVPN_ACCESS_SERVER_PROFILE=vpn.example.com/AUTOLOGIN
# OVPN_ACCESS_SERVER_AUTOLOGIN=1
setenv FORWARD_COMPATIBLE 1
client
server-poll-timeout 4
nobind
remote vpn.example.com 1194 udp
remote vpn.example.com 443 tcp
dev tun
dev-type tun
ns-cert-type server
setenv opt tls-version-min 1.0 or-highest
reneg-sec 604800
sndbuf 0
rcvbuf 0
# NOTE: LZO commands are pushed by the Access Server at connect time.
# NOTE: The below line doesn't disable LZO.
comp-lzo no
verb 3
setenv PUSH_PEER_INFO

<ca>
-----BEGIN CERTIFICATE-----
MIIBzDCCAVGgAwIBAgIEaccessServerCA
-----END CERTIFICATE-----
</ca>
<cert>
-----BEGIN CERTIFICATE-----
MIIBYzCCARWgAwIBAgIRAJe+VDNu0cWrvYqvpi3S1pwwBQYDK2VwMBExDzANBgNV
-----END CERTIFICATE-----
</cert>
<key>
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBh7ZHKGCSVnJne7BTaiB8YSUQXhHcAAR80zJm+zXVlT
-----END PRIVATE KEY-----
</key>
key-direction 1
<tls-auth>
#
# 2048 bit OpenVPN static key (Server Agent)
#
-----BEGIN OpenVPN Static key V1-----
0123456789abcdef0123456789abcdef
-----END OpenVPN Static key V1-----
</tls-auth>

## -----BEGIN RSA SIGNATURE-----
## DIGEST:sha256
## Zm9vYmFy
## -----END RSA SIGNATURE-----
"""

# The usual hand-written or generated (openvpn-install, PiVPN) client profile.
COMMON = """\
client
dev tun
proto udp
remote vpn.example.net 1194
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
verify-x509-name server_k2VrTLVq1 name
auth SHA256
auth-nocache
cipher AES-128-GCM
tls-client
tls-version-min 1.2
tls-cipher TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256
ignore-unknown-option block-outside-dns
setenv opt block-outside-dns # Prevent Windows 10 DNS leak
explicit-exit-notify
pull-filter ignore "route"
pull-filter ignore 'dhcp-option DNS6'
redirect-gateway def1
route 10.0.0.0 255.0.0.0
route-ipv6 2001:db8::/32
dhcp-option DNS 9.9.9.9
dhcp-option DOMAIN corp.example.net
auth-user-pass
auth-retry interact
static-challenge "Enter your one-time code" 1
mute-replay-warnings
keepalive 10 60
verb 3
<ca>
-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
</ca>
"""

# Exported with one <connection> block per server (Viscosity, Tunnelblick), with a TCP fallback.
CONNECTION_BLOCKS = """\
client
dev tun
nobind
<connection>
remote vpn.example.net 1194 udp
explicit-exit-notify 1
</connection>
<connection>
remote vpn.example.net 443 tcp-client
connect-retry 5 300
</connection>
<ca>
-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
</ca>
<cert>
-----BEGIN CERTIFICATE-----
MIIBYzCCARWgAwIBAgIRAJe+VDNu0cWrvYqvpi3S1pwwBQYDK2VwMBExDzANBgNV
-----END CERTIFICATE-----
</cert>
<key>
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBh7ZHKGCSVnJne7BTaiB8YSUQXhHcAAR80zJm+zXVlT
-----END PRIVATE KEY-----
</key>
"""

AS_KINDS = ("userlogin", "autologin", "generic", "challenge")
REAL = {
    "api-sample": SAMPLE,
    "eduvpn-observed": EDUVPN_OBSERVED,
    "eduvpn-2": EDUVPN_2,
    "access-server": ACCESS_SERVER_REALISTIC,
    "access-server-2": ACCESS_SERVER_2,
    "common": COMMON,
    "connection-blocks": CONNECTION_BLOCKS,
    **{f"access-server-{kind}": access_server.profile(kind) for kind in AS_KINDS},
}


@pytest.fixture(scope="module")
def pki() -> OpenVPNPKI:
    return OpenVPNPKI(dt.datetime.now(dt.UTC))


def demo_profile(pki: OpenVPNPKI, remotes: list[str]) -> str:
    """A configuration as the demo server's /connect writes it, with a real PKI."""
    now = dt.datetime.now(dt.UTC)
    certificate = pki.issue_client(profile_id="employees", now=now, not_after=now + dt.timedelta(days=1))
    return render_client_config(
        header=["# Portal: https://vpn.demo.invalid/vpn-user-portal/", "# Profile: Employees (employees)"],
        ca_pem=pki.ca_pem,
        certificate=certificate,
        tls_crypt_key=pki.tls_crypt_key,
        remotes=remotes,
    )


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_profiles_are_accepted_and_round_trip(name: str) -> None:
    profile = assert_round_trip(REAL[name])  # comments included: none is written back
    assert profile.remotes


def test_real_profiles_mean_what_they_say() -> None:
    observed = parse_profile(EDUVPN_OBSERVED)
    assert [r.proto for r in observed.remotes] == ["udp", "udp", "udp", "tcp", "tcp"]
    assert observed.remotes[2] == OpenVpnRemote("2001:db8:1::11", 1194, "udp")
    assert set(observed.blocks) == {"ca", "cert", "key", "tls-crypt"}
    realistic = parse_profile(ACCESS_SERVER_REALISTIC)
    assert realistic.auth_user_pass and "tls-crypt-v2" in realistic.blocks
    assert len(realistic.remotes) == 4
    assert "setenv opt block-outside-dns\n" in realistic.render()
    # A bare block-outside-dns stops OpenVPN on Linux: it is always written back as optional.
    common = parse_profile(COMMON)
    rendered = common.render()
    assert "setenv opt block-outside-dns\n" in rendered and "\nblock-outside-dns" not in rendered
    assert common.static_challenge and common.remotes == (OpenVpnRemote("vpn.example.net", 1194, "udp"),)
    assert parse_profile(CONNECTION_BLOCKS).remotes == (
        OpenVpnRemote("vpn.example.net", 1194, "udp"),
        OpenVpnRemote("vpn.example.net", 443, "tcp"),
    )
    # Access Server's name and user survive the import, which stores the written-back model.
    parsed = importers.parse_profile(ACCESS_SERVER_REALISTIC, fallback_name="file")
    assert (parsed.name, parsed.username, parsed.kind) == (
        "alice@vpn.example.com",
        "alice",
        importers.ImportedKind.USER_LOCKED,
    )


@pytest.mark.parametrize("prefer_tcp", [False, True])
def test_demo_server_profiles_round_trip(pki: OpenVPNPKI, prefer_tcp: bool) -> None:
    remotes = ["vpn.demo.invalid 1194 udp", "vpn.demo.invalid 1194 tcp"]
    profile = assert_round_trip(demo_profile(pki, remotes[::-1] if prefer_tcp else remotes))
    assert [r.proto for r in profile.remotes] == (["tcp", "udp"] if prefer_tcp else ["udp", "tcp"])


@pytest.mark.parametrize("profile_id", ["employees", "openvpn-only", "admins"])
def test_the_demo_servers_connect_answers_round_trip(
    demo_server: DemoServer, demo_http: httpx2.Client, profile_id: str
) -> None:
    token = demo_server.state.issue_tokens().access_token
    answer = demo_http.post(
        f"{demo_server.api_endpoint}/connect",
        headers={"Authorization": f"Bearer {token}", "Accept": Protocol.OPENVPN.media_type},
        data={"profile_id": profile_id, "prefer_tcp": "no"},
    )
    assert answer.status_code == 200, answer.text
    config = parse_config(answer.headers["content-type"], answer.content, None)
    assert config.openvpn is not None and config.openvpn.profile is not None
    assert_round_trip(answer.text)


# -- the model's own rules --------------------------------------------------------------------------


def test_written_back_lines_stay_within_openvpns_line_buffer() -> None:
    # Quoting may lengthen a value: 120 backslashes in single quotes become 240 in double quotes.
    backslashes = "pull-filter ignore '" + "\\" * 120 + "'"
    with pytest.raises(ConfigError, match="would be longer than 250 bytes when written back"):
        parse_profile(f"remote a.example\n{backslashes}\n")
    assert parse_profile("remote a.example\npull-filter ignore '" + "\\" * 60 + "'\n")
    # Bytes are counted, not characters.
    with pytest.raises(ConfigError, match="line 2: is longer than 250 bytes"):
        parse_profile("remote a.example\n# " + "é" * 125 + "\n")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<ca>\nA\n</ca>\n<ca>\nB\n</ca>\n", "line 4: a second <ca> block"),
        ("ignore-unknown-option up\n", "line 1: ignore-unknown-option “up” is not a directive Sluis allows"),
        ('setenv PUSH_PEER_INFO "a\tb"\n', "line 1: “a?b” is not a short line of printable text"),
        ("setenv opt block-ipv6 extra\n", "line 1: block-ipv6 takes no arguments"),
    ],
)
def test_model_refusals(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_profile("remote a.example\n" + text)
    assert fragment.replace("line 1", "line 2").replace("line 4", "line 5") in str(caught.value)


def test_setenv_opt_is_read_as_openvpn_reads_it() -> None:
    # OpenVPN does not drop "--" after "setenv opt": "--block-ipv6" would be an unknown name.
    with pytest.raises(RefusedDirectiveError, match="“--block-ipv6”"):
        parse_profile("remote a.example\nsetenv opt --block-ipv6\n")
    text = "remote a.example\nsetenv opt block-ipv6\nsetenv opt tls-version-min 1.0 or-highest\n"
    assert parse_profile(text).render() == text


def test_blocks_end_as_openvpn_ends_them() -> None:
    # OpenVPN 2.6 ends a block at its closing tag after white space (seen with the real binary).
    profile = assert_round_trip("remote a.example\n<ca>\nMIIB\n \t</ca>\nverb 3\n")
    assert profile.blocks == {"ca": "MIIB"} and profile.first("verb") is not None


def test_render_takes_only_a_device_name() -> None:
    profile = parse_profile("remote a.example\ndev tun\ndev-type tun\n")
    assert profile.render(device="slov3") == "dev slov3\ndev-type tun\nremote a.example\n"
    with pytest.raises(ValueError, match="not a network device name"):
        profile.render(device="tun0\nplugin /tmp/x.so")


def _remote_hosts(profile: OpenVpnProfile, host: str) -> OpenVpnProfile:
    """The same profile with every ``remote`` pointing at ``host`` (live runs stay on loopback)."""

    def moved(directive: Directive) -> Directive:
        if directive.name != "remote":
            return directive
        return replace(directive, args=(host, *directive.args[1:]))

    items: list[Item] = []
    for item in profile.items:
        if isinstance(item, Directive):
            item = moved(item)
        elif isinstance(item, ConnectionBlock):
            item = replace(item, directives=tuple(moved(d) for d in item.directives))
        items.append(item)
    return OpenVpnProfile(tuple(items))


def test_tcp_first_moves_servers_not_meaning() -> None:
    from gui.backends.openvpn import tcp_first
    from gui.core.vpnconfig import VpnConfig, parse_openvpn

    text = "# a comment\nclient\nremote a.example 1194 udp\nremote b.example 443 tcp\nverb 3\n"
    moved = tcp_first(VpnConfig(Protocol.OPENVPN, text, None, openvpn=parse_openvpn(text)))
    assert moved is not None
    assert moved.text == "client\nremote b.example 443 tcp\nremote a.example 1194 udp\nverb 3\n"
    # <connection> blocks move as a whole...
    blocks = parse_profile(CONNECTION_BLOCKS).with_tcp_first()
    assert blocks is not None and [r.proto for r in blocks.remotes] == ["tcp", "udp"]
    assert_round_trip(blocks.render())
    # ...unless a line stands between them: a block takes the top-level lines written before it.
    between = "</connection>\nmssfix 1400\n<connection>"
    split = CONNECTION_BLOCKS.replace("</connection>\n<connection>", between)
    assert parse_profile(split).with_tcp_first() is None
    assert parse_profile("remote a.example 1194 udp\n").with_tcp_first() is None


# -- arbitrary text ----------------------------------------------------------------------------------

NAMES = [
    *sorted(ALLOWED), "setenv opt", "plugin", "up", "log", "config", "ca", "management", "script-security",
    "--remote", "--up", "Remote", "REMOTE", "<ca>", "</ca>", "<connection>", "</connection>", "<key>",
    "<plugin>", "#", ";", "\\", '"', "'",
]  # fmt: skip
WORDS = st.one_of(
    st.sampled_from([
        "udp", "tcp", "tcp-client", "udp6", "1194", "443", "0", "a.example", "127.0.0.1", "::1", "def1",
        "ipv6", "!ipv4", "infinite", "server", "name", "1.2", "or-highest", "AES-256-GCM", "DNS", "9.9.9.9",
        "10.0.0.0", "255.0.0.0", "vpn_gateway", "UV_X", "FORWARD_COMPATIBLE", "PUSH_PEER_INFO", "opt",
        "block-outside-dns", "block-ipv6", "ignore", "route", '"route"', "'x y'", '"a \\"b\\" c"', "x\\ y",
        "\\\\", "é", "ü" * 40, "#", ";", "<ca>", "</ca>", "tun", "tun0", "1",
    ]),
    st.text(max_size=12),
)  # fmt: skip
LINES = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda indent, name, words, end: indent + " ".join([name, *words]) + end,
        st.sampled_from(["", " ", "\t", "--"]),
        st.sampled_from(NAMES),
        st.lists(WORDS, max_size=4),
        st.sampled_from(["", " # note", " ;note", "\r"]),
    ),
    st.sampled_from([
        "<ca>", "</ca>", " </ca>", "<connection>", "</connection>", "-----BEGIN CERTIFICATE-----", "MIIB",
        "# comment", "", "remote a.example 1194 udp", "remote b.example 443 tcp", "<tls-crypt>",
        "</tls-crypt>",
    ]),
)  # fmt: skip


def openvpn_quoted(value: str, style: str) -> str:
    """``value`` as one OpenVPN token: double-quoted, single-quoted or with backslash escapes."""
    if style == "single" and "'" not in value:
        return f"'{value}'"
    if style == "escaped" and value[0] not in "#;\"'" and "\t" not in value:
        return "".join("\\" + ch if ch in '\\" ' else ch for ch in value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Lines the model accepts, in OpenVPN's spellings, so that many generated profiles get through and
# are written back (quoting included).
VALID_LINES = st.one_of(
    st.sampled_from([
        "client", "nobind", "proto tcp", "port 443", "rport 1195", "remote b.example 443 tcp-client",
        "--remote c.example", "setenv UV_X 1", "redirect-gateway def1 ipv6 !ipv4", "dhcp-option DNS 9.9.9.9",
        "route 10.0.0.0 255.0.0.0 vpn_gateway 5", "route-ipv6 2001:db8::/32 default 10", "auth-user-pass",
        "setenv opt block-outside-dns", "block-outside-dns", "ignore-unknown-option block-outside-dns",
        "tls-version-min 1.2 or-highest", "explicit-exit-notify", "dev tun", "dev-type tun", "verb 4",
        "<connection>\nremote d.example 1194 tcp\nconnect-retry 1 5\n</connection>",
        "<ca>\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n</ca>",
        "<tls-crypt>\n#\n# key\n#\n00ff\n</tls-crypt>", "\t remote e.example 53 udp4 ; comment",
    ]),
    st.builds(
        lambda directive, value, style: directive.format(openvpn_quoted(value, style)),
        st.sampled_from([
            "verify-x509-name {}", "verify-x509-name {} name", "pull-filter ignore {}",
            "static-challenge {} 1", "setenv UV_NOTE {}", "remote-cert-eku {}", "setenv PUSH_PEER_INFO {}",
        ]),
        st.text(
            st.characters(min_codepoint=0x20, max_codepoint=0x2FF, blacklist_categories=("Cc",)),
            min_size=1,
            max_size=40,
        ),
        st.sampled_from(["double", "single", "escaped"]),
    ),
)  # fmt: skip


def check_anything(text: str) -> None:
    """Refused with a ConfigError, or a model whose written-back text is a fixed point holding only
    allowed directives."""
    try:
        profile = parse_profile(text)
    except ConfigError:
        return
    assert_round_trip(profile.render())
    assert parse_profile(profile.render()).render() == profile.render()


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check_anything(text)


@settings(max_examples=300)
@given(st.lists(LINES, max_size=16), st.booleans())
def test_arbitrary_lines(lines: list[str], with_remote: bool) -> None:
    check_anything(("remote a.example 1194 udp\n" if with_remote else "") + "\n".join(lines))


@settings(max_examples=300)
@given(st.lists(VALID_LINES, min_size=1, max_size=12), st.one_of(st.none(), LINES), st.integers(0, 12))
def test_arbitrary_mostly_valid_lines(lines: list[str], odd: str | None, at: int) -> None:
    if odd is not None:
        lines.insert(at, odd)
    check_anything("remote a.example 1194 udp\n" + "\n".join(lines))


@settings(max_examples=300)
@given(st.integers(0, len(BASE.split("\n"))), LINES)
def test_arbitrary_line_in_a_real_profile(at: int, line: str) -> None:
    lines = BASE.split("\n")
    lines.insert(at, line)
    check_anything("\n".join(lines))


# -- with the real openvpn ---------------------------------------------------------------------------


def run_openvpn(config: Path, cwd: Path, until: Callable[[], bool], seconds: float) -> tuple[bool, str, bool]:
    """The real ``openvpn`` on ``config`` without a tun device, until ``until()`` holds, it exits or
    ``seconds`` pass; always stopped. Returns whether ``until()`` held, its output, and whether it
    was still running when stopped."""
    process = subprocess.Popen(
        ["openvpn", "--config", str(config), "--dev", "null", "--dev-type", "null", "--verb", "0"],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and process.poll() is None and not until():
            time.sleep(0.05)
        held = until()
    finally:
        running = process.poll() is None
        if running:
            process.terminate()
            try:
                process.wait(3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    process.stdout.close()
    return held, output, running


def tree(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.fixture
def live(tmp_path: Path, pki: OpenVPNPKI) -> tuple[Path, Path, str, str]:
    """(run folder, target folder, a UDP base profile, a TCP base profile), servers on 127.0.0.1."""
    require_root("openvpn")
    run, target = tmp_path / "run", tmp_path / "target"
    run.mkdir()
    target.mkdir()
    return run, target, demo_profile(pki, ["127.0.0.1 1 udp"]), demo_profile(pki, ["127.0.0.1 1 tcp"])


LIVE_WRITES = [
    "log/plain", "log/dashdash", "log/dquoted", "log/squoted", "log/indent", "log/escaped-space",
    "log/crlf", "log/trailing-comment", "log/setenv-opt", "log/fake-close", "log/indented-close",
    "log/ca-fake-close", "log/ca-indented-close",
    "log-append/plain", "status/plain", "replay-persist/plain", "writepid/plain", "config/plain",
]  # fmt: skip


@pytest.mark.needs_root
@pytest.mark.parametrize("name", LIVE_WRITES)
def test_file_write_vectors_are_live_and_refused(live: tuple[Path, Path, str, str], name: str) -> None:
    run, target, base, _ = live
    vector = next(v for v in vectors(base, str(target)) if v.name == name)
    (target / "other.conf").write_text(f"log {target}/written-by-config\n")  # for "config FILE"
    before = tree(target)
    raw = run / "raw.ovpn"
    raw.write_text(vector.text)
    held, output, _ = run_openvpn(raw, run, lambda: tree(target) != before, seconds=5)
    assert held, f"{name} did not write a file: {output[-500:]}"
    with pytest.raises(ConfigError):
        parse_profile(vector.text)


@pytest.mark.needs_root
@pytest.mark.parametrize("spelling", ["plain", "long-line-connection", "multibyte-line-connection"])
def test_file_read_vectors_are_live_and_refused(live: tuple[Path, Path, str, str], spelling: str) -> None:
    """``http-proxy HOST PORT FILE basic`` makes root read FILE and send it to the proxy; inside a
    ``<connection>`` block, as the tail of a line over 256 bytes (even of fewer characters)."""
    run, target, _, base = live
    secret = target / "secret"
    secret.write_text("alice\nhunter2\n")
    received: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as proxy:
        proxy.settimeout(6)

        def answer() -> None:
            try:
                connection, _ = proxy.accept()
                with connection:
                    connection.settimeout(3)
                    # OpenVPN sends the request line and its headers in separate writes: read
                    # to the blank line that ends the headers, so the check sees them all.
                    request = b""
                    while b"\r\n\r\n" not in request:
                        chunk = connection.recv(4096)
                        if not chunk:
                            break
                        request += chunk
                    received.append(request)
            except OSError:
                pass

        listener = threading.Thread(target=answer)
        listener.start()
        port = proxy.getsockname()[1]
        name = f"http-proxy-authfile/{spelling}"
        vector = next(v for v in vectors(base, str(target), str(secret), port) if v.name == name)
        raw = run / "raw.ovpn"
        raw.write_text(vector.text)
        held, output, _ = run_openvpn(raw, run, lambda: bool(received), seconds=5)
        proxy.close()
        listener.join(10)
    assert held, output[-500:]
    assert b"Proxy-Authorization: Basic YWxpY2U6aHVudGVyMg==" in received[0]  # alice:hunter2
    with pytest.raises(ConfigError):
        parse_profile(vector.text)


@pytest.mark.needs_root
def test_the_written_back_model_runs_and_writes_nothing(live: tuple[Path, Path, str, str]) -> None:
    """Hostile lines as comments and as values of allowed directives: accepted, and what runs is
    the model, which writes nothing (OpenVPN runs, retrying its server, until stopped)."""
    run, target, base, _ = live
    safe = base.replace(
        "client\n",
        f"client\n# log {target}/a\n;status {target}/b\n"
        f'setenv UV_NOTE "log {target}/c"\npull-filter ignore "writepid {target}/d"\n',
    )
    config = run / "config.ovpn"
    config.write_text(parse_profile(safe).render(device="null"))
    before = tree(run.parent)
    _, output, running = run_openvpn(config, run, lambda: False, seconds=2)
    assert running and "Options error" not in output and "ERROR" not in output, output
    assert tree(run.parent) == before and not any(target.iterdir())


@pytest.mark.needs_root
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_openvpn_accepts_the_written_back_model(live: tuple[Path, Path, str, str], name: str) -> None:
    """The written-back text is valid OpenVPN: no option is refused (the sample keys are not
    real, so OpenVPN may stop later, at its certificates or at the login it cannot ask)."""
    run, _, _, _ = live
    config = run / "config.ovpn"
    config.write_text(_remote_hosts(parse_profile(REAL[name]), "127.0.0.1").render(device="null"))
    _, output, _ = run_openvpn(config, run, lambda: False, seconds=1.5)
    assert "Options error" not in output, output
    # Only a "setenv opt" line may be unknown here (block-outside-dns is for Windows): a warning.
    for line in output.splitlines():
        if "Unrecognized option" in line:
            assert line.rsplit(": ", 1)[1].split(" (")[0] in OPTIONAL_ALLOWED, line
