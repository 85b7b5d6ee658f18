"""MSA → Khaleeji: the converter, its result object, swaps, phonemes, eval and CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.data.khaleeji_eval import evaluate, phoneme_symbols, read_gold
from arabic_nlp.errors import InputError
from arabic_nlp.text.khaleeji import (
    KhaleejiText,
    _read_swaps,
    gold_phonemes,
    locales,
    to_khaleeji,
    to_khaleeji_batch,
    to_phonemes,
)

runner = CliRunner()


def canon(text: str) -> str:
    """Shaddah before its vowel, the order the converter writes."""
    return regex.sub("([\u064e\u064f\u0650])\u0651", "\u0651\\1", text)
ARABIC = regex.compile(r"[\p{Arabic}\u064b-\u0652\u0670\u0640]")


def test_locales_are_rule_files() -> None:
    assert {"ar-SA", "ar-AE", "ar-KW"} <= set(locales())
    with pytest.raises(InputError, match="unknown Khaleeji locale"):
        to_khaleeji("كَتَبَ", "ar-XX")
    with pytest.raises(InputError, match="unknown output"):
        to_khaleeji("كَتَبَ", "ar-SA", "ipa")


@pytest.mark.parametrize(("msa", "gulf"), [
    ("كِتَابُهُ", "كِتَابَهْ"),  # -hu -> -ah
    ("كِتَابُكِ", "كِتَابِچْ"),  # -ki -> -ich
    ("بَيْتُكُمْ", "بَيْتْكُمْ"),  # no linking vowel before -kum
    ("سَاعَةُ الْمُنَبِّهِ", "سَاعَةْ الْمُنَبِّهْ"),  # construct -at; stem ه kept
    ("الْوَقْتُ", "الْوَگْتْ"),  # q -> g
    ("الْقُرْآنُ", "الْقُرْآنْ"),  # learned word keeps q
    ("يَكْتُبُ", "يِكْتِبْ"),  # yi- and stem i
    ("كَتَبَتْ", "كِتْبَتْ"),  # syncope
])
def test_core_rules(msa: str, gulf: str) -> None:
    assert to_khaleeji(msa, "ar-SA") == canon(gulf)


def test_passes_through_and_flags() -> None:
    text = "شَغَّلْتُ Spotify الساعة ٧:٣٠!"
    out = to_khaleeji(text, "ar-KW")
    assert isinstance(out, KhaleejiText) and out.locale == "ar-KW" and out.output == "arabic"
    assert "Spotify" in out and "٧:٣٠!" in out and "الساعة" in out
    assert out.undiacritized == ("الساعة",)
    flag = out.flags[0]
    assert text[flag.start:flag.end] == "الساعة"
    partly = to_khaleeji("كتَابُكَ", "ar-KW")
    assert [f.reason for f in partly.flags] == ["partly diacritized"]


def test_swap_with_proclitic() -> None:
    table = _read_swaps(Path(__file__).parents[1] / "lexicons" / "khaleeji" / "swaps.tsv")
    gulf = table["ar-KW"]["الآن"]
    assert to_khaleeji("الْآنَ", "ar-KW") == gulf
    assert to_khaleeji("وَالْآنَ", "ar-KW") == "وَ" + gulf


@pytest.mark.parametrize(("tsv", "message"), [
    ("msa\tgulf\n", "header must start"),
    ("msa\tgulf\tlocales\tnote\nالآن\t\tar-KW\tx\n", ":2: a row needs"),
    ("msa\tgulf\tlocales\tnote\nالآن\tالحين\tar-XX\tx\n", ":2: unknown locale 'ar-XX'"),
    ("msa\tgulf\tlocales\tnote\nالآن\tالحين\tar-KW\tx\nالآن\tهالحين\tar-KW\tx\n",
     ":3: الآن already has another Gulf form"),
])
def test_swap_lexicon_errors(tmp_path: Path, tsv: str, message: str) -> None:
    path = tmp_path / "swaps.tsv"
    path.write_text(tsv, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        _read_swaps(path)


def test_phonemes() -> None:
    assert to_phonemes("كِتَابٌ جَدِيدٌ") == "kiˈtaːbun d͡ʒaˈdiːdun"
    ipa = to_khaleeji("كِتَابُكِ عَلَى Spotify", "ar-KW", "phonemes")
    assert ipa.endswith(" Spotify") and "t͡ʃ" in ipa and "ˈ" in ipa
    assert to_phonemes("كِتَابُكِ", "gulf", "ar-KW") == str(
        to_khaleeji("كِتَابُكِ", "ar-KW", "phonemes"))
    assert gold_phonemes("كِتْبَتْ", "ar-SA") == "ˈkitbat"
    assert phoneme_symbols("ˈsˤaːʕat t͡ʃiˈbiːr") == [
        "sˤ", "aː", "ʕ", "a", "t", "t͡ʃ", "i", "b", "iː", "r"]
    with pytest.raises(InputError, match="unknown register"):
        to_phonemes("كَتَبَ", "classical")


_MIXED = st.lists(st.sampled_from(
    ["كِتَابُكِ", "الْوَقْتُ", "سَاعَةُ", "الآن", "وَالْآنَ", "Spotify", "٧:٣٠", "12", "،", "؟",
     "!", " ", "  ", "\n", "😀", "كتاب", "\ue000", "ـ"]), max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(_MIXED, st.text(max_size=40)))
def test_non_arabic_characters_survive(text: str) -> None:
    for locale in ("ar-SA", "ar-KW"):
        out = to_khaleeji(text, locale)
        assert ARABIC.sub("", out) == ARABIC.sub("", text)


@settings(max_examples=60, deadline=None)
@given(st.lists(_MIXED, max_size=30))
def test_batch_equals_single(texts: list[str]) -> None:
    texts = texts * 20  # past the joined-batch threshold
    for output in ("arabic", "phonemes"):
        assert to_khaleeji_batch(texts, "ar-AE", output) == \
            [to_khaleeji(t, "ar-AE", output) for t in texts]


GOLD = ("# a comment\nmsa_diacritized\tkhaleeji\tlocale\n"
        "كِتَابُكِ\tكِتَابِچْ\tar-KW\n"
        "كَتَبَتْ\tكَتَبَتْ\tar-SA\n")


def test_eval_scores_and_errors(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(GOLD, encoding="utf-8")
    rows = read_gold(gold, locales())
    s = evaluate(rows, lambda t, lc, o: str(to_khaleeji(t, lc, o)), gold_phonemes)
    assert (s.sentences, s.exact) == (2, 1)
    assert s.char_edits == 2  # كِتْبَتْ vs كَتَبَتْ: two marks differ
    assert 0 < s.per < 1 and s.errors[0][0].line == 4
    result = runner.invoke(app, ["eval", "khaleeji", "--gold", str(gold), "--errors"])
    assert result.exit_code == 0, result.output
    assert "all: 2 sentences, sentence accuracy 50.00%" in result.stdout
    assert "gold.tsv:4" in result.stdout


@pytest.mark.parametrize(("text", "message"), [
    ("msa\tgulf\tlocale\n", ":1: the header must be"),
    ("msa_diacritized\tkhaleeji\tlocale\nا\tب\n", ":2: 2 columns"),
    ("msa_diacritized\tkhaleeji\tlocale\nا\tب\tar-XX\n", ":2: unknown locale"),
    ("msa_diacritized\tkhaleeji\tlocale\n", "no gold rows"),
])
def test_gold_errors(tmp_path: Path, text: str, message: str) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_gold(gold, locales())


def test_cli_khaleeji_streams_and_reports(tmp_path: Path) -> None:
    result = runner.invoke(app, ["khaleeji", "-l", "ar-KW"],
                           input="كِتَابُكِ\nالساعة Spotify\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "كِتَابِچْ"
    assert "الساعة (undiacritized)" in result.stderr
    result = runner.invoke(app, ["phonemes"], input="كِتَابٌ جَدِيدٌ\n")
    assert result.stdout == "kiˈtaːbun d͡ʒaˈdiːdun\n"


def _fired(path: Path, cases: list[tuple[str, str]]) -> set[str]:
    from arabic_nlp.fst.runtime import cascade

    fired: set[str] = set()
    for name, text in cases:
        fired |= {step.rule for step in cascade(path, name).trace(text) if step.changes}
    return fired


@pytest.mark.parametrize("locale", ["ar-SA", "ar-AE", "ar-KW"])
def test_every_rule_has_a_golden_example(locale: str) -> None:
    """Each rule of the Khaleeji cascades changes at least one of the inline or golden
    test inputs of the core or of the locale file (the MSA IPA rules are tested in
    grammars/romanize)."""
    from arabic_nlp.fst.grammar import load_grammar, read_golden
    from arabic_nlp.resources import grammar_file

    core = load_grammar(grammar_file("khaleeji", "core.rules"))
    path = grammar_file("khaleeji", f"{locale}.rules")
    own = load_grammar(path)
    cases = [(t.cascade, t.input) for g in (core, own) for t in g.tests]
    for golden in core.goldens:
        cases += [(golden.cascade, src) for _, src, _ in read_golden(Path(golden.path), golden.pos)]
    fired = _fired(path, cases)
    for name in ("khaleeji", "phonemes"):
        rules = [r.name for r in own.steps(name) if not r.name.startswith("ipa_")]
        if locale == "ar-SA":  # no lexical چ or ي in Najdi: those rules never fire there
            rules = [r for r in rules if r not in ("kaf", "article_ch", "jim")]
        missing = [r for r in rules if r not in fired]
        assert not missing, f"{locale} {name}: no test exercises {missing}"
