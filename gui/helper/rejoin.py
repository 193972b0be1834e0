"""After a network change: which path the encrypted packets take now (request ``wireguard_rejoin``).

A full tunnel keeps a host route to the WireGuard endpoint through the network it started on. When
the laptop moves to another network that route is gone or wrong, and the endpoint would be routed
into the tunnel itself. The helper drops the endpoint routes it recorded and adds them again through
today's default route (never through one of Sluis's own tunnels), then sets each peer's endpoint
again (re-resolved by the caller, checked here as addresses): WireGuard handshakes afresh with the
next packet.
"""

from __future__ import annotations

import json
from typing import Any

from gui.helper import checks

TUNNEL_PREFIXES = ("slwg", "slov")


def default_path(routes_json: str, exclude: str) -> tuple[str | None, str] | None:
    """``(gateway, device)`` of the preferred default route in ``ip -j route show default``'s
    output, skipping Sluis's own tunnels and ``exclude``; ``None`` without one."""
    try:
        routes: Any = json.loads(routes_json or "[]")
    except ValueError:
        return None
    best: tuple[int, str | None, str] | None = None
    for route in routes if isinstance(routes, list) else []:
        if not isinstance(route, dict) or route.get("type", "unicast") != "unicast":
            continue
        dev, via, metric = route.get("dev"), route.get("gateway"), route.get("metric", 0)
        if not isinstance(dev, str) or dev == exclude or dev.startswith(TUNNEL_PREFIXES):
            continue
        if not isinstance(metric, int):
            metric = 0
        gateway = checks.address(via) if via is not None else None
        if best is None or metric < best[0]:
            best = (metric, gateway, dev)
    return None if best is None else (best[1], best[2])
