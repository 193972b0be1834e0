"""The base of the Linux backends whose root steps go through the privileged helper."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, replace
from typing import ClassVar

from gui.backends.base import Backend, BackendOptions, CredentialsCallback
from gui.backends.privileged import Helper, PrivilegedError, make_helper

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HelperTunnel:
    """A tunnel the helper made for this backend: its id (named in every later request), its
    device, and the namespace it lives in (tests)."""

    id: str
    ifname: str
    netns: str | None


class PrivilegedBackend(Backend):
    """The helper is made on first use: a tunnel brought up in-process as root never starts pkexec."""

    # The helper's name for this backend's tunnels ("openvpn", "wireguard").
    tunnel_kind: ClassVar[str]

    def __init__(self, options: BackendOptions | None = None, helper: Helper | None = None) -> None:
        super().__init__()
        self.options = options or BackendOptions()
        self._helper = helper
        self.record: HelperTunnel | None = None
        # A credentials callback given with the options stays; one from ``use_credentials`` (the
        # tunnel owner's) is replaced by the next owner's.
        self._own_credentials = self.options.credentials is not None

    @property
    def helper(self) -> Helper:
        if self._helper is None:
            self._helper = make_helper(self.options.helper_state_dir)
        return self._helper

    def use_credentials(self, ask: CredentialsCallback) -> None:
        if not self._own_credentials:
            self.options = replace(self.options, credentials=ask)

    async def cleanup_stale(self) -> None:
        """Take down this kind's tunnels that a previous run of this user left; the helper's own
        records say which exist, so nothing but what it made is touched."""
        with contextlib.suppress(PrivilegedError):
            answer = await self.helper.request("tunnels")
            for found in answer.get("tunnels", []):
                ours = self.record is not None and found.get("id") == self.record.id
                if found.get("kind") != self.tunnel_kind or ours:
                    continue
                log.info(
                    "removing the %s tunnel %s a previous run left", self.tunnel_kind, found.get("ifname")
                )
                await self.helper.request("stop", id=found.get("id"))

    async def ping_gateway(self, size: int = 56) -> bool:
        """In a namespace (tests) the helper pings from inside it; otherwise an ordinary ping."""
        if self.record is None or self.record.netns is None:
            return await super().ping_gateway(size)
        target = self.gateway
        if target is None:
            return True
        try:
            answer = await self.helper.request("ping", id=self.record.id, address=target, size=size)
        except PrivilegedError:
            return False
        return answer.get("returncode") == 0
