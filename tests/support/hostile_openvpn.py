"""Hostile OpenVPN profiles: what a malicious VPN server's ``/connect`` answer or a doctored ``.ovpn``
file may try, grouped by what it would get as root, each in the spellings OpenVPN itself accepts.

A ``Vector`` holds a whole profile: a valid client profile (``BASE``, or the base given to
``vectors()``) with the hostile part inserted before its first inline block, so a test can hand it
to a parser or to the real ``openvpn``. ``lines`` are the line numbers of the inserted part, where a
refusal must point. Paths point into ``target`` (a folder the caller owns), files read are ``secret``
and proxies listen on ``127.0.0.1:proxy_port``: the texts are meant to be parsed, and run only where
a test shows a vector is live, in its own temporary folder.

The spellings are those of OpenVPN 2.6's own reader (``options.c``: ``read_config_file``,
``parse_line``, ``check_inline_file``, ``read_inline_file``, and ``buf_parse`` for ``<connection>``):
a leading ``--``, a quoted name, escaped spaces, CRLF, indentation, ``setenv opt``, a ``<connection>``
block, over-long lines whose tail OpenVPN reads as a line of its own, NUL bytes, a block that ends
early, an upper-case name, a block tag named after a directive.
"""

from __future__ import annotations

from dataclasses import dataclass

CODE = "code execution"
LIBRARY = "library loading"
FILE_READ = "file read"
FILE_WRITE = "file write"
TAKEOVER = "process take-over"
CLASSES = (CODE, LIBRARY, FILE_READ, FILE_WRITE, TAKEOVER)

# A client profile as eduVPN servers write it (the key material is shortened, not real): valid for
# the model, so a refusal of a vector is the hostile part's doing.
BASE = """\
# Portal: https://vpn.example.org/vpn-user-portal/
# Profile: Employees (employees)
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
-----BEGIN OpenVPN Static key V1-----
696fec0fef444105a153448d00f28dce
-----END OpenVPN Static key V1-----
</tls-crypt>
remote vpn.example.org 1194 udp
remote vpn.example.org 1194 tcp
"""

DEFAULT_TARGET = "/tmp/sluis-hostile"  # never written: these texts are only parsed
DEFAULT_SECRET = "/etc/shadow"
DEFAULT_PROXY_PORT = 8080

# (name, class, line) with ``{t}`` for the target folder, ``{s}`` for a file to steal, ``{p}`` for a
# proxy's port. Every one is refused by the allow-list.
DIRECTIVES: tuple[tuple[str, str, str], ...] = (
    # Running a program (as root, before any privilege drop)
    ("up", CODE, "up {t}/evil.sh"),
    ("down", CODE, "down {t}/evil.sh"),
    ("route-up", CODE, "route-up \"/bin/sh -c 'id > {t}/owned'\""),
    ("route-pre-down", CODE, "route-pre-down {t}/evil.sh"),
    ("ipchange", CODE, "ipchange {t}/evil.sh"),
    ("tls-verify", CODE, "tls-verify {t}/evil.sh"),
    ("learn-address", CODE, "learn-address {t}/evil.sh"),
    ("client-connect", CODE, "client-connect {t}/evil.sh"),
    ("client-disconnect", CODE, "client-disconnect {t}/evil.sh"),
    ("auth-user-pass-verify", CODE, "auth-user-pass-verify {t}/evil.sh via-env"),
    ("tls-crypt-v2-verify", CODE, "tls-crypt-v2-verify {t}/evil.sh"),
    ("script-security-2", CODE, "script-security 2"),
    ("script-security-3", CODE, "script-security 3 execve"),
    ("up-restart", CODE, "up-restart"),
    ("iproute", CODE, "iproute {t}/evil.sh"),
    ("plugin-down-root", CODE, "plugin openvpn-plugin-down-root.so \"/bin/sh -c 'id > {t}/owned'\""),
    ("plugin-auth-pam", CODE, "plugin /usr/lib/openvpn/openvpn-plugin-auth-pam.so login"),
    # Loading a library into OpenVPN or into the programs it starts
    ("plugin-path", LIBRARY, "plugin {t}/evil.so"),
    ("engine", LIBRARY, "engine dynamic"),
    ("providers", LIBRARY, "providers {t}/evil.so default"),
    ("pkcs11-providers", LIBRARY, "pkcs11-providers {t}/evil.so"),
    ("setenv-ld-preload", LIBRARY, "setenv LD_PRELOAD {t}/evil.so"),
    ("setenv-ld-library-path", LIBRARY, "setenv LD_LIBRARY_PATH {t}"),
    ("setenv-path", LIBRARY, "setenv PATH {t}"),
    ("setenv-safe", LIBRARY, "setenv-safe LD_PRELOAD {t}/evil.so"),  # becomes OPENVPN_LD_PRELOAD
    # Reading a file as root (and sending it to the server or a proxy)
    ("config", FILE_READ, "config {t}/other.conf"),
    ("ca-file", FILE_READ, "ca {s}"),
    ("cert-file", FILE_READ, "cert {t}/cert.pem"),
    ("key-file", FILE_READ, "key {s}"),
    ("tls-auth-file", FILE_READ, "tls-auth {t}/ta.key 1"),
    ("tls-crypt-file", FILE_READ, "tls-crypt {t}/tc.key"),
    ("tls-crypt-v2-file", FILE_READ, "tls-crypt-v2 {t}/tc2.key"),
    ("crl-verify-file", FILE_READ, "crl-verify {t}/crl.pem"),
    ("crl-verify-dir", FILE_READ, "crl-verify {t} dir"),
    ("dh-file", FILE_READ, "dh {t}/dh.pem"),
    ("pkcs12-file", FILE_READ, "pkcs12 {t}/client.p12"),
    ("secret-file", FILE_READ, "secret {t}/static.key"),
    ("extra-certs-file", FILE_READ, "extra-certs {t}/extra.pem"),
    ("capath", FILE_READ, "capath {t}"),
    ("auth-user-pass-file", FILE_READ, "auth-user-pass {s}"),
    ("http-proxy-authfile", FILE_READ, "http-proxy 127.0.0.1 {p} {s} basic"),
    ("http-proxy-user-pass", FILE_READ, "http-proxy-user-pass {s}"),
    ("socks-proxy-authfile", FILE_READ, "socks-proxy 127.0.0.1 {p} {s}"),
    ("askpass", FILE_READ, "askpass {s}"),
    ("cd", FILE_READ, "cd {t}"),
    # Writing a file as root
    ("log", FILE_WRITE, "log {t}/log"),
    ("log-append", FILE_WRITE, "log-append {t}/log-append"),
    ("writepid", FILE_WRITE, "writepid {t}/pid"),
    ("status", FILE_WRITE, "status {t}/status 1"),
    ("replay-persist", FILE_WRITE, "replay-persist {t}/replay"),
    ("tmp-dir", FILE_WRITE, "tmp-dir {t}"),
    ("tls-export-cert", FILE_WRITE, "tls-export-cert {t}"),
    ("genkey", FILE_WRITE, "genkey secret {t}/genkey"),
    ("ifconfig-pool-persist", FILE_WRITE, "ifconfig-pool-persist {t}/pool"),
    ("syslog", FILE_WRITE, "syslog sluis-spoofed"),
    # Taking the process over: its control channel, its identity, its role, its devices
    ("management-tcp", TAKEOVER, "management 127.0.0.1 7505"),
    ("management-unix", TAKEOVER, "management {t}/management.sock unix"),
    ("management-external-key", TAKEOVER, "management-external-key"),
    ("management-query-passwords", TAKEOVER, "management-query-passwords"),
    ("management-hold", TAKEOVER, "management-hold"),
    ("daemon", TAKEOVER, "daemon"),
    ("inetd", TAKEOVER, "inetd"),
    ("chroot", TAKEOVER, "chroot {t}"),
    ("user", TAKEOVER, "user nobody"),
    ("group", TAKEOVER, "group nogroup"),
    ("dev-node", TAKEOVER, "dev-node /dev/sda"),
    ("dev-tap", TAKEOVER, "dev tap0"),
    ("dev-type-tap", TAKEOVER, "dev-type tap"),
    ("mktun", TAKEOVER, "mktun"),
    ("tls-server", TAKEOVER, "tls-server"),
    ("server", TAKEOVER, "server 10.8.0.0 255.255.255.0"),
    ("mode-server", TAKEOVER, "mode server"),
    ("local", TAKEOVER, "local 0.0.0.0"),
    ("lport", TAKEOVER, "lport 53"),
    ("ifconfig", TAKEOVER, "ifconfig 10.8.0.2 10.8.0.1"),
    ("ifconfig-noexec", TAKEOVER, "ifconfig-noexec"),
    ("route-noexec", TAKEOVER, "route-noexec"),
    ("redirect-gateway-word", TAKEOVER, 'redirect-gateway "def1 bypass-dhcp;up /bin/sh"'),
    ("redirect-gateway-path", TAKEOVER, "redirect-gateway def1 {t}/evil.sh"),
    ("route-gateway-word", TAKEOVER, "route 10.0.0.0 255.0.0.0 $(id)"),
    ("remap-usr1", TAKEOVER, "remap-usr1 SIGTERM"),
)

# Whole inserted parts that are not one directive line, line by line.
_STATIC_KEY = ("-----BEGIN OpenVPN Static key V1-----", "00", "-----END OpenVPN Static key V1-----")
BLOCKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("block-plugin", LIBRARY, ("<plugin>", "{t}/evil.so", "</plugin>")),
    ("block-up", CODE, ("<up>", "/bin/sh -c id", "</up>")),
    ("block-config", FILE_READ, ("<config>", "log {t}/log", "</config>")),
    ("block-auth-user-pass", FILE_READ, ("<auth-user-pass>", "alice", "hunter2", "</auth-user-pass>")),
    (
        "block-http-proxy-user-pass",
        FILE_READ,
        ("<http-proxy-user-pass>", "alice", "hunter2", "</http-proxy-user-pass>"),
    ),
    ("block-secret", TAKEOVER, ("<secret>", *_STATIC_KEY, "</secret>")),
    ("block-dh", TAKEOVER, ("<dh>", "-----BEGIN DH PARAMETERS-----", "MEYCQQ", "</dh>")),
    ("block-upper-ca", FILE_READ, ("<CA>", "-----BEGIN CERTIFICATE-----", "</CA>")),
    ("block-dashdash-ca", FILE_READ, ("--<ca>", "-----BEGIN CERTIFICATE-----", "</ca>")),
    ("connection-log", FILE_WRITE, ("<connection>", "remote 127.0.0.1 1", "log {t}/log", "</connection>")),
    (
        "connection-http-proxy",
        FILE_READ,
        (
            "<connection>",
            "remote 127.0.0.1 1 tcp",
            "http-proxy 127.0.0.1 {p} {s} basic",
            "</connection>",
        ),
    ),
    (
        "connection-nested-block",
        FILE_READ,
        ("<connection>", "remote 127.0.0.1 1", "<ca>", "x", "</ca>", "</connection>"),
    ),
    (
        "connection-second-remote",
        TAKEOVER,
        ("<connection>", "remote vpn.example.org 1194", "remote 127.0.0.1 1", "</connection>"),
    ),
    (
        "connection-in-connection",
        TAKEOVER,
        ("<connection>", "remote 127.0.0.1 1", "<connection>", "</connection>", "up x", "</connection>"),
    ),
    ("setenv-opt-quoted", CODE, ('"setenv" "opt" "plugin" {t}/evil.so',)),
    ("setenv-opt-dashdash", CODE, ("--setenv opt --up {t}/evil.sh",)),
    (
        "setenv-opt-connection",
        CODE,
        ("<connection>", "remote 127.0.0.1 1", "setenv opt up {t}/evil.sh", "</connection>"),
    ),
    ("config-stdin", FILE_READ, ("config stdin",)),
    ("setenv-forward-compatible-up", CODE, ("setenv FORWARD_COMPATIBLE 1", "up {t}/evil.sh")),
)

# A line of this many bytes and more is cut by OpenVPN's 256-byte line buffer: at the top level
# 2.6 stops with an error, inside ``<connection>`` (``buf_parse``) the piece after byte 255 is read
# as a line of its own, one byte (256) lost.
TOP_LEVEL_PIECE = 255
CONNECTION_SKIP = 257


@dataclass(frozen=True)
class Vector:
    name: str
    cls: str
    text: str
    # First and last line number (1-based) of the hostile part in ``text``.
    lines: tuple[int, int] = (0, 0)


# Spellings inserted inside the base's own <ca> block (right after its opening line), not before it.
IN_CA = frozenset({"ca-fake-close", "ca-indented-close"})


def _insert(base: str, part: str, *, in_ca: bool = False) -> tuple[str, tuple[int, int]]:
    """``base`` with ``part`` (one or more lines) before its first inline block, or inside its
    ``<ca>`` block."""
    lines = base.split("\n")
    at = next((n for n, line in enumerate(lines) if line.startswith("<")), len(lines))
    if in_ca and "<ca>" in lines:
        at = lines.index("<ca>") + 1
    inserted = part.split("\n")
    return "\n".join([*lines[:at], *inserted, *lines[at:]]), (at + 1, at + len(inserted))


def _spellings(line: str) -> dict[str, str]:
    """The ways OpenVPN reads the same directive, each as the part to insert."""
    name, _, rest = line.partition(" ")
    args = f" {rest}" if rest else ""
    spelled = {
        "plain": line,
        "dashdash": f"--{line}",
        "dquoted": f'"{name}"{args}',
        "squoted": f"'{name}'{args}",
        "indent": f" \t {line}",
        "trailing-comment": f"{line} # looks like a comment",
        "setenv-opt": f"setenv opt {line}",
        "setenv-opt-quoted": f'setenv opt "{name}"{args}',
        "upper": f"{name.upper()}{args}",
        "title": f"{name.title()}{args}",
        "connection": f"<connection>\nremote 127.0.0.1 1 tcp\n{line}\n</connection>",
        "connection-indented": f"<connection>\n  remote 127.0.0.1 1 tcp\n\t{line}\n</connection>",
        "nul-after": f"{line}\x00",
        "nul-hides": f"verb 3 \x00{line}",
        # A block that ends early: OpenVPN 2.6 ends it at the first line starting (after white
        # space) with the closing tag, and reads on as directives.
        "fake-close": f"<extra-certs>\n-----BEGIN CERTIFICATE-----\n</extra-certs>\n{line}\n</extra-certs>",
        "indented-close": f"<extra-certs>\n-----BEGIN CERTIFICATE-----\n \t</extra-certs>\n{line}",
        "close-with-tail": f"<extra-certs>\n-----BEGIN CERTIFICATE-----\n</extra-certs> {line}",
        # Inside the profile's own <ca>: a fake end, the directive, and a new <ca> for the rest of
        # the real one (OpenVPN uses the last <ca>, so the server's CA still works).
        "ca-fake-close": f"-----BEGIN CERTIFICATE-----\n</ca>\n{line}\n<ca>",
        "ca-indented-close": f" \t</ca>\n{line}\n<ca>",
        # Over-long lines whose tail OpenVPN reads as a line of its own.
        "long-line": _padded_setenv(TOP_LEVEL_PIECE) + line,
        "long-line-connection": "<connection>\nremote 127.0.0.1 1 tcp\n"
        + _padded_connect_retry(CONNECTION_SKIP)
        + f"{line}\n</connection>",
        "multibyte-line-connection": "<connection>\nremote 127.0.0.1 1 tcp\n"
        + multibyte_pad(CONNECTION_SKIP)
        + f"{line}\n</connection>",
    }
    if rest:
        first, _, more = rest.partition(" ")
        spelled["escaped-space"] = f"{name} {first}\\ x{' ' + more if more else ''}"
        spelled["escaped-name"] = f"{name}\\ {rest}"  # one token "name args…": never a known name
    return spelled


def _padded_setenv(size: int) -> str:
    """``setenv UV_PAD "xx…"`` of exactly ``size`` bytes: a complete line, then the tail."""
    head = 'setenv UV_PAD "'
    return head + "x" * (size - len(head) - 1) + '"'


def _padded_connect_retry(size: int) -> str:
    head = "connect-retry 1"
    return head + " " * (size - len(head))


def multibyte_pad(size: int) -> str:
    """``connect-retry 1 #é…`` of exactly ``size`` UTF-8 bytes but far fewer characters (under 250):
    a character count sees a short line where OpenVPN sees a long one."""
    head = "connect-retry 1 #"
    wide = (size - len(head)) // 2 - 5
    tail = size - len(head) - 2 * wide
    pad = head + "é" * wide + "x" * tail
    assert len(pad.encode()) == size and len(pad) < 200
    return pad


def vectors(
    base: str = BASE,
    target: str = DEFAULT_TARGET,
    secret: str = DEFAULT_SECRET,
    proxy_port: int = DEFAULT_PROXY_PORT,
) -> list[Vector]:
    """Every vector, as a whole profile built on ``base``."""
    values = {"t": target, "s": secret, "p": proxy_port}
    found: list[Vector] = []
    for name, cls, template in DIRECTIVES:
        line = template.format(**values)
        for spelling, part in _spellings(line).items():
            text, span = _insert(base, part, in_ca=spelling in IN_CA)
            found.append(Vector(f"{name}/{spelling}", cls, text, span))
        crlf_text, span = _insert(base, line)
        found.append(Vector(f"{name}/crlf", cls, crlf_text.replace("\n", "\r\n"), span))
    for name, cls, block in BLOCKS:
        text, span = _insert(base, "\n".join(block).format(**values))
        found.append(Vector(name, cls, text, span))
    return found


VECTORS = vectors()
