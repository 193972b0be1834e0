"""The ``/info`` response: which VPN profiles the user may connect to, and with what.

Lenient where the API may grow (unknown protocols and transports are skipped, so a newer server
still works) and strict where a wrong value would mislead (a ``default_gateway`` that is not a
boolean, two profiles with one id). A profile with no protocol Sluis knows is kept, with an empty
protocol set, so the UI can show it as unusable instead of hiding it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gui.core.errors import ServerResponseError
from gui.core.jsondoc import load_json
from gui.core.language import LocalizedText, localized
from gui.core.protocols import LEGACY_PROTOCOLS, TRANSPORTS, Protocol

_TCP_TRANSPORTS = frozenset({"openvpn+tcp", "wireguard+tcp"})
_MAX_ID_CHARS = 256
_MAX_NAME_CHARS = 512
# One label of a DNS name as a resolver accepts it: letters, digits, "-" and "_".
_DNS_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?", re.ASCII)


def dns_name(text: str) -> str | None:
    """``text`` as a resolver takes a DNS name (dot-separated labels, at most 253 characters),
    lower-cased and without a final dot; ``None`` when it is not one. The user side's one check for
    names that end up in the resolver (the root helper checks them again on its own side)."""
    name = text.removesuffix(".")
    if not name or len(name) > 253 or not all(_DNS_LABEL.fullmatch(label) for label in name.split(".")):
        return None
    return name.lower()


@dataclass(frozen=True)
class Profile:
    """One VPN profile of a server.

    ``display_name`` is a plain string or, for a name in several languages, a tuple of
    ``(BCP-47 tag, text)`` pairs in the server's order (a tuple keeps the profile hashable).
    ``transports`` is filled only when the server sends ``vpn_proto_transport_list``.
    """

    profile_id: str
    display_name: str | tuple[tuple[str, str], ...]
    protocols: frozenset[Protocol]
    transports: frozenset[str]
    default_gateway: bool = True
    dns_search_domains: tuple[str, ...] = ()

    @property
    def localized_names(self) -> LocalizedText:
        """The display name in the shape ``gui.core.language`` takes (a string or a mapping)."""
        if isinstance(self.display_name, str):
            return self.display_name
        return dict(self.display_name)

    def name(self, languages: Iterable[str]) -> str:
        """The name to show for the user's languages (in order of preference); never empty."""
        return localized(self.localized_names, languages) or self.profile_id

    @property
    def supports_tcp(self) -> bool:
        """Whether the server says this profile can carry the VPN over TCP (for UDP-blocking networks)."""
        return bool(self.transports & _TCP_TRANSPORTS)

    @property
    def usable(self) -> bool:
        """Whether the profile offers at least one protocol Sluis knows."""
        return bool(self.protocols)


def _display_text(value: str) -> str:
    """Server text made safe to show: no control characters, no unpaired surrogates, bounded length."""
    value = value.encode("utf-8", "replace").decode("utf-8")
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value)
    return " ".join(cleaned.split())[:_MAX_NAME_CHARS]


def _string_list(value: object, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ServerResponseError(detail=f"“{key}” of {where} is not a list of strings")
    return value


def _profile_id(raw: Mapping[str, Any], index: int) -> str:
    profile_id = raw.get("profile_id")
    if not isinstance(profile_id, str) or not profile_id:
        raise ServerResponseError(detail=f"profile {index + 1} of the profile list has no “profile_id”")
    if len(profile_id) > _MAX_ID_CHARS or not profile_id.isprintable() or profile_id != profile_id.strip():
        raise ServerResponseError(
            detail=f"profile {index + 1} of the profile list has an invalid “profile_id”"
        )
    return profile_id


def _display_name(raw: Mapping[str, Any], where: str, fallback: str) -> str | tuple[tuple[str, str], ...]:
    name = raw.get("display_name")
    if name is None:
        return fallback  # "always set" per the API, but a missing name is no reason to hide the profile
    if isinstance(name, str):
        return _display_text(name) or fallback
    if isinstance(name, dict):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in name.items()):
            raise ServerResponseError(detail=f"“display_name” of {where} has a non-text entry")
        pairs = tuple((_display_text(k), _display_text(v)) for k, v in name.items())
        return tuple((k, v) for k, v in pairs if v) or fallback
    raise ServerResponseError(detail=f"“display_name” of {where} is neither text nor an object")


def _protocols(raw: Mapping[str, Any], where: str) -> tuple[frozenset[Protocol], frozenset[str]]:
    transport_list = raw.get("vpn_proto_transport_list")
    if transport_list is not None:
        # The API: "The VPN client SHOULD ignore vpn_proto_list when vpn_proto_transport_list is set."
        listed = _string_list(transport_list, "vpn_proto_transport_list", where)
        known = {t for t in listed if t in TRANSPORTS}
        return frozenset(TRANSPORTS[t] for t in known), frozenset(known)
    legacy = raw.get("vpn_proto_list")
    if legacy is None:
        return frozenset(), frozenset()
    names = _string_list(legacy, "vpn_proto_list", where)
    return frozenset(LEGACY_PROTOCOLS[p] for p in names if p in LEGACY_PROTOCOLS), frozenset()


def _search_domains(raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
    value = raw.get("dns_search_domain_list")
    if value is None:
        return ()
    domains = _string_list(value, "dns_search_domain_list", where)
    # An entry no resolver would take is skipped rather than failing the whole profile list.
    return tuple(dict.fromkeys(d for d in domains if dns_name(d) is not None))


def _parse_profile(raw: object, index: int) -> Profile:
    if not isinstance(raw, dict):
        raise ServerResponseError(detail=f"profile {index + 1} of the profile list is not an object")
    profile_id = _profile_id(raw, index)
    where = f"profile “{profile_id}”"
    default_gateway = raw.get("default_gateway", True)
    if default_gateway is None:
        default_gateway = True
    if not isinstance(default_gateway, bool):
        raise ServerResponseError(detail=f"“default_gateway” of {where} is not true or false")
    protocols, transports = _protocols(raw, where)
    return Profile(
        profile_id=profile_id,
        display_name=_display_name(raw, where, profile_id),
        protocols=protocols,
        transports=transports,
        default_gateway=default_gateway,
        dns_search_domains=_search_domains(raw, where),
    )


def parse_info(body: bytes) -> list[Profile]:
    """The profiles of an ``/info`` response, in the server's order.

    Raises ``ServerResponseError`` when the body is not the documented JSON or two profiles share an id.
    """
    doc = load_json(body, "profile list (/info)")
    info = doc.get("info") if isinstance(doc, dict) else None
    if not isinstance(info, dict):
        raise ServerResponseError(detail="the profile list (/info) has no “info” object")
    profile_list = info.get("profile_list")
    if not isinstance(profile_list, list):
        raise ServerResponseError(detail="the profile list (/info) has no “profile_list” list")
    profiles = [_parse_profile(raw, index) for index, raw in enumerate(profile_list)]
    seen: set[str] = set()
    for profile in profiles:
        if profile.profile_id in seen:
            raise ServerResponseError(
                detail=f"the profile list (/info) has two profiles with the id “{profile.profile_id}”"
            )
        seen.add(profile.profile_id)
    return profiles
