"""Training configuration: TOML file -> typed dataclasses (stdlib only).

A config has four tables, ``[data]``, ``[model]``, ``[train]`` and
``[export]``, plus a top-level ``seed``.  Unknown keys and wrongly typed
values are errors that name the file, the table and the key, so a typo cannot
silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

from arabic_nlp.errors import InputError

#: The training files of ``diacritization/`` (README there).  The hadith-json
#: file is left out: its text was scraped from sunnah.com (research-only).
DEFAULT_TRAIN_FILES = (
    "diacritization/train_tashkeela_shakkala.txt",
    "diacritization/train_tashkeela_shakkelha.txt",
    "diacritization/train_quran_tanzil.txt",
    "diacritization/train_hadith_darimi_openhadith.txt",
    "diacritization/train_hadith_ibnmajah_fawaz.txt",
)
#: Environment variable that overrides ``[data] root``.
DATA_ENV = "ARABIC_NLP_DATA"


@dataclass
class ModelConfig:
    """Architecture hyper-parameters (the ``[model]`` table of a config file)."""

    arch: str = "transformer"
    d_model: int = 256
    layers: int = 4
    heads: int = 4
    ff: int = 1024
    dropout: float = 0.1
    conv_kernel: int = 5
    embed: int = 128  # bilstm only: embedding width (d_model = hidden size per direction)
    max_len: int = 1024  # longest window the positional table covers


@dataclass
class DataConfig:
    """Where the text is and how it is cut into training windows."""

    root: str = "../shared/data"  # relative to the working directory
    train_files: list[str] = field(default_factory=lambda: list(DEFAULT_TRAIN_FILES))
    oversample: dict[str, int] = field(default_factory=dict)  # file -> repeat count
    val_file: str = "diacritization/val.txt"
    val_lines: int = 300  # first N lines of val_file scored during training
    wikinews_dev: str = "seg_farasa_wikinews/dev.jsonl"
    wikinews_lines: int = 280
    max_train_chars: int = 0  # stop reading training text after this many chars (0 = all)
    window: int = 400  # longest training window (characters)
    short_window_prob: float = 0.3  # share of windows cut shorter, down to min_window
    min_window: int = 16

    def path(self, name: str) -> Path:
        root = Path(os.environ.get(DATA_ENV) or self.root)
        p = Path(name)
        return p if p.is_absolute() else root / p


@dataclass
class TrainParams:
    """Optimisation and bookkeeping."""

    device: str = "auto"  # auto | cpu | cuda
    threads: int = 1  # torch CPU threads
    batch_chars: int = 16384  # padded characters per batch
    lr: float = 1e-3
    min_lr_ratio: float = 0.05
    warmup_steps: int = 500
    max_steps: int = 20000
    max_minutes: float = 0.0  # wall-time budget of the whole run incl. resumes (0 = none)
    budget_includes_eval: bool = True  # False: only optimisation steps count (comparisons)
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    label_smoothing: float = 0.0
    eval_every: int = 1000
    checkpoint_every: int = 500
    amp: bool = True  # bf16 autocast on CUDA


@dataclass
class ExportParams:
    """ONNX export after training."""

    enabled: bool = True
    quantize: bool = True
    max_der_increase: float = 0.05  # DER points int8 may lose on the val subset
    window: int = 400
    overlap: int = 48
    batch_chars: int = 4096
    opset: int = 17


@dataclass
class TrainConfig:
    """A whole config file."""

    seed: int = 1234
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainParams = field(default_factory=TrainParams)
    export: ExportParams = field(default_factory=ExportParams)
    source: str = "<defaults>"

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d.pop("source")
        return d


T = TypeVar("T")


def _check(value: Any, typ: Any, where: str) -> Any:
    origin = getattr(typ, "__origin__", None)
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typ in (int, float, str, bool):
        if type(value) is not typ:
            raise InputError(f"{where}: expected {typ.__name__}, got {value!r}")
        return value
    if origin is list:
        (item,) = typ.__args__
        if not isinstance(value, list):
            raise InputError(f"{where}: expected a list, got {value!r}")
        return [_check(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        key_t, val_t = typ.__args__
        if not isinstance(value, dict):
            raise InputError(f"{where}: expected a table, got {value!r}")
        return {_check(k, key_t, where): _check(v, val_t, f"{where}.{k}")
                for k, v in value.items()}
    raise InputError(f"{where}: unsupported type {typ!r}")  # pragma: no cover


def _fill(cls: type[T], table: Any, where: str) -> T:
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table")
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        if key not in names or key == "source":
            raise InputError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(names))})")
        kwargs[key] = _check(value, hints[key], f"{where}.{key}")
    return cls(**kwargs)


def config_from_dict(raw: dict[str, Any], source: str = "<dict>") -> TrainConfig:
    """Validate a parsed TOML document (see module docstring)."""
    tables = {"data": DataConfig, "model": ModelConfig, "train": TrainParams,
              "export": ExportParams}
    kwargs: dict[str, Any] = {"source": source}
    for key, value in raw.items():
        if key == "seed":
            kwargs["seed"] = _check(value, int, f"{source}: seed")
        elif key in tables:
            kwargs[key] = _fill(tables[key], value, f"{source}: [{key}]")
        else:
            raise InputError(f"{source}: unknown key {key!r} (known: seed, "
                             f"{', '.join(f'[{t}]' for t in tables)})")
    cfg = TrainConfig(**kwargs)
    if cfg.model.arch not in ("transformer", "bilstm"):
        raise InputError(f"{source}: [model].arch: {cfg.model.arch!r} is not "
                         "'transformer' or 'bilstm'")
    if cfg.data.window > cfg.model.max_len:
        raise InputError(f"{source}: [data].window exceeds [model].max_len")
    if cfg.export.window > cfg.data.window:
        raise InputError(f"{source}: [export].window {cfg.export.window} is longer than the "
                         f"training windows ([data].window {cfg.data.window}): the network "
                         "never saw those positions")
    return cfg


def load_config(path: str | Path) -> TrainConfig:
    """Read and validate a TOML training config."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: {exc}") from None
    return config_from_dict(raw, str(p))
