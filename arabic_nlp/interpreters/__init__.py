"""Interpreters (text to intent and slots) that are not the project's neural model, and
:func:`load_system`, which turns an ``eval nlu --system`` argument into a :class:`System`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span

SKLEARN_PREFIX = "sklearn:"
FAILED = "<error>"  # the intent scored for an utterance the system refused


@dataclass
class System:
    """An interpreter under evaluation: ``parse(text, locale) -> (intent, spans)``.

    An utterance the interpreter refuses (InputError) is scored as intent ``<error>`` with
    no slots, and counted in ``errors`` (the first message kept in ``first_error``).
    """

    name: str
    target: object
    detect_lang: bool = False
    errors: int = 0
    first_error: str = ""

    def parse(self, text: str, locale: str) -> tuple[str, Sequence[Span]]:
        from arabic_nlp.models import Parse

        lang = None if self.detect_lang else locale.split("-")[0]
        try:
            got = self.target.parse(text, lang=lang)  # type: ignore[attr-defined]
        except InputError as exc:
            self.errors += 1
            self.first_error = self.first_error or f"{exc} (text {text[:60]!r})"
            return FAILED, []
        if not isinstance(got, Parse):
            raise InputError(f"system {self.name!r} returned {type(got).__name__}, not a Parse")
        return got.intent, [Span(s.type, s.start, s.end) for s in got.slots]


def load_system(spec: str, *, detect_lang: bool = False) -> System:
    """The :class:`System` of ``sklearn:DIR``, a directory holding a saved peer, or a name
    registered in the ``arabic_nlp.interpreters`` entry-point group.

    Its parse passes the gold locale's language as ``lang`` (``None`` with ``detect_lang``,
    to score language detection too); the interpreter must answer a
    :class:`~arabic_nlp.models.Parse`.
    """
    target: object
    if spec.startswith(SKLEARN_PREFIX) or (Path(spec) / "model.joblib").is_file():
        from arabic_nlp.interpreters.sklearn_peer import SklearnInterpreter

        directory = spec.removeprefix(SKLEARN_PREFIX)
        target = SklearnInterpreter.load(directory)
        name = f"sklearn:{Path(directory).name}"
    else:
        from arabic_nlp.models import load

        target = load("interpreter", spec)
        name = spec
    if not callable(getattr(target, "parse", None)):
        raise InputError(f"system {spec!r} has no parse() method")
    return System(name, target, detect_lang)
