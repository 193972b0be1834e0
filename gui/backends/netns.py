"""Sockets made inside a network namespace: a tunnel that lives in one (``BackendOptions.netns``,
tests and containers) needs its WireGuard-over-TCP proxy's sockets there too.

A socket keeps the namespace it was made in, so a short-lived thread enters the namespace
(``setns`` changes only the calling thread's), makes the socket and ends. Root only, like every
namespace the backends accept.
"""

from __future__ import annotations

import ctypes
import os
import socket
import threading
from collections.abc import Callable

CLONE_NEWNET = 0x40000000
NETNS_DIR = "/run/netns"


def socket_in_netns(netns: str, family: int, kind: int) -> socket.socket:
    """A new socket of ``family``/``kind`` in the named namespace (``ip netns`` names)."""
    made: list[socket.socket] = []
    failed: list[BaseException] = []

    def enter_and_make() -> None:
        try:
            fd = os.open(os.path.join(NETNS_DIR, netns), os.O_RDONLY | os.O_CLOEXEC)
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                if libc.setns(fd, CLONE_NEWNET) != 0:
                    error = ctypes.get_errno()
                    raise OSError(error, os.strerror(error))
            finally:
                os.close(fd)
            made.append(socket.socket(family, kind))
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=enter_and_make, name=f"sluis netns {netns}")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return made[0]


def netns_socket_factory(netns: str | None) -> Callable[[int, int], socket.socket] | None:
    """A ``SocketFactory`` for ``netns``, or ``None`` (ordinary sockets) without one."""
    if netns is None:
        return None
    return lambda family, kind: socket_in_netns(netns, family, kind)
