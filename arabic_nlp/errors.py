"""Project exceptions: every user-facing failure is one of these, with a location and a hint."""

from __future__ import annotations


class ArabicNLPError(Exception):
    """Base class of every error this library raises on purpose."""


class InputError(ArabicNLPError, ValueError):
    """Text or data given to an API cannot be processed (e.g. a lone surrogate)."""


class GrammarError(ArabicNLPError):
    """A mistake in a rule file or a lexicon, reported as ``file:line:col: message``."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.hint = hint
        super().__init__(self.__str__())

    @property
    def location(self) -> str:
        parts = [self.file or "<string>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_grammar_error, (self.message, self.file, self.line, self.col, self.hint))


def _rebuild_grammar_error(
    message: str, file: str | None, line: int | None, col: int | None, hint: str | None
) -> GrammarError:
    return GrammarError(message, file=file, line=line, col=col, hint=hint)
