"""The scikit-learn NLU peer on tiny fixtures: offsets, languages, bad input, save/load, CLI."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.data.massive import Example, read_examples
from arabic_nlp.errors import InputError
from arabic_nlp.interpreters import FAILED, load_system
from arabic_nlp.interpreters.sklearn_peer import (
    SklearnInterpreter,
    allowed_transitions,
    check_lang,
    detect_lang,
    train_from_dir,
    viterbi,
    word_tokens,
)
from arabic_nlp.models import Parse
from arabic_nlp.text.tokens import detokenize

pytest.importorskip("sklearn")

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nlu"


@pytest.fixture(scope="module")
def peer() -> SklearnInterpreter:
    return train_from_dir(FIXTURES)


def _check_offsets(text: str, parse: Parse) -> None:
    for slot in parse.slots:
        assert 0 <= slot.start < slot.end <= len(text)
        assert text[slot.start:slot.end] == slot.value
        assert 0.0 <= slot.score <= 1.0
    assert 0.0 <= parse.intent_score <= 1.0


def test_parses_training_sentences(peer: SklearnInterpreter) -> None:
    assert peer.langs == ["ar", "en", "fr"]
    p = peer.parse("شغل فيروز", "ar")
    assert (p.intent, p.lang) == ("play_music", "ar")
    assert [(s.type, s.value, s.start, s.end) for s in p.slots] == [("artist_name", "فيروز", 4, 9)]
    p = peer.parse("set an alarm for six am", "en")
    assert p.intent == "alarm_set"
    assert [(s.type, s.value) for s in p.slots] == [("time", "six am")]


def test_offsets_index_the_original_text(peer: SklearnInterpreter) -> None:
    # diacritics, tatweel, doubled spaces, a leading space: offsets still index this string
    text = "  شَغّـل   فَيروز"
    p = peer.parse(text, "ar")
    _check_offsets(text, p)
    assert p.intent == "play_music"
    assert [s.value for s in p.slots] == ["فَيروز"]
    text = "  quel temps  fait-il à   paris demain"
    p = peer.parse(text)
    assert p.lang == "fr"
    _check_offsets(text, p)


def test_possessive_suffix_is_a_token(peer: SklearnInterpreter) -> None:
    p = peer.parse("سكر النور في غرفتي", "ar")
    assert "+ي" in p.tokens
    _check_offsets("سكر النور في غرفتي", p)


def test_language_detection() -> None:
    assert detect_lang("شغل أغنية Stromae") == "ar"
    assert detect_lang("quelle heure est-il à Montréal") == "fr"
    assert detect_lang("réveille-moi") == "fr"
    assert detect_lang("what time is it in Paris") == "en"
    assert detect_lang("Привет, как дела?") is None
    assert detect_lang("123 !!") is None
    assert check_lang("ar-SA") == "ar"
    with pytest.raises(InputError, match="unknown lang 'de'; use one of: ar, fr, en"):
        check_lang("de")


@pytest.mark.parametrize(("text", "lang", "message"), [
    ("", None, "text is empty"),
    ("   \n", "ar", "text is empty"),
    ("شغل فيروز", "de", "unknown lang 'de'; use one of: ar, fr, en"),
    ("Привет, как дела?", None, "cannot detect the language"),
    ("abc\ud800", "en", "lone surrogate"),
])
def test_bad_input_is_a_clear_error(peer: SklearnInterpreter, text: str, lang: str | None,
                                    message: str) -> None:
    with pytest.raises(InputError, match=message):
        peer.parse(text, lang)


def test_odd_input_still_parses(peer: SklearnInterpreter) -> None:
    with pytest.raises(InputError, match="must be a str"):
        peer.parse(42, "ar")  # type: ignore[arg-type]
    for text, lang in (("Привет, как дела?", "ar"), ("Привет", "en"), ("!!! ???", "fr"),
                       ("😀 ١٢٣", "ar")):
        p = peer.parse(text, lang)
        assert isinstance(p, Parse)
        _check_offsets(text, p)
    long_text = ("شغل أغنيتي المفضلة لفيروز " * 400)[:10_000]
    started = time.perf_counter()
    p = peer.parse(long_text)
    assert time.perf_counter() - started < 30
    assert p.lang == "ar"
    _check_offsets(long_text, p)


def _arabic_examples() -> list[Example]:
    return read_examples(FIXTURES / "ar-SA.train.jsonl")


def test_missing_language_model() -> None:
    only_ar = SklearnInterpreter.train({"ar-SA": _arabic_examples()})
    with pytest.raises(InputError, match=r"no 'fr' model .*has: ar"):
        only_ar.parse("joue stromae", "fr")
    with pytest.raises(InputError, match="no 'en' model"):
        only_ar.parse("play adele")  # detected as English


def test_training_errors() -> None:
    with pytest.raises(InputError, match="unknown lang"):
        SklearnInterpreter.train({"xx": _arabic_examples()})
    with pytest.raises(InputError, match="no training examples"):
        SklearnInterpreter.train({"ar": []})
    one_intent = [ex for ex in _arabic_examples() if ex.intent == "play_music"]
    with pytest.raises(InputError, match="at least two intents"):
        SklearnInterpreter.train({"ar": one_intent})
    extra = [Example("x", "de-DE", "train", "play_music", "play", "spiel", ())]
    with pytest.raises(InputError, match="unknown lang 'de-DE'"):
        train_from_dir(FIXTURES, ["ar"], extra)
    extra = [Example("x", "fr-FR", "train", "play_music", "play", "joue", ())]
    with pytest.raises(InputError, match="not being trained"):
        train_from_dir(FIXTURES, ["ar"], extra)


def test_save_and_load(peer: SklearnInterpreter, tmp_path: Path) -> None:
    saved = peer.save(tmp_path / "peer")
    assert (saved / "model.joblib").is_file() and (saved / "meta.json").is_file()
    again = SklearnInterpreter.load(saved)
    for text in ("كيف الطقس بجدة بكرة", "play adele", "mets stromae"):
        assert again.parse(text) == peer.parse(text)
    with pytest.raises(InputError, match=r"no model\.joblib"):
        SklearnInterpreter.load(tmp_path / "nothing")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "model.joblib").write_bytes(b"not a pickle")
    with pytest.raises(InputError, match=r"cannot load|not a format"):
        SklearnInterpreter.load(tmp_path / "bad")


def test_word_tokens_tile_the_text() -> None:
    for text in ("l'heure d'été, s'il te plaît", "  what's the time?  ", "", "   ",
                 "qu'il pleuve à 7:30"):
        tokens = word_tokens(text)
        assert detokenize(tokens) == text
    assert [t.text for t in word_tokens("l'heure qu'il fait")] == ["l'", "heure", "qu'", "il",
                                                                    "fait"]


def test_viterbi_obeys_bio() -> None:
    tags = ["B-x", "I-x", "O"]
    ok = allowed_transitions(tags)
    assert not ok[3, 1]  # no I-x at the start
    assert not ok[2, 1]  # no I-x after O
    assert ok[0, 1] and ok[1, 1]
    scores = np.array([[0.0, 1.0, 0.2], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    path = viterbi(scores, ok)
    assert [tags[i] for i in path] == ["B-x", "I-x", "O"]
    assert viterbi(np.zeros((0, 3)), ok) == []


def test_load_system(peer: SklearnInterpreter, tmp_path: Path) -> None:
    peer.save(tmp_path / "p")
    system = load_system(f"sklearn:{tmp_path / 'p'}")
    intent, spans = system.parse("شغل فيروز", "ar-SA")
    assert intent == "play_music" and spans
    assert load_system(str(tmp_path / "p")).name == "sklearn:p"
    refused = system.parse("", "ar-SA")
    assert refused == (FAILED, []) and system.errors == 1 and "empty" in system.first_error
    with pytest.raises(InputError, match="unknown interpreter 'nope'"):
        load_system("nope")


def test_cli_train_and_eval(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "peer"
    result = runner.invoke(app, ["train", "nlu-peer", "--data-dir", str(FIXTURES),
                                 "--out", str(out), "--lang", "ar", "--lang", "en"])
    assert result.exit_code == 0, result.output
    png = tmp_path / "conf.png"
    args = ["eval", "nlu", "--data", str(FIXTURES / "ar-SA.train.jsonl"),
            "--data", str(FIXTURES / "en-US.train.jsonl"), "--system", f"sklearn:{out}",
            "--system", str(out)]
    if __import__("importlib").util.find_spec("matplotlib") is not None:
        args += ["--confusion", str(png)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    for word in ("ar-SA", "en-US", "all", "intent acc", "slot F1", "exact match"):
        assert word in result.output
    if "--confusion" in args:
        assert png.read_bytes()[:4] == b"\x89PNG"
