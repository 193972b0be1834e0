"""Importing a VPN profile that does not come from an API v3 server: an OpenVPN Access Server token
URL (``openvpn://import-profile/https://…``), an https link, or a ``.ovpn`` / WireGuard ``.conf`` file.

``sources`` checks where a profile comes from, downloads or reads it and says what it is;
``storage`` keeps it (a private file, its secrets in the keyring) and loads it again for a
connection. The names below are the package's interface.
"""

from gui.core.importers.sources import (
    DOWNLOAD_TIMEOUT,
    MAX_PROFILE_BYTES,
    TOKEN_URL_PREFIX,
    Confirm,
    ImportedKind,
    ImportSource,
    ParsedProfile,
    SourceKind,
    access_server_error,
    clean_name,
    download_profile,
    parse_profile,
    parse_source,
    read_profile_file,
)
from gui.core.importers.storage import (
    IMPORTED_ID_PREFIX,
    KEYRING_PLACEHOLDER,
    MISSING_KEY,
    SECRET_BLOCKS,
    WIREGUARD_KEY,
    LoadedProfile,
    ProfileImporter,
    forget_imported_login,
    imported_login,
)

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "IMPORTED_ID_PREFIX",
    "KEYRING_PLACEHOLDER",
    "MAX_PROFILE_BYTES",
    "MISSING_KEY",
    "SECRET_BLOCKS",
    "TOKEN_URL_PREFIX",
    "WIREGUARD_KEY",
    "Confirm",
    "ImportSource",
    "ImportedKind",
    "LoadedProfile",
    "ParsedProfile",
    "ProfileImporter",
    "SourceKind",
    "access_server_error",
    "clean_name",
    "download_profile",
    "forget_imported_login",
    "imported_login",
    "parse_profile",
    "parse_source",
    "read_profile_file",
]
