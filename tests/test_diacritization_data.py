"""Readers of diacritized text, the training file list, and our Gulf dev set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arabic_nlp.data.diacritization import (
    EXCLUDED_TRAINING_FILES,
    clean_line,
    read_gold,
    read_lines,
    training_files,
    wikinews_dev,
)
from arabic_nlp.errors import InputError
from arabic_nlp.text import diacritics
from arabic_nlp.text.diacritics import CLASSES, is_arabic_letter, split_marks, strip_diacritics

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diacritization"
GULF = Path(diacritics.__file__).resolve().parents[1] / "resources" / "gold" / \
    "diacritization" / "gulf_dev.txt"


def marks_in_class_form(text: str) -> bool:
    _, base, marks = split_marks(text)
    return all(m in CLASSES and (not m or is_arabic_letter(ch))
               for ch, m in zip(base, marks, strict=True))


def test_quran_spelling_is_mapped_to_the_benchmark_alphabet() -> None:
    (line,) = read_lines(FIXTURES / "quran_style.txt")
    # tatweel + dagger alef dropped (val.txt writes هذا، ذلك، الله without alef),
    # wasla -> alef, the pause sign and the double space it leaves removed
    assert strip_diacritics(line) == "هذا كتاب الله ذلك الكتاب"
    assert "\u0670" not in line and "\u0640" not in line
    alef = clean_line("هَـٰذَا", dagger_alef="alef")
    assert alef == "هَاذَا"


def test_clean_line_normalises_marks_and_spacing() -> None:
    assert clean_line("شَدَّ") == "ش\u064eد\u0651\u064e"            # shaddah first
    assert clean_line("\u064eكِِتَاب  \u0652 x\u064f") == "كِتَاب x"  # orphans, doubles
    assert clean_line("فی الکتاب\u200f") == "فى الکتاب"              # Farsi yeh, RLM
    assert clean_line("  ") == ""


def test_read_lines_skips_blank_lines_and_keeps_text(tmp_path: Path) -> None:
    lines = read_lines(FIXTURES / "msa_lines.txt")
    assert len(lines) == 3
    assert lines[2].endswith("(2024).")
    assert all(marks_in_class_form(line) for line in lines)


def test_read_lines_reports_bad_utf8_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "train_bad.txt"
    bad.write_bytes("كَتَبَ\n".encode() + b"\xff\xfe\n")
    with pytest.raises(InputError, match=r"train_bad.txt:2: not valid UTF-8"):
        read_lines(bad)
    with pytest.raises(InputError, match="not found"):
        read_lines(tmp_path / "nope.txt")


def test_wikinews_reader() -> None:
    rows = wikinews_dev(FIXTURES / "wikinews_sample.jsonl")
    assert rows[0] == "# ثَقَافَةٌ" and "3%" in rows[1]


@pytest.mark.parametrize(("content", "message"), [
    ('{"diacritized": "كَتَبَ"}\n{"diacritized": 3}\n', r":2: field 'diacritized'"),
    ('{"diacritized": "كَتَبَ"}\n[1, 2]\n', r":2: not a JSON object"),
    ('\n{"diacritized": \n', r":2: not a JSON object \("),
])
def test_wikinews_malformed_rows(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "dev.jsonl"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        wikinews_dev(f)


def test_read_gold_formats() -> None:
    assert read_gold(FIXTURES / "wikinews_sample.jsonl") == \
        wikinews_dev(FIXTURES / "wikinews_sample.jsonl")
    assert read_gold(FIXTURES / "msa_lines.txt", "fadel") == read_lines(FIXTURES / "msa_lines.txt")
    with pytest.raises(InputError, match="unknown gold format 'csv'"):
        read_gold(FIXTURES / "msa_lines.txt", "csv")


def test_training_files_leave_out_research_only_and_non_training(tmp_path: Path) -> None:
    for name in ("train_b.txt", "train_a.txt", "val.txt", "train_notes.md",
                 *EXCLUDED_TRAINING_FILES):
        (tmp_path / name).write_text("كَتَبَ\n", encoding="utf-8")
    assert [f.name for f in training_files(tmp_path)] == ["train_a.txt", "train_b.txt"]
    with pytest.raises(InputError, match="not found"):
        training_files(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no train_"):
        training_files(tmp_path / "empty")


# ------------------------------------------------------------------ the Gulf dev set


def test_gulf_dev_set_is_clean_and_large_enough() -> None:
    raw = GULF.read_text(encoding="utf-8").splitlines()
    lines = read_lines(GULF)
    # the file is in the reader's alphabet, except that a final geminate is written with
    # shaddah + sukun (CONVENTIONS.md), which reads as the class shaddah
    assert lines == [line.replace("\u0651\u0652", "\u0651") for line in raw]
    assert len(lines) >= 100 and len(set(lines)) == len(lines)
    assert all(marks_in_class_form(line) for line in lines)


def test_gulf_dev_set_is_fully_diacritized() -> None:
    """Every word passes the passthrough rule's completeness test, ends in sukun, a bare
    long vowel or ta marbuta (pausal), or is one of the few written with a vowel."""
    connected = {"شَاءَ", "شُكْرًا", "عَفْوًا", "أَهْلًا", "وَسَهْلًا"}
    for line in GULF.read_text(encoding="utf-8").splitlines():
        _, base, marks = split_marks(line)
        for start, end in diacritics._word_spans(base):
            word = "".join(base[k] + marks[k] for k in range(start, end))
            assert diacritics._complete(base, marks, start, end), word
            last = marks[end - 1]
            assert ("\u0652" in last or word in connected
                    or (not last and base[end - 1] in "اوىية" + "ه")), (line, word)


def test_gulf_dev_set_has_the_gulf_words() -> None:
    text = strip_diacritics(GULF.read_text(encoding="utf-8"))
    words = set(re.findall(r"[\u0621-\u06ff]+", text))
    for w in ("الحين", "زين", "أبي", "وايد", "چذي", "شلون", "وش", "ليش", "هني", "باچر"):
        assert any(x == w or x.endswith(w) or x.startswith(w) for x in words), w
    assert "گ" in text and "چ" in text
