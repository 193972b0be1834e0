"""The display-name language rule of the eduVPN client rules, one step at a time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.language import all_names, localized, pick_language


@pytest.mark.parametrize(
    ("names", "languages", "expected", "step"),
    [
        ({"de": "bare", "de-DE": "exact"}, ["de-DE"], "exact", "exact key"),
        ({"de": "bare", "de-DE-1996": "longer"}, ["de-DE"], "longer", "a key starting with the tag"),
        ({"de": "bare", "de-AT": "Austrian"}, ["de-DE"], "Austrian", "a key with the language and a dash"),
        ({"en": "English", "de": "bare"}, ["de-DE"], "bare", "the bare language"),
        ({"fr": "French", "en": "English", "en-US": "American"}, ["de-DE"], "American", "en-US"),
        ({"fr": "French", "en": "English"}, ["de-DE"], "English", "en"),
        ({"fr": "French", "nl": "Dutch"}, ["de-DE"], "French", "the first key"),
        ({"fr": "French", "en-GB": "British"}, ["de-DE"], "French", "en-GB is not en"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_each_step_of_the_rule(names: dict[str, str], languages: list[str], expected: str, step: str) -> None:
    assert localized(names, languages) == expected, step


def test_a_plain_string_is_used_as_is() -> None:
    assert localized("Employees", ["nl-NL"]) == "Employees"
    assert localized("", ["nl"]) == ""


def test_qt_style_tags_and_case() -> None:
    assert localized({"en": "Employees", "nl": "Medewerkers"}, ["nl_NL"]) == "Medewerkers"
    assert localized({"en": "Employees", "nl-NL": "Medewerkers"}, ["nl_NL"]) == "Medewerkers"
    assert localized({"en": "Employees", "NL-nl": "Medewerkers"}, ["nl-NL"]) == "Medewerkers"
    assert localized({"EN_us": "American", "fr": "French"}, ["de"]) == "American"
    assert localized({"pt-BR": "Brazilian", "pt-PT": "European"}, ["pt_PT"]) == "European"


def test_several_ui_languages_in_order_before_any_fallback() -> None:
    names = {"en-US": "Employees", "nl": "Medewerkers", "de": "Mitarbeiter"}
    assert localized(names, ["fr-FR", "de-CH", "nl"]) == "Mitarbeiter"
    assert localized(names, ["fr-FR", "nl-BE", "de"]) == "Medewerkers"
    assert localized(names, ["fr-FR", "it"]) == "Employees"
    assert localized(names, ["", "nl"]) == "Medewerkers"  # an empty tag matches nothing


def test_no_languages_and_no_names() -> None:
    assert localized({"fr": "French", "en": "English"}, []) == "English"
    assert localized({}, ["en"]) == ""


def test_pick_language_alone() -> None:
    assert pick_language({"de-AT": "A"}, "de") == "A"
    assert pick_language({"fr": "F"}, "de-DE") is None
    assert pick_language({"fr": "F"}, "  ") is None


def test_a_tag_prefix_stops_at_a_subtag_boundary() -> None:
    assert localized({"del": "Delaware", "de-AT": "Österreichisch"}, ["de"]) == "Österreichisch"


def test_all_names() -> None:
    assert all_names("Employees") == ["Employees"]
    assert all_names({"en": "Employees", "nl": "Medewerkers"}) == ["Employees", "Medewerkers"]


@given(
    st.dictionaries(st.text(max_size=8), st.text(min_size=1, max_size=8), min_size=1, max_size=5),
    st.lists(st.text(max_size=8), max_size=3),
)
def test_always_one_of_the_names(names: dict[str, str], languages: list[str]) -> None:
    assert localized(names, languages) in names.values()
