"""What can go wrong with server discovery, one class per cause so the UI and the tests can tell them apart.

Every one of these is a *notice*, never a stop: the store keeps the copy it had (cached or bundled) and
hands the error to the UI, which shows it dismissably. Each carries ``file`` (the list it concerns) among
its parameters; the templates are marked for the ``Errors`` translation context like the shared ones.
"""

from __future__ import annotations

from gui.core.errors import SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP


class DiscoveryError(SluisError):
    """Base of every discovery failure."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "The list of eduVPN servers ({file}) could not be updated: {detail}"
    )


class DiscoverySettingsError(DiscoveryError):
    """A discovery setting (base URL, trusted key) that cannot be used; raised before any download."""

    template = QT_TRANSLATE_NOOP("Errors", "The discovery setting {name} is not valid: {detail}")


# --- Downloading -------------------------------------------------------------------------------------


class DiscoveryFetchError(DiscoveryError):
    """The file could not be downloaded: connection refused, DNS, TLS verification, a broken stream."""

    template = QT_TRANSLATE_NOOP("Errors", "Could not download {file} from {host}: {detail}")


class DiscoveryTimeoutError(DiscoveryFetchError):
    template = QT_TRANSLATE_NOOP("Errors", "{host} did not send {file} within {seconds} seconds.")


class DiscoveryTooLargeError(DiscoveryFetchError):
    """Larger than any real discovery file; refused before it fills memory."""

    template = QT_TRANSLATE_NOOP("Errors", "{file} from {host} is larger than {limit} bytes; refusing it.")


class DiscoveryInsecureUrlError(DiscoveryFetchError):
    """An ``http://`` (or other non-https) address, given or reached through a redirect."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "Refusing to download {file} from {url}: only secure https:// addresses are allowed."
    )


class DiscoveryHttpStatusError(DiscoveryFetchError):
    template = QT_TRANSLATE_NOOP("Errors", "{host} answered {file} with HTTP status {status}.")


# --- Verifying ---------------------------------------------------------------------------------------


class SignatureError(DiscoveryError):
    """Base of every reason a signature is refused; the file is not used."""

    template = QT_TRANSLATE_NOOP("Errors", "The signature of {file} is not valid: {detail}")


class MalformedSignatureError(SignatureError):
    """Truncated, garbage, or not a minisign signature at all."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "The signature file of {file} is damaged or not a minisign signature ({detail})."
    )


class UntrustedKeyError(SignatureError):
    """Signed, but by a key that is not among the trusted ones (chosen by key id)."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "{file} is signed with a key Sluis does not trust (key id {key_id})."
    )


class BadSignatureError(SignatureError):
    """The key is trusted, but the file or the trusted comment does not match the signature."""

    template = QT_TRANSLATE_NOOP("Errors", "{file} does not match its signature; it may have been altered.")


class LegacySignatureError(SignatureError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "{file} has a legacy signature, but Sluis is set to accept only prehashed signatures."
    )


class WrongFileSignatureError(SignatureError):
    """A valid signature for another discovery file (the organization list served as the server list)."""

    template = QT_TRANSLATE_NOOP("Errors", "The signature received for {file} was made for {signed_file}.")


class RollbackError(DiscoveryError):
    """A correctly signed but older list: someone may be replaying an old file to hide changes."""

    template = QT_TRANSLATE_NOOP(
        "Errors",
        "The downloaded {file} (version {v}) is older than the one Sluis already has (version {previous_v});"
        " keeping the newer one.",
    )


class MalformedListError(DiscoveryError):
    """Signed, but not the JSON document discovery promises (no ``v``, no list)."""

    template = QT_TRANSLATE_NOOP("Errors", "{file} is not a valid discovery list: {detail}")
