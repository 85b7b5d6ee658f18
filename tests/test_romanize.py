"""Romanization: rule-file tests and goldens, round trips, camel-tools agreement, fast == FST."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_nlp.errors import InputError
from arabic_nlp.fst.grammar import read_golden
from arabic_nlp.fst.runtime import cascade, grammar
from arabic_nlp.fst.testing import run_tests
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.romanize import LOSSLESS_SCHEMES, SCHEMES, deromanize, romanize

VAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "diacritization" / "val.txt"

SAMPLES = [
    "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ",
    "كَتَبَ الطَّالِبُ الدَّرْسَ",
    "مَسْؤُولٌ عَنْ رَئِيسِهِ",
    "قُرْآنٌ كَرِيمٌ، هَٰذَا كِتَابٌ؟",
    "مُسْتَشْفًى كَبِيرٌ",
    "وَالشَّمْسِ وَالْقَمَرِ لِلنَّاسِ",
    "عَرَبِيٌّ قُوَّةٌ كَتَبُوا اِسْمٌ عَلَىٰ",
    "الجزيرة العربية عام 2024 (مرحبا!)",
    "بيتزا وچاي في گيلان ڤيينا پاريس",
    "English text 123 stays; ـــ tatweel",
    "",
]


def _rules(scheme: str) -> Path:
    return grammar_file("romanize", f"{scheme}.rules")


def _table(scheme: str) -> dict[str, str]:
    """Arabic -> Latin pairs of a lossless scheme's TSV map."""
    lex = grammar(_rules(scheme)).lexicons[f"{scheme}_map"]
    return {a: b for a, b, _ in lex.entries}


# ------------------------------------------------------------------ rule-file tests


@pytest.mark.parametrize("scheme", SCHEMES)
def test_inline_tests_and_goldens(scheme: str) -> None:
    g = grammar(_rules(scheme))
    assert g.tests, "every scheme has inline tests"
    for t in g.tests:
        assert cascade(_rules(scheme), t.cascade).apply(t.input) == t.expected, t.pos
    assert g.goldens, "every scheme has a golden file"
    for gold in g.goldens:
        cases = read_golden(Path(gold.path), gold.pos)
        assert len(cases) >= 15
        c = cascade(_rules(scheme), gold.cascade)
        for line, src, expected in cases:
            assert c.apply(src) == expected, f"{gold.path}:{line}"


def test_rule_file_tests_on_both_runtimes() -> None:
    report = run_tests([grammar_file("romanize")])
    assert report.ok, "\n".join(f.explain() for f in report.failures) + str(report.errors)
    assert report.passed >= 5 * 20


@pytest.mark.parametrize("scheme", SCHEMES)
def test_fast_path_matches_fst(scheme: str) -> None:
    names = ("romanize", "deromanize") if scheme in LOSSLESS_SCHEMES else ("romanize",)
    for name in names:
        c = cascade(_rules(scheme), name)
        assert c.fully_fast, c.describe_plan()
        texts = SAMPLES if name == "romanize" else [romanize(s, scheme) for s in SAMPLES]
        for s in texts:
            assert c.apply(s) == c.apply(s, fst=True), (scheme, name, s)


# ------------------------------------------------------------------ API


def test_api_errors() -> None:
    with pytest.raises(InputError, match="bw, safebw, xmlbw, scholarly, ipa"):
        romanize("كتب", "hebrew")
    with pytest.raises(InputError, match="scheme"):
        deromanize("ktb", "nope")
    with pytest.raises(InputError, match="surrogate"):
        romanize("كتب\ud800")
    with pytest.raises(InputError, match="surrogate"):
        deromanize("ktb\udfff", "safebw")
    for lossy in ("scholarly", "ipa"):
        with pytest.raises(InputError, match="lossy"):
            deromanize("kataba", lossy)


def test_api_examples() -> None:
    assert romanize("كَتَبَ") == "kataba"
    assert deromanize("kataba") == "كَتَبَ"
    assert romanize("الشَّمْسُ", "scholarly") == "aš-šamsu"
    assert romanize("الشَّمْسُ", "ipa") == "aʃʃamsu"
    assert romanize("شَيْءٌ", "safebw") == "cayoCN"
    assert romanize("أَنَا", "xmlbw") == "OanaA"


# ------------------------------------------------------------------ round trips

_EXTRA = " 0123456789٠١٢٣٤٥٦٧٨٩.,!?;:()[]\"-/\n،؛؟"


def _domain(scheme: str) -> str:
    """Round-trip alphabet: the table's Arabic side, plus spaces, digits and punctuation
    (``_EXTRA``) minus every character of the scheme's Latin side."""
    table = _table(scheme)
    latin = set(table.values())
    return "".join(table) + "".join(c for c in _EXTRA if c not in latin)


def _round_trip_test(scheme: str) -> Callable[[], None]:
    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=_domain(scheme), max_size=40))
    def check(s: str) -> None:
        assert deromanize(romanize(s, scheme), scheme) == s

    return check


@pytest.mark.parametrize("scheme", LOSSLESS_SCHEMES)
def test_round_trip(scheme: str) -> None:
    """deromanize(romanize(s)) == s for s over _domain(scheme): the 51 Arabic letters and
    diacritics of the table, ASCII/Arabic-Indic digits, space, newline and the
    punctuation . , ! ? ; : ( ) [ ] " - / ، ؛ ؟ not used by the scheme's Latin side."""
    _round_trip_test(scheme)()


@pytest.mark.parametrize("scheme", LOSSLESS_SCHEMES)
def test_table_is_a_bijection(scheme: str) -> None:
    table = _table(scheme)
    assert len(set(table.values())) == len(table) == 51


# ------------------------------------------------------------------ camel-tools agreement

BUILTIN_CORPUS = [
    *SAMPLES,
    "ذَهَبَ إِلَى السُّوقِ",
    "إِنْ شَاءَ اللَّهُ",
    "ثَلَاثَةُ أَيَّامٍ",
    "مرحبا بكم في دبي!",
]


def _corpus() -> list[str]:
    if not VAL.exists():
        pytest.skip(f"{VAL} not found")
    return BUILTIN_CORPUS + VAL.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("scheme", LOSSLESS_SCHEMES)
def test_agrees_with_camel_tools(scheme: str) -> None:
    charmap = pytest.importorskip("camel_tools.utils.charmap")
    to_latin = charmap.CharMapper.builtin_mapper(f"ar2{scheme}")
    to_arabic = charmap.CharMapper.builtin_mapper(f"{scheme}2ar")
    corpus = _corpus()
    agree = sum(romanize(line, scheme) == to_latin(line) for line in corpus)
    assert agree == len(corpus), f"{agree}/{len(corpus)} lines agree"
    latin = [to_latin(line) for line in corpus]
    back = sum(deromanize(line, scheme) == to_arabic(line) for line in latin)
    assert back == len(corpus), f"{back}/{len(corpus)} lines agree"


def test_builtin_corpus_agrees_with_camel_tools() -> None:
    """Runs even where the shared corpus is missing."""
    charmap = pytest.importorskip("camel_tools.utils.charmap")
    for scheme in LOSSLESS_SCHEMES:
        to_latin = charmap.CharMapper.builtin_mapper(f"ar2{scheme}")
        to_arabic = charmap.CharMapper.builtin_mapper(f"{scheme}2ar")
        for line in BUILTIN_CORPUS:
            assert romanize(line, scheme) == to_latin(line)
            assert deromanize(to_latin(line), scheme) == to_arabic(to_latin(line))
