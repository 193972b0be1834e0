"""The OpenVPN side's key material: an Ed25519 CA, a server certificate, per-connect client
certificates and a ``tls-crypt`` static key, all generated per server instance.

Real material, not placeholders, so a test can start a real ``openvpn`` server with it and a
client configuration from ``/connect`` connects. eduVPN 3.x servers use Ed25519 throughout.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_LIFETIME = dt.timedelta(days=5 * 365)
SERVER_COMMON_NAME = "vpn.demo.invalid"
# Backdating absorbs small clock differences between the server and the client.
BACKDATE = dt.timedelta(minutes=5)


def tls_crypt_key() -> str:
    """A 2048-bit OpenVPN static key in the format ``openvpn --genkey secret`` writes."""
    hex_key = secrets.token_bytes(256).hex()
    lines = [hex_key[i : i + 32] for i in range(0, len(hex_key), 32)]
    return "\n".join(
        [
            "#",
            "# 2048 bit OpenVPN static key",
            "#",
            "-----BEGIN OpenVPN Static key V1-----",
            *lines,
            "-----END OpenVPN Static key V1-----",
        ]
    )


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _key_pem(key: ed25519.Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass(frozen=True)
class ClientCertificate:
    """A client certificate and key as they go into ``<cert>`` and ``<key>``."""

    common_name: str
    serial: int
    not_after: dt.datetime
    cert_pem: str
    key_pem: str = field(repr=False)


class OpenVPNPKI:
    """The CA of one demo server: issues and revokes client certificates."""

    def __init__(self, now: dt.datetime) -> None:
        self._lock = threading.Lock()
        self._ca_key = ed25519.Ed25519PrivateKey.generate()
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sluis Demo VPN CA")])
        self._ca_name = ca_name
        ca_public = self._ca_key.public_key()
        self.ca_not_after = now + CA_LIFETIME
        self._ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(self.ca_not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_public), critical=False)
            .sign(self._ca_key, None)
        )
        server_key = ed25519.Ed25519PrivateKey.generate()
        self._server_cert = self._issue(
            server_key.public_key(),
            x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_COMMON_NAME)]),
            now,
            self.ca_not_after,
            ExtendedKeyUsageOID.SERVER_AUTH,
        )
        self.server_key_pem = _key_pem(server_key)
        self.tls_crypt_key = tls_crypt_key()
        self._revoked: dict[int, dt.datetime] = {}

    @property
    def ca_cert(self) -> x509.Certificate:
        return self._ca_cert

    @property
    def ca_pem(self) -> str:
        return _pem(self._ca_cert)

    @property
    def server_cert_pem(self) -> str:
        return _pem(self._server_cert)

    @property
    def server_common_name(self) -> str:
        return SERVER_COMMON_NAME

    def issue_client(self, *, profile_id: str, now: dt.datetime, not_after: dt.datetime) -> ClientCertificate:
        """A client certificate valid until the session ends (capped at the CA's own end)."""
        key = ed25519.Ed25519PrivateKey.generate()
        common_name = secrets.token_hex(16)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, profile_id),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            ]
        )
        not_after = min(not_after, self.ca_not_after)
        cert = self._issue(key.public_key(), subject, now, not_after, ExtendedKeyUsageOID.CLIENT_AUTH)
        return ClientCertificate(
            common_name=common_name,
            serial=cert.serial_number,
            not_after=not_after,
            cert_pem=_pem(cert),
            key_pem=_key_pem(key),
        )

    def revoke(self, serial: int, now: dt.datetime) -> None:
        with self._lock:
            self._revoked.setdefault(serial, now)

    @property
    def revoked_serials(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._revoked)

    def crl_pem(self, now: dt.datetime) -> str:
        """A CRL of every certificate released so far (for an ``openvpn --crl-verify`` server)."""
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self._ca_name)
            .last_update(now - BACKDATE)
            .next_update(now + dt.timedelta(days=1))
        )
        with self._lock:
            revoked = dict(self._revoked)
        for serial, when in revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
            )
        return builder.sign(self._ca_key, None).public_bytes(serialization.Encoding.PEM).decode()

    def _issue(
        self,
        public_key: ed25519.Ed25519PublicKey,
        subject: x509.Name,
        now: dt.datetime,
        not_after: dt.datetime,
        usage: x509.ObjectIdentifier,
    ) -> x509.Certificate:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self._ca_name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._ca_key.public_key()),
                critical=False,
            )
            .sign(self._ca_key, None)
        )
