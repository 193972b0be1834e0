"""eduVPN server discovery: signed lists, verification, cache, search and Secure Internet helpers.

Qt-free. The app holds one DiscoveryStore; the UI reads its lists, its ``notice`` and its search index.

The names are loaded on first use (PEP 562): the window imports the search and the Secure Internet
helpers at start, but the download and verification stack (httpx2, minisign) only when discovery
actually runs, after the first paint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gui.core.discovery.errors import (
        BadSignatureError,
        DiscoveryError,
        DiscoveryFetchError,
        DiscoveryHttpStatusError,
        DiscoveryInsecureUrlError,
        DiscoverySettingsError,
        DiscoveryTimeoutError,
        DiscoveryTooLargeError,
        LegacySignatureError,
        MalformedListError,
        MalformedSignatureError,
        RollbackError,
        SignatureError,
        UntrustedKeyError,
        WrongFileSignatureError,
    )
    from gui.core.discovery.minisig import VerifiedFile, verify
    from gui.core.discovery.model import (
        ORGANIZATION_LIST,
        SERVER_LIST,
        DiscoveryServer,
        LanguageMap,
        Organization,
        OrganizationList,
        ServerList,
        ServerType,
        canonical_base_url,
        delisted,
        parse_organization_list,
        parse_server_list,
    )
    from gui.core.discovery.search import ResultKind, SearchIndex, SearchResult, address_from_query, fold
    from gui.core.discovery.secure_internet import (
        Location,
        country_name,
        flag,
        home_server,
        locations,
        wayf_url,
    )
    from gui.core.discovery.settings import DEFAULT_BASE_URL, PRODUCTION_KEYS, DiscoverySettings, from_env
    from gui.core.discovery.store import REFRESH_INTERVAL, DiscoveryStore

_WHERE: dict[str, str] = {
    "BadSignatureError": "gui.core.discovery.errors",
    "DEFAULT_BASE_URL": "gui.core.discovery.settings",
    "DiscoveryError": "gui.core.discovery.errors",
    "DiscoveryFetchError": "gui.core.discovery.errors",
    "DiscoveryHttpStatusError": "gui.core.discovery.errors",
    "DiscoveryInsecureUrlError": "gui.core.discovery.errors",
    "DiscoveryServer": "gui.core.discovery.model",
    "DiscoverySettings": "gui.core.discovery.settings",
    "DiscoverySettingsError": "gui.core.discovery.errors",
    "DiscoveryStore": "gui.core.discovery.store",
    "DiscoveryTimeoutError": "gui.core.discovery.errors",
    "DiscoveryTooLargeError": "gui.core.discovery.errors",
    "LanguageMap": "gui.core.discovery.model",
    "LegacySignatureError": "gui.core.discovery.errors",
    "Location": "gui.core.discovery.secure_internet",
    "MalformedListError": "gui.core.discovery.errors",
    "MalformedSignatureError": "gui.core.discovery.errors",
    "ORGANIZATION_LIST": "gui.core.discovery.model",
    "Organization": "gui.core.discovery.model",
    "OrganizationList": "gui.core.discovery.model",
    "PRODUCTION_KEYS": "gui.core.discovery.settings",
    "REFRESH_INTERVAL": "gui.core.discovery.store",
    "ResultKind": "gui.core.discovery.search",
    "RollbackError": "gui.core.discovery.errors",
    "SERVER_LIST": "gui.core.discovery.model",
    "SearchIndex": "gui.core.discovery.search",
    "SearchResult": "gui.core.discovery.search",
    "ServerList": "gui.core.discovery.model",
    "ServerType": "gui.core.discovery.model",
    "SignatureError": "gui.core.discovery.errors",
    "UntrustedKeyError": "gui.core.discovery.errors",
    "VerifiedFile": "gui.core.discovery.minisig",
    "WrongFileSignatureError": "gui.core.discovery.errors",
    "address_from_query": "gui.core.discovery.search",
    "canonical_base_url": "gui.core.discovery.model",
    "country_name": "gui.core.discovery.secure_internet",
    "delisted": "gui.core.discovery.model",
    "flag": "gui.core.discovery.secure_internet",
    "fold": "gui.core.discovery.search",
    "from_env": "gui.core.discovery.settings",
    "home_server": "gui.core.discovery.secure_internet",
    "locations": "gui.core.discovery.secure_internet",
    "parse_organization_list": "gui.core.discovery.model",
    "parse_server_list": "gui.core.discovery.model",
    "verify": "gui.core.discovery.minisig",
    "wayf_url": "gui.core.discovery.secure_internet",
}

__all__ = [
    "DEFAULT_BASE_URL",
    "ORGANIZATION_LIST",
    "PRODUCTION_KEYS",
    "REFRESH_INTERVAL",
    "SERVER_LIST",
    "BadSignatureError",
    "DiscoveryError",
    "DiscoveryFetchError",
    "DiscoveryHttpStatusError",
    "DiscoveryInsecureUrlError",
    "DiscoveryServer",
    "DiscoverySettings",
    "DiscoverySettingsError",
    "DiscoveryStore",
    "DiscoveryTimeoutError",
    "DiscoveryTooLargeError",
    "LanguageMap",
    "LegacySignatureError",
    "Location",
    "MalformedListError",
    "MalformedSignatureError",
    "Organization",
    "OrganizationList",
    "ResultKind",
    "RollbackError",
    "SearchIndex",
    "SearchResult",
    "ServerList",
    "ServerType",
    "SignatureError",
    "UntrustedKeyError",
    "VerifiedFile",
    "WrongFileSignatureError",
    "address_from_query",
    "canonical_base_url",
    "country_name",
    "delisted",
    "flag",
    "fold",
    "from_env",
    "home_server",
    "locations",
    "parse_organization_list",
    "parse_server_list",
    "verify",
    "wayf_url",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
