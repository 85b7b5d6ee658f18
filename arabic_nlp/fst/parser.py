"""Parser for ``.rules`` files: text in, a :class:`Module` out, or a :class:`GrammarError`.

The language is line-oriented: one statement per line; a line that starts with
whitespace continues the statement above it. See docs/grammar-guide.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arabic_nlp.errors import GrammarError
from arabic_nlp.fst.syntax import (
    Alt,
    Anchor,
    CascadeDef,
    ClassDef,
    ClassRef,
    ClassTerm,
    Disable,
    Expr,
    GoldenDef,
    Import,
    LexiconDef,
    LexRef,
    Lit,
    Module,
    Output,
    Pos,
    Range,
    Repeat,
    RuleDef,
    Seq,
    Statement,
    TestDef,
)

CLASS_NAME = re.compile(r"[A-Z][A-Z0-9_]*\Z")
NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
CODEPOINT = re.compile(r"U\+([0-9A-Fa-f]{4,6})\Z")
RANGE = re.compile(r"U\+([0-9A-Fa-f]{4,6})\.\.U\+([0-9A-Fa-f]{4,6})\Z")
CODEPOINT_TOKEN = re.compile(r"U\+[0-9A-Fa-f]{4,6}(?:\.\.U\+[0-9A-Fa-f]{4,6})?(?![0-9A-Za-z])")
WEIGHT = re.compile(r"<\s*(-?\d+(?:\.\d+)?)\s*>")
DIRECTIONS = ("sim", "ltr", "rtl")
# Characters that always stand alone as operators outside quotes.
SINGLE_OPS = set("()|*+?:=,")
LEXICON_GUARDS = ("unless", "only")  # rule ... unless @lex / only @lex: word by word
KEYWORDS = ("import", "class", "lexicon", "rule", "optional", "override", "disable",
            "cascade", "test", "golden")


@dataclass(frozen=True)
class Token:
    kind: str  # "word" | "string" | "op" | "weight" | "lex"
    text: str
    pos: Pos

    def describe(self) -> str:
        return repr(self.text) if self.kind != "string" else f'"{self.text}"'


STRING_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
GOLDEN_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}


def unescape(raw: str, escapes: dict[str, str]) -> str:
    """Resolve backslash escapes: the one-letter ones given, and \\uXXXX; ValueError otherwise."""
    if "\\" not in raw:
        return raw
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= len(raw):
            raise ValueError("a lone backslash at the end")
        nxt = raw[i + 1]
        if nxt in escapes:
            out.append(escapes[nxt])
            i += 2
        elif nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", raw[i + 2:i + 6]):
            out.append(chr(int(raw[i + 2:i + 6], 16)))
            i += 6
        else:
            raise ValueError(f"unknown escape \\{nxt}")
    return "".join(out)


def _unescape(raw: str, pos: Pos) -> str:
    try:
        return unescape(raw, STRING_ESCAPES)
    except ValueError as exc:
        raise GrammarError(f"{exc} in a string", file=pos.file, line=pos.line, col=pos.col,
                           hint='known escapes: \\n \\t \\" \\\\ \\uXXXX') from None


class _Lexer:
    """Turns one logical statement (possibly several physical lines) into tokens."""

    def __init__(self, file: str, lines: list[tuple[int, str]]) -> None:
        self.file = file
        self.lines = lines
        self.comment = ""

    def tokens(self) -> list[Token]:
        toks: list[Token] = []
        in_context = False  # after '/' in a rule
        after_focus = False  # after '_' in a rule context
        is_rule = False
        for lineno, text in self.lines:
            i = 0
            n = len(text)
            while i < n:
                ch = text[i]
                pos = Pos(self.file, lineno, i + 1)
                if ch.isspace():
                    i += 1
                    continue
                if ch == "#":
                    if in_context and self._is_boundary(text, i, after_focus):
                        toks.append(Token("op", "#", pos))
                        i += 1
                        continue
                    self.comment = (self.comment + " " + text[i + 1:].strip()).strip()
                    break
                if ch == '"':
                    j = i + 1
                    while j < n and text[j] != '"':
                        j += 2 if text[j] == "\\" else 1
                    if j >= n:
                        raise GrammarError("a string is not closed", file=self.file, line=lineno,
                                           col=i + 1, hint='close it with " on the same line')
                    toks.append(Token("string", _unescape(text[i + 1:j], pos), pos))
                    i = j + 1
                    continue
                if ch == "<":
                    m = WEIGHT.match(text, i)
                    if not m:
                        raise GrammarError("a weight must look like <0.5>", file=self.file,
                                           line=lineno, col=i + 1)
                    toks.append(Token("weight", m.group(1), pos))
                    i = m.end()
                    continue
                m = CODEPOINT_TOKEN.match(text, i)
                if m:
                    toks.append(Token("word", m.group(), pos))
                    i = m.end()
                    continue
                if text.startswith("->", i) or text.startswith("=>", i):
                    toks.append(Token("op", text[i:i + 2], pos))
                    i += 2
                    continue
                if ch in SINGLE_OPS:
                    toks.append(Token("op", ch, pos))
                    i += 1
                    continue
                j = i
                while j < n and not text[j].isspace() and text[j] not in SINGLE_OPS \
                        and text[j] not in '"<#' and not text.startswith("->", j) \
                        and not text.startswith("=>", j):
                    j += 1
                word = text[i:j]
                if word.startswith("@"):
                    toks.append(Token("lex", word[1:], pos))
                elif word in ("/", "_", "^", "$", "-"):
                    toks.append(Token("op", word, pos))
                else:
                    toks.append(Token("word", word, pos))
                if toks and toks[0].text in ("rule", "optional", "override"):
                    is_rule = True
                if is_rule and word == "/":
                    in_context = True
                if in_context and word == "_":
                    after_focus = True
                i = j
        return toks

    @staticmethod
    def _is_boundary(text: str, i: int, after_focus: bool) -> bool:
        """In a context '#' is a word boundary; after '_', '#' followed by prose is a comment."""
        if not after_focus:
            return True
        rest = text[i + 1:].lstrip()
        if re.match(r"(unless|only)\s*@", rest):  # '_ # unless @lex': a boundary, then the lexicon
            return True
        return rest == "" or rest[0] in "#|)" or text[i + 1:i + 2] not in (" ", "\t", "")


class _Parser:
    def __init__(self, file: str, tokens: list[Token], comment: str) -> None:
        self.file = file
        self.toks = tokens
        self.i = 0
        self.comment = comment

    # ------------------------------------------------------------ helpers
    def err(self, msg: str, tok: Token | None = None, hint: str | None = None) -> GrammarError:
        tok = tok or self.peek() or self.toks[-1]
        return GrammarError(msg, file=tok.pos.file, line=tok.pos.line, col=tok.pos.col, hint=hint)

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, text: str, kind: str = "op") -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind and tok.text == text

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            last = self.toks[-1]
            raise GrammarError("the statement ends too early", file=last.pos.file,
                               line=last.pos.line, col=last.pos.col + len(last.text))
        self.i += 1
        return tok

    def expect(self, text: str, hint: str | None = None) -> Token:
        tok = self.peek()
        if tok is None or tok.kind != "op" or tok.text != text:
            found = "the end of the line" if tok is None else tok.describe()
            raise self.err(f"expected '{text}' but found {found}", tok, hint)
        return self.take()

    def name(self, what: str) -> Token:
        tok = self.take()
        if tok.kind != "word" or not NAME.match(tok.text):
            raise self.err(f"expected a {what} name (lower case letters, digits, _), "
                           f"found {tok.describe()}", tok)
        return tok

    def string(self, what: str) -> Token:
        tok = self.take()
        if tok.kind != "string":
            raise self.err(f"expected {what} in double quotes, found {tok.describe()}", tok)
        return tok

    def done(self) -> None:
        tok = self.peek()
        if tok is not None:
            raise self.err(f"unexpected {tok.describe()} at the end of the statement", tok,
                           "a comment starts with '#'; quote literal text")

    # ------------------------------------------------------------ statements
    def statement(self) -> Statement:
        first = self.take()
        if first.kind != "word" or first.text not in KEYWORDS:
            raise self.err(f"a statement cannot start with {first.describe()}", first,
                           "statements start with one of: " + ", ".join(KEYWORDS))
        kw = first.text
        override = False
        if kw == "override":
            override = True
            kw_tok = self.take()
            kw = kw_tok.text
            if kw not in ("class", "lexicon", "rule", "optional", "cascade"):
                raise self.err("'override' must be followed by class, lexicon, rule or cascade",
                               kw_tok)
        if kw == "import":
            path = self.string("a file path")
            self.done()
            return Import(path.text, first.pos)
        if kw == "class":
            return self.class_def(first.pos, override)
        if kw == "lexicon":
            name = self.name("lexicon")
            self.expect("=")
            paths = [self.string("a TSV file path").text]
            while self.at("+"):  # lexicon words = "hand.tsv" + "derived.tsv": one lexicon
                self.take()
                paths.append(self.string("a TSV file path after '+'").text)
            ignoring: str | None = None
            tok = self.peek()
            if tok is not None and tok.kind == "word" and tok.text == "ignoring":
                self.take()
                cls = self.take()
                if cls.kind != "word" or not CLASS_NAME.match(cls.text):
                    raise self.err("'ignoring' takes a class name in capitals (like DIACRITIC), "
                                   f"found {cls.describe()}", cls)
                ignoring = cls.text
            self.done()
            return LexiconDef(name.text, tuple(paths), first.pos, override, ignoring)
        if kw in ("rule", "optional"):
            optional = kw == "optional"
            if optional:
                nxt = self.take()
                if nxt.text != "rule":
                    raise self.err("'optional' must be followed by 'rule'", nxt)
            return self.rule_def(first.pos, override, optional)
        if kw == "disable":
            name = self.name("rule")
            self.done()
            return Disable(name.text, first.pos)
        if kw == "cascade":
            return self.cascade_def(first.pos, override)
        if kw == "test":
            name = self.name("cascade")
            self.expect(":")
            src = self.string("the test input")
            self.expect("=>", 'write: test NAME: "input" => "expected"')
            out = self.string("the expected output")
            self.done()
            return TestDef(name.text, src.text, out.text, first.pos)
        # golden
        name = self.name("cascade")
        self.expect("=")
        path = self.string("a TSV file path")
        self.done()
        return GoldenDef(name.text, path.text, first.pos)

    def class_def(self, pos: Pos, override: bool) -> ClassDef:
        name = self.take()
        if name.kind != "word" or not CLASS_NAME.match(name.text):
            raise self.err(f"a class name is written in capitals (like VOWEL), found "
                           f"{name.describe()}", name)
        self.expect("=")
        include: list[ClassTerm] = []
        exclude: list[ClassTerm] = []
        target = include
        while self.peek() is not None:
            if self.at("-"):
                self.take()
                target = exclude
                continue
            target.append(self.class_term())
        if not include:
            raise self.err("a class needs at least one member", name)
        return ClassDef(name.text, tuple(include), tuple(exclude), pos, override)

    def class_term(self) -> ClassTerm:
        tok = self.take()
        if tok.kind == "string":
            if tok.text == "":
                raise self.err('a class member cannot be the empty string ""', tok)
            return Lit(tok.text, tok.pos)
        if tok.kind == "word":
            m = RANGE.match(tok.text)
            if m:
                lo, hi = int(m.group(1), 16), int(m.group(2), 16)
                if lo > hi or hi > 0x10FFFF:
                    raise self.err(f"bad code point range {tok.text}", tok)
                return Range(lo, hi, tok.pos)
            lit = self.word_literal(tok)
            if lit is not None:
                return lit
            return ClassRef(tok.text, tok.pos)
        raise self.err(f"{tok.describe()} cannot be a class member", tok,
                       "quote punctuation, e.g. \"(\"")

    def word_literal(self, tok: Token) -> Lit | None:
        """A bare word is a class reference when written in capitals, else literal text."""
        m = CODEPOINT.match(tok.text)
        if m:
            cp = int(m.group(1), 16)
            if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
                raise self.err(f"{tok.text} is not a valid character", tok)
            return Lit(chr(cp), tok.pos)
        if CLASS_NAME.match(tok.text):
            return None
        return Lit(tok.text, tok.pos)

    def rule_def(self, pos: Pos, override: bool, optional: bool) -> RuleDef:
        name = self.name("rule")
        direction = "sim"
        if self.at("("):
            self.take()
            d = self.take()
            if d.text not in DIRECTIONS:
                raise self.err(f"unknown direction {d.describe()}", d,
                               "one of: " + ", ".join(DIRECTIONS))
            direction = d.text
            self.expect(")")
        self.expect(":", "write: rule NAME: A -> B / LEFT _ RIGHT")
        inverted = False
        tok = self.peek()
        nxt = self.peek(1)
        if tok is not None and tok.kind == "word" and tok.text == "invert" and nxt is not None \
                and nxt.kind == "lex":
            self.take()
            inverted = True
        lhs = self.expr(context=False)
        if inverted and not isinstance(lhs, LexRef):
            raise self.err("'invert' applies to a lexicon: rule NAME: invert @lexicon", tok)
        outputs: list[Output] = []
        if self.at("->"):
            self.take()
            outputs.append(self.output())
            while self.at("|"):
                self.take()
                outputs.append(self.output())
        elif not isinstance(lhs, LexRef):
            raise self.err("expected '->' after the left-hand side", None,
                           "only a lexicon rule (rule NAME: @lexicon) has no '->'")
        left: Expr | None = None
        right: Expr | None = None
        if self.at("/"):
            slash = self.take()
            left = self.expr(context=True, stop_at_focus=True)
            if not self.at("_"):
                raise self.err("a context needs '_' to mark where the rule applies", slash,
                               "write: / LEFT _ RIGHT (either side may be empty)")
            self.take()
            right = self.expr(context=True)
            left = None if _is_empty(left) else left
            right = None if _is_empty(right) else right
        unless: str | None = None
        only = False
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text in LEXICON_GUARDS:
            self.take()
            lex = self.take()
            if lex.kind != "lex":
                raise self.err(f"'{tok.text}' takes a lexicon: {tok.text} @name", lex)
            unless = lex.text
            only = tok.text == "only"
        self.done()
        if inverted and outputs:
            raise self.err("an inverted lexicon rule has no '->'", tok)
        return RuleDef(name.text, lhs, tuple(outputs), left, right, unless, optional, direction,
                       pos, override, self.comment, inverted, only)

    def output(self) -> Output:
        items: list[Lit | ClassRef] = []
        weight = 0.0
        start = self.peek()
        while True:
            tok = self.peek()
            if tok is None or (tok.kind == "op" and tok.text in ("|", "/")) or (
                    tok.kind == "word" and tok.text in LEXICON_GUARDS):
                break
            self.take()
            if tok.kind == "weight":
                weight = float(tok.text)
                nxt = self.peek()
                if nxt is not None and not (nxt.kind == "op" and nxt.text in ("|", "/")) and not (
                        nxt.kind == "word" and nxt.text in LEXICON_GUARDS):
                    raise self.err("a weight ends an alternative", nxt)
                break
            if tok.kind == "string":
                items.append(Lit(tok.text, tok.pos))
            elif tok.kind == "word":
                lit = self.word_literal(tok)
                items.append(lit if lit is not None else ClassRef(tok.text, tok.pos))
            else:
                raise self.err(f"{tok.describe()} cannot appear in a rule's output", tok,
                               "outputs are text and class names; use \"\" to delete")
        if not items and start is not None and start.kind != "weight" and not (
                start.kind == "string"):
            raise self.err("the output is empty", start, 'write "" to delete')
        pos = start.pos if start is not None else self.toks[-1].pos
        return Output(tuple(items), weight, pos)

    def cascade_def(self, pos: Pos, override: bool) -> CascadeDef:
        name = self.name("cascade")
        self.expect("=")
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text == "invert":
            self.take()
            other = self.name("cascade")
            self.done()
            return CascadeDef(name.text, (), other.text, pos, override)
        steps = [self.name("rule or cascade")]
        while self.at(","):
            self.take()
            steps.append(self.name("rule or cascade"))
        self.done()
        return CascadeDef(name.text, tuple((s.text, s.pos) for s in steps), None, pos, override)

    # ------------------------------------------------------------ expressions
    def expr(self, *, context: bool, stop_at_focus: bool = False) -> Expr:
        start = self.peek()
        options = [self.sequence(context=context, stop_at_focus=stop_at_focus)]
        while self.at("|"):
            self.take()
            options.append(self.sequence(context=context, stop_at_focus=stop_at_focus))
        pos = start.pos if start else self.toks[-1].pos
        return options[0] if len(options) == 1 else Alt(tuple(options), pos)

    def sequence(self, *, context: bool, stop_at_focus: bool) -> Expr:
        items: list[Expr] = []
        start = self.peek()
        while True:
            tok = self.peek()
            if tok is None:
                break
            if tok.kind == "op" and tok.text in ("|", ")", "->", "/"):
                break
            if tok.kind == "op" and tok.text == "_":
                if stop_at_focus:
                    break
                raise self.err("'_' may appear only once, in the context", tok)
            if tok.kind == "word" and tok.text in LEXICON_GUARDS:
                break
            items.append(self.postfix(self.atom(context=context)))
        pos = start.pos if start else self.toks[-1].pos
        if len(items) == 1:
            return items[0]
        return Seq(tuple(items), pos)

    def postfix(self, atom: Expr) -> Expr:
        while True:
            tok = self.peek()
            if tok is None or tok.kind != "op" or tok.text not in "*+?":
                return atom
            self.take()
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[tok.text]
            atom = Repeat(atom, low, high, tok.pos)

    def atom(self, *, context: bool) -> Expr:
        tok = self.take()
        if tok.kind == "string":
            return Lit(tok.text, tok.pos)
        if tok.kind == "lex":
            if not NAME.match(tok.text):
                raise self.err(f"bad lexicon name @{tok.text}", tok)
            return LexRef(tok.text, tok.pos)
        if tok.kind == "op" and tok.text == "(":
            inner = self.expr(context=context)
            self.expect(")")
            return inner
        if tok.kind == "op" and tok.text in ("#", "^", "$"):
            if not context:
                raise self.err(f"'{tok.text}' (a boundary) may appear only in a context", tok,
                               f'quote it to mean the character itself: "{tok.text}"')
            kind = {"#": "word", "^": "start", "$": "end"}[tok.text]
            return Anchor(kind, tok.pos)
        if tok.kind == "word":
            lit = self.word_literal(tok)
            return lit if lit is not None else ClassRef(tok.text, tok.pos)
        raise self.err(f"unexpected {tok.describe()}", tok)


def _is_empty(expr: Expr) -> bool:
    return isinstance(expr, Seq) and not expr.items


def _logical_lines(text: str) -> list[list[tuple[int, str]]]:
    """Group physical lines into statements: indented lines continue the previous one."""
    groups: list[list[tuple[int, str]]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] in " \t" and groups:
            groups[-1].append((lineno, line))
        else:
            groups.append([(lineno, line)])
    return groups


def parse(text: str, file: str = "<string>") -> Module:
    """Parse the text of one rule file."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise GrammarError("the file contains a NUL character", file=file, line=line)
    module = Module(file)
    for group in _logical_lines(text):
        lexer = _Lexer(file, group)
        tokens = lexer.tokens()
        if not tokens:
            continue
        module.statements.append(_Parser(file, tokens, lexer.comment).statement())
    return module
