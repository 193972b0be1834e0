"""Finding the tunnel owner, or starting one: the CLI's side of "one owner per user session".

``sluis connect`` never brings a tunnel up in its own process (it returns, the tunnel stays): it
hands the request to the owner. When neither a window nor a background host runs, it starts the
background host (``gui.control.host``) in its own session, waits for its ``ready`` line, and then
talks to it like to any owner.
"""

from __future__ import annotations

import subprocess
import sys

from gui.core.errors import SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP

# Seconds the host may take to listen (Python start-up and the backend's stale clean-up).
START_TIMEOUT = 30.0


class OwnerStartError(SluisError):
    template = QT_TRANSLATE_NOOP("Errors", "Sluis could not start its background process: {reason}")


def start_owner(backend: str | None = None) -> None:
    """Start the background host and wait until it listens (``OwnerStartError`` otherwise)."""
    argv = [sys.executable, "-m", "gui.control.host"]
    if backend:
        argv += ["--backend", backend]
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed argv
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
    )
    assert proc.stdout is not None
    try:
        line = _read_line(proc, START_TIMEOUT)
    finally:
        proc.stdout.close()
    if line == "ready":
        return
    if line.startswith("failed: "):
        reason = line.removeprefix("failed: ")
        if "already listening" in reason:
            return  # another owner started in between: use that one
        raise OwnerStartError(reason=reason)
    raise OwnerStartError(reason=line or "it ended without an answer")


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    import selectors

    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            proc.terminate()
            return "it did not answer in time"
    return proc.stdout.readline().strip()
