"""Reading data files line by line with errors that name the file and line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from arabic_nlp.errors import InputError


def numbered_lines(path: str | Path, what: str = "file") -> Iterator[tuple[int, str]]:
    """(line number, text) of a UTF-8 file, line ends and a leading BOM removed; a missing
    file or a line that is not UTF-8 is an InputError naming ``path`` (and the line)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} not found: {path}")
    with p.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid UTF-8 ({exc.reason} at byte "
                                 f"{exc.start} of the line)") from None
            yield lineno, text.rstrip("\r\n").removeprefix("\ufeff")
