"""Readers for diacritized text: the training and validation files, WikiNews dev, our Gulf set.

Every reader returns lines in one alphabet, the one of the Fadel benchmark
(val.txt): Arabic letters with the eight marks U+064B..U+0652 after them,
shaddah first. What ``clean_line`` changes, and why, is in docs/diacritizer.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from arabic_nlp.data.textfile import numbered_lines
from arabic_nlp.errors import InputError
from arabic_nlp.text.diacritics import DIACRITICS, canonical_marks, is_arabic_letter

#: Left out of ``training_files``: its text was scraped from sunnah.com, so its
#: provenance is research-only (see the data README); the project does not train on it.
EXCLUDED_TRAINING_FILES = frozenset({"train_hadith_sunnah_hadithjson.txt"})

DaggerAlef = Literal["drop", "alef"]
GoldFormat = Literal["fadel", "wikinews-jsonl", "auto"]
GOLD_FORMATS: tuple[str, ...] = ("fadel", "wikinews-jsonl", "auto")

_TATWEEL_DAGGER = "\u0640\u0670"
# Dropped everywhere: tatweel, dagger alef, Qur'anic annotation signs (U+06D6..U+06ED:
# pause marks, small letters, sajdah and ayah signs), invisible format characters.
_DROP = {ord(c): None for c in (
    "\u0640\u0670\u061c\u00ad\ufeff"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))
    + "".join(chr(c) for c in range(0x200B, 0x2010))
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A)))}
_MAP = str.maketrans({"ٱ": "ا", "\u06cc": "ي"})
_FINAL_FARSI_YEH = re.compile(
    "\u06cc(?=[\u064b-\u0652]*(?![\u0620-\u063f\u0641-\u064a\u0671-\u06d3]))")
_SPACES = re.compile(r"\s+")
_UNIT = re.compile("(.)([\u064b-\u0652]*)", re.S)
_MARK_RUN = re.compile("[\u064b-\u0652]+")


def clean_line(text: str, *, dagger_alef: DaggerAlef = "drop") -> str:
    """One gold line in the val.txt alphabet.

    Tatweel and dagger alef are dropped (``dagger_alef="alef"`` first turns ـٰ into
    ا), Qur'anic signs and invisible controls removed, ٱ -> ا, Farsi yeh -> ي (ى at
    the end of a word), each letter's marks put in class form (shaddah first, one
    vowel), marks that follow no letter dropped, runs of spaces made one.
    """
    if dagger_alef == "alef":
        text = text.replace(_TATWEEL_DAGGER, "ا")
    text = _FINAL_FARSI_YEH.sub("ى", text.translate(_DROP)).translate(_MAP)
    if _MARK_RUN.search(text):
        text = _UNIT.sub(_canonical_unit, text)
    return _SPACES.sub(" ", text).strip()


def _canonical_unit(m: re.Match[str]) -> str:
    ch, marks = m.group(1), m.group(2)
    if ch in DIACRITICS:  # a mark at the start of the text
        return ""
    if not marks:
        return ch
    return ch + canonical_marks(marks) if is_arabic_letter(ch) else ch


def iter_lines(path: str | Path, *, dagger_alef: DaggerAlef = "drop") -> Iterator[str]:
    """Cleaned non-empty lines of a one-passage-per-line file (train_*.txt, val.txt)."""
    for _, line in numbered_lines(path, "diacritized text file"):
        cleaned = clean_line(line, dagger_alef=dagger_alef)
        if cleaned:
            yield cleaned


def read_lines(path: str | Path, *, dagger_alef: DaggerAlef = "drop") -> list[str]:
    """All cleaned non-empty lines of ``path`` (see ``clean_line``)."""
    return list(iter_lines(path, dagger_alef=dagger_alef))


def wikinews_dev(path: str | Path) -> list[str]:
    """The ``diacritized`` field of each row of seg_farasa_wikinews/dev.jsonl, cleaned."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"WikiNews JSONL file not found: {p}")
    rows: list[str] = []
    with p.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise InputError(f"{p}:{lineno}: not valid UTF-8 ({exc.reason})") from None
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{lineno}: not a JSON object ({exc.msg})") from None
            if not isinstance(row, dict):
                raise InputError(f"{p}:{lineno}: not a JSON object")
            text = row.get("diacritized")
            if not isinstance(text, str):
                raise InputError(f"{p}:{lineno}: field 'diacritized' is missing or not a string")
            cleaned = clean_line(text)
            if cleaned:
                rows.append(cleaned)
    return rows


def read_gold(path: str | Path, fmt: GoldFormat | str = "auto") -> list[str]:
    """Gold lines of an evaluation file: ``fadel`` (one line each, like val.txt),
    ``wikinews-jsonl`` (the ``diacritized`` field), or ``auto`` (by the suffix)."""
    if fmt not in GOLD_FORMATS:
        raise InputError(f"unknown gold format {fmt!r}; choose one of: {', '.join(GOLD_FORMATS)}")
    if fmt == "auto":
        fmt = "wikinews-jsonl" if str(path).endswith(".jsonl") else "fadel"
    return wikinews_dev(path) if fmt == "wikinews-jsonl" else read_lines(path)


def training_files(data_dir: str | Path) -> list[Path]:
    """The ``train_*.txt`` files of the diacritization data folder, sorted, without
    ``EXCLUDED_TRAINING_FILES``. Test splits are never listed."""
    d = Path(data_dir)
    if not d.is_dir():
        raise InputError(f"diacritization data folder not found: {d}")
    files = sorted(f for f in d.glob("train_*.txt")
                   if f.is_file() and f.name not in EXCLUDED_TRAINING_FILES)
    if not files:
        raise InputError(f"{d}: no train_*.txt files")
    return files
