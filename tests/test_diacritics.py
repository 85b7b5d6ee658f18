"""The passthrough rule shared by every diacritizer: marks added, nothing else touched."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_nlp.text.diacritics import (
    CLASSES,
    DIACRITICS,
    SHADDA,
    SUKUN,
    align,
    apply_constraints,
    canonical_marks,
    changed_letters,
    is_arabic_letter,
    mark_class,
    split_marks,
    strip_diacritics,
)

FATHA, DAMMA, KASRA = "\u064e", "\u064f", "\u0650"
ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱچگ"
MARKS = "".join(sorted(DIACRITICS))
#: Characters that make hard cases: letters, marks, maddah/dagger/tatweel, Latin,
#: digits, punctuation, spaces, bidi controls, a lone surrogate-free astral char.
ALPHABET = (ARABIC + MARKS + "\u0653\u0670\u0640" + "ab Z09٣،.!?\n\t\u200f\u202b\u00a0"
            + "\U0001f600")

texts = st.text(alphabet=ALPHABET, max_size=60)


def sf(text: str) -> str:
    """``text`` with shaddah moved before the vowel it carries (how literals here are typed
    varies; the output is always shaddah first)."""
    return re.sub("([\u064b-\u0650\u0652]+)\u0651", lambda m: SHADDA + m.group(1), text)


any_text = st.text(max_size=40)
mark_runs = st.sampled_from([m for m in CLASSES if m])


@st.composite
def fully_diacritized(draw: st.DrawFn) -> str:
    """Words whose every letter carries one class of marks, with non-Arabic between."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        word = draw(st.text(alphabet=ARABIC, min_size=1, max_size=6))
        parts.append("".join(ch + draw(mark_runs) for ch in word))
        parts.append(draw(st.sampled_from([" ", "، ", " 12 ", " abc ", "! "])))
    return "".join(parts)


# ------------------------------------------------------------------ properties


@given(any_text, any_text)
def test_passthrough_on_any_unicode(x: str, y: str) -> None:
    assert strip_diacritics(apply_constraints(x, y)) == strip_diacritics(x)


@given(texts, texts)
def test_passthrough_on_arabic_heavy_text(x: str, y: str) -> None:
    assert strip_diacritics(apply_constraints(x, y)) == strip_diacritics(x)


@given(texts, texts)
def test_idempotent(x: str, y: str) -> None:
    once = apply_constraints(x, y)
    assert apply_constraints(x, once) == once
    assert apply_constraints(once, y) == once


@given(texts)
def test_prediction_on_the_bare_input_is_kept_where_the_input_is_bare(y: str) -> None:
    bare = strip_diacritics(y)
    out = apply_constraints(bare, y)
    # every mark in the output sits on an Arabic letter, in class form
    _, base, marks = split_marks(out)
    for ch, m in zip(base, marks, strict=True):
        assert not m or (is_arabic_letter(ch) and m in CLASSES)


@given(fully_diacritized(), texts)
def test_fully_diacritized_input_comes_back_unchanged(x: str, y: str) -> None:
    assert apply_constraints(x, y) == x
    assert apply_constraints(x, strip_diacritics(x)) == x


@given(texts, texts)
def test_align_pairs_equal_characters_in_order(a: str, b: str) -> None:
    pairs = align(a, b)
    assert len(pairs) == len(a)
    paired = [j for j in pairs if j >= 0]
    assert paired == sorted(set(paired))
    assert all(0 <= j < len(b) for j in paired)


@given(texts)
def test_align_identity(a: str) -> None:
    assert align(a, a) == list(range(len(a)))


# ------------------------------------------------------------------ examples


def test_strip_keeps_maddah_dagger_and_tatweel() -> None:
    assert strip_diacritics("مُحَمَّدٌ آمَنَ") == "محمد آمن"
    assert strip_diacritics("هٰذَا ـ") == "هٰذا ـ"
    assert strip_diacritics("ا\u0653") == "ا\u0653"


def test_canonical_marks_shadda_first_one_vowel() -> None:
    assert canonical_marks(FATHA + SHADDA) == SHADDA + FATHA
    assert canonical_marks(KASRA + KASRA) == KASRA
    assert canonical_marks(FATHA + KASRA) == FATHA
    assert canonical_marks(SHADDA + SUKUN) == SHADDA
    assert mark_class("") == 0 and mark_class(SHADDA) == 8
    assert mark_class(DAMMA + SHADDA) == CLASSES.index(SHADDA + DAMMA)


def test_marks_land_on_the_original_letters() -> None:
    assert apply_constraints("كتب", "كَتَبَ") == "كَتَبَ"
    # a peer that adds a leading space and a space before the comma, and rewrites '.'
    got = apply_constraints("ذهب الولد، وقرأ.", " ذَهَبَ الْوَلَدُ ، وَقَرَأَ\x01")
    assert got == "ذَهَبَ الْوَلَدُ، وَقَرَأَ."


def test_changed_hamza_lends_its_marks_position_by_position() -> None:
    assert apply_constraints("أكل الولد", "اَكَلَ الْوَلَدُ") == "أَكَلَ الْوَلَدُ"
    assert changed_letters("أكل الولد", "اَكَلَ الْوَلَدُ") == (1, 0)


def test_dropped_letter_gets_no_marks_and_is_counted() -> None:
    got = apply_constraints("مكتبة كبيرة", "مَتَبَةٌ كَبِيرَةٌ")
    assert strip_diacritics(got) == "مكتبة كبيرة"
    assert got.startswith("مَك")  # ك had nothing to pair with
    assert got.endswith("كَبِيرَةٌ")
    assert changed_letters("مكتبة كبيرة", "مَتَبَةٌ كَبِيرَةٌ") == (0, 1)


def test_input_marks_are_constraints() -> None:
    # ASR output keeps shaddah: a vowel may be added to it, the shaddah stays
    assert apply_constraints("محمّد", "مُحَمَدٌ") == sf("مُحَمَّدٌ")
    assert apply_constraints("محمّد", "مُحَمِّدٌ") == sf("مُحَمِّدٌ")
    # a letter with a vowel keeps exactly it
    assert apply_constraints("كتَب", "كُتِبَ") == "كُتَبَ"
    # maddah is a letter: kept, and it can take a predicted mark
    assert apply_constraints("القرآن", "الْقُرْآنُ") == "الْقُرْآنُ"
    # combining maddah and dagger alef stay where they are
    assert apply_constraints("هٰذا", "هَذَا") == "هَٰذَا"


def test_fully_diacritized_words_keep_their_bare_letters() -> None:
    gold = "ذَهَبَ الطَّالِبُ إِلَى الْمَدْرَسَةِ، وَقَالُوا: إنَّ الشَّمْسَ"
    noisy = "ذَهَبْ اَلطَّالِبِ إِلَىْ اَلْمَدْرَسَةُ، وَقَالُوْا: إِنَّ اَلشَّمْسُ"
    assert apply_constraints(gold, noisy) == gold
    # pausal form: a bare last letter does not make a word incomplete
    assert apply_constraints("كِتَاب", "كِتَابٌ") == "كِتَاب"


def test_non_arabic_never_gains_marks() -> None:
    assert apply_constraints("abc 123 ، !", "aَbُc 1ِ23 ،ً !") == "abc 123 ، !"
    assert apply_constraints("ـ", "ـَ") == "ـ"


def test_bad_inputs_do_not_crash() -> None:
    assert apply_constraints("", "") == ""
    assert apply_constraints("", "كَتَبَ") == ""
    assert apply_constraints("كتب", "") == "كتب"
    assert apply_constraints("Hello world", "Hello world") == "Hello world"
    # lone combining marks: at the start, after Latin, after a space, alone
    for x in ("\u064e", "\u064eكتب", "a\u064f b", " \u0651", "\u0651\u064e\u0652"):
        assert strip_diacritics(apply_constraints(x, "كَتَبَ")) == strip_diacritics(x)
        assert apply_constraints(x, x) == x
    # mixed direction with bidi controls
    x = "\u202bشغل Stromae على Spotify\u202c \u200fالآن\u200f"
    y = "\u202bشَغِّلْ Stromae عَلَى Spotify\u202c \u200fالْآنَ\u200f"
    assert apply_constraints(x, y) == sf(y)


def test_long_line_is_linear() -> None:
    bare = ("ذهب الطالب الى المدرسة صباحا " * 3500)[:100_000]
    pred = apply_constraints(bare, bare.replace("ذهب", "ذَهَبَ"))
    noisy = bare.replace("الى", "إلى").replace("صباحا", "صباح")  # changed and dropped letters
    start = time.perf_counter()
    out = apply_constraints(bare, noisy.replace("ذهب", "ذَهَبَ"))
    assert time.perf_counter() - start < 10
    assert strip_diacritics(out) == bare
    assert out.startswith("ذَهَبَ الطالب") and pred.startswith("ذَهَبَ")
    garbage = apply_constraints(bare, "ب" * 100_000)  # nothing lines up
    assert strip_diacritics(garbage) == bare


@settings(max_examples=30)
@given(st.text(alphabet=ARABIC + " ", min_size=1, max_size=200))
def test_marks_follow_the_letters_they_predict(bare: str) -> None:
    pred = "".join(ch + FATHA if is_arabic_letter(ch) else ch for ch in bare)
    out = apply_constraints(bare, pred)
    assert out == pred
