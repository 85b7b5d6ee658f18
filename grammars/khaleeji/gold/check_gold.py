"""Validate the MSA → Khaleeji development gold set and print its counts.

Run from the repository root:

    .venv/bin/python grammars/khaleeji/gold/check_gold.py                  # validate, counts
    .venv/bin/python grammars/khaleeji/gold/check_gold.py --update-readme  # + README counts

Checks on ``dev.tsv`` (the rules are those of CONVENTIONS.md; the decisions the
conventions leave open are numbered in README.md):

* UTF-8, LF line ends, no byte-order mark, one final newline; the first line is the header
  ``msa_diacritized<TAB>khaleeji<TAB>locale``; every other line is a comment (``#``) or a row
  of exactly three cells, with single spaces and no leading or trailing space;
* every sentence is one block: a comment ``# [domain] English gloss`` (a known domain), then
  one row per locale (ar-SA, ar-AE, ar-KW, in that order) with the same MSA; no MSA sentence
  appears in two blocks;
* column 1 is fully diacritized: every consonant letter carries exactly one vowel, sukun or
  tanween (shaddah first when there is one); unmarked are only the long-vowel letters (ا ى,
  و after damma, ي after kasra), the article's alef / hamzat wasl, and the article's lam
  before a sun letter (which carries the shaddah); tanween only word-finally;
* column 2 follows the output marks: every pronounced consonant exactly one of fatha, kasra,
  damma, sukun (shaddah first for a geminate; shaddah + sukun only word-finally); no case
  vowel at a word end (a final consonant has sukun); ta marbuta only word-finally, bare after
  fatha (pause) or with sukun (construct); ه unmarked only as the pronoun after a long vowel
  or diphthong; no tanween except fathatan in the listed fixed expressions;
* digits, Latin script and punctuation are identical, in order, in both columns;
* consistency: within a locale, one MSA word (as diacritized) is rendered one way everywhere
  (context-dependent words are listed in CONTEXT_DEPENDENT with the reason);
* ``lexicons/khaleeji/swaps.tsv``: header, four cells, known locales, one Gulf form per key and
  locale, Gulf forms that pass the column-2 rules and occur in the gold for their locales;
* the counts block in README.md matches the files.

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
GOLD = HERE / "dev.tsv"
README = HERE / "README.md"
SWAPS = ROOT / "lexicons" / "khaleeji" / "swaps.tsv"

HEADER = "msa_diacritized\tkhaleeji\tlocale"
LOCALES = ("ar-SA", "ar-AE", "ar-KW")
DOMAINS = ("music", "alarm", "timer", "weather", "smart_home", "calls", "messages",
           "reminder", "calendar", "shopping", "general")
COMMENT = re.compile(r"^# \[(?P<dom>[a-z_]+)\] (?P<gloss>\S.*)$")

FATHA, DAMMA, KASRA, SUKUN, SHADDA = "\u064e", "\u064f", "\u0650", "\u0652", "\u0651"
FATHATAN, DAMMATAN, KASRATAN = "\u064b", "\u064c", "\u064d"
SHORT = FATHA + DAMMA + KASRA
TANWEEN = FATHATAN + DAMMATAN + KASRATAN
MARKS = set(SHORT + SUKUN + SHADDA + TANWEEN)
LETTERS = ({chr(c) for c in range(0x0621, 0x063B)} | {chr(c) for c in range(0x0641, 0x064B)}
           | {"\u06af", "\u0686"})  # + گ چ
UNMARKED_LETTERS = set("اآى")
# Sun letters: the article's lam is unmarked before them and they carry the shaddah.
# چ counts as one (the article assimilates to it: الچِّبِيرْ, README decision 15).
SUN = set("تثدذرزسشصضطظلن") | {"\u0686"}
# Fixed expressions that keep -an in Gulf speech (CONVENTIONS.md §3, README decision 22):
# the letters of the word, an optional و in front.
FIXED_TANWEEN = {"شكرا", "عفوا", "عذرا", "أهلا", "سهلا", "طبعا", "تگريبا"}
# MSA words rendered in two ways depending on the context, with the reason.
CONTEXT_DEPENDENT = {
    "لَا": "negator of an imperfect/existential → مَا (لا يوجد، لا أعرف); 'no' and the "
           "prohibitive لا تنس stay لَا",
}
# Words ending in -ī that is not the 1st sg. suffix (for the phenomenon counts).
NOT_SUFFIX_I = {"في", "أغاني"}
PUNCT = "،؟.!:%"
OTHER_OK = set(PUNCT) | set("0123456789") | {chr(c) for c in range(0x0660, 0x066A)} \
    | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
DELETED = "∅"


@dataclass
class Row:
    line: int
    msa: str
    gulf: str
    locale: str
    domain: str
    gloss: str


class Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, msg: str) -> None:
        self.items.append(f"{where}: {msg}")


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- words and marks ------------------------------------------------------------------

def arabic_words(cell: str) -> list[str]:
    """The Arabic words of a cell (letters with their marks), in order."""
    return re.findall(r"[\u0621-\u063a\u0641-\u0652\u06af\u0686]+", cell)


def units(word: str) -> list[tuple[str, str]]:
    """(letter, marks after it) pairs; a mark before any letter is kept as letter ''."""
    out: list[tuple[str, str]] = []
    for ch in word:
        if ch in MARKS:
            if out:
                out[-1] = (out[-1][0], out[-1][1] + ch)
            else:
                out.append(("", ch))
        else:
            out.append((ch, ""))
    return out


def bare(word: str) -> str:
    return "".join(c for c in word if c not in MARKS)


def vowel_of(mk: str) -> str:
    return mk.replace(SHADDA, "")


def is_long_vowel(us: list[tuple[str, str]], i: int) -> bool:
    """Unmarked و after damma or ي after kasra (a long vowel)."""
    ch, mk = us[i]
    if mk or i == 0:
        return False
    prev = vowel_of(us[i - 1][1])
    return (ch == "و" and prev == DAMMA) or (ch == "ي" and prev == KASRA)


def is_article_lam(us: list[tuple[str, str]], i: int) -> bool:
    """Unmarked lam of the article (or لِلْ) before a letter carrying the shaddah."""
    ch, mk = us[i]
    if ch != "ل" or mk or i == 0 or i + 1 >= len(us) or SHADDA not in us[i + 1][1]:
        return False
    prev, pmk = us[i - 1]
    return prev == "ا" or (prev == "ل" and vowel_of(pmk) == KASRA)


def check_marks_msa(word: str, where: str, errors: Errors) -> None:
    us = units(word)
    if us and us[0][0] == "":
        errors.add(where, f"{word}: a mark before the first letter")
        return
    for i, (ch, mk) in enumerate(us):
        last = i == len(us) - 1
        if ch in UNMARKED_LETTERS:
            if mk:
                errors.add(where, f"{word}: mark on {ch}")
            continue
        if not mk:
            if is_long_vowel(us, i) or is_article_lam(us, i):
                continue
            errors.add(where, f"{word}: consonant {ch} has no mark (column 1 must be fully "
                              "diacritized)")
            continue
        v = vowel_of(mk)
        if mk.count(SHADDA) > 1 or (SHADDA in mk and not mk.startswith(SHADDA)):
            errors.add(where, f"{word}: shaddah must come before the vowel on {ch}")
            continue
        if len(v) != 1 or v not in SHORT + SUKUN + TANWEEN:
            errors.add(where, f"{word}: {ch} needs exactly one vowel, sukun or tanween "
                              "(shaddah first)")
            continue
        if SHADDA in mk and v == SUKUN:
            errors.add(where, f"{word}: shaddah with sukun on {ch} in MSA")
        if v in TANWEEN and not (last or (i == len(us) - 2 and us[-1][0] in "اى")):
            errors.add(where, f"{word}: tanween inside the word")


def is_fixed(word: str) -> bool:
    b = bare(word)
    return b in FIXED_TANWEEN or (b.startswith("و") and b[1:] in FIXED_TANWEEN)


def check_marks_gulf(word: str, where: str, errors: Errors) -> None:
    us = units(word)
    if us and us[0][0] == "":
        errors.add(where, f"{word}: a mark before the first letter")
        return
    fixed = is_fixed(word)
    n = len(us)
    for i, (ch, mk) in enumerate(us):
        last = i == n - 1
        if ch in UNMARKED_LETTERS:
            if mk:
                errors.add(where, f"{word}: mark on {ch}")
            continue
        if ch == "ة":
            if not last:
                errors.add(where, f"{word}: ta marbuta inside the word (write ت before a suffix)")
            elif mk == "":
                before, bmk = us[i - 1] if i else ("", "")
                if not (vowel_of(bmk) == FATHA or before == "ا"):
                    errors.add(where, f"{word}: pausal ta marbuta needs fatha on the letter "
                                      "before it")
            elif mk != SUKUN:
                errors.add(where, f"{word}: ta marbuta is bare (pause) or has sukun "
                                  "(construct), nothing else")
            continue
        if not mk:
            if is_long_vowel(us, i) or is_article_lam(us, i):
                continue
            if ch == "ه" and last and i > 0:
                pch, pmk = us[i - 1]
                if pch == "ا" or is_long_vowel(us, i - 1) or (
                        pch in "وي" and pmk == SUKUN and i > 1
                        and vowel_of(us[i - 2][1]) == FATHA):
                    continue  # pronoun -h after a long vowel or diphthong: فِيه، عَلَيْه
            errors.add(where, f"{word}: consonant {ch} has no mark")
            continue
        if mk.count(SHADDA) > 1 or (SHADDA in mk and not mk.startswith(SHADDA)):
            errors.add(where, f"{word}: shaddah must come before the vowel on {ch}")
            continue
        v = vowel_of(mk)
        if v == FATHATAN and fixed and i == n - 2 and us[-1][0] == "ا":
            continue
        if v in TANWEEN:
            errors.add(where, f"{word}: tanween in the Gulf column (only the fixed "
                              f"expressions {sorted(FIXED_TANWEEN)} keep -an)")
            continue
        if len(v) != 1 or v not in SHORT + SUKUN:
            errors.add(where, f"{word}: {ch} needs exactly one of fatha, kasra, damma, sukun")
            continue
        if SHADDA in mk and v == SUKUN and not last:
            errors.add(where, f"{word}: shaddah + sukun only on a word-final geminate")
        if last and v in SHORT:
            errors.add(where, f"{word}: case vowel at the word end (pause: sukun)")


def non_arabic(cell: str) -> str:
    return "".join(c for c in cell
                   if not (c in LETTERS or c in MARKS or c == " "))


def check_chars(cell: str, where: str, column: int, errors: Errors) -> None:
    for c in cell:
        if c in LETTERS or c in MARKS or c == " " or c in OTHER_OK:
            continue
        name = unicodedata.name(c, f"U+{ord(c):04X}")
        errors.add(where, f"column {column}: unexpected character {c!r} ({name})")
    if "  " in cell or cell != cell.strip(" "):
        errors.add(where, f"column {column}: double, leading or trailing space")


# --- reading ----------------------------------------------------------------------------

def read_gold(path: Path, errors: Errors) -> list[Row]:
    name = rel(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.add(name, "starts with a byte-order mark")
    if b"\r" in raw:
        errors.add(name, "contains CR characters (use LF line ends)")
    text = raw.decode("utf-8")
    if not text.endswith("\n") or text.endswith("\n\n"):
        errors.add(name, "must end with exactly one newline")
    lines = text.rstrip("\n").split("\n")
    if not lines or lines[0] != HEADER:
        errors.add(f"{name}:1", f"header must be {HEADER!r}")
    rows: list[Row] = []
    domain = gloss = ""
    block: list[Row] = []
    blocks: list[list[Row]] = []
    for n, line in enumerate(lines[1:], 2):
        where = f"{name}:{n}"
        if line.startswith("#"):
            m = COMMENT.match(line)
            if not m:
                errors.add(where, "comment must be '# [domain] English gloss'")
                continue
            if m["dom"] not in DOMAINS:
                errors.add(where, f"unknown domain {m['dom']!r} (known: {', '.join(DOMAINS)})")
            if block:
                blocks.append(block)
            block, domain, gloss = [], m["dom"], m["gloss"]
            continue
        if not line.strip():
            errors.add(where, "blank line")
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            errors.add(where, f"{len(cells)} columns, expected 3")
            continue
        msa, gulf, loc = cells
        if loc not in LOCALES:
            errors.add(where, f"unknown locale {loc!r}")
        if not domain:
            errors.add(where, "row before any '# [domain] gloss' comment")
        row = Row(n, msa, gulf, loc, domain, gloss)
        rows.append(row)
        block.append(row)
    if block:
        blocks.append(block)
    seen: dict[str, int] = {}
    for b in blocks:
        where = f"{name}:{b[0].line}"
        if tuple(r.locale for r in b) != LOCALES:
            errors.add(where, f"block must have one row per locale in the order "
                              f"{', '.join(LOCALES)}, has {[r.locale for r in b]}")
        if len({r.msa for r in b}) != 1:
            errors.add(where, "the rows of a block must share the same MSA sentence")
        msa = b[0].msa
        if msa in seen:
            errors.add(where, f"MSA sentence already in the block at line {seen[msa]}")
        seen.setdefault(msa, b[0].line)
    return rows


@dataclass
class Swap:
    line: int
    msa: str
    gulf: str
    locales: tuple[str, ...]
    note: str


def read_swaps(path: Path, errors: Errors) -> list[Swap]:
    name = rel(path)
    if not path.exists():
        errors.add(name, "missing")
        return []
    out: list[Swap] = []
    header = False
    table: dict[tuple[str, str], str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{name}:{n}"
        if not header:
            if cells != ["msa", "gulf", "locales", "note"]:
                errors.add(where, "header must be msa<TAB>gulf<TAB>locales<TAB>note")
            header = True
            continue
        if len(cells) != 4 or not all(c.strip() for c in cells):
            errors.add(where, "a row needs four non-empty cells")
            continue
        msa, gulf, locs, note = cells
        locales = tuple(x.strip() for x in locs.split(","))
        for loc in locales:
            if loc not in LOCALES:
                errors.add(where, f"unknown locale {loc!r}")
            key = (msa, loc)
            if table.get(key, gulf) != gulf:
                errors.add(where, f"{msa} already has another Gulf form for {loc}")
            table[key] = gulf
        if gulf != DELETED:
            for w in gulf.split(" "):
                check_marks_gulf(w, where, errors)
        out.append(Swap(n, msa, gulf, locales, note))
    return out


# --- alignment and phenomena -------------------------------------------------------------

def strip_punct(tok: str) -> str:
    return tok.strip(PUNCT)


def deletable(swaps: list[Swap]) -> set[str]:
    """MSA words (bare) that a swap deletes."""
    return {bare(s.msa) for s in swaps if s.gulf == DELETED and " " not in s.msa}


def align(row: Row, dele: set[str]) -> list[tuple[str, str]] | None:
    """MSA and Gulf tokens side by side (deleted MSA words left out), or None."""
    mt = [strip_punct(t) for t in row.msa.split(" ")]
    mt = [t for t in mt if bare(t) not in dele]
    gt = [strip_punct(t) for t in row.gulf.split(" ")]
    if len(mt) != len(gt):
        return None
    return list(zip(mt, gt, strict=True))


def norm_letter(c: str) -> str:
    return {"گ": "ق", "چ": "ك", "ج": "ي", "ى": "ا", "آ": "ا", "أ": "ا", "إ": "ا"}.get(c, c)


SUFFIX_END = re.compile("(هَا|هُمْ|كُمْ|نَا|چْ)$")


def vowel_changes(msa: str, gulf: str) -> tuple[bool, bool]:
    """(syncope, raising) inside the word: a short vowel of the MSA word that is sukun (or
    merged into a long vowel) in Gulf, and a fatha that is kasra. The last letter (pause),
    the letter before a consonant-initial suffix and an imperfect or future prefix are
    left out."""
    mu, gu = units(msa), units(gulf)
    ml = [norm_letter(c) for c, _ in mu]
    gl = [norm_letter(c) for c, _ in gu]
    sm = difflib.SequenceMatcher(a=ml, b=gl, autojunk=False)
    pre_suffix = len(gu) - 1
    m = SUFFIX_END.search(gulf)
    if m:
        pre_suffix = len(units(gulf[:m.start()])) - 1
    prefix = 1 if re.match(f"^(س{FATHA})?[يتنأ][{FATHA}{DAMMA}]", msa) else 0
    if re.match("^س", msa):
        prefix = 2
    syncope = raising = False
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            i, j = a + k, b + k
            if j >= len(gu) - 1 or j >= pre_suffix or i < prefix:
                continue
            mv, gv = vowel_of(mu[i][1]), vowel_of(gu[j][1])
            if SHADDA not in mu[i][1] and mv and mv in SHORT and (
                    gv == SUKUN or (gv == "" and gu[j][0] in "يو")):
                syncope = True
            if mv == FATHA and gv == KASRA:
                raising = True
    return syncope, raising


PHENOMENA = [
    ("pause", "case ending dropped (final consonant with sukun)"),
    ("tanween_drop", "tanween dropped"),
    ("tanween_fixed", "tanween kept in a fixed expression"),
    ("tm_pause", "ta marbuta in pause (ـَة)"),
    ("tm_construct", "ta marbuta in construct (ـةْ)"),
    ("tm_suffix", "ta marbuta before a pronoun suffix (ـت)"),
    ("qaf_g", "ق → گ"),
    ("qaf_learned", "ق kept (learned word)"),
    ("kaf_suffix", "ك → چ, 2nd person f. suffix (ـِچْ)"),
    ("kaf_lexical", "ك → چ, lexical"),
    ("jim_y", "ج → ي (ar-AE, ar-KW)"),
    ("prefix", "imperfect prefix yi-/ti-/ni-"),
    ("prefix_1sg", "1st sg. prefix أُ → أَ"),
    ("future", "future سـ/سوف → بـ"),
    ("syncope", "syncope (short vowel dropped)"),
    ("raising", "raising (a → i)"),
    ("suf_ka", "suffix -ka → ـَكْ / ـكْ"),
    ("suf_ki", "suffix -ki → ـِچْ / ـچْ"),
    ("suf_hu", "suffix -hu → ـَهْ / ـه"),
    ("suf_ha", "suffix -hā → ـهَا"),
    ("suf_kum", "suffix -kum → ـكُمْ"),
    ("suf_hum", "suffix -hum → ـهُمْ"),
    ("suf_na", "suffix -nā → ـنَا"),
    ("suf_i", "suffix -ī / -nī"),
    ("swap", "lexical swap (swaps.tsv)"),
    ("deletion", "word deleted (هل، أن)"),
    ("negation", "Gulf negator (مَا، مُو، مُبْ)"),
    ("digits", "digits"),
    ("latin", "Latin script"),
]


def row_phenomena(row: Row, pairs: list[tuple[str, str]] | None, sa_row: Row | None,
                  swap_forms: set[str], dele: set[str]) -> set[str]:
    got: set[str] = set()
    msa_toks = [strip_punct(t) for t in row.msa.split(" ")]
    gulf_toks = [strip_punct(t) for t in row.gulf.split(" ")]
    if any(bare(t) in dele for t in msa_toks):
        got.add("deletion")
    if re.search(r"[0-9\u0660-\u0669]", row.msa):
        got.add("digits")
    if re.search(r"[A-Za-z]", row.msa):
        got.add("latin")
    for g in gulf_toks:
        if g.endswith("ة"):
            got.add("tm_pause")
        if g.endswith("ة" + SUKUN):
            got.add("tm_construct")
        if FATHATAN in g:
            got.add("tanween_fixed")
        if "گ" in g:
            got.add("qaf_g")
        if "ق" in g:
            got.add("qaf_learned")
        if g.endswith("چ" + SUKUN):
            got.add("kaf_suffix")
        elif "چ" in g:
            got.add("kaf_lexical")
        if g in ("مَا", "مُو", "مُبْ"):
            got.add("negation")
        if g in swap_forms:
            got.add("swap")
    for t in msa_toks:
        if any(c in TANWEEN for c in t) and not is_fixed(t):
            got.add("tanween_drop")
        if t.startswith(("ال", "بال", "لل", "وال")):
            continue
        if re.search(f"{FATHA}ت[{SHORT}](ك[{SHORT}]|كُمْ|ه[{DAMMA}{KASRA}]|هَا|هُمْ|نَا|ي)$", t):
            got.add("tm_suffix")
        if t.endswith("كَ") and bare(t) != "ذلك":
            got.add("suf_ka")
        if t.endswith("كِ"):
            got.add("suf_ki")
        if t.endswith(("هُ", "هِ")) and len(bare(t)) > 2:
            got.add("suf_hu")
        if t.endswith("هَا"):
            got.add("suf_ha")
        if t.endswith(("كُمْ", "كُمُ")):
            got.add("suf_kum")
        if t.endswith(("هُمْ", "هُمُ")):
            got.add("suf_hum")
        if t.endswith("نَا") and bare(t) != "أنا":
            got.add("suf_na")
        if (t.endswith("يَّ") or re.search(f"[^{SHORT}{SUKUN}{SHADDA}]{KASRA}ي$", t)) \
                and bare(t) not in NOT_SUFFIX_I and not re.match(f"^ت[{FATHA}{DAMMA}]", t):
            got.add("suf_i")
    if pairs is not None:
        for m, g in pairs:
            if not m or not g or not any(c in LETTERS for c in m):
                continue
            mu = units(m)
            last = vowel_of(mu[-1][1])
            if last and last in SHORT + TANWEEN and mu[-1][0] not in "ةا" \
                    and g.endswith(SUKUN):
                got.add("pause")
            if g in swap_forms:
                continue
            if re.match(f"^(س{FATHA})?[يتن][{FATHA}{DAMMA}]", m) and \
                    re.match(f"^[يتن]{KASRA}", g):
                got.add("prefix")
            if re.match(f"^(س{FATHA})?أ{DAMMA}", m) and re.match(f"^[أب]{FATHA}", g) \
                    and not m.startswith("أُغْ") and not m.startswith("أُمّ") \
                    and not m.startswith("أُخْ"):
                got.add("prefix_1sg")
            if re.match(f"^س{FATHA}[أيتن]", m) and g.startswith("ب"):
                got.add("future")
            syn, rai = vowel_changes(m, g)
            if syn:
                got.add("syncope")
            if rai:
                got.add("raising")
    if sa_row is not None and row.locale != "ar-SA":
        for s, g in zip(sa_row.gulf.split(" "), row.gulf.split(" "), strict=False):
            if "ج" in s and "ج" not in g and bare(s).replace("ج", "ي") != bare(s) \
                    and "ي" in g:
                got.add("jim_y")
    return got


# --- main -----------------------------------------------------------------------------------

def counts_block(rows: list[Row], swaps: list[Swap], phen: Counter[str],
                 phen_sent: Counter[str],
                 identical: int) -> str:
    sents = [r for r in rows if r.locale == LOCALES[0]]
    by_loc = Counter(r.locale for r in rows)
    by_dom = Counter(r.domain for r in sents)
    words = sum(len(arabic_words(r.msa)) for r in sents)
    lines = [
        "<!-- counts:begin (generated by check_gold.py --update-readme; do not edit) -->",
        f"- sentences: **{len(sents)}**; rows: **{len(rows)}** "
        f"({', '.join(f'{loc} {by_loc[loc]}' for loc in LOCALES)})",
        f"- MSA Arabic words: **{words}** ({len({w for r in sents for w in arabic_words(r.msa)})}"
        " distinct diacritized forms)",
        f"- sentences whose three renderings are identical: **{identical}**; "
        f"differing between locales: **{len(sents) - identical}**",
        f"- swap lexicon rows: **{len(swaps)}**",
        "",
        "| domain | sentences |",
        "|---|---:|",
        *(f"| {d} | {by_dom[d]} |" for d in DOMAINS),
        "",
        "| phenomenon (heuristic count by check_gold.py) | rows | sentences |",
        "|---|---:|---:|",
        *(f"| {label} | {phen[key]} | {phen_sent[key]} |" for key, label in PHENOMENA),
        "<!-- counts:end -->",
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--update-readme", action="store_true",
                    help="rewrite the counts block of README.md")
    args = ap.parse_args()
    errors = Errors()
    rows = read_gold(GOLD, errors)
    swaps = read_swaps(SWAPS, errors)
    name = rel(GOLD)
    for r in rows:
        where = f"{name}:{r.line}"
        check_chars(r.msa, where, 1, errors)
        check_chars(r.gulf, where, 2, errors)
        for w in arabic_words(r.msa):
            check_marks_msa(w, where, errors)
        for w in arabic_words(r.gulf):
            check_marks_gulf(w, where, errors)
        if non_arabic(r.msa) != non_arabic(r.gulf):
            errors.add(where, f"digits/Latin/punctuation differ: {non_arabic(r.msa)!r} vs "
                              f"{non_arabic(r.gulf)!r}")
    # consistency and phenomena
    dele = deletable(swaps)
    forms: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    swap_forms: dict[str, set[str]] = defaultdict(set)
    for s in swaps:
        for loc in s.locales:
            swap_forms[loc].update(s.gulf.split(" "))
    phen: Counter[str] = Counter()
    phen_sent: Counter[str] = Counter()
    sa_rows = {r.msa: r for r in rows if r.locale == "ar-SA"}
    sent_phen: dict[str, set[str]] = defaultdict(set)
    unaligned = 0
    for r in rows:
        pairs = align(r, dele)
        if pairs is None:
            unaligned += 1
        else:
            for m, g in pairs:
                if m and any(c in LETTERS for c in m):
                    forms[(r.locale, m)].setdefault(g, r.line)
        got = row_phenomena(r, pairs, sa_rows.get(r.msa), swap_forms[r.locale], dele)
        for key in got:
            phen[key] += 1
        sent_phen[r.msa] |= got
    for got in sent_phen.values():
        for key in got:
            phen_sent[key] += 1
    for (loc, m), gs in sorted(forms.items()):
        if len(gs) > 1 and m not in CONTEXT_DEPENDENT:
            shown = ", ".join(f"{g} (line {n})" for g, n in gs.items())
            errors.add(f"{name}", f"{loc}: {m} is rendered in {len(gs)} ways: {shown}")
    # swaps occur in the gold
    gulf_by_loc: dict[str, str] = defaultdict(str)
    for r in rows:
        gulf_by_loc[r.locale] += " " + r.gulf + " "
    for s in swaps:
        if s.gulf == DELETED:
            continue
        for loc in s.locales:
            if not re.search(f"(^|[ {PUNCT}])([وبل][{SHORT}]?)?{re.escape(s.gulf)}($|[ {PUNCT}])",
                             gulf_by_loc[loc]):
                errors.add(f"{rel(SWAPS)}:{s.line}", f"{s.msa} → {s.gulf} ({loc}) does not "
                                                     "occur in the gold")
    sents = [r for r in rows if r.locale == LOCALES[0]]
    by_msa: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_msa[r.msa].append(r)
    identical = sum(1 for rs in by_msa.values() if len({r.gulf for r in rs}) == 1)
    block = counts_block(rows, swaps, phen, phen_sent, identical)

    print(block.split("\n", 1)[1].rsplit("\n", 1)[0])
    if unaligned:
        print(f"\n(rows left out of the word-level counts, tokens not alignable: {unaligned})")
    if len(sents) < 200:
        errors.add(name, f"only {len(sents)} sentences (at least 200 wanted)")

    if README.exists():
        text = README.read_text(encoding="utf-8")
        pat = re.compile(r"<!-- counts:begin.*?<!-- counts:end -->", re.S)
        found = pat.search(text)
        if found is None:
            errors.add(rel(README), "no counts block (<!-- counts:begin ... counts:end -->)")
        elif args.update_readme:
            README.write_text(pat.sub(lambda _: block, text), encoding="utf-8")
            print(f"\nupdated the counts in {rel(README)}")
        elif found.group() != block:
            errors.add(rel(README), "counts block is out of date (run with --update-readme)")

    if errors.items:
        print(f"\n{len(errors.items)} problem(s):", file=sys.stderr)
        for e in errors.items:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
