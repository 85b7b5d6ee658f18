"""DER/WER in the Fadel et al. 2019 convention, checked on hand-computed examples, and the
``arabic-nlp eval diacritizer`` command on a registered stand-in system."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from typer.testing import CliRunner

import arabic_nlp.models as models
from arabic_nlp.cli import app
from arabic_nlp.data.der import DiacritizationScores, save_confusion_png, score, score_line
from arabic_nlp.errors import InputError
from arabic_nlp.text.diacritics import CLASS_NAMES, CLASSES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diacritization"


def idx(name: str) -> int:
    return CLASS_NAMES.index(name)


def test_case_endings_and_bare_gold_letters() -> None:
    # كَتَبَ: 3 letters, الْوَلَدُ: 5 letters (ا has no mark in gold and counts too)
    s = score_line("كَتَبَ الْوَلَدُ.", "كَتَبْ الْوَلَدَ.")
    assert (s.letters, s.letter_errors) == (8, 2)         # both errors are case endings
    assert (s.letters_no_ce, s.letter_errors_no_ce) == (6, 0)
    assert (s.words, s.word_errors, s.word_errors_no_ce) == (2, 2, 0)
    assert s.der == pytest.approx(0.25) and s.der_no_ce == 0
    assert s.wer == 1.0 and s.wer_no_ce == 0
    assert s.confusion[idx("fatha")][idx("sukun")] == 1
    assert s.confusion[idx("damma")][idx("fatha")] == 1
    assert s.confusion[idx("none")][idx("none")] == 1      # the article's alef


def test_a_missing_mark_on_a_bare_gold_letter_is_an_error() -> None:
    s = score_line("قَالُوا", "قَالُوْا")  # sukun on the long-vowel waw: gold has none
    assert (s.letters, s.letter_errors) == (5, 1)
    assert s.confusion[idx("none")][idx("sukun")] == 1


def test_one_letter_word_is_right_without_case_ending() -> None:
    # as upstream: the word is counted, its only letter is the case ending
    s = score_line("وَ", "وِ")
    assert (s.letters, s.letter_errors, s.letters_no_ce) == (1, 1, 0)
    assert (s.words, s.word_errors, s.word_errors_no_ce) == (1, 1, 0)


def test_non_arabic_splits_words_and_is_not_scored() -> None:
    s = score_line("كَتَبَ،abc12 بِ3بِ", "كَتَبُ،abc12 بَ3بِ")
    assert s.words == 3 and s.letters == 5          # كتب | ب | ب
    assert s.letter_errors == 2 and s.letter_errors_no_ce == 0
    assert s.word_errors == 2


def test_mark_order_and_duplicates_do_not_matter() -> None:
    s = score_line("شَدَّ", "شَ" + "د" + "\u0651\u064e")
    assert s.letter_errors == 0
    s = score_line("كِتَابٌ", "كِِتَابٌ")  # a doubled kasra reads as kasra (first mark)
    assert s.letter_errors == 0


def test_shadda_classes() -> None:
    s = score_line("مُحَمَّدٌ", "مُحَمَدٌ")
    assert s.letter_errors == 1
    assert s.confusion[idx("shadda+fatha")][idx("fatha")] == 1


def test_changed_letters_are_aligned_then_scored() -> None:
    # a peer that wrote ا for أ: scored position by position
    s = score(["أَكَلَ"], ["اَكَلَ"], raw=["اَكَلَ"])
    assert s.letter_errors == 0 and s.substituted_words == 1 and s.resized_words == 0
    # a peer that dropped ك: the gold ك scores as bare (an error, its gold is sukun)
    s = score(["مَكْتَبٌ"], ["مَتَبٌ"], raw=["مَتَبٌ"])
    assert (s.letters, s.letter_errors) == (4, 1) and s.resized_words == 1


def test_totals_add_and_class_errors() -> None:
    a = score_line("كَتَبَ", "كَتَبْ")
    b = score_line("كَتَبَ", "كَتَبَ")
    total = a + b
    assert (total.lines, total.letters, total.letter_errors, total.words) == (2, 6, 1, 2)
    rows = {name: (n, wrong) for name, n, wrong in total.class_errors()}
    assert rows["fatha"] == (6, 1)
    assert "DER 16.67%" in total.summary()


def test_lengths_must_match() -> None:
    with pytest.raises(InputError, match="2 gold lines but 1 predictions"):
        score(["كَتَبَ", "كَتَبَ"], ["كتب"])


def test_empty_and_non_arabic_lines() -> None:
    s = score(["", "abc 12"], ["", "abc 12"])
    assert s.letters == 0 and s.der == 0 and s.wer == 0


def test_confusion_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "confusion.png"
    s = score_line("كَتَبَ الْوَلَدُ", "كَتَبْ الْوَلَدَ")
    save_confusion_png([("a", s), ("b", DiacritizationScores())], out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(CLASSES) == 15


# ------------------------------------------------------------------ the eval command

FAKE = '''
from arabic_nlp.text.diacritics import apply_constraints, is_arabic_letter

class Bare:
    def diacritize(self, texts):
        return list(texts)

class Fatha:
    def diacritize(self, texts):
        return [apply_constraints(t, "".join(c + "\\u064e" if is_arabic_letter(c) else c
                                              for c in t)) for t in texts]

def bare(**kwargs):
    return Bare()

def fatha(threads=1):
    return Fatha()
'''


@pytest.fixture()
def fake_systems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / "fake_diacritizers.py").write_text(FAKE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    fakes = [EntryPoint(name, f"fake_diacritizers:{name}", "arabic_nlp.diacritizers")
             for name in ("bare", "fatha")]
    monkeypatch.setattr(models, "entry_points",
                        lambda group: fakes if group == "arabic_nlp.diacritizers" else [])
    yield
    sys.modules.pop("fake_diacritizers", None)


runner = CliRunner()


def test_eval_diacritizer_side_by_side(fake_systems: None, tmp_path: Path) -> None:
    png = tmp_path / "c.png"
    pytest.importorskip("matplotlib")
    result = runner.invoke(app, ["eval", "diacritizer", "--data",
                                 str(FIXTURES / "msa_lines.txt"), "-s", "bare", "-s", "fatha",
                                 "--limit", "2", "--confusion", str(png), "--classes"])
    assert result.exit_code == 0, result.output
    assert "2 lines, 15 words" in result.output
    rows = {line.split("|")[1].strip(): line for line in result.output.splitlines()
            if line.startswith("| bare") or line.startswith("| fatha")}
    assert set(rows) == {"bare", "fatha"}
    assert re.search(r"\|\s+0/0\s+\|$", rows["fatha"])
    assert "errors per gold class" in result.output and png.exists()


def test_eval_diacritizer_wikinews_format(fake_systems: None) -> None:
    result = runner.invoke(app, ["eval", "diacritizer", "--data",
                                 str(FIXTURES / "wikinews_sample.jsonl"), "-s", "bare"])
    assert result.exit_code == 0, result.output
    assert "2 lines" in result.output and "100.00%" in result.output


def test_eval_diacritizer_errors(fake_systems: None) -> None:
    result = runner.invoke(app, ["eval", "diacritizer", "--data",
                                 str(FIXTURES / "msa_lines.txt"), "-s", "nope"])
    assert isinstance(result.exception, InputError)
    assert "unknown diacritizer 'nope'; known: bare, fatha" in str(result.exception)
    result = runner.invoke(app, ["eval", "diacritizer", "--data", "missing.txt", "-s", "bare"])
    assert isinstance(result.exception, InputError)
    result = runner.invoke(app, ["eval", "diacritizer", "--data",
                                 str(FIXTURES / "wikinews_missing_field.jsonl"), "-s", "bare"])
    assert isinstance(result.exception, InputError)
    assert "wikinews_missing_field.jsonl:2" in str(result.exception)
