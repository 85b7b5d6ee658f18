"""Expand the Khaleeji stem lexicons into the word forms the rules match.

The rules' ``unless``/``only`` lexicons match whole words (diacritics ignored), while a
linguist lists stems: مؤقت, not المؤقت، مؤقتك، لمؤقتك. This script writes
``lexicons/khaleeji/derived/<name>_forms.tsv`` with every stem under the usual clitics:

* nouns (``pos`` noun): و/ف, ب/ل/ك, the article (ال، لل), the pronoun suffixes, and the
  ta marbuta written ت before a suffix;
* particles (``pos`` particle): only و/ف in front (كم "how many", not لكم "for you");
* verbs (``pos`` verb, listed as the 3rd m. sg. imperfect يكتب): the prefixes ي ت ن أ,
  future س, the endings ين ون وا ان ي and the object suffixes.

Run from the repository root after editing a stem lexicon:

    python tools/expand_khaleeji_lexicons.py
"""

from __future__ import annotations

import csv
from pathlib import Path

LEX = Path("lexicons/khaleeji")
OUT = LEX / "derived"
# stem lexicon -> derived forms file
FILES = {
    "learned_qaf.tsv": "learned_qaf_forms.tsv",
    "ch_words.tsv": "ch_words_forms.tsv",
    "ch_words.ar-AE.tsv": "ch_words_forms.ar-AE.tsv",
    "ch_words.ar-KW.tsv": "ch_words_forms.ar-KW.tsv",
    "jim_words.tsv": "jim_words_forms.tsv",
    "jim_words.ar-AE.tsv": "jim_words_forms.ar-AE.tsv",
    "jim_words.ar-KW.tsv": "jim_words_forms.ar-KW.tsv",
    "imperfect_u.tsv": "imperfect_u_forms.tsv",
}
CONJ = ("", "و", "ف")
PREP = ("", "ب", "ل", "ك")
PRONOUNS = ("", "ي", "ك", "ه", "ها", "نا", "كم", "هم", "كن", "هن", "چ")
NOUN_ENDINGS = ("", "ات", "ة")
VERB_PREFIXES = ("ي", "ت", "ن", "أ", "ا")
VERB_ENDINGS = ("", "ين", "ون", "وا", "ي")
VERB_OBJECTS = ("", "ي", "ني", "ك", "ه", "ها", "نا", "كم", "هم", "چ")


def noun_forms(stem: str) -> set[str]:
    bases = {stem}
    if stem.endswith("ة"):
        bases.add(stem[:-1] + "ت")  # before a suffix or -ين/-ان
    out: set[str] = set()
    for base in bases:
        for ending in NOUN_ENDINGS if not base.endswith("ة") else ("",):
            pronouns = PRONOUNS if not (base + ending).endswith("ة") else ("",)
            for pron in pronouns:
                if base.endswith("ت") and stem.endswith("ة") and not (ending or pron):
                    continue
                word = base + ending + pron
                for conj in CONJ:
                    for prep in PREP:
                        out.add(conj + prep + word)
                    if not pron:
                        for art in ("ال", "بال", "كال", "لل"):
                            out.add(conj + art + word)
    return out


def verb_forms(stem: str) -> set[str]:
    body = stem[1:] if stem[:1] in "يتنأا" else stem
    out: set[str] = set()
    for prefix in VERB_PREFIXES:
        for ending in VERB_ENDINGS:
            for pron in VERB_OBJECTS:
                word = prefix + body + ending + pron
                out.update((word, "و" + word, "س" + word))
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for src, dst in FILES.items():
        path = LEX / src
        if not path.exists():
            continue
        rows = [r for r in csv.reader(
            (ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")), delimiter="\t")]
        header, body = rows[0], rows[1:]
        pos_col = header.index("pos") if "pos" in header else None
        forms: set[str] = set()
        for lineno, row in enumerate(body, start=2):
            if len(row) != len(header):
                raise SystemExit(f"{path}:{lineno}: {len(row)} columns, header has {len(header)}")
            pos = row[pos_col] if pos_col is not None else "noun"
            if pos == "verb":
                forms |= verb_forms(row[0])
            elif pos == "particle":  # no clitics but و/ف: كم "how many" is not لكم "for you"
                forms |= {conj + row[0] for conj in CONJ}
            else:
                forms |= noun_forms(row[0])
        lines = [f"# Generated from {src} by tools/expand_khaleeji_lexicons.py; do not edit.",
                 "word", *sorted(forms)]
        (OUT / dst).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{dst}: {len(forms)} forms from {len(body)} stems")


if __name__ == "__main__":
    main()
