"""Running cascades: the fast path by default, the FST on request, n-best and traces.

``Cascade`` is what the text modules (normalize, romanize, ...) hold. Loading a
grammar parses rule files only; pynini FSTs are compiled (and cached on disk)
the first time a rule without a fast form, an n-best or an FST check needs them.
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from arabic_nlp.fst.batch import MIN_BATCH_CHARS, BatchPlan
from arabic_nlp.fst.fastpath import FastStep, Substitute, Translate, fast_plan
from arabic_nlp.fst.grammar import Grammar, load_grammar
from arabic_nlp.fst.syntax import RuleDef

if TYPE_CHECKING:
    from arabic_nlp.fst.compiler import FstCompiler


@dataclass(frozen=True)
class Change:
    """One span a rule rewrote: offsets into the text before that rule ran."""

    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True)
class TraceStep:
    """What one rule did to the text (only rules that changed something are reported)."""

    rule: str
    where: str  # file:line of the rule
    comment: str
    before: str
    after: str
    changes: tuple[Change, ...]


class Cascade:
    """An ordered cascade of rules from one grammar, ready to apply to text."""

    def __init__(self, grammar: Grammar, name: str) -> None:
        self.grammar = grammar
        self.name = name
        decl = grammar.cascades.get(name)
        self.inverse_of = decl.inverse_of if decl is not None else None
        self.rules: list[RuleDef] = [] if self.inverse_of else grammar.steps(name)
        self.plan: list[FastStep | RuleDef] | None = (
            None if self.inverse_of else fast_plan(grammar, self.rules))
        # A weighted or optional FST step makes the best output a property of the whole
        # cascade (later weights can outvote earlier choices): then run it as one lattice.
        self.global_choice = self.plan is None or any(
            isinstance(s, RuleDef) and _has_choices(grammar, s) for s in self.plan)
        self._compiler: FstCompiler | None = None
        self._batch: BatchPlan | None = None
        self._lock = threading.Lock()

    @property
    def fully_fast(self) -> bool:
        """True when no step of the cascade needs pynini at run time."""
        return self.plan is not None and all(not isinstance(s, RuleDef) for s in self.plan)

    def compiler(self) -> FstCompiler:
        """The pynini compiler of this grammar, built on first use (imports pynini)."""
        with self._lock:
            if self._compiler is None:
                from arabic_nlp.fst.compiler import FstCompiler

                self._compiler = FstCompiler(self.grammar)
            return self._compiler

    def __call__(self, text: str) -> str:
        return self.apply(text)

    def apply(self, text: str, *, fst: bool = False) -> str:
        """The cascade's best output for ``text``; ``fst=True`` uses the reference FSTs."""
        if fst or self.plan is None or self.global_choice:
            return self.nbest(text, 1)[0][0]
        for step in self.plan:
            if isinstance(step, RuleDef):
                comp = self.compiler()
                text = comp.apply([comp.rule(step)], text)[0][0]
            else:
                text = step(text)
        return text

    def apply_batch(self, texts: list[str]) -> list[str] | None:
        """Outputs for many texts through the joined-batch runtime (arabic_nlp/fst/batch.py),
        or None when it does not apply (an FST step, a small batch, an unusual text)."""
        if not self.fully_fast or self.global_choice or \
                sum(map(len, texts)) + len(texts) < MIN_BATCH_CHARS:
            return None
        with self._lock:
            if self._batch is None:
                assert self.plan is not None
                self._batch = BatchPlan([s for s in self.plan if not isinstance(s, RuleDef)])
        return self._batch.run(texts)

    def nbest(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        """Up to ``k`` distinct outputs with their costs (lower is better), via the FSTs."""
        comp = self.compiler()
        return list(comp.apply(comp.cascade(self.name), text, nbest=k))

    def trace(self, text: str, *, fst: bool = False) -> list[TraceStep]:
        """Apply rule by rule and report each rule that changed the text, and where."""
        steps: list[TraceStep] = []
        for rule in self.rules:
            after = self._apply_rule(rule, text, fst)
            if after != text:
                changes = tuple(_diff(text, after))
                steps.append(TraceStep(rule.name, f"{rule.pos.file}:{rule.pos.line}",
                                       rule.comment, text, after, changes))
            text = after
        return steps

    def _apply_rule(self, rule: RuleDef, text: str, fst: bool) -> str:
        if not fst:
            from arabic_nlp.fst.fastpath import fast_step

            step = fast_step(self.grammar, rule)
            if step is not None:
                return step(text)
        comp = self.compiler()
        return str(comp.apply([comp.rule(rule)], text)[0][0])

    def describe_plan(self) -> list[str]:
        """How each step runs: 'translate', 'regex' or 'fst', with rule names."""
        if self.plan is None:
            return [f"fst: invert {self.inverse_of}"]
        out = []
        for step in self.plan:
            if isinstance(step, Translate):
                out.append("translate: " + ", ".join(step.names))
            elif isinstance(step, Substitute):
                out.append("regex: " + ", ".join(step.names))
            else:
                out.append("fst: " + step.name)
        return out


def _has_choices(grammar: Grammar, rule: RuleDef) -> bool:
    """True when a rule can yield several outputs for one input (optional or weighted)."""
    if rule.optional:
        return True
    pairs = grammar.pairs(rule)
    if pairs is None:
        return len(rule.outputs) > 1 or any(o.weight for o in rule.outputs)
    seen: set[str] = set()
    for src, _, weight in pairs:
        if weight or src in seen:
            return True
        seen.add(src)
    return False


def _diff(before: str, after: str) -> list[Change]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [Change(i1, i2, before[i1:i2], after[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


@lru_cache(maxsize=64)
def _grammar_for(path: str, mtime_ns: int) -> Grammar:
    return load_grammar(path)


def grammar(path: str | Path) -> Grammar:
    """Load (once per file version) the grammar of a rule file."""
    p = Path(path).resolve()
    return _grammar_for(str(p), p.stat().st_mtime_ns if p.exists() else 0)


@lru_cache(maxsize=128)
def _cascade_for(path: str, mtime_ns: int, name: str) -> Cascade:
    return Cascade(_grammar_for(path, mtime_ns), name)


def cascade(path: str | Path, name: str) -> Cascade:
    """The named cascade of a rule file, built once per file version and reused."""
    p = Path(path).resolve()
    return _cascade_for(str(p), p.stat().st_mtime_ns if p.exists() else 0, name)
