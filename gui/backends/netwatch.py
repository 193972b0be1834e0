"""Network changes on Linux, as the tunnel watch needs them: "the laptop is on another network now".

``ip monitor address route`` (in the tunnel's namespace for tests) reports every address and route
change; what counts is a default route or a non-link-local address appearing or going away, on an
interface that is not one of Sluis's tunnels. Sluis's own routes (host routes to a server, the
tunnel's halves, the IPv6 block) never count, so a rejoin does not trigger the next one. Changes come
in bursts (DHCP sets an address, then a route): ``pending()`` answers once the burst has been quiet
for ``quiet`` seconds. The process is started by the user's Sluis, needs no privileges, and is
stopped with the watch.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

TUNNEL_PREFIXES = ("slwg", "slov")


def relevant(line: str) -> bool:
    """A line of ``ip -o monitor address route`` that means the network under the tunnel changed."""
    words = [w for w in line.split() if not (w.startswith("[") and w.endswith("]"))]
    if words[:1] == ["Deleted"]:
        words = words[1:]
    if not words or any(w.startswith(TUNNEL_PREFIXES) for w in words) or "unreachable" in words:
        return False
    if words[0] == "default":
        return True
    for family in ("inet", "inet6"):
        if family in words:
            index = words.index(family)
            address = words[index + 1] if index + 1 < len(words) else ""
            return not address.lower().startswith("fe80")
    return False


class NetworkWatcher:
    """Follows ``ip monitor``; ``pending()`` is true once after each quiet burst of changes.

    The process is read by a thread of its own, not through the event loop: nothing of it is left
    in the loop (Qt's or asyncio's) when the watch is cancelled half-way, and ``close()`` never
    waits on the loop."""

    def __init__(
        self, netns: str | None = None, *, quiet: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.netns = netns
        self.quiet = quiet
        self.clock = clock
        self.last_change: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None

    def start(self) -> bool:
        """``False`` where there is no ``ip`` (the resume check still works)."""
        if shutil.which("ip") is None:
            return False
        argv = ["ip", *(["-n", self.netns] if self.netns else []), "-o", "monitor", "address", "route"]
        try:
            self._proc = subprocess.Popen(  # noqa: S603 - a fixed program, no shell
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            log.info("no network watch: %s", type(exc).__name__)
            return False
        self._reader = threading.Thread(target=self._read, args=(self._proc,), daemon=True)
        self._reader.start()
        return True

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            text = line.decode(errors="replace")
            if relevant(text):
                log.debug("network change: %s", text.strip()[:120])
                self.note_change()

    def note_change(self) -> None:
        self.last_change = self.clock()

    def pending(self) -> bool:
        """A change happened and has been quiet for ``quiet`` seconds (then it is consumed)."""
        last = self.last_change
        if last is None or self.clock() - last < self.quiet:
            return False
        self.last_change = None
        return True

    def clear(self) -> None:
        self.last_change = None

    def close(self) -> None:
        """Ends ``ip monitor`` (its reader thread ends with it); safe to call more than once."""
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
            if proc.stdout is not None:
                proc.stdout.close()
        self._reader = None
