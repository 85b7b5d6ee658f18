"""The affix tokenizer: segmentations, offsets, exact round trip, errors, CLI, eval."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_nlp.errors import InputError
from arabic_nlp.fst.runtime import Cascade
from arabic_nlp.fst.testing import run_tests
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.tokenize import (
    _cascade,
    detokenize,
    segmentation_starts,
    tokenize,
    tokenize_batch,
)
from arabic_nlp.text.tokens import Token, model_texts

ARABIC_WORDS = st.text(
    alphabet=st.sampled_from([*"ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىةچگ",
                              "\u064e", "\u0651", "\u0640", "\u200c"]),
    min_size=1, max_size=9)
MIXED = st.lists(st.one_of(ARABIC_WORDS, st.sampled_from(
    ["Coldplay", "10:30", "٧", "😀", "👍🏽", "،", "?", " ", "  ", "\t", "\n", "rock'n'roll",
     "ﻻ", "\u200f"]), st.text(max_size=3)), max_size=10).map("".join)


@pytest.mark.parametrize(("text", "scheme", "expected"), [
    ("شغل أغنيتي", "nlu", ["شغل", "أغنية", "+ي"]),
    ("بالموسيقى", "nlu", ["بالموسيقى"]),
    ("بالموسيقى", "full", ["ب+", "ال+", "موسيقى"]),
    ("موسيقاي وهواك", "nlu", ["موسيقى", "+ي", "وهوى", "+ك"]),
    ("أبوي قلبي", "nlu", ["أبو", "+ي", "قلب", "+ي"]),
    ("عربي كرسي موسيقي نهائي ملك مكه هنا أنا", "nlu",
     ["عربي", "كرسي", "موسيقي", "نهائي", "ملك", "مكه", "هنا", "أنا"]),
    ("ذكّرني بموعدي", "nlu", ["ذكّر", "+ني", "بموعد", "+ي"]),
    ("بيتچ وبيتچم", "nlu", ["بيت", "+چ", "وبيت", "+چم"]),
    ("إليكَ", "nlu", ["إلى", "+كَ"]),
    ("Spotify 10:30 😀", "nlu", ["Spotify", "10:30", "😀"]),
])
def test_segmentations(text: str, scheme: str, expected: list[str]) -> None:
    assert model_texts(tokenize(text, scheme)) == expected


def test_offsets_point_into_the_original() -> None:
    text = "  شغّل أغنيتي!"
    tokens = tokenize(text)
    assert tokens[0] == Token("  ", 0, 2, "space", "  ")
    stem, suffix = tokens[2], tokens[3]
    assert (stem.text, stem.surface, text[stem.start:stem.end]) == ("أغنية", "أغنيت", "أغنيت")
    assert (suffix.text, suffix.kind, suffix.start, suffix.end) == ("+ي", "suffix", 12, 13)
    assert tokens[-1].kind == "punct"


@settings(max_examples=300, deadline=None)
@given(text=MIXED)
def test_round_trip_any_text(text: str) -> None:
    for scheme in ("nlu", "full"):
        tokens = tokenize(text, scheme)
        assert detokenize(tokens) == text
        for tok in tokens:
            assert text[tok.start:tok.end] == tok.surface


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_round_trip_any_unicode(text: str) -> None:
    assert detokenize(tokenize(text)) == text


@pytest.mark.parametrize("name", ["suffixes", "full"])
@settings(max_examples=150, deadline=None)
@given(word=ARABIC_WORDS)
def test_fast_runtime_equals_fst(name: str, word: str) -> None:
    casc: Cascade = _cascade("full" if name == "full" else "nlu")
    key = word.replace("\u064e", "").replace("\u0651", "").replace("\u0640", "")
    key = key.replace("\u200c", "").translate(str.maketrans("أإآ", "ااا"))
    assert casc.apply(key) == casc.apply(key, fst=True)


def test_grammar_tests_pass() -> None:
    report = run_tests([grammar_file("tokenize")])
    assert report.ok, report.failures[:3]
    assert report.passed >= 25


def test_batch_and_errors() -> None:
    assert tokenize_batch(["أغنيتي", ""]) == [tokenize("أغنيتي"), []]
    with pytest.raises(InputError, match="unknown tokenization scheme"):
        tokenize("x", "atb")
    with pytest.raises(InputError, match=r"texts\[1\] contains a lone surrogate"):
        tokenize_batch(["ok", "\ud800"])
    with pytest.raises(InputError, match="expected 0"):
        detokenize([Token("x", 1, 2, "latin", "x")])


def test_gold_alignment() -> None:
    assert segmentation_starts("أغنيتي", "أغنية +ي") == [0, 5]
    assert segmentation_starts("للبيت", "ل+ ال+ بيت") == [0, 1, 2]
    assert segmentation_starts("عليه", "على +ه") == [0, 3]


def test_cli_tokenize_and_eval(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from arabic_nlp.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["tokenize"], input="شغل أغنيتي\n")
    assert res.exit_code == 0 and res.stdout == "شغل أغنية +ي\n"
    gold = tmp_path / "gold.tsv"
    gold.write_text("# شغل أغنيتي\nشغل\tشغل\nأغنيتي\tأغنية +ي\nعربي\tعرب +ي\n",
                    encoding="utf-8")
    res = runner.invoke(app, ["eval", "tokenize", "--gold", str(gold), "--errors"])
    assert res.exit_code == 0, res.output
    assert "word accuracy 66.67% (2/3)" in res.stdout
    assert f"{gold}:4" in res.stdout and "gold: عرب +ي" in res.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("أغنيتي\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "tokenize", "--gold", str(bad)])
    assert res.exit_code != 0


# ------------------------------------------------------------- corpus-derived lexicons


@pytest.mark.parametrize(("word", "expected"), [
    ("هذه", "هذه"),  # *هذ is no word: derived no_split
    ("منبه", "منبه"),  # alarm: *منب
    ("مؤقتي", "مؤقت +ي"),  # root ت kept: derived t_stems
    ("ضبطته", "ضبطت +ه"),  # verb ending ت kept
    ("سلتي", "سلة +ي"),  # short stem with ta marbuta: derived stem_forms
    ("ألبومه", "ألبوم +ه"),  # article look-alike takes a suffix
    ("والدتي", "والدة +ي"),
])
def test_corpus_derived_decisions(word: str, expected: str) -> None:
    assert " ".join(t.text for t in tokenize(word)) == expected


def test_top_level_exports() -> None:
    import arabic_nlp

    tokens = arabic_nlp.tokenize("شغل أغنيتي")
    assert [t.text for t in tokens] == ["شغل", "أغنية", "+ي"]
    assert isinstance(tokens[0], arabic_nlp.Token)
    assert arabic_nlp.detokenize(tokens) == "شغل أغنيتي"
    assert arabic_nlp.tokenize_batch(["أغنيتي"]) == [tokenize("أغنيتي")]


def test_derive_tool_decisions() -> None:
    """tools/derive_tokenize_lexicons.py on a tiny synthetic count table."""
    import importlib.util
    from collections import Counter
    from pathlib import Path

    path = Path(__file__).parents[1] / "tools" / "derive_tokenize_lexicons.py"
    spec = importlib.util.spec_from_file_location("derive_tokenize_lexicons", path)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    counts = Counter({
        "قلمه": 5, "قلم": 40, "القلم": 10,  # stem attested: split stays
        "زرقه": 5,  # stem زرق never seen: whole word
        "اشربي": 4, "اشرب": 9,  # ي on a stem that never takes the article: imperative
        "كرسيه": 3, "كرسي": 2,  # 3 < 20 × 2: not frequent enough to overrule
        "حواليه": 60, "حوالي": 2,  # 60 >= 20 × 2: one word
        "مقصت": 6, "مقصة": 1,  # ت spelling known better: t_stems
        "الالفونج": 5,  # article + الفونج (made up): a look-alike stem
        "الفونجه": 3,
    })
    no_split, t_stems, lookalikes, stem_forms = tool.derive(counts)
    assert "زرقه" in no_split and "اشربي" in no_split and "حواليه" in no_split
    assert "قلمه" not in no_split and "كرسيه" not in no_split
    assert "مقصت" in t_stems
    assert "الفونج" in lookalikes
    assert all(isinstance(v, str) for v in stem_forms.values())
