"""Loading rule files into a resolved :class:`Grammar`: imports, classes, lexicons, cascades.

Everything a linguist can get wrong is checked here and reported as a
:class:`GrammarError` pointing at the file, line and column.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from arabic_nlp.errors import GrammarError
from arabic_nlp.fst.parser import GOLDEN_ESCAPES, parse, unescape
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
    Pos,
    Range,
    Repeat,
    RuleDef,
    Seq,
    TestDef,
)

MAX_PAIRS = 200_000  # a rule expanding to more string pairs than this is compiled as a regex


def _err(msg: str, pos: Pos, hint: str | None = None) -> GrammarError:
    return GrammarError(msg, file=pos.file, line=pos.line, col=pos.col, hint=hint)


@dataclass(frozen=True)
class Lexicon:
    """A TSV lexicon: input column, output column (defaults to the input), weight."""

    name: str
    path: str
    columns: tuple[str, ...]
    entries: tuple[tuple[str, str, float], ...]
    ignoring: frozenset[str] = frozenset()  # characters a word may hold beyond an entry's

    def inputs(self) -> list[str]:
        return list(dict.fromkeys(e[0] for e in self.entries))


def read_lexicon(name: str, path: Path, pos: Pos) -> Lexicon:
    """Read a TSV whose first line names its columns; the first column is the input."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _err(f"lexicon file not found: {shown}", pos,
                   "paths are relative to the rule file that names them") from None
    except UnicodeDecodeError as exc:
        raise GrammarError(f"lexicon is not UTF-8 ({exc.reason})", file=shown) from None
    except OSError as exc:
        raise _err(f"cannot read lexicon {shown}: {exc.strerror}", pos) from None
    rows = [(i, line) for i, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.startswith("#")]
    if not rows:
        raise GrammarError("lexicon has no header line naming its columns", file=shown, line=1)
    header_line, header = rows[0]
    columns = tuple(c.strip() for c in header.split("\t"))
    if any(not c for c in columns):
        raise GrammarError("lexicon header has an empty column name", file=shown,
                           line=header_line, hint="columns are separated by one TAB")
    weight_col = columns.index("weight") if "weight" in columns else None
    out_col = 1 if len(columns) > 1 and weight_col != 1 else 0
    entries: list[tuple[str, str, float]] = []
    for lineno, line in rows[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(columns):
            raise GrammarError(
                f"row has {len(cells)} columns but the header names {len(columns)} "
                f"({', '.join(columns)})", file=shown, line=lineno,
                hint="columns are separated by exactly one TAB")
        if not cells[0]:
            raise GrammarError(f"empty '{columns[0]}' cell", file=shown, line=lineno)
        weight = 0.0
        if weight_col is not None:
            try:
                weight = float(cells[weight_col])
            except ValueError:
                raise GrammarError(f"weight {cells[weight_col]!r} is not a number", file=shown,
                                   line=lineno) from None
        entries.append((cells[0], cells[out_col], weight))
    return Lexicon(name, shown, columns, tuple(entries))


def _join_lexicons(parts: list[Lexicon], pos: Pos) -> Lexicon:
    """One lexicon from several files (a hand-written one and a derived one, say): their
    entries in order; the files must name the same columns."""
    first = parts[0]
    for other in parts[1:]:
        if other.columns != first.columns:
            raise _err(f"lexicon files name different columns: {first.path} has "
                       f"({', '.join(first.columns)}), {other.path} has "
                       f"({', '.join(other.columns)})", pos)
    if len(parts) == 1:
        return first
    return Lexicon(first.name, " + ".join(p.path for p in parts), first.columns,
                   tuple(e for p in parts for e in p.entries))


def read_golden(path: Path, pos: Pos) -> list[tuple[int, str, str]]:
    """Read a golden test file: ``input<TAB>expected`` per line, '#' lines are comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise _err(f"golden file not found: {path}", pos) from None
    cases = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise GrammarError(f"a golden line needs input<TAB>expected, found {len(cells)} "
                               "column(s)", file=str(path), line=lineno)
        try:
            cases.append((lineno, unescape(cells[0], GOLDEN_ESCAPES),
                          unescape(cells[1], GOLDEN_ESCAPES)))
        except ValueError as exc:
            raise GrammarError(f"{exc} in a golden cell", file=str(path), line=lineno,
                               hint="escapes: \\t \\n \\\\ \\uXXXX") from None
    return cases


@dataclass
class Grammar:
    """All names visible from one root rule file, after imports and overrides."""

    root: str
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # classes written 'ANY - X ...': every character except the listed ones (contexts only)
    negated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    class_pos: dict[str, Pos] = field(default_factory=dict)
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    lexicon_pos: dict[str, Pos] = field(default_factory=dict)
    rules: dict[str, RuleDef] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    cascades: dict[str, CascadeDef] = field(default_factory=dict)
    tests: list[TestDef] = field(default_factory=list)
    goldens: list[GoldenDef] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    digest: str = ""

    # ------------------------------------------------------------ cascades
    def steps(self, name: str) -> list[RuleDef]:
        """The rules a cascade (or a single rule) applies, in order, disabled ones left out."""
        if name not in self.cascades and name not in self.rules:
            raise GrammarError(f"no cascade or rule named '{name}' in {self.root}",
                               file=self.root,
                               hint="known cascades: " + ", ".join(sorted(self.cascades)))
        return list(self._flatten(name, []))

    def _flatten(self, name: str, stack: list[str]) -> Iterator[RuleDef]:
        if name in self.rules:
            if name not in self.disabled:
                yield self.rules[name]
            return
        cascade = self.cascades[name]
        if name in stack:
            raise _err("cascade refers to itself: " + " -> ".join([*stack, name]), cascade.pos)
        if cascade.inverse_of is not None:
            raise _err(f"'{name}' is an inverted cascade and cannot be flattened", cascade.pos)
        for step, pos in cascade.steps:
            if step not in self.rules and step not in self.cascades:
                raise _err(f"cascade '{name}' names '{step}', which is neither a rule nor a "
                           "cascade", pos)
            yield from self._flatten(step, [*stack, name])

    def check(self) -> None:
        """Resolve every cascade once so mistakes surface at load time."""
        for name, cascade in self.cascades.items():
            if cascade.inverse_of is not None:
                if cascade.inverse_of not in self.cascades and \
                        cascade.inverse_of not in self.rules:
                    raise _err(f"cannot invert unknown cascade '{cascade.inverse_of}'",
                               cascade.pos)
                chain = [name]
                target: str | None = cascade.inverse_of
                while target is not None and target in self.cascades:
                    if target in chain:
                        raise _err("cascade inverts itself: " + " -> ".join([*chain, target]),
                                   cascade.pos)
                    chain.append(target)
                    target = self.cascades[target].inverse_of
            else:
                self.steps(name)

    # ------------------------------------------------------------ alphabet
    def alphabet(self) -> set[str]:
        """Every character the grammar mentions; all others are 'unknown' to the FSTs."""
        chars: set[str] = set()
        for excluded in self.negated.values():
            chars.update(excluded)
        for members in self.classes.values():
            for m in members:
                chars.update(m)
        for lex in self.lexicons.values():
            for a, b, _ in lex.entries:
                chars.update(a)
                chars.update(b)
        for rule in self.rules.values():
            for expr in (rule.lhs, rule.left, rule.right):
                if expr is not None:
                    chars.update(_literal_chars(expr))
            for out in rule.outputs:
                for item in out.items:
                    if isinstance(item, Lit):
                        chars.update(item.text)
        return chars

    # ------------------------------------------------------------ expansion
    def finite_strings(self, expr: Expr, limit: int = MAX_PAIRS) -> list[str] | None:
        """All strings an expression matches, or None when there are infinitely/too many."""
        if isinstance(expr, Lit):
            return [expr.text]
        if isinstance(expr, ClassRef):
            return list(self.classes[expr.name])
        if isinstance(expr, LexRef):
            return self.lexicons[expr.name].inputs()
        if isinstance(expr, Anchor):
            return None
        if isinstance(expr, Alt):
            out: list[str] = []
            for opt in expr.options:
                part = self.finite_strings(opt, limit)
                if part is None:
                    return None
                out.extend(part)
            return list(dict.fromkeys(out)) if len(out) <= limit else None
        if isinstance(expr, Seq):
            acc = [""]
            for item in expr.items:
                part = self.finite_strings(item, limit)
                if part is None or len(acc) * len(part) > limit:
                    return None
                acc = [a + b for a in acc for b in part]
            return list(dict.fromkeys(acc))
        if isinstance(expr, Repeat):
            if expr.high is None:
                return None
            base = self.finite_strings(expr.expr, limit)
            if base is None:
                return None
            acc, out = [""], [""] if expr.low == 0 else []
            for k in range(1, expr.high + 1):
                acc = [a + b for a in acc for b in base]
                if k >= expr.low:
                    out.extend(acc)
            return list(dict.fromkeys(out))
        raise AssertionError(expr)

    def pairs(self, rule: RuleDef) -> list[tuple[str, str, float]] | None:
        """The rule as explicit (input, output, weight) string pairs, when finite.

        Output class names bind to the left-hand side: a class that appears on both
        sides copies the same member (VOWEL SHADDA -> SHADDA VOWEL); a class only on
        the right maps element by element onto the left-hand class in that position.
        """
        if rule.is_lexicon_rewrite:
            assert isinstance(rule.lhs, LexRef)
            entries = self.lexicons[rule.lhs.name].entries
            if rule.inverted:
                return [(b, a, w) for a, b, w in entries]
            return list(entries)
        uses_classes = any(isinstance(i, ClassRef) for o in rule.outputs for i in o.items)
        if not uses_classes:
            inputs = self.finite_strings(rule.lhs)
            if inputs is None:
                return None
            return [(a, "".join(i.text for i in o.items if isinstance(i, Lit)), o.weight)
                    for a in inputs for o in rule.outputs]
        slots = _slots(rule.lhs)
        if slots is None:
            raise _err("an output that names classes needs a left-hand side that is a plain "
                       "sequence of letters and classes", rule.lhs.pos if hasattr(rule.lhs, "pos")
                       else rule.pos, "remove *, +, ?, | and @lexicons from the left-hand side")
        result: list[tuple[str, str, float]] = []
        slot_names = [s.name for s in slots if isinstance(s, ClassRef)]
        for out in rule.outputs:
            named = {i.name for i in out.items if isinstance(i, ClassRef)}
            free = [k for k, s in enumerate(slots) if isinstance(s, ClassRef)
                    and s.name not in named]
            free_iter = iter(free)
            # each step: (literal text, None, None) | (None, slot, class to read the member from)
            plan: list[tuple[str | None, int | None, str | None]] = []
            for item in out.items:
                if isinstance(item, Lit):
                    plan.append((item.text, None, None))
                    continue
                count = slot_names.count(item.name)
                if count > 1:
                    raise _err(f"class {item.name} appears {count} times on the left; the output "
                               "cannot tell which one it copies", item.pos)
                if count == 1:
                    slot = next(k for k, s in enumerate(slots)
                                if isinstance(s, ClassRef) and s.name == item.name)
                    plan.append((None, slot, item.name))
                    continue
                free_slot = next(free_iter, None)
                if free_slot is None:
                    raise _err(f"output class {item.name} has no left-hand class to map from",
                               item.pos, "a class only on the right maps element by element "
                               "onto a class on the left")
                src = slots[free_slot]
                assert isinstance(src, ClassRef)
                if len(self.classes[src.name]) != len(self.classes[item.name]):
                    raise _err(f"{src.name} has {len(self.classes[src.name])} members but "
                               f"{item.name} has {len(self.classes[item.name])}; element-by-"
                               "element mapping needs equal sizes", item.pos)
                plan.append((None, free_slot, item.name))
            members = [self.classes[s.name] if isinstance(s, ClassRef) else (s.text,)
                       for s in slots]
            for combo in itertools.product(*(range(len(m)) for m in members)):
                src_text = "".join(members[k][j] for k, j in enumerate(combo))
                parts = []
                for text, where, cls in plan:
                    if text is not None:
                        parts.append(text)
                    else:
                        assert where is not None and cls is not None
                        parts.append(self.classes[cls][combo[where]])
                result.append((src_text, "".join(parts), out.weight))
                if len(result) > MAX_PAIRS:
                    raise _err(f"rule expands to more than {MAX_PAIRS} string pairs", rule.pos)
        return result


def _slots(expr: Expr) -> list[Lit | ClassRef] | None:
    if isinstance(expr, Lit | ClassRef):
        return [expr]
    if isinstance(expr, Seq) and all(isinstance(i, Lit | ClassRef) for i in expr.items):
        return [i for i in expr.items if isinstance(i, Lit | ClassRef)]
    return None


def _literal_chars(expr: Expr) -> set[str]:
    if isinstance(expr, Lit):
        return set(expr.text)
    if isinstance(expr, Seq):
        return set().union(*(_literal_chars(i) for i in expr.items)) if expr.items else set()
    if isinstance(expr, Alt):
        return set().union(*(_literal_chars(i) for i in expr.options))
    if isinstance(expr, Repeat):
        return _literal_chars(expr.expr)
    return set()


def _walk_refs(expr: Expr | None) -> Iterator[ClassRef | LexRef]:
    if expr is None:
        return
    if isinstance(expr, ClassRef | LexRef):
        yield expr
    elif isinstance(expr, Seq):
        for i in expr.items:
            yield from _walk_refs(i)
    elif isinstance(expr, Alt):
        for i in expr.options:
            yield from _walk_refs(i)
    elif isinstance(expr, Repeat):
        yield from _walk_refs(expr.expr)


def _resolve(path: Path, pos: Pos | None, what: str) -> Path:
    """``path.resolve()``, with a bad path (e.g. a NUL character) reported as a GrammarError."""
    try:
        return path.resolve()
    except (OSError, ValueError, RuntimeError) as exc:
        msg = f"bad {what} path {str(path)!r}: {exc}"
        if pos is None:
            raise GrammarError(msg) from None
        raise _err(msg, pos) from None


class _Loader:
    def __init__(self, root: Path) -> None:
        self.grammar = Grammar(str(root))
        self.loaded: set[Path] = set()
        self.hasher = hashlib.sha256()

    def load(self, path: Path, stack: list[Path], import_pos: Pos | None,
             text: str | None = None, shown: str | None = None) -> None:
        path = _resolve(path, import_pos, "rule file")
        if path in stack:
            chain = " -> ".join(p.name for p in [*stack, path])
            assert import_pos is not None
            raise _err(f"import cycle: {chain}", import_pos, "remove one of the imports")
        if path in self.loaded:
            return
        try:
            if text is None:
                text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if import_pos is None:
                raise GrammarError(f"rule file not found: {path}") from None
            raise _err(f"imported file not found: {path}", import_pos,
                       "import paths are relative to the importing file") from None
        except UnicodeDecodeError as exc:
            raise GrammarError(f"rule file is not UTF-8 ({exc.reason})", file=str(path)) from None
        except OSError as exc:  # a directory, a name too long, no permission
            msg = f"cannot read rule file {path}: {exc.strerror}"
            if import_pos is None:
                raise GrammarError(msg) from None
            raise _err(msg, import_pos) from None
        self.hasher.update(str(path).encode() + b"\0" + text.encode() + b"\0")
        self.grammar.files.append(str(path))
        module = parse(text, shown or str(path))
        is_root = not stack
        for st in module.statements:
            if isinstance(st, Import):
                self.load(path.parent / st.path, [*stack, path], st.pos)
            elif isinstance(st, ClassDef):
                self.define_class(st)
            elif isinstance(st, LexiconDef):
                self.define(self.grammar.lexicons, st.name, st.override, st.pos, "lexicon",
                            self.grammar.lexicon_pos)
                parts = []
                for part in st.paths:
                    lex_path = _resolve(path.parent / part, st.pos, "lexicon file")
                    parts.append(read_lexicon(st.name, lex_path, st.pos))
                    self.hasher.update(str(lex_path).encode() + repr(parts[-1].entries).encode())
                lex = _join_lexicons(parts, st.pos)
                if st.ignoring is not None:
                    if st.ignoring not in self.grammar.classes:
                        raise _err(f"unknown class {st.ignoring} after 'ignoring'", st.pos,
                                   "define the class (or import it) before the lexicon")
                    lex = dataclasses.replace(
                        lex, ignoring=frozenset(self.grammar.classes[st.ignoring]))
                self.grammar.lexicons[st.name] = lex
                self.grammar.lexicon_pos[st.name] = st.pos
            elif isinstance(st, RuleDef):
                self.define_rule(st)
            elif isinstance(st, Disable):
                if st.name not in self.grammar.rules:
                    raise _err(f"cannot disable unknown rule '{st.name}'", st.pos)
                self.grammar.disabled.add(st.name)
            elif isinstance(st, CascadeDef):
                exists = st.name in self.grammar.cascades or st.name in self.grammar.rules
                if exists and not st.override:
                    raise _err(f"'{st.name}' is already defined", st.pos,
                               "use 'override cascade' to replace it in an overlay")
                if st.override and not exists:
                    raise _err(f"'override' of unknown cascade '{st.name}'", st.pos)
                self.grammar.cascades[st.name] = st
            elif isinstance(st, TestDef) and is_root:
                self.grammar.tests.append(st)
            elif isinstance(st, GoldenDef) and is_root:
                self.grammar.goldens.append(
                    GoldenDef(st.cascade, str(_resolve(path.parent / st.path, st.pos,
                                                       "golden file")), st.pos))
        self.loaded.add(path)

    def define(self, table: Mapping[str, object], name: str, override: bool, pos: Pos, kind: str,
               positions: dict[str, Pos]) -> None:
        if name in table and not override:
            raise _err(f"{kind} '{name}' is already defined at {positions.get(name)}", pos,
                       f"use 'override {kind}' to replace it on purpose")
        if override and name not in table:
            raise _err(f"'override' of unknown {kind} '{name}'", pos)

    def define_class(self, st: ClassDef) -> None:
        g = self.grammar
        self.define(g.classes, st.name, st.override, st.pos, "class",
                    g.class_pos)
        if len(st.include) == 1 and isinstance(st.include[0], ClassRef) and \
                st.include[0].name == "ANY":
            excluded = tuple(self.expand_terms(st.exclude))
            if any(len(m) != 1 for m in excluded):
                raise _err("'ANY - ...' can only exclude single characters", st.pos)
            g.negated[st.name] = excluded
            g.classes[st.name] = ()
            g.class_pos[st.name] = st.pos
            return
        members = self.expand_terms(st.include)
        drop = set(self.expand_terms(st.exclude))
        result = tuple(m for m in members if m not in drop)
        if not result:
            raise _err(f"class {st.name} is empty", st.pos)
        g.classes[st.name] = result
        g.class_pos[st.name] = st.pos

    def expand_terms(self, terms: tuple[ClassTerm, ...]) -> list[str]:
        out: list[str] = []
        for t in terms:
            if isinstance(t, Lit):
                out.append(t.text)
            elif isinstance(t, Range):
                out.extend(chr(c) for c in range(t.low, t.high + 1)
                           if not 0xD800 <= c <= 0xDFFF)
            else:
                if t.name in self.grammar.negated or t.name == "ANY":
                    raise _err(f"{t.name} stands for every character and cannot be combined "
                               "into another class", t.pos, "write: class X = ANY - A B C")
                if t.name not in self.grammar.classes:
                    raise _err(f"unknown class {t.name}", t.pos, self.class_hint(t.name))
                out.extend(self.grammar.classes[t.name])
        return out  # order and repeats kept: element-by-element maps need both

    def class_hint(self, name: str) -> str:
        close = [c for c in self.grammar.classes if c.startswith(name[:3])]
        hint = 'classes must be defined before use; quote "TEXT" if you meant letters'
        return hint + (f"; did you mean {', '.join(close[:3])}?" if close else "")

    def define_rule(self, st: RuleDef) -> None:
        g = self.grammar
        self.define(g.rules, st.name, st.override, st.pos, "rule",
                    {k: v.pos for k, v in g.rules.items()})
        if st.name in g.cascades:
            raise _err(f"'{st.name}' is already a cascade", st.pos)
        for expr in (st.lhs, st.left, st.right):
            for ref in _walk_refs(expr):
                if isinstance(ref, ClassRef) and ref.name == "ANY":
                    continue
                if isinstance(ref, ClassRef) and ref.name not in g.classes:
                    raise _err(f"unknown class {ref.name}", ref.pos, self.class_hint(ref.name))
                if isinstance(ref, LexRef) and ref.name not in g.lexicons:
                    raise _err(f"unknown lexicon @{ref.name}", ref.pos,
                               "declare it first: lexicon NAME = \"file.tsv\"")
        for ref in _walk_refs(st.lhs):
            if isinstance(ref, ClassRef) and ref.name in g.negated:
                raise _err(f"{ref.name} (ANY - ...) may appear only in a context", ref.pos,
                           "a rule rewrites only characters the grammar names")
        for out in st.outputs:
            for item in out.items:
                if isinstance(item, ClassRef) and item.name in g.negated:
                    raise _err(f"{item.name} (ANY - ...) cannot appear in an output", item.pos)
                if isinstance(item, ClassRef) and item.name not in g.classes:
                    raise _err(f"unknown class {item.name}", item.pos, self.class_hint(item.name))
        if st.unless is not None and st.unless not in g.lexicons:
            raise _err(f"unknown lexicon @{st.unless}", st.pos)
        for side, expr in (("left", st.left), ("right", st.right)):
            bad = _misplaced_edge(expr, side, True) if expr is not None else None
            if bad is not None:
                sym = "^" if bad.kind == "start" else "$"
                where = "at the start of the left context" if bad.kind == "start" else \
                    "at the end of the right context"
                raise _err(f"'{sym}' ({bad.kind} of text) can only stand {where}", bad.pos,
                           "e.g. ^ _ or (^ | \" \") _ for a text start, _ $ for a text end")
        g.rules[st.name] = st
        g.disabled.discard(st.name)
        g.pairs(st)  # surfaces binding mistakes now, with their position


def load_grammar(path: str | Path) -> Grammar:
    """Load a rule file and everything it imports; raise GrammarError on any mistake."""
    root = Path(path)
    loader = _Loader(root.resolve())
    loader.load(root, [], None)
    grammar = loader.grammar
    grammar.digest = loader.hasher.hexdigest()
    grammar.check()
    return grammar


def _misplaced_edge(expr: Expr, side: str, edge: bool) -> Anchor | None:
    """A ``^``/``$`` that is not at the outer edge of its context (nothing can match there)."""
    if isinstance(expr, Anchor):
        wanted = "start" if side == "left" else "end"
        if expr.kind == "word":
            return None
        return None if edge and expr.kind == wanted else expr
    if isinstance(expr, Alt):
        for option in expr.options:
            bad = _misplaced_edge(option, side, edge)
            if bad is not None:
                return bad
    elif isinstance(expr, Seq):
        outer = 0 if side == "left" else len(expr.items) - 1
        for k, item in enumerate(expr.items):
            bad = _misplaced_edge(item, side, edge and k == outer)
            if bad is not None:
                return bad
    elif isinstance(expr, Repeat):
        return _misplaced_edge(expr.expr, side, False)
    return None


def load_grammar_text(text: str, name: str = "<string>", base: Path | None = None) -> Grammar:
    """Load rules given as text; imports and lexicon paths resolve against ``base``."""
    root = (base or Path.cwd()) / "<string>.rules"
    loader = _Loader(root.resolve())
    loader.load(root, [], None, text=text, shown=name)
    grammar = loader.grammar
    grammar.root = name
    grammar.digest = loader.hasher.hexdigest()
    grammar.check()
    return grammar
