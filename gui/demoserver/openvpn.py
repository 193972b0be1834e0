"""The OpenVPN client configuration, laid out as eduVPN 3.x servers write it."""

from __future__ import annotations

from gui.demoserver.pki import ClientCertificate


def order_remotes(remotes: tuple[str, ...], *, transports: frozenset[str], prefer_tcp: bool) -> list[str]:
    """The ``remote`` lines a profile offers, TCP first when the client prefers TCP.

    The sort is stable, so the server's own order holds within each transport.
    """
    offered = [r for r in remotes if r.split()[2] in transports]
    if prefer_tcp:
        offered.sort(key=lambda r: r.split()[2] != "tcp")
    return offered


def render_client_config(
    *,
    header: list[str],
    ca_pem: str,
    certificate: ClientCertificate,
    tls_crypt_key: str,
    remotes: list[str],
) -> str:
    lines = [
        *header,
        "dev tun",
        "client",
        "nobind",
        "remote-cert-tls server",
        "verb 3",
        "server-poll-timeout 10",
        "tls-version-min 1.3",
        "data-ciphers AES-256-GCM:CHACHA20-POLY1305",
        "reneg-sec 0",
        "<ca>",
        ca_pem.strip(),
        "</ca>",
        "<cert>",
        certificate.cert_pem.strip(),
        "</cert>",
        "<key>",
        certificate.key_pem.strip(),
        "</key>",
        "<tls-crypt>",
        tls_crypt_key.strip(),
        "</tls-crypt>",
        *(f"remote {remote}" for remote in remotes),
    ]
    return "\n".join(lines) + "\n"
