"""Catalogue ingestion normalizer: Arabic-script renderings of Latin catalogue names in ASR
output back to their Latin catalogue form ("شغل أغنية ستروماي" → "شغل أغنية Stromae").

A catalogue lists Latin names (artists, songs, apps, places) with their type, language and
any Arabic spellings already known. Every entry's expected Arabic renderings — the known
spellings plus the weighted n-best of the transliteration grammars
(``grammars/translit/<lang>.rules``, cascade ``to_arabic``) — go into one index keyed on a
consonant skeleton (diacritics, long vowels and letter variants folded away), with the
one-deletion neighbours of each key so that a spelling one consonant off is still found.
``normalize`` looks up every run of one to four Arabic words (a leading clitic such as و،
ب، ل or the article stays Arabic), scores each candidate by the rendering's weight plus the
normalized edit distance between the span and the rendering, and rewrites the best
non-overlapping spans whose score is under the threshold.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

from arabic_nlp.errors import InputError
from arabic_nlp.resources import grammar_file, lexicon_file
from arabic_nlp.text.checks import check_text

TYPES: tuple[str, ...] = ("artist", "album", "song", "playlist", "app", "place", "podcast",
                          "radio", "device", "brand", "other")
"""Entry types a catalogue row may name."""
LANGS: tuple[str, ...] = ("en", "fr")
"""Source languages of catalogue names (the transliteration grammar to use)."""

# an initialism is read letter by letter (c. n. n. -> سي ان ان; Arabic ASR writes the
# English letter names)
LETTER_NAMES = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "اي", "بي", "سي", "دي", "اي", "اف", "جي", "اتش", "اي", "جي", "كي", "ال", "ام", "ان",
    "او", "بي", "كيو", "ار", "اس", "تي", "يو", "في", "دبليو", "اكس", "واي", "زد"), strict=True))
FUNCTION_WORDS = 3000  # the most frequent words: only a listed spelling rewrites them
COMMON_THRESHOLD = 0.05  # other frequent words: only a near-exact rendering
MAX_WORDS = 4  # longest name, in words, looked up in the text
DEFAULT_K = 8  # n-best renderings per Latin word
DEFAULT_THRESHOLD = 0.12  # a candidate's score must stay under this to be rewritten

_ARABIC_WORD = regex.compile(r"[\p{Arabic}&&\p{L}](?:[\p{Arabic}&&\p{L}]|\p{M}|\u0640)*",
                             regex.V1)
_MARKS = regex.compile(r"[\u064b-\u0652\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                       "ؤ": "ء", "ئ": "ء", "گ": "ك", "چ": "ش", "ڤ": "ف", "پ": "ب"})
_VOWEL_LETTERS = str.maketrans("", "", "اوي")
# clitics that stay Arabic in front of a name: conjunction, prepositions, the article
_CLITICS = tuple(sorted({c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")
                         for a in ("", "ال")} | {"لل", "ولل", "فلل"} - {""}, key=len))


@dataclass(frozen=True)
class Entry:
    """One catalogue name: its Latin form, type, language and known Arabic spellings."""

    latin: str
    type: str = "other"
    lang: str = "en"
    arabic: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A rewritten span: offsets into the input, the entry, the rendering it matched and
    its score (lower is closer)."""

    start: int
    end: int
    text: str
    entry: Entry
    rendering: str
    score: float


@dataclass(frozen=True)
class CatalogueResult:
    """The normalized text and the matches, in text order."""

    text: str
    matches: tuple[Match, ...] = field(default_factory=tuple)


def fold(arabic: str) -> str:
    """Arabic without diacritics or tatweel, letter variants unified (أ→ا, ة→ه, ى→ي)."""
    return str(_MARKS.sub("", arabic)).translate(_FOLD)


def skeleton(arabic: str) -> str:
    """The consonant skeleton of folded Arabic: long-vowel letters and spaces dropped
    after the first letter (ستروماي and سترومي share سترم)."""
    folded = fold(arabic).replace(" ", "")
    return folded[:1] + folded[1:].translate(_VOWEL_LETTERS)


def read_catalogue(path: str | Path) -> list[Entry]:
    """Entries of a catalogue TSV: ``latin<TAB>type[<TAB>lang[<TAB>arabic|arabic...]]``,
    with an optional header line starting with ``latin``; ``#`` lines are comments. A
    bad row is an InputError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the catalogue ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the catalogue is not UTF-8") from None
    entries: list[Entry] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if lineno == 1 and cells[0].strip().lower() == "latin":
            continue
        entries.append(_entry(cells, f"{path}:{lineno}"))
    if not entries:
        raise InputError(f"{path}: the catalogue has no entries")
    return entries


def _entry(cells: Sequence[str], where: str) -> Entry:
    if not 2 <= len(cells) <= 4:
        raise InputError(f"{where}: {len(cells)} columns; a row is latin<TAB>type"
                         "[<TAB>lang[<TAB>arabic spellings separated by |]]")
    latin = cells[0].strip()
    if not latin:
        raise InputError(f"{where}: empty name")
    kind = cells[1].strip()
    if kind not in TYPES:
        raise InputError(f"{where}: unknown type {kind!r}; choose one of: {', '.join(TYPES)}")
    lang = cells[2].strip() if len(cells) > 2 and cells[2].strip() else "en"
    if lang not in LANGS:
        raise InputError(f"{where}: unknown language {lang!r}; choose one of: {', '.join(LANGS)}")
    arabic = tuple(a.strip() for a in cells[3].split("|") if a.strip()) if len(cells) > 3 else ()
    return Entry(latin, kind, lang, arabic)


@cache
def common_words() -> dict[str, int]:
    """Frequent Arabic words (folded) and their frequency rank, from
    lexicons/catalogue/common_words.tsv. A span made of them is rewritten only into an
    entry that lists that exact Arabic spelling, or, below the function words, into a
    near-exact rendering."""
    path = lexicon_file("catalogue", "common_words.tsv")
    rows = [r for r in path.read_text(encoding="utf-8").splitlines()
            if r and not r.startswith("#") and not r.startswith("word\t")]
    return {r.split("\t", 1)[0]: rank for rank, r in enumerate(rows)}


@cache
def _translit(lang: str) -> Callable[[str, int], list[tuple[str, float]]] | None:
    path = grammar_file("translit", f"{lang}.rules")
    if not path.exists():
        return None
    from arabic_nlp.fst.runtime import cascade

    return cascade(path, "to_arabic").nbest


def grammar_renderings(entry: Entry, k: int = DEFAULT_K) -> list[tuple[str, float]]:
    """Weighted Arabic renderings of a Latin name from the transliteration grammars: the
    n-best of each word, combined, cheapest first (up to ``k``)."""
    nbest = _translit(entry.lang)
    latin = regex.sub(r"['’]s\b", "", entry.latin.lower())  # possessive: trump's -> trump
    words = regex.findall(r"[\p{L}\p{N}]+", latin)
    if nbest is None or not words:
        return []
    per_word = [[(LETTER_NAMES[w], 0.0)] if w in LETTER_NAMES else nbest(w, k) or [(w, 5.0)]
                for w in words]
    combos = sorted(((" ".join(a for a, _ in combo), sum(c for _, c in combo))
                     for combo in itertools.product(*per_word)), key=lambda x: x[1])
    return combos[:k]


class CatalogueNormalizer:
    """Rewrites Arabic-script renderings of catalogue names into their Latin form."""

    def __init__(self, entries: Iterable[Entry], *, k: int = DEFAULT_K,
                 threshold: float = DEFAULT_THRESHOLD,
                 renderer: Callable[[Entry, int], list[tuple[str, float]]] | None = None,
                 renderings: Sequence[Sequence[tuple[str, float]]] | None = None) -> None:
        """``renderer(entry, k)`` gives an entry's weighted Arabic renderings (default: the
        transliteration grammars); ``renderings`` gives them ready-made, one list per entry
        (an index read back by :meth:`load`)."""
        self.entries = list(entries)
        if not self.entries:
            raise InputError("a catalogue needs at least one entry")
        self.threshold = threshold
        if renderings is not None:
            self.renderings = [list(r) for r in renderings]
        else:
            render = renderer or grammar_renderings
            self.renderings = [[(a, 0.0) for a in e.arabic]
                               + [r for r in render(e, k) if r[0] not in e.arabic]
                               for e in self.entries]
        self._build()

    def _build(self) -> None:
        self.known = [frozenset(fold(a) for a in e.arabic) for e in self.entries]
        self.index: dict[str, list[tuple[int, str, float]]] = {}
        for i, renderings in enumerate(self.renderings):
            for arabic, cost in renderings:
                folded = fold(arabic)
                for key in _keys(skeleton(arabic)):
                    self.index.setdefault(key, []).append((i, folded, cost))

    @classmethod
    def from_tsv(cls, path: str | Path, **kwargs: object) -> CatalogueNormalizer:
        """Build from a catalogue file (see :func:`read_catalogue`)."""
        return cls(read_catalogue(path), **kwargs)  # type: ignore[arg-type]

    def save(self, path: str | Path) -> None:
        """Write the entries and their renderings as JSON (the index is rebuilt on load)."""
        data = {"threshold": self.threshold,
                "entries": [{"latin": e.latin, "type": e.type, "lang": e.lang,
                             "arabic": list(e.arabic), "renderings": r}
                            for e, r in zip(self.entries, self.renderings, strict=True)]}
        tmp = Path(str(path) + ".partial")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> CatalogueNormalizer:
        """Read an index written by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            rows = data["entries"]
            entries = [Entry(r["latin"], r["type"], r["lang"], tuple(r["arabic"])) for r in rows]
            renderings = [[(str(a), float(c)) for a, c in r["renderings"]] for r in rows]
            threshold = float(data.get("threshold", DEFAULT_THRESHOLD))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a catalogue index ({exc})") from None
        return cls(entries, threshold=threshold, renderings=renderings)

    def candidates(self, span: str) -> list[tuple[float, int, str]]:
        """(score, entry index, rendering) for an Arabic span, best first."""
        folded = fold(span)
        best: dict[int, tuple[float, str]] = {}
        for key in _keys(skeleton(span)):
            for i, rendering, cost in self.index.get(key, ()):
                score = cost / 10 + Levenshtein.normalized_distance(
                    folded.replace(" ", ""), rendering.replace(" ", ""))
                if i not in best or score < best[i][0]:
                    best[i] = (score, rendering)
        return sorted((s, i, r) for i, (s, r) in best.items())

    def lookup(self, span: str) -> list[tuple[int, float, int, str]]:
        """Ranked (offset, score, entry index, rendering) for an Arabic span, trying it
        whole and after each leading clitic (و، ب، ال، وال، لل ...), which stays Arabic."""
        common = common_words()
        first = fold(span.split(" ", 1)[0])
        cuts = [0, *(len(c) for c in _CLITICS
                     if first.startswith(c) and len(first) - len(c) >= 3)]
        ranked: dict[int, tuple[float, int, str]] = {}
        for skip in cuts:
            offset = _offset(span, skip)
            piece = span[offset:]
            folded = fold(piece).split()
            if sum(map(len, folded)) < 3:
                continue
            cands = self.candidates(piece)
            if all(w in common for w in folded):
                # an everyday word needs a listed spelling (a function word) or a
                # near-exact rendering (a word that is also a name: سوريا، كندا)
                strict = any(common[w] < FUNCTION_WORDS for w in folded)
                cands = [c for c in cands if c[2] in self.known[c[1]]
                         or (not strict and c[0] <= COMMON_THRESHOLD)]
            for score, idx, rendering in cands:
                if idx not in ranked or score < ranked[idx][0]:
                    ranked[idx] = (score, offset, rendering)
        return sorted(((o, sc, i, r) for i, (sc, o, r) in ranked.items()),
                      key=lambda x: (x[1], -x[0]))

    def normalize(self, text: str) -> CatalogueResult:
        """The text with matched names in their Latin form, and the matches."""
        text = check_text(text)
        words = list(_ARABIC_WORD.finditer(text))
        found: list[Match] = []
        for i in range(len(words)):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                span = words[i:i + n]
                if any(text[a.end():b.start()].strip() for a, b in itertools.pairwise(span)):
                    continue
                piece = text[span[0].start():span[-1].end()]
                for offset, score, idx, rendering in self.lookup(piece)[:1]:
                    if score <= self.threshold:
                        begin = span[0].start() + offset
                        found.append(Match(begin, span[-1].end(), text[begin:span[-1].end()],
                                           self.entries[idx], rendering, score))
        chosen: list[Match] = []
        for m in sorted(found, key=lambda m: (m.score, -(m.end - m.start))):
            if all(m.end <= c.start or m.start >= c.end for c in chosen):
                chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        out, last = [], 0
        for m in chosen:
            out += [text[last:m.start], m.entry.latin]
            last = m.end
        out.append(text[last:])
        return CatalogueResult("".join(out), tuple(chosen))


def _keys(skel: str) -> list[str]:
    """A skeleton and its one-deletion neighbours (fuzzy lookup by one consonant)."""
    return [skel, *dict.fromkeys(skel[:j] + skel[j + 1:] for j in range(len(skel)))]


def _offset(word: str, letters: int) -> int:
    """Index in ``word`` after its first ``letters`` folded letters (marks skipped)."""
    if letters == 0:
        return 0
    seen = 0
    for j, ch in enumerate(word):
        if not _MARKS.match(ch):
            seen += 1
            if seen == letters:
                return j + 1
    return len(word)
