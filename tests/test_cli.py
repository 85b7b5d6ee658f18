"""The arabic-nlp command: streaming normalize, grammar tools, errors as one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.text.normalize import normalize

runner = CliRunner()


def test_normalize_stdin() -> None:
    result = runner.invoke(app, ["normalize", "--profile", "asr"],
                           input="مُحَمَّدٌ  ١٢\nأَهْلاً\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "محمّد 12\nأهلا\n"


def test_normalize_file_with_jobs(tmp_path: Path, corpus_lines: list[str]) -> None:
    src = tmp_path / "in.txt"
    src.write_text("\n".join(corpus_lines * 20) + "\n", encoding="utf-8")
    dst = tmp_path / "out.txt"
    result = runner.invoke(app, ["normalize", str(src), "-p", "nlu", "-j", "2", "-o", str(dst)])
    assert result.exit_code == 0, result.output
    expected = "".join(normalize(line, "nlu") + "\n" for line in corpus_lines * 20)
    assert dst.read_text(encoding="utf-8") == expected
    assert not (tmp_path / "out.txt.partial").exists()


def test_grammar_test_reports_a_failure_with_location(tmp_path: Path) -> None:
    rules = tmp_path / "bad.rules"
    rules.write_text('rule a: ا -> ب\ncascade c = a\ntest c: "ا" => "ت"\n', encoding="utf-8")
    result = runner.invoke(app, ["grammar", "test", str(rules)])
    assert result.exit_code == 1
    assert f"{rules}:3" in result.output and "U+062A ARABIC LETTER TEH" in result.output


def test_grammar_trace_and_plan() -> None:
    result = runner.invoke(app, ["grammar", "trace", "nlu", "أَحْمَد"])
    assert result.exit_code == 0, result.output
    assert "strip_diacritics" in result.output and "alef" in result.output
    assert "'احمد'" in result.output
    plan = runner.invoke(app, ["grammar", "plan", "nlu"])
    assert "translate:" in plan.output


def test_grammar_compile_far(tmp_path: Path) -> None:
    pynini = pytest.importorskip("pynini")
    out = tmp_path / "n.far"
    result = runner.invoke(app, ["grammar", "compile", "-c", "nlu", "--far", str(out)])
    assert result.exit_code == 0, result.output
    far = pynini.Far(str(out), mode="r")
    keys = []
    while not far.done():
        keys.append(far.get_key())
        far.next()
    assert keys == ["nlu.nlu"]


def _run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "arabic_nlp.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    bad = _run_cli("normalize", "-p", "bogus")
    assert bad.returncode == 2 and "unknown normalization profile" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = _run_cli("normalize", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "input file not found" in missing.stderr
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("ok\ncaf\xe9\n".encode("latin-1"))
    enc = _run_cli("normalize", str(latin1))
    assert enc.returncode == 2 and f"{latin1}:2: not valid UTF-8" in enc.stderr
    rules = tmp_path / "broken.rules"
    rules.write_text("class X = أ\nrule r: Y -> ا\n", encoding="utf-8")
    gram = _run_cli("grammar", "test", str(rules))
    assert gram.returncode == 1 and f"{rules}:2:9: unknown class Y" in gram.stderr.replace(
        "\n", "")
    assert "Traceback" not in gram.stderr


@pytest.mark.parametrize("args", [("grammar", "plan", "a", "b"), ("normalize", "--profile"),
                                  ("no-such-command",)])
def test_usage_errors_are_short(args: tuple[str, ...]) -> None:
    res = _run_cli(*args)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert len(res.stderr.splitlines()) <= 4, res.stderr
