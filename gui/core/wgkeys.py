"""WireGuard key pairs, made on the client so the private key never leaves the machine.

The observed server sends WireGuard configurations without a ``PrivateKey``: the client generates a
key pair, sends the public half with ``/connect`` and inserts the private half itself. Keys are the
standard base64 of 32 bytes, exactly what ``wg genkey | wg pubkey`` print.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from gui.core.errors import ConfigError

KEY_BYTES = 32
_KEY_CHARS = 44  # base64 of 32 bytes: 43 significant characters and one "=".


@dataclass(frozen=True)
class WireGuardKeyPair:
    """A Curve25519 key pair; the private key is kept out of ``repr`` so it cannot reach a log."""

    private_key: str = field(repr=False)
    public_key: str


def _decode_key(b64: str) -> bytes | None:
    """The 32 key bytes, or ``None`` unless ``b64`` is the one canonical spelling ``wg`` accepts."""
    if not isinstance(b64, str) or len(b64) != _KEY_CHARS or not b64.isascii():
        return None
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    # ``wg`` rejects a key whose unused low bits are set; re-encoding finds those.
    if len(raw) != KEY_BYTES or base64.b64encode(raw).decode("ascii") != b64:
        return None
    return raw


def is_valid_key(b64: str) -> bool:
    """Whether ``b64`` is a WireGuard key (private, public or preshared: all are 32 bytes)."""
    return _decode_key(b64) is not None


def _clamp(raw: bytes) -> bytes:
    """Curve25519 clamping, as ``wg genkey`` applies it, so our keys look like wg's own."""
    key = bytearray(raw)
    key[0] &= 248
    key[31] = (key[31] & 127) | 64
    return bytes(key)


def _public_from_raw(raw: bytes) -> str:
    # cryptography is imported when a key is made, not with this module: the configuration parsers
    # (which only check keys) load it, and the window's first frame and the CLI do not need it.
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    public = X25519PrivateKey.from_private_bytes(raw).public_key().public_bytes_raw()
    return base64.b64encode(public).decode("ascii")


def generate_keypair() -> WireGuardKeyPair:
    """A fresh key pair from the operating system's random source."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    raw = _clamp(X25519PrivateKey.generate().private_bytes_raw())
    return WireGuardKeyPair(
        private_key=base64.b64encode(raw).decode("ascii"), public_key=_public_from_raw(raw)
    )


def public_key_for(private_b64: str) -> str:
    """The public key belonging to ``private_b64`` (what ``wg pubkey`` prints).

    Raises ``ConfigError`` for anything that is not a WireGuard key; the message never repeats the key.
    """
    raw = _decode_key(private_b64)
    if raw is None:
        raise ConfigError(detail="the WireGuard private key is not a valid key")
    return _public_from_raw(raw)
