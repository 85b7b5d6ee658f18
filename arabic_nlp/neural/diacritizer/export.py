"""ONNX export with an equality check and int8 dynamic quantization.

``export_model(checkpoint, out_dir, config)`` writes a model folder that
``OnnxDiacritizer`` loads:

* ``model.fp32.onnx``: the network (input ``ids`` int64 [batch, length], output
  ``logits`` float32 [batch, length, 15]), checked against torch on a batch
  with padding (max abs difference must stay below 1e-3);
* ``model.int8.onnx``: weights of the MatMul/Gemm/LSTM layers quantized to int8
  (onnxruntime dynamic quantization), kept only if its DER on the dev sets is
  at most ``[export].max_der_increase`` points worse than fp32;
* ``model.onnx``: the chosen one, ``vocab.json`` naming it, ``metrics.json``.
"""

from __future__ import annotations

import json
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch  # type: ignore[import-not-found, unused-ignore]
from rich.console import Console

from arabic_nlp.errors import InputError
from arabic_nlp.neural.diacritizer.config import TrainConfig
from arabic_nlp.neural.diacritizer.encoding import Vocab
from arabic_nlp.neural.diacritizer.model import build_model, count_parameters
from arabic_nlp.neural.diacritizer.train import score_summary
from arabic_nlp.text.diacritics import strip_diacritics

console = Console(stderr=True, highlight=False)


def export_onnx(model: Any, path: Path, vocab_size: int, opset: int = 17) -> None:
    """Write ``model`` (torch, eval mode) as ONNX with dynamic batch and length."""
    model = model.float().cpu().eval()
    gen = torch.Generator().manual_seed(0)
    dummy = torch.randint(6, vocab_size, (2, 23), generator=gen)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The TorchScript-based exporter gives plain MatMul/Softmax graphs that
    # onnxruntime fuses and quantizes well; its deprecation notice is expected.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (dummy,), str(path), input_names=["ids"],
                          output_names=["logits"], opset_version=opset, dynamo=False,
                          dynamic_axes={"ids": {0: "batch", 1: "length"},
                                        "logits": {0: "batch", 1: "length"}})


def max_abs_difference(model: Any, path: Path, vocab_size: int) -> float:
    """Largest |torch - onnxruntime| logit on a padded random batch."""
    import onnxruntime as ort  # type: ignore[import-not-found, unused-ignore]

    gen = torch.Generator().manual_seed(1)
    ids = torch.randint(6, vocab_size, (3, 57), generator=gen)
    ids[1, 40:] = 0
    ids[2, 9:] = 0
    with torch.no_grad():
        ref = model.float().cpu().eval()(ids).numpy()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(path), sess_options=opts,
                                providers=["CPUExecutionProvider"])
    got = sess.run(["logits"], {"ids": ids.numpy()})[0]
    mask = ids.numpy() != 0
    return float(np.abs(ref - got)[mask].max())


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantization of the weight matrices (activations stay float)."""
    import logging

    from onnxruntime.quantization import (  # type: ignore[import-not-found, unused-ignore]
        QuantType,
        quantize_dynamic,
    )

    logging.getLogger().setLevel(logging.ERROR)  # "consider pre-processing" notice
    # LSTM weights too (DynamicQuantizeLSTM); per-channel scales kept the DER of
    # the BiLSTM comparison model within 0.04 points of fp32 (per-tensor: +0.06).
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8,
                     op_types_to_quantize=["MatMul", "Gemm", "LSTM"], per_channel=True)


def write_vocab(out_dir: Path, vocab: Vocab, cfg: TrainConfig, model_file: str,
                extra: dict[str, Any] | None = None) -> None:
    """``vocab.json``: alphabet, classes, inference settings, model file."""
    meta = vocab.to_json()
    meta["model_file"] = model_file
    meta["inference"] = {"window": cfg.export.window, "overlap": cfg.export.overlap,
                         "batch_chars": cfg.export.batch_chars, "max_batch": 64}
    meta["architecture"] = cfg.to_dict()["model"]
    if extra:
        meta.update(extra)
    (out_dir / "vocab.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


def score_onnx(out_dir: Path, model_file: str, sets: dict[str, list[str]]
               ) -> tuple[dict[str, dict[str, float]], float]:
    """DER/WER of an exported file on the gold sets, and words/s (1 thread)."""
    from arabic_nlp.neural.diacritizer import OnnxDiacritizer

    d = OnnxDiacritizer(out_dir, threads=1, model_file=model_file)
    results: dict[str, dict[str, float]] = {}
    words = 0
    seconds = 0.0
    for name, golds in sets.items():
        inputs = [strip_diacritics(g) for g in golds]
        t = time.perf_counter()
        preds = d.diacritize(inputs)
        seconds += time.perf_counter() - t
        words += sum(len(x.split()) for x in inputs)
        results[name] = score_summary(golds, preds)
    return results, (words / seconds if seconds else 0.0)


def export_model(checkpoint: Path, out_dir: Path, cfg: TrainConfig,
                 sets: dict[str, list[str]] | None = None, quiet: bool = False) -> Path:
    """Export ``checkpoint`` to ``out_dir`` (see module docstring); returns model.onnx."""
    ck = torch.load(checkpoint, map_location="cpu", weights_only=False)
    vocab = Vocab.from_json(ck["vocab"], str(checkpoint))
    model = build_model(cfg.model, vocab.size)
    model.load_state_dict(ck["model"])
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.fp32.onnx"
    export_onnx(model, fp32, vocab.size, cfg.export.opset)
    diff = max_abs_difference(model, fp32, vocab.size)
    if diff > 1e-3:
        raise InputError(f"{fp32}: ONNX output differs from torch by {diff:.2e}")
    write_vocab(out_dir, vocab, cfg, fp32.name)
    metrics: dict[str, Any] = {"checkpoint_step": ck.get("step"), "max_abs_diff": diff,
                               "parameters": count_parameters(model)}
    chosen = fp32
    if sets:
        metrics["fp32"], metrics["fp32_words_per_s"] = score_onnx(out_dir, fp32.name, sets)
    if cfg.export.quantize:
        int8 = out_dir / "model.int8.onnx"
        quantize_int8(fp32, int8)
        ok = True
        if sets:
            metrics["int8"], metrics["int8_words_per_s"] = score_onnx(out_dir, int8.name, sets)
            worst = max(metrics["int8"][k]["der"] - metrics["fp32"][k]["der"] for k in sets)
            metrics["int8_der_increase"] = round(worst, 3)
            ok = worst <= cfg.export.max_der_increase
        if ok:
            chosen = int8
    final = out_dir / "model.onnx"
    shutil.copyfile(chosen, final)
    metrics["shipped"] = chosen.name
    metrics["size_bytes"] = final.stat().st_size
    write_vocab(out_dir, vocab, cfg, final.name, {"source": chosen.name})
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1)
                                          + "\n", encoding="utf-8")
    if not quiet:
        console.print(f"exported {final} ({metrics['size_bytes'] / 1e6:.1f} MB, from "
                      f"{chosen.name}); torch/onnx max diff {diff:.1e}")
        for key in ("fp32", "int8"):
            if key in metrics:
                console.print(f"  {key}: {metrics[key]}  {metrics[key + '_words_per_s']:.0f} "
                              "words/s")
    return final
