"""The abstract syntax of rule files: what the parser produces and the compiler consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pos:
    """Where something was written: file, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Lit:
    """A literal string (one or more characters; "" is the empty string)."""

    text: str
    pos: Pos


@dataclass(frozen=True)
class ClassRef:
    """A reference to a named symbol class, e.g. ``DIACRITIC``."""

    name: str
    pos: Pos


@dataclass(frozen=True)
class LexRef:
    """A reference to a lexicon, ``@name``: its input column as a set of strings."""

    name: str
    pos: Pos


@dataclass(frozen=True)
class Anchor:
    """``#`` word boundary, ``^`` start of text, ``$`` end of text (contexts only)."""

    kind: str  # "word" | "start" | "end"
    pos: Pos


@dataclass(frozen=True)
class Seq:
    items: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True)
class Alt:
    options: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True)
class Repeat:
    """``X*`` (0, None), ``X+`` (1, None), ``X?`` (0, 1)."""

    expr: Expr
    low: int
    high: int | None
    pos: Pos


Expr = Lit | ClassRef | LexRef | Anchor | Seq | Alt | Repeat


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class Range:
    """``U+0660..U+0669`` inside a class definition."""

    low: int
    high: int
    pos: Pos


ClassTerm = Lit | ClassRef | Range


@dataclass(frozen=True)
class Import:
    path: str
    pos: Pos


@dataclass(frozen=True)
class ClassDef:
    name: str
    include: tuple[ClassTerm, ...]
    exclude: tuple[ClassTerm, ...]
    pos: Pos
    override: bool = False


@dataclass(frozen=True)
class LexiconDef:
    name: str
    paths: tuple[str, ...]  # several files are read as one lexicon, in order
    pos: Pos
    override: bool = False
    ignoring: str | None = None  # a class whose characters words may hold (diacritics)


@dataclass(frozen=True)
class Output:
    """One alternative right-hand side: literals and class references, with a weight."""

    items: tuple[Lit | ClassRef, ...]
    weight: float
    pos: Pos


@dataclass(frozen=True)
class RuleDef:
    name: str
    lhs: Expr
    outputs: tuple[Output, ...]  # empty when the rule is a lexicon rewrite (lhs is LexRef)
    left: Expr | None
    right: Expr | None
    unless: str | None
    optional: bool
    direction: str  # "sim" | "ltr" | "rtl"
    pos: Pos
    override: bool = False
    comment: str = ""
    inverted: bool = False  # lexicon rewrite read from the output column to the input column
    only: bool = False  # 'only @lex': the rule applies to the lexicon's words, not the others

    @property
    def is_lexicon_rewrite(self) -> bool:
        return not self.outputs


@dataclass(frozen=True)
class Disable:
    name: str
    pos: Pos


@dataclass(frozen=True)
class CascadeDef:
    name: str
    steps: tuple[tuple[str, Pos], ...]
    inverse_of: str | None
    pos: Pos
    override: bool = False


@dataclass(frozen=True)
class TestDef:
    cascade: str
    input: str
    expected: str
    pos: Pos


@dataclass(frozen=True)
class GoldenDef:
    cascade: str
    path: str
    pos: Pos


Statement = Import | ClassDef | LexiconDef | RuleDef | Disable | CascadeDef | TestDef | GoldenDef


@dataclass
class Module:
    """One parsed rule file."""

    path: str
    statements: list[Statement] = field(default_factory=list)
