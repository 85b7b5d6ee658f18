"""Compile a :class:`Grammar` to pynini FSTs: the reference semantics of every rule.

Each rule becomes one context-dependent rewrite (``pynini.cdrewrite``) over the
grammar's own alphabet plus two placeholders for unknown characters (see
:mod:`arabic_nlp.fst.alphabet`). A cascade is the sequence of its rules' FSTs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pynini

from arabic_nlp.errors import GrammarError
from arabic_nlp.fst.alphabet import OTHER_NONWORD, OTHER_WORD, PLACEHOLDERS, decode, encode
from arabic_nlp.fst.alphabet import is_word_char as _is_word
from arabic_nlp.fst.grammar import Grammar
from arabic_nlp.fst.syntax import Alt, Anchor, ClassRef, Expr, LexRef, Lit, Repeat, RuleDef, Seq

TOKEN_TYPE = "utf8"
COMPILER_VERSION = "2"  # bump whenever compiled output can change
Fst = Any  # pynini.Fst; pynini ships no type information


def _accep(text: str) -> Fst:
    return pynini.accep(pynini.escape(text), token_type=TOKEN_TYPE)


def cache_dir() -> Path | None:
    """Where compiled FSTs are kept, keyed by content hash; None disables the cache."""
    env = os.environ.get("ARABIC_NLP_CACHE")
    if env == "0":
        return None
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    version = f"fst-v{COMPILER_VERSION}-pynini{getattr(pynini, '__version__', '0')}"
    return (base if env else base / "arabic-nlp") / version


class FstCompiler:
    """Builds (and caches) the FST of every rule of one grammar."""

    def __init__(self, grammar: Grammar) -> None:
        self.g = grammar
        chars = grammar.alphabet()
        clash = chars & PLACEHOLDERS
        if clash:
            raise GrammarError("the grammar uses reserved characters U+FDD0/U+FDD1",
                               file=grammar.root)
        self.alphabet = frozenset(chars)
        word = [*sorted(c for c in chars if _is_word(c)), OTHER_WORD]
        nonword = [*sorted(c for c in chars if not _is_word(c)), OTHER_NONWORD]
        self.word = pynini.union(*(_accep(c) for c in word)).optimize()
        self.nonword = pynini.union(*(_accep(c) for c in nonword)).optimize()
        self.sigma = pynini.union(self.word, self.nonword).optimize()
        self.sigma_star = pynini.closure(self.sigma).optimize()
        self._rules: dict[str, Fst] = {}

    # ------------------------------------------------------------ expressions
    def expr(self, e: Expr, side: str = "", edge: bool = False) -> Fst:
        """An acceptor for an expression; ``side`` is 'left'/'right' inside contexts."""
        if isinstance(e, Lit):
            return _accep(e.text)
        if isinstance(e, ClassRef) and (e.name == "ANY" or e.name in self.g.negated):
            excluded = self.g.negated.get(e.name, ())
            if not excluded:
                return self.sigma
            return pynini.difference(
                self.sigma, pynini.union(*(_accep(c) for c in excluded))).optimize()
        if isinstance(e, ClassRef):
            return pynini.union(*(_accep(m) for m in self.g.classes[e.name])).optimize()
        if isinstance(e, LexRef):
            words = self.g.lexicons[e.name].inputs()
            return pynini.union(*(_accep(w) for w in words)).optimize()
        if isinstance(e, Anchor):
            return self.anchor(e, side, edge)
        if isinstance(e, Seq):
            if not e.items:
                return _accep("")
            last = len(e.items) - 1
            parts = [self.expr(item, side, edge and ((side == "left" and k == 0) or
                                                     (side == "right" and k == last)))
                     for k, item in enumerate(e.items)]
            out = parts[0]
            for p in parts[1:]:
                out = out + p
            return out.optimize()
        if isinstance(e, Alt):
            return pynini.union(*(self.expr(o, side, edge) for o in e.options)).optimize()
        if isinstance(e, Repeat):
            inner = self.expr(e.expr, side, False)
            if e.high is None:
                return pynini.closure(inner, e.low).optimize()
            return pynini.closure(inner, e.low, e.high).optimize()
        raise AssertionError(e)

    def anchor(self, e: Anchor, side: str, edge: bool) -> Fst:
        special = {"left": "[BOS]", "right": "[EOS]"}.get(side, "")
        if e.kind == "word":
            if edge and special:
                return pynini.union(pynini.accep(special, token_type=TOKEN_TYPE), self.nonword)
            return self.nonword
        wanted = "left" if e.kind == "start" else "right"
        if side != wanted or not edge:
            sym = "^" if e.kind == "start" else "$"
            where = ("the far left of the left" if e.kind == "start"
                     else "the far right of the right")
            raise GrammarError(f"'{sym}' can only stand at {where} context",
                               file=e.pos.file, line=e.pos.line, col=e.pos.col)
        return pynini.accep(special, token_type=TOKEN_TYPE)

    # ------------------------------------------------------------ rules
    def tau(self, rule: RuleDef) -> Fst:
        """The rule's change, without its context: a transducer from inputs to outputs."""
        pairs = self.g.pairs(rule)
        if pairs is not None:
            if not pairs:
                raise GrammarError(f"rule '{rule.name}' rewrites nothing", file=rule.pos.file,
                                   line=rule.pos.line)
            return pynini.string_map(
                [(pynini.escape(a), pynini.escape(b), str(w)) for a, b, w in pairs],
                input_token_type=TOKEN_TYPE, output_token_type=TOKEN_TYPE).optimize()
        lhs = self.expr(rule.lhs)
        alts = []
        for out in rule.outputs:
            text = "".join(i.text for i in out.items if isinstance(i, Lit))
            alts.append(pynini.cross(lhs, _accep(text)) + pynini.accep("", weight=out.weight))
        return pynini.union(*alts).optimize()

    def rule(self, rule: RuleDef) -> Fst:
        key = f"{rule.name}"
        if key in self._rules:
            return self._rules[key]
        cached = self._read_cache(rule)
        if cached is not None:
            self._rules[key] = cached
            return cached
        left = self.expr(rule.left, "left", True) if rule.left is not None else _accep("")
        right = self.expr(rule.right, "right", True) if rule.right is not None else _accep("")
        try:
            fst = pynini.cdrewrite(self.tau(rule), left, right, self.sigma_star,
                                   direction=rule.direction,  # type: ignore[arg-type]
                                   mode="opt" if rule.optional else "obl").optimize()
        except pynini.FstOpError as exc:  # type: ignore[attr-defined]
            raise GrammarError(f"rule '{rule.name}' cannot be compiled: {exc}",
                               file=rule.pos.file, line=rule.pos.line, col=rule.pos.col,
                               hint="a context must be a regular language without outputs") \
                from None
        if rule.unless is not None:
            fst = self._word_by_word(fst, rule.unless, rule.only)
        self._rules[key] = fst
        self._write_cache(rule, fst)
        return fst

    def _word_by_word(self, fst: Fst, lexicon: str, only: bool = False) -> Fst:
        """Apply ``fst`` to each word on its own, leaving words of ``lexicon`` untouched
        (``unless``) or leaving every other word untouched (``only``)."""
        lex = self.g.lexicons[lexicon]
        words = pynini.closure(self.word, 1).optimize()
        if not lex.inputs():  # an empty lexicon: an impossible word stands for "none"
            listed = pynini.intersect(words, pynini.accep("")).optimize()
        else:
            listed = pynini.union(*(_accep(w) for w in lex.inputs())).optimize()
        if lex.ignoring and lex.inputs():
            # a word matches when it equals an entry once the ignored characters are gone
            drop = pynini.union(*(pynini.cross(_accep(c), "") for c in sorted(lex.ignoring)))
            keep = pynini.difference(self.word, pynini.union(*map(_accep, sorted(lex.ignoring))))
            strip = pynini.closure(pynini.union(drop, keep)).optimize()
            listed = pynini.project(pynini.compose(strip, listed), "input").optimize()
            listed = pynini.intersect(words, listed).optimize()
        others = pynini.difference(words, listed).optimize()
        if only:
            listed, others = others, listed
        word_fst = pynini.union(listed, pynini.compose(others, fst)).optimize()
        gaps = pynini.closure(self.nonword)
        between = pynini.closure(self.nonword, 1)
        sentence = gaps + pynini.closure(word_fst + pynini.closure(between + word_fst), 0, 1) \
            + gaps
        return sentence.optimize()

    def cascade(self, name: str) -> list[Fst]:
        """The FSTs of a cascade's rules, in order (an inverted cascade gives one FST)."""
        cascade = self.g.cascades.get(name)
        if cascade is not None and cascade.inverse_of is not None:
            inner = self.cascade(cascade.inverse_of)
            composed = inner[0]
            for f in inner[1:]:
                composed = pynini.compose(composed, f)
            return [pynini.invert(composed).optimize()]
        return [self.rule(r) for r in self.g.steps(name)]

    def composed(self, name: str) -> Fst:
        """One FST for a whole cascade (for FAR export and other runtimes)."""
        fsts = self.cascade(name)
        out = fsts[0] if fsts else self.sigma_star
        for f in fsts[1:]:
            out = pynini.compose(out, f).optimize()
        return out

    # ------------------------------------------------------------ cache
    def _cache_path(self, rule: RuleDef) -> Path | None:
        base = cache_dir()
        if base is None or not self.g.digest:
            return None
        return base / self.g.digest[:32] / f"{rule.name}.fst"

    def _read_cache(self, rule: RuleDef) -> Fst | None:
        path = self._cache_path(rule)
        if path is None or not path.exists():
            return None
        try:
            return pynini.Fst.read(str(path))
        except Exception:  # a corrupt cache entry is rebuilt, never fatal
            return None

    def _write_cache(self, rule: RuleDef, fst: Fst) -> None:
        path = self._cache_path(rule)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            fst.write(str(tmp))
            tmp.replace(path)
        except OSError:
            pass  # read-only home: work without a cache

    # ------------------------------------------------------------ applying
    def apply(self, fsts: Sequence[Fst], text: str, nbest: int = 1) -> list[tuple[str, float]]:
        """Run text through FSTs; the ``nbest`` cheapest distinct outputs with their costs."""
        encoded, unknown = encode(text, self.alphabet)
        lattice = _accep(encoded)
        for f in fsts:
            # epsilons are removed once at the end: per step it costs a quarter of the time
            lattice = pynini.compose(lattice, f)
            lattice.project("output")
            if lattice.start() == -1 or lattice.num_states() == 0:
                raise GrammarError("a rule left no output for this input (a rule that "
                                   "can fail to apply)", file=self.g.root)
        best = pynini.shortestpath(lattice.rmepsilon(), nshortest=nbest, unique=True)
        results = []
        for out, weight in _paths(best):
            results.append((decode(out, unknown), weight))
        results.sort(key=lambda x: x[1])
        return results


def _paths(fst: Fst) -> list[tuple[str, float]]:
    it = fst.paths(output_token_type=TOKEN_TYPE)
    out = []
    while not it.done():
        out.append((it.ostring(), float(it.weight())))
        it.next()
    return out
