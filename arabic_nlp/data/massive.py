"""MASSIVE 1.0 jsonl rows as typed examples: text, slot spans, intent, scenario.

One row is ``{"id", "locale", "partition", "scenario", "intent", "utt", "annot_utt", ...}``;
:func:`read_examples` checks every field it uses and that ``annot_utt`` without its markup is
``utt``, and reports a bad row as ``file:line: problem`` (:class:`InputError`). Rows of the
``test`` partition are refused: the test split is held out and is neither trained nor
selected on. :func:`write_examples` writes examples back in the same format (the resampler's
output), so they read back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span, format_annotated, parse_annotated

PARTITIONS = ("train", "dev")  # readable; "test" is held out
HELD_OUT = "test"
#: The locales of the assistant, by language code (the ``lang`` of an interpreter).
LOCALES: dict[str, str] = {"ar": "ar-SA", "fr": "fr-FR", "en": "en-US"}
_REQUIRED = ("id", "locale", "partition", "intent", "utt", "annot_utt")


@dataclass(frozen=True, slots=True)
class Example:
    """One MASSIVE utterance: ``spans`` are character ranges of ``text`` (the ``utt``)."""

    id: str
    locale: str
    partition: str
    intent: str
    scenario: str
    text: str
    spans: tuple[Span, ...]
    source: str = ""  # "file:line" it was read from, for messages

    @property
    def lang(self) -> str:
        """The language part of the locale: ``ar`` for ``ar-SA``."""
        return self.locale.split("-")[0].lower()

    @property
    def annot_utt(self) -> str:
        """The MASSIVE markup of the text and spans (``شغل [song_name : أغنيتي]``)."""
        return format_annotated(self.text, self.spans)

    def to_row(self, **extra: Any) -> dict[str, Any]:
        """The MASSIVE jsonl row of this example, with ``extra`` fields appended."""
        row: dict[str, Any] = {"id": self.id, "locale": self.locale,
                               "partition": self.partition, "scenario": self.scenario,
                               "intent": self.intent, "utt": self.text,
                               "annot_utt": self.annot_utt, "worker_id": None}
        row.update(extra)
        return row


def check_partition(partition: str) -> str:
    """``partition`` if it may be read; InputError for the held-out test split or a typo."""
    if partition == HELD_OUT:
        raise InputError("the test partition is held out: train and select on train/dev only")
    if partition not in PARTITIONS:
        raise InputError(f"unknown partition {partition!r}; use {' or '.join(PARTITIONS)}")
    return partition


def parse_row(row: object, where: str) -> Example:
    """The example of one decoded jsonl row; InputError prefixed with ``where`` if bad."""
    if not isinstance(row, dict):
        raise InputError(f"{where}: not a JSON object")
    for key in _REQUIRED:
        if not isinstance(row.get(key), str) or not row[key]:
            raise InputError(f"{where}: field {key!r} is missing, empty or not a string")
    if row["partition"] == HELD_OUT:
        raise InputError(f"{where}: a row of the test partition; the test split is held out "
                         "(train and select on train/dev only)")
    scenario = row.get("scenario")
    if scenario is None:  # MASSIVE intents are <scenario>_<action>
        scenario = row["intent"].split("_")[0]
    if not isinstance(scenario, str):
        raise InputError(f"{where}: field 'scenario' is not a string")
    try:
        text, spans = parse_annotated(row["annot_utt"])
    except InputError as exc:
        raise InputError(f"{where}: annot_utt: {exc}") from None
    if text != row["utt"]:
        raise InputError(f"{where}: annot_utt without its [label : value] markup is {text!r}, "
                         f"but utt is {row['utt']!r}")
    return Example(row["id"], row["locale"], row["partition"], row["intent"], scenario, text,
                   tuple(spans), where)


def read_examples(path: str | Path, *, locale: str | None = None) -> list[Example]:
    """The examples of one MASSIVE jsonl file, in file order (blank lines skipped).

    ``locale``, if given, must be the locale of every row. Duplicate (locale, id) pairs,
    malformed rows and test-partition rows raise InputError naming ``file:line``.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw_lines = fh.readlines()
    except FileNotFoundError:
        raise InputError(f"{path}: MASSIVE file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the MASSIVE file ({exc.strerror})") from None
    examples: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for lineno, raw in enumerate(raw_lines, start=1):
        where = f"{path}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not valid UTF-8 (byte {exc.start} of the line)") from None
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not a JSON object ({exc.msg})") from None
        ex = parse_row(row, where)
        if locale is not None and ex.locale != locale:
            raise InputError(f"{where}: locale {ex.locale!r}, expected {locale!r}")
        if (ex.locale, ex.id) in seen:
            raise InputError(f"{where}: id {ex.id!r} of {ex.locale} occurs twice")
        seen.add((ex.locale, ex.id))
        examples.append(ex)
    return examples


def locale_file(data_dir: str | Path, locale: str, partition: str) -> Path:
    """``data_dir/{locale}.{partition}.jsonl``; refuses the test partition before any I/O."""
    return Path(data_dir) / f"{locale}.{check_partition(partition)}.jsonl"


def read_split(data_dir: str | Path, locales: Sequence[str], partition: str
               ) -> dict[str, list[Example]]:
    """``{locale: examples}`` of one partition (train or dev) of several locales."""
    return {loc: read_examples(locale_file(data_dir, loc, partition), locale=loc)
            for loc in locales}


def write_examples(path: str | Path, examples: Iterable[Example],
                   extra: Iterable[dict[str, Any]] | None = None) -> int:
    """Write examples as MASSIVE jsonl (one row a line, UTF-8); returns the row count.

    ``extra`` (parallel to ``examples``) adds fields to each row. The file is written under a
    ``.partial`` name first, so a failure never leaves a truncated file under ``path``.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    extras = iter(extra) if extra is not None else None
    n = 0
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            for ex in examples:
                more = next(extras, {}) if extras is not None else {}
                fh.write(json.dumps(ex.to_row(**more), ensure_ascii=False) + "\n")
                n += 1
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return n
