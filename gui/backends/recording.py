"""A backend that brings up no tunnel and keeps the configuration it was given.

It serves ``sluis --demo`` (the demo server's configs point at hosts that do not exist) and tests
of the controller and the views. It says so in its name, so nobody mistakes it for a connection,
and it has no gateway: there is nothing on the other side to ping, so no failover watch runs for it
(one would report "The VPN server stopped answering" about 10 s after every connect).
"""

from __future__ import annotations

from gui.backends.base import Backend, Capabilities
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig


class RecordingBackend(Backend):
    name = "recording"

    def __init__(
        self, protocols: frozenset[Protocol] = frozenset({Protocol.OPENVPN, Protocol.WIREGUARD})
    ) -> None:
        super().__init__()
        self._protocols = protocols
        self.configs: list[VpnConfig] = []
        self.downs = 0

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(self._protocols, notes=("no tunnel is brought up: demo and test use only",))

    @property
    def gateway(self) -> str | None:
        """``None``: no tunnel, so no in-tunnel address answers, and nothing is watched."""
        return None

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        self.configs.append(config)
        if config.wireguard is not None:
            return tuple(str(a) for a in config.wireguard.interface.addresses)
        return ()

    async def _down(self) -> None:
        self.downs += 1
