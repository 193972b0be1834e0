"""OpenVPN configurations: what a backend needs to know, read through the one allow-listed model
of ``gui.core.openvpn_profile`` (which stays standalone: the root helper parses with it too).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gui.core.openvpn_profile import OpenVpnProfile, OpenVpnRemote, parse_profile


@dataclass(frozen=True)
class OpenVpnConfig:
    """What a backend needs to know before handing the text to OpenVPN or NetworkManager."""

    # In the file's order, which is the order OpenVPN tries them (TCP first after ``prefer_tcp``).
    remotes: tuple[OpenVpnRemote, ...]
    # Names of the inline blocks present (``ca``, ``cert``, ``key``, ``tls-crypt``, …).
    inline_blocks: frozenset[str]
    auth_user_pass: bool = False
    static_challenge: bool = False
    dev: str | None = None
    # The allowed model; its ``render()`` is the only OpenVPN text that is ever run.
    profile: OpenVpnProfile | None = field(default=None, repr=False, compare=False)

    @property
    def protos(self) -> frozenset[str]:
        return frozenset(r.proto for r in self.remotes)


def parse_openvpn(text: str) -> OpenVpnConfig:
    """The parsed view of an OpenVPN client configuration, read through the allow-listed model.

    Raises ``ConfigError`` ("line N: …") for malformed lines and unclosed blocks,
    ``RefusedDirectiveError`` for anything a client profile does not need, and ``ConfigError`` for a
    configuration without a ``remote``.
    """
    profile = parse_profile(text)
    dev = profile.first("dev")
    return OpenVpnConfig(
        remotes=profile.remotes,
        inline_blocks=frozenset(profile.blocks),
        auth_user_pass=profile.auth_user_pass,
        static_challenge=profile.static_challenge,
        dev=dev.args[0] if dev is not None else None,
        profile=profile,
    )
