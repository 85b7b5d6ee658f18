"""The interfaces neural components implement, and a registry that loads them by name.

Implementations are found through Python entry points, one group per kind
(``arabic_nlp.diacritizers``, ``arabic_nlp.interpreters``, ``arabic_nlp.recognizers``,
``arabic_nlp.synthesizers``); each entry point names a factory
``(**kwargs) -> implementation``. The built-in ones are declared in pyproject.toml;
another package can add its own the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Literal, Protocol, overload, runtime_checkable

from arabic_nlp.errors import InputError

__all__ = [
    "KINDS",
    "Audio",
    "Diacritizer",
    "Interpreter",
    "Parse",
    "Recognizer",
    "Slot",
    "Synthesizer",
    "Transcript",
    "available",
    "load",
]


@dataclass(frozen=True)
class Audio:
    """Mono PCM audio: float samples in [-1, 1] at ``sample_rate`` Hz."""

    samples: Sequence[float]
    sample_rate: int


@dataclass(frozen=True)
class Transcript:
    """What a recognizer heard: text in the ``asr`` normalization profile, and a confidence."""

    text: str
    score: float = 1.0
    lang: str = "ar"


@dataclass(frozen=True)
class Slot:
    """One filled slot of a parse; ``start``/``end`` are character offsets in the utterance."""

    type: str
    value: str
    start: int
    end: int
    score: float = 1.0


@dataclass(frozen=True)
class Parse:
    """What an interpreter understood: the intent, its score, the slots, the tokens read."""

    intent: str
    intent_score: float
    slots: tuple[Slot, ...] = ()
    lang: str = "ar"
    tokens: tuple[str, ...] = field(default=())


@runtime_checkable
class Diacritizer(Protocol):
    """Restores the diacritics of Arabic text.

    ``diacritize`` returns one string per input, obeying the passthrough rule
    (``arabic_nlp.text.diacritics.apply_constraints``): only diacritics are added,
    marks already in the input are kept, everything that is not an Arabic letter
    comes back unchanged.
    """

    def diacritize(self, texts: Sequence[str]) -> list[str]:
        """Fully diacritized versions of ``texts``, in order."""
        ...


@runtime_checkable
class Recognizer(Protocol):
    """Speech to text."""

    def transcribe(self, audio: Sequence[Audio]) -> list[Transcript]:
        """One transcript per audio clip."""
        ...


@runtime_checkable
class Interpreter(Protocol):
    """Text to intent and slots."""

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Intent and slots of one utterance, offsets into ``text``; ``lang`` None detects
        ar/fr/en."""
        ...


@runtime_checkable
class Synthesizer(Protocol):
    """Fully diacritized text to speech."""

    def synthesize(self, texts: Sequence[str]) -> list[Audio]:
        """One audio clip per text."""
        ...


#: kind -> entry point group.
KINDS: dict[str, str] = {
    "diacritizer": "arabic_nlp.diacritizers",
    "interpreter": "arabic_nlp.interpreters",
    "recognizer": "arabic_nlp.recognizers",
    "synthesizer": "arabic_nlp.synthesizers",
}
_PROTOCOLS: dict[str, type] = {"diacritizer": Diacritizer, "interpreter": Interpreter,
                               "recognizer": Recognizer, "synthesizer": Synthesizer}
#: Where a built-in implementation's optional dependencies come from (module prefix -> extra).
_EXTRAS = (("arabic_nlp.neural", "neural"), ("arabic_nlp.diacritizers.peers", "peers"))


def _group(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(f"unknown model kind {kind!r}; choose one of: {', '.join(KINDS)}")
    return KINDS[kind]


def _entry_points(kind: str) -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=_group(kind))}


def available(kind: str) -> list[str]:
    """Names registered for ``kind`` (whether or not their dependencies are installed)."""
    return sorted(_entry_points(kind))


def _install_hint(ep: EntryPoint) -> str:
    for prefix, extra in _EXTRAS:
        if ep.module.startswith(prefix):
            return f"install the extra: pip install 'arabic-nlp[{extra}]'"
    dist = ep.dist.name if ep.dist is not None else "the package that registered it"
    return f"reinstall {dist} with its dependencies"


@overload
def load(kind: Literal["diacritizer"], name: str = ..., **kwargs: Any) -> Diacritizer: ...
@overload
def load(kind: Literal["interpreter"], name: str = ..., **kwargs: Any) -> Interpreter: ...
@overload
def load(kind: Literal["recognizer"], name: str = ..., **kwargs: Any) -> Recognizer: ...
@overload
def load(kind: Literal["synthesizer"], name: str = ..., **kwargs: Any) -> Synthesizer: ...
@overload
def load(kind: str, name: str = ..., **kwargs: Any) -> Any: ...


def load(kind: str, name: str = "default", **kwargs: Any) -> Any:
    """The implementation of ``kind`` registered as ``name``, built with ``kwargs``.

    Raises ``InputError`` listing the known names when ``name`` is unknown, and
    naming the extra to install when an optional dependency is missing.
    """
    eps = _entry_points(kind)
    if name not in eps:
        known = ", ".join(sorted(eps)) or "none"
        raise InputError(f"unknown {kind} {name!r}; known: {known}")
    ep = eps[name]
    try:
        factory = ep.load()
    except ImportError as exc:
        missing = exc.name or str(exc)
        if missing.startswith("arabic_nlp"):
            raise InputError(f"{kind} {name!r} is registered ({ep.value}) but {missing} is not "
                             "part of this installation") from None
        raise InputError(f"{kind} {name!r} needs {missing!r}, which is not installed; "
                         f"{_install_hint(ep)}") from None
    except AttributeError:
        raise InputError(f"{kind} {name!r} is registered ({ep.value}) but that function is "
                         "not part of this installation") from None
    try:
        obj = factory(**kwargs)
    except ImportError as exc:
        raise InputError(f"{kind} {name!r} needs {exc.name or str(exc)!r}, which is not "
                         f"installed; {_install_hint(ep)}") from None
    if not isinstance(obj, _PROTOCOLS[kind]):
        raise InputError(f"{kind} {name!r} ({ep.value}) does not implement the "
                         f"{_PROTOCOLS[kind].__name__} interface")
    return obj
