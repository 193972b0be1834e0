"""Search over institutes and organizations, run on every keystroke.

Matching is on folded text (NFKD, case folded, combining marks stripped, a few letters that do not
decompose such as ``ø`` and ``æ`` spelled out), so "tubingen" finds "Tübingen" and "ALBORG" finds
"Ålborg". Every query word must occur in an entry's display names (all languages) or keywords.

Ranking, best first, per query word: the name the user sees starts with it, a word of that name starts
with it, a word of the name in another language starts with it, a name contains it, a keyword word starts
with it, a keyword contains it. (A German-named university found through its English name ranks after
the ones whose shown name matches, so the list reads sensibly.) An entry ranks by its worst word, then by
the sum over its words, then alphabetically by the name shown to the user.

Speed: the index folds everything once per list. Each entry keeps a few strings joined with a separator
that no folded text contains (``\\x1f``): its names, every suffix of a name that starts at a word, the
same for keywords. A prefix match is then ``"\\x1f" + word in text``, a word-start match the same on the
suffix string, and every test is a C-level ``str.__contains__`` driven by ``map``/``compress`` over the
whole list, so Python bytecode runs per query word rather than per entry. Ties are kept in the user's
alphabetical order because each language gets its own pre-sorted view, built once per language list.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import compress, product, repeat
from operator import add, contains, eq, mul, not_
from urllib.parse import urlsplit

from gui.core.discovery.model import DiscoveryServer, Organization, ServerType, Text
from gui.core.language import all_names, localized

_LAST_CHAR = "\U0010ffff"  # sorts after every character: the end of a run of prefix matches
_SEP = "\x1f"  # str.split() treats it as white space, so no folded text can contain it
_KEYWORDS = "\x1e"

# Letters NFKD leaves whole although users type them without the stroke or ligature.
_SPELLED_OUT = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"}
)


def fold(text: str) -> str:
    """The comparable form of ``text``: see the module docstring. White space collapses to one space."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_SPELLED_OUT).split())


def _word_suffixes(text: str) -> list[str]:
    """``text`` and every suffix of it that starts a word (an alphanumeric after a non-alphanumeric).
    The whole text counts even if it opens with punctuation, so a prefix match is always a word start."""
    return [text[i:] for i, c in enumerate(text) if i == 0 or (c.isalnum() and not text[i - 1].isalnum())]


def _folded_all(text: Text) -> list[str]:
    return list(dict.fromkeys(f for f in map(fold, all_names(text)) if f))


# One query word's tier from where it occurs, best first: the start of the name the user sees, the start
# of a word in it, the start of (a word in) a name in another language, anywhere in a name, the start of a
# keyword word, anywhere in a keyword. Every word is known to occur in some name or keyword.
_TIER = {flags: (*flags, True).index(True) for flags in product((False, True), repeat=5)}
_TIER_WEIGHT = 1024  # worst tier first, then the sum over the words (far below this)


class ResultKind(StrEnum):
    INSTITUTE_ACCESS = "institute_access"
    ORGANIZATION = "organization"
    #: The query looks like an address: offer to add that server directly.
    ADD_SERVER = "add_server"


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: ResultKind
    display_name: str
    #: What to add: the institute's base URL, or the normalised address typed (ADD_SERVER).
    base_url: str | None = None
    server: DiscoveryServer | None = None
    organization: Organization | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    item: DiscoveryServer | Organization
    display_name: Text
    names: str  # _SEP + names joined by _SEP
    name_words: str  # _SEP + word-start suffixes of the names
    keywords: str
    keyword_words: str

    @property
    def everything(self) -> str:
        return self.names + _KEYWORDS + self.keywords


def _entry(item: DiscoveryServer | Organization) -> _Entry:
    names = _folded_all(item.display_name)
    keywords = _folded_all(item.keyword_list)
    return _Entry(
        item=item,
        display_name=item.display_name,
        names=_SEP + _SEP.join(names),
        name_words=_SEP + _SEP.join(s for n in names for s in _word_suffixes(n)),
        keywords=_SEP + _SEP.join(keywords),
        keyword_words=_SEP + _SEP.join(s for k in keywords for s in _word_suffixes(k)),
    )


@dataclass(frozen=True, slots=True)
class _View:
    """The entries in one language's alphabetical order, as parallel lists for C-level scans."""

    results: list[SearchResult]  # made once: a search only picks them
    every_position: list[int]  # 0..n-1, one int object per position shared by every list made
    folded: list[str]  # the folded shown names: sorted, so one prefix is one run of positions
    everything: list[str]
    shown_start: list[str]  # _SEP + the folded name shown in this language
    shown_words: list[str]  # _SEP + its word-start suffixes
    names: list[str]
    name_words: list[str]
    keyword_words: list[str]
    #: For each character in many entries: (matching positions, ranked positions). The first keystroke
    #: of every search is one character and matches most of the list; ranking it ahead keeps it instant.
    first_keystroke: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)

    def tier_tests(self, word: str) -> tuple[tuple[list[str], str], ...]:
        """(texts, needle) per tier, best first; see _TIER."""
        at_start = _SEP + word
        return (
            (self.shown_start, at_start),
            (self.shown_words, at_start),
            (self.name_words, at_start),
            (self.names, word),
            (self.keyword_words, at_start),
        )


def _extends(previous: Sequence[str], words: Sequence[str]) -> bool:
    """Whether every entry matching ``words`` also matches ``previous`` (typing on, not correcting)."""
    return len(previous) <= len(words) and all(old in new for old, new in zip(previous, words, strict=False))


def _has(texts: list[str], positions: Sequence[int], needle: str) -> list[bool]:
    return list(map(contains, map(texts.__getitem__, positions), repeat(needle)))


class SearchIndex:
    """Institutes and organizations, folded once; ``search`` is cheap enough for every keystroke."""

    def __init__(self, entries: Sequence[_Entry]) -> None:
        self._entries = entries
        self._views: dict[tuple[str, ...], _View] = {}
        # The last query's matches: the next keystroke usually only narrows them.
        self._last: tuple[tuple[str, ...], list[str], list[int]] | None = None

    @classmethod
    def build(cls, servers: Iterable[DiscoveryServer], organizations: Iterable[Organization]) -> SearchIndex:
        """Index the institute-access servers (secure-internet ones are reached through organizations)."""
        items: list[DiscoveryServer | Organization] = [
            s for s in servers if s.server_type is ServerType.INSTITUTE_ACCESS
        ]
        items.extend(organizations)
        return cls([_entry(item) for item in items])

    def __len__(self) -> int:
        return len(self._entries)

    def _view(self, languages: tuple[str, ...]) -> _View:
        view = self._views.get(languages)
        if view is None:
            shown = [localized(e.display_name, languages) for e in self._entries]
            folded = [fold(name) for name in shown]
            order = sorted(range(len(shown)), key=lambda i: (folded[i], shown[i], i))
            entries = [self._entries[i] for i in order]
            view = _View(
                results=[_result(self._entries[i].item, shown[i]) for i in order],
                every_position=list(range(len(order))),
                folded=[folded[i] for i in order],
                everything=[e.everything for e in entries],
                shown_start=[_SEP + folded[i] for i in order],
                shown_words=[_SEP + _SEP.join(_word_suffixes(folded[i])) for i in order],
                names=[e.names for e in entries],
                name_words=[e.name_words for e in entries],
                keyword_words=[e.keyword_words for e in entries],
            )
            _rank_first_keystrokes(view)
            if len(self._views) > 8:  # a language change, not a stream of them
                self._views.clear()
            self._views[languages] = view
        return view

    def search(
        self, query: str, languages: Iterable[str] = (), limit: int | None = None
    ) -> list[SearchResult]:
        """Matches for ``query`` ranked as the module docstring says, display names in ``languages``.

        An address-like query (``example.org``, ``https://…``) is offered first as an ADD_SERVER result.
        """
        results: list[SearchResult] = []
        address = address_from_query(query)
        if address is not None:
            results.append(SearchResult(kind=ResultKind.ADD_SERVER, display_name=address, base_url=address))
        words = fold(query).split()
        room = None if limit is None else limit - len(results)
        if not words or (room is not None and room <= 0):
            return results[:limit] if limit is not None else results
        languages = tuple(languages)
        view = self._view(languages)
        if len(words) == 1:
            ready = view.first_keystroke.get(words[0])
            matching, ranked = ready or _search_one(view, self._candidates(view, languages, words), words[0])
        else:
            matching = self._candidates(view, languages, words)
            for word in words:
                matching = _holding(view.everything, matching, word)
            ranked = _ranked_many(view, matching, words, room)
        self._last = (languages, words, matching)
        results.extend(map(view.results.__getitem__, ranked if room is None else ranked[:room]))
        return results

    def _candidates(self, view: _View, languages: tuple[str, ...], words: list[str]) -> list[int]:
        """Positions that may match: the previous query's matches when this one only types on."""
        last = self._last
        if last is not None and last[0] == languages and _extends(last[1], words):
            return last[2]
        return view.every_position


def _holding(texts: list[str], positions: list[int], needle: str) -> list[int]:
    """``positions`` whose text holds ``needle``, in their order."""
    return list(compress(positions, map(contains, map(texts.__getitem__, positions), repeat(needle))))


def _split(texts: list[str], positions: list[int], needle: str) -> tuple[list[int], list[int]]:
    """``positions`` whose text holds ``needle``, and the others; both keep their order."""
    flags = _has(texts, positions, needle)
    return list(compress(positions, flags)), list(compress(positions, map(not_, flags)))


def _rank_first_keystrokes(view: _View) -> None:
    """Fill ``view.first_keystroke`` for the characters found in at least an eighth of the entries
    (rarer ones are quick to search anyway)."""
    counts = Counter(char for text in view.everything for char in set(text) if not char.isspace())
    threshold = max(64, len(view.everything) // 8)
    for char, count in counts.items():
        if count >= threshold:
            view.first_keystroke[char] = _search_one(view, view.every_position, char)


def _search_one(view: _View, candidates: list[int], word: str) -> tuple[list[int], list[int]]:
    """One word (most keystrokes): the matching positions (alphabetical) and the same ranked by tier.

    Word-start matches are split off first, so each match is tested about twice rather than once per
    tier; the shown names that start with the word need no test at all: the view is sorted by them,
    so they are one run of positions, found by bisection.
    """
    at_start = _SEP + word
    matching = _holding(view.everything, candidates, word)
    word_start, elsewhere = _split(view.name_words, matching, at_start)
    low = bisect_left(view.folded, word)
    high = bisect_left(view.folded, word + _LAST_CHAR, low)
    first, last = bisect_left(word_start, low), bisect_left(word_start, high)
    shown_word, other_word = _split(view.shown_words, word_start[:first] + word_start[last:], at_start)
    inside_name, in_keyword = _split(view.names, elsewhere, word)
    keyword_word, inside_keyword = _split(view.keyword_words, in_keyword, at_start)
    ranked = word_start[first:last] + shown_word + other_word + inside_name + keyword_word + inside_keyword
    return matching, ranked


def _ranked_many(view: _View, positions: list[int], words: list[str], limit: int | None) -> list[int]:
    """Several words: each word's tier per entry, ordered by the worst tier and then the sum."""
    if not positions:
        return []
    tiers = []
    for word in words:
        flags = zip(*(_has(texts, positions, needle) for texts, needle in view.tier_tests(word)), strict=True)
        tiers.append(list(map(_TIER.__getitem__, flags)))
    worst = map(max, *tiers)
    total = map(sum, zip(*tiers, strict=True))
    scores = list(map(add, map(mul, worst, repeat(_TIER_WEIGHT)), total))
    ranked: list[int] = []
    for score in sorted(set(scores)):
        ranked.extend(compress(positions, map(eq, scores, repeat(score))))
        if limit is not None and len(ranked) >= limit:
            return ranked[:limit]
    return ranked


def _result(item: DiscoveryServer | Organization, shown: str) -> SearchResult:
    if isinstance(item, Organization):
        return SearchResult(kind=ResultKind.ORGANIZATION, display_name=shown, organization=item)
    return SearchResult(
        kind=ResultKind.INSTITUTE_ACCESS, display_name=shown, base_url=item.base_url, server=item
    )


_HOST_LABEL = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")


def address_from_query(query: str) -> str | None:
    """``https://host[:port]/`` when ``query`` looks like a server address (a dot and no spaces, or an
    ``https://`` prefix), else None. ``http://`` is read as https: Sluis never talks plain HTTP."""
    text = query.strip()
    lowered = text.lower()
    if not text or any(c.isspace() for c in text):
        return None
    if not (lowered.startswith("https://") or "." in text):
        return None
    if lowered.startswith("http://"):
        text = "https://" + text[len("http://") :]
    elif not lowered.startswith("https://"):
        if "://" in text:
            return None  # another scheme
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    if host.startswith("[") or ":" in host:  # IPv6 literal, already validated by urlsplit
        host_part = f"[{host}]"
    elif all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        host_part = host.lower()
    else:
        return None
    return f"https://{host_part}{f':{port}' if port not in (None, 443) else ''}/"
