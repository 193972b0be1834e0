"""Signed discovery lists that point at the demo server, so the search → add → login path runs
end to end without the real eduVPN discovery service.

They are signed with a key made for the run (py-minisign, prehashed, with the trusted comment
``timestamp:…\\tfile:…`` the real lists carry); a client trusts it through ``SLUIS_DISCOVERY_KEYS``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import minisign

SERVER_LIST = "server_list.json"
ORGANIZATION_LIST = "organization_list.json"
PATH = "/discovery/"
DEMO_ORG_ID = "https://idp.sluis-demo.invalid/saml"


def _sign(secret_key: minisign.SecretKey, data: bytes, file_name: str, timestamp: int) -> bytes:
    comment = f"timestamp:{timestamp}\tfile:{file_name}"
    return bytes(secret_key.sign(data, prehash=True, trusted_comment=comment)) + b"\n"


def lists_for(base_url: str, *, v: int, locations: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """An institute-access entry and a secure-internet home for one organization, both the demo;
    ``locations`` adds secure-internet servers (country code → base URL)."""
    base = base_url.rstrip("/") + "/"
    contact = ["mailto:helpdesk@sluis-demo.invalid", "https://sluis-demo.invalid/help"]
    servers = [
        {
            "server_type": "institute_access",
            "base_url": base,
            "display_name": {
                "en": "Sluis Demo University",
                "nl": "Sluis Demo Universiteit",
                "de": "Sluis-Demo-Universität",
            },
            "keyword_list": "sluis demo lock",
            "support_contact": contact,
        },
        {
            "server_type": "secure_internet",
            "base_url": base,
            "country_code": "NL",
            "support_contact": contact,
            "public_key_list": [],
        },
        *(
            {"server_type": "secure_internet", "base_url": url, "country_code": code, "public_key_list": []}
            for code, url in (locations or {}).items()
        ),
    ]
    organizations = [
        {
            "display_name": {"en": "Sluis Demo Organization", "nl": "Sluis Demo-organisatie"},
            "org_id": DEMO_ORG_ID,
            "secure_internet_home": base,
            "keyword_list": {"en": "demo sluis", "nl": "demo sluis"},
        }
    ]
    return {
        SERVER_LIST: {"v": v, "server_list": servers},
        ORGANIZATION_LIST: {"v": v, "organization_list": organizations},
    }


def signed_files(
    base_url: str,
    secret_key: minisign.SecretKey,
    *,
    v: int | None = None,
    locations: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """``{file name: bytes}`` for both lists and their ``.minisig`` files."""
    now = int(time.time())
    files: dict[str, bytes] = {}
    for name, document in lists_for(base_url, v=now if v is None else v, locations=locations).items():
        data = json.dumps(document, indent=1, ensure_ascii=False).encode()
        files[name] = data
        files[name + ".minisig"] = _sign(secret_key, data, name, now)
    return files


def new_keypair() -> tuple[minisign.SecretKey, str]:
    """A signing key for one run and its public key in the form ``SLUIS_DISCOVERY_KEYS`` takes."""
    pair = minisign.KeyPair.generate()
    return pair.secret_key, pair.public_key.to_base64().decode()
