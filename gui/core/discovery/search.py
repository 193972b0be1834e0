"""Search over institutes and organizations, run on every keystroke.

Matching is on folded text (NFKD, case folded, combining marks stripped, a few letters that do not
decompose such as ``ø`` and ``æ`` spelled out), so "tubingen" finds "Tübingen" and "ALBORG" finds
"Ålborg". Every query word must occur in an entry's display names (all languages) or keywords.

Ranking, best first, per query word: the name the user sees starts with it, a word of that name starts
with it, a word of the name in another language starts with it, a name contains it, a keyword word starts
with it, a keyword contains it. (A German-named university found through its English name ranks after
the ones whose shown name matches, so the list reads sensibly.) An entry ranks by its worst word, then by
the sum over its words, then alphabetically by the name shown to the user.

Speed: the index folds everything once per list. Each entry keeps its folded names and keywords joined
by a separator no folded text contains (``\\x1f``), and copies with a mark (``\\x1d``) before every
word start, so a word-start match is ``marked(word) in marked_text``. Every test is a C-level
``str.__contains__`` driven by ``map``/``compress`` over the list, so Python bytecode runs per query word
rather than per entry. Each language gets its own view sorted by the shown name: ties stay alphabetical,
and the shown names starting with a word are one run of positions, found by bisection. A keystroke that
types on only narrows the previous matches and keeps the tiers of the words it did not change; the
first keystroke (one character most entries contain) is ranked when the view is built.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, compress, repeat
from operator import add, contains, mod, mul, not_
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


_WORD = "\x1d"  # marks where a word starts; white space to str.split(), so never in folded text
_WORD_START = re.compile(r"(?<![^\W_])(?=[^\W_])")  # an alphanumeric after a non-alphanumeric


def _marked(text: str) -> str:
    """``text`` with _WORD before each word start (and before the text itself, even if it opens with
    punctuation). A word-start match of ``w`` in ``t`` is then ``_marked(w) in _marked(t)``: the marks
    inside ``w`` depend only on ``w``'s own characters, so they line up wherever ``w`` starts a word."""
    marked = _WORD_START.sub(_WORD, text)
    return marked if marked.startswith(_WORD) else _WORD + marked


def _folded_all(text: Text) -> list[str]:
    return list(dict.fromkeys(f for f in map(fold, all_names(text)) if f))


class ResultKind(StrEnum):
    INSTITUTE_ACCESS = "institute_access"
    ORGANIZATION = "organization"
    # The query looks like an address: offer to add that server directly.
    ADD_SERVER = "add_server"


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: ResultKind
    display_name: str
    # What to add: the institute's base URL, or the normalised address typed (ADD_SERVER).
    base_url: str | None = None
    server: DiscoveryServer | None = None
    organization: Organization | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    item: DiscoveryServer | Organization
    display_name: Text
    names: str  # _SEP + names joined by _SEP
    name_words: str  # the names, each _marked
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
        name_words=_SEP.join(map(_marked, names)),
        keywords=_SEP + _SEP.join(keywords),
        keyword_words=_SEP.join(map(_marked, keywords)),
    )


@dataclass(frozen=True, slots=True)
class _View:
    """The entries in one language's alphabetical order, as parallel lists for C-level scans."""

    results: list[SearchResult]  # made once: a search only picks them
    every_position: list[int]  # 0..n-1, one int object per position shared by every list made
    folded: list[str]  # the folded shown names: sorted, so one prefix is one run of positions
    everything: list[str]
    shown_words: list[str]  # the folded shown name, _marked
    names: list[str]
    name_words: list[str]
    keyword_words: list[str]
    # Characters in many entries -> (their matches, their tiers). The first keystroke of every search
    # is one character that most of the list contains; sorting those out ahead keeps it instant.
    first_keystroke: dict[str, tuple[list[int], _Tiers]] = field(default_factory=dict)


class _Tiers:
    """One query word's matches grouped by tier, best first, each group in alphabetical order.

    Tiers: 0 the shown name starts with the word, 1 a word of the shown name does, 2 a word of a name
    in another language does, 3 a name contains it, 4 a keyword word starts with it, 5 a keyword
    contains it.
    """

    __slots__ = ("_by_position", "groups")

    def __init__(self, groups: list[list[int]]) -> None:
        self.groups = groups
        self._by_position: bytearray | None = None

    def ranked(self) -> list[int]:
        return list(chain.from_iterable(self.groups))

    def by_position(self, size: int) -> bytearray:
        """The tier of every position (255: no match), built once, for combining several words."""
        if self._by_position is None:
            table = bytearray(b"\xff") * size
            for tier, group in enumerate(self.groups):
                deque(map(table.__setitem__, group, repeat(tier)), maxlen=0)
            self._by_position = table
        return self._by_position


@dataclass(frozen=True, slots=True)
class _LastQuery:
    """The previous search: the next keystroke usually only narrows it, and keeps most of its words."""

    languages: tuple[str, ...]
    words: list[str]
    matching: list[int]
    tiers: dict[str, _Tiers]

    def narrowed_by(self, languages: tuple[str, ...], words: list[str]) -> bool:
        """Whether every entry matching ``words`` also matched this query (typing on, not correcting)."""
        return (
            languages == self.languages
            and len(self.words) <= len(words)
            and all(old in new for old, new in zip(self.words, words, strict=False))
        )


_TIER_WEIGHT = 1024  # several words: the worst tier first, then the sum over the words (far below this)


class SearchIndex:
    """Institutes and organizations, folded once; ``search`` is cheap enough for every keystroke."""

    def __init__(self, entries: Sequence[_Entry]) -> None:
        self._entries = entries
        self._views: dict[tuple[str, ...], _View] = {}
        self._last: _LastQuery | None = None

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
                shown_words=[_marked(folded[i]) for i in order],
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
        words = list(dict.fromkeys(fold(query).split()))
        room = None if limit is None else limit - len(results)
        if not words or (room is not None and room <= 0):
            return results[:limit] if limit is not None else results
        languages = tuple(languages)
        view = self._view(languages)
        last = self._last
        narrowing = last is not None and last.narrowed_by(languages, words)
        known = last.tiers if last is not None and narrowing else {}
        ready = view.first_keystroke.get(words[0]) if len(words) == 1 else None
        if ready is not None:
            matching, tiers = ready[0], {words[0]: ready[1]}
        else:
            matching = last.matching if last is not None and narrowing else view.every_position
            for word in words:
                if word not in known:  # a word of the previous query holds for all its matches
                    matching = _holding(view.everything, matching, word)
            tiers = {word: known.get(word) or _tiers(view, matching, word) for word in words}
        self._last = _LastQuery(languages, words, matching, tiers)
        ranked = tiers[words[0]].ranked() if len(words) == 1 else _combined(view, matching, tiers)
        results.extend(map(view.results.__getitem__, ranked if room is None else ranked[:room]))
        return results


def _holding(texts: list[str], positions: list[int], needle: str) -> list[int]:
    """``positions`` whose text holds ``needle``, in their order."""
    return list(compress(positions, map(contains, map(texts.__getitem__, positions), repeat(needle))))


def _split(texts: list[str], positions: list[int], needle: str) -> tuple[list[int], list[int]]:
    """``positions`` whose text holds ``needle``, and the others; both keep their order."""
    flags = list(map(contains, map(texts.__getitem__, positions), repeat(needle)))
    return list(compress(positions, flags)), list(compress(positions, map(not_, flags)))


def _tiers(view: _View, matching: list[int], word: str) -> _Tiers:
    """Group ``matching`` (every one holds ``word``) by tier.

    Word-start matches are split off first, so each match is tested about twice rather than once per
    tier; the shown names that start with the word need no test at all: the view is sorted by them,
    so they are one run of positions, found by bisection.
    """
    at_word = _marked(word)
    word_start, elsewhere = _split(view.name_words, matching, at_word)
    low = bisect_left(view.folded, word)
    high = bisect_left(view.folded, word + _LAST_CHAR, low)
    first, last = bisect_left(word_start, low), bisect_left(word_start, high)
    shown_word, other_word = _split(view.shown_words, word_start[:first] + word_start[last:], at_word)
    inside_name, in_keyword = _split(view.names, elsewhere, word)
    keyword_word, inside_keyword = _split(view.keyword_words, in_keyword, at_word)
    return _Tiers([word_start[first:last], shown_word, other_word, inside_name, keyword_word, inside_keyword])


def _combined(view: _View, matching: list[int], tiers: dict[str, _Tiers]) -> list[int]:
    """Several words: order by the worst word's tier, then the sum of the tiers, then alphabetically;
    as one integer key per entry, so the sort runs on plain ints."""
    size = len(view.every_position)
    columns = [list(map(t.by_position(size).__getitem__, matching)) for t in tiers.values()]
    worst = map(max, *columns) if len(columns) > 1 else columns[0]
    total = map(sum, zip(*columns, strict=True))
    score = map(add, map(mul, worst, repeat(_TIER_WEIGHT)), total)
    keys = sorted(map(add, map(mul, score, repeat(size)), matching))
    return list(map(mod, keys, repeat(size)))


def _rank_first_keystrokes(view: _View) -> None:
    """Fill ``view.first_keystroke`` for the characters found in at least an eighth of the entries
    (rarer ones are quick to search anyway)."""
    counts = Counter(char for text in view.everything for char in set(text) if not char.isspace())
    threshold = max(64, len(view.everything) // 8)
    for char, count in counts.items():
        if count >= threshold:
            matching = _holding(view.everything, view.every_position, char)
            view.first_keystroke[char] = (matching, _tiers(view, matching, char))


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
