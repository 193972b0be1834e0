"""The demo server's API v3: /info, /connect (protocol selection, errors, config lifecycle) and
/disconnect, checked over real HTTPS against the API text and the observed real server."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx2
import pytest

from gui.core.protocols import (
    LEGACY_PROTOCOLS,
    TRANSPORTS,
    Protocol,
    accept_header,
    parse_accept,
    select_protocol,
)
from gui.demoserver import DEFAULT_PROFILES, DemoConfig, DemoServer
from gui.demoserver.wireguard import generate_keypair

Headers = dict[str, str]

NO_COMMON = "no common VPN protocol support between client and server profile"
CONNECT_FAILED = "/connect failed: unable to connect using any of the common supported VPN protocols"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def bearer(server: DemoServer, client_id: str = "org.eduvpn.app.linux") -> Headers:
    return {"Authorization": f"Bearer {server.state.issue_tokens(client_id).access_token}"}


def connect(
    client: httpx2.Client, server: DemoServer, headers: Headers, accept: str | None = None, **data: str
) -> httpx2.Response:
    if accept is not None:
        headers = {**headers, "Accept": accept}
    return client.post(f"{server.api_endpoint}/connect", headers=headers, data=data)


def api_error(answer: httpx2.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    message: str = answer.json()["error"]
    return message


def auth_id_of(server: DemoServer, headers: Headers) -> str:
    auth = server.state.authorization_for(headers["Authorization"].removeprefix("Bearer "))
    assert auth is not None
    return auth.auth_id


# -- /info ---------------------------------------------------------------------------------------


def test_info_lists_every_kind_of_profile(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    answer = demo_http.get(f"{demo_server.api_endpoint}/info", headers=bearer(demo_server))
    assert answer.status_code == 200
    profiles = {p["profile_id"]: p for p in answer.json()["info"]["profile_list"]}
    assert set(profiles) == {"employees", "openvpn-only", "wireguard-only", "wireguard-tcp", "admins"}
    for profile in profiles.values():
        assert isinstance(profile["default_gateway"], bool)
        assert isinstance(profile["display_name"], str | dict)
        assert set(profile["vpn_proto_transport_list"]) <= set(TRANSPORTS)
        # The deprecated list names the protocol families the transport list implies.
        families = {TRANSPORTS[t].family for t in profile["vpn_proto_transport_list"]}
        assert {LEGACY_PROTOCOLS[p] for p in profile["vpn_proto_list"]} == families
        if "dns_search_domain_list" in profile:
            assert profile["dns_search_domain_list"]
            assert all(isinstance(d, str) for d in profile["dns_search_domain_list"])

    employees = profiles["employees"]
    assert {"en", "nl", "de", "fr", "es", "ar"} <= set(employees["display_name"])
    assert employees["default_gateway"] is True
    assert employees["vpn_proto_transport_list"] == ["openvpn+udp", "openvpn+tcp", "wireguard+udp"]
    assert employees["dns_search_domain_list"] == ["demo.invalid", "staff.demo.invalid"]
    assert profiles["admins"]["display_name"] == "Administrators"
    assert profiles["admins"]["default_gateway"] is False
    assert profiles["wireguard-tcp"]["vpn_proto_transport_list"] == ["wireguard+udp", "wireguard+tcp"]
    assert profiles["wireguard-tcp"]["vpn_proto_list"] == ["wireguard"]
    assert profiles["openvpn-only"]["vpn_proto_list"] == ["openvpn"]
    assert "dns_search_domain_list" not in profiles["openvpn-only"]


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-token", "Basic ZGVtbzpkZW1v", "Token abc"]
)
@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/info"), ("POST", "/connect"), ("POST", "/disconnect")]
)
def test_api_without_a_valid_token_is_401_invalid_token(
    demo_server: DemoServer, demo_http: httpx2.Client, authorization: str | None, method: str, path: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = demo_http.request(
        method, f"{demo_server.api_endpoint}{path}", headers=headers, data={"profile_id": "employees"}
    )
    assert answer.status_code == 401
    assert answer.json() == {"error": "invalid_token"}
    assert answer.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_expired_token_is_401_on_connect(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    headers = bearer(demo_server)
    demo_server.state.expire_access_tokens()
    assert api_error(connect(demo_http, demo_server, headers, profile_id="employees"), 401) == "invalid_token"
    assert demo_server.state.active_configs() == []


# -- /connect: protocol selection -------------------------------------------------------------

ACCEPTS: list[str | None] = [None] + [
    accept_header(combo) for n in (1, 2, 3) for combo in itertools.combinations(list(Protocol), n)
]


def expected_protocol(
    profile_protocols: frozenset[Protocol],
    accept: str | None,
    public_key: bool,
    prefer_tcp: bool,
    preferred: Protocol,
) -> Protocol | None:
    accepted = parse_accept(accept)
    if not public_key:
        accepted -= {Protocol.WIREGUARD, Protocol.WIREGUARD_TCP}
    return select_protocol(profile_protocols & accepted, prefer_tcp=prefer_tcp, preferred=preferred)


@pytest.mark.parametrize("preferred", [Protocol.WIREGUARD, Protocol.OPENVPN])
def test_connect_selects_protocols_like_select_protocol(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client, preferred: Protocol
) -> None:
    server = demo_server_factory(preferred_protocol=preferred)
    headers = bearer(server)
    key = generate_keypair().public_key
    seen: set[Protocol | None] = set()
    for profile, accept, with_key, prefer_tcp in itertools.product(
        DEFAULT_PROFILES, ACCEPTS, (True, False), (True, False)
    ):
        data = {"profile_id": profile.profile_id, "prefer_tcp": "yes" if prefer_tcp else "no"}
        if with_key:
            data["public_key"] = key
        answer = connect(demo_http, server, headers, accept, **data)
        expected = expected_protocol(profile.protocols, accept, with_key, prefer_tcp, preferred)
        seen.add(expected)
        case = f"{profile.profile_id} accept={accept} key={with_key} tcp={prefer_tcp}"
        if expected is None:
            assert api_error(answer, 406) == NO_COMMON, case
        else:
            assert answer.status_code == 200, case
            assert answer.headers["content-type"] == expected.media_type, case
    assert seen == {None, *Protocol}  # the matrix reaches every outcome


def test_server_preference_decides_when_the_client_takes_both(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    key = generate_keypair().public_key
    for preferred in (Protocol.WIREGUARD, Protocol.OPENVPN):
        server = demo_server_factory(preferred_protocol=preferred)
        answer = connect(demo_http, server, bearer(server), None, profile_id="employees", public_key=key)
        assert answer.headers["content-type"] == preferred.media_type


def test_accept_is_matched_by_exact_media_type(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    headers = bearer(demo_server)
    key = generate_keypair().public_key
    cases = {
        "application/x-openvpn-profile;q=0.9": Protocol.OPENVPN,
        "*/*": Protocol.WIREGUARD,  # nothing recognised: OpenVPN and WireGuard, server prefers WireGuard
        "application/json, application/x-openvpn-profile": Protocol.OPENVPN,
        "APPLICATION/X-WIREGUARD+TCP-PROFILE": Protocol.WIREGUARD_TCP,
    }
    for accept, protocol in cases.items():
        answer = connect(demo_http, demo_server, headers, accept, profile_id="wireguard-tcp", public_key=key)
        if protocol is Protocol.OPENVPN:
            assert api_error(answer, 406) == NO_COMMON
            answer = connect(demo_http, demo_server, headers, accept, profile_id="employees", public_key=key)
        assert answer.headers["content-type"] == protocol.media_type, accept


# -- /connect: errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({}, 400, 'missing post parameter "profile_id"'),
        ({"public_key": "x"}, 400, 'missing post parameter "profile_id"'),
        ({"profile_id": ""}, 400, 'invalid value for "profile_id"'),
        ({"profile_id": "emp loyees"}, 400, 'invalid value for "profile_id"'),
        ({"profile_id": "../info"}, 400, 'invalid value for "profile_id"'),
        ({"profile_id": "médewerkers"}, 400, 'invalid value for "profile_id"'),
        ({"profile_id": "employees", "prefer_tcp": "on"}, 400, 'invalid value for "prefer_tcp"'),
        ({"profile_id": "employees", "prefer_tcp": ""}, 400, 'invalid value for "prefer_tcp"'),
        ({"profile_id": "employees", "prefer_tcp": "true"}, 400, 'invalid value for "prefer_tcp"'),
        ({"profile_id": "employees", "public_key": "not-a-key"}, 400, 'invalid value for "public_key"'),
        ({"profile_id": "employees", "public_key": "A" * 43}, 400, 'invalid value for "public_key"'),
        ({"profile_id": "nobody"}, 404, 'no such "profile_id"'),
        ({"profile_id": "Employees"}, 404, 'no such "profile_id"'),
        ({"profile_id": "wireguard-only"}, 406, NO_COMMON),
        ({"profile_id": "wireguard-tcp", "prefer_tcp": "yes"}, 406, NO_COMMON),
    ],
)
def test_connect_errors_match_the_real_server(
    demo_server: DemoServer, demo_http: httpx2.Client, data: dict[str, str], status: int, message: str
) -> None:
    answer = connect(demo_http, demo_server, bearer(demo_server), **data)
    assert api_error(answer, status) == message


def test_openvpn_only_client_on_wireguard_profile_is_406(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    key = generate_keypair().public_key
    answer = connect(
        demo_http,
        demo_server,
        bearer(demo_server),
        "application/x-openvpn-profile",
        profile_id="wireguard-only",
        public_key=key,
    )
    assert api_error(answer, 406) == NO_COMMON


def test_public_key_of_another_authorization_is_a_500(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    key = generate_keypair().public_key
    first, second = bearer(demo_server), bearer(demo_server)
    assert (
        connect(demo_http, demo_server, first, profile_id="wireguard-only", public_key=key).status_code == 200
    )
    answer = connect(demo_http, demo_server, second, profile_id="wireguard-only", public_key=key)
    assert api_error(answer, 500).startswith("/connect failed")
    # The same authorization may use its key again: the new config replaces the old.
    assert (
        connect(demo_http, demo_server, first, profile_id="wireguard-only", public_key=key).status_code == 200
    )


def test_injected_failure_answers_500_once(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    headers = bearer(demo_server)
    demo_server.state.fail_next_connect()
    assert (
        api_error(connect(demo_http, demo_server, headers, profile_id="openvpn-only"), 500) == CONNECT_FAILED
    )
    assert connect(demo_http, demo_server, headers, profile_id="openvpn-only").status_code == 200


def test_injected_failure_comes_after_the_request_checks(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    headers = bearer(demo_server)
    demo_server.state.fail_next_connect()
    assert api_error(connect(demo_http, demo_server, headers, profile_id="nobody"), 404)
    assert api_error(connect(demo_http, demo_server, headers, profile_id="employees"), 500) == CONNECT_FAILED


def test_server_falls_back_when_its_preferred_protocol_cannot_be_set_up(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    headers = bearer(demo_server)
    key = generate_keypair().public_key
    demo_server.state.broken_protocols.add(Protocol.WIREGUARD)
    fallback = connect(demo_http, demo_server, headers, profile_id="employees", public_key=key)
    assert fallback.headers["content-type"] == Protocol.OPENVPN.media_type
    stuck = connect(demo_http, demo_server, headers, profile_id="wireguard-only", public_key=key)
    assert api_error(stuck, 500) == CONNECT_FAILED


def test_exhausted_address_pool_falls_back_to_openvpn(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    pool = demo_server.state.wireguard.pool("employees")
    while True:
        try:
            pool.allocate()
        except Exception:
            break
    answer = connect(
        demo_http,
        demo_server,
        bearer(demo_server),
        profile_id="employees",
        public_key=generate_keypair().public_key,
    )
    assert answer.headers["content-type"] == Protocol.OPENVPN.media_type


# -- /connect: sessions and the life of configurations ------------------------------------------


def test_expires_is_the_session_end_on_every_connect(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    clock = FakeClock()
    server = demo_server_factory(clock=clock)
    headers = bearer(server)
    first = connect(demo_http, server, headers, profile_id="openvpn-only")
    clock.now += 1800
    second = connect(demo_http, server, headers, profile_id="openvpn-only")

    assert first.status_code == 200  # the real server answers 200, not the API text's 201
    expires = parsedate_to_datetime(first.headers["expires"])
    assert second.headers["expires"] == first.headers["expires"]
    assert expires.timestamp() == 1_800_000_000 + 90 * 86_400
    later = connect(demo_http, server, bearer(server), profile_id="openvpn-only")
    assert parsedate_to_datetime(later.headers["expires"]).timestamp() == expires.timestamp() + 1800


def test_session_lifetime_is_configurable(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    clock = FakeClock()
    server = demo_server_factory(clock=clock, session_lifetime=86_400)
    answer = connect(demo_http, server, bearer(server), profile_id="openvpn-only")
    assert parsedate_to_datetime(answer.headers["expires"]).timestamp() == 1_800_000_000 + 86_400


def test_connect_replaces_the_earlier_configs_of_the_authorization(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    headers = bearer(demo_server)
    old_key, new_key = generate_keypair().public_key, generate_keypair().public_key
    connect(demo_http, demo_server, headers, profile_id="wireguard-only", public_key=old_key)
    connect(demo_http, demo_server, headers, profile_id="wireguard-only", public_key=new_key)

    active = demo_server.state.active_configs(auth_id_of(demo_server, headers))
    assert len(active) == 1
    assert set(demo_server.state.wireguard_peers()) == {new_key}
    openvpn = connect(demo_http, demo_server, headers, profile_id="openvpn-only")
    assert openvpn.status_code == 200
    assert demo_server.state.wireguard_peers() == {}


def test_a_user_holds_at_most_three_active_configs(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    keys = [generate_keypair().public_key for _ in range(4)]
    for key in keys:  # four authorizations (say, four devices) of the same user
        headers = bearer(demo_server)
        assert (
            connect(demo_http, demo_server, headers, profile_id="wireguard-only", public_key=key).status_code
            == 200
        )
    assert set(demo_server.state.wireguard_peers()) == set(keys[1:])
    assert len(demo_server.state.active_configs()) == 3


def test_max_active_configs_is_configurable(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    server = demo_server_factory(max_active_configs=1)
    for _ in range(2):
        connect(demo_http, server, bearer(server), profile_id="openvpn-only")
    assert len(server.state.active_configs()) == 1
    released = server.state.retired_configs[0].certificate
    assert released is not None
    assert released.serial in server.state.pki.revoked_serials


def test_connect_log_records_what_the_client_sent(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    headers = bearer(demo_server)
    key = generate_keypair().public_key
    connect(
        demo_http,
        demo_server,
        headers,
        "application/x-wireguard-profile",
        profile_id="employees",
        public_key=key,
        prefer_tcp="yes",
    )
    record = demo_server.state.connect_log[-1]
    assert record.params.profile_id == "employees"
    assert record.params.public_key == key
    assert record.params.prefer_tcp is True
    assert record.params.accepted == {Protocol.WIREGUARD}
    assert (record.status, record.protocol) == (200, Protocol.WIREGUARD)


# -- /disconnect --------------------------------------------------------------------------------


def test_disconnect_is_204_every_time_and_releases_the_config(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    headers = bearer(demo_server)
    connect(
        demo_http, demo_server, headers, profile_id="wireguard-only", public_key=generate_keypair().public_key
    )
    auth_id = auth_id_of(demo_server, headers)
    for _ in range(2):
        answer = demo_http.post(f"{demo_server.api_endpoint}/disconnect", headers=headers)
        assert answer.status_code == 204
        assert answer.content == b""
    assert demo_server.state.disconnects(auth_id) == 2
    assert demo_server.state.wireguard_peers() == {}
    assert demo_server.state.active_configs(auth_id) == []
    # Tokens stay valid after /disconnect.
    assert demo_http.get(f"{demo_server.api_endpoint}/info", headers=headers).status_code == 200


def test_disconnect_releases_only_its_own_authorization(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    mine, theirs = bearer(demo_server), bearer(demo_server)
    connect(demo_http, demo_server, mine, profile_id="openvpn-only")
    connect(demo_http, demo_server, theirs, profile_id="openvpn-only")
    demo_http.post(f"{demo_server.api_endpoint}/disconnect", headers=mine)
    assert [c.auth_id for c in demo_server.state.active_configs()] == [auth_id_of(demo_server, theirs)]


def test_disconnect_can_end_the_authorization(
    demo_server_factory: Callable[..., DemoServer], demo_http: httpx2.Client
) -> None:
    server = demo_server_factory(DemoConfig(auto_approve=True, delete_authorization_on_disconnect=True))
    headers = bearer(server)
    assert demo_http.post(f"{server.api_endpoint}/disconnect", headers=headers).status_code == 204
    assert demo_http.get(f"{server.api_endpoint}/info", headers=headers).status_code == 401


def test_revoking_an_authorization_releases_its_configs(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    headers = bearer(demo_server)
    connect(
        demo_http, demo_server, headers, profile_id="wireguard-only", public_key=generate_keypair().public_key
    )
    demo_server.state.revoke_authorization(auth_id_of(demo_server, headers))
    assert demo_server.state.wireguard_peers() == {}
    assert demo_server.state.active_configs() == []
