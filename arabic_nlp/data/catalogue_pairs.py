"""Evaluation data for the catalogue ingestion normalizer: Arabic-script renderings of Latin names.

The normalizer (upcoming) rewrites Arabic-script renderings of catalogue names in ASR output
(``شغل أغنية ستروماي``) back to their Latin catalogue form (``Stromae``). This module builds
its evaluation data from ``/work/shared/data`` at evaluation time; nothing derived from the
data is committed. ``docs/catalogue-eval-data.md`` has the sources, licences, counts and the
hand-checked precision of the filter.

* :func:`massive_pairs`: MASSIVE 1.0 slot values of the same slot type in the same utterance
  ``id`` of ar-SA and en-US (and fr-FR), paired (``Pair``).
* :func:`classify_pair` / :func:`is_transliteration`: keeps only pairs whose Arabic value is
  a phonetic rendering of the Latin value, by a consonant-skeleton comparison
  (:func:`skeleton_distance`); translations, Latin-script Arabic values and Arabic-origin
  names (``محمد`` ↔ ``mohammed``: a separate class, ``"arabic_origin"``) are not kept.
* :func:`dedupe`: one :class:`PairCount` per distinct (arabic, latin), with its count.
* :func:`distractor_names`: Latin person names (Wikidata tokens, CC0; Google ar2en Latin
  side, Apache-2.0) to pad a catalogue with.

``data_dir`` is the shared data root (``/work/shared/data``): MASSIVE is read from
``nlu/massive/{locale}.{partition}.jsonl``, names from ``translit_wikidata_names`` and
``translit_google_ar2en``. Only the train and dev partitions can be read; the test split is
held out and never opened. Missing files and malformed rows raise
:class:`~arabic_nlp.errors.InputError` naming ``file:line``.
"""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span, parse_annotated

PARTITIONS = ("train", "dev")  # the only ones readable; test is held out
LANGS = {"en": "en-US", "fr": "fr-FR"}  # Latin-side languages -> MASSIVE locale
ARABIC_LOCALE = "ar-SA"

# Slot types whose values are names of things a catalogue lists (artists, songs, apps,
# places, businesses, people, media services and devices, ...); docs/catalogue-eval-data.md
# has the measured counts of every type. Left out: types whose transliterated values are
# common nouns or loanwords rather than names (music_genre "جاز"/"jazz", food_type
# "برغر"/"burger", relation "دكتور"/"doctor", coffee_type, currency_name, transport_type,
# weather_descriptor, definition_word, house_place, ...), numbers, dates and times, and
# email_address (a spelled-out address, never a catalogue entry).
DEFAULT_TYPES: tuple[str, ...] = (
    "app_name",
    "artist_name",
    "audiobook_author",
    "audiobook_name",
    "business_name",
    "device_type",
    "game_name",
    "media_type",
    "movie_name",
    "music_album",
    "news_topic",
    "person",
    "place_name",
    "playlist_name",
    "podcast_name",
    "radio_name",
    "song_name",
    "transport_agency",
    "transport_name",
)

# Classes of classify_pair().
TRANSLITERATION = "transliteration"  # Arabic value renders the Latin value: kept
ARABIC_ORIGIN = "arabic_origin"  # an Arabic name with its usual Latin spelling: kept apart
LATIN_SCRIPT = "latin_script"  # the ar-SA value itself is in Latin script ("spotify")
MIXED_SCRIPT = "mixed_script"  # Arabic and Latin letters in the ar-SA value ("فيش wemo")
NO_MATCH = "no_match"  # skeletons too far apart: a translation, a substitution, ...
CLASSES = (TRANSLITERATION, ARABIC_ORIGIN, LATIN_SCRIPT, MIXED_SCRIPT, NO_MATCH)

# Largest skeleton distance of a transliteration. Chosen on the hand-checked MASSIVE pairs:
# of the distinct pairs between 0.2 and 0.25, 3 of 8 are transliterations (kroger/كارفور,
# amy/مها are not); on Wikidata dev name pairs 0.2 keeps 91% (0.25: 93%). See the doc.
THRESHOLD = 0.2
# When either skeleton has at most SHORT consonants, the edit cost may be at most SHORT_COST:
# one often-silent letter, an unmatched ع or final ه, no substitution (short names match
# by chance otherwise: جيدة/good).
SHORT = 2
SHORT_COST = 0.5


@dataclass(frozen=True, slots=True)
class Pair:
    """One slot value in ar-SA and the same slot's value in en-US (``lang="en"``) or fr-FR."""

    arabic: str
    latin: str
    slot_type: str
    lang: str
    source_id: str
    partition: str


@dataclass(frozen=True, slots=True)
class PairCount:
    """A distinct (arabic, latin) pair: how many :class:`Pair` rows had it, and where from."""

    arabic: str
    latin: str
    count: int
    slot_types: tuple[str, ...]
    langs: tuple[str, ...]
    partitions: tuple[str, ...]
    source_ids: tuple[str, ...]


# ------------------------------------------------------------------ MASSIVE pairing


def massive_pairs(
    data_dir: str | Path,
    partitions: Sequence[str] = PARTITIONS,
    slot_types: Iterable[str] | None = DEFAULT_TYPES,
    *,
    langs: Sequence[str] = ("en", "fr"),
    multi: str = "order",
) -> list[Pair]:
    """Every (ar-SA value, en-US/fr-FR value) pair of the same slot type in the same ``id``.

    A slot type occurring once in both utterances gives one pair. Occurring more than once
    (``[person : X] and [person : Y]``): with ``multi="order"`` the values are paired in
    order when both sides have the same count, and skipped otherwise; ``multi="skip"``
    skips every multi-occurrence case. A fr-FR pair is left out when the same (arabic,
    latin) pair already came from en-US for that id (the French value equals the
    English one), so fr pairs add only French spellings. ``slot_types=None`` takes all.
    Pairs are not filtered: see :func:`is_transliteration`.
    """
    if multi not in ("order", "skip"):
        raise InputError(f"multi={multi!r}; use 'order' or 'skip'")
    unknown = [lang for lang in langs if lang not in LANGS]
    if unknown:
        raise InputError(f"unknown lang {unknown[0]!r}; use {', '.join(LANGS)}")
    wanted = None if slot_types is None else frozenset(slot_types)
    root = massive_dir(data_dir)
    pairs: list[Pair] = []
    for partition in _check_partitions(partitions):
        arabic = read_massive(root / f"{ARABIC_LOCALE}.{partition}.jsonl", partition)
        others = {lang: read_massive(root / f"{LANGS[lang]}.{partition}.jsonl", partition)
                  for lang in langs}
        for lang, rows in others.items():
            missing = next((i for i in arabic if i not in rows), None)
            if missing is not None:
                raise InputError(f"{root / f'{LANGS[lang]}.{partition}.jsonl'}: no row with "
                                 f"id {missing!r}, which {ARABIC_LOCALE}.{partition}.jsonl "
                                 "has; MASSIVE locales share their ids")
        for source_id, ar_spans in arabic.items():
            seen: set[tuple[str, str]] = set()
            for lang in langs:
                for ar_value, latin, slot in _align(ar_spans, others[lang][source_id],
                                                    wanted, multi):
                    if (ar_value, latin) in seen:
                        continue
                    seen.add((ar_value, latin))
                    pairs.append(Pair(ar_value, latin, slot, lang, source_id, partition))
    return pairs


def _align(ar_spans: list[Span], other: list[Span], wanted: frozenset[str] | None,
           multi: str) -> list[tuple[str, str, str]]:
    """(arabic value, latin value, slot type) of the slot types both sides can pair."""
    out: list[tuple[str, str, str]] = []
    labels = dict.fromkeys(s.label for s in ar_spans)  # first-occurrence order
    for label in labels:
        if wanted is not None and label not in wanted:
            continue
        ar_values = [s.text or "" for s in ar_spans if s.label == label]
        values = [s.text or "" for s in other if s.label == label]
        if len(ar_values) != len(values) or not values:
            continue
        if len(values) > 1 and multi == "skip":
            continue
        out.extend((a, b, label) for a, b in zip(ar_values, values, strict=True))
    return out


def massive_dir(data_dir: str | Path) -> Path:
    """The MASSIVE folder: ``data_dir/nlu/massive``, or ``data_dir`` itself if it holds it."""
    root = Path(data_dir)
    for candidate in (root / "nlu" / "massive", root):
        if (candidate / f"{ARABIC_LOCALE}.train.jsonl").is_file() or (
                candidate / f"{ARABIC_LOCALE}.dev.jsonl").is_file():
            return candidate
    raise InputError(f"{root}: no MASSIVE files ({ARABIC_LOCALE}.train.jsonl) in "
                     f"{root / 'nlu' / 'massive'} or in {root}; pass the shared data root")


def _check_partitions(partitions: Sequence[str]) -> list[str]:
    if isinstance(partitions, str):
        partitions = (partitions,)
    for partition in partitions:
        if partition not in PARTITIONS:
            raise InputError(f"partition {partition!r} cannot be read; use "
                             f"{' or '.join(PARTITIONS)} (the test split is held out)")
    return list(dict.fromkeys(partitions))


def read_massive(path: str | Path, partition: str) -> dict[str, list[Span]]:
    """``{id: slot spans}`` of one MASSIVE jsonl file; InputError naming ``file:line``."""
    path = Path(path)
    text = _read_text(path, "MASSIVE file")
    rows: dict[str, list[Span]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not a JSON object ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{where}: not a JSON object")
        for key in ("id", "partition", "annot_utt"):
            if not isinstance(row.get(key), str):
                raise InputError(f"{where}: field {key!r} is missing or not a string")
        if row["partition"] != partition:
            raise InputError(f"{where}: partition {row['partition']!r} in the "
                             f"{partition} file")
        if row["id"] in rows:
            raise InputError(f"{where}: id {row['id']!r} occurs twice")
        try:
            _, spans = parse_annotated(row["annot_utt"])
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        rows[row["id"]] = spans
    return rows


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the {what} is not UTF-8 (byte {exc.start})") from None


# ------------------------------------------------------------------ consonant skeletons
#
# Latin side: lower-cased, accents removed, split into units (digraphs first, then letters);
# vowels and the semivowels w, y are dropped. Each consonant unit lists the Arabic letters
# (or letter pairs) that may render it. Arabic side: diacritics removed, the long vowels and
# semivowels ا و ي ى and every hamza form dropped, ة -> ه, پ -> ب, ڤ -> ف, گ/ک -> ك, a
# consonant written twice in a row kept once. The
# distance is a weighted edit distance between the two consonant strings, over the length
# of the longer one; a unit matches any of its renderings at cost 0.

_VOWELS = frozenset("aeiouy")
_SILENT = 0.5  # cost of dropping a Latin unit that is often silent (final s/t/d/x/z, h, ...)
_SUFFIX_H = 0.5  # cost of an unmatched word-final ه (ة/ه spelling a final -a/-e)
_AYN = 0.5  # cost of an unmatched ع (Latin spellings of Arabic names often leave it out)

_K = ("ك", "ق")
_G = ("غ", "ج", "ك", "ق")
_S = ("س", "ص", "ز", "ث")
# Digraphs and trigraphs, longest first.
_CLUSTERS: dict[str, tuple[str, ...]] = {
    "sch": ("ش", "سك"),
    "tch": ("تش", "ش"),
    "sh": ("ش",),
    "ch": ("ش", "تش", "ك", "خ"),
    "ph": ("ف",),
    "th": ("ث", "ت", "ذ", "د", "ز", "س"),
    "ck": _K,
    "gh": ("غ", "ج", "ق", "ف"),
    "kh": ("خ", "ك"),
    "qu": _K,
    "dj": ("ج",),
    "dh": ("ذ", "د", "ض", "ظ"),
    "zh": ("ج", "ز", "ش"),
    "ng": ("نغ", "نج", "نق", "نك", "ن"),
    "tz": ("تز", "تس", "ز"),
    "ts": ("تس", "تز"),
    "wh": ("",),
}
_LETTERS: dict[str, tuple[str, ...]] = {
    "b": ("ب",), "p": ("ب",), "f": ("ف",), "v": ("ف",), "k": _K, "q": _K, "g": _G,
    "s": _S, "z": ("ز", "س", "ظ", "تس"), "t": ("ت", "ط"), "d": ("د", "ض"),
    "j": ("ج", "خ", "ش"), "l": ("ل",), "m": ("م",), "n": ("ن",), "r": ("ر",),
    "h": ("ه", "ح"), "x": ("كس", "كز", "غز", "س", "ز"), "c": _K, "w": ("",),
}
_SOFT_C = ("س", "ص", "تش")  # c before e, i, y
# Spelled letters of acronyms ("b. b. c." = بي بي سي): the consonants of the letter names.
_LETTER_NAMES: dict[str, tuple[str, ...]] = {
    "b": ("ب",), "c": ("س",), "d": ("د",), "f": ("ف",), "g": ("ج",), "h": ("تش", "ش"),
    "j": ("ج",), "k": ("ك",), "l": ("ل",), "m": ("م",), "n": ("ن",), "p": ("ب",),
    "q": ("ك",), "r": ("ر",), "s": ("س",), "t": ("ت",), "v": ("ف",), "w": ("دبل",),
    "x": ("كس",), "z": ("ز", "زد"),
}
_OFTEN_SILENT_FINAL = frozenset("stdxzh")

_ARABIC_MARKS = regex.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER = regex.compile(r"[\p{Arabic}&&\p{L}]", regex.V1)
_LATIN_LETTER = regex.compile(r"\p{Latin}")
_ARABIC_DROP = frozenset("اأإآٱءؤئويىی")
_ARABIC_MAP = str.maketrans({"ة": "ه", "پ": "ب", "ڤ": "ف", "گ": "ك", "ک": "ك", "ڨ": "ق",
                             "چ": "تش"})
_LATIN_MAP = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "dj",
                            "ı": "i", "þ": "th", "č": "ch", "ć": "ch", "š": "sh", "ş": "sh",
                            "ž": "zh", "ç": "s"})
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف")
_ARTICLES = frozenset({"the", "le", "la", "les", "l"})


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    renderings: tuple[str, ...]
    drop: float  # cost of leaving it unmatched


def latin_units(latin: str) -> list[tuple[str, tuple[str, ...]]]:
    """The consonant units of a Latin string and the Arabic renderings each may have."""
    return [(u.text, u.renderings) for u in _latin_units(latin)]


def _latin_words(latin: str) -> list[str]:
    """Lower-case ASCII words: accents removed, French elision split (``l'inde`` -> l inde),
    other apostrophes removed (``domino's`` -> dominos)."""
    text = unicodedata.normalize("NFKD", latin.casefold().translate(_LATIN_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")
    text = regex.sub(r"\b(qu|[a-z])'", r"\1 ", text).replace("'", "")
    return [w for w in regex.split(r"[^a-z]+", text) if w]


def _latin_units(latin: str, words: list[str] | None = None) -> list[_Unit]:
    units: list[_Unit] = []
    for word in _latin_words(latin) if words is None else words:
        if len(word) == 1:  # a spelled letter (an acronym written "b. b. c.") or a vowel
            if word in _LETTER_NAMES:
                units.append(_Unit(word, _LETTER_NAMES[word], 1.0))
            continue
        # collapse doubled letters: "coldplay" -> same, "bella" -> "bela"
        word = regex.sub(r"(.)\1+", r"\1", word)
        first = len(units)  # index of the word's first unit
        i = prev_end = 0
        while i < len(word):
            for size in (3, 2):
                chunk = word[i:i + size]
                if len(chunk) == size and chunk in _CLUSTERS:
                    renderings = _CLUSTERS[chunk]
                    break
            else:
                chunk = word[i]
                if chunk in _VOWELS:
                    i += 1
                    continue
                renderings = _LETTERS.get(chunk, ("",))
                if chunk == "c" and word[i + 1:i + 2] in ("e", "i", "y"):
                    renderings = _SOFT_C
            start, i = i, i + len(chunk)
            if renderings == ("",):
                continue
            if start == prev_end and len(units) > first and units[-1].renderings == renderings:
                prev_end = i
                continue  # one sound spelled with two adjacent letters: "cq" in Jacques
            prev_end = i
            # a word-final s, t, d, x, z, h that is not the word's first consonant may be
            # silent (Peugeot, Bordeaux); h, j (the y of Johansson) and gh anywhere
            final = i >= len(word) or all(ch == "e" for ch in word[i:])
            silent = chunk in ("h", "j", "gh") or (
                final and chunk in _OFTEN_SILENT_FINAL and len(units) > first)
            units.append(_Unit(chunk, renderings, _SILENT if silent else 1.0))
    return units


def arabic_skeleton(arabic: str) -> str:
    """The consonant skeleton of an Arabic string: ``كولد بلاي`` -> ``كلدبل``."""
    return "".join(ch for ch, _ in _arabic_skeleton(arabic))


def _arabic_skeleton(arabic: str) -> list[tuple[str, float]]:
    """(consonant, cost of leaving it unmatched) for each consonant of ``arabic``."""
    out: list[tuple[str, float]] = []
    for word in _ARABIC_MARKS.sub("", arabic).translate(_ARABIC_MAP).split():
        letters = [ch for ch in word if _ARABIC_LETTER.match(ch)]
        # a consonant written twice in a row is one, as in the Latin units (الله)
        letters = [ch for k, ch in enumerate(letters)
                   if ch not in _ARABIC_DROP and (k == 0 or letters[k - 1] != ch)]
        for k, ch in enumerate(letters):
            if ch == "ع":
                cost = _AYN
            elif ch == "ه" and k == len(letters) - 1 and k > 0:
                cost = _SUFFIX_H
            else:
                cost = 1.0
            out.append((ch, cost))
    return out


def _distance(units: Sequence[_Unit], skel: Sequence[tuple[str, float]]) -> float:
    """Weighted edit distance of Latin units against Arabic consonants (see above)."""
    n, m = len(units), len(skel)
    inf = float("inf")
    table = [[inf] * (m + 1) for _ in range(n + 1)]
    table[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = table[i][j]
            if here == inf:
                continue
            if j < m and here + skel[j][1] < table[i][j + 1]:
                table[i][j + 1] = here + skel[j][1]
            if i == n:
                continue
            unit = units[i]
            if here + unit.drop < table[i + 1][j]:
                table[i + 1][j] = here + unit.drop
            if j < m and here + 1.0 < table[i + 1][j + 1]:
                table[i + 1][j + 1] = here + 1.0
            for rendering in unit.renderings:
                end = j + len(rendering)
                if end <= m and all(skel[j + k][0] == ch for k, ch in enumerate(rendering)):
                    if here < table[i + 1][end]:
                        table[i + 1][end] = here
    return table[n][m]


def skeleton_distance(arabic: str, latin: str) -> float:
    """Normalized consonant-skeleton distance, 0 (same consonants) to about 1 (unrelated).

    The smaller over the variants with and without a leading Arabic proclitic (ال, و, ب,
    ل, ف and their combinations, on the first word) and a leading Latin article (the, le,
    la, les, l'). 1.0 when the first consonants differ (see :func:`_anchored`) or when a
    skeleton of at most :data:`SHORT` consonants costs more than :data:`SHORT_COST`;
    ``inf`` when either side has no consonant.
    """
    words = _latin_words(latin)
    latin_variants = [words]
    if len(words) > 1 and words[0] in _ARTICLES:
        latin_variants.append(words[1:])
    arabic_variants = [arabic]
    stripped = _ARABIC_MARKS.sub("", arabic).strip()
    for clitic in _PROCLITICS:
        if stripped.startswith(clitic) and len(stripped.split()[0]) - len(clitic) >= 2:
            arabic_variants.append(stripped[len(clitic):])
    best = float("inf")
    for variant in latin_variants:
        units = _latin_units(latin, variant)
        for ar in arabic_variants:
            skel = _arabic_skeleton(ar)
            if not units or not skel:
                continue
            if not _anchored(units, skel):
                best = min(best, 1.0)
                continue
            cost = _distance(units, skel)
            score = cost / max(len(units), len(skel))
            if min(len(units), len(skel)) <= SHORT and cost > SHORT_COST:
                score = 1.0
            best = min(best, score)
    return best


def _anchored(units: Sequence[_Unit], skel: Sequence[tuple[str, float]]) -> bool:
    """Whether the first Latin consonant (after often-silent ones) renders the first Arabic one
    (after a leading ع).

    Names keep their first consonant; without this anchor a translated preposition or
    article (``at microsoft`` / ``في مايكروسوفت``) or a chance overlap (``florida`` /
    ``الرياض``) could pass on the length of the rest.
    """
    start = 1 if skel[0][0] == "ع" else 0  # علي / ali
    for unit in units:
        if any(r and all(start + k < len(skel) and skel[start + k][0] == ch
                         for k, ch in enumerate(r))
               for r in unit.renderings):
            return True
        if unit.drop >= 1.0:
            return False
    return False


# ------------------------------------------------------------------ the filter

_ARABIC_FINAL_VOWELS = frozenset("اىيوةهءئؤأ")


def final_vowels_agree(arabic: str, latin: str) -> bool:
    """Whether both values end in a vowel, or both in a consonant.

    The skeletons ignore vowels, so this catches what they cannot: an Arabic ending the
    Latin name does not have (``سامي``/``sam``, the Arabic name Sami; ``لاتيني``/``latin``,
    an adjective; ``لمبة``/``lamp``, a loanword with the Arabic feminine ending;
    ``موسيقى``/``music``). The Arabic side ends in a vowel when its last letter is ا ى ي و
    ة ه or a hamza. A Latin value ending in e, in a single letter (an acronym), in w or h
    after a vowel, or in s t x z after a vowel (Paris, Peugeot, Bordeaux) agrees with both.
    """
    letters = _ARABIC_LETTER.findall(_ARABIC_MARKS.sub("", arabic))
    words = _latin_words(latin)
    if not letters or not words:
        return True
    word = words[-1]
    if len(word) == 1 or word.endswith("e"):
        return True
    last, before = word[-1], word[-2]
    if before in _VOWELS and last in "whstxz":
        return True
    return (letters[-1] in _ARABIC_FINAL_VOWELS) == (last in _VOWELS)


# Letters of Arabic words that foreign names rendered in Arabic script (almost) never use.
_ARABIC_ORIGIN_LETTERS = frozenset("عحظض")
# Name particles of Arabic names in Latin spelling.
_ARABIC_PARTICLES = frozenset({"al", "el", "abd", "abdul", "abdel", "abdal", "abu", "abou",
                               "bin", "ibn", "bint", "bou"})


def is_arabic_origin(arabic: str, latin: str) -> bool:
    """Whether a pair looks like an Arabic name with its usual Latin spelling.

    True when the Arabic side has ع, ح, ظ or ض (letters a foreign name rendered in Arabic
    script almost never needs), or the Latin side has an Arabic name particle (al-, el-,
    abd, abdul, abu, bin, ibn, ...). A heuristic: ``فهد``/``fahad`` is not caught.
    """
    letters = set(_ARABIC_MARKS.sub("", arabic))
    if letters & _ARABIC_ORIGIN_LETTERS:
        return True
    words = regex.split(r"[^a-z]+", latin.casefold())
    return any(w in _ARABIC_PARTICLES for w in words) or any(
        w.startswith(("abdul", "abdel", "abdal")) for w in words)


def classify_pair(arabic: str, latin: str, threshold: float = THRESHOLD) -> str:
    """One of :data:`CLASSES` for an (ar-SA value, Latin value) pair.

    ``latin_script``: the Arabic value has Latin letters and no Arabic ones; ``mixed_script``:
    it has both; ``no_match``: the Latin side has Arabic letters, the final vowels disagree
    (:func:`final_vowels_agree`) or the skeleton distance is above ``threshold``; otherwise
    ``arabic_origin`` (see :func:`is_arabic_origin`) or ``transliteration``.
    """
    has_arabic = bool(_ARABIC_LETTER.search(arabic))
    has_latin = bool(_LATIN_LETTER.search(arabic))
    if not has_arabic:
        return LATIN_SCRIPT if has_latin else NO_MATCH
    if has_latin:
        return MIXED_SCRIPT
    if (_ARABIC_LETTER.search(latin) or not final_vowels_agree(arabic, latin)
            or skeleton_distance(arabic, latin) > threshold):
        return NO_MATCH
    return ARABIC_ORIGIN if is_arabic_origin(arabic, latin) else TRANSLITERATION


def is_transliteration(arabic: str, latin: str, threshold: float = THRESHOLD) -> bool:
    """Whether ``arabic`` is a phonetic rendering of the foreign name ``latin``.

    ``ستروماي``/``Stromae``, ``كولدبلاي``/``Coldplay``, ``سبوتيفاي``/``Spotify``: True;
    translations (``الحب``/``love``), Latin-script values and Arabic-origin names
    (``محمد عبده``/``mohammed abdu``): False. See :func:`classify_pair`.
    """
    return classify_pair(arabic, latin, threshold) == TRANSLITERATION


def dedupe(pairs: Iterable[Pair]) -> list[PairCount]:
    """One :class:`PairCount` per distinct (arabic, latin), most frequent first."""
    groups: dict[tuple[str, str], list[Pair]] = {}
    for pair in pairs:
        groups.setdefault((pair.arabic, pair.latin), []).append(pair)
    out = [PairCount(arabic, latin, len(group),
                     tuple(sorted({p.slot_type for p in group})),
                     tuple(sorted({p.lang for p in group})),
                     tuple(p for p in PARTITIONS if any(q.partition == p for q in group)),
                     tuple(dict.fromkeys(p.source_id for p in group)))
           for (arabic, latin), group in groups.items()]
    out.sort(key=lambda c: (-c.count, c.latin, c.arabic))
    return out


def transliteration_pairs(
    data_dir: str | Path,
    partitions: Sequence[str] = PARTITIONS,
    slot_types: Iterable[str] | None = DEFAULT_TYPES,
    *,
    kind: str = TRANSLITERATION,
    threshold: float = THRESHOLD,
) -> list[PairCount]:
    """The deduplicated MASSIVE pairs of one class (transliterations by default)."""
    if kind not in CLASSES:
        raise InputError(f"kind {kind!r} is not one of {', '.join(CLASSES)}")
    pairs = massive_pairs(data_dir, partitions, slot_types)
    return dedupe(p for p in pairs if classify_pair(p.arabic, p.latin, threshold) == kind)


# ------------------------------------------------------------------ distractors

WIKIDATA_DIR = "translit_wikidata_names"
GOOGLE_DIR = "translit_google_ar2en"
# Name particles and fragments not used on their own as a distractor name part.
_NAME_PARTICLES = frozenset({"de", "da", "di", "do", "du", "del", "della", "der", "den", "des",
                             "dos", "das", "van", "von", "la", "le", "les", "el", "al", "bin",
                             "ibn", "abu", "abd", "bint", "ben", "y", "e", "i", "o", "ter",
                             "ten", "af", "av", "zu", "st", "jr", "sr", "mc", "mac"})
_NAME_TOKEN = regex.compile(r"\p{L}[\p{L}'\-]*\p{L}", regex.V1)


def read_name_tokens(path: str | Path, latin_column: str) -> Counter[str]:
    """Latin name tokens of a transliteration TSV and their counts (``count`` column, or 1)."""
    path = Path(path)
    text = _read_text(path, "name file")
    lines = text.splitlines()
    if not lines:
        raise InputError(f"{path}:1: empty file; expected a header with {latin_column!r}")
    header = lines[0].split("\t")
    if latin_column not in header:
        raise InputError(f"{path}:1: header {lines[0]!r} has no {latin_column!r} column")
    col = header.index(latin_column)
    count_col = header.index("count") if "count" in header else None
    tokens: Counter[str] = Counter()
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(header):
            raise InputError(f"{path}:{lineno}: {len(cells)} columns, expected {len(header)} "
                             f"({', '.join(header)})")
        count = 1
        if count_col is not None:
            try:
                count = int(cells[count_col])
            except ValueError:
                raise InputError(f"{path}:{lineno}: count {cells[count_col]!r} is not an "
                                 "integer") from None
            if count < 1:
                raise InputError(f"{path}:{lineno}: count {count} is not positive")
        token = unicodedata.normalize("NFC", cells[col].strip()).casefold()
        if not token:
            raise InputError(f"{path}:{lineno}: empty {latin_column!r} cell")
        tokens[token] += count
    return tokens


def _capitalize(token: str) -> str:
    """``o'neil`` -> ``O'Neil``, ``jean-luc`` -> ``Jean-Luc``, ``müller`` -> ``Müller``."""
    return str(regex.sub(r"(^|[\-'])(\p{L})", lambda m: m.group(1) + m.group(2).upper(), token))


def distractor_names(
    data_dir: str | Path,
    n: int = 10000,
    seed: int = 0,
    *,
    exclude: Iterable[str] | None = None,
    single_share: float = 0.2,
    first_min_count: int = 3,
) -> list[str]:
    """``n`` distinct Latin-script person names to add to a catalogue as distractors.

    Tokens come from the Latin side of the Wikidata name pairs (train+dev) and of Google
    ar2en (train+dev; single names only). About ``single_share`` of the names are single
    tokens (mononyms, like many artists); the rest are "First Last": a first part drawn from
    Wikidata tokens seen at least ``first_min_count`` times (frequent tokens, mostly given
    names), a last part from all Wikidata tokens. Tokens are letters (with ' or -), two
    letters or more, not a particle (de, van, al, ...); names are capitalized per part.
    Deterministic for a ``seed``. Names equal (case-insensitive) to a string of ``exclude``
    are left out; by default ``exclude`` is every Latin value of the MASSIVE dev pairs
    (:func:`massive_pairs` on dev, all slot types).
    """
    if n < 1:
        raise InputError(f"n={n}; ask for at least one name")
    if not 0.0 <= single_share <= 1.0:
        raise InputError(f"single_share={single_share} is not between 0 and 1")
    root = Path(data_dir)
    wikidata: Counter[str] = Counter()
    google: Counter[str] = Counter()
    for partition in PARTITIONS:
        wikidata.update(read_name_tokens(root / WIKIDATA_DIR / f"{partition}.tsv", "latin"))
        google.update(read_name_tokens(root / GOOGLE_DIR / f"{partition}.tsv", "latin"))
    if exclude is None:
        exclude = [p.latin for p in massive_pairs(root, ("dev",), None)]
    banned = {unicodedata.normalize("NFC", e).casefold().strip() for e in exclude}

    def usable(token: str) -> bool:
        return bool(_NAME_TOKEN.fullmatch(token)) and token not in _NAME_PARTICLES

    lasts = sorted(t for t in wikidata if usable(t))
    firsts = sorted(t for t in lasts if wikidata[t] >= first_min_count)
    singles = sorted(set(lasts) | {t for t in google if usable(t)})
    if not firsts or not lasts:
        raise InputError(f"{root / WIKIDATA_DIR}: no usable name tokens")
    rng = random.Random(seed)
    names: dict[str, None] = {}
    n_single = min(round(n * single_share), len(singles))
    for token in rng.sample(singles, len(singles)):
        if len(names) >= n_single:
            break
        name = _capitalize(token)
        if name.casefold() not in banned:
            names[name] = None
    tries = 0
    limit = 20 * n + 1000
    while len(names) < n:
        tries += 1
        if tries > limit or len(names) + len(firsts) * len(lasts) < n:
            raise InputError(f"only {len(names)} distinct names could be made from "
                             f"{root / WIKIDATA_DIR}; ask for fewer than {n}")
        first, last = rng.choice(firsts), rng.choice(lasts)
        if first == last:
            continue
        name = f"{_capitalize(first)} {_capitalize(last)}"
        if name.casefold() not in banned and name not in names:
            names[name] = None
    out = list(names)
    rng.shuffle(out)
    return out
