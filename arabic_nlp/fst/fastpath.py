"""A faster runtime for the rules whose FST behaviour a plain Python form reproduces exactly.

* context-free rules that rewrite single characters become ``str.translate``
  tables (consecutive ones merge into one table);
* other simultaneous obligatory rules with finite inputs become one ``regex``
  substitution with look-behind/look-ahead for the contexts.

Rules outside these shapes (optional, weighted alternatives, ``ltr``/``rtl``,
``unless`` exceptions, infinite inputs) have no fast form and run as FSTs.
tests/test_fastpath_equivalence.py checks that both runtimes agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import regex

from arabic_nlp.fst.alphabet import NONWORD_RE
from arabic_nlp.fst.grammar import Grammar
from arabic_nlp.fst.syntax import Alt, Anchor, ClassRef, Expr, LexRef, Lit, Repeat, RuleDef, Seq


@dataclass
class Translate:
    """A context-free character map."""

    table: dict[int, str]
    names: tuple[str, ...]

    def __call__(self, text: str) -> str:
        return str(text.translate(self.table))

    def then(self, other: Translate) -> Translate:
        """The single table equal to applying self, then other."""
        merged: dict[int, str] = {}
        for cp in set(self.table) | set(other.table):
            first = self.table.get(cp, chr(cp))
            merged[cp] = first.translate(other.table)
        return Translate({k: v for k, v in merged.items() if v != chr(k)},
                         self.names + other.names)


@dataclass
class Substitute:
    """One regex substitution standing for a context-dependent rewrite."""

    pattern: regex.Pattern[str]
    replace: str | Callable[[regex.Match[str]], str]
    names: tuple[str, ...]

    def __call__(self, text: str) -> str:
        return str(self.pattern.sub(self.replace, text))


FastStep = Translate | Substitute


def _char_set(chars: list[str]) -> str:
    return "[" + "".join(regex.escape(c, special_only=False) for c in chars) + "]"


def _alternation(strings: list[str]) -> str:
    strings = sorted(set(strings), key=lambda s: (-len(s), s))
    if all(len(s) == 1 for s in strings):
        return _char_set(strings)
    return "(?:" + "|".join(regex.escape(s) for s in strings) + ")"


class _RegexWriter:
    def __init__(self, grammar: Grammar) -> None:
        self.g = grammar

    def expr(self, e: Expr, side: str, edge: bool) -> str:
        if isinstance(e, Lit):
            return str(regex.escape(e.text))
        if isinstance(e, ClassRef) and (e.name == "ANY" or e.name in self.g.negated):
            excluded = self.g.negated.get(e.name, ())
            if not excluded:
                return r"[\s\S]"
            return "[^" + "".join(regex.escape(c, special_only=False) for c in excluded) + "]"
        if isinstance(e, ClassRef):
            return _alternation(list(self.g.classes[e.name]))
        if isinstance(e, LexRef):
            return _alternation(self.g.lexicons[e.name].inputs())
        if isinstance(e, Anchor):
            if e.kind == "word":
                if edge:
                    return rf"(?:\A|{NONWORD_RE})" if side == "left" else rf"(?:\Z|{NONWORD_RE})"
                return NONWORD_RE
            return r"\A" if e.kind == "start" else r"\Z"
        if isinstance(e, Seq):
            last = len(e.items) - 1
            return "".join(self.expr(item, side, edge and ((side == "left" and k == 0) or
                                                         (side == "right" and k == last)))
                           for k, item in enumerate(e.items))
        if isinstance(e, Alt):
            return "(?:" + "|".join(self.expr(o, side, edge) for o in e.options) + ")"
        if isinstance(e, Repeat):
            high = "" if e.high is None else str(e.high)
            return f"(?:{self.expr(e.expr, side, False)}){{{e.low},{high}}}"
        raise AssertionError(e)


def fast_step(grammar: Grammar, rule: RuleDef) -> FastStep | None:
    """The fast form of a rule, or None when only the FST gives its exact behaviour."""
    if rule.optional or rule.direction != "sim" or rule.unless is not None:
        return None
    pairs = grammar.pairs(rule)
    if pairs is None:
        return None
    mapping: dict[str, str] = {}
    for src, dst, _ in pairs:
        if src in mapping and mapping[src] != dst:
            return None  # alternatives: the FST's weights decide
        mapping[src] = dst
    if not mapping or "" in mapping:
        return None  # insertions have no regex equivalent we trust
    if rule.left is None and rule.right is None and all(len(s) == 1 for s in mapping):
        return Translate({ord(s): d for s, d in mapping.items()}, (rule.name,))
    if len(mapping) > 1 and not _prefix_free(list(mapping)):
        return None  # overlapping inputs: the FST may pick a different segmentation
    writer = _RegexWriter(grammar)
    body = _alternation(list(mapping))
    left = f"(?<={writer.expr(rule.left, 'left', True)})" if rule.left is not None else ""
    right = f"(?={writer.expr(rule.right, 'right', True)})" if rule.right is not None else ""
    pattern = regex.compile(left + body + right, regex.V0)
    outputs = set(mapping.values())
    replace: str | Callable[[regex.Match[str]], str]
    if len(outputs) == 1 and "\\" not in next(iter(outputs)):
        replace = next(iter(outputs))
    else:
        replace = _lookup(mapping)
    return Substitute(pattern, replace, (rule.name,))


def _lookup(mapping: dict[str, str]) -> Callable[[regex.Match[str]], str]:
    def replace(m: regex.Match[str]) -> str:
        return mapping[str(m.group())]

    return replace


def _prefix_free(strings: list[str]) -> bool:
    ordered = sorted(strings)
    return all(not b.startswith(a) for a, b in itertools.pairwise(ordered))


def fast_plan(grammar: Grammar, rules: list[RuleDef]) -> list[FastStep | RuleDef]:
    """Fast steps where possible (adjacent translate tables merged), rules elsewhere."""
    plan: list[FastStep | RuleDef] = []
    for rule in rules:
        step = fast_step(grammar, rule)
        if step is None:
            plan.append(rule)
        elif isinstance(step, Translate) and plan and isinstance(plan[-1], Translate):
            plan[-1] = plan[-1].then(step)
        else:
            plan.append(step)
    return plan
