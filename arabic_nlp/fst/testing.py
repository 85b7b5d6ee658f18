"""Runs a grammar's inline ``test`` lines and golden files, on both runtimes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from arabic_nlp.errors import GrammarError
from arabic_nlp.fst.grammar import read_golden
from arabic_nlp.fst.runtime import Cascade, grammar


@dataclass(frozen=True)
class Failure:
    """One test whose output differs from the expected text."""

    where: str  # file:line of the test line or golden row
    cascade: str
    input: str
    expected: str
    got: str
    runtime: str  # "fast" or "fst"

    def explain(self) -> str:
        """A readable diff, naming the first differing characters (diacritics are invisible)."""
        lines = [f"{self.where}: cascade '{self.cascade}' ({self.runtime} runtime)",
                 f"  input:    {self.input!r}",
                 f"  expected: {self.expected!r}",
                 f"  got:      {self.got!r}"]
        for i, (a, b) in enumerate(zip(self.expected, self.got, strict=False)):
            if a != b:
                lines.append(f"  first difference at character {i}: expected {_name(a)}, "
                             f"got {_name(b)}")
                break
        else:
            short, longer = sorted((self.expected, self.got), key=len)
            if len(short) != len(longer):
                which = "expected" if longer is self.expected else "got"
                extra = longer[len(short):]
                lines.append(f"  {which} has {len(extra)} more character(s): "
                             + ", ".join(_name(c) for c in extra[:5]))
        return "\n".join(lines)


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"


@dataclass
class Report:
    files: list[str] = field(default_factory=list)
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)
    errors: list[GrammarError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every .rules file named, or found under the folders named."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.rules")))
        elif p.exists():
            out.append(p)
        else:
            raise GrammarError(f"no such rule file or folder: {p}")
    return out


def run_tests(paths: Iterable[str | Path], *, runtimes: tuple[str, ...] = ("fast", "fst"),
              report: Report | None = None) -> Report:
    """Run every inline and golden test of the rule files under ``paths``."""
    report = report or Report()
    for path in rule_files(paths):
        report.files.append(str(path))
        try:
            g = grammar(path)
            cases: list[tuple[str, str, str, str]] = [
                (f"{t.pos.file}:{t.pos.line}", t.cascade, t.input, t.expected) for t in g.tests]
            for golden in g.goldens:
                for lineno, src, expected in read_golden(Path(golden.path), golden.pos):
                    cases.append((f"{golden.path}:{lineno}", golden.cascade, src, expected))
            cascades: dict[str, Cascade] = {}
            for where, name, src, expected in cases:
                if name not in cascades:
                    cascades[name] = Cascade(g, name)
                for runtime in runtimes:
                    got = cascades[name].apply(src, fst=runtime == "fst")
                    if got != expected:
                        report.failures.append(Failure(where, name, src, expected, got, runtime))
                        break
                else:
                    report.passed += 1
        except GrammarError as exc:
            report.errors.append(exc)
    return report
