"""Training: data pipeline, resumable loop with periodic validation, export.

``train(config, out_dir)`` is what ``arabic-nlp train diacritizer`` runs:

1. Read the training files with ``arabic_nlp.data.diacritization.read_lines``
   (Qur'an tatweel + dagger alef -> ا, marks in class order),
   encode (characters, 15-class labels) and cut the long lines into windows at
   clause punctuation; the encoded arrays are cached in ``out_dir``.
2. Train with AdamW, linear warm-up then cosine decay, length-bucketed batches
   of a fixed character budget.  The schedule's progress is the larger of
   step/max_steps and elapsed/max_minutes, so a wall-time budget still ends
   with a fully decayed learning rate.
3. Every ``eval_every`` steps score DER on the first lines of val.txt
   (classical) and on WikiNews dev (modern news) through the same windowed,
   batched decoding as the shipped model; keep the checkpoint with the best
   mean of the two.
4. ``last.pt`` holds everything needed to resume (weights, optimizer, step,
   epoch position, RNG state, elapsed time); resuming continues at that step
   and gives the same weights as an uninterrupted run (without a time budget).
5. Export the best checkpoint to ONNX (``export.export_model``).

Seeds are fixed (``seed`` in the config): batch order is a function of
(seed, epoch), weight init and dropout of the torch seed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch  # type: ignore[import-not-found, unused-ignore]
import torch.nn.functional as F  # type: ignore[import-not-found, unused-ignore]
from rich.console import Console

from arabic_nlp.data.der import score
from arabic_nlp.data.diacritization import read_lines, wikinews_dev
from arabic_nlp.errors import InputError
from arabic_nlp.neural.diacritizer.config import TrainConfig
from arabic_nlp.neural.diacritizer.encoding import (
    NUM_CLASSES,
    Vocab,
    default_vocab,
    encode_diacritized,
)
from arabic_nlp.neural.diacritizer.infer import InferenceSettings, diacritize_texts
from arabic_nlp.neural.diacritizer.model import build_model, count_parameters
from arabic_nlp.neural.diacritizer.windows import pack_spans
from arabic_nlp.text.diacritics import strip_diacritics

console = Console(stderr=True, highlight=False)


# ----------------------------------------------------------------- reading data

def dev_sets(cfg: TrainConfig) -> dict[str, list[str]]:
    """Gold lines of the two selection sets: classical val and WikiNews dev."""
    sets: dict[str, list[str]] = {}
    if cfg.data.val_file and cfg.data.val_lines:
        sets["val"] = read_lines(cfg.data.path(cfg.data.val_file))[: cfg.data.val_lines]
    if cfg.data.wikinews_dev and cfg.data.wikinews_lines:
        sets["wikinews"] = wikinews_dev(cfg.data.path(cfg.data.wikinews_dev))[
            : cfg.data.wikinews_lines]
    return sets


# ------------------------------------------------------------- training windows

@dataclass
class WindowData:
    """All training windows, flat: ``ids``/``labels`` sliced by ``starts``/``lengths``."""

    ids: npt.NDArray[np.uint8]
    labels: npt.NDArray[np.int8]
    starts: npt.NDArray[np.int64]
    lengths: npt.NDArray[np.int64]

    @property
    def chars(self) -> int:
        return int(self.lengths.sum())


def _data_key(cfg: TrainConfig, vocab: Vocab) -> str:
    files = []
    for name in cfg.data.train_files:
        p = cfg.data.path(name)
        st = p.stat() if p.is_file() else None
        files.append([name, st.st_size if st else -1, int(st.st_mtime) if st else -1])
    d = cfg.data
    blob = json.dumps([cfg.seed, files, d.oversample, d.max_train_chars, d.window,
                       d.short_window_prob, d.min_window, vocab.to_json(), 2], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def build_windows(cfg: TrainConfig, vocab: Vocab, cache_dir: Path | None = None) -> WindowData:
    """Encode the training files into windows (cached by content of the data config)."""
    cache = cache_dir / f"data-{_data_key(cfg, vocab)}.npz" if cache_dir else None
    if cache is not None and cache.is_file():
        z = np.load(cache)
        return WindowData(z["ids"], z["labels"], z["starts"], z["lengths"])
    d = cfg.data
    lines: list[str] = []
    for name in d.train_files:
        repeat = d.oversample.get(name, d.oversample.get(Path(name).name, 1))
        # ـٰ (Tanzil's tatweel + dagger alef) -> ا; other tatweels/dagger alefs dropped
        lines.extend(read_lines(d.path(name), dagger_alef="alef") * max(0, repeat))
    rng = np.random.default_rng(cfg.seed)
    order = rng.permutation(len(lines))
    id_parts: list[npt.NDArray[np.uint8]] = []
    lab_parts: list[npt.NDArray[np.int8]] = []
    lengths: list[int] = []
    total = 0
    for k in order.tolist():
        enc = encode_diacritized(lines[k], vocab)
        if not (enc.labels >= 0).any():
            continue
        ids = vocab.encode(enc.bases).astype(np.uint8)
        targets = [int(rng.integers(d.min_window, d.window + 1))
                   if rng.random() < d.short_window_prob else d.window for _ in range(16)]
        for s, e in pack_spans(enc.bases, d.window, targets):
            lab = enc.labels[s:e]
            if e - s < 2 or not (lab >= 0).any():
                continue
            id_parts.append(ids[s:e])
            lab_parts.append(lab.astype(np.int8))
            lengths.append(e - s)
        total += len(enc.bases)
        if d.max_train_chars and total >= d.max_train_chars:
            break
    if not lengths:
        raise InputError(f"{cfg.source}: [data] train_files gave no diacritized text")
    lens = np.asarray(lengths, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    data = WindowData(np.concatenate(id_parts), np.concatenate(lab_parts), starts, lens)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, ids=data.ids, labels=data.labels, starts=data.starts,
                 lengths=data.lengths)
        os.replace(tmp, cache)
    return data


def epoch_batches(data: WindowData, batch_chars: int, seed: int, epoch: int
                  ) -> list[npt.NDArray[np.int64]]:
    """Window indices of each batch of one epoch (a pure function of seed and epoch).

    Windows are shuffled, sorted by length inside pools of 2048 (little padding),
    cut into batches of at most ``batch_chars`` padded characters, and the
    batches shuffled again.
    """
    rng = np.random.default_rng([seed, epoch])
    perm = rng.permutation(len(data.lengths))
    batches: list[npt.NDArray[np.int64]] = []
    for pool in np.array_split(perm, max(1, math.ceil(len(perm) / 2048))):
        pool = pool[np.argsort(data.lengths[pool], kind="stable")]
        cur: list[int] = []
        longest = 0
        for idx, n in zip(pool.tolist(), data.lengths[pool].tolist(), strict=True):
            if cur and (len(cur) + 1) * max(longest, n) > batch_chars:
                batches.append(np.asarray(cur, dtype=np.int64))
                cur, longest = [], 0
            cur.append(idx)
            longest = max(longest, n)
        if cur:
            batches.append(np.asarray(cur, dtype=np.int64))
    order = rng.permutation(len(batches))
    return [batches[i] for i in order.tolist()]


def batch_arrays(data: WindowData, idx: npt.NDArray[np.int64]
                 ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Padded (ids, labels) arrays of the windows ``idx``."""
    lens = data.lengths[idx]
    width = int(lens.max())
    ids = np.zeros((len(idx), width), dtype=np.int64)
    labels = np.full((len(idx), width), -100, dtype=np.int64)
    for r, (s, n) in enumerate(zip(data.starts[idx].tolist(), lens.tolist(), strict=True)):
        ids[r, :n] = data.ids[s:s + n]
        labels[r, :n] = data.labels[s:s + n]
    return ids, labels


# ------------------------------------------------------------------- evaluation

def torch_runner(model: Any, device: Any) -> Callable[[npt.NDArray[np.int64]],
                                                      npt.NDArray[np.float32]]:
    """A numpy -> numpy scoring function over a torch model (eval mode, no grad)."""
    def run(ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        with torch.no_grad():
            out = model(torch.from_numpy(ids).to(device))
        return np.asarray(out.float().cpu().numpy(), dtype=np.float32)
    return run


def evaluate(model: Any, device: Any, vocab: Vocab, sets: dict[str, list[str]],
             settings: InferenceSettings) -> dict[str, dict[str, float]]:
    """DER/WER of the model on each gold set (input = gold without harakat)."""
    was_training = model.training
    model.eval()
    run = torch_runner(model, device)
    results: dict[str, dict[str, float]] = {}
    for name, golds in sets.items():
        preds = diacritize_texts([strip_diacritics(g) for g in golds], vocab, run, settings)
        results[name] = score_summary(golds, preds)
    if was_training:
        model.train()
    return results


def score_summary(golds: Sequence[str], preds: Sequence[str]) -> dict[str, float]:
    """DER/WER in percent (``arabic_nlp.data.der``, Fadel convention)."""
    s = score(golds, preds)
    return {"der": round(100 * s.der, 3), "der_no_case": round(100 * s.der_no_ce, 3),
            "wer": round(100 * s.wer, 3), "wer_no_case": round(100 * s.wer_no_ce, 3)}


def selection_score(results: dict[str, dict[str, float]]) -> float:
    """Mean DER (with case endings) over the selection sets; lower is better."""
    if not results:
        return math.inf
    return float(np.mean([r["der"] for r in results.values()]))


# --------------------------------------------------------------------- training

def pick_device(name: str) -> Any:
    """torch device for ``auto`` (CUDA when available), ``cpu`` or ``cuda``."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise InputError("[train].device = 'cuda' but no CUDA GPU is available")
    return torch.device(name)


def _lr_factor(progress: float, step: int, warmup: int, min_ratio: float) -> float:
    if warmup and step < warmup:
        return (step + 1) / warmup
    p = min(1.0, max(0.0, progress))
    return min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * p))


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)


def _save(obj: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


@dataclass
class TrainResult:
    """What a run did (for the CLI summary and tests)."""

    out_dir: Path
    start_step: int
    step: int
    best_score: float
    best_step: int
    elapsed_s: float
    history: list[dict[str, Any]]
    exported: Path | None


def _batch_stream(data: WindowData, cfg: TrainConfig, epoch: int, pos: int
                  ) -> Iterator[tuple[int, int, npt.NDArray[np.int64]]]:
    while True:
        batches = epoch_batches(data, cfg.train.batch_chars, cfg.seed, epoch)
        for i in range(pos, len(batches)):
            yield epoch, i + 1, batches[i]
        epoch, pos = epoch + 1, 0


def train(cfg: TrainConfig, out_dir: str | Path, *, resume: bool = True, quiet: bool = False,
          stop_after: int | None = None) -> TrainResult:
    """Train (or resume) the diacritizer described by ``cfg`` into ``out_dir``.

    ``stop_after`` ends this invocation after that many steps (the schedule is
    unchanged; used to test resuming).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tp = cfg.train
    device = pick_device(tp.device)
    if device.type == "cpu":
        torch.set_num_threads(max(1, tp.threads))
    else:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    _seed_everything(cfg.seed)
    vocab = default_vocab()
    t0 = time.perf_counter()
    data = build_windows(cfg, vocab, out)
    sets = dev_sets(cfg)
    settings = InferenceSettings(window=cfg.export.window, overlap=cfg.export.overlap,
                                 batch_chars=cfg.export.batch_chars)
    if not quiet:
        console.print(f"data: {len(data.lengths):,} windows, {data.chars:,} chars "
                      f"({time.perf_counter() - t0:.0f}s); dev sets: "
                      + ", ".join(f"{k} {len(v)} lines" for k, v in sets.items()))

    model = build_model(cfg.model, vocab.size).to(device)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embed" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embed" not in n)]
    optim = torch.optim.AdamW([{"params": decay, "weight_decay": tp.weight_decay},
                               {"params": no_decay, "weight_decay": 0.0}],
                              lr=tp.lr, betas=(0.9, 0.98), eps=1e-8)
    step, epoch, pos, elapsed = 0, 0, 0, 0.0
    best_score, best_step = math.inf, -1
    history: list[dict[str, Any]] = []
    last = out / "last.pt"
    if resume and last.is_file():
        ck = torch.load(last, map_location=device, weights_only=False)
        if ck.get("model_config") != cfg.to_dict()["model"]:
            raise InputError(f"{last}: checkpoint was trained with a different [model] "
                             "table; use --no-resume or another --out")
        model.load_state_dict(ck["model"])
        optim.load_state_dict(ck["optim"])
        step, epoch, pos = ck["step"], ck["epoch"], ck["pos"]
        elapsed, best_score, best_step = ck["elapsed"], ck["best_score"], ck["best_step"]
        history = list(ck["history"])
        torch.set_rng_state(ck["rng"])
        if device.type == "cuda" and ck.get("cuda_rng") is not None:
            torch.cuda.set_rng_state(ck["cuda_rng"])
        if not quiet:
            console.print(f"resumed from {last} at step {step}")
    start_step = step
    if not quiet:
        console.print(f"model: {cfg.model.arch}, {count_parameters(model):,} parameters, "
                      f"device {device}")

    budget = tp.max_minutes * 60.0

    def progress_of(s: int, el: float) -> float:
        p = s / max(1, tp.max_steps)
        return max(p, el / budget) if budget > 0 else p

    def checkpoint() -> None:
        _save({"model": model.state_dict(), "optim": optim.state_dict(), "step": step,
               "epoch": epoch, "pos": pos, "elapsed": elapsed, "best_score": best_score,
               "best_step": best_step, "history": history, "rng": torch.get_rng_state(),
               "cuda_rng": torch.cuda.get_rng_state() if device.type == "cuda" else None,
               "model_config": cfg.to_dict()["model"], "config": cfg.to_dict(),
               "vocab": vocab.to_json()}, last)

    def run_eval() -> None:
        nonlocal best_score, best_step
        if not sets:
            return
        te = time.perf_counter()
        res = evaluate(model, device, vocab, sets, settings)
        sc = selection_score(res)
        rec = {"step": step, "elapsed_s": round(elapsed, 1), "score": round(sc, 3), **res}
        history.append(rec)
        with (out / "history.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if sc < best_score:
            best_score, best_step = sc, step
            _save({"model": model.state_dict(), "step": step, "results": res,
                   "config": cfg.to_dict(), "vocab": vocab.to_json()}, out / "best.pt")
        if not quiet:
            parts = "  ".join(f"{k}: DER {v['der']:.2f}% (no case {v['der_no_case']:.2f}%)"
                              for k, v in res.items())
            console.print(f"step {step}: {parts}  mean {sc:.2f}%  best {best_score:.2f}% "
                          f"@{best_step}  [{time.perf_counter() - te:.0f}s]")

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    use_amp = tp.amp and device.type == "cuda"
    model.train()
    stream = _batch_stream(data, cfg, epoch, pos)
    ran = 0
    loss_avg = 0.0
    tick = time.perf_counter()
    plain_log = not quiet and not console.is_terminal  # e.g. redirected to a log file
    next_log = tick + 60.0
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                  disable=quiet) as bar:
        task = bar.add_task("training", total=tp.max_steps, completed=step)
        while step < tp.max_steps and progress_of(step, elapsed) < 1.0:
            if stop_after is not None and ran >= stop_after:
                break
            epoch, pos, idx = next(stream)
            ids_np, labels_np = batch_arrays(data, idx)
            ids = torch.from_numpy(ids_np).to(device, non_blocking=True)
            labels = torch.from_numpy(labels_np).to(device, non_blocking=True)
            factor = _lr_factor(progress_of(step, elapsed), step, tp.warmup_steps,
                                tp.min_lr_ratio)
            for group in optim.param_groups:
                group["lr"] = tp.lr * factor
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
                logits = model(ids)
            loss = F.cross_entropy(logits.float().reshape(-1, NUM_CLASSES), labels.reshape(-1),
                                   ignore_index=-100, label_smoothing=tp.label_smoothing)
            optim.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call, unused-ignore]
            if tp.grad_clip > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), tp.grad_clip)
            optim.step()
            step += 1
            ran += 1
            now = time.perf_counter()
            elapsed += now - tick
            tick = now
            if ran % 20 == 1 or device.type == "cpu":
                loss_avg = float(loss.item()) if ran == 1 else 0.9 * loss_avg + 0.1 * float(
                    loss.item())
            desc = f"loss {loss_avg:.4f} lr {tp.lr * factor:.2e} ep {epoch}"
            bar.update(task, completed=step, description=desc)
            if plain_log and now >= next_log:
                next_log = now + 60.0
                console.print(f"step {step}/{tp.max_steps} {desc} "
                              f"{elapsed / 60:.1f} min")
            if tp.eval_every and step % tp.eval_every == 0:
                run_eval()
                if not tp.budget_includes_eval:
                    tick = time.perf_counter()
            if tp.checkpoint_every and step % tp.checkpoint_every == 0:
                checkpoint()
    finished = step >= tp.max_steps or progress_of(step, elapsed) >= 1.0
    if finished and (not history or history[-1]["step"] != step):
        run_eval()
    checkpoint()
    exported: Path | None = None
    if finished and cfg.export.enabled:
        from arabic_nlp.neural.diacritizer.export import export_model

        src = out / "best.pt" if (out / "best.pt").is_file() else last
        exported = export_model(src, out / "model", cfg, sets=sets, quiet=quiet)
    return TrainResult(out, start_step, step, best_score, best_step, elapsed, history, exported)


def summarize(history: Sequence[dict[str, Any]]) -> str:
    """One line per evaluation (for logs and the model card)."""
    rows = []
    for rec in history:
        parts = [f"step {rec['step']}", f"{rec['elapsed_s'] / 60:.1f} min"]
        parts += [f"{k} {v['der']:.2f}/{v['der_no_case']:.2f}" for k, v in rec.items()
                  if isinstance(v, dict)]
        rows.append("  ".join(parts))
    return "\n".join(rows)
