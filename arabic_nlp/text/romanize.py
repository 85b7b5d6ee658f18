"""Romanization of Arabic script with the grammars in ``grammars/romanize/``.

Lossless schemes (one Arabic character <-> one ASCII character, the same tables as
camel-tools' ``CharMapper``): ``bw`` (Buckwalter), ``safebw`` (Safe Buckwalter),
``xmlbw`` (XML-safe Buckwalter). Lossy schemes: ``scholarly`` (DIN 31635-style
transliteration) and ``ipa`` (broad IPA of fully diacritized MSA); they cannot be
deromanized. Characters a scheme does not cover pass through unchanged.
"""

from __future__ import annotations

from functools import cache

from arabic_nlp.errors import InputError
from arabic_nlp.fst.runtime import Cascade, cascade
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.checks import check_text

SCHEMES: tuple[str, ...] = ("bw", "safebw", "xmlbw", "scholarly", "ipa")
"""Every scheme :func:`romanize` accepts."""

LOSSLESS_SCHEMES: tuple[str, ...] = ("bw", "safebw", "xmlbw")
"""The schemes :func:`deromanize` inverts exactly."""


def _check_scheme(scheme: object) -> str:
    if not isinstance(scheme, str) or scheme not in SCHEMES:
        raise InputError(f"unknown romanization scheme {scheme!r}; "
                         f"choose one of: {', '.join(SCHEMES)}")
    return scheme


@cache
def _cascade(scheme: str, direction: str) -> Cascade:
    """The ``romanize``/``deromanize`` cascade of a scheme, loaded once."""
    return cascade(grammar_file("romanize", f"{scheme}.rules"), direction)


def romanize(text: str, scheme: str = "bw") -> str:
    """Write Arabic ``text`` in Latin script with ``scheme`` (one of :data:`SCHEMES`)."""
    return _cascade(_check_scheme(scheme), "romanize").apply(check_text(text))


def deromanize(text: str, scheme: str = "bw") -> str:
    """Turn ``text`` written in ``scheme`` back into Arabic script.

    Exact inverse of :func:`romanize` for the lossless schemes (bw, safebw, xmlbw);
    ``scholarly`` and ``ipa`` are lossy and raise :class:`InputError`.
    """
    _check_scheme(scheme)
    if scheme not in LOSSLESS_SCHEMES:
        raise InputError(f"{scheme!r} is a lossy scheme and cannot be deromanized; "
                         f"lossless schemes: {', '.join(LOSSLESS_SCHEMES)}")
    return _cascade(scheme, "deromanize").apply(check_text(text))
