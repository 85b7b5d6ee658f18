"""Catalogue ingestion normalizer: reading catalogues, matching, clitics, index files, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.data.catalogue_eval import Utterance, evaluate, references
from arabic_nlp.data.catalogue_pairs import PairCount
from arabic_nlp.errors import InputError
from arabic_nlp.text.catalogue import (
    CLITIC_COST,
    CatalogueNormalizer,
    Entry,
    coarse,
    fold,
    forms,
    grammar_renderings,
    match_score,
    ordinary_words,
    read_catalogue,
    skeleton,
)

RENDERINGS = {
    "Stromae": [("ستروماي", 0.0), ("سترومي", 0.5)],
    "Coldplay": [("كولدبلاي", 0.0), ("كولد بلاي", 0.3)],
    "Hello": [("هالو", 0.0), ("هلو", 1.0)],
}


def fake(entry: Entry, k: int) -> list[tuple[str, float]]:
    return RENDERINGS.get(entry.latin, [])[:k]


@pytest.fixture
def cn() -> CatalogueNormalizer:
    return CatalogueNormalizer([Entry("Stromae", "artist", "fr"), Entry("Coldplay", "artist"),
                                Entry("Hello", "song"),
                                Entry("Céline Dion", "artist", "fr", ("سيلين ديون",))],
                               renderer=fake, threshold=0.2)


def test_skeleton_folds_variants() -> None:
    assert fold("أُغْنِيَة") == "اغنيه"
    assert skeleton("ستروماي") == skeleton("سترومي") == "سترم"


@pytest.mark.parametrize(("text", "expected"), [
    ("شغل أغنية ستروماي", "شغل أغنية Stromae"),
    ("شغل سترومي", "شغل Stromae"),  # another spelling
    ("شغل سترومايا", "شغل Stromae"),  # one letter off
    ("حط وكولدبلاي", "حط وColdplay"),  # the clitic stays Arabic
    ("شغل بالستروماي الحين", "شغل بالStromae الحين"),
    ("شغل كولد بلاي", "شغل Coldplay"),  # two words
    ("شغل سيلين ديون من فضلك", "شغل Céline Dion من فضلك"),  # known spelling
    ("هلا والله", "هلا والله"),  # a greeting is not Hello
    ("وين المطعم", "وين المطعم"),
])
def test_normalize(cn: CatalogueNormalizer, text: str, expected: str) -> None:
    assert cn.normalize(text).text == expected


def test_matches_carry_spans_and_scores(cn: CatalogueNormalizer) -> None:
    text = "شغل لستروماي"
    result = cn.normalize(text)
    (m,) = result.matches
    assert text[m.start:m.end] == "ستروماي" and m.entry.latin == "Stromae"
    assert m.score == pytest.approx(CLITIC_COST)  # read after the clitic ل


def test_index_round_trip(cn: CatalogueNormalizer, tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    cn.save(path)
    back = CatalogueNormalizer.load(path)
    assert back.renderings == cn.renderings
    assert back.normalize("شغل سترومي").text == "شغل Stromae"
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="not a catalogue index"):
        CatalogueNormalizer.load(tmp_path / "bad.json")


@pytest.mark.parametrize(("row", "message"), [
    ("\tartist\n", ":1: empty name"),
    ("Stromae\tsinger\n", ":1: unknown type 'singer'"),
    ("Stromae\n", ":1: 1 columns"),
    ("Stromae\tartist\tde\n", ":1: unknown language 'de'"),
    ("a\tartist\ten\tx\ty\n", ":1: 5 columns"),
])
def test_bad_catalogue_rows(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "cat.tsv"
    path.write_text(row, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_catalogue(path)


def test_catalogue_file_and_cli(tmp_path: Path) -> None:
    cat = tmp_path / "cat.tsv"
    cat.write_text("latin\ttype\tlang\tarabic\n# a comment\nStromae\tartist\tfr\tستروماي|سترومي\n",
                   encoding="utf-8")
    entries = read_catalogue(cat)
    assert entries == [Entry("Stromae", "artist", "fr", ("ستروماي", "سترومي"))]
    index = tmp_path / "index.json"
    runner = CliRunner()
    result = runner.invoke(app, ["catalogue", "build", str(cat), "-o", str(index)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["catalogue", "normalize", "--index", str(index)],
                           input="شغل سترومي\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "شغل Stromae\n"
    bad = tmp_path / "bad.tsv"
    bad.write_text("Stromae\tsinger\n", encoding="utf-8")
    result = runner.invoke(app, ["catalogue", "build", str(bad), "-o", str(tmp_path / "x")])
    assert isinstance(result.exception, InputError) and "unknown type" in str(result.exception)
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.partial").exists()


def test_coarse_classes_merge_letters_of_one_latin_sound() -> None:
    # g: ج غ ق; t: ت ط; a final ة is the vowel a
    assert coarse("جوجل") == coarse("غوغل") == coarse("قوقل")
    assert coarse("فريدة") == coarse("فريدا")
    assert forms("بي. بي. سي.") == forms("بي بي سي")
    same_class = match_score(forms("غوغل"), forms("جوجل"))
    other = match_score(forms("غوغل"), forms("دودل"))
    vowel = match_score(forms("انستغرام"), forms("انستاغرام"))
    assert 0 < same_class < other and 0 < vowel < other


def _renderer(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def render(entry: Entry, k: int) -> list[tuple[str, float]]:
        return [(a, 0.1 * n) for n, a in enumerate(table.get(entry.latin, []))][:k]
    return render


def test_longest_name_wins_over_its_words() -> None:
    cn = CatalogueNormalizer([Entry("Lady Gaga", "artist"), Entry("Gaga", "artist"),
                              Entry("Lyday", "artist")],
                             renderer=_renderer({"Lady Gaga": ["ليدي غاغا"], "Gaga": ["غاغا"],
                                                 "Lyday": ["ليدي"]}))
    assert cn.normalize("شغل ليدي غاغا").text == "شغل Lady Gaga"


def test_ordinary_words_are_not_names() -> None:
    # نوم (sleep) is an everyday word; Nom is rendered exactly as it, but is not taken
    assert "نوم" in ordinary_words()
    cn = CatalogueNormalizer([Entry("Nom", "artist"), Entry("Facebook", "app")],
                             renderer=_renderer({"Nom": ["نوم"], "Facebook": ["فيسبوك"]}))
    assert cn.normalize("وقت النوم نوم").text == "وقت النوم نوم"
    assert cn.normalize("افتح فيسبوك").text == "افتح Facebook"
    # a listed spelling is always taken
    listed = CatalogueNormalizer([Entry("Nom", "artist", "en", ("نوم",))], renderer=_renderer({}))
    assert listed.normalize("شغل نوم").text == "شغل Nom"


def test_grammar_renderings_articles_possessives_initialisms() -> None:
    nile = [a for a, _ in grammar_renderings(Entry("The Nile", "place"), k=16)]
    assert "النيل" in nile or "النايل" in nile
    mcd = [a for a, _ in grammar_renderings(Entry("McDonald's", "brand"), k=16)]
    assert any(a.endswith("دز") for a in mcd) and any(a.endswith("لد") for a in mcd)
    assert grammar_renderings(Entry("C. N. N.", "radio"))[0][0] == "سي ان ان"
    italie = grammar_renderings(Entry("L'Italie", "place", "fr"), k=16)
    assert any(a.startswith("ال") for a, _ in italie)


def test_grammar_index_finds_unseen_spellings() -> None:
    cn = CatalogueNormalizer([Entry("Google", "app"), Entry("Instagram", "app"),
                              Entry("Stromae", "artist", "fr")])
    for arabic, latin in [("جوجل", "Google"), ("قوقل", "Google"), ("انستغرام", "Instagram"),
                          ("ستروماي", "Stromae")]:
        assert cn.entries[cn.lookup(arabic)[0][2]].latin == latin, arabic
    assert cn.normalize("افتح لي انستقرام").text == "افتح لي Instagram"


def test_eval_counts_any_reference_and_names_in_context(cn: CatalogueNormalizer) -> None:
    pairs = [PairCount("ستروماي", "Stromae", 1, ("artist_name",), ("fr",), ("dev",), ("1",)),
             PairCount("ستروماي", "stromae", 1, ("artist_name",), ("en",), ("dev",), ("2",)),
             PairCount("كولدبلاي", "Hello", 1, ("artist_name",), ("en",), ("dev",), ("3",))]
    assert references(pairs) == {"ستروماي": {"stromae"}, "كولدبلاي": {"hello"}}
    from arabic_nlp.text.slots import Span
    text = "شغل ستروماي"
    utt = Utterance(text, (Span("artist_name", 4, 11),), ((4, 11, frozenset({"stromae"})),))
    s = evaluate(cn, pairs, ["وين المطعم الحين"], [utt])
    assert (s.pairs, s.top1, s.top5) == (2, 1, 1)
    assert (s.in_context, s.context_right, s.context_wrong) == (1, 1, 0)
    assert (s.tokens, s.rewritten, s.context_tokens, s.context_other) == (3, 0, 1, 0)
    assert "top-1 50.00%" in s.summary()


_ARABIC_TEXT = st.text(alphabet=st.sampled_from(list("ستروماي كولدبلاهفيسبوكالوب.،\u064e\u0651"))
                       | st.characters(), max_size=40)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ARABIC_TEXT)
def test_normalize_any_text_keeps_everything_but_the_matches(cn: CatalogueNormalizer,
                                                              text: str) -> None:
    try:
        result = cn.normalize(text)
    except InputError:  # a lone surrogate has no UTF-8 form: the one refused input
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in text)
        return
    rebuilt, last = [], 0
    for m in result.matches:
        assert text[m.start:m.end] == m.text and m.start >= last
        rebuilt += [text[last:m.start], m.entry.latin]
        last = m.end
    assert "".join([*rebuilt, text[last:]]) == result.text


def test_index_scores_are_match_score() -> None:
    # the index scores all candidate rows at once; each must equal the one-pair formula
    cn = CatalogueNormalizer([Entry("Google", "app"), Entry("Gogol", "artist")])
    for span in ("جوجل", "قوقل", "غوغول"):
        for score, idx, rendering in cn.candidates(span):
            cost = dict(cn.renderings[idx])[rendering]
            assert score == pytest.approx(match_score(forms(span), forms(rendering), cost),
                                          abs=1e-5)
