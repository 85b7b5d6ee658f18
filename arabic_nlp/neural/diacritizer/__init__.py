"""The project's own diacritizer: a character transformer served with onnxruntime.

>>> from arabic_nlp.neural.diacritizer import load_default
>>> d = load_default()
>>> d.diacritize(["ذهب الولد الى المدرسة"])   # doctest: +SKIP

Inference needs numpy and onnxruntime only; training (``train``) and export
(``export``) need torch.  A model folder holds ``model.onnx`` (the network,
int8-quantized when that cost no accuracy), ``vocab.json`` (alphabet, classes
and windowing settings) and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from arabic_nlp.errors import InputError
from arabic_nlp.neural.diacritizer.encoding import Vocab
from arabic_nlp.neural.diacritizer.infer import InferenceSettings, diacritize_texts

__all__ = ["DEFAULT_MODEL_DIR", "OnnxDiacritizer", "load_default"]

DEFAULT_MODEL_DIR = (Path(__file__).resolve().parents[2]
                     / "resources" / "models" / "diacritizer" / "default")
#: Texts of one call are processed in groups of about this many characters,
#: so a huge batch does not hold every window's scores at once.
_GROUP_CHARS = 200_000


def _final_guard(originals: Sequence[str], predicted: list[str]) -> list[str]:
    """The passthrough rule of ``arabic_nlp.text.diacritics`` as a last check."""
    try:
        from arabic_nlp.text.diacritics import apply_constraints
    except ImportError:  # pragma: no cover - module of a sibling component
        return predicted
    return [apply_constraints(o, p) for o, p in zip(originals, predicted, strict=True)]


class OnnxDiacritizer:
    """Adds harakat to Arabic text with an exported diacritizer network.

    Base characters of the output equal those of the input; harakat already in
    the input are kept and constrain the prediction; non-Arabic text passes
    through.  Threads: ``threads`` onnxruntime intra-op threads (1 = the
    single-thread figures of the model card).  One instance may be shared by
    threads (onnxruntime sessions are thread-safe).
    """

    def __init__(self, model_dir: str | Path, *, threads: int = 1,
                 model_file: str | None = None) -> None:
        self.model_dir = Path(model_dir)
        vocab_path = self.model_dir / "vocab.json"
        try:
            meta: dict[str, Any] = json.loads(vocab_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{vocab_path}: diacritizer model folder has no vocab.json") \
                from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{vocab_path}: unreadable ({exc})") from None
        self.vocab = Vocab.from_json(meta, str(vocab_path))
        inf = dict(meta.get("inference", {}))
        try:
            self.settings = InferenceSettings(**inf)
        except TypeError as exc:
            raise InputError(f"{vocab_path}: field 'inference': {exc}") from None
        name = model_file or str(meta.get("model_file", "model.onnx"))
        self.model_path = self.model_dir / name
        if not self.model_path.is_file():
            raise InputError(f"{self.model_path}: model file missing (named by {vocab_path} "
                             f"field 'model_file')")
        self.meta = meta
        self.threads = threads
        self._session: Any = None
        self._lock = threading.Lock()

    @property
    def session(self) -> Any:
        """The onnxruntime session, created on first use."""
        if self._session is None:
            with self._lock:
                if self._session is None:
                    import onnxruntime as ort  # type: ignore[import-not-found, unused-ignore]

                    opts = ort.SessionOptions()
                    opts.intra_op_num_threads = self.threads
                    opts.inter_op_num_threads = 1
                    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                    opts.log_severity_level = 3
                    self._session = ort.InferenceSession(
                        str(self.model_path), sess_options=opts,
                        providers=["CPUExecutionProvider"])
        return self._session

    def _run(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        out = self.session.run(["logits"], {"ids": ids})[0]
        return np.asarray(out, dtype=np.float32)

    def diacritize(self, texts: Sequence[str]) -> list[str]:
        """Diacritize many texts at once (the ``models.Diacritizer`` interface).

        The windows of all texts are sorted and batched by length, so a list of
        short utterances runs as a few large matrix products.
        """
        if isinstance(texts, str):
            raise InputError("diacritize() takes a list of texts; use diacritize_text() "
                             "for one string")
        items = list(texts)
        for i, t in enumerate(items):
            if not isinstance(t, str):
                raise InputError(f"texts[{i}]: expected str, got {type(t).__name__}")
        out: list[str] = []
        for group in _groups(items):
            pred = diacritize_texts(group, self.vocab, self._run, self.settings)
            out.extend(_final_guard(group, pred))
        return out

    def diacritize_text(self, text: str) -> str:
        """One text with predicted harakat (see the class docstring)."""
        return self.diacritize([text])[0]

    def __call__(self, text: str) -> str:
        return self.diacritize_text(text)


def _groups(items: list[str]) -> Iterator[list[str]]:
    group: list[str] = []
    size = 0
    for t in items:
        if group and size + len(t) > _GROUP_CHARS:
            yield group
            group, size = [], 0
        group.append(t)
        size += len(t)
    if group:
        yield group


def load_default(threads: int = 1) -> OnnxDiacritizer:
    """The shipped default model (no network access; one instance per ``threads``).

    Registered as entry point ``default`` of group ``arabic_nlp.diacritizers``,
    so ``arabic_nlp.models.load("diacritizer", "default")`` returns it.
    """
    if not isinstance(threads, int) or threads < 0:
        raise InputError(f"threads must be a non-negative int (0 = onnxruntime's choice), "
                         f"got {threads!r}")
    return _load_default(threads)


@lru_cache(maxsize=4)
def _load_default(threads: int) -> OnnxDiacritizer:
    return OnnxDiacritizer(DEFAULT_MODEL_DIR, threads=threads)
