"""A tunnel that another Sluis process of this user owns: the background host ``sluis connect``
left running. One owner per user session: a window started while that host holds a tunnel does
not start a second one beside it; it shows the host's tunnel and can disconnect it, and takes over
as the owner (and the control API) once the host has ended.

The control client is blocking (plain sockets), so it runs in a thread; statuses reach the event
loop through ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gui.control.client import ControlClient, forward
from gui.control.protocol import DisconnectRequest, Event, StatusRequest, SubscribeRequest
from gui.core.errors import ControlChannelError, SluisError

StatusCallback = Callable[[dict[str, Any]], None]


class RemoteOwner:
    """The owner at ``path``, as long as it runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.status: dict[str, Any] = {}
        self._client: ControlClient | None = None
        self._closed = threading.Event()

    @classmethod
    def find(cls, path: Path) -> RemoteOwner | None:
        """The running owner of this home's control socket, if there is one (blocking, short)."""
        try:
            status = forward(StatusRequest(), path)
        except SluisError:
            return None
        if status is None:
            return None
        owner = cls(path)
        owner.status = status
        return owner

    @property
    def holds_tunnel(self) -> bool:
        return self.status.get("state") in ("connecting", "connected", "disconnecting", "error")

    async def watch(self, on_status: StatusCallback) -> None:
        """Report each status until the owner has gone (then returns)."""
        loop = asyncio.get_running_loop()

        def deliver(status: dict[str, Any]) -> None:
            self.status = status
            on_status(status)

        def follow() -> None:
            try:
                client = ControlClient(self.path).open()
            except SluisError:
                return
            self._client = client
            with client:
                try:
                    client.request(SubscribeRequest())
                    while not self._closed.is_set():
                        try:
                            event = client.next_event(timeout=1.0)
                        except ControlChannelError as exc:
                            if exc.params.get("detail") == "Sluis did not answer in time":
                                continue  # quiet: nothing changed
                            return  # the owner has gone
                        if isinstance(event, Event) and isinstance(event.data, dict):
                            loop.call_soon_threadsafe(deliver, dict(event.data))
                except (SluisError, OSError):
                    return

        await asyncio.to_thread(follow)

    async def disconnect(self) -> dict[str, Any]:
        result = await asyncio.to_thread(forward, DisconnectRequest(), self.path)
        if result is None:
            raise ControlChannelError(detail="Sluis is not running")
        self.status = result
        return result

    def close(self) -> None:
        self._closed.set()
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
