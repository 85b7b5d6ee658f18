"""Normalization profiles: goldens, invariants (hypothesis), errors, streaming."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import arabic_nlp
from arabic_nlp.errors import InputError
from arabic_nlp.fst.testing import run_tests
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.normalize import (
    _profile,
    normalize,
    normalize_batch,
    normalize_lines,
    normalize_stream,
    profiles,
)

PROFILES = ["asr", "nlu", "tts", "search", "nlu_keep_ta_marbuta", "nlu_keep_alef_maqsura",
            "nlu_keep_both"]
# Text that exercises the rules: Arabic letters, every diacritic, look-alikes,
# presentation forms, digits, punctuation, spaces and invisible characters.
ARABIC_SOUP = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىةٱ")
        + [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640", "\u06d6"]
        + list("یکہھەےڪۀ") + ["ﻻ", "ﷲ", "ﺑ", "ﹷ"]
        + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
        + list(" \t\u00a0\u2009.,:;!?،؛؟٪٫٬()\"'-/") + ["\u200c", "\u200d", "\u200f", "\ufeff"]
        + list("aZ\n")),
    max_size=40)


def test_profiles_listed() -> None:
    assert set(PROFILES) <= set(profiles())


@pytest.mark.parametrize("profile", ["asr", "nlu", "tts", "search"])
def test_golden_and_inline_tests(profile: str) -> None:
    report = run_tests([grammar_file("normalize", f"{profile}.rules")])
    assert report.passed >= 20
    assert report.ok, "\n".join(f.explain() for f in report.failures) + "\n".join(
        map(str, report.errors))


def test_common_grammar_tests() -> None:
    report = run_tests([grammar_file("common")])
    assert report.ok and report.passed >= 7


def test_asr_keeps_only_shadda_and_madda() -> None:
    text = "مُحَمَّدٌ آمَنَ بِالقُرْآنِ ا\u0653 سُو\u0653ءٌ هَٰذَا"
    out = normalize(text, "asr")
    marks = {c for c in out if 0x064B <= ord(c) <= 0x065F or c == "\u0670"}
    assert marks == {"\u0651", "\u0653"}
    assert "آ" in out and "محمّد" in out


def test_nlu_matches_camel_chain_on_letters_and_marks() -> None:
    camel = pytest.importorskip("camel_tools.utils.normalize")
    dediac = pytest.importorskip("camel_tools.utils.dediac")
    text = "أَحْمَدُ إِلَى المَدْرَسَةِ آمِنًا مُسْتَشْفَى"
    ref = dediac.dediac_ar(camel.normalize_teh_marbuta_ar(
        camel.normalize_alef_maksura_ar(camel.normalize_alef_ar(text))))
    assert normalize(text, "nlu") == ref


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=150, deadline=None)
@given(text=ARABIC_SOUP)
def test_idempotent(profile: str, text: str) -> None:
    once = normalize(text, profile)
    assert normalize(once, profile) == once


@pytest.mark.parametrize("profile", ["asr", "nlu", "tts", "search"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_never_crashes_on_any_unicode(profile: str, text: str) -> None:
    out = normalize(text, profile)
    assert isinstance(out, str)


@pytest.mark.parametrize("profile", ["asr", "nlu", "tts", "search"])
@settings(max_examples=60, deadline=None)
@given(text=st.one_of(ARABIC_SOUP, st.text(max_size=20)))
def test_fast_runtime_equals_fst_on_hypothesis_strings(profile: str, text: str) -> None:
    casc = _profile(profile)
    assert casc.apply(text) == casc.apply(text, fst=True)


@pytest.mark.parametrize("profile", PROFILES)
def test_fast_runtime_equals_fst_on_corpus(profile: str, corpus_lines: list[str]) -> None:
    casc = _profile(profile)
    for line in corpus_lines:
        assert casc.apply(line) == casc.apply(line, fst=True), line


def test_fast_runtime_equals_fst_on_shared_corpus() -> None:
    from conftest import SHARED_DATA

    path = SHARED_DATA / "diacritization" / "val.txt"
    if not path.exists():
        pytest.skip("../shared/data not present")
    lines = path.read_text(encoding="utf-8").splitlines()[:150]
    for profile in ("asr", "nlu", "tts", "search"):
        casc = _profile(profile)
        for line in lines:
            line = line[:300]
            assert casc.apply(line) == casc.apply(line, fst=True), (profile, line)


def test_unknown_profile_names_the_choices() -> None:
    with pytest.raises(InputError, match="choose one of: asr"):
        normalize("x", "bogus")


def test_lone_surrogate_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="lone surrogate U\\+D800 at offset 1"):
        normalize("a\ud800b")
    with pytest.raises(InputError, match=r"texts\[1\]"):
        normalize_batch(["ok", "\udfff"])


def test_non_string_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="must be a str"):
        normalize(None)  # type: ignore[arg-type]


def test_ten_megabyte_line() -> None:
    line = ("أَهْلاً وَسَهْلاً بِكُمْ ١٢٣، " * 400_000)[:10_000_000]
    out = normalize(line, "nlu")
    assert out.startswith("اهلا وسهلا بكم 123, ")
    assert len(out) > 5_000_000


def test_batch_equals_single() -> None:
    texts = ["أَحْمَد", "", "  ", "Coldplay"]
    assert normalize_batch(texts, "asr") == [normalize(t, "asr") for t in texts]


def test_streaming_keeps_lines_and_order(corpus_lines: list[str]) -> None:
    lines = [line + "\n" for line in corpus_lines * 30]
    serial = list(normalize_lines(lines, "nlu", chunk_size=7))
    parallel = list(normalize_lines(lines, "nlu", jobs=2, chunk_size=7))
    assert serial == parallel
    assert serial == [normalize(line[:-1], "nlu") + "\n" for line in lines]
    src, dst = io.StringIO("".join(lines)), io.StringIO()
    assert normalize_stream(src, dst, "nlu") == len(lines)
    assert dst.getvalue() == "".join(serial)


def test_top_level_exports() -> None:
    assert arabic_nlp.normalize("أ") == "ا"
    with pytest.raises(AttributeError):
        _ = arabic_nlp.does_not_exist  # type: ignore[attr-defined]
