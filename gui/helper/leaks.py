"""IPv6 outside a tunnel that carries only IPv4, blocked by the root helper (request ``block_ipv6``).

A default-gateway profile promises that traffic goes through the VPN. When the tunnel has no IPv6,
the laptop's own IPv6 default route would still carry every IPv6 connection past it. The helper
adds ``unreachable`` routes for the two halves of the IPv6 space (``::/1`` and ``8000::/1``, the
same halves the tunnel routes use for IPv4): more specific than any default route, less specific
than the local network's own prefixes and link-local ones (so the LAN stays reachable, as with
IPv4). A connection attempt fails at once ("unreachable"), so programs fall back to
IPv4 (through the tunnel) without waiting for a time-out, as the eduVPN apps' block does.

The routes are recorded (``ipv6.json`` in the tunnel's root-only folder) before they are added and
removed by ``stop``; a route that already existed is not the helper's, is not recorded and stays.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from gui.core.jsonlimits import JsonInputError, loads_limited
from gui.helper.checks import HelperError

RECORD = "ipv6.json"
HALVES = ("::/1", "8000::/1")


def _ip(netns: str | None) -> list[str]:
    return ["ip", "-n", netns] if netns else ["ip"]


def add_command(netns: str | None, prefix: str) -> list[str]:
    return [*_ip(netns), "-6", "route", "add", "unreachable", prefix]


def delete_command(netns: str | None, prefix: str) -> list[str]:
    return [*_ip(netns), "-6", "route", "del", "unreachable", prefix]


def _save(folder: Path, added: list[str]) -> None:
    tmp = folder / f".{RECORD}.{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(json.dumps({"routes": added}).encode())
    os.replace(tmp, folder / RECORD)


def _load(folder: Path) -> list[str]:
    try:
        fd = os.open(folder / RECORD, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return []
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(4096)
    try:
        raw = loads_limited(data, max_bytes=4096, max_depth=3)
    except JsonInputError:
        return []
    routes = raw.get("routes") if isinstance(raw, dict) else None
    return [r for r in routes if r in HALVES] if isinstance(routes, list) else []


def block(folder: Path, netns: str | None, run: Callable[[Sequence[str]], tuple[int, str]]) -> list[str]:
    """Add the unreachable halves; returns those the helper added (and will remove)."""
    added = _load(folder)
    for prefix in HALVES:
        if prefix in added:
            continue
        # Recorded first: a helper that dies right after the add still knows to remove it.
        _save(folder, [*added, prefix])
        code, err = run(add_command(netns, prefix))
        if code != 0:
            _save(folder, added)
            if "File exists" in err:
                continue  # someone else's route: not ours to remove later
            raise HelperError(f"blocking IPv6: {err.strip()[:200]}")
        added.append(prefix)
    return added


def unblock(folder: Path, netns: str | None, run: Callable[[Sequence[str]], tuple[int, str]]) -> None:
    for prefix in reversed(_load(folder)):
        run(delete_command(netns, prefix))
    (folder / RECORD).unlink(missing_ok=True)
