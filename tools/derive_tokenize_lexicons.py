"""Derive the tokenizer's corpus lexicons (lexicons/tokenize/derived/) from Arabic text.

The hand-written lexicons list the words a linguist checked; this script adds the
decisions a corpus can make, for words frequent enough to judge:

* ``no_split.tsv``: the grammar would split the word, but the stem it would leave is not
  a word of the corpus (هذه → *هذ + ه, منبه → *منب + ه, فواكه), or — for the
  possessive ي, which only nouns take — the stem never takes the article (اضبطي, عالي).
* ``t_stems.tsv``: before a suffix the grammar reads ت as a ta marbuta, but the corpus
  knows the stem with ت and not with ة (مؤقتي → مؤقت + ي, ضبطته → ضبطت + ه).
* ``article_lookalikes.tsv``: stems that begin like the article but are not definite
  (البوم "album", والد "father", العاب "games"), seen after a real article (الالبوم):
  they take suffixes (ألبومه → ألبوم + ه).

Counts are over word types in the tokenizer's key form. Only redistributable sources are
read (licenses in each file's header). Run from the repository root:

    python tools/derive_tokenize_lexicons.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

from arabic_nlp.fst.runtime import cascade
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.tokenize import key_form

OUT = Path("lexicons/tokenize/derived")
MIN_COUNT = 3  # a word seen fewer times is left to the grammar's general rules
RATIO = 20  # a word this many times more frequent than its would-be stem is one word
MIN_LOOKALIKE = 4  # letters in an article look-alike stem (الم "pain" is too short)

# (path under --data, license) — only sources whose license allows shipping derived lists
SOURCES = (
    ("text_corpora/commonvoice_sentences/cv_ar.txt", "CC0 1.0"),
    ("text_corpora/tatoeba_anki/tatoeba_ar.txt", "CC BY 2.0 FR"),
    ("text_corpora/ar_dialect_tweets/arsarcasm_v2.gulf.txt", "MIT"),
    ("text_corpora/ar_dialect_tweets/arsarcasm_v2.msa.txt", "MIT"),
    ("text_corpora/ar_dialect_tweets/arsarcasm_v2.egypt.txt", "MIT"),
    ("text_corpora/ar_dialect_tweets/arsarcasm_v2.levant.txt", "MIT"),
    ("nlu/massive/ar-SA.train.jsonl", "CC BY 4.0"),
    ("diacritization/train_tashkeela_shakkala.txt", "MIT (Tashkeela text: GPL-2.0)"),
)
WORD = regex.compile(r"[\p{Arabic}&&\p{L}](?:[\p{Arabic}&&\p{L}]|\p{M}|\u0640)*")
ARTICLE = regex.compile(r"^(?:[وف]?[بك]?ال|[وف]?لل)(?=..)")
PROCLITICS = regex.compile(r"^(?:[وف]?[بكل]|[وف])")
LOOKALIKE = regex.compile(r"^[وف]?[بك]?ال")
SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ني", "چم", "ه", "ك", "ي", "چ")


def lines(data: Path) -> Iterator[str]:
    for rel, _ in SOURCES:
        path = data / rel
        with path.open(encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["utt"] if rel.endswith(".jsonl") else line


def count_words(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines(data):
        counts.update(key_form(w) for w in WORD.findall(line))
    return counts


Derived = tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]


def derive(counts: Counter[str]) -> Derived:
    definite: Counter[str] = Counter()  # stem -> how often it follows the article
    for word, n in counts.items():
        m = ARTICLE.match(word)
        if m:
            definite[word[m.end():]] += n

    def variants(stem: str) -> set[str]:
        """The stem as it is written alone: proclitics off (وبيت → بيت), the hamza on its
        own seat (اسمائ → اسماء), the plural verb's و with its alef (تركو → تركوا), a
        final ى or ا either way (قفى ~ قفا)."""
        out = {stem}
        m = PROCLITICS.match(stem)
        if m and len(stem) - m.end() >= 2:
            out.add(stem[m.end():])
        for form in list(out):
            if form[-1] in "ئؤ":
                out.add(form[:-1] + "ء")
            elif form[-1] == "و":
                out.add(form + "ا")
            elif form[-1] in "ىا":
                out.add(form[:-1] + ("ا" if form[-1] == "ى" else "ى"))
        return out

    def attested(stem: str) -> int:
        return sum(counts[v] + definite[v] for v in variants(stem))

    def takes_article(stem: str) -> int:
        return sum(definite[v] for v in variants(stem))

    suffixes = cascade(grammar_file("tokenize", "suffixes.rules"), "suffixes")
    listed = set(suffixes.grammar.lexicons["listed"].inputs())
    hand = set(suffixes.grammar.lexicons["t_stems"].inputs())  # only hand entries: the
    hand |= set(suffixes.grammar.lexicons["stem_forms"].inputs())  # derived files are empty
    # ت or ة before a suffix: the spelling the corpus knows better as a word of its own
    # (a written ت alone is a root ت or a verb's ending; ة is the ta marbuta).
    stem_forms: dict[str, str] = {}  # stems the grammar keeps with ت but are ة: سلت → سلة
    t_stems: dict[str, str] = {}  # stems the grammar would write with ة but are ت: مؤقت
    for word in counts:
        if len(word) < 3 or word[-1] not in "تة" or word[:-1] + "ت" in hand:
            continue
        with_t, with_ta = word[:-1] + "ت", word[:-1] + "ة"
        evidence = f"{attested(with_t)}× with ت, {attested(with_ta)}× with ة"
        grammar_restores = len(word) >= 4 and word[-2] != "ا"  # ta_marbuta's context
        if grammar_restores and attested(with_t) >= MIN_COUNT \
                and attested(with_t) > attested(with_ta):
            t_stems[with_t] = evidence
        elif not grammar_restores and attested(with_ta) >= MIN_COUNT \
                and attested(with_ta) > attested(with_t):
            stem_forms[with_t] = with_ta
    t_choice = {**{s: s for s in t_stems}, **stem_forms}
    t_choice.update({s[:-1] + "ة": s for s in t_stems})
    no_split: dict[str, str] = {}
    lookalikes: dict[str, str] = {}
    for word, n in counts.most_common():
        if n < MIN_COUNT:
            break
        parts = suffixes.apply(word).split(" ")
        if len(parts) == 1 and LOOKALIKE.match(word):
            suffix = next((s for s in SUFFIXES if word.endswith(s)), None)
            stem = word[: -len(suffix)] if suffix else ""
            if suffix and len(stem) >= MIN_LOOKALIKE and counts["ال" + stem] >= MIN_COUNT:
                lookalikes.setdefault(stem, f"{counts['ال' + stem]}× after the article")
            continue
        if len(parts) != 2 or not parts[1].startswith("+"):
            continue
        stem, suffix = parts[0], parts[1][1:]
        if word in listed or len(stem) < 2:
            continue
        stem = t_choice.get(stem, stem)
        if suffix == "ني":
            # the verbal object "me" goes on verbs, often unseen alone (عطني، ورني); the
            # word is whole when it takes the article itself (الثاني، الاغاني)
            if definite[word] >= MIN_COUNT:
                no_split[word] = f"{n}×; {definite[word]}× after the article"
        elif suffix == "ي" and takes_article(stem) == 0:
            no_split[word] = f"{n}×; {stem} never after the article"
        elif attested(stem) == 0:
            no_split[word] = f"{n}×; stem {stem} unseen"
        if word not in no_split and 0 < attested(stem) * RATIO <= n:
            no_split[word] = f"{n}×; stem {stem} only {attested(stem)}×"
        if word not in no_split and suffix != "ي" and definite[word] >= MIN_COUNT \
                and 2 * definite[word] >= n:
            # the article and a pronoun suffix never combine: a word often seen after the
            # article is whole (Gulf ه for ة: الجديده). Not for ي: the nisba (اجتماعي
            # "social") and "my" (اجتماعي "my meeting") both live, and an assistant
            # hears "my" far more often than news text shows it.
            no_split[word] = f"{n}×; {definite[word]}× after the article"
    return no_split, t_stems, lookalikes, stem_forms


def write(path: Path, columns: str, rows: dict[str, str], what: str) -> None:
    header = [f"# {line}" for line in what.splitlines()]
    header.append("# Generated by tools/derive_tokenize_lexicons.py from: "
                  + "; ".join(f"{rel} ({lic})" for rel, lic in SOURCES))
    header.append("# Do not edit: put corrections in the hand-written lexicon beside it.")
    body = [f"{k}\t{v}" for k, v in sorted(rows.items())]
    path.write_text("\n".join([*header, columns, *body]) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # derive against the hand-written lexicons only
    files = {"no_split": "word\twhy", "t_stems": "stem\twhy",
             "article_lookalikes": "stem\twhy", "stem_forms": "before_suffix\tdictionary_form"}
    for name, columns in files.items():
        (OUT / f"{name}.tsv").write_text(columns + "\n", encoding="utf-8")
    counts = count_words(args.data)
    derived = derive(counts)
    what = ("Words the suffix rule would split but a corpus reads as one word.",
            "Stems written with ت before a suffix, as a corpus spells them.",
            "Stems that begin like the article ال but are not definite.",
            "Short stems whose ت before a suffix is a ta marbuta (سلتي → سلة +ي).")
    for (name, columns), rows, text in zip(files.items(), derived, what, strict=True):
        write(OUT / f"{name}.tsv", columns, rows, text)
    print(f"{sum(counts.values()):,} words, {len(counts):,} types; derived: "
          + ", ".join(f"{len(rows)} {name}" for name, rows in zip(files, derived, strict=True)))


if __name__ == "__main__":
    main()
