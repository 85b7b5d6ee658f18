"""Catalogue ingestion normalizer: Arabic-script renderings of Latin catalogue names in ASR
output back to their Latin catalogue form ("شغل أغنية ستروماي" → "شغل أغنية Stromae").

A catalogue lists Latin names (artists, songs, apps, places) with their type, language and
any Arabic spellings already known. Every entry's expected Arabic renderings — the known
spellings plus the weighted n-best of the transliteration grammars
(``arabic_nlp.text.translit.to_arabic``) — go into one index keyed on a coarse consonant
skeleton (see :func:`forms`: letters an Arabic writer chooses between for one Latin sound
merged, long vowels dropped), with the one-deletion neighbours of each key so that a
spelling one consonant off is still found. ``normalize`` looks up every run of one to four
Arabic words (a leading clitic such as و، ب، ل or the article stays Arabic), scores each
candidate with :func:`match_score`, and rewrites the longest non-overlapping spans that
:meth:`CatalogueNormalizer.accepts` (under the threshold, not ordinary Arabic words).
"""

from __future__ import annotations

import csv
import itertools
import json
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from arabic_nlp.errors import InputError
from arabic_nlp.resources import lexicon_file
from arabic_nlp.text.checks import check_text
from arabic_nlp.text.translit import DEFAULT_K, LANGS, prepare, to_arabic

TYPES: tuple[str, ...] = ("artist", "album", "song", "playlist", "app", "place", "podcast",
                          "radio", "device", "brand", "other")
"""Entry types a catalogue row may name."""

FUNCTION_WORDS = 500  # the most frequent words of all are ordinary words
COMMON_THRESHOLD = 0.05  # other frequent words: only a near-exact rendering
MAX_WORDS = 4  # longest name, in words, looked up in the text
CLITIC_COST = 0.02  # a span read after a clitic scores a little worse than read whole
DEFAULT_THRESHOLD = 0.12  # a candidate's score must stay under this to be rewritten

_ARABIC_WORD = regex.compile(r"[\p{Arabic}&&\p{L}](?:[\p{Arabic}&&\p{L}]|\p{M}|\u0640)*",
                             regex.V1)
_MARKS = regex.compile(r"[\u064b-\u0652\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                       "ؤ": "ء", "ئ": "ء", "گ": "ك", "چ": "ش", "ڤ": "ف", "پ": "ب",
                       **dict.fromkeys(map(chr, [*range(0x64B, 0x653), 0x670, 0x640]))})
_VOWEL_LETTERS = str.maketrans("", "", "اوي")
_JOINERS = str.maketrans(".-", "  ")  # between the words or letters of a name
_JOINER_RUN = regex.compile(r"[\s.\-]+")
# letters an Arabic writer chooses between for one Latin sound (see coarse())
_COARSE = str.maketrans({ch: cls for group, cls in (
    ("كقجغخگڨ", "K"), ("سصزثظ", "S"), ("شچ", "C"), ("تط", "T"), ("دضذ", "D"), ("هح", "H"),
    ("فڤ", "F"), ("بپ", "B"), ("اىءع", "a"), ("و", "w"), ("ي", "y")) for ch in group})
_COARSE_VOWELS = str.maketrans("", "", "awy")
_WEIGHTS = (0.4, 0.3, 0.3)  # skeleton, coarse classes, exact letters (see match_score)
_NO_ROWS = np.zeros(0, dtype=np.int32)
_NO_SCORES = np.zeros(0, dtype=np.float32)
COST_SCALE = 20  # a rendering's transliteration cost, divided by this, adds to its score
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
    return arabic.translate(_FOLD)


def skeleton(arabic: str) -> str:
    """The consonant skeleton of folded Arabic: long-vowel letters and spaces dropped
    after the first letter (ستروماي and سترومي share سترم)."""
    folded = fold(arabic).replace(" ", "")
    return folded[:1] + folded[1:].translate(_VOWEL_LETTERS)


def coarse(arabic: str) -> str:
    """Folded Arabic with the letters a Latin sound is written with merged into one class
    each (g → ج/غ/ق, s → س/ص/ز, t → ت/ط, h → ه/ح) and the long-vowel letters as a/w/y;
    a word-final ة/ه is the vowel a (فريدة = frida, سارة = sarah)."""
    return forms(arabic)[1]


@lru_cache(maxsize=1 << 16)
def forms(arabic: str) -> tuple[str, str, str]:
    """(folded letters, coarse classes, coarse consonant skeleton) of an Arabic string,
    spaces and initialism dots removed: the three views a match is scored on."""
    parts = [_word_forms(w) for w in arabic.translate(_JOINERS).split()]
    classes = "".join(c for _, c in parts)
    return "".join(f for f, _ in parts), classes, classes[:1] + classes[1:].translate(
        _COARSE_VOWELS)


@lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> tuple[str, str]:
    folded = fold(word)
    final_a = len(folded) > 2 and folded[-1] == "ه"
    return folded, (folded[:-1] + "a" if final_a else folded).translate(_COARSE)


def match_score(query: tuple[str, str, str], rendering: tuple[str, str, str],
                cost: float = 0.0) -> float:
    """How far a span is from an expected rendering (0 = identical): normalized edit
    distances on the consonant skeleton, the coarse classes and the exact letters, so a
    vowel letter or a same-class consonant (ج for غ) costs less than another consonant,
    plus the rendering's transliteration cost."""
    return sum(w * Levenshtein.normalized_distance(query[v], rendering[v])
               for w, v in zip(_WEIGHTS, (2, 1, 0), strict=True)) + cost / COST_SCALE


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
    lexicons/catalogue/common_words.tsv (tweets, MASSIVE, Common Voice, Tatoeba, Tashkeela:
    names such as فيسبوك are among them)."""
    return {w: rank for rank, w in enumerate(_word_list("common_words.tsv"))}


@cache
def ordinary_words() -> frozenset[str]:
    """Words that are ordinary Arabic, not names: those frequent in diacritized classical
    and MSA text (lexicons/catalogue/ordinary_words.tsv: نوم، فرس، أمان) and the
    function words, the most frequent words of all (في، من، شغل)."""
    return frozenset(_word_list("ordinary_words.tsv")) | frozenset(
        _word_list("common_words.tsv")[:FUNCTION_WORDS])


def _word_list(name: str) -> list[str]:
    path = lexicon_file("catalogue", name)
    return [r.split("\t", 1)[0] for r in path.read_text(encoding="utf-8").splitlines()
            if r and not r.startswith("#") and not r.startswith("word\t")]


def grammar_renderings(entry: Entry, k: int = DEFAULT_K) -> list[tuple[str, float]]:
    """Weighted Arabic renderings of a Latin name from the transliteration grammars: the
    n-best of each word, combined, cheapest first (up to ``k``). An initialism is read
    letter by letter, a possessive 's is dropped or written ز (mcdonald's), and a leading
    article is rendered, written as ال, or left out."""
    return to_arabic(entry.latin, entry.lang, k)


class CatalogueNormalizer:
    """Rewrites Arabic-script renderings of catalogue names into their Latin form."""

    def __init__(self, entries: Iterable[Entry], *, k: int = DEFAULT_K,
                 threshold: float = DEFAULT_THRESHOLD,
                 renderer: Callable[[Entry, int], list[tuple[str, float]]] | None = None,
                 renderings: Sequence[Sequence[tuple[str, float]]] | None = None,
                 jobs: int = 0) -> None:
        """``renderer(entry, k)`` gives an entry's weighted Arabic renderings (default: the
        transliteration grammars, run on ``jobs`` processes, 0 = every core); ``renderings``
        gives them ready-made, one list per entry (an index read back by :meth:`load`)."""
        self.entries = list(entries)
        if not self.entries:
            raise InputError("a catalogue needs at least one entry")
        self.threshold = threshold
        if renderings is not None:
            self.renderings = [list(r) for r in renderings]
        else:
            if renderer is None:
                prepare([(e.latin, e.lang) for e in self.entries], k, jobs)
            render = renderer or grammar_renderings
            self.renderings = [[(a, 0.0) for a in e.arabic]
                               + [r for r in render(e, k) if r[0] not in e.arabic]
                               for e in self.entries]
        self._build()

    def _build(self) -> None:
        """One row per distinct (entry, folded rendering), held in arrays sorted by coarse
        skeleton: its entry, its three forms (see :func:`forms`) and cost. Each distinct
        skeleton, and its one-deletion neighbours, index the skeletons (CSR layout); a
        skeleton's rows are one contiguous run."""
        self.known = [frozenset(forms(a)[0] for a in e.arabic) for e in self.entries]
        self._known_all = frozenset().union(*self.known)
        self._known_words = frozenset(w for k in self.known for a in k for w in a.split())
        entry, cost, skel, text = array("i"), array("f"), array("i"), []
        views: tuple[list[str], list[str], list[str]] = ([], [], [])
        skeletons: dict[str, int] = {}
        names: list[str] = []
        for i, renderings in enumerate(self.renderings):
            seen: set[str] = set()
            for arabic, c in sorted(renderings, key=lambda r: r[1]):
                f = forms(arabic)
                if not f[0] or f[0] in seen:
                    continue
                seen.add(f[0])
                sid = skeletons.setdefault(f[2], len(skeletons))
                if sid == len(names):
                    names.append(f[2])
                skel.append(sid)
                entry.append(i)
                cost.append(c)
                text.append(arabic)
                # share equal strings: most renderings are their own folded form
                views[0].append(arabic if f[0] == arabic else f[0])
                views[1].append(f[1])
                views[2].append(names[sid])  # one string per distinct skeleton
        order = np.argsort(np.frombuffer(skel, dtype=np.int32), kind="stable")
        self._entry = np.frombuffer(entry, dtype=np.int32)[order]
        self._cost = np.frombuffer(cost, dtype=np.float32)[order] / COST_SCALE
        self._text = [text[j] for j in order]
        self._views = [np.array(v, dtype=object)[order] for v in views]
        self._skel_start = np.searchsorted(np.frombuffer(skel, dtype=np.int32)[order],
                                           np.arange(len(skeletons) + 1)).astype(np.int64)
        # the keys are held as their hashes, sorted: a collision only adds candidates
        key_hash, key_skel = array("q"), array("i")
        for sk, sid in skeletons.items():
            for key in _keys(sk):
                key_hash.append(hash(key))
                key_skel.append(sid)
        hashes = np.frombuffer(key_hash, dtype=np.int64)
        by_key = np.argsort(hashes, kind="stable")
        self._hashes = hashes[by_key]
        self._skels = np.frombuffer(key_skel, dtype=np.int32)[by_key]
        self._ranked = lru_cache(maxsize=1 << 15)(self._rank)
        self._best = lru_cache(maxsize=1 << 16)(self._best_reading)

    @classmethod
    def from_tsv(cls, path: str | Path, **kwargs: object) -> CatalogueNormalizer:
        """Build from a catalogue file (see :func:`read_catalogue`)."""
        return cls(read_catalogue(path), **kwargs)  # type: ignore[arg-type]

    def save(self, path: str | Path) -> None:
        """Write the entries and their renderings as JSON (the index is rebuilt on load);
        written to a temporary file first, so a failed save leaves no half-written index."""
        tmp = Path(str(path) + ".partial")
        try:
            with tmp.open("w", encoding="utf-8") as fh:  # entry by entry: no 100 MB string
                fh.write(f'{{"threshold": {json.dumps(self.threshold)}, "entries": [')
                for n, (e, r) in enumerate(zip(self.entries, self.renderings, strict=True)):
                    fh.write(("," if n else "") + json.dumps(
                        {"latin": e.latin, "type": e.type, "lang": e.lang,
                         "arabic": list(e.arabic), "renderings": r}, ensure_ascii=False))
                fh.write("]}")
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"{path}: cannot write the index ({exc.strerror})") from None

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

    def _scores(self, query: tuple[str, str, str], fuzzy: bool = True
                ) -> tuple[np.ndarray, np.ndarray]:
        """Rows sharing the query's coarse skeleton (with ``fuzzy``, up to one letter) and
        their :func:`match_score`, computed in one pass per form."""
        keys = _keys(query[2]) if fuzzy else [query[2]]
        wanted = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        lo = np.searchsorted(self._hashes, wanted, "left")
        hi = np.searchsorted(self._hashes, wanted, "right")
        runs = [self._skels[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        if not runs:
            return _NO_ROWS, _NO_SCORES
        sids = np.unique(np.concatenate(runs)) if len(runs) > 1 else runs[0]
        starts = self._skel_start[sids]
        sizes = self._skel_start[sids + 1] - starts
        # the rows of every skeleton found: contiguous runs, expanded in one go
        rows = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        score = self._cost[rows].copy()
        for weight, view in zip(_WEIGHTS, (2, 1, 0), strict=True):
            score += weight * process.cdist([query[view]], self._views[view][rows],
                                            scorer=Levenshtein.normalized_distance,
                                            dtype=np.float32)[0]
        return rows, score

    def candidates(self, span: str) -> list[tuple[float, int, str]]:
        """(score, entry index, rendering) for an Arabic span, best first: the entries
        whose renderings share the span's coarse skeleton up to one letter."""
        rows, score = self._scores(forms(span))
        order = np.argsort(score, kind="stable")
        _, first = np.unique(self._entry[rows[order]], return_index=True)
        best = order[np.sort(first)]
        return [(float(score[j]), int(self._entry[rows[j]]), self._text[rows[j]]) for j in best]

    def lookup(self, span: str) -> list[tuple[int, float, int, str]]:
        """Ranked (offset, score, entry index, rendering) for an Arabic span, trying it
        whole and after each leading clitic (و، ب، ال، وال، لل ...), which stays Arabic."""
        return list(self._ranked(span))

    def _rank(self, span: str) -> tuple[tuple[int, float, int, str], ...]:
        ranked: dict[int, tuple[float, int, str]] = {}
        for offset, penalty in _cuts(span):
            for score, idx, rendering in self.candidates(span[offset:]):
                score += penalty
                if idx not in ranked or score < ranked[idx][0]:
                    ranked[idx] = (score, offset, rendering)
        return tuple(sorted(((o, sc, i, r) for i, (sc, o, r) in ranked.items()),
                            key=lambda x: (x[1], -x[0])))

    def accepts(self, span: str, score: float, idx: int) -> bool:
        """Whether a span may be rewritten into entry ``idx``: a spelling the catalogue
        lists always; otherwise the score must stay under the threshold, a span made only
        of ordinary Arabic words (:func:`ordinary_words`) is never taken, and one made of
        other frequent words needs a near-exact rendering (هلا is a greeting, not Hello)."""
        if forms(span)[0] in self.known[idx]:
            return True
        words = fold(span).split()
        if score > self.threshold or self._ordinary(words):
            return False
        common = common_words()
        return score <= COMMON_THRESHOLD or not all(w in common for w in words)

    def _ordinary(self, words: Sequence[str]) -> bool:
        ordinary = ordinary_words()
        return all(w in ordinary and w not in self._known_words for w in words)

    def _best_reading(self, span: str) -> tuple[int, float, int, str] | None:
        """The best (offset, score, entry, rendering) of a span that :meth:`accepts`, over
        its clitic cuts; rows that cannot score under the threshold are not looked at."""
        best: tuple[int, float, int, str] | None = None
        for offset, penalty in _cuts(span):
            piece = span[offset:]
            query = forms(piece)
            if query[0] not in self._known_all and self._ordinary(fold(piece).split()):
                continue  # ordinary words: only a listed spelling could match
            lower = sum(w / (len(query[v]) + 1) for w, v in zip(_WEIGHTS, (2, 1, 0),
                                                                  strict=True))
            rows, score = self._scores(query, fuzzy=lower + penalty <= self.threshold)
            if not len(rows):
                continue
            score += penalty
            j = int(np.argmin(score))
            idx = int(self._entry[rows[j]])
            reading = (offset, float(score[j]), idx, self._text[rows[j]])
            if (best is None or reading[1] < best[1]) and self.accepts(piece, reading[1], idx):
                best = reading
        return best

    def normalize(self, text: str) -> CatalogueResult:
        """The text with matched names in their Latin form, and the matches."""
        text = check_text(text)
        words = list(_ARABIC_WORD.finditer(text))
        found: list[Match] = []
        for i in range(len(words)):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                span = words[i:i + n]
                if any(not _JOINER_RUN.fullmatch(text[a.end():b.start()])
                       for a, b in itertools.pairwise(span)):
                    continue
                piece = text[span[0].start():span[-1].end()]
                reading = self._best(piece)
                if reading is not None:
                    offset, score, idx, rendering = reading
                    begin = span[0].start() + offset
                    found.append(Match(begin, span[-1].end(), text[begin:span[-1].end()],
                                       self.entries[idx], rendering, score))
        chosen: list[Match] = []
        # the longest names first (ليدي غاغا over ليدي and غاغا read apart), then the best
        for m in sorted(found, key=lambda m: (-len(m.text.split()), m.score, m.start)):
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
    """A skeleton and, from three consonants up, its one-deletion neighbours (fuzzy
    lookup by one consonant; a shorter name must match its skeleton exactly)."""
    if len(skel) < 3:
        return [skel]
    return [skel, *dict.fromkeys(skel[:j] + skel[j + 1:] for j in range(len(skel)))]


def _cuts(span: str) -> list[tuple[int, float]]:
    """(offset, score penalty) of each reading of a span: whole, and after each leading
    clitic that leaves three letters or more."""
    first = fold(span.split(" ", 1)[0])
    cuts = [(0, 0.0), *((_offset(span, len(c)), CLITIC_COST) for c in _CLITICS
                        if first.startswith(c) and len(first) - len(c) >= 3)]
    return [(o, p) for o, p in cuts if len(forms(span[o:])[0]) >= 3]


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
