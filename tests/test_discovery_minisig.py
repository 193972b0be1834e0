"""Verification of signed discovery files: the real production-signed lists and each way to break one."""

from __future__ import annotations

import json
import time

import minisign
import pytest

from gui.core.discovery import (
    ORGANIZATION_LIST,
    PRODUCTION_KEYS,
    SERVER_LIST,
    BadSignatureError,
    DiscoveryError,
    LegacySignatureError,
    MalformedListError,
    MalformedSignatureError,
    RollbackError,
    UntrustedKeyError,
    WrongFileSignatureError,
    verify,
)
from gui.core.errors import SluisError
from tests.support.signed_lists import list_dir

OLD, NEW = "2021-03", "2022-12"


def real(period: str, name: str) -> tuple[bytes, bytes]:
    directory = list_dir(period)
    return (directory / name).read_bytes(), (directory / (name + ".minisig")).read_bytes()


def sign(
    keypair: minisign.KeyPair,
    data: bytes,
    file_name: str,
    *,
    prehash: bool = True,
    trusted_comment: str | None = None,
) -> bytes:
    comment = trusted_comment or f"timestamp:{int(time.time())}\tfile:{file_name}"
    signature = keypair.secret_key.sign(data, prehash=prehash, trusted_comment=comment)
    return bytes(signature) + b"\n"


def public(keypair: minisign.KeyPair) -> str:
    return str(keypair.public_key.to_base64().decode())


@pytest.fixture(scope="module")
def keypair() -> minisign.KeyPair:
    return minisign.KeyPair.generate()


@pytest.mark.parametrize("directory", [OLD, NEW])
@pytest.mark.parametrize("name", [SERVER_LIST, ORGANIZATION_LIST])
def test_real_lists_verify_with_the_production_key(directory: str, name: str) -> None:
    data, signature = real(directory, name)
    verified = verify(data, signature, name, PRODUCTION_KEYS)
    assert verified.v == json.loads(data)["v"]
    assert verified.file_name == name
    assert verified.signed_at is not None
    assert verified.signed_at >= verified.v
    assert not verified.prehashed  # eduVPN signed these lists with legacy signatures
    assert verified.document[name.removesuffix(".json")]


def test_the_key_is_chosen_by_key_id_among_several(keypair: minisign.KeyPair) -> None:
    data, signature = real(NEW, SERVER_LIST)
    # The signing key last, after a stranger and the second production key.
    keys = (public(keypair), PRODUCTION_KEYS[1], PRODUCTION_KEYS[0])
    assert verify(data, signature, SERVER_LIST, keys).v == 1671801755


def test_one_changed_byte_is_rejected() -> None:
    data, signature = real(NEW, SERVER_LIST)
    tampered = data.replace(b"https://eduvpn.rash.al/", b"https://eduvpn.rash.am/", 1)
    assert len(tampered) == len(data)
    assert tampered != data
    with pytest.raises(BadSignatureError) as caught:
        verify(tampered, signature, SERVER_LIST, PRODUCTION_KEYS)
    assert "server_list.json" in str(caught.value)


def test_a_changed_trusted_comment_fails_the_global_signature() -> None:
    data, signature = real(NEW, ORGANIZATION_LIST)
    forged = signature.replace(b"timestamp:1671802053", b"timestamp:1771802053")
    with pytest.raises(BadSignatureError):
        verify(data, forged, ORGANIZATION_LIST, PRODUCTION_KEYS)


def test_a_signature_by_another_key_is_rejected_naming_its_key_id(keypair: minisign.KeyPair) -> None:
    data, _ = real(NEW, SERVER_LIST)
    with pytest.raises(UntrustedKeyError) as caught:
        verify(data, sign(keypair, data, SERVER_LIST), SERVER_LIST, PRODUCTION_KEYS)
    key_id = caught.value.params["key_id"]
    assert len(key_id) == 16
    assert key_id in str(caught.value)


def test_the_organization_list_served_as_server_list_is_rejected() -> None:
    data, signature = real(NEW, ORGANIZATION_LIST)
    with pytest.raises(WrongFileSignatureError) as caught:
        verify(data, signature, SERVER_LIST, PRODUCTION_KEYS)
    assert caught.value.params == {"file": SERVER_LIST, "signed_file": ORGANIZATION_LIST}


def test_a_trusted_comment_without_file_is_rejected(keypair: minisign.KeyPair) -> None:
    data = b'{"v": 1, "server_list": []}'
    signature = sign(keypair, data, SERVER_LIST, trusted_comment="timestamp:1700000000")
    with pytest.raises(WrongFileSignatureError):
        verify(data, signature, SERVER_LIST, [public(keypair)])


def test_legacy_signatures_are_refused_when_prehashed_is_required(keypair: minisign.KeyPair) -> None:
    data, signature = real(NEW, SERVER_LIST)
    with pytest.raises(LegacySignatureError):
        verify(data, signature, SERVER_LIST, PRODUCTION_KEYS, require_prehashed=True)
    own = b'{"v": 5, "server_list": []}'
    legacy = sign(keypair, own, SERVER_LIST, prehash=False)
    with pytest.raises(LegacySignatureError):
        verify(own, legacy, SERVER_LIST, [public(keypair)], require_prehashed=True)
    assert not verify(own, legacy, SERVER_LIST, [public(keypair)]).prehashed


def test_prehashed_signatures_verify_and_satisfy_the_requirement(keypair: minisign.KeyPair) -> None:
    data = json.dumps({"v": 7, "organization_list": []}).encode()
    signature = sign(
        keypair, data, ORGANIZATION_LIST, trusted_comment=f"timestamp:1\tfile:{ORGANIZATION_LIST}\thashed"
    )
    verified = verify(data, signature, ORGANIZATION_LIST, [public(keypair)], require_prehashed=True)
    assert (verified.v, verified.prehashed, verified.signed_at) == (7, True, 1)
    with pytest.raises(BadSignatureError):
        verify(data + b" ", signature, ORGANIZATION_LIST, [public(keypair)], require_prehashed=True)


def _garbage_signatures() -> dict[str, bytes]:
    _, good = real(NEW, SERVER_LIST)
    lines = good.splitlines()
    return {
        "empty": b"",
        "two lines": b"\n".join(lines[:2]),
        "truncated global signature": b"\n".join([*lines[:3], lines[3][:40]]),
        "truncated signature line": b"\n".join([lines[0], lines[1][:50], *lines[2:]]),
        "not base64": b"\n".join([lines[0], b"!!!not-base64!!!", *lines[2:]]),
        "html error page": b"<html><body>502 Bad Gateway</body></html>",
        "binary": bytes(range(256)),
        "unknown algorithm": b"\n".join(
            [lines[0], b"WF" + lines[1][2:], *lines[2:]]  # base64 of "X…" instead of "Ed"
        ),
    }


@pytest.mark.parametrize("name", list(_garbage_signatures()))
def test_truncated_or_garbage_signatures_are_rejected(name: str) -> None:
    data, _ = real(NEW, SERVER_LIST)
    with pytest.raises(MalformedSignatureError) as caught:
        verify(data, _garbage_signatures()[name], SERVER_LIST, PRODUCTION_KEYS)
    assert caught.value.params["file"] == SERVER_LIST
    assert "server_list.json" in str(caught.value)


def test_a_signature_file_with_crlf_line_ends_still_verifies() -> None:
    data, signature = real(NEW, SERVER_LIST)
    assert verify(data, signature.replace(b"\n", b"\r\n"), SERVER_LIST, PRODUCTION_KEYS).v == 1671801755


@pytest.mark.parametrize("name", [SERVER_LIST, ORGANIZATION_LIST])
def test_an_older_v_after_a_newer_one_is_rejected(name: str) -> None:
    newer = verify(*real(NEW, name), name, PRODUCTION_KEYS)
    with pytest.raises(RollbackError) as caught:
        verify(*real(OLD, name), name, PRODUCTION_KEYS, previous_v=newer.v)
    assert caught.value.params == {"file": name, "v": 1615554034, "previous_v": 1671801755}
    # The same version again is fine (unchanged), a newer one too.
    assert verify(*real(NEW, name), name, PRODUCTION_KEYS, previous_v=newer.v).v == newer.v
    assert verify(*real(NEW, name), name, PRODUCTION_KEYS, previous_v=1615554034).v == newer.v


@pytest.mark.parametrize(
    "document",
    [b"not json", b"[1, 2]", b'{"server_list": []}', b'{"v": "12", "server_list": []}', b'{"v": true}'],
)
def test_a_signed_document_that_is_not_a_list_is_rejected(keypair: minisign.KeyPair, document: bytes) -> None:
    with pytest.raises(MalformedListError):
        verify(document, sign(keypair, document, SERVER_LIST), SERVER_LIST, [public(keypair)])


def test_every_rejection_is_a_user_facing_error_with_a_translatable_template() -> None:
    classes = [
        BadSignatureError,
        LegacySignatureError,
        MalformedListError,
        MalformedSignatureError,
        RollbackError,
        UntrustedKeyError,
        WrongFileSignatureError,
    ]
    templates = {cls.template for cls in classes}
    assert len(templates) == len(classes)  # each says something of its own
    for cls in classes:
        assert issubclass(cls, DiscoveryError)
        assert issubclass(cls, SluisError)
        assert "{file}" in cls.template
