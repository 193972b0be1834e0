"""Verification of a signed discovery file: minisign plus the eduVPN rules minisign knows nothing about.

py-minisign parses the ``.minisig`` and checks both Ed25519 signatures (over the file, legacy or
BLAKE2b-prehashed, and the global one over signature + trusted comment). What is written here is what it
lacks: choosing among several trusted keys by the key id in the signature (its ``verify`` only compares
one key's id), requiring prehashed signatures, the ``file:`` field of the trusted comment (a valid
signature for the organization list must not pass for the server list), and ``v`` rollback protection.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import minisign

from gui.core.discovery.errors import (
    BadSignatureError,
    LegacySignatureError,
    MalformedListError,
    MalformedSignatureError,
    RollbackError,
    UntrustedKeyError,
    WrongFileSignatureError,
)

# Algorithm (2 bytes) then key id (8 bytes) open both a public key and a signature's second line.
_KEY_ID = slice(2, 10)


@dataclass(frozen=True, slots=True)
class VerifiedFile:
    """A discovery document whose signature, file name and version have all been checked."""

    file_name: str
    v: int
    document: Mapping[str, Any]
    # ``timestamp:`` of the trusted comment (Unix time of signing), None when absent.
    signed_at: int | None
    prehashed: bool


@functools.lru_cache(maxsize=32)
def _public_key(key: str) -> tuple[bytes, Any]:
    pk = minisign.PublicKey.from_base64(key)
    return base64.b64decode(pk.to_base64())[_KEY_ID], pk


def _display_id(raw: bytes) -> str:
    """A key id as minisign prints it: the little-endian number in upper-case hex."""
    return raw[::-1].hex().upper()


def _parse_signature(sig_text: str | bytes, file_name: str) -> Any:
    raw = sig_text.encode() if isinstance(sig_text, str) else sig_text
    # A trailing newline (or a stray CR from a mirror) is no reason to refuse; minisign counts lines.
    lines = raw.replace(b"\r\n", b"\n").strip(b"\n").split(b"\n")
    try:
        return minisign.Signature.from_bytes(b"\n".join(lines))
    except (minisign.Error, ValueError) as err:
        raise MalformedSignatureError(file=file_name, detail=str(err)) from err


def _trusted_fields(comment: str) -> dict[str, str]:
    """``timestamp:1671802053\\tfile:server_list.json\\thashed`` -> ``{"timestamp": …, "file": …}``."""
    fields: dict[str, str] = {}
    for part in comment.split("\t"):
        name, sep, value = part.partition(":")
        if sep:
            fields.setdefault(name.strip(), value.strip())
    return fields


def verify(
    data: bytes,
    sig_text: str | bytes,
    file_name: str,
    keys: Iterable[str],
    *,
    require_prehashed: bool = False,
    previous_v: int | None = None,
) -> VerifiedFile:
    """Check ``data`` against ``sig_text`` and the rules; return the parsed document or raise.

    ``previous_v`` is the version of the copy already trusted (cache or bundled): a lower ``v`` raises
    RollbackError; an equal one is accepted (the caller sees it is unchanged).
    """
    signature = _parse_signature(sig_text, file_name)
    if require_prehashed and not signature.is_prehashed():
        raise LegacySignatureError(file=file_name)
    signed_by = base64.b64decode(bytes(signature).split(b"\n")[1])[_KEY_ID]
    candidates = [pk for kid, pk in map(_public_key, keys) if kid == signed_by]
    if not candidates:
        raise UntrustedKeyError(file=file_name, key_id=_display_id(signed_by))
    failure: minisign.VerifyError | None = None
    for public_key in candidates:  # more than one only if two trusted keys share an id
        try:
            public_key.verify(data, signature)
        except minisign.VerifyError as err:
            failure = err
        else:
            break
    else:
        raise BadSignatureError(file=file_name, detail=str(failure)) from failure
    fields = _trusted_fields(signature.trusted_comment)
    signed_file = fields.get("file", "")
    if signed_file != file_name:
        raise WrongFileSignatureError(file=file_name, signed_file=signed_file or "(no file name)")
    document = _parse_document(data, file_name)
    v = document["v"]
    if previous_v is not None and v < previous_v:
        raise RollbackError(file=file_name, v=v, previous_v=previous_v)
    timestamp = fields.get("timestamp", "")
    return VerifiedFile(
        file_name=file_name,
        v=v,
        document=document,
        signed_at=int(timestamp) if timestamp.isdigit() else None,
        prehashed=bool(signature.is_prehashed()),
    )


def _parse_document(data: bytes, file_name: str) -> dict[str, Any]:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise MalformedListError(file=file_name, detail=f"not JSON ({err})") from err
    if not isinstance(document, dict):
        raise MalformedListError(file=file_name, detail="not a JSON object")
    v = document.get("v")
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise MalformedListError(file=file_name, detail="no version number “v”")
    return document
