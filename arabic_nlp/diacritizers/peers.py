"""Other pip-installable diacritizers behind our ``Diacritizer`` interface, for comparison.

Each adapter imports its package only when built (extra ``peers``; a missing one is
an ``InputError`` naming the pip package), feeds it the text in segments of at most
``max_chars`` characters cut at clause punctuation or spaces (the peers are trained
on sentences, and some cannot take long input), and passes its raw output through
``apply_constraints``, so every peer obeys the same passthrough rule as ours.
A segment on which the peer raises comes back undiacritized and is counted in
``failures``; no input makes an adapter crash.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from arabic_nlp.errors import InputError
from arabic_nlp.text.diacritics import apply_constraints, is_arabic_letter, strip_diacritics

__all__ = [
    "ArabicDiacritizerPeer",
    "MishkalPeer",
    "PeerDiacritizer",
    "PiperLibtashkeelPeer",
    "Text2TashkeelPeer",
    "segments",
]

_CLAUSE_END = re.compile(r"[.!?؟؛;:،,)\]}»]+\s+|\n+")
_SPACE = re.compile(r"\s+")


def segments(text: str, max_chars: int) -> list[str]:
    """Consecutive pieces of ``text`` (joined, they give it back) of at most ``max_chars``.

    A piece ends after clause punctuation where it can, else after a space, else
    (a run with no space longer than ``max_chars``) at exactly ``max_chars``.
    """
    if max_chars < 1:
        raise InputError(f"max_chars must be at least 1, got {max_chars}")
    if len(text) <= max_chars:
        return [text] if text else []
    pieces: list[str] = []
    start = 0
    n = len(text)
    while n - start > max_chars:
        limit = start + max_chars
        cut = -1
        for m in _CLAUSE_END.finditer(text, start, limit):
            cut = m.end()
        if cut <= start:
            for m in _SPACE.finditer(text, start, limit):
                cut = m.end()
        if cut <= start:
            cut = limit
        pieces.append(text[start:cut])
        start = cut
    if start < n:
        pieces.append(text[start:])
    return pieces


def _import_error(package: str, module: str) -> InputError:
    return InputError(f"this peer needs the pip package {package!r} (module {module!r}), "
                      f"which is not installed: pip install {package} "
                      "(or pip install 'arabic-nlp[peers]')")


class PeerDiacritizer:
    """A peer system: cuts, runs, realigns. Subclasses set ``name`` and ``_run``."""

    name = "peer"
    #: The pip package that provides the peer.
    package = ""
    #: Longest segment handed to the peer in one call.
    max_chars = 2000

    def __init__(self, max_chars: int | None = None) -> None:
        if max_chars is not None:
            if max_chars < 1:
                raise InputError(f"max_chars must be at least 1, got {max_chars}")
            self.max_chars = max_chars
        self.failures = 0

    def _run(self, segment: str) -> str:
        raise NotImplementedError

    def _segment(self, piece: str) -> tuple[str, str]:
        """``(raw, constrained)`` output for one segment."""
        bare = strip_diacritics(piece)
        if not any(is_arabic_letter(c) for c in bare):
            return piece, piece
        try:
            raw = self._run(bare)
        except Exception:  # a peer's own bug must not stop the caller
            self.failures += 1
            raw = bare
        if not isinstance(raw, str):
            self.failures += 1
            raw = bare
        return raw, apply_constraints(piece, raw)

    def diacritize_with_raw(self, texts: Sequence[str]) -> list[tuple[str, str]]:
        """``(raw peer output, output after the passthrough rule)`` per text."""
        results: list[tuple[str, str]] = []
        for text in texts:
            if not isinstance(text, str):
                raise InputError(f"diacritize takes strings, got {type(text).__name__}")
            raws: list[str] = []
            outs: list[str] = []
            for piece in segments(text, self.max_chars):
                raw, out = self._segment(piece)
                raws.append(raw)
                outs.append(out)
            results.append(("".join(raws), "".join(outs)))
        return results

    def diacritize(self, texts: Sequence[str]) -> list[str]:
        """Fully diacritized ``texts`` (the passthrough rule applied)."""
        return [out for _, out in self.diacritize_with_raw(texts)]


class MishkalPeer(PeerDiacritizer):
    """Mishkal (Zerrouki): rule-based and statistical, pure Python."""

    name = "mishkal"
    package = "mishkal"

    def __init__(self, max_chars: int | None = None) -> None:
        super().__init__(max_chars)
        try:
            import mishkal.tashkeel
        except ImportError:
            raise _import_error(self.package, "mishkal") from None
        self._impl: Any = mishkal.tashkeel.TashkeelClass()

    def _run(self, segment: str) -> str:
        return str(self._impl.tashkeel(segment))


class Text2TashkeelPeer(PeerDiacritizer):
    """text2tashkeel: bundled INT8 ONNX models, one sentence per call."""

    name = "text2tashkeel"
    package = "text2tashkeel"

    def __init__(self, model: str | None = None, max_chars: int | None = None,
                 threads: int | None = None) -> None:
        super().__init__(max_chars)
        if threads is not None:
            os.environ["TT_ORT_THREADS"] = str(threads)  # read when the session is built
        try:
            import text2tashkeel
        except ImportError:
            raise _import_error(self.package, "text2tashkeel") from None
        self.model = model or text2tashkeel.DEFAULT_MODEL
        if self.model not in text2tashkeel.available_models():
            raise InputError(f"text2tashkeel has no model {self.model!r}; choose one of: "
                             + ", ".join(text2tashkeel.available_models()))
        self._impl: Any = text2tashkeel.Diacritizer(self.model)
        self._impl.backend  # noqa: B018 - build the session now, so failures surface here
        self.name = "text2tashkeel" if model is None else f"text2tashkeel-{self.model}"

    def _run(self, segment: str) -> str:
        return str(self._impl.diacritize(segment))


class PiperLibtashkeelPeer(PeerDiacritizer):
    """libtashkeel (Musharraf Omer) as bundled in piper-tts: ``piper.tashkeel``."""

    name = "piper-libtashkeel"
    package = "piper-tts"

    def __init__(self, max_chars: int | None = None, threads: int | None = None) -> None:
        super().__init__(max_chars)
        try:
            from piper import tashkeel
        except ImportError:
            raise _import_error(self.package, "piper.tashkeel") from None
        self._impl: Any = tashkeel.TashkeelDiacritizer()
        if threads is not None:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = threads
            self._impl.session = ort.InferenceSession(
                str(tashkeel.TASHKEEL_DIR / "model.onnx"), sess_options=opts,
                providers=["CPUExecutionProvider"])

    def _run(self, segment: str) -> str:
        return str(self._impl.diacritize(segment))


class ArabicDiacritizerPeer(PeerDiacritizer):
    """arabic-diacritizer: BiLSTM + attention (torch), run without its sentence cache."""

    name = "arabic-diacritizer"
    package = "arabic-diacritizer"
    max_chars = 400  # its attention is quadratic: 400 is 3x faster than 1000 and as good

    def __init__(self, max_chars: int | None = None, threads: int | None = None) -> None:
        super().__init__(max_chars)
        try:
            import diacritize
            import torch
        except ImportError:
            raise _import_error(self.package, "diacritize") from None
        if threads is not None:
            torch.set_num_threads(threads)
        # no_cache: the package's word/sentence cache is a lookup table of seen text,
        # not the model; the comparison is between models.
        self._impl: Any = diacritize.Diacritizer.from_pretrained(no_cache=True)
        self._no_grad: Callable[[], Any] = torch.inference_mode

    def _run(self, segment: str) -> str:
        with self._no_grad():
            return str(self._impl.diacritize(segment))


# ------------------------------------------------------------------ registry factories


def load_mishkal(**kwargs: Any) -> MishkalPeer:
    """Entry point ``mishkal``."""
    return MishkalPeer(**kwargs)


def load_text2tashkeel(**kwargs: Any) -> Text2TashkeelPeer:
    """Entry point ``text2tashkeel``: the package's default model."""
    return Text2TashkeelPeer(**kwargs)


def load_text2tashkeel_rawi_v2_int8(**kwargs: Any) -> Text2TashkeelPeer:
    """Entry point ``text2tashkeel-rawi-v2-int8``."""
    return Text2TashkeelPeer(model="rawi-v2-int8", **kwargs)


def load_piper_libtashkeel(**kwargs: Any) -> PiperLibtashkeelPeer:
    """Entry point ``piper-libtashkeel``."""
    return PiperLibtashkeelPeer(**kwargs)


def load_arabic_diacritizer(**kwargs: Any) -> ArabicDiacritizerPeer:
    """Entry point ``arabic-diacritizer``."""
    return ArabicDiacritizerPeer(**kwargs)
