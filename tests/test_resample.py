"""The resampler: complexity formula, clitics, aligned annotations, determinism, no duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.data.massive import Example, read_examples
from arabic_nlp.data.resample import (
    Catalogue,
    Fixed,
    Hole,
    attach_clitic,
    dedup_key,
    extract_templates,
    fill,
    plan,
    resample,
    split_clitic,
)
from arabic_nlp.data.template_complexity import (
    base_for_target,
    capacity,
    complexity,
    example_count,
    total_count,
)
from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span, format_annotated, parse_annotated

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nlu"
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")

# ------------------------------------------------------------------ the formula


def test_complexity_is_bits_of_the_filling_space() -> None:
    assert complexity([]) == 0.0
    assert complexity([1]) == 1.0
    assert complexity([3]) == 2.0
    assert complexity([3, 1]) == 3.0
    assert capacity([]) == 0
    assert capacity([3, 4]) == 11
    with pytest.raises(InputError):
        complexity([-1])


value_lists = st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=6)


@given(value_lists, st.integers(min_value=1, max_value=5000), st.data())
def test_complexity_is_monotone(values: list[int], extra: int, data: st.DataObject) -> None:
    # another slot, or another value in any slot, makes a template strictly more complex
    assert complexity([*values, extra]) > complexity(values)
    i = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    more = list(values)
    more[i] += 1
    assert complexity(more) > complexity(values)
    # ... and never gives it fewer examples
    for base in (0.05, 0.5, 2.0):
        for cap in (1, 8, 100):
            assert example_count(more, base=base, cap=cap) >= \
                example_count(values, base=base, cap=cap)
            assert example_count([*values, extra], base=base, cap=cap) >= \
                example_count(values, base=base, cap=cap)


@given(value_lists, st.floats(min_value=0, max_value=50), st.integers(min_value=0, max_value=40))
def test_count_respects_cap_and_capacity(values: list[int], base: float, cap: int) -> None:
    n = example_count(values, base=base, cap=cap)
    assert 0 <= n <= cap
    assert n <= capacity(values)


def test_count_examples() -> None:
    assert example_count([1000] * 5, base=10, cap=4) == 4  # the cap
    assert example_count([2], base=10, cap=100) == 1  # only one other filling exists
    assert example_count([1], base=10, cap=100) == 0  # none
    assert example_count([255], base=1, cap=100) == 8  # log2(256) bits
    assert example_count([255, 255], base=1, cap=100) == 16
    assert example_count([3], base=0.25, cap=9) == 1  # 0.5 rounds up
    assert example_count([3], base=0.24, cap=9) == 0
    assert example_count([], base=5, cap=9) == 0
    with pytest.raises(InputError):
        example_count([3], base=-1, cap=9)
    with pytest.raises(InputError):
        example_count([3], base=1, cap=-1)


@given(st.lists(value_lists, min_size=1, max_size=12), st.integers(min_value=0, max_value=120),
       st.integers(min_value=1, max_value=10))
@settings(max_examples=60)
def test_base_for_target_is_the_largest_base_within_target(
        templates: list[list[int]], target: int, cap: int) -> None:
    base = base_for_target(templates, target, cap=cap)
    total = total_count(templates, base=base, cap=cap)
    ceiling = sum(min(cap, capacity(t)) for t in templates)
    if target >= ceiling:
        assert total == ceiling
    else:
        assert total <= target
        assert total_count(templates, base=base + 1e-5, cap=cap) > target


# ------------------------------------------------------------------ clitics


def test_split_clitic_needs_the_core_in_the_catalogue() -> None:
    known = {"الخميس", "جدة", "الفيسبوك", "ستة الصبح"}
    assert split_clitic("للخميس", known) == ("ل", "الخميس")
    assert split_clitic("بجدة", known) == ("ب", "جدة")
    assert split_clitic("وبجدة", known) == ("وب", "جدة")
    assert split_clitic("بالفيسبوك", known) == ("ب", "الفيسبوك")
    assert split_clitic("لستة الصبح", known) == ("ل", "ستة الصبح")
    assert split_clitic("بعد ساعتين", known) == ("", "بعد ساعتين")  # "عد ساعتين" is unknown
    assert split_clitic("جدة", known) == ("", "جدة")
    assert split_clitic("بالرياض", known) == ("", "بالرياض")


def test_attach_clitic() -> None:
    assert attach_clitic("", "x") == ("", "x")
    assert attach_clitic("ل", "الجمعة") == ("", "للجمعة")
    assert attach_clitic("ول", "الجمعة") == ("", "وللجمعة")
    assert attach_clitic("ب", "الفيسبوك") == ("", "بالفيسبوك")
    assert attach_clitic("ب", "جدة") == ("", "بجدة")
    assert attach_clitic("ل", "أربعة") == ("", "لأربعة")
    assert attach_clitic("ل", "Stromae") == ("ل ", "Stromae")
    assert attach_clitic("ب", "7") == ("ب ", "7")


# ------------------------------------------------------------------ on the fixtures


@pytest.fixture(scope="module")
def arabic() -> list[Example]:
    return read_examples(FIXTURES / "ar-SA.train.jsonl")


def test_catalogue_from_examples_splits_clitics(arabic: list[Example]) -> None:
    cat = Catalogue.from_examples(arabic)
    places = cat.get("ar-SA", "place_name")
    assert "جدة" in places and "الدمام" in places
    assert "بجدة" not in places and "بالدمام" not in places  # clitic split off
    assert "بالرياض" in places and "بمكة" in places  # no known core: kept whole
    assert "date" not in cat.labels()  # not a resampled type by default
    dates = Catalogue.from_examples(arabic, ["date"]).get("ar-SA", "date")
    assert "الخميس" in dates and "للخميس" not in dates
    # the glued "ل[artist_name : عمرو دياب]" is not free-standing, but the same value is
    # elsewhere
    assert "عمرو دياب" in cat.get("ar-SA", "artist_name")


def test_templates(arabic: list[Example]) -> None:
    cat = Catalogue.from_examples(arabic, ["place_name", "date", "artist_name", "song_name"])
    templates = extract_templates(arabic, cat, ["place_name", "date", "artist_name",
                                                "song_name"])
    keys = {t.key for t in templates}
    assert "الطقس {place_name} ل{date}" in keys  # بمكة: مكة is unknown, للخميس: ل + الخميس
    assert "كيف الطقس ب{place_name}" in keys  # بجدة
    assert "كيف الطقس ب{place_name} {date}" in keys  # بالدمام
    assert "كيف الطقس {place_name} {date}" in keys  # بالرياض: الرياض is unknown
    glued = next(t for t in templates if t.source.id == "1")
    assert glued.pieces[1] == Hole("song_name")
    assert glued.pieces[3] == Fixed("artist_name", "عمرو دياب")  # glued to ل: kept
    rooms = Catalogue.from_examples(arabic, ["house_place"])
    english = next(t for t in extract_templates(arabic, rooms, ["house_place"])
                   if t.source.text.startswith("turn off"))
    assert english.latin_only  # an untranslated English row: Latin-script values only
    ((p,), _) = plan([english], rooms)
    assert p.choices == [["kitchen"]]
    assert p.count == 0  # nothing else to put there


def test_fill_keeps_spans_aligned() -> None:
    ex = Example("1", "ar-SA", "train", "weather_query", "weather", "الطقس بجدة للخميس",
                 (Span("place_name", 6, 10), Span("date", 11, 17)))
    cat = Catalogue()
    for v in ("جدة", "Paris"):
        cat.add("ar-SA", "place_name", v)
    cat.add("ar-SA", "date", "الخميس")
    (t,) = extract_templates([ex], cat, ["place_name", "date"])
    assert t.key == "الطقس ب{place_name} ل{date}"
    text, spans = fill(t, ["Paris", "الجمعة"])
    assert text == "الطقس ب Paris للجمعة"
    assert [text[s.start:s.end] for s in spans] == ["Paris", "للجمعة"]
    assert parse_annotated(format_annotated(text, spans)) == (text, spans)


def _check_generated(source: list[Example], out: list[Example], cat: Catalogue) -> None:
    existing = {dedup_key(e.locale, e.text) for e in source}
    keys = [dedup_key(e.locale, e.text) for e in out]
    assert len(set(keys)) == len(keys)  # no duplicates among the new rows
    assert not existing & set(keys)  # ... nor of the input
    ids = [(e.locale, e.id) for e in out] + [(e.locale, e.id) for e in source]
    assert len(set(ids)) == len(ids)
    for ex in out:
        assert parse_annotated(ex.annot_utt) == (ex.text, list(ex.spans))
        for span in ex.spans:
            assert ex.text[span.start:span.end] == span.text
            if span.label in cat.labels():
                value = span.text or ""
                values = cat.get(ex.locale, span.label)
                assert value in values or any(attach_clitic(c, v)[1] == value
                                              for c in CLITICS for v in values)


def test_resample_fixture(arabic: list[Example]) -> None:
    types = ["place_name", "date", "artist_name", "song_name", "person", "house_place"]
    result = resample(arabic, types=types, base=1.0, cap=3, seed=1)
    assert result.examples
    assert result.short == 0
    assert max(sum(1 for o in result.origins if o == ex.id) for ex in arabic) <= 3
    _check_generated(arabic, result.examples, Catalogue.from_examples(arabic, types))
    # clitics re-attached: every date after the template's ل starts with ل
    for ex, origin in zip(result.examples, result.origins, strict=True):
        if origin == "15":  # "الطقس [date : للجمعة]"
            (date,) = ex.spans
            assert (date.text or "").startswith("ل")
    again = resample(arabic, types=types, base=1.0, cap=3, seed=1)
    assert [e.to_row() for e in again.examples] == [e.to_row() for e in result.examples]
    other = resample(arabic, types=types, base=1.0, cap=3, seed=2)
    assert [e.text for e in other.examples] != [e.text for e in result.examples]


def test_resample_with_a_target_and_a_catalogue_file(arabic: list[Example],
                                                     tmp_path: Path) -> None:
    tsv = tmp_path / "cat.tsv"
    tsv.write_text("# type\tvalue\tlocale\nartist_name\tراشد الماجد\tar-SA\n"
                   "artist_name\tCeline Dion\n\nplace_name\tالخبر\tar-SA\n", encoding="utf-8")
    cat = Catalogue.read_tsv(tsv)
    assert cat.get("ar-SA", "artist_name") == ["Celine Dion", "راشد الماجد"]
    assert cat.get("fr-FR", "artist_name") == ["Celine Dion"]
    result = resample(arabic, cat, target=10, seed=3)
    assert 0 < len(result.examples) <= 10
    big = resample(arabic, cat, base=5.0, cap=50, seed=3)
    values = {s.text for e in big.examples for s in e.spans}
    assert "راشد الماجد" in values or "Celine Dion" in values


@pytest.mark.parametrize(("content", "message"), [
    ("artist_name\n", r"cat.tsv:1: expected type<TAB>value"),
    ("artist name\tx\n", r"cat.tsv:1: bad slot type"),
    ("# c\nartist_name\t[x]\n", r"cat.tsv:2: value"),
])
def test_catalogue_tsv_errors(tmp_path: Path, content: str, message: str) -> None:
    tsv = tmp_path / "cat.tsv"
    tsv.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        Catalogue.read_tsv(tsv)
    with pytest.raises(InputError, match="not found"):
        Catalogue.read_tsv(tmp_path / "none.tsv")


# ------------------------------------------------------------------ property

WORDS = ["شغل", "كيف", "الطقس", "في", "play", "the", "weather", "ابغى", "اسمع", "من"]
VALUES = ["فيروز", "جدة", "الرياض", "بجدة", "للخميس", "الخميس", "Paris", "لندن", "وجدة",
          "new york", "عمرو دياب", "كلثوم"]
LABELS = ["artist_name", "place_name", "date"]


@st.composite
def examples(draw: st.DrawFn) -> list[Example]:
    rows: list[Example] = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        parts: list[str] = []
        spans: list[Span] = []
        pos = 0
        for k in range(draw(st.integers(min_value=1, max_value=5))):
            if k:
                parts.append(" ")
                pos += 1
            if draw(st.booleans()):
                value = draw(st.sampled_from(VALUES))
                spans.append(Span(draw(st.sampled_from(LABELS)), pos, pos + len(value), value))
            else:
                value = draw(st.sampled_from(WORDS))
            parts.append(value)
            pos += len(value)
        locale = draw(st.sampled_from(["ar-SA", "en-US"]))
        intent = draw(st.sampled_from(["play_music", "weather_query"]))
        rows.append(Example(str(i), locale, "train", intent, intent.split("_")[0],
                            "".join(parts), tuple(spans)))
    return rows


@given(examples(), st.integers(min_value=0, max_value=3))
@settings(max_examples=80, deadline=None)
def test_every_generated_row_parses_and_uses_catalogue_values(rows: list[Example],
                                                               seed: int) -> None:
    result = resample(rows, types=LABELS, base=2.0, cap=5, seed=seed)
    _check_generated(rows, result.examples, Catalogue.from_examples(rows, LABELS))
    assert len(result.examples) + result.short == sum(p.count for p in result.plans)


# ------------------------------------------------------------------ CLI


def test_cli_resample(tmp_path: Path) -> None:
    out = tmp_path / "rs.jsonl"
    result = CliRunner().invoke(app, ["resample", "--data", str(FIXTURES / "ar-SA.train.jsonl"),
                                      "--out", str(out), "--base", "1", "--cap", "2",
                                      "--types", "place_name,date"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["resampled_from"] for r in rows)
    generated = read_examples(out)
    assert all({s.label for s in e.spans} & {"place_name", "date"} for e in generated)
    assert "examples from" in result.output
