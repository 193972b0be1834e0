"""Search over the real 2022 lists: languages, keywords, diacritics, every word, ranking, addresses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.discovery import (
    DiscoveryServer,
    Organization,
    ResultKind,
    SearchIndex,
    SearchResult,
    address_from_query,
    fold,
    parse_organization_list,
    parse_server_list,
)
from gui.core.language import all_names
from tests.support.signed_lists import list_dir

NEW = list_dir("2022-12")


def _lists() -> tuple[tuple[DiscoveryServer, ...], tuple[Organization, ...]]:
    servers = parse_server_list(json.loads((NEW / "server_list.json").read_bytes())).servers
    organizations = parse_organization_list(json.loads((NEW / "organization_list.json").read_bytes()))
    return servers, organizations.organizations


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(*_lists())


def names(results: list[SearchResult]) -> list[str]:
    return [r.display_name for r in results]


def item(result: SearchResult) -> DiscoveryServer | Organization:
    found = result.organization or result.server
    assert found is not None
    return found


def test_a_local_language_name_finds_the_university_shown_in_the_users_language(index: SearchIndex) -> None:
    results = index.search("Turun yliopisto", ["en-GB"])
    assert names(results) == ["University of Turku"]
    assert results[0].kind is ResultKind.ORGANIZATION
    assert results[0].organization is not None
    assert results[0].organization.org_id == "https://sso.utu.fi/sso-idp"
    assert names(index.search("Turun yliopisto", ["fi"])) == ["Turun yliopisto"]


def test_a_keyword_finds_the_organization(index: SearchIndex) -> None:
    assert names(index.search("utu", ["en"])) == ["University of Turku"]
    assert names(index.search("SAMK", ["en"], typos=False)) == ["Satakunta University of Applied Sciences"]
    # With typo tolerance, the keyword still comes first; HAMK, JAMK, VAMK are one letter away.
    assert names(index.search("SAMK", ["en"]))[0] == "Satakunta University of Applied Sciences"


def test_diacritics_and_case_are_folded_both_ways(index: SearchIndex) -> None:
    assert "Universität Tübingen" in names(index.search("tubingen", ["de"]))
    assert "Universität Tübingen" in names(index.search("TÜBINGEN", ["de"]))
    # "æ" does not decompose; it is spelled out, as Danes type it on a foreign keyboard.
    assert names(index.search("sprognaevn", ["da"])) == ["Dansk Sprognævn"]
    assert names(index.search("Sprognævn", ["da"])) == ["Dansk Sprognævn"]
    assert fold("Ålborg  Universitet ") == "alborg universitet"
    assert fold("Straße") == "strasse"


def test_every_query_word_is_required(index: SearchIndex) -> None:
    both = index.search("technische munchen", ["de"])
    assert names(both)[0] == "Technische Universität München (TUM)"
    for result in both:
        text = fold(" ".join(all_names(item(result).display_name) + all_names(item(result).keyword_list)))
        assert "technische" in text
        assert "munchen" in text
    assert index.search("technische xyzzy", ["de"]) == []
    # Word order does not matter.
    assert names(index.search("munchen technische", ["de"])) == names(both)


def test_institutes_and_organizations_come_in_one_list(index: SearchIndex) -> None:
    results = index.search("hogeschool", ["nl-NL"])
    kinds = {r.kind for r in results}
    assert kinds == {ResultKind.INSTITUTE_ACCESS, ResultKind.ORGANIZATION}
    saxion = [r for r in results if r.display_name == "Hogeschool Saxion"]
    assert {r.kind for r in saxion} == {ResultKind.INSTITUTE_ACCESS, ResultKind.ORGANIZATION}
    institute = next(r for r in saxion if r.kind is ResultKind.INSTITUTE_ACCESS)
    assert institute.base_url == "https://saxion.eduvpn.nl/"


def test_prefix_and_word_start_rank_before_inner_substrings(index: SearchIndex) -> None:
    shown = names(index.search("tech", ["en"]))
    prefix = shown.index("Technical University of Darmstadt")
    word_start = shown.index("Delft University of Technology")
    inner = shown.index("Université Polytechnique Hauts-de-France")
    assert prefix < word_start < inner


def test_names_rank_before_keywords(index: SearchIndex) -> None:
    shown = names(index.search("hogeschool", ["nl"]))
    # "HAN University of Applied Sciences" has "hogeschool" only among its keywords.
    assert shown.index("Zuyd Hogeschool") < shown.index("HAN University of Applied Sciences")
    helsinki = names(index.search("helsinki", ["en"]))
    assert helsinki == [  # the last one has "Helsinki" among its keywords only
        "University of Helsinki",
        "University of the Arts Helsinki",
        "HAAGA-HELIA University of Applied Sciences",
    ]


def _tier(entry: DiscoveryServer | Organization, word: str, languages: list[str]) -> int:
    """A deliberately plain re-statement of the ranking rule, as the test's oracle."""
    shown = fold(entry.name(languages))
    every_name = [fold(n) for n in all_names(entry.display_name)]
    keywords = [fold(k) for k in all_names(entry.keyword_list)]

    def word_starts(text: str) -> list[str]:
        return [
            text[i:] for i in range(len(text)) if i == 0 or (text[i].isalnum() and not text[i - 1].isalnum())
        ]

    if shown.startswith(word):
        return 0
    if any(s.startswith(word) for s in word_starts(shown)):
        return 1
    if any(s.startswith(word) for n in every_name for s in word_starts(n)):
        return 2
    if any(word in n for n in every_name):
        return 3
    if any(s.startswith(word) for k in keywords for s in word_starts(k)):
        return 4
    assert any(word in k for k in keywords)
    return 5


@pytest.mark.parametrize(
    ("query", "language"), [("u", "en"), ("uni", "nl"), ("hoch", "de"), ("arts", "en"), ("ams", "nl")]
)
def test_results_are_in_tier_then_alphabetical_order(index: SearchIndex, query: str, language: str) -> None:
    results = index.search(query, [language], typos=False)  # the exact tiers (near ones: test_near_*)
    assert results
    keys = [(_tier(item(r), fold(query), [language]), fold(r.display_name)) for r in results]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("typed", "language"),
    [("university of amsterdam", "en"), ("hochschule fur", "de"), ("u n", "nl"), ("art sc", "en")],
)
def test_several_words_rank_by_worst_then_sum_of_tiers_while_typing(
    index: SearchIndex, typed: str, language: str
) -> None:
    for end in range(1, len(typed) + 1):
        query = typed[:end]
        words = fold(query).split()
        results = index.search(query, [language], typos=False)
        keys = []
        for r in results:
            tiers = [_tier(item(r), w, [language]) for w in words]
            keys.append((max(tiers), sum(tiers), fold(r.display_name)))
        assert keys == sorted(keys), query


def test_typing_on_and_correcting_give_the_same_results_as_a_fresh_search(index: SearchIndex) -> None:
    fresh = SearchIndex.build(*_lists())
    steps = []
    for typed in ("vrije universiteit amsterdam", "university of a", "q"):
        steps += [typed[:i] for i in range(1, len(typed) + 1)]
        steps += [typed[:i] for i in range(len(typed) - 1, 0, -3)]
    steps += ["tech", "techn", "tec", "u", "u n", "u", "tech hochschule", "hochschule tech"]
    reference = SearchIndex.build(*_lists())
    for query in steps:
        for languages in (["nl"], ["de"]):
            reference.search("#reset#", languages)  # no query narrows this one: a search from scratch
            expected = reference.search(query, languages)
            assert fresh.search(query, languages) == expected, query


def test_limit_cuts_the_ranked_list(index: SearchIndex) -> None:
    everything = index.search("u", ["en"])
    assert len(everything) > 100
    assert index.search("u", ["en"], limit=10) == everything[:10]
    assert (
        index.search("university amsterdam", ["en"], limit=1)
        == index.search("university amsterdam", ["en"])[:1]
    )


def test_an_empty_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("", ["en"]) == []
    assert index.search("   ", ["en"]) == []


@pytest.mark.parametrize(
    ("query", "address"),
    [
        ("vpn.example.org", "https://vpn.example.org/"),
        ("  VPN.Example.ORG  ", "https://vpn.example.org/"),
        ("https://vpn.example.org/vpn-user-portal/home", "https://vpn.example.org/"),
        ("https://localhost", "https://localhost/"),
        ("http://vpn.example.org", "https://vpn.example.org/"),
        ("vpn.example.org:8443", "https://vpn.example.org:8443/"),
        ("https://[2001:db8::1]/", "https://[2001:db8::1]/"),
        ("tuni.fi", "https://tuni.fi/"),
    ],
)
def test_an_address_like_query_is_offered_as_add_server_first(
    index: SearchIndex, query: str, address: str
) -> None:
    results = index.search(query, ["en"])
    assert results[0] == SearchResult(kind=ResultKind.ADD_SERVER, display_name=address, base_url=address)
    assert all(r.kind is not ResultKind.ADD_SERVER for r in results[1:])


def test_an_address_query_still_searches_keywords(index: SearchIndex) -> None:
    results = index.search("tuni.fi", ["en"])
    assert names(results) == ["https://tuni.fi/", "Tampere Universities"]


@pytest.mark.parametrize(
    "query",
    ["hogeschool utrecht", "amsterdam", "ftp://files.example.org", "a..b", "univ.", "exa mple.org", ""],
)
def test_other_queries_offer_no_address(query: str) -> None:
    assert address_from_query(query) is None


# -- one typo per word -------------------------------------------------------------------------------


def _organizations(*names: str, keywords: dict[str, str] | None = None) -> SearchIndex:
    entries = [
        {
            "org_id": f"https://idp.example/{number}",
            "display_name": {"en": name},
            "secure_internet_home": "https://home.example.org/",
            **({"keyword_list": {"en": keywords[name]}} if keywords and name in keywords else {}),
        }
        for number, name in enumerate(names)
    ]
    organizations = parse_organization_list({"v": 1, "organization_list": entries}).organizations
    return SearchIndex.build((), organizations)


def test_near_a_typo_in_every_word_still_finds_the_entry() -> None:
    index = _organizations("Demo University", "Example Institute", "Sample College")
    for query in ("demi unversity", "demo univresity", "dmeo uniiversity", "Demo Univ", "demo universiyt"):
        assert names(index.search(query, ["en"])) == ["Demo University"], query


def test_near_two_typos_in_one_word_are_too_many() -> None:
    index = _organizations("Demo University")
    assert index.search("demo unvirsity", ["en"]) == []  # a letter left out and two swapped
    assert index.search("dmei university", ["en"]) == []


def test_near_matches_rank_after_every_exact_one() -> None:
    index = _organizations("Demo University", "Demi Academy", "Academy of Demin", "Demonstration College")
    # "demi" exactly (a name starts with it, then a word contains it), then "demo" one letter away; an
    # edit of the last letter typed counts only for a whole word, so not "demonstration".
    assert names(index.search("demi", ["en"])) == ["Demi Academy", "Academy of Demin", "Demo University"]
    assert names(index.search("demi", ["en"], typos=False)) == ["Demi Academy", "Academy of Demin"]


def test_near_a_keyword_counts_too() -> None:
    index = _organizations("Zeta Holder", "Nordic Nome", keywords={"Zeta Holder": "nomad"})
    # "nomd" is one letter from "nome" (a word of a name) and from "nomad" (a keyword).
    assert names(index.search("nomd", ["en"])) == ["Nordic Nome", "Zeta Holder"]


def test_near_matches_are_not_looked_up_when_the_exact_ones_fill_the_results() -> None:
    index = _organizations(*(f"Demi Academy {n}" for n in range(5)), "Demo University")
    assert names(index.search("demi", ["en"], limit=3)) == [f"Demi Academy {n}" for n in range(3)]
    assert names(index.search("demi", ["en"], limit=7))[-1] == "Demo University"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=5, max_size=12)


@st.composite
def one_typo(draw: st.DrawFn) -> tuple[str, str]:
    """A word and the same word with one typo: a letter changed, added, left out, or two swapped."""
    word = draw(WORD)
    at = draw(st.integers(0, len(word) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    kind = draw(st.sampled_from(["change", "add", "leave out", "swap"]))
    if kind == "change":
        typed = word[:at] + letter + word[at + 1 :]
    elif kind == "add":
        typed = word[:at] + letter + word[at:]
    elif kind == "leave out":
        typed = word[:at] + word[at + 1 :]
    else:
        at = min(at, len(word) - 2)
        typed = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word, typed


@given(one_typo(), WORD)
def test_near_any_single_typo_of_a_whole_word_finds_it(typo: tuple[str, str], other: str) -> None:
    word, typed = typo
    index = _organizations(f"Academy {word.title()}", f"College {other.title()}")
    assert f"Academy {word.title()}" in names(index.search(f"academy {typed}", ["en"]))
    # And an exact match always comes before a near one.
    results = names(index.search(typed, ["en"]))
    exact = names(index.search(typed, ["en"], typos=False))
    assert results[: len(exact)] == exact
