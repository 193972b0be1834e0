"""WireGuard key pairs: the keys a server accepts as ``public_key`` and wg-quick as ``PrivateKey``."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import ConfigError
from gui.core.wgkeys import WireGuardKeyPair, generate_keypair, is_valid_key, public_key_for

# The 2021 API draft's WireGuard sample holds this private key, and its X-Vpn-Connection-Id (the
# server identified connections by public key) is the matching public key.
DRAFT_PRIVATE = "+BaCmdzp/55FXY3XrZ2jGL6E1ihHM0vwJiD6XyHKPk4="
DRAFT_PUBLIC = "KgW+5T/6dwH24VYmOVvvlYLOTjWXijWzm+RXKjKdrGU="


def _b64(hex_bytes: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_bytes)).decode()


def test_public_key_matches_the_api_drafts_sample() -> None:
    assert public_key_for(DRAFT_PRIVATE) == DRAFT_PUBLIC


def test_public_key_matches_rfc7748_test_vector() -> None:
    alice_private = _b64("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    alice_public = _b64("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    assert public_key_for(alice_private) == alice_public


def test_generated_pair_is_consistent_clamped_and_fresh() -> None:
    pairs = [generate_keypair() for _ in range(5)]
    assert len({p.private_key for p in pairs}) == 5
    for pair in pairs:
        assert is_valid_key(pair.private_key)
        assert is_valid_key(pair.public_key)
        assert public_key_for(pair.private_key) == pair.public_key
        raw = base64.b64decode(pair.private_key)
        # The form `wg genkey` prints: low three bits clear, top bit clear, second-highest set.
        assert raw[0] & 7 == 0
        assert raw[31] & 0x80 == 0
        assert raw[31] & 0x40


def test_repr_never_shows_the_private_key() -> None:
    pair = generate_keypair()
    assert pair.private_key not in repr(pair)
    assert pair.public_key in repr(pair)
    assert pair.private_key not in str(WireGuardKeyPair(pair.private_key, pair.public_key))


@pytest.mark.parametrize(
    "candidate",
    [
        "",
        "abc",
        DRAFT_PUBLIC[:-1],  # no padding
        DRAFT_PUBLIC + "=",  # too long
        DRAFT_PUBLIC.replace("=", "A"),  # 33 bytes worth of characters
        "KgW+5T/6dwH24VYmOVvvlYLOTjWXijWzm+RXKjKdrGV=",  # low bits set: not canonical, wg refuses it
        "KgW-5T_6dwH24VYmOVvvlYLOTjWXijWzm-RXKjKdrGU=",  # URL-safe alphabet
        " " + DRAFT_PUBLIC[1:],
        base64.b64encode(bytes(31)).decode() + "A",  # 31 bytes padded out to 44 characters
        "ＫgW+5T/6dwH24VYmOVvvlYLOTjWXijWzm+RXKjKdrGU=",  # a full-width letter
    ],
)
def test_invalid_keys_are_rejected(candidate: str) -> None:
    assert not is_valid_key(candidate)
    with pytest.raises(ConfigError) as caught:
        public_key_for(candidate)
    if len(candidate) > 3:
        assert candidate not in str(caught.value)


@given(st.binary(min_size=32, max_size=32))
def test_every_32_byte_value_is_a_valid_key(raw: bytes) -> None:
    key = base64.b64encode(raw).decode()
    assert is_valid_key(key)
    assert is_valid_key(public_key_for(key))


@given(st.text(max_size=60))
def test_is_valid_key_never_raises(candidate: str) -> None:
    raw = _decode(candidate) if candidate.isascii() else b""
    assert is_valid_key(candidate) == (len(raw) == 32 and base64.b64encode(raw).decode() == candidate)


def _decode(candidate: str) -> bytes:
    try:
        return base64.b64decode(candidate, validate=True)
    except ValueError:
        return b""
