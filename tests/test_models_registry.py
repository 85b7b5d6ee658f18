"""The model interfaces and the entry-point registry; peer adapters when they are installed."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Sequence
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import arabic_nlp.models as models
from arabic_nlp.errors import InputError
from arabic_nlp.models import (
    Audio,
    Diacritizer,
    Interpreter,
    Parse,
    Recognizer,
    Slot,
    Synthesizer,
    Transcript,
    available,
    load,
)
from arabic_nlp.text.diacritics import strip_diacritics

BUILT_IN = {"default", "mishkal", "text2tashkeel", "text2tashkeel-rawi-v2-int8",
            "piper-libtashkeel", "arabic-diacritizer"}


def test_built_in_diacritizers_are_registered() -> None:
    assert BUILT_IN <= set(available("diacritizer"))
    assert available("synthesizer") == [] or isinstance(available("synthesizer"), list)


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown diacritizer 'nope'; known: .*mishkal"):
        load("diacritizer", "nope")


def test_unknown_kind() -> None:
    with pytest.raises(InputError, match="unknown model kind 'vocoder'"):
        load("vocoder")


def test_default_loads_or_says_why() -> None:
    try:
        d = load("diacritizer")
    except InputError as exc:  # the model or its extra is not installed here
        assert str(exc)
    else:
        assert isinstance(d, Diacritizer)


def test_protocols_are_structural() -> None:
    class Mine:
        def diacritize(self, texts: Sequence[str]) -> list[str]:
            return list(texts)

    assert isinstance(Mine(), Diacritizer)
    assert not isinstance(Mine(), Synthesizer)
    assert not isinstance(object(), (Recognizer, Interpreter))


def test_dataclasses_are_frozen() -> None:
    slot = Slot("song", "Stromae", 5, 12, 0.9)
    parse = Parse("play_music", 0.97, (slot,), "ar", ("شغل", "Stromae"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse.intent = "x"  # type: ignore[misc]
    assert Transcript("محمّد").score == 1.0
    assert Audio((0.0, 0.1), 16000).sample_rate == 16000


FAKE = '''
class Good:
    def __init__(self, suffix=""):
        self.suffix = suffix
    def diacritize(self, texts):
        return [t + self.suffix for t in texts]

def good(**kwargs):
    return Good(**kwargs)

def needs_missing_package(**kwargs):
    import a_package_that_is_not_installed  # noqa: F401

def not_a_diacritizer(**kwargs):
    return object()
'''


@pytest.fixture()
def fake_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / "fake_impls.py").write_text(FAKE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    eps = [EntryPoint("good", "fake_impls:good", "arabic_nlp.diacritizers"),
           EntryPoint("missing-dep", "fake_impls:needs_missing_package",
                      "arabic_nlp.diacritizers"),
           EntryPoint("missing-module", "not_a_module_here:load", "arabic_nlp.diacritizers"),
           EntryPoint("missing-function", "fake_impls:nothing", "arabic_nlp.diacritizers"),
           EntryPoint("in-project", "arabic_nlp.no_such_module:load", "arabic_nlp.diacritizers"),
           EntryPoint("wrong-type", "fake_impls:not_a_diacritizer", "arabic_nlp.diacritizers")]
    monkeypatch.setattr(models, "entry_points",
                        lambda group: eps if group == "arabic_nlp.diacritizers" else [])
    yield
    sys.modules.pop("fake_impls", None)


def test_load_passes_kwargs(fake_group: None) -> None:
    d = load("diacritizer", "good", suffix="!")
    assert d.diacritize(["كتب"]) == ["كتب!"]


@pytest.mark.parametrize(("name", "message"), [
    ("missing-dep", "needs 'a_package_that_is_not_installed', which is not installed"),
    ("missing-module", "needs 'not_a_module_here'"),
    ("missing-function", "that function is not part of this installation"),
    ("in-project", "arabic_nlp.no_such_module is not part of this installation"),
    ("wrong-type", "does not implement the Diacritizer interface"),
])
def test_load_failures_are_input_errors(fake_group: None, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load("diacritizer", name)


def test_peer_install_hint() -> None:
    ep = EntryPoint("x", "arabic_nlp.diacritizers.peers:load_mishkal", "arabic_nlp.diacritizers")
    assert "arabic-nlp[peers]" in models._install_hint(ep)
    ep = EntryPoint("x", "arabic_nlp.neural.diacritizer:load_default", "arabic_nlp.diacritizers")
    assert "arabic-nlp[neural]" in models._install_hint(ep)


# ------------------------------------------------------------------ peers (when installed)

BAD_INPUTS = ["", "Hello, world!", "\u064e", "a\u064f b", "كَتَبَ الْوَلَدُ الدَّرْسَ",
              "\u202bشغل Stromae على Spotify\u202c الساعة 7:30", "١٢٣ ، !",
              "محمّد آمن بالقرآن", "الحين الجو زين وايد، چذي أحسن"]

PEERS = [("mishkal", "mishkal"), ("text2tashkeel", "text2tashkeel"),
         ("text2tashkeel-rawi-v2-int8", "text2tashkeel"),
         ("piper-libtashkeel", "piper.tashkeel"), ("arabic-diacritizer", "diacritize")]


@pytest.mark.parametrize(("name", "module"), PEERS)
def test_peer_obeys_the_passthrough_rule(name: str, module: str) -> None:
    pytest.importorskip(module)
    kwargs = {} if name == "mishkal" else {"threads": 1}
    d = load("diacritizer", name, **kwargs)
    out = d.diacritize(BAD_INPUTS)
    assert len(out) == len(BAD_INPUTS)
    for x, y in zip(BAD_INPUTS, out, strict=True):
        assert strip_diacritics(y) == strip_diacritics(x)
    assert out[4] == BAD_INPUTS[4]          # fully diacritized: unchanged
    assert "ّ" in out[7] and "آ" in out[7]   # shaddah and maddah of ASR text kept
    assert out[8] != BAD_INPUTS[8]          # Gulf words get vowels
