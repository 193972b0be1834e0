"""The discovery model parsed from the real 2022 lists: fields, lenient parsing, language, delisting."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gui.core.discovery import (
    DiscoveryServer,
    LanguageMap,
    MalformedListError,
    Organization,
    ServerList,
    ServerType,
    delisted,
    parse_organization_list,
    parse_server_list,
)
from tests.support.signed_lists import list_dir

NEW = list_dir("2022-12")


def document(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((NEW / name).read_text("utf-8"))
    return loaded


@pytest.fixture(scope="module")
def servers() -> ServerList:
    return parse_server_list(document("server_list.json"))


@pytest.fixture(scope="module")
def organizations() -> tuple[Organization, ...]:
    return parse_organization_list(document("organization_list.json")).organizations


def test_every_real_entry_is_parsed(servers: ServerList, organizations: tuple[Organization, ...]) -> None:
    assert servers.v == 1671801755
    assert len(servers.servers) == 131
    assert len(organizations) == 857
    kinds = {s.server_type for s in servers.servers}
    assert kinds == {ServerType.INSTITUTE_ACCESS, ServerType.SECURE_INTERNET}
    # Frozen and hashable, language maps included, so the UI can key on them.
    assert len(set(servers.servers)) == 131
    assert len(set(organizations)) == 857


def test_secure_internet_servers_carry_country_keys_and_templates(servers: ServerList) -> None:
    funet = servers.find("https://eduvpn1.funet.fi")
    assert funet is not None
    assert funet.server_type is ServerType.SECURE_INTERNET
    assert funet.country_code == "FI"
    assert funet.public_key_list == ("k7.pub.BKWFpOCMZO4OwCD5.hkoxnaHnuCKBeaJ5n-ZMtvUAIxo7KAqZH39f2vO58SE",)
    assert funet.authentication_url_template == (
        "https://eduvpn1.funet.fi/Shibboleth.sso/Login?entityID=@ORG_ID@&target=@RETURN_TO@"
    )
    secure = [s for s in servers.servers if s.server_type is ServerType.SECURE_INTERNET]
    assert all(s.country_code and len(s.country_code) == 2 for s in secure)
    assert all(s.country_code is None for s in servers.servers if s not in secure)


def test_support_contacts_keep_only_mailto_https_and_tel(servers: ServerList) -> None:
    ipb = servers.find("https://eduvpn.ipb.pt/")
    assert ipb is not None
    # The list also has "http://www.ipb.pt/si": plain http is dropped.
    assert ipb.support_contact == ("mailto:ccom@ipb.pt", "tel:+351273303050")
    contacts = [c for s in servers.servers for c in s.support_contact]
    assert contacts
    assert all(c.startswith(("mailto:", "https:", "tel:")) for c in contacts)


def test_keyword_lists_are_strings_for_servers_and_language_maps_for_organizations(
    servers: ServerList, organizations: tuple[Organization, ...]
) -> None:
    delft = servers.find("https://tudelft.eduvpn.nl/")
    assert delft is not None
    assert delft.keyword_list == "technische universiteit delft tu university of technology tud tudelft"
    samk = next(o for o in organizations if o.org_id == "https://idp.samk.fi/idp/shibboleth")
    assert isinstance(samk.keyword_list, LanguageMap)
    assert dict(samk.keyword_list) == {"fi": "samk", "sv": "samk", "en": "samk"}
    assert samk.secure_internet_home == "https://eduvpn1.funet.fi/"


def test_names_follow_the_language_rule(servers: ServerList, organizations: tuple[Organization, ...]) -> None:
    tum = next(o for o in organizations if o.name(["en"]) == "Technical University of Munich (TUM)")
    assert tum.name(["de-DE"]) == "Technische Universität München (TUM)"
    assert tum.name(["fr-FR"]) == "Technical University of Munich (TUM)"  # falls back to English
    twente = servers.find("https://ut.eduvpn.nl/")
    assert twente is not None
    assert twente.name(["nl"]) == "Universiteit Twente"
    assert twente.name(["en-GB"]) == "University of Twente"
    osnabrueck = servers.find("https://eduvpn.uni-osnabrueck.de/")
    assert osnabrueck is not None
    assert osnabrueck.name(["de-AT", "en"]) == "Universität Osnabrück"
    plain = servers.find("https://avans.eduvpn.nl/")
    assert plain is not None
    assert plain.name(["de"]) == "Avans Hogeschool"


def test_an_odd_entry_is_skipped_not_the_whole_list() -> None:
    parsed = parse_server_list(
        {
            "v": 3,
            "server_list": [
                {
                    "server_type": "institute_access",
                    "base_url": "http://plain.example.org/",
                    "display_name": "A",
                },
                {"server_type": "quantum_access", "base_url": "https://q.example.org/", "display_name": "Q"},
                {"server_type": "secure_internet", "base_url": "https://si.example.org/"},  # no country
                "not an object",
                {
                    "server_type": "institute_access",
                    "base_url": "https://OK.example.org",
                    "display_name": "OK",
                },
            ],
        }
    )
    assert [s.base_url for s in parsed.servers] == ["https://ok.example.org/"]
    with pytest.raises(MalformedListError):
        parse_server_list({"v": 3})
    with pytest.raises(MalformedListError):
        parse_organization_list({"v": 3, "organization_list": {"not": "a list"}})


def _server(url: str) -> DiscoveryServer:
    return DiscoveryServer(ServerType.INSTITUTE_ACCESS, url, display_name=url)


def test_servers_gone_from_the_list_are_marked_delisted(servers: ServerList) -> None:
    added = [
        "https://tudelft.eduvpn.nl/",
        "https://TUDELFT.eduvpn.nl",
        "https://gone.eduvpn.nl/",
        "https://eduvpn1.funet.fi/",
    ]
    assert delisted(added, servers) == {"https://gone.eduvpn.nl/"}
    # The caller's list is untouched: delisted servers are marked, not removed.
    assert len(added) == 4


def test_nothing_is_delisted_without_a_verified_list() -> None:
    assert delisted(["https://tudelft.eduvpn.nl/"], ServerList()) == frozenset()
    assert delisted(["https://a.example.org/"], ServerList(1, (_server("https://b.example.org/"),))) == {
        "https://a.example.org/"
    }
