"""The /info profile list: the API text's sample, newer and older servers, and garbage."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import ServerResponseError, SluisError
from gui.core.profiles import Profile, parse_info
from gui.core.protocols import Protocol

# The API text's /info example.
SAMPLE: dict[str, Any] = {
    "info": {
        "profile_list": [
            {
                "default_gateway": True,
                "display_name": {"en": "Employees", "nl": "Medewerkers"},
                "profile_id": "employees",
                "vpn_proto_list": ["openvpn", "wireguard"],
            },
            {
                "default_gateway": False,
                "display_name": "Administrators",
                "profile_id": "admins",
                "vpn_proto_list": ["wireguard"],
            },
        ]
    }
}
# A 3.5.6+ server: the transport list next to the deprecated protocol list, and search domains.
MODERN: dict[str, Any] = {
    "info": {
        "profile_list": [
            {
                "default_gateway": False,
                "display_name": {"en-US": "Lab network", "de-DE": "Labornetz"},
                "dns_search_domain_list": ["lab.example.org", "example.org"],
                "profile_id": "lab",
                "vpn_proto_list": ["openvpn", "wireguard"],
                "vpn_proto_transport_list": ["openvpn+udp", "openvpn+tcp", "wireguard+udp", "wireguard+tcp"],
            }
        ]
    }
}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
PROFILE_KEYS = [
    "profile_id",
    "display_name",
    "default_gateway",
    "vpn_proto_list",
    "vpn_proto_transport_list",
    "dns_search_domain_list",
]


def _body(doc: object) -> bytes:
    return json.dumps(doc).encode()


def _one(profile: dict[str, Any]) -> Profile:
    (result,) = parse_info(_body({"info": {"profile_list": [profile]}}))
    return result


def test_the_api_texts_sample() -> None:
    employees, admins = parse_info(_body(SAMPLE))
    assert employees.profile_id == "employees"
    assert employees.name(["nl-NL"]) == "Medewerkers"
    assert employees.name(["fr"]) == "Employees"
    assert employees.protocols == {Protocol.OPENVPN, Protocol.WIREGUARD}
    assert employees.transports == frozenset()  # the legacy list says nothing about transports
    assert employees.default_gateway is True
    assert not employees.supports_tcp
    assert admins.name(["nl"]) == "Administrators"
    assert admins.protocols == {Protocol.WIREGUARD}
    assert admins.default_gateway is False
    assert admins.dns_search_domains == ()
    assert admins.usable


def test_transport_list_supersedes_the_legacy_list() -> None:
    (lab,) = parse_info(_body(MODERN))
    assert lab.protocols == {Protocol.OPENVPN, Protocol.WIREGUARD, Protocol.WIREGUARD_TCP}
    assert lab.transports == {"openvpn+udp", "openvpn+tcp", "wireguard+udp", "wireguard+tcp"}
    assert lab.supports_tcp
    assert lab.dns_search_domains == ("lab.example.org", "example.org")
    assert lab.name(["de_DE"]) == "Labornetz"
    assert lab.name([]) == "Lab network"


def test_transport_list_wins_even_when_it_says_less() -> None:
    profile = copy.deepcopy(MODERN["info"]["profile_list"][0])
    profile["vpn_proto_transport_list"] = ["wireguard+udp"]
    lab = _one(profile)
    assert lab.protocols == {Protocol.WIREGUARD}
    assert not lab.supports_tcp
    profile["vpn_proto_transport_list"] = []
    assert _one(profile).protocols == frozenset()


@pytest.mark.parametrize(
    ("transports", "tcp"),
    [(["openvpn+tcp"], True), (["wireguard+tcp"], True), (["openvpn+udp", "wireguard+udp"], False)],
)
def test_supports_tcp(transports: list[str], tcp: bool) -> None:
    assert _one({"profile_id": "p", "vpn_proto_transport_list": transports}).supports_tcp is tcp


def test_unknown_protocols_are_skipped_and_the_profile_kept() -> None:
    future = _one({"profile_id": "future", "display_name": "Future", "vpn_proto_list": ["ipsec", "openvpn"]})
    assert future.protocols == {Protocol.OPENVPN}
    none_known = _one({"profile_id": "x", "vpn_proto_transport_list": ["wireguard+quic"]})
    assert none_known.protocols == frozenset()
    assert none_known.transports == frozenset()
    assert not none_known.usable


def test_lenient_defaults_for_missing_fields() -> None:
    bare = _one({"profile_id": "bare"})
    assert bare == Profile("bare", "bare", frozenset(), frozenset(), True, ())
    assert bare.name(["en"]) == "bare"
    assert _one({"profile_id": "n", "default_gateway": None, "vpn_proto_list": None}).default_gateway


def test_names_are_cleaned_for_display() -> None:
    profile = _one({"profile_id": "p", "display_name": "Staff\n\x1b[31m  network\u0000"})
    assert profile.name([]) == "Staff [31m network"
    empty = _one({"profile_id": "p", "display_name": {}})
    assert empty.name(["en"]) == "p"


def test_invalid_search_domains_are_skipped() -> None:
    profile = _one(
        {
            "profile_id": "p",
            "dns_search_domain_list": ["ok.example", "bad domain", "", "a" * 300, "ok.example"],
        }
    )
    assert profile.dns_search_domains == ("ok.example",)


def test_profile_is_hashable_and_frozen() -> None:
    employees, admins = parse_info(_body(SAMPLE))
    assert len({employees, admins, employees}) == 2
    with pytest.raises(AttributeError):
        employees.profile_id = "other"  # type: ignore[misc]


def test_empty_profile_list_is_fine() -> None:
    assert parse_info(b'{"info": {"profile_list": []}}') == []


@pytest.mark.parametrize(
    ("profile", "detail"),
    [
        ({"display_name": "x"}, "profile_id"),
        ({"profile_id": ""}, "profile_id"),
        ({"profile_id": 7}, "profile_id"),
        ({"profile_id": "a\nb"}, "profile_id"),
        ({"profile_id": " padded "}, "profile_id"),
        ({"profile_id": "p", "default_gateway": "yes"}, "default_gateway"),
        ({"profile_id": "p", "default_gateway": 1}, "default_gateway"),
        ({"profile_id": "p", "display_name": 5}, "display_name"),
        ({"profile_id": "p", "display_name": {"en": 5}}, "display_name"),
        ({"profile_id": "p", "vpn_proto_list": "openvpn"}, "vpn_proto_list"),
        ({"profile_id": "p", "vpn_proto_list": [1]}, "vpn_proto_list"),
        ({"profile_id": "p", "vpn_proto_transport_list": {"openvpn+udp": True}}, "vpn_proto_transport_list"),
        ({"profile_id": "p", "dns_search_domain_list": "example.org"}, "dns_search_domain_list"),
    ],
)
def test_wrong_types_are_refused_with_the_field_named(profile: dict[str, Any], detail: str) -> None:
    with pytest.raises(ServerResponseError, match=detail):
        _one(profile)


def test_duplicate_profile_ids_are_refused() -> None:
    doc = copy.deepcopy(SAMPLE)
    doc["info"]["profile_list"][1]["profile_id"] = "employees"
    with pytest.raises(ServerResponseError, match="two profiles"):
        parse_info(_body(doc))


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"null",
        b"[]",
        b'{"info": []}',
        b'{"info": {}}',
        b'{"info": {"profile_list": {}}}',
        b'{"info": {"profile_list": [1]}}',
        b"\x80",
        b"{" * 50_000,
    ],
)
def test_malformed_bodies(body: bytes) -> None:
    with pytest.raises(ServerResponseError):
        parse_info(body)


def _check(body: bytes) -> None:
    try:
        result = parse_info(body)
    except SluisError:
        return
    assert isinstance(result, list)
    for profile in result:
        assert isinstance(profile, Profile)
        assert profile.name(["en", "nl"])
        assert isinstance(profile.supports_tcp, bool)
        hash(profile)


@given(st.binary(max_size=300))
def test_random_bytes(body: bytes) -> None:
    _check(body)


@given(JSON)
def test_random_json(doc: object) -> None:
    _check(_body(doc))


@given(JSON)
def test_random_profile_list_entries(entries: object) -> None:
    _check(_body({"info": {"profile_list": entries if isinstance(entries, list) else [entries]}}))


@given(st.integers(0, 1), st.sampled_from(PROFILE_KEYS), JSON, st.booleans())
def test_mutated_sample(index: int, key: str, value: object, delete: bool) -> None:
    doc = copy.deepcopy(SAMPLE)
    profile = doc["info"]["profile_list"][index]
    if delete:
        profile.pop(key, None)
    else:
        profile[key] = value
    _check(_body(doc))


@given(st.sampled_from(PROFILE_KEYS), st.lists(st.text(max_size=15), max_size=5) | st.text(max_size=15))
def test_random_strings_in_string_fields(key: str, value: object) -> None:
    profile = copy.deepcopy(MODERN["info"]["profile_list"][0])
    profile[key] = value
    _check(
        json.dumps({"info": {"profile_list": [profile]}}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
