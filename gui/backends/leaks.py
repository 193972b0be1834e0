"""IPv6 leaks: a default-gateway tunnel that carries only IPv4 has the helper block IPv6 outside it.

The user side decides *whether* (the profile routes everything, the tunnel has no IPv6 address);
the helper decides *how* (unreachable routes for ``::/1`` and ``8000::/1``, see
``gui.helper.leaks``) and removes them with the tunnel.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

from gui.backends.base import TunnelSetupError
from gui.backends.privileged import Helper, PrivilegedError

log = logging.getLogger(__name__)


def carries_ipv6(addresses: Iterable[str]) -> bool:
    for address in addresses:
        try:
            if ipaddress.ip_interface(address).version == 6:
                return True
        except ValueError:
            continue
    return False


def needs_ipv6_block(default_gateway: bool, addresses: Iterable[str]) -> bool:
    """Everything should go through the tunnel, but IPv6 cannot."""
    return default_gateway and not carries_ipv6(addresses)


async def block_ipv6(helper: Helper, tunnel: str) -> None:
    """A failure fails the bring-up: the tunnel would not keep the promise a default gateway makes."""
    try:
        answer = await helper.request("block_ipv6", id=tunnel)
    except PrivilegedError as exc:
        raise TunnelSetupError(f"blocking IPv6 outside the tunnel failed: {exc}") from exc
    log.info("IPv6 outside the tunnel is blocked (%d routes)", len(answer.get("routes", [])))
