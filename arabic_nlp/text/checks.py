"""Input checks shared by the text functions: one clear error for what cannot be processed."""

from __future__ import annotations

from arabic_nlp.errors import InputError


def check_text(text: object, field: str = "text") -> str:
    """Reject non-strings and strings with lone surrogates (they have no UTF-8 form)."""
    if not isinstance(text, str):
        raise InputError(f"{field} must be a str, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{field} contains a lone surrogate U+{ord(text[exc.start]):04X} at "
                         f"offset {exc.start}; decode the input with errors='replace' or fix "
                         "its encoding") from None
    return text
