"""Secure Internet: the organization's home server, the WAYF skip, and the locations to switch between.

An organization's users authorize at its ``secure_internet_home``; the token works on every
secure-internet server, so switching location (country) needs no new login. Country names and flags are
bundled (``gui/data/countries.json``, from ISO 3166-1 via Debian's iso-codes), never fetched.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gui.core.discovery.model import DiscoveryServer, Organization, ServerType
from gui.core.language import localized
from gui.core.urls import apply_wayf_template

_REGIONAL_INDICATOR_A = 0x1F1E6


@dataclass(frozen=True, slots=True)
class Location:
    country_code: str
    country_name: str
    flag: str
    server: DiscoveryServer


def home_server(organization: Organization, servers: Iterable[DiscoveryServer]) -> DiscoveryServer | None:
    """The secure-internet server where the organization's users log in; None if it is not listed."""
    return next(
        (
            s
            for s in servers
            if s.server_type is ServerType.SECURE_INTERNET and s.base_url == organization.secure_internet_home
        ),
        None,
    )


def wayf_url(server: DiscoveryServer, org_id: str, authorization_url: str) -> str:
    """The URL to open for logging in at ``server`` as a member of ``org_id``.

    With an ``authentication_url_template`` the user skips the "where are you from" page: ``@RETURN_TO@``
    becomes the form-urlencoded authorization URL, ``@ORG_ID@`` the urlencoded org id. Without one the
    authorization URL itself is opened.
    """
    template = server.authentication_url_template
    if not template:
        return authorization_url
    return apply_wayf_template(template, authorization_url, org_id)


def flag(country_code: str) -> str:
    """The flag emoji: the two regional indicator symbols for the code; "" for anything else."""
    code = country_code.upper()
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        return ""
    return "".join(chr(_REGIONAL_INDICATOR_A + ord(c) - ord("A")) for c in code)


@functools.cache
def _country_names() -> Mapping[str, Mapping[str, str]]:
    from importlib import resources  # here: ``sluis config`` imports this module, not the names

    raw = json.loads((resources.files("gui") / "data" / "countries.json").read_text("utf-8"))
    names: Mapping[str, Mapping[str, str]] = raw["names"]
    return names


def country_name(country_code: str, languages: Iterable[str]) -> str:
    """The country's name in the user's language (the display-name rule); the code if unknown."""
    names = _country_names().get(country_code.upper())
    return localized(names, languages) if names else country_code.upper()


def locations(servers: Iterable[DiscoveryServer], languages: Iterable[str]) -> list[Location]:
    """One location per country with a secure-internet server, sorted by the name the user reads."""
    languages = tuple(languages)
    by_code: dict[str, DiscoveryServer] = {}
    for server in servers:
        if server.server_type is ServerType.SECURE_INTERNET and server.country_code:
            by_code.setdefault(server.country_code, server)
    found = [
        Location(
            country_code=code, country_name=country_name(code, languages), flag=flag(code), server=server
        )
        for code, server in by_code.items()
    ]
    return sorted(found, key=lambda loc: (loc.country_name.casefold(), loc.country_code))
