"""Where the control socket lives, apart from the protocol: ``sluis status`` with no Sluis running
checks that nothing listens there before it loads the protocol and the client."""

from __future__ import annotations

import os
from pathlib import Path

from gui import APP_ID
from gui.core.paths import APP_DIR_NAME, home_key

# POSIX only: a Unix socket in a private folder. On Windows the same JSON lines would travel over a
# named pipe (``\\.\pipe\sluis-<hash of the user SID>``, created with a DACL for the user alone);
# that transport is not built yet, so the control API is unavailable there.

SOCKET_NAME = "control.sock"


def control_socket_path(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_RUNTIME_DIR/sluis/control.sock`` (``control-<hash of $SLUIS_HOME>.sock`` for a
    ``$SLUIS_HOME`` tree); without a runtime folder, a per-user folder in the temp dir named by a
    hash of the user.

    Only the path, with no file system access (the client calls it too). The fallback's name is not
    a secret: anyone can compute the hash and create that folder first. What keeps it safe is its
    use: the server makes it with ``gui.core.paths.ensure_private_dir`` and refuses it, like the
    client, with ``check_private`` unless it is a folder of this user's alone (not a link, 0700)."""
    env = os.environ if environ is None else environ
    # A $SLUIS_HOME tree (a demo, a test, a portable install) has a socket of its own.
    key = home_key(env)
    name = f"control-{key}.sock" if key else SOCKET_NAME
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime):
        return Path(runtime) / APP_DIR_NAME / name
    import hashlib  # the fallback's imports, here: most sessions have a runtime folder
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else 0
    user = env.get("USER") or env.get("USERNAME") or ""
    digest = hashlib.sha256(f"{APP_ID}:{uid}:{user}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-{digest}" / name
