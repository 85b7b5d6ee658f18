"""The project's own diacritizer: label encoding, windows, training, ONNX export, inference.

A tiny config (configs/diacritizer/tiny.toml) trains on the fixture lines in
seconds; its exported model serves the inference tests, so they do not depend
on the shipped weights.  Nothing here reads the shared data folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
pytest.importorskip("onnxruntime")

from typer.testing import CliRunner  # noqa: E402

from arabic_nlp.cli import app  # noqa: E402
from arabic_nlp.errors import InputError  # noqa: E402
from arabic_nlp.neural.diacritizer import (  # noqa: E402
    DEFAULT_MODEL_DIR,
    OnnxDiacritizer,
    load_default,
)
from arabic_nlp.neural.diacritizer.config import (  # noqa: E402
    DATA_ENV,
    config_from_dict,
    load_config,
)
from arabic_nlp.neural.diacritizer.encoding import (  # noqa: E402
    ARABIC_LETTERS,
    IGNORE,
    allowed_classes,
    decode,
    default_vocab,
    encode_diacritized,
    marks_to_class,
)
from arabic_nlp.neural.diacritizer.infer import (  # noqa: E402
    InferenceSettings,
    diacritize_texts,
)
from arabic_nlp.neural.diacritizer.windows import context_windows, pack_spans  # noqa: E402
from arabic_nlp.text.diacritics import CLASSES, SHADDA, strip_diacritics  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "configs" / "diacritizer" / "tiny.toml"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diacritizer"
FATHA, DAMMA, KASRA = "\u064e", "\u064f", "\u0650"
VOCAB = default_vocab()

# ------------------------------------------------------------------ encoding

_units = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(ARABIC_LETTERS), st.integers(0, len(CLASSES) - 1)),
        st.tuples(st.sampled_from(" .،0a؟"), st.just(-1)),
    ),
    max_size=60,
)


@given(_units)
@settings(max_examples=150, deadline=None)
def test_labels_round_trip(units: list[tuple[str, int]]) -> None:
    text = "".join(ch + (CLASSES[c] if c >= 0 else "") for ch, c in units)
    enc = encode_diacritized(text, VOCAB, mask_bare_words=False)
    assert enc.bases == "".join(ch for ch, _ in units)
    assert enc.labels.tolist() == [c if c >= 0 else IGNORE for _, c in units]
    assert decode(enc.bases, np.maximum(enc.labels, 0), VOCAB) == text


def test_mark_order_is_normalised_and_bare_words_are_not_labelled() -> None:
    assert marks_to_class(FATHA + SHADDA) == marks_to_class(SHADDA + FATHA) == CLASSES.index(
        SHADDA + FATHA)
    assert marks_to_class(FATHA + KASRA) is None
    enc = encode_diacritized("ذَهَبَ صلى الله", VOCAB)
    assert enc.labels[:3].tolist() == [1, 1, 1]
    assert (enc.labels[4:] == IGNORE).all()  # an unannotated formula is not "no mark"


def test_allowed_classes_follow_input_marks() -> None:
    def names(marks: str) -> set[str]:
        return {CLASSES[i] for i in np.flatnonzero(allowed_classes(marks))}

    assert names(SHADDA) == {c for c in CLASSES if c.startswith(SHADDA)}
    assert names(FATHA) == {FATHA, SHADDA + FATHA}
    assert names(SHADDA + DAMMA) == {SHADDA + DAMMA}
    assert names("") == set(CLASSES)


def test_gulf_letters_read_as_msa_letters() -> None:
    assert VOCAB.encode("چ").tolist() == VOCAB.encode("ك").tolist()
    assert VOCAB.encode("گ").tolist() == VOCAB.encode("ق").tolist()
    assert VOCAB.encode("x\ud800").tolist() == [3, 1]  # Latin, lone surrogate -> UNK


# ------------------------------------------------------------------- windows

@given(st.text(alphabet="اب تث،.", max_size=400), st.integers(8, 64), st.integers(0, 12))
@settings(max_examples=150, deadline=None)
def test_windows_tile_the_text(text: str, max_len: int, overlap: int) -> None:
    spans = pack_spans(text, max_len)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(0 < e - s <= max_len for s, e in spans)
    wins = context_windows(text, max_len, overlap)
    assert "".join(text[w.core_start:w.core_end] for w in wins) == text
    for w in wins:
        assert w.start <= w.core_start <= w.core_end <= w.end
        assert w.end - w.start <= max_len


def test_windows_cut_at_clause_punctuation() -> None:
    text = "ذهب الولد إلى المدرسة، ثم عاد إلى البيت. وأكل طعامه"
    spans = pack_spans(text, 30)
    assert text[: spans[0][1]].endswith("،")


# --------------------------------------------------------- constrained decoding

def _always(cls: int):  # type: ignore[no-untyped-def]
    def run(ids: np.ndarray) -> np.ndarray:
        scores = np.zeros((*ids.shape, len(CLASSES)), dtype=np.float32)
        scores[..., cls] = 5.0
        scores[..., CLASSES.index(SHADDA + FATHA)] = 4.0
        return scores
    return run


def test_decoding_keeps_and_obeys_input_marks() -> None:
    s = InferenceSettings(window=64, overlap=8)
    kasra = CLASSES.index(KASRA)
    (out,) = diacritize_texts(["كتب"], VOCAB, _always(kasra), s)
    assert out == "ك" + KASRA + "ت" + KASRA + "ب" + KASRA
    # fatha given: kasra is not allowed; fatha or shaddah+fatha (scored higher here) is
    (out,) = diacritize_texts(["ك" + FATHA + "تب"], VOCAB, _always(kasra), s)
    assert out == "ك" + SHADDA + FATHA + "ت" + KASRA + "ب" + KASRA
    # shaddah given: only the shaddah classes (shaddah+fatha is the best of them here)
    (out,) = diacritize_texts(["كت" + SHADDA + "ب"], VOCAB, _always(kasra), s)
    assert out == "ك" + KASRA + "ت" + SHADDA + FATHA + "ب" + KASRA
    # non-letters never get marks; their own marks pass through
    (out,) = diacritize_texts(["a" + FATHA + " 1"], VOCAB, _always(kasra), s)
    assert out == "a" + FATHA + " 1"


# ------------------------------------------------------- training and export

@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Train the tiny config with the CLI (6 steps) and export it."""
    out = tmp_path_factory.mktemp("tiny")
    mp = pytest.MonkeyPatch()
    mp.setenv(DATA_ENV, str(FIXTURES))
    torch.set_num_threads(1)
    result = CliRunner().invoke(app, ["train", "diacritizer", "--config", str(TINY),
                                      "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    yield out
    mp.undo()


def test_training_exports_an_onnx_model_equal_to_torch(tiny_run: Path) -> None:
    from arabic_nlp.neural.diacritizer.export import max_abs_difference
    from arabic_nlp.neural.diacritizer.model import build_model

    model_dir = tiny_run / "model"
    assert {"model.onnx", "model.fp32.onnx", "vocab.json", "metrics.json"} <= {
        p.name for p in model_dir.iterdir()}
    cfg = load_config(TINY)
    ck = torch.load(tiny_run / "best.pt", map_location="cpu", weights_only=False)
    model = build_model(cfg.model, VOCAB.size)
    model.load_state_dict(ck["model"])
    assert max_abs_difference(model, model_dir / "model.fp32.onnx", VOCAB.size) < 1e-4
    metrics = json.loads((model_dir / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["fp32"]) == {"val", "wikinews"}
    history = [json.loads(line) for line in
               (tiny_run / "history.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [h["step"] for h in history] == [3, 6]


def test_resume_continues_at_the_same_step(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from arabic_nlp.neural.diacritizer.train import train

    monkeypatch.setenv(DATA_ENV, str(FIXTURES))
    torch.set_num_threads(1)
    cfg = load_config(TINY)
    cfg.export.enabled = False
    cfg.train.eval_every = 0
    first = train(cfg, tmp_path / "a", quiet=True, stop_after=3)
    assert first.step == 3
    second = train(cfg, tmp_path / "a", quiet=True)
    assert (second.start_step, second.step) == (3, 6)
    straight = train(cfg, tmp_path / "b", quiet=True)
    a = torch.load(tmp_path / "a" / "last.pt", weights_only=False)["model"]
    b = torch.load(tmp_path / "b" / "last.pt", weights_only=False)["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)  # resuming changes nothing
    assert straight.step == 6


def test_bilstm_is_batch_invariant_and_exports(tmp_path: Path) -> None:
    from arabic_nlp.neural.diacritizer.config import ModelConfig
    from arabic_nlp.neural.diacritizer.export import export_onnx, max_abs_difference
    from arabic_nlp.neural.diacritizer.model import build_model

    torch.manual_seed(0)
    model = build_model(ModelConfig(arch="bilstm", d_model=16, layers=2, embed=8, heads=2),
                        VOCAB.size).eval()
    ids = torch.from_numpy(VOCAB.encode("ذهب الولد إلى المدرسة"))[None]
    padded = torch.cat([ids, torch.zeros(1, 9, dtype=torch.long)], dim=1)
    with torch.no_grad():
        alone, in_batch = model(ids), model(padded)[:, : ids.shape[1]]
    assert torch.allclose(alone, in_batch, atol=1e-6)  # padding never reaches the LSTM
    export_onnx(model, tmp_path / "m.onnx", VOCAB.size)
    assert max_abs_difference(model, tmp_path / "m.onnx", VOCAB.size) < 1e-4


def test_config_errors_name_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[model]\nlayrs = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.toml: \[model\]: unknown key 'layrs'"):
        load_config(bad)
    with pytest.raises(InputError, match=r"\[train\]\.lr: expected float"):
        config_from_dict({"train": {"lr": "fast"}}, "x.toml")


# ----------------------------------------------------------------- inference

@pytest.fixture(scope="module")
def tiny_model(tiny_run: Path) -> OnnxDiacritizer:
    return OnnxDiacritizer(tiny_run / "model", threads=1)


BAD_INPUTS = ["", "hello world", "\u064e\u0651", "Hello مرحبا 123 world!",
              "ذَهَبَ الْوَلَدُ", "\ud800ب", "ا\u0653لة", " \n\t "]


def test_bad_input_never_crashes_and_keeps_the_letters(tiny_model: OnnxDiacritizer) -> None:
    outs = tiny_model.diacritize(BAD_INPUTS)
    assert [strip_diacritics(o) for o in outs] == [strip_diacritics(t) for t in BAD_INPUTS]
    assert outs[0] == "" and outs[1] == "hello world" and outs[2] == "\u064e\u0651"
    assert outs[4] == "ذَهَبَ الْوَلَدُ"  # already diacritized: unchanged
    with pytest.raises(InputError):
        tiny_model.diacritize("a string, not a list")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"texts\[1\]"):
        tiny_model.diacritize(["ok", None])  # type: ignore[list-item]


def test_long_line_runs_in_bounded_batches(tiny_model: OnnxDiacritizer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("ذهب الولد إلى المدرسة، ثم عاد " * 3500)[:100_000]
    shapes: list[tuple[int, ...]] = []
    real = tiny_model._run

    def spy(ids: np.ndarray) -> np.ndarray:
        shapes.append(ids.shape)
        return real(ids)

    monkeypatch.setattr(tiny_model, "_run", spy)
    (out,) = tiny_model.diacritize([text])
    assert strip_diacritics(out) == text
    budget = tiny_model.settings.batch_chars
    assert len(shapes) > 10 and max(b * n for b, n in shapes) <= budget
    assert max(n for _, n in shapes) <= tiny_model.settings.window


# ------------------------------------------------------------ shipped model

@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "vocab.json").is_file(),
                    reason="no shipped default model in this checkout")
def test_shipped_default_loads_through_the_registry_and_handles_gulf_words() -> None:
    from arabic_nlp.models import load

    d = load("diacritizer", "default")
    assert d is load_default()
    gulf = ["الحين", "زين", "أبي", "وايد", "چذي"]
    outs = d.diacritize(["ذهب الولد إلى المدرسة", " ".join(gulf), ""])
    assert strip_diacritics(outs[0]) == "ذهب الولد إلى المدرسة" and outs[0] != outs[0][:0]
    words = outs[1].split()
    assert [strip_diacritics(w) for w in words] == gulf
    assert all(any(m in w for m in (FATHA, DAMMA, KASRA, SHADDA, "\u0652")) for w in words)
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size <= 20 * 1024 * 1024
