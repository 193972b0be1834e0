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

import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, compress, islice, repeat
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
    # Characters (and two-letter word starts) in many entries -> (their matches, their tiers). The
    # first keystrokes of every search are one or two characters that much of the list contains;
    # sorting those out ahead keeps them instant.
    first_keystroke: dict[str, tuple[list[int], _Tiers]] = field(default_factory=dict)
    # The words of the names and keywords, for typo tolerance: made on the first query that needs it
    # (a list as a holder: the view itself is frozen).
    words: list[_Words] = field(default_factory=list)


class _Tiers:
    """One query word's matches grouped by tier, best first, each group in alphabetical order.

    Tiers: 0 the shown name starts with the word, 1 a word of the shown name does, 2 a word of a name
    in another language does, 3 a name contains it, 4 a keyword word starts with it, 5 a keyword
    contains it.
    """

    __slots__ = ("_by_position", "_holds", "groups")

    def __init__(self, groups: list[list[int]]) -> None:
        self.groups = groups
        self._by_position: bytearray | None = None
        self._holds: bytes | None = None

    def ranked(self, limit: int | None = None) -> list[int]:
        every = chain.from_iterable(self.groups)
        return list(every if limit is None else islice(every, limit))

    def holds(self, size: int) -> bytes:
        """1 for every position matching the word, 0 elsewhere (a filter for ``compress``)."""
        if self._holds is None:
            self._holds = bytes(self.by_position(size)).translate(_MATCHED)
        return self._holds

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


_MATCHED = bytes([1] * 255 + [0])  # translates a tier table into a match mask
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
        self, query: str, languages: Iterable[str] = (), limit: int | None = None, *, typos: bool = True
    ) -> list[SearchResult]:
        """Matches for ``query`` ranked as the module docstring says, display names in ``languages``;
        with ``typos`` (the default), the entries a word with one typo finds follow the exact ones.

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
        if ready is None and len(words) == 1 and room is not None:
            base = last.matching if last is not None and narrowing else view.every_position
            first = _shown_starting(view, base, words[0])
            if len(first) >= room:
                # The shown names starting with the word (the first tier, alphabetically) fill the
                # results: nothing else to rank. The previous query stays the one to narrow from.
                results.extend(map(view.results.__getitem__, first[:room]))
                return results
        if ready is not None:
            matching, tiers = ready[0], {words[0]: ready[1]}
        else:
            size = len(view.every_position)
            matching = last.matching if last is not None and narrowing else view.every_position
            tiers = {}
            for word in words:
                if word in known:  # a word of the previous query holds for all its matches
                    continue
                prepared = view.first_keystroke.get(word)
                if prepared is not None:  # "university o": the "o" was ranked for the whole list
                    matching = list(compress(matching, map(prepared[1].holds(size).__getitem__, matching)))
                    tiers[word] = prepared[1]
                else:
                    matching = _holding(view.everything, matching, word)
            for word in words:
                if word not in tiers:
                    tiers[word] = known.get(word) or _tiers(view, matching, word)
        self._last = _LastQuery(languages, words, matching, tiers)
        ranked = tiers[words[0]].ranked(room) if len(words) == 1 else _combined(view, matching, tiers, room)
        results.extend(map(view.results.__getitem__, ranked))
        if typos and (room is None or len(ranked) < room) and any(len(w) >= FUZZY_MIN_LENGTH for w in words):
            more = None if room is None else room - len(ranked)
            results.extend(map(view.results.__getitem__, self._near(view, words, matching, more)))
        return results

    def _near(self, view: _View, words: list[str], exact: list[int], limit: int | None) -> list[int]:
        """Entries the query finds only with a typo in some of its words, alphabetically, at most
        ``limit``: every word starts a word of a name or keyword, exactly or (four letters or more)
        one edit away."""
        if not view.words:
            view.words.append(_Words.build(view))
        found = view.words[0]
        wanted = [
            found.near_words(word) if len(word) >= FUZZY_MIN_LENGTH else found.starting_with(word)
            for word in words
        ]
        # The rarest word drives: its positions, in order, each checked against the other words
        # (a word start marked before each), until ``limit`` are found.
        order = sorted(range(len(words)), key=lambda i: found.count(wanted[i]))
        checks = [
            [_WORD + words[i]] if len(words[i]) < FUZZY_MIN_LENGTH else [_WORD + w for w in wanted[i]]
            for i in order[1:]
        ]
        skip = set(exact)
        picked: list[int] = []
        previous = -1
        for position in heapq.merge(*found.postings(wanted[order[0]])):
            if position == previous or position in skip:
                continue
            previous = position
            names, keywords = view.name_words[position], view.keyword_words[position]
            if all(any(m in names or m in keywords for m in marks) for marks in checks):
                picked.append(position)
                if limit is not None and len(picked) >= limit:
                    break
        return picked


def _shown_starting(view: _View, positions: list[int], word: str) -> list[int]:
    """``positions`` (ascending) whose shown name starts with ``word``: one run, found by bisection."""
    low = bisect_left(view.folded, word)
    high = bisect_left(view.folded, word + _LAST_CHAR, low)
    return positions[bisect_left(positions, low) : bisect_left(positions, high)]


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


def _combined(view: _View, matching: list[int], tiers: dict[str, _Tiers], limit: int | None) -> list[int]:
    """Several words: order by the worst word's tier, then the sum of the tiers, then alphabetically;
    as one integer key per entry, so the sort runs on plain ints (and only the best ``limit`` are
    sorted out when that is fewer)."""
    size = len(view.every_position)
    columns = [list(map(t.by_position(size).__getitem__, matching)) for t in tiers.values()]
    worst = map(max, *columns) if len(columns) > 1 else columns[0]
    total = map(sum, zip(*columns, strict=True))
    score = map(add, map(mul, worst, repeat(_TIER_WEIGHT)), total)
    keys = map(add, map(mul, score, repeat(size)), matching)
    best = sorted(keys) if limit is None or limit >= len(matching) else heapq.nsmallest(limit, keys)
    return list(map(mod, best, repeat(size)))


def _rank_first_keystrokes(view: _View) -> None:
    """Fill ``view.first_keystroke`` for the characters found in at least an eighth of the entries,
    and the two-letter starts of words found in as many (rarer ones are quick to search anyway)."""
    counts = Counter(char for text in view.everything for char in set(text) if not char.isspace())
    threshold = max(64, len(view.everything) // 8)
    for char, count in counts.items():
        if count >= threshold:
            matching = _holding(view.everything, view.every_position, char)
            view.first_keystroke[char] = (matching, _tiers(view, matching, char))
    starts = Counter(
        pair
        for text in view.everything
        for pair in {w[:2] for w in text.split() if len(w) >= 2 and w[:2].isalnum()}
    )
    for pair, count in starts.items():
        if count >= threshold:
            first = view.first_keystroke.get(pair[0])
            within = first[0] if first is not None else view.every_position
            matching = _holding(view.everything, within, pair)
            view.first_keystroke[pair] = (matching, _tiers(view, matching, pair))


FUZZY_MIN_LENGTH = 4  # shorter words are too close to too many others for one typo to mean much


def _starting(keys: list[str], prefix: str) -> tuple[int, int]:
    """The run of sorted ``keys`` that start with ``prefix``."""
    low = bisect_left(keys, prefix)
    return low, bisect_left(keys, prefix + _LAST_CHAR, low)


@dataclass(frozen=True, slots=True)
class _Words:
    """The distinct words (from a word start to white space) of a view's names and keywords, sorted;
    the same words without their first letter and without their second, sorted, for the typos at the
    front of a word; and the positions holding each word in a name or in a keyword."""

    words: list[str]
    dropped: tuple[tuple[list[str], list[str]], ...]  # per letter 0 and 1: (keys sorted, their words)
    in_names: dict[str, list[int]]
    in_keywords: dict[str, list[int]]

    @classmethod
    def build(cls, view: _View) -> _Words:
        in_names: dict[str, list[int]] = {}
        in_keywords: dict[str, list[int]] = {}
        for postings, texts in ((in_names, view.name_words), (in_keywords, view.keyword_words)):
            for position, text in enumerate(texts):
                for word in {w.strip() for w in text.split(_WORD)}:
                    if word:
                        postings.setdefault(word, []).append(position)
        words = sorted(in_names.keys() | in_keywords.keys())
        dropped = tuple(
            (
                [key for key, _ in pairs],
                [word for _, word in pairs],
            )
            for pairs in (
                sorted((w[:letter] + w[letter + 1 :], w) for w in words if len(w) > letter)
                for letter in (0, 1)
            )
        )
        return cls(words, dropped, in_names, in_keywords)

    def near_words(self, word: str) -> set[str]:
        """The words that start with ``word`` or with something one edit away. An edit of the last
        letter counts only for a whole word ("demi" finds "demo" but not "demonstration"): that
        letter was just typed, and anything sharing the others would match."""
        found: set[str] = set()
        words = self.words

        def starting(keys: list[str], values: list[str], prefix: str) -> None:
            low, high = _starting(keys, prefix)
            found.update(values[low:high])

        size = len(word)
        for at in range(size - 1):
            starting(words, words, word[:at] + word[at + 1 :])  # a letter too many typed at ``at``
            starting(words, words, word[:at] + word[at + 1] + word[at] + word[at + 2 :])  # swapped
        low, high = _starting(words, word[:-1])  # one letter too many at the end: the whole word
        if low < high and words[low] == word[:-1]:
            found.add(words[low])
        (first_keys, first_words), (second_keys, second_words) = self.dropped
        starting(first_keys, first_words, word[1:])  # the first letter changed
        starting(first_keys, first_words, word)  # a letter left out before the first
        starting(second_keys, second_words, word[0] + word[2:])  # the second letter changed
        starting(second_keys, second_words, word)  # a letter left out before the second
        for at in range(2, size):  # further on: the words sharing the letters before ``at``
            low, high = _starting(words, word[:at])
            changed, left_out = word[at + 1 :], word[at:]
            last = at == size - 1
            for candidate in words[low:high]:
                rest = candidate[at + 1 :]
                if len(candidate) > at and (
                    rest.startswith(left_out) or (rest == "" if last else rest.startswith(changed))
                ):
                    found.add(candidate)
        starting(words, words, word)  # and those starting with ``word`` itself
        return found

    def starting_with(self, prefix: str) -> set[str]:
        low, high = _starting(self.words, prefix)
        return set(self.words[low:high])

    def count(self, words: set[str]) -> int:
        """How many (position, word) pairs hold ``words``."""
        return sum(len(self.in_names.get(w, ())) + len(self.in_keywords.get(w, ())) for w in words)

    def postings(self, words: set[str]) -> list[list[int]]:
        """The positions holding each of ``words`` (in a name, in a keyword), each list ascending."""
        return [self.in_names.get(w, []) for w in words] + [self.in_keywords.get(w, []) for w in words]


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
