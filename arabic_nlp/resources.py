"""Where the shipped grammars and lexicons live: inside the wheel, or in the source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding ``grammars/`` and ``lexicons/``.

    An installed wheel carries them in ``arabic_nlp/_data``; a source checkout
    (editable install, tests) has them at the repository root.
    """
    bundled = _PACKAGE / "_data"
    if (bundled / "grammars").is_dir():
        return bundled
    return _PACKAGE.parent


def grammar_file(*parts: str) -> Path:
    """Path of a shipped rule file, e.g. ``grammar_file("normalize", "nlu.rules")``."""
    return data_root().joinpath("grammars", *parts)


def lexicon_file(*parts: str) -> Path:
    """Path of a shipped lexicon TSV."""
    return data_root().joinpath("lexicons", *parts)
