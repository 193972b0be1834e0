"""VPN protocol selection, row by row against the API text's two tables, and the Accept header."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.protocols import (
    DEFAULT_ACCEPTED,
    Protocol,
    accept_header,
    parse_accept,
    select_protocol,
)

OV, WG, WGT = Protocol.OPENVPN, Protocol.WIREGUARD, Protocol.WIREGUARD_TCP
NA = None
PREFERRED = "Preferred Protocol"

# "VPN Protocol Selection", "Without WireGuard+TCP support": OpenVPN, WireGuard, prefer_tcp, Result.
TABLE_WITHOUT_TCP = [
    (False, False, False, NA),
    (False, True, False, WG),
    (True, False, False, OV),
    (True, True, False, PREFERRED),
    (False, False, True, NA),
    (False, True, True, WG),
    (True, False, True, OV),
    (True, True, True, OV),
]
# "With WireGuard+TCP support": OpenVPN, WireGuard, WireGuard+TCP, prefer_tcp, Result.
TABLE_WITH_TCP = [
    (False, False, False, False, NA),
    (False, False, True, False, WGT),
    (False, True, False, False, WG),
    (False, True, True, False, WG),
    (True, False, False, False, OV),
    (True, False, True, False, PREFERRED),
    (True, True, False, False, PREFERRED),
    (True, True, True, False, PREFERRED),
    (False, False, False, True, NA),
    (False, False, True, True, WGT),
    (False, True, False, True, WG),
    (False, True, True, True, WGT),
    (True, False, False, True, OV),
    (True, False, True, True, PREFERRED),
    (True, True, False, True, OV),
    (True, True, True, True, PREFERRED),
]


def _available(openvpn: bool, wireguard: bool, wireguard_tcp: bool = False) -> set[Protocol]:
    return {p for p, on in ((OV, openvpn), (WG, wireguard), (WGT, wireguard_tcp)) if on}


def _preferred_wireguard(wireguard: bool, wireguard_tcp: bool, prefer_tcp: bool) -> Protocol:
    """What "Preferred Protocol" means for a server preferring WireGuard: the TCP transport when the
    client prefers TCP and it is there, or when it is the only WireGuard there is."""
    if wireguard_tcp and (prefer_tcp or not wireguard):
        return WGT
    return WG


@pytest.mark.parametrize("row", range(len(TABLE_WITHOUT_TCP)), ids=lambda i: f"row{i + 1}")
@pytest.mark.parametrize("preferred", [OV, WG])
def test_table_without_wireguard_tcp(row: int, preferred: Protocol) -> None:
    openvpn, wireguard, prefer_tcp, result = TABLE_WITHOUT_TCP[row]
    expected = preferred if result == PREFERRED else result
    got = select_protocol(_available(openvpn, wireguard), prefer_tcp=prefer_tcp, preferred=preferred)
    assert got is expected


@pytest.mark.parametrize("row", range(len(TABLE_WITH_TCP)), ids=lambda i: f"row{i + 1}")
@pytest.mark.parametrize("preferred", [OV, WG])
def test_table_with_wireguard_tcp(row: int, preferred: Protocol) -> None:
    openvpn, wireguard, wireguard_tcp, prefer_tcp, result = TABLE_WITH_TCP[row]
    expected: Protocol | None
    if result == PREFERRED:
        expected = OV if preferred is OV else _preferred_wireguard(wireguard, wireguard_tcp, prefer_tcp)
    else:
        assert result is None or isinstance(result, Protocol)
        expected = result
    got = select_protocol(
        _available(openvpn, wireguard, wireguard_tcp), prefer_tcp=prefer_tcp, preferred=preferred
    )
    assert got is expected


def test_the_note_openvpn_wins_with_prefer_tcp_even_when_the_server_prefers_wireguard() -> None:
    assert select_protocol({OV, WG}, prefer_tcp=True, preferred=WG) is OV


def test_default_preference_is_openvpn_and_wireguard_tcp_counts_as_wireguard() -> None:
    assert select_protocol({OV, WG}, prefer_tcp=False) is OV
    assert select_protocol({OV, WG, WGT}, prefer_tcp=True, preferred=WGT) is WGT
    assert select_protocol(iter([WG, WGT]), prefer_tcp=False) is WG  # any iterable


@given(st.sets(st.sampled_from(list(Protocol))), st.booleans(), st.sampled_from(list(Protocol)))
def test_the_result_is_always_one_of_the_available(
    available: set[Protocol], tcp: bool, preferred: Protocol
) -> None:
    got = select_protocol(available, prefer_tcp=tcp, preferred=preferred)
    assert (got is None) == (not available)
    assert got is None or got in available


# --- Accept ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, {OV, WG}),  # the API: a missing header means OpenVPN and WireGuard, not WireGuard+TCP
        ("", {OV, WG}),
        ("*/*", {OV, WG}),
        ("application/json", {OV, WG}),
        ("text/html, application/xhtml+xml;q=0.9", {OV, WG}),
        ("application/x-openvpn-profile", {OV}),
        ("application/x-wireguard-profile", {WG}),
        ("application/x-wireguard+tcp-profile", {WGT}),
        ("application/x-wireguard-profile;q=0.9, application/x-openvpn-profile", {OV, WG}),
        ("application/x-wireguard-profile;q=0", {WG}),  # the server ignores parameters, q=0 included
        (" application/x-openvpn-profile ; charset=x ,*/*", {OV}),
        (
            "application/x-openvpn-profile,application/x-wireguard-profile,application/x-wireguard+tcp-profile",
            {OV, WG, WGT},
        ),
        ("Application/X-WireGuard-Profile", {WG}),
        ("application/x-wireguard-profile-v2, application/x-openvpn", {OV, WG}),
    ],
)
def test_parse_accept(header: str | None, expected: set[Protocol]) -> None:
    assert parse_accept(header) == expected


def test_accept_header_is_the_apis_exact_value() -> None:
    assert accept_header([WGT, OV, WG]) == (
        "application/x-openvpn-profile,application/x-wireguard-profile,application/x-wireguard+tcp-profile"
    )
    assert accept_header({WG}) == "application/x-wireguard-profile"
    assert accept_header([WG, WG, OV]) == "application/x-openvpn-profile,application/x-wireguard-profile"
    assert parse_accept(accept_header([])) == DEFAULT_ACCEPTED


def test_accept_header_takes_a_generator() -> None:
    wanted = [WG, OV]
    assert accept_header(p for p in wanted) == "application/x-openvpn-profile,application/x-wireguard-profile"


@given(st.sets(st.sampled_from(list(Protocol)), min_size=1))
def test_accept_header_round_trips(protocols: set[Protocol]) -> None:
    assert parse_accept(accept_header(protocols)) == protocols


@given(st.text(max_size=80))
def test_parse_accept_never_fails(header: str) -> None:
    assert parse_accept(header) <= set(Protocol)
    assert parse_accept(header)


def test_media_types_and_families() -> None:
    assert OV.media_type == "application/x-openvpn-profile"
    assert WG.media_type == "application/x-wireguard-profile"
    assert WGT.media_type == "application/x-wireguard+tcp-profile"
    assert WGT.family is WG
    assert WG.family is WG
    assert OV.family is OV


# -- the client's side of prefer_tcp --------------------------------------------------------------------


def test_prefer_tcp_asks_for_wireguard_over_tcp_only_where_both_sides_have_it() -> None:
    from gui.core.protocols import tcp_preference

    everything = {OV, WG, WGT}
    assert tcp_preference(everything, {OV, WGT}, prefer_tcp=True) == {WGT}
    assert tcp_preference(everything, {OV, WGT}, prefer_tcp=False) == everything
    assert tcp_preference(everything, {OV, WG}, prefer_tcp=True) == everything, "not offered: unchanged"
    assert tcp_preference({OV, WG}, {OV, WGT}, prefer_tcp=True) == {OV, WG}, "the client cannot run it"


async def test_prefer_tcp_gets_wireguard_over_tcp_from_a_server_that_prefers_openvpn(
    demo_server_factory: Any, trust_demo_ca: Any, tmp_path: Any
) -> None:
    """The server's table alone would give OpenVPN (TCP first) here; the client's narrower Accept
    gets the faster WireGuard over TCP instead."""
    from gui.demoserver import DemoConfig
    from gui.demoserver.profiles import DemoProfile
    from tests.support.netns import memory_service

    both = DemoProfile(
        profile_id="both-tcp",
        display_name="Both over TCP",
        transports=("openvpn+udp", "openvpn+tcp", "wireguard+udp", "wireguard+tcp"),
        default_gateway=True,
        range4="10.48.48.0/24",
        range6="fd48::/64",
    )
    demo = demo_server_factory(DemoConfig(auto_approve=True, profiles=(both,), preferred_protocol=OV))
    service = memory_service(tmp_path, demo)
    _, config = await service.obtain_config(demo.base_url, "both-tcp", accept={OV, WG, WGT}, prefer_tcp=True)
    assert config.protocol is WGT
    _, config = await service.obtain_config(demo.base_url, "both-tcp", accept={OV, WG, WGT}, prefer_tcp=False)
    assert config.protocol is OV
