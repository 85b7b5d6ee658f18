"""Batched, windowed, constrained inference (numpy; the network is a callable).

The same code serves the ONNX model (onnxruntime) and, during training, the
torch model, so the validation numbers seen while training are those of the
shipped inference path.

* Every text is cut into context windows (``windows.context_windows``), all
  windows of a batch call are sorted by length and run in batches of a bounded
  number of characters (padding is small, memory does not grow with the input).
* Decoding is constrained: a letter that already carries harakat in the input
  can only get a class compatible with them (input shaddah -> one of the
  shaddah classes; input fatha -> fatha or shaddah+fatha).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from arabic_nlp.neural.diacritizer.encoding import (
    NUM_CLASSES,
    Units,
    Vocab,
    allowed_classes,
    harakat_of,
    marks_to_class,
    model_bases,
    other_marks_of,
    split_units,
)
from arabic_nlp.neural.diacritizer.windows import context_windows
from arabic_nlp.text.diacritics import CLASSES

#: (batch, length) int64 ids -> (batch, length, classes) float scores
Runner = Callable[[npt.NDArray[np.int64]], npt.NDArray[np.float32]]


@dataclass(frozen=True)
class InferenceSettings:
    """How text is windowed and batched (saved with a shipped model)."""

    window: int = 400
    overlap: int = 48
    #: padded characters per batch; attention memory grows with batch_chars x window
    #: (4096 x 256: ~140 MB peak on a 100k-character line; 12000: ~370 MB, no faster)
    batch_chars: int = 4096
    max_batch: int = 64


def predict_scores(bases_list: Sequence[str], vocab: Vocab, run: Runner,
                   settings: InferenceSettings) -> list[npt.NDArray[np.float32]]:
    """Class scores (length, 15) for every character of every string.

    Strings without a single letter are not sent to the network at all
    (their scores stay zero, i.e. class "none").
    """
    out: list[npt.NDArray[np.float32]] = []
    jobs: list[tuple[int, int, int, int, int]] = []  # len, text, start, core_start, core_end
    ids_of: list[npt.NDArray[np.int64]] = []
    letters = vocab.letter_ids
    for t, bases in enumerate(bases_list):
        out.append(np.zeros((len(bases), NUM_CLASSES), dtype=np.float32))
        ids = vocab.encode(bases)
        ids_of.append(ids)
        if not letters[ids].any():
            continue
        for w in context_windows(bases, settings.window, settings.overlap):
            jobs.append((w.end - w.start, t, w.start, w.core_start, w.core_end))
    jobs.sort()
    i = 0
    while i < len(jobs):
        j = i
        longest = jobs[i][0]
        while j < len(jobs) and j - i < settings.max_batch and \
                (j - i + 1) * max(longest, jobs[j][0]) <= max(settings.batch_chars, jobs[j][0]):
            longest = max(longest, jobs[j][0])
            j += 1
        batch = jobs[i:j]
        arr = np.zeros((len(batch), longest), dtype=np.int64)
        for r, (n, t, start, _, _) in enumerate(batch):
            arr[r, :n] = ids_of[t][start:start + n]
        scores = run(arr)
        for r, (_, t, start, cs, ce) in enumerate(batch):
            out[t][cs:ce] = scores[r, cs - start:ce - start]
        i = j
    return out


def decode_units(units: Units, scores: npt.NDArray[np.float32], vocab: Vocab) -> str:
    """Text with the best class allowed for each letter written after it.

    Non-letters and letters whose input marks name no single class keep their
    input marks verbatim; a letter keeps its other combining marks (maddah,
    hamza above/below, dagger alef) after the chosen harakat.
    """
    bases = units.bases
    is_letter = vocab.letter_ids[vocab.encode(model_bases(units))]
    if not units.has_marks:
        best = scores.argmax(axis=-1) if len(bases) else np.zeros(0, dtype=np.int64)
        return "".join(ch + CLASSES[c] if ok else ch
                       for ch, ok, c in zip(bases, is_letter.tolist(), best.tolist(),
                                            strict=True))
    pieces: list[str] = []
    for i, ch in enumerate(bases):
        marks = units.marks[i]
        if not is_letter[i]:
            pieces.append(ch + marks)
            continue
        if not marks:
            pieces.append(ch + CLASSES[int(scores[i].argmax())])
            continue
        harakat = harakat_of(marks)
        if harakat and marks_to_class(harakat) is None:
            pieces.append(ch + marks)
            continue
        allowed = allowed_classes(harakat)
        row = np.where(allowed, scores[i], -np.inf)
        pieces.append(ch + CLASSES[int(row.argmax())] + other_marks_of(marks))
    return "".join(pieces)


def diacritize_texts(texts: Sequence[str], vocab: Vocab, run: Runner,
                     settings: InferenceSettings) -> list[str]:
    """Diacritize many texts with one sorted, batched pass over their windows."""
    units = [split_units(t) for t in texts]
    scores = predict_scores([model_bases(u) for u in units], vocab, run, settings)
    return [decode_units(u, s, vocab) for u, s in zip(units, scores, strict=True)]
