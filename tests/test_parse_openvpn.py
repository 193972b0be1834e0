"""OpenVPN configurations: the API text's sample, remotes in order, refused directives, garbage.

``parse_openvpn`` reads through the allow-listed model (``gui.core.openvpn_profile``); the model's
own rules and the hostile spellings are in ``test_openvpn_allowlist.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import ConfigError, RefusedDirectiveError, SluisError
from gui.core.vpnconfig import OpenVpnConfig, OpenVpnRemote, parse_openvpn

# The API text's /connect OpenVPN example, with the inline blocks of the 2021 draft's full example.
SAMPLE = """\
# OpenVPN Client Configuration
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
VQQDEwZWUE4gQ0EwKjAFBgMrZXADIQBONDYoafRXDO01zL9vUjbj46g1+5FXh8uX
rMZvX3MCIKNkMGIwDgYDVR0PAQH/BAQDAgKEMB0GA1UdJQQWMBQGCCsGAQUFBwMB
BggrBgEFBQcDAjASBgNVHRMBAf8ECDAGAQH/AgEAMB0GA1UdDgQWBBTUyHw5S0sG
boplw33QDLaLf66gBDAFBgMrZXADQQCfvYY9CYKxMYC6ujoZrysLWVeG5Ay9ZD2o
RJ1hHQHVU3rq/ATpiMOKRmbGy+u+TJH5DFMywJ8D8SEqSrI8+rkN
-----END CERTIFICATE-----
</ca>
<cert>
-----BEGIN CERTIFICATE-----
MIIBYzCCARWgAwIBAgIRAJe+VDNu0cWrvYqvpi3S1pwwBQYDK2VwMBExDzANBgNV
BAMTBlZQTiBDQTAeFw0yMTA1MDgwOTQwNDBaFw0yMTA4MDYwMTU5NTlaMD0xEDAO
BgNVBAsTB2RlZmF1bHQxKTAnBgNVBAMTIDU0MjUxZTdjOTYwMWYzOGZhYjg4NzQ0
ZjQ3ODZiNzZmMCowBQYDK2VwAyEANtm0hHuT97mwe/VELSB3G+0145ZZhHw/g+Af
OlxJz9ujVjBUMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAjAM
BgNVHRMBAf8EAjAAMB8GA1UdIwQYMBaAFNTIfDlLSwZuimXDfdAMtot/rqAEMAUG
AytlcANBAA6tQFgH4NLkgD7SCa3gttpLB7HAKpTZFZwduLw+tOxR1b4jdUY9Caai
8brsE/LqFzafeCw+kgQyGX2Hnd+jWw0=
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
bbfd600e91fdcd8cfb416baf2a357a7b
b73d5d6595e84d29a55045a4d4d84714
c6a40d7b5a646557a927c6058b17a272
77f111f602aa29933cdba70a59cc9759
0eb851c8f1dcc25807a2251a0546aff5
6eef04dc804243d5790d9b23a79b20a9
b01faa33c0f03953ee6cb418c545bacf
1b8af0c6b49d4bf1b4bcc0a0db5fc3cd
f4d9675ff7a9fefa1e9e25e992b7d66a
ff6d903a9e426ded4b8ce5a3a530e483
f9ee774f99216d0201240f238561ebe2
47cd388a5d1e589945628e0abcf26a1e
c0be30f0f2cfc480f9b55ce670231db9
c90a590cde36ef810a228a192386658d
-----END OpenVPN Static key V1-----
</tls-crypt>
remote vpn.example 1194 udp
remote vpn.example 1194 tcp
"""
SAMPLE_LINES = SAMPLE.split("\n")
LAST_LINE = len(SAMPLE_LINES) - 1  # the text ends with a newline


def test_the_api_texts_sample() -> None:
    config = parse_openvpn(SAMPLE)
    assert config.remotes == (
        OpenVpnRemote("vpn.example", 1194, "udp"),
        OpenVpnRemote("vpn.example", 1194, "tcp"),
    )
    assert config.remotes[0] == ("vpn.example", 1194, "udp")  # usable as a plain tuple
    assert config.inline_blocks == {"ca", "cert", "key", "tls-crypt"}
    assert config.protos == {"udp", "tcp"}
    assert not config.auth_user_pass
    assert not config.static_challenge
    assert config.dev == "tun"


def test_prefer_tcp_order_is_kept() -> None:
    swapped = SAMPLE.replace("1194 udp\nremote vpn.example 1194 tcp", "1194 tcp\nremote vpn.example 1194 udp")
    assert [r.proto for r in parse_openvpn(swapped).remotes] == ["tcp", "udp"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["remote a.example 443 tcp-client"], [("a.example", 443, "tcp")]),
        (
            ["remote a.example 1194 udp6", "remote b.example 443 tcp4"],
            [("a.example", 1194, "udp"), ("b.example", 443, "tcp")],
        ),
        (["remote a.example"], [("a.example", 1194, "udp")]),
        (
            ["remote a.example", "proto tcp-client", "port 443"],
            [("a.example", 443, "tcp")],
        ),  # order does not matter
        (["port 1195", "rport 443", "remote a.example"], [("a.example", 443, "udp")]),
        (
            ["remote 2001:db8::1 1194", "remote 192.0.2.1 53 udp"],
            [("2001:db8::1", 1194, "udp"), ("192.0.2.1", 53, "udp")],
        ),
        (['remote "a.example" 1194 tcp  # the TCP fallback'], [("a.example", 1194, "tcp")]),
        (
            [
                "proto tcp",
                "<connection>",
                "remote a.example 1194 udp",
                "</connection>",
                "<connection>",
                "remote b.example",
                "port 443",
                "</connection>",
            ],
            [("a.example", 1194, "udp"), ("b.example", 443, "tcp")],
        ),
        # As OpenVPN 2.6 does (seen with the real binary): with <connection> blocks the top-level
        # remotes are ignored, a block takes the top-level settings written before it, and inside a
        # block the last line wins.
        (
            ["remote ignored.example 443 tcp", "<connection>", "remote a.example", "</connection>"],
            [("a.example", 1194, "udp")],
        ),
        (
            ["<connection>", "remote a.example 1194 udp", "proto tcp", "</connection>"],
            [("a.example", 1194, "tcp")],
        ),
        (["<connection>", "remote a.example", "</connection>", "proto tcp"], [("a.example", 1194, "udp")]),
    ],
)
def test_remotes(lines: list[str], expected: list[tuple[str, int, str]]) -> None:
    config = parse_openvpn("\n".join(["client", *lines]))
    assert config.remotes == tuple(OpenVpnRemote(*e) for e in expected)


def test_username_password_and_static_challenge() -> None:
    config = parse_openvpn(SAMPLE + 'auth-user-pass\nstatic-challenge "Enter your one-time code" 1\n')
    assert config.auth_user_pass
    assert config.static_challenge
    assert config.profile is not None and "auth-user-pass\n" in config.profile.render()


def test_inline_logins_are_refused() -> None:
    """Sluis asks for the login itself and hands it to OpenVPN over the management socket only: a
    login written into the profile (and kept in a file next to it) is refused, not used."""
    with pytest.raises(RefusedDirectiveError) as caught:
        parse_openvpn(SAMPLE + "<auth-user-pass>\nalice\ns3cret-pass\n</auth-user-pass>\n")
    assert caught.value.params == {"line": LAST_LINE + 1, "directive": "<auth-user-pass>"}
    assert "s3cret-pass" not in str(caught.value)  # the login is not echoed


def test_comments_and_crlf() -> None:
    text = "; a comment\r\n# another\r\n  remote vpn.example 443 tcp ; trailing\r\n"
    assert parse_openvpn(text).remotes == (OpenVpnRemote("vpn.example", 443, "tcp"),)


@pytest.mark.parametrize(
    ("line", "directive"),
    [
        ("up /etc/openvpn/update-resolv-conf", "up"),
        ("script-security 2", "script-security"),
        ("plugin /usr/lib/openvpn/plugin.so", "plugin"),
        ("route-up '/bin/sh -c id'", "route-up"),
        ("log /etc/passwd", "log"),
        ("config /etc/openvpn/other.conf", "config"),
        ("management 0.0.0.0 7505", "management"),
        ("ca /etc/ssl/certs/ca.pem", "ca"),  # a file: only inline <ca> blocks are allowed
        ("tls-crypt /etc/openvpn/ta.key", "tls-crypt"),
        ("--daemon", "daemon"),
        ("setenv opt plugin /tmp/x.so", "plugin"),
        ("setenv LD_PRELOAD /tmp/x.so", "setenv LD_PRELOAD"),
        ("<plugin>", "<plugin>"),
    ],
)
def test_refused_directives_name_the_line(line: str, directive: str) -> None:
    lines = SAMPLE_LINES.copy()
    lines.insert(2, line)
    if line.startswith("<"):
        lines.insert(3, "</" + line[1:])
    with pytest.raises(RefusedDirectiveError) as caught:
        parse_openvpn("\n".join(lines))
    assert caught.value.params == {"line": 3, "directive": directive}
    assert str(caught.value).startswith(f"Line 3 of the VPN configuration says “{directive}”")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("auth-user-pass /root/credentials", "auth-user-pass takes no arguments"),
        ("remote vpn.example 1194 tcp-server", "not a client protocol"),
        ("remote vpn.example 1194 sctp", "not a client protocol"),
        ("remote vpn.example 70000 udp", "“70000” is not a number from 1 to 65535"),
        ("remote vpn.example 1194 udp extra", "remote takes 1–3 arguments"),
        ("remote", "remote takes 1–3 arguments"),
        ("remote bad_host! 1194", "not a host name"),
        ("remote -vpn.example 1194", "not a host name"),
        ("proto", "proto takes 1 argument"),
        ("port 0", "“0” is not a number from 1 to 65535"),
        ('static-challenge "unterminated', "quote is never closed"),
        ("</ca>", "“</ca>” is not a block this configuration may hold"),
        ("dev tun\x00", "NUL byte"),
        ("dev tap0", "only a tun device"),
        ("verb 3\x0b", "control character"),
        ("remote vpn.example\\", "ends in a backslash"),
        ("pull-filter ignore " + "é" * 120, "longer than 250 bytes"),  # 160 characters, 259 bytes
    ],
)
def test_errors_name_the_line(line: str, fragment: str) -> None:
    lines = SAMPLE_LINES.copy()
    lines.insert(2, line)
    with pytest.raises(ConfigError) as caught:
        parse_openvpn("\n".join(lines))
    assert not isinstance(caught.value, RefusedDirectiveError)
    assert str(caught.value).startswith("The VPN configuration is not valid: line 3: ")
    assert fragment in str(caught.value)
    assert caught.value.params["line"] == 3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no server"),
        ("client\ndev tun\n", "no server"),
        ("remote a 1\n<ca>\nxyz\n", "line 2: <ca> is never closed"),
        ("remote a 1\n<ca>\nxyz\n</cert>\n", "line 2: <ca> is never closed"),
        ("remote a 1\n<ca>\nxyz\n</cert>\n</ca>\n", "line 4: the <ca> block holds a character"),
        ("remote a 1\n<ca>\nxyz\n</ca> remote b\n", "line 4: text after </ca>"),
        ("<connection>\n<ca>\n</ca>\n</connection>\n", "line 2: a block inside <connection>"),
        ("remote a 1\n<CA>\nxyz\n</CA>\n", "line 2: “<CA>” is not a block"),
        ("<connection>\nport 443\n</connection>\n", "line 1: a <connection> block must hold exactly one"),
        ("<connection>\nremote a\nremote b\n</connection>\n", "line 1: a <connection> block must hold"),
    ],
)
def test_structural_errors(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_openvpn(text)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "directive"),
    [
        ("<connection>\nup /bin/true\n</connection>\n", 2, "up"),
        ("remote a 1\n<connection>\nremote b\nnobind\n</connection>\n", 4, "nobind"),  # not in a block
    ],
)
def test_structural_refusals(text: str, line: int, directive: str) -> None:
    with pytest.raises(RefusedDirectiveError) as caught:
        parse_openvpn(text)
    assert caught.value.params == {"line": line, "directive": directive}


def test_inline_content_is_not_read_as_directives() -> None:
    text = SAMPLE.replace(
        "-----END PRIVATE KEY-----", "up /bin/sh\nremote evil.example 1\n-----END PRIVATE KEY-----"
    )
    assert parse_openvpn(text).remotes == parse_openvpn(SAMPLE).remotes


def test_repr_does_not_hold_key_material() -> None:
    assert "PRIVATE KEY" not in repr(parse_openvpn(SAMPLE))


# --- garbage in --------------------------------------------------------------------------------

DIRECTIVES = [
    "remote",
    "proto",
    "port",
    "rport",
    "dev",
    "auth-user-pass",
    "static-challenge",
    "ca",
    "up",
    "<ca>",
    "</ca>",
    "<connection>",
    "</connection>",
    "<key>",
    "</key>",
    "#",
    ";",
    '"',
    "'",
    "\\",
]
LINES = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda d, args: " ".join([d, *args]),
        st.sampled_from(DIRECTIVES),
        st.lists(
            st.one_of(
                st.text(max_size=12),
                st.sampled_from(["udp", "tcp", "1194", "a.example", '"x y"', "[inline]"]),
            ),
            max_size=4,
        ),
    ),
)


def _check(text: str) -> None:
    try:
        config = parse_openvpn(text)
    except SluisError:
        return
    assert isinstance(config, OpenVpnConfig)
    assert config.remotes
    for remote in config.remotes:
        assert remote.proto in {"udp", "tcp"}
        assert 1 <= remote.port <= 65535
        assert remote.host


@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    _check(text)


@given(st.lists(LINES, max_size=12))
def test_random_lines(lines: list[str]) -> None:
    _check("\n".join(lines))


@given(st.integers(0, LAST_LINE), LINES, st.booleans())
def test_random_line_in_the_sample(at: int, line: str, overwrite: bool) -> None:
    lines = SAMPLE_LINES.copy()
    if overwrite:
        lines[at] = line
    else:
        lines.insert(at, line)
    _check("\n".join(lines))
