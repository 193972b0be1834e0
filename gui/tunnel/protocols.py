"""Which protocols a ``/connect`` may ask for: the one rule, applied on every path.

The backend says what it can run. IT's policy may lock ``preferred_protocol``: then that protocol
is the only one asked for, and an explicit request for another one (``sluis connect --protocol``,
the control API) is refused with a clear message instead of quietly getting what IT ruled out. An
unlocked preference narrows the request when the profile offers it; the server still decides and
the ``Content-Type`` says what came.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from gui.core.errors import ProtocolNotAllowedError
from gui.core.policy import Policy
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.settings import Settings


def allowed_protocols(
    backend_protocols: Iterable[Protocol],
    settings: Settings,
    policy: Policy,
    *,
    profile: Profile | None = None,
    requested: Protocol | None = None,
) -> frozenset[Protocol]:
    """The ``Accept`` set for ``/connect``; ``ProtocolNotAllowedError`` when nothing may be asked."""
    ours = frozenset(backend_protocols)
    preferred: Protocol | None = None
    with contextlib.suppress(ValueError, TypeError):
        preferred = Protocol(settings.preferred_protocol) if settings.preferred_protocol else None
    locked = preferred is not None and policy.is_locked("preferred_protocol")
    if requested is not None:
        if locked and requested is not preferred:
            assert preferred is not None
            raise ProtocolNotAllowedError(protocol=requested.value, required=preferred.value)
        if requested not in ours:
            raise ProtocolNotAllowedError(protocol=requested.value, required=_names(ours))
        return frozenset({requested})
    if locked:
        assert preferred is not None
        if preferred not in ours:
            raise ProtocolNotAllowedError(protocol=_names(ours), required=preferred.value)
        return frozenset({preferred})
    if preferred is not None and preferred in ours and (profile is None or preferred in profile.protocols):
        return frozenset({preferred})
    return ours


def _names(protocols: Iterable[Protocol]) -> str:
    return ", ".join(sorted(p.value for p in protocols)) or "none"
