"""MSA → Khaleeji (Gulf Arabic) for speech output, with the grammars in ``grammars/khaleeji/``.

``to_khaleeji("حَسَنًا، سَأُشَغِّلُ أُغْنِيَتَكِ الْآنَ", locale="ar-KW")`` turns fully diacritized
MSA into Gulf Arabic: Arabic script whose diacritics give the Gulf vowels, with گ and چ
where the sound changes (``output="arabic"``), or broad IPA with word stress
(``output="phonemes"``). ``to_phonemes`` gives the same IPA for MSA.

How: each Arabic word is looked up in the swap lexicon (``lexicons/khaleeji/swaps.tsv``,
keyed on the word without diacritics; و/ف in front are kept). Words the lexicon swaps,
undiacritized words, Latin script and digits are shielded from the rules. The rest of the
sentence runs through the locale's cascade (``grammars/khaleeji/<locale>.rules``, an
overlay of ``core.rules``), which sees whole sentences so that rules can look at the next
word (ta marbuta in construct).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from arabic_nlp.errors import InputError
from arabic_nlp.fst.runtime import Cascade, cascade
from arabic_nlp.resources import grammar_file, lexicon_file
from arabic_nlp.text.checks import check_text

OUTPUTS: tuple[str, ...] = ("arabic", "phonemes")
"""What :func:`to_khaleeji` can write."""

DEFAULT_LOCALE = "ar-AE"

_WORD = regex.compile(r"(?P<arabic>[\p{Arabic}&&\p{L}](?:[\p{Arabic}&&\p{L}]|\p{M}|\u0640)*)"
                      r"|(?P<other>[\p{L}\p{M}\p{N}]+)", regex.V1)
_VOWELLESS = regex.compile(  # a consonant letter with no mark after it (not a long vowel)
    r"[\u0621\u0623-\u0626\u0628-\u063a\u0641-\u0648\u064a\u067e\u0686\u06a4\u06af]"
    r"(?![\u064b-\u0652\u0670]|$)")
_DROP_MARKS = dict.fromkeys(range(0x064B, 0x0653)) | {0x0670: None, 0x0640: None}
_PROCLITIC = regex.compile(r"^([وف][\u064e\u064f\u0650\u0652]?)(?=\p{L})")


@dataclass(frozen=True)
class Flag:
    """A word the converter could not treat fully: ``reason`` is ``undiacritized`` (passed
    through unchanged) or ``partly diacritized`` (converted as far as its marks go)."""

    word: str
    start: int
    end: int
    reason: str


class KhaleejiText(str):
    """The converted text (a ``str``), with the locale, the output kind and the flags."""

    locale: str
    output: str
    flags: tuple[Flag, ...]

    def __new__(cls, text: str, locale: str, output: str,
                flags: tuple[Flag, ...] = ()) -> KhaleejiText:
        obj = super().__new__(cls, text)
        obj.locale, obj.output, obj.flags = locale, output, flags
        return obj

    @property
    def undiacritized(self) -> tuple[str, ...]:
        """The input words that passed through unconverted for lack of diacritics."""
        return tuple(f.word for f in self.flags if f.reason == "undiacritized")


def locales() -> tuple[str, ...]:
    """The locales with a rule file in ``grammars/khaleeji/`` (``ar-SA``, ``ar-AE``, ...)."""
    return tuple(sorted(p.stem for p in grammar_file("khaleeji").glob("ar-*.rules")))


@cache
def _cascade(locale: str, name: str) -> Cascade:
    return cascade(grammar_file("khaleeji", f"{locale}.rules"), name)


@cache
def _msa_phonemes() -> Cascade:
    return cascade(grammar_file("khaleeji", "msa.rules"), "phonemes")


def _check_locale(locale: object) -> str:
    if not isinstance(locale, str) or locale not in locales():
        raise InputError(f"unknown Khaleeji locale {locale!r}; choose one of: "
                         f"{', '.join(locales())}")
    return locale


@cache
def swaps(locale: str) -> dict[str, str]:
    """The swap lexicon for ``locale``: MSA word or phrase (without diacritics, or with
    them for an exact vowelling; see :func:`_swap_key`) -> Gulf form ("" deletes)."""
    _check_locale(locale)
    path = lexicon_file("khaleeji", "swaps.tsv")
    return _read_swaps(path).get(locale, {})


@cache
def _read_swaps(path: Path) -> dict[str, dict[str, str]]:
    """Read swaps.tsv (``msa, gulf, locales, note``), checking every row."""
    known = set(locales())
    by_locale: dict[str, dict[str, str]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the swap lexicon ({exc.strerror})") from None
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if not header_seen:
            if cells[:3] != ["msa", "gulf", "locales"]:
                raise InputError(f"{path}:{lineno}: the header must start with "
                                 "msa<TAB>gulf<TAB>locales")
            header_seen = True
            continue
        if len(cells) < 3 or not cells[0] or not cells[1]:
            raise InputError(f"{path}:{lineno}: a row needs msa, gulf and locales cells")
        msa = _swap_key(cells[0])
        gulf = "" if cells[1] == DELETED else cells[1]
        for loc in (c.strip() for c in cells[2].split(",")):
            if loc not in known:
                raise InputError(f"{path}:{lineno}: unknown locale {loc!r} "
                                 f"(known: {', '.join(sorted(known))})")
            table = by_locale.setdefault(loc, {})
            if table.get(msa, gulf) != gulf:
                raise InputError(f"{path}:{lineno}: {msa} already has another Gulf form "
                                 f"for {loc}: {table[msa] or DELETED}")
            table[msa] = gulf
    return by_locale


class _Shield:
    """Private-use placeholders for words the rules must not touch (one character each,
    never one the text already holds), and their way back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.used: set[str] | None = None  # the text's characters, read on first use
        self.code = 0xE000
        self.values: dict[str, str] = {}
        self.swapped: set[str] = set()  # placeholders of Gulf words from the swap lexicon

    def __call__(self, value: str, swapped: bool = False) -> str:
        if self.used is None:
            self.used = set(self.text)
        while chr(self.code) in self.used:
            self.code += 1
        ch = chr(self.code)
        self.code += 1
        self.values[ch] = value
        if swapped:
            self.swapped.add(ch)
        return ch

    def restore(self, text: str, only_swapped: bool = False) -> str:
        """Put the shielded words back (with ``only_swapped``, just the swapped Gulf words,
        which the phoneme rules transcribe like any Gulf word)."""
        if not self.values:
            return text
        keep = self.swapped if only_swapped else self.values
        return "".join(self.values[ch] if ch in keep else ch for ch in text)


DELETED = "∅"
"""A swap's Gulf form that deletes the MSA words (هَلْ in a yes/no question)."""

_SHADDA_FIRST = regex.compile("([\u064b-\u0650])\u0651")


def _swap_key(msa: str) -> str:
    """How a swap row's MSA side is matched: without diacritics it matches the word with
    any diacritics; with them (canonical order, shaddah first) only that vowelling."""
    return str(_SHADDA_FIRST.sub("\u0651\\1", msa.replace("\u0640", "").strip()))


def _shield(text: str, locale: str | None, latin: bool) -> tuple[str, _Shield, list[Flag]]:
    """The text with shielded words replaced by placeholders, and the flags. Shielded:
    words and phrases the swap lexicon replaces (by their Gulf form, already final; an
    empty Gulf form deletes them), undiacritized words, and with ``latin`` Latin-script
    words and digits (the IPA rules would read Latin letters as phonemes)."""
    table, longest, _ = _swap_table(locale) if locale is not None else ({}, 0, frozenset())
    shield = _Shield(text)
    out: list[str] = []  # text before ``last`` that is done, in pieces
    flags: list[Flag] = []
    last = 0
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        m = words[i]
        i += 1
        if m.lastgroup == "other":  # Latin, digits: untouched, shielded from the IPA rules
            if latin:
                out += (text[last:m.start()], shield(m.group()))
                last = m.end()
            continue
        if locale is None:
            continue
        word = m.group()
        kind, gulf_word = _word_kind(word, locale)
        if kind == "plain":  # most words: nothing to do
            continue
        hit = _swap_at(text, words, i - 1, table, longest) if kind == "phrase" else \
            ((1, gulf_word) if kind == "swap" and gulf_word is not None else None)
        if hit is not None:
            n, gulf = hit
            out.append(text[last:m.start()])
            last = words[i + n - 2].end()
            i += n - 1
            if gulf:
                out.append(shield(gulf, swapped=True))
            else:  # deleted (هَلْ before a question): drop the space after it too
                while last < len(text) and text[last] in " \t":
                    last += 1
        elif kind == "undiacritized" or (kind == "phrase" and _bare(word)):
            flags.append(Flag(word, m.start(), m.end(), "undiacritized"))
            out += (text[last:m.start()], shield(word))
            last = m.end()
        elif kind == "partly diacritized" or (kind == "phrase" and _partly(word)):
            flags.append(Flag(word, m.start(), m.end(), "partly diacritized"))
    out.append(text[last:])
    return "".join(out), shield, flags


def _bare(word: str) -> bool:
    """True when the word has no diacritic at all."""
    return len(word.translate(_DROP_MARKS)) == len(word)


def _partly(word: str) -> bool:
    """True when a consonant before the word's last letter has no mark."""
    return _VOWELLESS.search(word) is not None


@lru_cache(maxsize=100_000)
def _word_kind(word: str, locale: str) -> tuple[str, str | None]:
    """What one Arabic word is, cached: ``phrase`` (it may begin a multi-word swap, so the
    neighbours decide), ``swap`` with its Gulf form, ``undiacritized``, ``partly
    diacritized`` or ``plain``."""
    table, _, starts = _swap_table(locale)
    first, clitic, rest = _heads(word)
    if any(h in starts for h in (*first, *(rest or ()))):
        return "phrase", None
    for key in first:
        if key in table:
            return "swap", table[key]
    if clitic is not None and rest is not None:
        for key in rest:
            if key in table:
                return "swap", clitic.group(1) + table[key]
    if _bare(word):
        return "undiacritized", None
    return ("partly diacritized" if _partly(word) else "plain"), None


@cache
def _swap_table(locale: str) -> tuple[dict[str, str], int, frozenset[str]]:
    """The locale's swaps, the most words a swap covers, and the first words of phrases."""
    table = swaps(locale)
    longest = max((k.count(" ") + 1 for k in table), default=0)
    return table, longest, frozenset(k.split(" ")[0] for k in table if " " in k)


def _keys(word: str) -> tuple[str, str]:
    """A word as the swap lexicon keys it: with its diacritics, and without them."""
    exact = _swap_key(word) if "\u0651" in word or "\u0640" in word else word
    return exact, exact.translate(_DROP_MARKS)


def _heads(word: str) -> tuple[tuple[str, str], regex.Match[str] | None,
                                 tuple[str, str] | None]:
    """A word's swap keys, its leading و/ف (if any) and the keys of the rest."""
    first = _keys(word)
    clitic = _PROCLITIC.match(first[0]) if first[0][0] in "وف" else None
    rest = _keys(first[0][clitic.end():]) if clitic is not None else None
    return first, clitic, rest


def _swap_at(text: str, words: list[regex.Match[str]], i: int,
             table: dict[str, str], longest: int) -> tuple[int, str] | None:
    """The longest swap starting at word ``i``, a word that may begin a phrase (words apart
    only by spaces): how many words it covers and the Gulf form. A leading و/ف stays and
    the rest is looked up. Single words are decided by :func:`_word_kind`."""
    first, clitic, rest = _heads(words[i].group())
    for n in range(min(longest, len(words) - i), 0, -1):
        span = words[i:i + n]
        if n > 1 and (any(w.lastgroup != "arabic" for w in span[1:]) or any(
                text[a.end():b.start()].strip(" \t") for a, b in itertools.pairwise(span))):
            continue
        tail = [_keys(w.group()) for w in span[1:]]
        exact = " ".join([first[0], *(t[0] for t in tail)])
        bare = " ".join([first[1], *(t[1] for t in tail)])
        gulf = table.get(exact, table.get(bare))
        if gulf is not None:
            return n, gulf
        if clitic is not None and rest is not None:
            gulf = table.get(" ".join([rest[0], *(t[0] for t in tail)]),
                             table.get(" ".join([rest[1], *(t[1] for t in tail)])))
            if gulf is not None:
                return n, clitic.group(1) + gulf
    return None


def to_khaleeji(text: str, locale: str = DEFAULT_LOCALE, output: str = "arabic"
                ) -> KhaleejiText:
    """Gulf Arabic for fully diacritized MSA ``text``.

    ``output="arabic"`` gives Gulf-vowelled Arabic script
    (grammars/khaleeji/gold/CONVENTIONS.md), ``"phonemes"`` broad IPA with word stress
    (docs/khaleeji.md has the inventory). Undiacritized words pass through unchanged and
    are listed in the result's ``flags``; Latin script, digits and punctuation are kept.
    """
    return to_khaleeji_batch([text], locale, output)[0]


def to_khaleeji_batch(texts: Sequence[str], locale: str = DEFAULT_LOCALE,
                      output: str = "arabic") -> list[KhaleejiText]:
    """:func:`to_khaleeji` for many texts at once: the rules run once over the joined
    batch (arabic_nlp/fst/batch.py), which is several times faster on short sentences."""
    _check_locale(locale)
    if output not in OUTPUTS:
        raise InputError(f"unknown output {output!r}; choose one of: {', '.join(OUTPUTS)}")
    texts = [check_text(t) for t in texts]
    phonemes = output == "phonemes"
    shields = [_shield(t, locale, phonemes) for t in texts]
    gulf = _apply_batch(_cascade(locale, "khaleeji"), [s[0] for s in shields])
    if phonemes:
        gulf = [shield.restore(g, only_swapped=True)
                for g, (_, shield, _) in zip(gulf, shields, strict=True)]
        gulf = _apply_batch(_cascade(locale, "phonemes"), gulf)
    done = [shield.restore(g) for g, (_, shield, _) in zip(gulf, shields, strict=True)]
    return [KhaleejiText(d, locale, output, tuple(flags))
            for d, (_, _, flags) in zip(done, shields, strict=True)]


def _apply_batch(c: Cascade, texts: list[str]) -> list[str]:
    out = c.apply_batch(texts)
    return out if out is not None else [c.apply(t) for t in texts]


def gold_phonemes(gulf: str, locale: str) -> str:
    """Phonemes of text already in Gulf-vowelled script (a gold rendering, say)."""
    shielded, shield, _ = _shield(check_text(gulf), None, True)
    return shield.restore(_cascade(_check_locale(locale), "phonemes").apply(shielded))


def to_phonemes(text: str, register: str = "msa", locale: str = DEFAULT_LOCALE) -> str:
    """Broad IPA with word stress of fully diacritized ``text``: MSA as written
    (``register="msa"``), or its Gulf rendering (``register="gulf"``, via
    :func:`to_khaleeji`). Both use one phoneme inventory (docs/khaleeji.md)."""
    if register == "gulf":
        return str(to_khaleeji(text, locale, "phonemes"))
    if register != "msa":
        raise InputError(f"unknown register {register!r}; choose msa or gulf")
    shielded, shield, _ = _shield(check_text(text), None, True)
    return shield.restore(_msa_phonemes().apply(shielded))
