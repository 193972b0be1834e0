"""Which backend the window gets: the platform's, the one asked for, or an honest stand-in."""

from __future__ import annotations

import pytest

from gui.backends.registry import UnavailableBackend, backend_for_app
from gui.core.errors import SluisError
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig


def test_demo_mode_records_instead_of_tunnelling() -> None:
    backend = backend_for_app("direct", demo=True)
    assert backend.name == "recording"


def test_an_unknown_backend_name_leaves_the_window_usable_and_says_why() -> None:
    backend = backend_for_app("ipsec-of-my-own")
    assert isinstance(backend, UnavailableBackend)
    assert backend.capabilities.protocols == frozenset()  # nothing offered in the Accept header
    assert "Unknown VPN backend" in backend.capabilities.notes[0]


async def test_connecting_with_no_backend_fails_with_the_reason() -> None:
    backend = backend_for_app("nope")
    events = []
    backend.subscribe(events.append)
    config = VpnConfig(Protocol.OPENVPN, "client\n", None)
    with pytest.raises(SluisError, match="Unknown VPN backend"):
        await backend.up(config, profile=None)  # type: ignore[arg-type]
    assert [e.state.value for e in events] == ["connecting", "failed"]
    assert "Unknown VPN backend" in (events[-1].reason or "")
