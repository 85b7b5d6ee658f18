"""Validate the affix-tokenizer development gold set and print its counts.

Run from the repository root:

    python grammars/tokenize/gold/check_gold.py                  # validate, print counts
    python grammars/tokenize/gold/check_gold.py --update-readme  # also rewrite README counts

Checks (see README.md in this folder for the conventions they enforce):

* both files have the same lines apart from the segmentation column: same utterance
  comments, same words in the same order, same blank lines;
* every comment is ``# [REGISTER] [DOMAIN] utterance`` and the words listed under it
  are exactly the utterance's words (punctuation left out);
* every word line has exactly two tab-separated columns, single spaces between tokens;
* no diacritics except shadda, no tatweel, no control or invisible characters;
* token shapes: ``nlu`` is STEM (+SUFFIX)*, ``full`` is (PREFIX+)* STEM (+SUFFIX)*, from
  fixed inventories, in a legal order;
* the tokens spell the surface: joined with the markers removed they give the surface,
  except (a) ``ل+ ال+`` is written لل, (b) a restored stem-final letter (ة written ت,
  ى written ا or ي) before a suffix, (c) a letter shared by stem and suffix written once
  (من +ني = مني, على +ي = علي/عليّ);
* ``full`` refines ``nlu``: the nlu stem is the surface of the full prefixes plus the full
  stem, and the suffix tokens are identical;
* a stem ending in ت, ا or ي before a suffix (a possibly unrestored ة/ى) must be listed in
  ENDS_AS_WRITTEN below, unless it is a plural in -ات;
* the look-alikes in MUST_STAY_WHOLE (nisba words, names, stems ending in suffix-like
  letters, prefix-like first letters, feminine imperatives) are never split;
* the same surface word always gets the same segmentation, unless it is listed in
  AMBIGUOUS below with the reason the sentence decides it;
* the counts block in README.md matches the files.

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
NLU = HERE / "dev.nlu.tsv"
FULL = HERE / "dev.full.tsv"
README = HERE / "README.md"

REGISTERS = ("msa", "gulf/ar-SA", "gulf/ar-AE", "gulf/ar-KW", "gulf/ar-QA", "gulf/ar-BH",
             "gulf/ar-OM")
DOMAINS = ("music", "alarm", "reminder", "weather", "calls", "messages", "smart_home", "timer",
           "calendar", "news", "shopping", "navigation", "general")

PRONOUNS = ("ي", "ني", "ك", "ه", "ها", "نا", "كم", "كن", "هم", "هن", "هما", "كما",
            "چ", "ج", "ش", "چم")
# The Gulf dative "for me/him/...": ل + pronoun written onto a verb, one suffix token.
DATIVES = (*("ل" + p for p in PRONOUNS if p not in ("ي", "ني")), "لي")
CONJ = ("و+", "ف+")
PREP_OR_FUT = ("ب+", "ل+", "ك+", "س+")
ARTICLE = "ال+"
SHADDA = "\u0651"
PUNCT = "؟،؛:!.,?;\"'«»()"

# Surfaces whose segmentation the sentence decides; every other surface must be
# segmented the same way wherever it occurs.
AMBIGUOUS = {
    "ابي": "Gulf 'I want' (ابي) vs MSA-style 'my father' (اب +ي)",
    "علي": "the name Ali vs 'on me' (على +ي)",
    "صوتي": "'my voice' (صوت +ي) vs nisba 'vocal' (صوتي)",
    "اجتماعي": "'my meeting' (اجتماع +ي) vs nisba 'social' (اجتماعي)",
    "عملي": "'my work' (عمل +ي) vs nisba 'practical' (عملي)",
    "خالي": "'my (maternal) uncle' (خال +ي) vs 'empty' (خالي)",
    "ربعي": "'my friends' (ربع +ي) vs nisba 'quarterly' (ربعي)",
    "ربيعي": "'my friend' (ربيع +ي) vs nisba 'spring-like' (ربيعي)",
    "كلمه": "'call him!' (كلم +ه) vs Gulf spelling of كلمة 'word'",
    "عيدي": "fem. imperative 'repeat!' (عيدي) vs 'my Eid' (عيد +ي)",
    "غيري": "fem. imperative 'change!' (غيري) vs 'other than me' (غير +ي)",
    "ذكري": "fem. imperative 'remind!' (ذكري) vs 'my mention' (ذكر +ي)",
    "كلمي": "fem. imperative 'call!' (كلمي) vs 'my word' (كلم +ي)",
    "ردي": "fem. imperative 'reply!' (ردي) vs 'my reply' (رد +ي)",
}

# Stems that end in ت, ا or ي before a suffix look like an unrestored ة or ى. Each one must
# be listed here as really ending that way (plural -ات stems need no listing).
ENDS_AS_WRITTEN = {
    # ت is a root letter (or part of a loanword): no ta marbuta to restore
    **dict.fromkeys(["بيت", "صوت", "وقت", "بنت", "أخت", "اخت", "مؤقت", "جاكيت"], "root ت"),
    # verbs: ت is the subject ending, kept on the stem
    **dict.fromkeys(["أنشأت", "ضبطت", "سويت", "طلبت", "عجبت", "قلت"], "verb + subject ت"),
    # verbs keep their surface stem (fem. imperative ي, final weak root letter)
    **dict.fromkeys(["ابي", "ارسلي", "اطلبي", "اقري", "تذكري", "تساعدي", "حطي", "خبري",
                     "خلي", "ذكري", "سوي", "شغلي", "صحي", "طفي", "عيدي", "قومي", "كلمي",
                     "ودي", "وصلي", "وطي", "وقفي", "ولعي", "يبي", "يصحي", "يعطي", "يغني"],
                    "verb stem as written"),
    "أغاني": "broken plural, ي is a root letter",
    "في": "preposition في",
    "ويا": "Gulf preposition ويا 'with'",
}

# Look-alikes that must stay whole in both schemes wherever they occur (a regression guard for
# the traps the set was built around: their end looks like a suffix, their start like a prefix).
MUST_STAY_WHOLE = frozenset("""
عبده فيروز كاظم خليفه مكه مكة جده جدة فرنسا دبي أبوظبي عبدالله عبدالعزيز فهد
عربية خليجي سعودي كلاسيكي موسيقي نهائي طربيه رومانسيه صوتيا
أغاني اغاني أغان ليالي كراسي نادي شاي چاي شي شوي بدري عالي باقي بقي
هنا هناك أنا انا حنا نحن أهم مهم كم كيف لكن ليش لين لون وش ايش شو شنو منو مين وين
شباك مبروك كرر عيش تشويش ثلج مثلج برج برنامج مزعج زواج
منبه منبها مؤقت مؤقتا غرفه يمه سته اربعه مره ثانيه بكره رساله اغنيه هديه زحمه
شغلي طفي حطي خلي ضيفي شيلي وصلي ولعي وقفي سكري اقري اتصلي ارسلي دقي زودي اشتري
وقود وقف وايد ورا ولد فاتورة فريق فواكه فاي فيديو فاز فعّل
بيت باب بترول بعد بعدين باجر باكر برا برد بو سرعة سكر سبع سعر ساعة ساعه
اللي الذي التي الآن الحين الله الغي
""".split())

HEADER = re.compile(r"^# \[(?P<reg>[^\]]+)\] \[(?P<dom>[^\]]+)\] (?P<utt>\S.*)$")
ARABIC_DIACRITICS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0653", "\u0654",
                                                                  "\u0655"}
ALLOWED_MARKS = {SHADDA}
TATWEEL = "\u0640"
RESTORE = {"ة": ("ت",), "ى": ("ا", "ي")}  # stem-final letter -> how it is written before a suffix


@dataclass
class Word:
    line: int
    surface: str
    seg: str


@dataclass
class Utterance:
    line: int
    register: str
    domain: str
    text: str
    words: list[Word] = field(default_factory=list)


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


def read(path: Path, errors: Errors) -> tuple[list[str], list[Utterance]]:
    raw = path.read_bytes()
    name = rel(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.add(name, "starts with a byte-order mark")
    if b"\r" in raw:
        errors.add(name, "contains CR characters (use LF line ends)")
    text = raw.decode("utf-8")
    if not text.endswith("\n") or text.endswith("\n\n"):
        errors.add(name, "must end with exactly one newline")
    lines = text.rstrip("\n").split("\n")
    utts: list[Utterance] = []
    expect_header = True
    for n, line in enumerate(lines, 1):
        where = f"{name}:{n}"
        if line != line.strip(" "):
            errors.add(where, "leading or trailing spaces")
        if line == "":
            if expect_header:
                errors.add(where, "blank line where an utterance comment was expected")
            expect_header = True
            continue
        for ch in line:
            cat = unicodedata.category(ch)
            if ch in ARABIC_DIACRITICS and ch not in ALLOWED_MARKS:
                errors.add(where, f"diacritic U+{ord(ch):04X} (only shadda is kept)")
            elif ch == TATWEEL:
                errors.add(where, "tatweel")
            elif (cat in ("Cc", "Cf") and ch != "\t") or ch in "\u00a0\u200b":
                errors.add(where, f"invisible/control character U+{ord(ch):04X}")
        if line.startswith("#"):
            m = HEADER.match(line)
            if not m:
                errors.add(where, "comment must be '# [REGISTER] [DOMAIN] utterance'")
                continue
            if not expect_header:
                errors.add(where, "utterance comment without a blank line before it")
            if m["reg"] not in REGISTERS:
                errors.add(where, f"unknown register {m['reg']!r}")
            if m["dom"] not in DOMAINS:
                errors.add(where, f"unknown domain {m['dom']!r}")
            utts.append(Utterance(n, m["reg"], m["dom"], m["utt"]))
            expect_header = False
            continue
        if expect_header or not utts:
            errors.add(where, "word line outside an utterance (missing '# ...' comment?)")
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not cols[0] or not cols[1]:
            errors.add(where, f"expected 2 non-empty tab-separated columns, got {len(cols)}")
            continue
        surface, seg = cols
        if " " in surface:
            errors.add(where, "surface contains a space")
        if "  " in seg or seg != seg.strip():
            errors.add(where, "segmentation tokens must be separated by single spaces")
        utts[-1].words.append(Word(n, surface, seg))
    for u in utts:
        if not u.words:
            errors.add(f"{name}:{u.line}", "utterance has no words")
        expected = [w.strip(PUNCT) for w in u.text.split()]
        expected = [w for w in expected if w]
        got = [w.surface for w in u.words]
        if expected != got:
            errors.add(f"{name}:{u.line}", f"words listed {got} are not the utterance's "
                                           f"words {expected}")
    return lines, utts


def split_tokens(seg: str) -> tuple[list[str], str | None, list[str]]:
    """(prefixes, stem, suffixes); stem None when the shape is not PRE* STEM SUF*."""
    toks = seg.split(" ")
    pre: list[str] = []
    i = 0
    while i < len(toks) and toks[i].endswith("+") and len(toks[i]) > 1 and \
            not toks[i].startswith("+"):
        pre.append(toks[i])
        i += 1
    if i >= len(toks) or "+" in toks[i]:
        return pre, None, []
    stem = toks[i]
    suf = toks[i + 1:]
    if any(not (s.startswith("+") and len(s) > 1 and "+" not in s[1:]) for s in suf):
        return pre, None, []
    return pre, stem, suf


def prefix_surface(pre: list[str]) -> str:
    out = ""
    for p in pre:
        bare = p[:-1]
        if bare == "ال" and out.endswith("ل"):  # ل+ ال+ is written لل
            bare = "ل"
        out += bare
    return out


def spellings(stem: str, suf: list[str]) -> set[str]:
    """Every written form the stem + suffixes may take (restoration, shared letter)."""
    bare = [s[1:] for s in suf]
    if not bare:
        return {stem}
    stems = {stem}
    for final, written in RESTORE.items():
        if stem.endswith(final):
            stems |= {stem[:-1] + w for w in written}
    tail = "".join(bare)
    out = set()
    for s in stems:
        out.add(s + tail)
        if s and s[-1] == tail[0]:  # shared letter written once, shadda optional
            out.add(s + tail[1:])
            out.add(s + SHADDA + tail[1:])
    return out


def check_suffixes(suf: list[str]) -> str | None:
    bare = [s[1:] for s in suf]
    if not bare:
        return None
    *objs, last = bare
    if last in DATIVES:
        if len(objs) > 1 or any(o not in PRONOUNS for o in objs):
            return f"bad suffix chain {suf}"
        return None
    if objs or last not in PRONOUNS:
        return f"bad suffix chain {suf} (one pronoun, optionally followed by a dative)"
    return None


def check_prefixes(pre: list[str]) -> str | None:
    order = []
    for p in pre:
        if p in CONJ:
            order.append(0)
        elif p in PREP_OR_FUT:
            order.append(1)
        elif p == ARTICLE:
            order.append(2)
        else:
            return f"unknown prefix {p!r}"
    if order != sorted(order) or len(set(order)) != len(order):
        return f"prefixes {pre} out of order (conj, then prep/future, then article)"
    if "س+" in pre and ARTICLE in pre:
        return "future س+ cannot precede the article"
    return None


def check_word(where: str, w: Word, scheme: str, errors: Errors) -> None:
    pre, stem, suf = split_tokens(w.seg)
    if stem is None:
        errors.add(where, f"{w.seg!r}: tokens must be PREFIX+ ... STEM +SUFFIX ...")
        return
    if scheme == "nlu" and pre:
        errors.add(where, f"{w.seg!r}: the nlu scheme splits no prefixes")
    msg = check_prefixes(pre) or check_suffixes(suf)
    if msg:
        errors.add(where, f"{w.seg!r}: {msg}")
    if w.surface in MUST_STAY_WHOLE and w.seg != w.surface:
        errors.add(where, f"{w.surface!r} is a listed look-alike (MUST_STAY_WHOLE): keep it whole")
    if not suf and not pre and stem != w.surface:
        errors.add(where, f"{w.seg!r}: an unsplit word must equal its surface {w.surface!r}")
        return
    # checked on the bare full-scheme stem; the nlu stem is tied to it by the refinement check
    if (scheme == "full" and suf and stem[-1] in "تاي" and not stem.endswith("ات")
            and stem not in ENDS_AS_WRITTEN):
        errors.add(where, f"{w.seg!r}: stem {stem!r} ends in {stem[-1]} before a suffix; restore "
                          "ة/ى, or list the stem in ENDS_AS_WRITTEN if it really ends that way")
    head = prefix_surface(pre)
    if not any(head + s == w.surface for s in spellings(stem, suf)):
        errors.add(where, f"{w.seg!r} does not spell {w.surface!r} (allowed: لل, stem-final "
                          "ة/ى restored, a shared letter written once)")


def restoration(surface_stem_and_suf: str, stem: str, suf: list[str]) -> str | None:
    """The restoration a word shows, for the counts: None, 'ة→ت', 'ى→ا', 'ى→ي' or 'shared'."""
    tail = "".join(s[1:] for s in suf)
    if not tail:
        return None
    if surface_stem_and_suf == stem + tail:
        return None
    for final, written in RESTORE.items():
        for wr in written:
            if stem.endswith(final) and surface_stem_and_suf == stem[:-1] + wr + tail:
                return f"{final}→{wr}"
    return "shared"


def compare(nlu_lines: list[str], full_lines: list[str], nlu: list[Utterance],
            full: list[Utterance], errors: Errors) -> None:
    if len(nlu_lines) != len(full_lines):
        errors.add("files", f"{rel(NLU)} has {len(nlu_lines)} lines, {rel(FULL)} "
                            f"{len(full_lines)}")
    for n, (a, b) in enumerate(zip(nlu_lines, full_lines, strict=False), 1):
        if a.startswith("#") or b.startswith("#") or not a or not b:
            if a != b:
                errors.add(f"line {n}", "comment/blank lines differ between the two files")
        elif a.split("\t")[0] != b.split("\t")[0]:
            errors.add(f"line {n}", f"surface differs: {a.split(chr(9))[0]!r} vs "
                                    f"{b.split(chr(9))[0]!r}")
    for u_n, u_f in zip(nlu, full, strict=False):
        for wn, wf in zip(u_n.words, u_f.words, strict=False):
            if wn.surface != wf.surface:
                continue
            where = f"{rel(FULL)}:{wf.line}"
            pre, stem, suf = split_tokens(wf.seg)
            _, n_stem, n_suf = split_tokens(wn.seg)
            if stem is None or n_stem is None:
                continue
            if n_suf != suf or n_stem != prefix_surface(pre) + stem:
                errors.add(where, f"full {wf.seg!r} is not a refinement of nlu {wn.seg!r}")


def consistency(name: str, utts: list[Utterance], errors: Errors) -> None:
    segs: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for u in utts:
        for w in u.words:
            segs[w.surface][w.seg].append(w.line)
    for surface, by_seg in sorted(segs.items()):
        if len(by_seg) > 1 and surface not in AMBIGUOUS:
            shown = "; ".join(f"{s!r} at lines {lines}" for s, lines in by_seg.items())
            errors.add(name, f"{surface!r} is segmented in more than one way: {shown} "
                             "(make it consistent, or add it to AMBIGUOUS with a reason)")


SUFFIX_LIKE = sorted(set(PRONOUNS) | set(DATIVES), key=len, reverse=True)


def counts_block(nlu: list[Utterance], full: list[Utterance]) -> str:
    n_words = sum(len(u.words) for u in nlu)

    def split(w: Word) -> bool:
        return w.seg != w.surface

    reg_rows: list[tuple[str, list[Utterance]]] = [
        ("msa", [u for u in nlu if u.register == "msa"]),
        ("gulf (all)", [u for u in nlu if u.register.startswith("gulf/")]),
    ]
    reg_rows += [(r, [u for u in nlu if u.register == r]) for r in REGISTERS[1:]]
    dom_rows = [(d, [u for u in nlu if u.domain == d]) for d in DOMAINS]

    def row(label: str, us: list[Utterance]) -> str:
        ws = [w for u in us for w in u.words]
        sp = sum(split(w) for w in ws)
        pct = 100 * sp / len(ws) if ws else 0.0
        return f"| {label} | {len(us)} | {len(ws)} | {sp} | {pct:.1f}% |"

    suffix_counts: Counter[str] = Counter()
    restor: Counter[str] = Counter()
    traps = 0
    for u in nlu:
        for w in u.words:
            _, stem, suf = split_tokens(w.seg)
            suffix_counts.update(suf)
            if stem is not None:
                kind = restoration(w.surface, stem, suf)
                if kind:
                    restor[kind] += 1
            if not suf and re.search("[\u0600-\u06ff]", w.surface) and any(
                    w.surface.endswith(s) and len(w.surface) > len(s) for s in SUFFIX_LIKE):
                traps += 1
    prefix_counts: Counter[str] = Counter()
    full_split = 0
    for u in full:
        for w in u.words:
            pre, _, _ = split_tokens(w.seg)
            prefix_counts.update(pre)
            full_split += split(w)
    nlu_split = sum(split(w) for u in nlu for w in u.words)
    lines = [
        "<!-- counts:begin (generated by check_gold.py --update-readme; do not edit) -->",
        f"- utterances: **{len(nlu)}**; words: **{n_words}** "
        f"({len({w.surface for u in nlu for w in u.words})} distinct)",
        f"- words with a split in `nlu`: **{nlu_split}** "
        f"({100 * nlu_split / n_words:.1f}%); in `full`: **{full_split}** "
        f"({100 * full_split / n_words:.1f}%)",
        f"- unsplit words that end in a suffix-like string (look-alikes kept whole in "
        f"`nlu`): **{traps}**",
        "",
        "| register | utterances | words | split in nlu | share |",
        "|---|---:|---:|---:|---:|",
        *(row(label, us) for label, us in reg_rows),
        "",
        "| domain | utterances | words | split in nlu | share |",
        "|---|---:|---:|---:|---:|",
        *(row(label, us) for label, us in dom_rows),
        "",
        "Suffix tokens (`nlu`, same in `full`): " + ", ".join(
            f"`{s}` {suffix_counts[s]}" for s in
            ["+" + p for p in PRONOUNS] + ["+" + d for d in DATIVES] if suffix_counts[s]),
        "",
        "Stem restorations before a suffix: " + ", ".join(
            f"{k} {restor[k]}" for k in ("ة→ت", "ى→ا", "ى→ي", "shared") if restor[k])
        + " (shared = a letter common to stem and suffix written once: من +ني = مني, "
          "على +ي = علي).",
        "",
        "Prefix tokens (`full` only): " + ", ".join(
            f"`{p}` {prefix_counts[p]}" for p in (*CONJ, *PREP_OR_FUT, ARTICLE)),
        "<!-- counts:end -->",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--update-readme", action="store_true",
                    help="rewrite the counts block of README.md from the files")
    args = ap.parse_args(argv)
    errors = Errors()
    nlu_lines, nlu = read(NLU, errors)
    full_lines, full = read(FULL, errors)
    for scheme, path, utts in (("nlu", NLU, nlu), ("full", FULL, full)):
        for u in utts:
            for w in u.words:
                check_word(f"{rel(path)}:{w.line}", w, scheme, errors)
        consistency(rel(path), utts, errors)
    compare(nlu_lines, full_lines, nlu, full, errors)
    for u_n, u_f in zip(nlu, full, strict=False):
        if (u_n.register, u_n.domain, u_n.text) != (u_f.register, u_f.domain, u_f.text):
            errors.add(f"line {u_n.line}", "utterance comments differ between the files")
    block = counts_block(nlu, full)
    print(block.split("\n", 1)[1].rsplit("\n", 1)[0])
    readme = README.read_text(encoding="utf-8") if README.exists() else ""
    pat = re.compile(r"<!-- counts:begin.*?<!-- counts:end -->", re.S)
    if args.update_readme:
        if not pat.search(readme):
            errors.add(rel(README), "no counts block (<!-- counts:begin ... counts:end -->)")
        else:
            README.write_text(pat.sub(lambda _: block, readme), encoding="utf-8")
            print(f"\nupdated the counts block of {rel(README)}")
    elif block not in readme:
        errors.add(rel(README), "the counts block does not match the files: run "
                                "check_gold.py --update-readme")
    if errors.items:
        print(f"\n{len(errors.items)} problem(s):", file=sys.stderr)
        for e in errors.items:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: both files are well formed, spell their surfaces, agree, and match README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
