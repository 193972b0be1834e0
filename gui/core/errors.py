"""Every failure a user can meet, as a typed exception with a translatable message.

Each class carries a ``template`` in English with ``{name}`` placeholders. ``str(error)`` is the
formatted English text (CLI, logs); the UI translates ``error.template`` in the ``Errors`` context and
formats it with ``error.params``. Messages never contain tokens, codes or keys.
"""

from __future__ import annotations

from typing import Any, ClassVar

from gui.core.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Errors"


class SluisError(Exception):
    """Base of every error that is meant to reach the user."""

    template: ClassVar[str] = QT_TRANSLATE_NOOP("Errors", "Something went wrong: {detail}")

    def __init__(self, template: str | None = None, /, **params: Any) -> None:
        if template is not None:
            self.template = template  # type: ignore[misc]
        self.params: dict[str, Any] = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.template


class NetworkError(SluisError):
    """The server could not be reached, timed out or failed TLS verification."""

    template = QT_TRANSLATE_NOOP("Errors", "Could not reach {host}: {detail}")


class ResponseTooLargeError(NetworkError):
    """A server's answer over the size Sluis reads; reading stopped at the limit."""

    template = QT_TRANSLATE_NOOP(
        "Errors",
        "The server {host} sent a larger answer than Sluis accepts (over {limit} bytes); it was not used.",
    )


class ResponseDeadlineError(NetworkError):
    """A server's answer that did not arrive completely within the total time allowed."""

    template = QT_TRANSLATE_NOOP(
        "Errors",
        "The server {host} did not send its whole answer within {seconds} seconds; Sluis stopped waiting.",
    )


class InsecureRedirectError(SluisError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The server redirected to {url}, which is not a secure https:// address; refusing it."
    )


class InvalidServerUrlError(SluisError):
    template = QT_TRANSLATE_NOOP("Errors", "“{url}” is not a valid server address: {detail}")


class NotApiV3Error(SluisError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The server at {host} does not support API v3; it may run an older eduVPN version (2.x)."
    )


class ServerResponseError(SluisError):
    """The server answered, but not with what the API promises."""

    template = QT_TRANSLATE_NOOP("Errors", "The server sent a response Sluis cannot use: {detail}")


class ApiError(SluisError):
    """A documented API error (400, 404, 406, 500 with ``{"error": …}``); the server's text is shown."""

    template = QT_TRANSLATE_NOOP("Errors", "The server refused the request ({status}): {server_message}")

    @property
    def status(self) -> int:
        return int(self.params.get("status", 0))

    @property
    def server_message(self) -> str:
        return str(self.params.get("server_message", ""))


class ProfileNotFoundError(ApiError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The profile is not available on this server (or you may not use it): {server_message}"
    )


class NoCommonProtocolError(ApiError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "This profile offers no VPN protocol that Sluis can run here: {server_message}"
    )


class AuthorizationError(SluisError):
    """The OAuth flow failed: denied, mismatched state, a bad callback, a token endpoint error."""

    template = QT_TRANSLATE_NOOP("Errors", "Logging in failed: {detail}")


class IssuerMismatchError(AuthorizationError):
    """RFC 9207: the login answer names another authorization server (``iss``) than the one the
    login was sent to, or names none where the server promised to: a mix-up attack, refused
    before its code is exchanged."""

    template = QT_TRANSLATE_NOOP(
        "Errors",
        "The login answer did not come from {host}, the server you are logging in to. Please try again.",
    )


class ReauthorizationRequired(AuthorizationError):
    """The authorization is gone (``invalid_grant``, no tokens): the user must log in again."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "Your authorization for {host} has ended. Please log in again to continue."
    )


class ConfigError(SluisError):
    """A VPN configuration (from the server or a file) that cannot be used."""

    template = QT_TRANSLATE_NOOP("Errors", "The VPN configuration is not valid: {detail}")


class RefusedDirectiveError(ConfigError):
    """A line of an OpenVPN profile that is not on the allow-list (``gui.core.openvpn_profile``)."""

    template = QT_TRANSLATE_NOOP(
        "Errors",
        "Line {line} of the VPN configuration says “{directive}”, which Sluis does not allow: a VPN"
        " profile may not run programs, load libraries, use files or change how Sluis runs OpenVPN.",
    )


class KeyringUnavailableError(SluisError):
    template = QT_TRANSLATE_NOOP(
        "Errors",
        "No secure password store (keyring) is available; your login is kept only until Sluis quits.",
    )


class UnknownServerError(SluisError):
    template = QT_TRANSLATE_NOOP("Errors", "No server {url} has been added. Add it first.")


class StorageError(SluisError):
    template = QT_TRANSLATE_NOOP("Errors", "Could not save Sluis's data in {path}: {detail}")


class PrivateFolderError(StorageError, PermissionError):
    """A folder Sluis keeps its files in is not private to the user: another user owns it, it is a
    symbolic link, or it is not a folder at all. Nothing in it is used, changed or deleted.

    It is also a ``PermissionError``, so code that treats an ``OSError`` as "could not store this"
    (a log file, a remembered setting) degrades the same way here instead of crashing."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "The folder {path} is not private to you (another user owns it); Sluis will not use it."
    )
    # For ``PrivateFolderError(PrivateFolderError.SYMLINK_TEMPLATE, path=…)``.
    SYMLINK_TEMPLATE: ClassVar[str] = QT_TRANSLATE_NOOP(
        "Errors", "The folder {path} is not private to you (it is a symbolic link); Sluis will not use it."
    )
    NOT_A_FOLDER_TEMPLATE: ClassVar[str] = QT_TRANSLATE_NOOP(
        "Errors", "{path} is not a folder; Sluis will not keep its files there."
    )


class PolicyLockedError(SluisError):
    """IT's policy fixes this (a predefined server, a locked setting): the user cannot change it."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "The server {url} was set up by your organization and cannot be removed."
    )
    # For ``PolicyLockedError(PolicyLockedError.ADD_TEMPLATE, url=…)``: only predefined servers allowed.
    ADD_TEMPLATE: ClassVar[str] = QT_TRANSLATE_NOOP(
        "Errors", "Your organization allows only the servers it has set up; {url} cannot be added."
    )


class ProfileImportError(SluisError):
    """A profile (file, https or Access Server token URL) that cannot be imported."""

    template = QT_TRANSLATE_NOOP("Errors", "The profile could not be imported: {detail}")


class ImportCancelledError(SluisError):
    template = QT_TRANSLATE_NOOP("Errors", "The import was cancelled; nothing was added.")


class ControlChannelError(SluisError):
    """The local control socket (``gui.control.server``) cannot be used safely or at all."""

    template = QT_TRANSLATE_NOOP("Errors", "The local control channel of Sluis is not usable: {detail}")


class UnsupportedLinkError(SluisError):
    """A link handed to Sluis (by the browser, the OS or a second launch) that it will not open."""

    template = QT_TRANSLATE_NOOP("Errors", "Sluis cannot open this link: {detail}")


class TunnelError(SluisError):
    """A VPN tunnel could not be brought up or stopped working (raised by gui.backends)."""

    template = QT_TRANSLATE_NOOP("Errors", "The VPN tunnel could not be set up: {detail}")


class ProtocolNotAllowedError(SluisError):
    """A protocol asked for that IT's policy or the VPN software rules out (``gui.tunnel``)."""

    template = QT_TRANSLATE_NOOP(
        "Errors", "Sluis may not connect with {protocol} here: this computer's settings require {required}."
    )


class AlreadyConnectedError(SluisError):
    """A second tunnel was asked for while one is up: Sluis keeps one tunnel per user."""

    template = QT_TRANSLATE_NOOP("Errors", "Already connected to {server}. Disconnect first.")


class CredentialsRequiredError(SluisError):
    """A VPN profile needs a username and password (an Access Server user-locked profile), and
    nobody gave them or could be asked (the control API, ``sluis connect`` without a terminal).

    The params besides ``profile`` say what to ask (``username``: the known one to offer;
    ``challenge`` and ``echo``: a static challenge; ``password_known``: only the challenge is
    missing), so a caller can ask and try again. They never hold a password."""

    template = QT_TRANSLATE_NOOP("Errors", "The VPN profile “{profile}” needs your username and password.")


class CredentialsRefusedError(TunnelError):
    """The VPN server refused the username or password (OpenVPN's ``AUTH_FAILED``)."""

    template = QT_TRANSLATE_NOOP("Errors", "The VPN server did not accept the username or password.")
    # For ``CredentialsRefusedError(CredentialsRefusedError.FORGOTTEN_TEMPLATE)``: a remembered login
    # was refused and has been forgotten.
    FORGOTTEN_TEMPLATE: ClassVar[str] = QT_TRANSLATE_NOOP(
        "Errors",
        "The VPN server did not accept the username or password. Sluis has forgotten the remembered"
        " login and asks for it next time.",
    )
