"""arabic-nlp: Arabic text and speech processing for voice assistants.

Finite-state grammars written by linguists do the predictable parts
(normalization, romanization, ...); neural models plug in through typed
interfaces. Heavy modules load lazily so ``import arabic_nlp`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arabic_nlp.errors import ArabicNLPError, GrammarError, InputError

__version__ = "0.1.0"

_LAZY = {
    "normalize": "arabic_nlp.text.normalize",
    "normalize_batch": "arabic_nlp.text.normalize",
    "profiles": "arabic_nlp.text.normalize",
    "romanize": "arabic_nlp.text.romanize",
    "deromanize": "arabic_nlp.text.romanize",
    "tokenize": "arabic_nlp.text.tokenize",
    "tokenize_batch": "arabic_nlp.text.tokenize",
    "detokenize": "arabic_nlp.text.tokens",
    "Token": "arabic_nlp.text.tokens",
    "to_khaleeji": "arabic_nlp.text.khaleeji",
    "to_phonemes": "arabic_nlp.text.khaleeji",
}

__all__ = ["ArabicNLPError", "GrammarError", "InputError", "__version__", *_LAZY]

if TYPE_CHECKING:
    from arabic_nlp.text.khaleeji import to_khaleeji as to_khaleeji
    from arabic_nlp.text.khaleeji import to_phonemes as to_phonemes
    from arabic_nlp.text.normalize import normalize as normalize
    from arabic_nlp.text.normalize import normalize_batch as normalize_batch
    from arabic_nlp.text.normalize import profiles as profiles
    from arabic_nlp.text.romanize import deromanize as deromanize
    from arabic_nlp.text.romanize import romanize as romanize
    from arabic_nlp.text.tokenize import tokenize as tokenize
    from arabic_nlp.text.tokenize import tokenize_batch as tokenize_batch
    from arabic_nlp.text.tokens import Token as Token
    from arabic_nlp.text.tokens import detokenize as detokenize


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'arabic_nlp' has no attribute {name!r}")
