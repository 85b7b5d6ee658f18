"""A faster runtime for the rules whose FST behaviour a plain Python form reproduces exactly.

* context-free rules that rewrite single characters become ``str.translate``
  tables (consecutive ones merge into one table);
* other simultaneous obligatory rules with finite inputs become one ``regex``
  substitution with look-behind/look-ahead for the contexts.

Rules outside these shapes (optional, weighted alternatives, ``ltr``/``rtl``,
``unless`` exceptions, infinite inputs) have no fast form and run as FSTs.
tests/test_normalize.py and tests/test_batch.py check that the runtimes agree.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import regex

from arabic_nlp.fst.alphabet import NONWORD_RE, WORD_CLASS, is_word_char
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
    """One regex substitution standing for a context-dependent rewrite.

    ``batch_pattern`` is the same rewrite for many texts joined by ``BATCH_SEP``
    (anchors see the separator as a text edge, no context reaches across it);
    every match contains one of ``needles`` when they are known (else None).
    """

    pattern: regex.Pattern[str] | re.Pattern[str]
    replace: str | Callable[[regex.Match[str]], str]
    names: tuple[str, ...]
    batch_pattern: regex.Pattern[str] | re.Pattern[str] | None = None
    needles: frozenset[str] | None = None
    inputs: frozenset[str] = frozenset()
    outputs: frozenset[str] = frozenset()

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


# Joins the texts of a batch (see arabic_nlp/fst/batch.py): a noncharacter that no
# text is expected to hold; a batch holding it, or a grammar naming it, runs text by text.
BATCH_SEP = "\ufdd2"


class _RegexWriter:
    """Regex source for rule contexts; with ``sep``, for texts joined by that separator."""

    def __init__(self, grammar: Grammar, sep: str | None = None) -> None:
        self.g = grammar
        self.sep = sep
        self.nonword = NONWORD_RE if sep is None else f"[^{WORD_CLASS}{regex.escape(sep)}]"

    def expr(self, e: Expr, side: str, edge: bool) -> str:
        sep = "" if self.sep is None else regex.escape(self.sep, special_only=False)
        if isinstance(e, Lit):
            return str(regex.escape(e.text))
        if isinstance(e, ClassRef) and (e.name == "ANY" or e.name in self.g.negated):
            excluded = self.g.negated.get(e.name, ())
            if not excluded and not sep:
                return r"[\s\S]"
            return "[^" + "".join(regex.escape(c, special_only=False) for c in excluded) + sep + "]"
        if isinstance(e, ClassRef):
            return _alternation(list(self.g.classes[e.name]))
        if isinstance(e, LexRef):
            return _alternation(self.g.lexicons[e.name].inputs())
        if isinstance(e, Anchor):
            if self.sep is not None:  # a text edge is the separator next to it
                if e.kind == "word":
                    return f"(?:{sep}|{self.nonword})" if edge else self.nonword
                return sep
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
    if rule.optional or rule.direction != "sim":
        return None
    if rule.unless is not None:
        return _word_by_word(grammar, rule, rule.unless)
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
    if len(mapping) > 1 and not _prefix_free(list(mapping)) and \
            not _ends_words(rule, list(mapping)):
        return None  # overlapping inputs: the FST may pick a different segmentation
    pattern = _compile(_RegexWriter(grammar), rule, mapping)
    batch_pattern = _compile(_RegexWriter(grammar, BATCH_SEP), rule, mapping)
    outputs = set(mapping.values())
    replace: str | Callable[[regex.Match[str]], str]
    if len(outputs) == 1 and "\\" not in next(iter(outputs)):
        replace = next(iter(outputs))
    else:
        replace = _lookup(mapping)
    return Substitute(pattern, replace, (rule.name,), batch_pattern,
                      _needles(grammar, rule, list(mapping)), frozenset(mapping),
                      frozenset(outputs))


_WORD_RUN = f"[{WORD_CLASS}]+"
MAX_ONLY_WORDS = 200  # an "only" lexicon up to this size becomes one alternation


def _word_by_word(grammar: Grammar, rule: RuleDef, lexicon: str) -> Substitute | None:
    """``rule ... unless @lex``: the rule's fast form applied to each word on its own
    (its contexts see only that word, as in the FST), skipping the lexicon's words."""
    inner = fast_step(grammar, dataclasses.replace(rule, unless=None, only=False))
    if inner is None:
        return None
    lex = grammar.lexicons[lexicon]
    listed = frozenset(lex.inputs())
    drop = {ord(c): None for c in lex.ignoring}
    only = rule.only

    def each_word(m: regex.Match[str]) -> str:
        word = str(m.group())
        key = word.translate(drop) if drop else word
        return inner(word) if (key in listed) == only else word

    inputs = frozenset(chr(k) for k in inner.table) if isinstance(inner, Translate) \
        else inner.inputs
    pattern = regex.compile(_WORD_RUN)
    w = f"[{WORD_CLASS}]"
    if only and not listed:
        pattern = regex.compile("(?!)")  # an empty 'only' lexicon: the rule never applies
    elif only and len(listed) <= MAX_ONLY_WORDS:
        # 'only': match just the lexicon's words (with any ignored characters inside)
        gap = f"{_char_set(sorted(lex.ignoring))}*" if lex.ignoring else ""
        words = sorted(listed, key=lambda e: (-len(e), e))
        alts = "|".join(gap + gap.join(regex.escape(c) for c in e) + gap for e in words)
        pattern = regex.compile(f"(?<!{w})(?:{alts})(?!{w})")
    elif inputs and len(inputs) <= MAX_NEEDLES and all(is_word_char(c) for i in inputs for c in i):
        # only the words that hold one of the rule's inputs can change: find the inputs,
        # then widen each hit to its word
        pattern = _NeedleWords(regex.compile(_alternation(list(inputs))))
    outputs = frozenset(inner.table.values()) if isinstance(inner, Translate) \
        else inner.outputs
    return Substitute(pattern, each_word, (rule.name,), pattern, inputs, inputs, outputs)


class _WordMatch:
    """The part of a regex match that a word-by-word callback reads: the word."""

    __slots__ = ("word",)

    def __init__(self, word: str) -> None:
        self.word = word

    def group(self) -> str:
        return self.word


class _NeedleWords:
    """A stand-in for a compiled pattern whose ``sub`` hands the callback each whole word
    (a run of word characters) that holds a needle. One scan finds the needles; each hit
    is widened to its word by two anchored matches, one of them run backwards."""

    _BACK = regex.compile(f"[{WORD_CLASS}]*", regex.REVERSE)
    _AHEAD = regex.compile(f"[{WORD_CLASS}]*")

    def __init__(self, needles: regex.Pattern[str]) -> None:
        self.needles = needles

    def sub(self, repl: Callable[[_WordMatch], str], text: str) -> str:
        out: list[str] = []
        last = 0
        for hit in self.needles.finditer(text):
            if hit.start() < last:
                continue  # in a word already done
            back = self._BACK.match(text, last, hit.start())
            ahead = self._AHEAD.match(text, hit.end())
            start = back.start() if back else hit.start()
            end = ahead.end() if ahead else hit.end()
            out += (text[last:start], repl(_WordMatch(text[start:end])))
            last = end
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)


def _compile(writer: _RegexWriter, rule: RuleDef,
             mapping: dict[str, str]) -> regex.Pattern[str] | re.Pattern[str]:
    body = _alternation(list(mapping))
    left = writer.expr(rule.left, "left", True) if rule.left is not None else None
    right = f"(?={writer.expr(rule.right, 'right', True)})" if rule.right is not None else ""
    widths = {len(s) for s in mapping}
    if writer.sep is not None and len(widths) == 1:
        # The body first, then the left context checked behind it: the stdlib engine
        # then scans for the body's characters instead of trying every position.
        behind = f"(?<={left}.{{{widths.pop()}}})" if left is not None else ""
        try:
            return re.compile(f"{body}{behind}{right}", re.DOTALL)
        except re.error:
            pass  # a variable-width look-behind or a \p{..} class: the regex module
    behind = f"(?<={left})" if left is not None else ""
    return regex.compile(behind + body + right, regex.V0)


MAX_NEEDLES = 64


def _needles(grammar: Grammar, rule: RuleDef, inputs: list[str]) -> frozenset[str] | None:
    """Strings one of which every match (on joined text) contains: input plus the
    characters its contexts require right next to it. None when there are too many."""
    lefts = _edge_chars(grammar, rule.left, "left") if rule.left is not None else None
    rights = _edge_chars(grammar, rule.right, "right") if rule.right is not None else None
    found = {lch + s + rch for s in inputs for lch in (lefts or {""}) for rch in (rights or {""})}
    if len(found) > MAX_NEEDLES:
        found = set(inputs)
    return frozenset(found) if len(found) <= MAX_NEEDLES else None


def _edge_chars(grammar: Grammar, e: Expr, side: str) -> set[str] | None:
    """The characters a context can put right next to the rewritten span, or None
    when that set is unknown or unbounded (ANY, ``#``, something that may be empty)."""
    def edge(s: str) -> str | None:
        return (s[-1] if side == "left" else s[0]) if s else None

    strings: list[str]
    if isinstance(e, Lit):
        strings = [e.text]
    elif isinstance(e, ClassRef):
        if e.name == "ANY" or e.name in grammar.negated:
            return None
        strings = list(grammar.classes[e.name])
    elif isinstance(e, LexRef):
        strings = grammar.lexicons[e.name].inputs()
    elif isinstance(e, Anchor):
        return {BATCH_SEP} if e.kind != "word" else None
    elif isinstance(e, Seq):
        if not e.items:
            return None
        return _edge_chars(grammar, e.items[-1] if side == "left" else e.items[0], side)
    elif isinstance(e, Alt):
        out: set[str] = set()
        for option in e.options:
            got = _edge_chars(grammar, option, side)
            if got is None:
                return None
            out |= got
        return out
    elif isinstance(e, Repeat):
        return _edge_chars(grammar, e.expr, side) if e.low >= 1 else None
    else:
        return None
    chars = [edge(s) for s in strings]
    return None if any(c is None for c in chars) else {c for c in chars if c is not None}


def _lookup(mapping: dict[str, str]) -> Callable[[regex.Match[str]], str]:
    def replace(m: regex.Match[str]) -> str:
        return mapping[str(m.group())]

    return replace


def _ends_words(rule: RuleDef, inputs: list[str]) -> bool:
    """True when the right context starts with what no input contains: ``#`` after inputs
    of word characters, or a literal none of the inputs holds (``_ U+200D``). Then from
    one position only the input that reaches that mark can match, so overlapping inputs
    (ه, ها, هم) cannot compete."""
    right = rule.right
    first = right.items[0] if isinstance(right, Seq) and right.items else right
    if isinstance(first, Lit) and first.text:
        return all(first.text[0] not in s for s in inputs)
    return isinstance(first, Anchor) and first.kind == "word" and \
        all(is_word_char(c) for s in inputs for c in s)


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
