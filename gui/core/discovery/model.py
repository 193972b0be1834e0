"""The discovery lists as frozen dataclasses, parsed leniently from the verified JSON.

A list is signed as a whole, yet one odd entry (an unknown ``server_type``, an ``http://`` base URL) must
not cost the user every other server: such entries are skipped and logged. Only a document without its
list at all is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from gui.core.discovery.errors import MalformedListError
from gui.core.language import localized

log = logging.getLogger(__name__)

SERVER_LIST = "server_list.json"
ORGANIZATION_LIST = "organization_list.json"

# Schemes a support contact may use; anything else (``http:``, ``javascript:``) is dropped.
CONTACT_SCHEMES = ("mailto:", "https:", "tel:")


class ServerType(StrEnum):
    INSTITUTE_ACCESS = "institute_access"
    SECURE_INTERNET = "secure_internet"


class LanguageMap(Mapping[str, str]):
    """An immutable, hashable ``{language tag: text}``, so the dataclasses holding it stay hashable."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, str]) -> None:
        self._items = dict(items)
        self._hash = hash(frozenset(self._items.items()))

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and self._items == dict(other)

    def __repr__(self) -> str:
        return f"LanguageMap({self._items!r})"


# A plain string, or one text per language (BCP-47 keys), as discovery writes display names and keywords.
Text = str | LanguageMap


@dataclass(frozen=True, slots=True)
class DiscoveryServer:
    server_type: ServerType
    base_url: str
    # Institute access only; a secure-internet server is named by its country.
    display_name: Text = ""
    # Secure internet only: ISO 3166-1 alpha-2, upper case.
    country_code: str | None = None
    support_contact: tuple[str, ...] = ()
    keyword_list: Text = ""
    public_key_list: tuple[str, ...] = ()
    authentication_url_template: str | None = None

    def name(self, languages: Iterable[str]) -> str:
        return localized(self.display_name, languages)


@dataclass(frozen=True, slots=True)
class Organization:
    org_id: str
    display_name: Text
    # Base URL of the secure-internet server that authorizes this organization's users.
    secure_internet_home: str
    keyword_list: Text = ""

    def name(self, languages: Iterable[str]) -> str:
        return localized(self.display_name, languages)


@dataclass(frozen=True, slots=True)
class ServerList:
    v: int = 0
    servers: tuple[DiscoveryServer, ...] = ()

    def find(self, base_url: str) -> DiscoveryServer | None:
        wanted = canonical_base_url(base_url)
        return next((s for s in self.servers if s.base_url == wanted), None)


@dataclass(frozen=True, slots=True)
class OrganizationList:
    v: int = 0
    organizations: tuple[Organization, ...] = ()

    def find(self, org_id: str) -> Organization | None:
        return next((o for o in self.organizations if o.org_id == org_id), None)


def canonical_base_url(url: str) -> str:
    """``https://host[:port]/path/``: lower-case host, trailing slash; ValueError unless https with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise ValueError(f"not an https:// URL: {url!r}")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port not in (None, 443) else ""
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"https://{host}{port}{path}"


def delisted(added_base_urls: Iterable[str], server_list: ServerList) -> frozenset[str]:
    """The added servers (given by base URL) that the server list no longer holds.

    The caller marks them (the user may still use or remove them); nothing is deleted here. An empty
    list (nothing verified yet) delists nothing, so a failed download never marks every server.
    """
    if not server_list.servers:
        return frozenset()
    listed = {s.base_url for s in server_list.servers}
    gone = set()
    for url in added_base_urls:
        try:
            canonical = canonical_base_url(url)
        except ValueError:
            continue  # not a discovery address at all (custom http test server): never listed
        if canonical not in listed:
            gone.add(url)
    return frozenset(gone)


# --- Parsing -----------------------------------------------------------------------------------------


def _text(value: Any) -> Text:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return LanguageMap({k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)})
    return ""


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _contacts(value: Any) -> tuple[str, ...]:
    return tuple(c for c in _strings(value) if c.lower().startswith(CONTACT_SCHEMES))


def _entries(document: Mapping[str, Any], key: str, file_name: str) -> Sequence[Any]:
    entries = document.get(key)
    if not isinstance(entries, list):
        raise MalformedListError(file=file_name, detail=f"“{key}” is missing or not a list")
    return entries


def _parse_server(entry: Any) -> DiscoveryServer:
    if not isinstance(entry, Mapping):
        raise ValueError("not an object")
    server_type = ServerType(str(entry.get("server_type")))
    country = entry.get("country_code")
    if server_type is ServerType.SECURE_INTERNET and not (
        isinstance(country, str) and len(country) == 2 and country.isascii() and country.isalpha()
    ):
        raise ValueError(f"bad country_code {country!r}")
    template = entry.get("authentication_url_template")
    if template is not None and not (isinstance(template, str) and template.startswith("https://")):
        template = None  # the WAYF skip is an optimisation; without it the normal login still works
    return DiscoveryServer(
        server_type=server_type,
        base_url=canonical_base_url(str(entry.get("base_url", ""))),
        display_name=_text(entry.get("display_name", "")),
        country_code=str(country).upper() if server_type is ServerType.SECURE_INTERNET else None,
        support_contact=_contacts(entry.get("support_contact")),
        keyword_list=_text(entry.get("keyword_list", "")),
        public_key_list=_strings(entry.get("public_key_list")),
        authentication_url_template=template,
    )


def _parse_organization(entry: Any) -> Organization:
    if not isinstance(entry, Mapping):
        raise ValueError("not an object")
    org_id = entry.get("org_id")
    if not isinstance(org_id, str) or not org_id:
        raise ValueError("no org_id")
    return Organization(
        org_id=org_id,
        display_name=_text(entry.get("display_name", "")) or org_id,
        secure_internet_home=canonical_base_url(str(entry.get("secure_internet_home", ""))),
        keyword_list=_text(entry.get("keyword_list", "")),
    )


def parse_server_list(document: Mapping[str, Any]) -> ServerList:
    servers = []
    for index, entry in enumerate(_entries(document, "server_list", SERVER_LIST)):
        try:
            servers.append(_parse_server(entry))
        except ValueError as err:
            log.warning("Skipping entry %d of %s: %s", index, SERVER_LIST, err)
    return ServerList(v=int(document["v"]), servers=tuple(servers))


def parse_organization_list(document: Mapping[str, Any]) -> OrganizationList:
    organizations = []
    for index, entry in enumerate(_entries(document, "organization_list", ORGANIZATION_LIST)):
        try:
            organizations.append(_parse_organization(entry))
        except ValueError as err:
            log.warning("Skipping entry %d of %s: %s", index, ORGANIZATION_LIST, err)
    return OrganizationList(v=int(document["v"]), organizations=tuple(organizations))
