"""Discovery settings: production defaults, and own mirrors through SLUIS_DISCOVERY_* variables."""

from __future__ import annotations

import minisign
import pytest

from gui.core.discovery import (
    DEFAULT_BASE_URL,
    PRODUCTION_KEYS,
    DiscoverySettings,
    DiscoverySettingsError,
    from_env,
)


def test_defaults_are_eduvpn_production() -> None:
    settings = DiscoverySettings()
    assert settings.base_url == DEFAULT_BASE_URL == "https://disco.eduvpn.org/v2/"
    assert settings.trusted_keys == PRODUCTION_KEYS
    assert settings.trusted_keys == (
        "RWRtBSX1alxyGX+Xn3LuZnWUT0w//B6EmTJvgaAxBMYzlQeI+jdrO6KF",
        "RWQKqtqvd0R7rUDp0rWzbtYPA3towPWcLDCl7eY9pBMMI/ohCmrS0WiM",
    )
    assert settings.require_prehashed is False
    assert settings.url_for("server_list.json") == "https://disco.eduvpn.org/v2/server_list.json"


def test_an_empty_environment_changes_nothing() -> None:
    assert from_env(DiscoverySettings(), {}) == DiscoverySettings()


def test_a_mirror_with_its_own_keys_replaces_the_production_keys() -> None:
    own = [minisign.KeyPair.generate().public_key.to_base64().decode() for _ in range(2)]
    settings = from_env(
        DiscoverySettings(),
        {
            "SLUIS_DISCOVERY_URL": "https://disco.example.org/mirror",
            "SLUIS_DISCOVERY_KEYS": f" {own[0]} ,{own[1]},",
            "SLUIS_DISCOVERY_REQUIRE_PREHASHED": "1",
        },
    )
    assert settings.base_url == "https://disco.example.org/mirror/"
    assert settings.trusted_keys == tuple(own)
    assert not set(PRODUCTION_KEYS) & set(settings.trusted_keys)
    assert settings.require_prehashed is True
    assert from_env(settings, {"SLUIS_DISCOVERY_REQUIRE_PREHASHED": "0"}).require_prehashed is False


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SLUIS_DISCOVERY_URL", "http://disco.example.org/v2/"),
        ("SLUIS_DISCOVERY_URL", "disco.example.org"),
        ("SLUIS_DISCOVERY_KEYS", "not-a-key"),
        ("SLUIS_DISCOVERY_KEYS", " , "),
        ("SLUIS_DISCOVERY_KEYS", PRODUCTION_KEYS[0][:-4]),
        ("SLUIS_DISCOVERY_REQUIRE_PREHASHED", "maybe"),
    ],
)
def test_bad_values_are_refused_naming_the_variable(variable: str, value: str) -> None:
    with pytest.raises(DiscoverySettingsError) as caught:
        from_env(DiscoverySettings(), {variable: value})
    assert caught.value.params["name"] == variable
    assert variable in str(caught.value)


def test_settings_are_checked_when_made() -> None:
    with pytest.raises(DiscoverySettingsError):
        DiscoverySettings(base_url="ftp://disco.example.org/")
    with pytest.raises(DiscoverySettingsError):
        DiscoverySettings(trusted_keys=())
