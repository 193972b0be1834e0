"""Which OS keyring to use, chosen without ``keyring``'s discovery of every installed backend.

``keyring.get_keyring()`` loads every backend it finds through package entry points (the macOS one
included, on Linux) and asks each for its priority: some 70 ms on every start of the window and
every ``sluis`` command that touches a secret. A platform has one keyring that counts: ask that one
directly. The user's and IT's explicit choices keep their meaning, in ``keyring``'s own order:
``PYTHON_KEYRING_BACKEND`` first, then ``keyringrc.cfg``. Only where the platform's keyring is not
usable (no Secret Service running, say) does the full discovery run, so the outcome there is
``keyring``'s own (a plaintext or fail backend, which ``tokens`` then refuses to trust).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

# The platform's own keyrings, best first (``keyring``'s priorities order them the same way).
PLATFORM_BACKENDS: dict[str, tuple[str, ...]] = {
    "linux": ("keyring.backends.SecretService.Keyring", "keyring.backends.kwallet.DBusKeyring"),
    "darwin": ("keyring.backends.macOS.Keyring",),
    "win32": ("keyring.backends.Windows.WinVaultKeyring",),
}


def platform_backends(platform: str = sys.platform) -> tuple[str, ...]:
    """The backends to try on ``platform`` (the BSDs run the same desktop keyrings as Linux)."""
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return PLATFORM_BACKENDS["linux"]
    return PLATFORM_BACKENDS.get(platform, ())


def find_keyring() -> keyring.backend.KeyringBackend:
    """The keyring to use: an explicit choice, else the platform's own, else ``keyring``'s pick."""
    import keyring.core

    chosen = keyring.core.load_env() or keyring.core.load_config()
    if chosen is not None:
        return chosen
    for name in platform_backends():
        try:
            # load_keyring asks the backend for its priority, which raises when it cannot work here.
            return keyring.core.load_keyring(name)
        except Exception as exc:  # any failure means: not this one
            log.debug("keyring backend %s unavailable: %s", name, type(exc).__name__)
    return keyring.get_keyring()


SECRET_SERVICE_BUS_NAME = "org.freedesktop.secrets"  # noqa: S105 - a D-Bus name, not a secret


def _explicit_choice() -> bool:
    """Whether the user or IT named a backend (``keyring``'s environment variable or config file)."""
    import os
    from pathlib import Path

    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    # keyring's config_root() on Linux, repeated here: importing keyring to ask costs more than the
    # whole of ``sluis status``.
    root = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return (Path(root) / "python_keyring" / "keyringrc.cfg").exists()


def _secret_service_available() -> bool:
    """What SecretService's priority checks (``secretstorage.check_service_availability``), over
    jeepney directly: the daemon runs or D-Bus can start it."""
    try:
        from jeepney import DBus  # type: ignore[import-untyped]
        from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

        with open_dbus_connection(bus="SESSION") as connection:
            proxy = DBus()
            owned = connection.send_and_get_reply(proxy.NameHasOwner(SECRET_SERVICE_BUS_NAME), timeout=5)
            if owned.body[0]:
                return True
            activatable = connection.send_and_get_reply(proxy.ListActivatableNames(), timeout=5)
            return SECRET_SERVICE_BUS_NAME in activatable.body[0]
    except Exception as exc:  # no session bus, no jeepney: let keyring itself decide
        log.debug("no Secret Service probe: %s", type(exc).__name__)
        return False


def platform_keyring_answers() -> bool:
    """Whether the platform's own keyring is the one to use and answers, known without loading
    ``keyring`` (and ``secretstorage``, which loads ``cryptography``: some 15 MiB and 50 ms): no
    backend is named and, on Linux, the Secret Service runs or D-Bus can start it. ``False`` means
    "not known this way", not "no keyring": then ``find_keyring`` decides."""
    if _explicit_choice() or platform_backends()[:1] != PLATFORM_BACKENDS["linux"][:1]:
        return False
    return _secret_service_available()
