"""Where discovery is fetched from and which keys may sign it, with the overrides for own mirrors.

An organisation that runs its own discovery mirror (or a test setup) points Sluis at it with
``SLUIS_DISCOVERY_URL`` and names the keys it signs with in ``SLUIS_DISCOVERY_KEYS``. The keys *replace*
the built-in ones: a mirror's operator would not want eduVPN's production key to override their own
lists, and a test must not silently pass on the production key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import minisign

from gui.core.discovery.errors import DiscoverySettingsError

DEFAULT_BASE_URL = "https://disco.eduvpn.org/v2/"

# The eduVPN production discovery keys (client rules, "Signatures and rollback").
PRODUCTION_KEYS: tuple[str, ...] = (
    "RWRtBSX1alxyGX+Xn3LuZnWUT0w//B6EmTJvgaAxBMYzlQeI+jdrO6KF",
    "RWQKqtqvd0R7rUDp0rWzbtYPA3towPWcLDCl7eY9pBMMI/ohCmrS0WiM",
)

ENV_URL = "SLUIS_DISCOVERY_URL"
ENV_KEYS = "SLUIS_DISCOVERY_KEYS"
ENV_REQUIRE_PREHASHED = "SLUIS_DISCOVERY_REQUIRE_PREHASHED"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def normalise_base_url(url: str, *, setting: str = "base_url") -> str:
    """``https://host/path/`` with the trailing slash that lets file names be appended; https only."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise DiscoverySettingsError(name=setting, detail=f"{url!r} is not an https:// address")
    if parts.query or parts.fragment:
        raise DiscoverySettingsError(name=setting, detail=f"{url!r} must not carry a query or fragment")
    return url if url.endswith("/") else url + "/"


def check_public_key(key: str, *, setting: str = "trusted_keys") -> str:
    """The key itself if py-minisign can read it as a minisign public key (base64 line)."""
    try:
        minisign.PublicKey.from_base64(key)
    except minisign.Error as err:
        raise DiscoverySettingsError(
            name=setting, detail=f"{key!r} is not a minisign public key ({err})"
        ) from err
    return key


@dataclass(frozen=True, slots=True)
class DiscoverySettings:
    """Discovery source and trust. Checked on creation, so a bad value fails at start, not at fetch."""

    base_url: str = DEFAULT_BASE_URL
    trusted_keys: tuple[str, ...] = PRODUCTION_KEYS
    # Refuse legacy (pure Ed25519) signatures; the real lists up to 2022 are legacy-signed.
    require_prehashed: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", normalise_base_url(self.base_url))
        if not self.trusted_keys:
            raise DiscoverySettingsError(name="trusted_keys", detail="at least one key is needed")
        keys = tuple(check_public_key(key.strip()) for key in self.trusted_keys)
        object.__setattr__(self, "trusted_keys", keys)

    def url_for(self, file_name: str) -> str:
        return self.base_url + file_name


def from_env(base: DiscoverySettings, environ: Mapping[str, str]) -> DiscoverySettings:
    """``base`` with the ``SLUIS_DISCOVERY_*`` variables applied; DiscoverySettingsError on bad ones."""
    changes: dict[str, object] = {}
    if url := environ.get(ENV_URL, "").strip():
        changes["base_url"] = normalise_base_url(url, setting=ENV_URL)
    if ENV_KEYS in environ:
        keys = tuple(k.strip() for k in environ[ENV_KEYS].split(",") if k.strip())
        if not keys:
            raise DiscoverySettingsError(name=ENV_KEYS, detail="no key given")
        changes["trusted_keys"] = tuple(check_public_key(k, setting=ENV_KEYS) for k in keys)
    if ENV_REQUIRE_PREHASHED in environ:
        value = environ[ENV_REQUIRE_PREHASHED].strip().lower()
        if value not in _TRUE | _FALSE:
            raise DiscoverySettingsError(name=ENV_REQUIRE_PREHASHED, detail=f"{value!r} is not 0 or 1")
        changes["require_prehashed"] = value in _TRUE
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]
