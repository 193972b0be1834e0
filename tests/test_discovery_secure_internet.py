"""Secure Internet: home servers, the WAYF skip, locations with bundled country names and flags."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from gui.core.discovery import (
    DiscoveryServer,
    Organization,
    ServerList,
    ServerType,
    country_name,
    flag,
    home_server,
    locations,
    parse_organization_list,
    parse_server_list,
    wayf_url,
)
from tests.support.signed_lists import list_dir

AUTHORIZE = (
    "https://eduvpn1.funet.fi/vpn-user-portal/oauth/authorize?client_id=org.eduvpn.app.linux"
    "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8123%2Fcallback&response_type=code&scope=config"
    "&state=s+t&code_challenge_method=S256&code_challenge=abc"
)


def server_list(period: str) -> ServerList:
    return parse_server_list(json.loads((list_dir(period) / "server_list.json").read_bytes()))


@pytest.fixture(scope="module")
def servers() -> ServerList:
    return server_list("2022-12")


@pytest.fixture(scope="module")
def organizations() -> tuple[Organization, ...]:
    raw = json.loads((list_dir("2022-12") / "organization_list.json").read_bytes())
    return parse_organization_list(raw).organizations


def test_the_home_server_of_an_organization(
    servers: ServerList, organizations: tuple[Organization, ...]
) -> None:
    turku = next(o for o in organizations if o.org_id == "https://sso.utu.fi/sso-idp")
    home = home_server(turku, servers.servers)
    assert home is not None
    assert (home.base_url, home.country_code) == ("https://eduvpn1.funet.fi/", "FI")
    orphan = Organization("urn:x", "Nowhere", "https://gone.example.org/")
    assert home_server(orphan, servers.servers) is None


def test_every_real_organization_has_its_home_listed(
    servers: ServerList, organizations: tuple[Organization, ...]
) -> None:
    missing = {o.secure_internet_home for o in organizations if home_server(o, servers.servers) is None}
    assert missing == set()


def test_wayf_skip_fills_the_template_with_encoded_values(servers: ServerList) -> None:
    funet = servers.find("https://eduvpn1.funet.fi/")
    assert funet is not None
    org_id = "https://idp.samk.fi/idp/shibboleth"
    url = wayf_url(funet, org_id, AUTHORIZE)
    assert url.startswith("https://eduvpn1.funet.fi/Shibboleth.sso/Login?entityID=https%3A%2F%2Fidp.samk.fi")
    assert "@" not in url
    # The identity provider gets back exactly the org id and the authorization URL, state included.
    query = parse_qs(urlsplit(url).query)
    assert query == {"entityID": [org_id], "target": [AUTHORIZE]}


def test_wayf_skip_on_the_german_template(servers: ServerList) -> None:
    dfn = servers.find("https://eduvpn1.eduvpn.de/")
    assert dfn is not None
    org_id = "https://idp.uni-example.de/idp/shibboleth"
    url = wayf_url(dfn, org_id, AUTHORIZE)
    assert urlsplit(url).path == "/saml/login"
    assert parse_qs(urlsplit(url).query) == {"ReturnTo": [AUTHORIZE], "IdP": [org_id]}


def test_without_a_template_the_authorization_url_is_used_as_is(servers: ServerList) -> None:
    rash = servers.find("https://eduvpn.rash.al/")
    assert rash is not None
    assert rash.authentication_url_template is None
    assert wayf_url(rash, "urn:org", AUTHORIZE) == AUTHORIZE


def test_locations_list_each_country_once_sorted_for_the_reader(servers: ServerList) -> None:
    found = locations(servers.servers, ["nl-NL"])
    codes = [loc.country_code for loc in found]
    assert sorted(codes) == [
        "AL",
        "DE",
        "DK",
        "EE",
        "FI",
        "KE",
        "LK",
        "MA",
        "MY",
        "NL",
        "PK",
        "UA",
        "UG",
        "ZA",
    ]
    shown = [loc.country_name for loc in found]
    assert shown == sorted(shown, key=str.casefold)
    netherlands = next(loc for loc in found if loc.country_code == "NL")
    assert (netherlands.country_name, netherlands.flag) == ("Nederland", "🇳🇱")
    assert netherlands.server.server_type is ServerType.SECURE_INTERNET
    assert netherlands.server.base_url == "https://nl.eduvpn.org/"


def test_switching_location_needs_only_another_listed_server(servers: ServerList) -> None:
    by_code = {loc.country_code: loc.server for loc in locations(servers.servers, ["en"])}
    assert by_code["DE"].base_url == "https://eduvpn1.eduvpn.de/"
    assert all(s.server_type is ServerType.SECURE_INTERNET for s in by_code.values())
    institute = DiscoveryServer(ServerType.INSTITUTE_ACCESS, "https://i.example.org/", display_name="I")
    assert locations([institute], ["en"]) == []


@pytest.mark.parametrize("language", ["en", "nl", "de", "fr", "es", "ar"])
def test_every_listed_country_has_a_bundled_name(language: str) -> None:
    codes = {
        s.country_code
        for period in ("2021-03", "2022-12")
        for s in server_list(period).servers
        if s.country_code
    }
    assert len(codes) == 17
    for code in codes:
        name = country_name(code, [language])
        assert name
        assert name != code


@pytest.mark.parametrize(
    ("code", "languages", "name"),
    [
        ("DE", ["de-CH"], "Deutschland"),
        ("NL", ["fr-BE"], "Pays-Bas"),
        ("MA", ["ar"], "المغرب"),
        ("ZA", ["es-419"], "Sudáfrica"),
        ("KE", ["xx", "en"], "Kenya"),
        ("UA", ["fy"], "Ukraine"),  # no Frisian names: English
        ("QQ", ["en"], "QQ"),  # unknown code: the code itself
    ],
)
def test_country_names_follow_the_language_rule(code: str, languages: list[str], name: str) -> None:
    assert country_name(code, languages) == name


@pytest.mark.parametrize(("code", "emoji"), [("NL", "🇳🇱"), ("fi", "🇫🇮"), ("ZA", "🇿🇦"), ("N", ""), ("N1", "")])
def test_flags_are_regional_indicator_pairs(code: str, emoji: str) -> None:
    assert flag(code) == emoji
