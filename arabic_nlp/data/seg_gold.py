"""External segmentation gold sets, mapped to the tokenizer's ``nlu`` scheme for scoring.

Two formats are read (``docs/tokenization-external-gold.md`` has the datasets, the rules
and the numbers):

- ``farasa-jsonl``: one JSON object a line with ``segmented`` (words separated by spaces,
  every clitic and affix separated by ``+``: ``و+ال+تلفزيون``), ``pos`` (one tag a
  segment: ``CONJ+DET+NOUN``) and, optionally, ``diacritized`` (the same text, fully
  diacritized, used only to decide verb + نا);
- ``qcri-tsv``: the QCRI dialect tweets, a header ``Fold SubFold SentID Order Word
  Segmentation POS`` and one word a row; an ``EOS`` row ends a tweet.

Both split everything (prefixes, the article, ة, plural and subject suffixes). The
mapping keeps a split only before an enclitic pronoun that ``nlu`` splits: a segment
tagged ``PRON`` after a host (not after a prefix such as و+ or ال+) whose form is one of
:data:`NLU_SUFFIXES`. Verb subject suffixes (``ت``, ``وا``, ``ون``, ``ين`` ...), which the
sets also tag ``PRON``, are joined back, as is every other segment. On a verb, ل +
pronoun is one suffix token (the Gulf dative ``+لي``). Neither set restores the stem's
spelling (أغنيتي is ``اغني+ت+ي``, not ``أغنية +ي``), so these words are scored by their
split offsets only (:func:`arabic_nlp.data.tokenize_eval.evaluate` with
``boundaries_only=True``).

Words that cannot be mapped with confidence are skipped and counted by reason (see
:class:`ExternalGold`); malformed files raise :class:`~arabic_nlp.errors.InputError`
naming ``file:line``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from arabic_nlp.data.textfile import numbered_lines
from arabic_nlp.data.tokenize_eval import GoldWord
from arabic_nlp.errors import InputError
from arabic_nlp.text.tokenize import key_form, segmentation_starts

FORMATS = ("tsv", "farasa-jsonl", "qcri-tsv")
EXTERNAL_FORMATS = FORMATS[1:]

# Pronoun suffixes the nlu scheme splits (grammars/tokenize/gold/README.md).
NLU_SUFFIXES = frozenset({"ي", "ني", "ك", "ه", "ها", "نا", "كم", "كن", "هم", "هن", "هما",
                          "كما", "چ", "ج", "ش", "چم"})
# Subject (agreement) endings of verbs, tagged PRON by both sets; never split in nlu.
# ي after a verb is the feminine subject (تسوي) or a stem letter (يخل+ي+ك): "me" on a
# verb is ني. نا is ambiguous and decided apart (see _verb_na).
SUBJECT_SUFFIXES = frozenset({"ت", "تي", "تو", "توا", "تم", "تن", "تما", "تا", "وا", "و",
                              "ون", "ين", "ان", "ا", "ي", "ى", "يت", "ات", "او", "يوا", "ن"})
# Free pronouns and demonstratives after a proclitic (ل+هذا, ب+ذلك, ما+هو, م+انت): a
# word of their own, not an enclitic.
FREE_PRONOUNS = frozenset({"هو", "هي", "هى", "هوا", "انت", "أنت", "انتي", "أنتي", "نت",
                           "انتم", "أنتم", "انتو", "انتوا", "انا", "أنا", "نحن", "حنا",
                           "احنا", "إحنا", "هذا", "هذه", "هذي", "هاذا", "هاذي", "ذلك", "تلك",
                           "هؤلاء", "ذا", "ما", "من"})
# Nominal endings that the QCRI set sometimes tags PRON (نايم+ين, مبخر+ة): joined back.
NOMINAL_SUFFIXES = frozenset({"ين", "ون", "ان", "ات", "ة"})
# Tags of segments that are prefixes of the word's stem: a PRON right after one of
# them is a free pronoun (و+هم "and they"), not an enclitic.
PREFIX_TAGS = frozenset({"CONJ", "DET", "FUT_PART", "PROG_PART"})
# Tags that may follow an enclitic pronoun in the word (another pronoun, the dative ل,
# the Egyptian/Maghrebi negation ش); a PRON before anything else is not an enclitic.
_AFTER_ENCLITIC = frozenset({"PRON", "PREP", "NEG_PART"})

QCRI_HEADER = ("Fold", "SubFold", "SentID", "Order", "Word", "Segmentation", "POS")

# An Arabic word as the tokenizer cuts it: Arabic letters, marks, tatweel, joiners.
_ARABIC_WORD = regex.compile(r"[\u0640\u200c\u200d]*[\p{Arabic}&&\p{L}]"
                             r"(?:[\p{Arabic}&&\p{L}]|\p{M}|[\u0640\u200c\u200d])*", regex.V1)
_ARABIC_LETTER = regex.compile(r"[\p{Arabic}&&\p{L}]", regex.V1)
_MARKS = regex.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SUKUN, _SHADDA = "\u0652", "\u0651"
_SHORT_VOWELS = frozenset("\u064e\u064f\u0650")  # fatha, damma, kasra

# Reasons a word is skipped (counted, never scored).
NOT_ARABIC = "not an Arabic word"
MIXED = "Arabic mixed with other characters"
TAG_MISMATCH = "segments and POS tags differ in number"
EMPTY_SEGMENT = "empty segment"
EMPTY_WORD = "empty word"
VERB_NA = "verb + نا: subject or object undecided"
UNMAPPED = "pronoun form outside the nlu inventory"
NO_MATCH = "segmentation does not spell the surface"


@dataclass(frozen=True)
class ExternalWord(GoldWord):
    """A gold word mapped from an external set, with its original analysis."""

    source: str = ""  # the set's segmentation and POS, e.g. "ب+يقول+ها PROG_PART+V+PRON"


@dataclass
class ExternalGold:
    """The scoreable words of an external set and what was left out, by reason."""

    words: list[ExternalWord] = field(default_factory=list)
    read: int = 0  # word rows read (EOS rows excluded)
    utterances: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)  # mapping decisions taken

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1


# ----------------------------------------------------------------------------- mapping

# Decides verb + نا from outside the segmentation: True = object, False = subject,
# None = cannot tell. Called with the word's surface and the number of letters after نا.
NaResolver = Callable[[str, int], bool | None]


@dataclass
class _Mapped:
    tokens: list[str]  # stem, then the suffix tokens without their "+"
    notes: list[str]


def map_segments(segments: list[str], tags: list[str],
                 resolve_na: NaResolver | None = None, surface: str = "") -> _Mapped | str:
    """The nlu tokens of one word of an external set, or the reason to skip it.

    ``segments`` and ``tags`` are the word's segments and their POS tags, in order.
    """
    if len(segments) != len(tags):
        return TAG_MISMATCH
    if any(not s for s in segments):
        return EMPTY_SEGMENT
    tokens: list[str] = [""]
    notes: list[str] = []
    verb = ""  # the verb stem whose suffix chain we are in ("" = not in one)
    k = 0
    while k < len(segments):
        seg, tag = segments[k], tags[k]
        host = tags[k - 1] if k else ""
        if k and verb and tag == "PREP" and seg == "ل" and k + 1 < len(segments) \
                and tags[k + 1] == "PRON":
            pron = segments[k + 1]
            if pron not in NLU_SUFFIXES:
                return UNMAPPED
            tokens.append(seg + pron)
            notes.append("dative ل + pronoun on a verb, one token")
            k += 2
            continue
        if tag != "PRON" or not k or host in PREFIX_TAGS:
            tokens[-1] += seg
            if tag == "V":
                verb = seg
            elif tag != "PRON":
                verb = ""
            k += 1
            continue
        action, note = _classify(seg, host, verb, segments, tags, k, resolve_na, surface)
        if action == "skip":
            return note
        if action == "split":
            tokens.append(seg)
        elif action == "ni" and len(tokens) == 1:  # ون+ي on a verb: our +ني (يقهرو +ني)
            tokens[-1] = tokens[-1][:-1]
            tokens.append("ني")
        else:
            tokens[-1] += seg
        if note:
            notes.append(note)
        k += 1
    return _Mapped(tokens, notes)


def _classify(seg: str, host: str, verb: str, segments: list[str], tags: list[str], k: int,
              resolve_na: NaResolver | None, surface: str) -> tuple[str, str]:
    """What to do with an enclitic PRON segment: (action, note), the action being
    'split', 'join', 'ni' (ون+ي read as و +ني) or 'skip' (the note is then the reason)."""
    if any(t not in _AFTER_ENCLITIC for t in tags[k + 1:]):
        return "join", "PRON not at the end of the word joined"  # ب+ه+ال+كون: بهالكون
    if verb:
        if seg == "نا" and host == "V":
            return _verb_na(verb, segments, k, resolve_na, surface)
        if seg == "ي":
            if host == "PRON" and segments[k - 1].endswith("ن"):
                return "ni", "ن+ي on a verb read as +ني"
            return "join", "subject suffix joined"
        if seg in NLU_SUFFIXES:
            return "split", ""
        if seg in SUBJECT_SUFFIXES:
            return "join", "subject suffix joined"
        return "skip", UNMAPPED
    if seg in NLU_SUFFIXES:
        if k + 1 < len(tags) and tags[k + 1] == "PRON":  # مصدع+ي+نا: plural ي, then نا
            return "join", "nominal suffix tagged PRON joined"
        return "split", ""
    if seg in FREE_PRONOUNS:
        return "join", "free pronoun after a proclitic joined"
    if seg in NOMINAL_SUFFIXES:
        return "join", "nominal suffix tagged PRON joined"
    return "skip", UNMAPPED


def _verb_na(verb: str, segments: list[str], k: int, resolve_na: NaResolver | None,
             surface: str) -> tuple[str, str]:
    """Verb + نا: subject "we" (وصلنا) or object "us" (يساعدنا)?

    An imperfect verb in ي- takes no subject نا, so نا is the object; نا followed by an
    object pronoun (شفناك "we saw you") is the subject. Otherwise the resolver decides
    (Farasa: the diacritics); when it cannot, the word is skipped.
    """
    if verb.startswith("ي"):
        return "split", "verb + نا: object (imperfect in ي-)"
    if k + 1 < len(segments) and segments[k + 1] in NLU_SUFFIXES:
        return "join", "verb + نا: subject (an object follows)"  # شف+نا+ك
    if resolve_na is not None:
        tail = sum(len(key_form(s)) for s in segments[k + 1:])
        obj = resolve_na(surface, tail)
        if obj is True:
            return "split", "verb + نا: object (diacritics)"
        if obj is False:
            return "join", "verb + نا: subject (diacritics)"
    return "skip", VERB_NA


# ------------------------------------------------------------------------- gold words


def _word(gold: ExternalGold, lineno: int, surface: str, segmentation: str, pos: str,
          resolve_na: NaResolver | None = None) -> None:
    """Map one word of an external set and add it to ``gold`` (or count it skipped)."""
    gold.read += 1
    if _ARABIC_LETTER.search(surface) is None:
        gold.skip(f"{NOT_ARABIC} ({pos})")
        return
    if _ARABIC_WORD.fullmatch(surface) is None:
        gold.skip(f"{MIXED} ({pos})")
        return
    mapped = map_segments(segmentation.split("+"), pos.split("+"), resolve_na, surface)
    if isinstance(mapped, str):
        gold.skip(mapped)
        return
    seg = " ".join([mapped.tokens[0], *("+" + t for t in mapped.tokens[1:])])
    if len(mapped.tokens) > 1 and not _spells(surface, seg, mapped.tokens):
        gold.skip(NO_MATCH)
        return
    for note in mapped.notes:
        gold.notes[note] += 1
    if len(mapped.tokens) > 1:
        gold.notes["words with a gold split"] += 1
    gold.words.append(ExternalWord(lineno, surface, seg, f"{segmentation} {pos}"))


def _spells(surface: str, seg: str, tokens: list[str]) -> bool:
    """Do the suffix tokens sit, letter for letter, at the end of the surface?"""
    starts = [*segmentation_starts(surface, seg), len(surface)]
    if len(starts) != len(tokens) + 1:
        return False
    return all(key_form(surface[starts[i]:starts[i + 1]]) == key_form(tokens[i])
               for i in range(1, len(tokens)))


def _finish(gold: ExternalGold, path: str | Path) -> ExternalGold:
    if not gold.read:
        raise InputError(f"{path}: no gold rows")
    return gold


# ---------------------------------------------------------------------------- Farasa


def _plain(word: str) -> str:
    return str(_MARKS.sub("", word))


def _contracted(segments: list[str], tags: list[str], known: set[str]) -> str:
    """The written word of a Farasa segmentation: ل + ال is written لل; other
    contractions (كن+نا كنا, من+ما مما) are used when the line's text has them."""
    parts = list(segments)
    for i in range(1, len(parts)):
        if tags[i - 1] == "PREP" and parts[i - 1] == "ل" and tags[i] == "DET" \
                and parts[i].startswith("ال"):
            parts[i] = parts[i][1:]
    joined = "".join(parts)
    if joined in known:
        return joined
    for i in range(1, len(parts)):
        left, right = parts[i - 1], parts[i]
        if left and right and (left[-1] == right[0] or (left[-1] == "ن" and right[0] == "م")):
            candidate = "".join([*parts[:i - 1], left[:-1], *parts[i:]])
            if candidate in known:
                return candidate
    return joined


def _letters(word: str) -> list[tuple[str, str]]:
    """(letter, its marks) of a diacritized word."""
    out: list[tuple[str, str]] = []
    for ch in word:
        if _MARKS.fullmatch(ch):
            if out:
                out[-1] = (out[-1][0], out[-1][1] + ch)
        else:
            out.append((ch, ""))
    return out


def na_from_diacritics(diacritized: str, tail: int) -> bool | None:
    """Verb + نا from a diacritized word: object ("us") when the letter before نا has a
    short vowel (يُمْكِنُنَا، تُبْلِغُنَا), subject ("we") when it has a sukun (وَضَعْنَا) or
    when the ن has a shadda (كُنَّا); None when the word does not tell."""
    letters = _letters(diacritized)
    if tail:
        letters = letters[:-tail]
    if len(letters) < 3 or letters[-1][0] != "ا" or letters[-2][0] != "ن":
        return None
    if _SHADDA in letters[-2][1]:
        return False
    before = letters[-3][1]
    if _SUKUN in before:
        return False
    if _SHORT_VOWELS & set(before):
        return True
    return None


def _diacritics_resolver(diacritized: dict[str, str]) -> NaResolver:
    """Verb + نا decided by the line's diacritized form of the word (when it has one)."""
    def resolve(surface: str, tail: int) -> bool | None:
        w = diacritized.get(surface)
        return None if w is None else na_from_diacritics(w, tail)
    return resolve


def read_farasa_jsonl(path: str | Path) -> ExternalGold:
    """Words of a Farasa-scheme JSONL file (``segmented``, ``pos``, optional
    ``diacritized``), mapped to nlu; the surface is the undiacritized text joined from
    ``segmented``."""
    gold = ExternalGold()
    for lineno, line in numbered_lines(path, "gold file"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg}, column "
                             f"{exc.colno})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object, got "
                             f"{type(record).__name__}")
        for key in ("segmented", "pos"):
            if not isinstance(record.get(key), str):
                raise InputError(f"{path}:{lineno}: the record has no string field {key!r}")
        words, tags = record["segmented"].split(), record["pos"].split()
        if len(words) != len(tags):
            raise InputError(f"{path}:{lineno}: 'segmented' has {len(words)} words but "
                             f"'pos' has {len(tags)} tag groups")
        diac = record.get("diacritized")
        diacritized: dict[str, str] = {}
        if isinstance(diac, str):
            for w in _ARABIC_WORD.findall(diac):
                diacritized.setdefault(_plain(w), w)
        known = set(diacritized)

        resolve = _diacritics_resolver(diacritized)

        gold.utterances += 1
        for word, pos in zip(words, tags, strict=True):
            segs = word.split("+")
            surface = word.replace("+", "")
            if surface and len(segs) == len(pos.split("+")) and all(segs):
                surface = _contracted(segs, pos.split("+"), known)
            elif not surface:
                surface = word  # "+" itself, as punctuation
            _word(gold, lineno, surface, word, pos, resolve)
    return _finish(gold, path)


# ------------------------------------------------------------------------------ QCRI


def read_qcri_tsv(path: str | Path) -> ExternalGold:
    """Words of a QCRI dialect-tweets TSV file, mapped to nlu; the surface is the
    ``Word`` column."""
    gold = ExternalGold()
    header_seen = False
    in_tweet = False
    for lineno, line in numbered_lines(path, "gold file"):
        if not line.strip():
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != QCRI_HEADER:
                raise InputError(f"{path}:{lineno}: expected the header "
                                 f"{' '.join(QCRI_HEADER)!r} (tab-separated), got {line!r}")
            header_seen = True
            continue
        if len(cells) != len(QCRI_HEADER):
            raise InputError(f"{path}:{lineno}: expected {len(QCRI_HEADER)} tab-separated "
                             f"cells, got {len(cells)}: {line!r}")
        word, seg, pos = cells[4], cells[5].strip(), cells[6].strip()
        if not word.strip() and not seg:  # a character lost upstream: nothing to score
            gold.read += 1
            gold.skip(f"{EMPTY_WORD} ({pos or 'no POS'})")
            continue
        if not seg or not pos:
            raise InputError(f"{path}:{lineno}: the word {word!r} has an empty Segmentation "
                             f"or POS cell: {line!r}")
        if word == "EOS" and pos == "EOS":
            gold.utterances += in_tweet
            in_tweet = False
            continue
        in_tweet = True
        _word(gold, lineno, word, seg, pos)
    gold.utterances += in_tweet
    if not header_seen:
        raise InputError(f"{path}: empty file")
    return _finish(gold, path)


def read_external(path: str | Path, fmt: str) -> ExternalGold:
    """Read an external gold set in one of :data:`EXTERNAL_FORMATS`."""
    if fmt == "farasa-jsonl":
        return read_farasa_jsonl(path)
    if fmt == "qcri-tsv":
        return read_qcri_tsv(path)
    raise InputError(f"unknown gold format {fmt!r}; choose one of: {', '.join(FORMATS)}")
