"""Resume from sleep as logind announces it: ``PrepareForSleep(false)`` on the system bus.

The failover monitor also sees a resume by itself (CLOCK_BOOTTIME runs ahead of CLOCK_MONOTONIC),
but only at its next probe; logind says it the moment the machine is awake again. Only signals from
the owner of ``org.freedesktop.login1`` count (on the system bus only logind may own that name).
Where there is no system bus or no logind (containers, other platforms) ``start()`` says so and the
clock check remains.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
MATCH = (
    f"type='signal',sender='{LOGIND}',path='/org/freedesktop/login1',"
    f"interface='{LOGIND}.Manager',member='PrepareForSleep'"
)


class SleepWatcher:
    """``pending()`` is true once after each resume logind reported."""

    def __init__(self, bus_address: str | None = None, *, system: bool = True) -> None:
        self.bus_address = bus_address
        self.system = system
        self._bus: Any = None
        self._logind: str | None = None
        self._resumed = False

    async def start(self) -> bool:
        from dbus_fast import BusType, Message, MessageType
        from dbus_fast.aio import MessageBus

        bus_type = BusType.SYSTEM if self.system else BusType.SESSION

        def ask(member: str, body: list[Any]) -> Any:
            return Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member=member,
                signature="s",
                body=body,
            )

        try:
            async with asyncio.timeout(5):
                self._bus = await MessageBus(bus_address=self.bus_address, bus_type=bus_type).connect()
                owner = await self._bus.call(ask("GetNameOwner", [LOGIND]))
                added = await self._bus.call(ask("AddMatch", [MATCH]))
        except Exception as exc:  # no bus at all: the clock check stays
            log.info("no logind sleep signals (%s); a resume is seen from the clock", type(exc).__name__)
            await self.close()
            return False
        if MessageType.ERROR in (owner.message_type, added.message_type):
            log.info("logind does not run; a resume is seen from the clock")
            await self.close()
            return False
        # Only logind's own messages count, also against a signal sent straight to this connection.
        self._logind = str(owner.body[0])
        self._bus.add_message_handler(self._on_message)
        return True

    def _on_message(self, message: Any) -> None:
        if (
            message.sender == self._logind
            and message.member == "PrepareForSleep"
            and message.interface == f"{LOGIND}.Manager"
            and message.body == [False]
        ):
            log.info("logind: resumed from sleep")
            self._resumed = True

    def pending(self) -> bool:
        resumed, self._resumed = self._resumed, False
        return resumed

    def clear(self) -> None:
        self._resumed = False

    async def close(self) -> None:
        if self._bus is not None:
            self._bus.disconnect()
            self._bus = None
