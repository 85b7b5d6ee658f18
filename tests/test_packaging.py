"""The wheel carries grammars and lexicons: install it in a fresh venv, use it elsewhere."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_normalizes_outside_the_repo(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                            "--outdir", str(dist), str(REPO)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("arabic_nlp-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    pip = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr[-2000:]
    # Dependencies (pynini, regex, typer) come from this environment; the package itself
    # and its data must come from the wheel.
    purelib = subprocess.run([str(py), "-c", "import sysconfig;print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    code = ("import arabic_nlp, sys; print(arabic_nlp.__file__); "
            "print(arabic_nlp.normalize('أَحْمَدُ', 'nlu'))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    location, output = run.stdout.splitlines()
    assert location.startswith(str(env_dir)) and output == "احمد"
    cli = subprocess.run([str(env_dir / "bin" / "arabic-nlp"), "grammar", "test", "--fast-only"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert cli.returncode == 0, cli.stdout[-2000:] + cli.stderr[-2000:]
