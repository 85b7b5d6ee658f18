"""The ``arabic-nlp`` command: normalize, romanize, grammar tools, demo."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arabic_nlp.errors import ArabicNLPError, InputError

if TYPE_CHECKING:
    from arabic_nlp.models import Diacritizer

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Arabic NLP for voice assistants: normalization, romanization, "
                       "grammar tools.")
grammar_app = typer.Typer(no_args_is_help=True, help="Test, trace and export rule files.")
app.add_typer(grammar_app, name="grammar")
err = Console(stderr=True)
out = Console(highlight=False, soft_wrap=True)

FileArg = Annotated[str, typer.Argument(help="Input file; '-' (default) reads stdin.")]
OutputOpt = Annotated[str, typer.Option("--output", "-o", help="Output file; '-' is stdout.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Processes to use (0 = all cores).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def _checked_lines(fh: IO[bytes], name: str) -> Iterator[str]:
    """Decode line by line, so a bad byte is reported with its exact line number."""
    for lineno, raw in enumerate(fh, start=1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}:{lineno}: not valid UTF-8 ({exc.reason} at byte "
                             f"{exc.start} of the line)") from None


@contextmanager
def _open_in(path: str) -> Iterator[tuple[IO[bytes], str, int | None]]:
    if path == "-":
        yield sys.stdin.buffer, "<stdin>", None
        return
    p = Path(path)
    if not p.is_file():
        raise InputError(f"input file not found: {path}")
    with p.open("rb") as fh:
        yield fh, path, p.stat().st_size


@contextmanager
def _open_out(path: str) -> Iterator[IO[str]]:
    if path == "-":
        stream = sys.stdout
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
        return
    tmp = Path(path + ".partial")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        yield fh
    tmp.replace(path)  # never leave a half-written output under the real name


def _stream(lines: Iterator[str], size: int | None, quiet: bool) -> Iterator[str]:
    """Wrap a line iterator with a progress bar (files only, stderr)."""
    if quiet or size is None or not size:
        yield from lines
        return
    from rich.progress import BarColumn, Progress, TransferSpeedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  "[progress.percentage]{task.percentage:>3.0f}%", TransferSpeedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("normalizing", total=size)
        pending = 0
        for n, line in enumerate(lines):
            pending += len(line.encode("utf-8"))
            if n % 2000 == 0:
                bar.update(task, advance=pending)
                pending = 0
            yield line
        bar.update(task, advance=pending)


@app.command()
def normalize(
    file: FileArg = "-",
    profile: Annotated[str, typer.Option("--profile", "-p", help="asr, nlu, tts, search, ...")]
    = "nlu",
    output: OutputOpt = "-",
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
) -> None:
    """Normalize text line by line (bounded memory on files of any size)."""
    from arabic_nlp.text.normalize import normalize_lines

    with _open_in(file) as (fh, name, size), _open_out(output) as dst:
        lines = _stream(_checked_lines(fh, name), size, quiet)
        for line in normalize_lines(lines, profile, jobs=jobs):
            dst.write(line)


@app.command()
def tokenize(
    file: FileArg = "-",
    scheme: Annotated[str, typer.Option("--scheme", "-s", help="nlu (suffixes) or full")]
    = "nlu",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (token texts joined by "
                                     "spaces) or jsonl (offsets and kinds)")] = "text",
    output: OutputOpt = "-",
    quiet: QuietOpt = False,
) -> None:
    """Split pronoun suffixes (and with --scheme full, prefixes) off words, line by line."""
    import json

    from arabic_nlp.text.tokenize import tokenize_lines, tokenizer

    if fmt not in ("text", "jsonl"):
        raise InputError(f"unknown --format {fmt!r}; choose text or jsonl")
    tok = tokenizer(scheme)
    with _open_in(file) as (fh, name, size), _open_out(output) as dst:
        lines = _stream(_checked_lines(fh, name), size, quiet)
        if fmt == "text":
            for line in tokenize_lines(lines, scheme):
                dst.write(line)
            return
        for line in lines:
            body = line.rstrip("\r\n")
            rows = [{"text": t.text, "start": t.start, "end": t.end, "kind": t.kind}
                    for t in tok.tokenize(body)]
            dst.write(json.dumps({"text": body, "tokens": rows}, ensure_ascii=False) + "\n")


eval_app = typer.Typer(no_args_is_help=True, help="Score a component on gold data.")
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(no_args_is_help=True, help="Train the project's own neural models.")
app.add_typer(train_app, name="train")


@train_app.command("diacritizer")
def train_diacritizer(
    config: Annotated[str, typer.Option("--config", "-c", help="TOML recipe, e.g. "
                                        "configs/diacritizer/default.toml")],
    resume: Annotated[bool, typer.Option("--resume/--no-resume",
                                         help="Continue from OUT/last.pt if it exists.")] = True,
    out_dir: Annotated[str, typer.Option("--out", help="Run folder (checkpoints, ONNX); "
                                         "default .cache/diacritizer/<config name>.")] = "",
    quiet: QuietOpt = False,
) -> None:
    """Train the diacritizer (CUDA when available, else CPU), then export it to ONNX."""
    from arabic_nlp.neural.diacritizer.config import load_config
    from arabic_nlp.neural.diacritizer.train import train

    cfg = load_config(config)
    result = train(cfg, out_dir or Path(".cache/diacritizer") / Path(config).stem,
                   resume=resume, quiet=quiet)
    err.print(f"steps {result.start_step}->{result.step}, best mean DER {result.best_score:.2f}% "
              f"at step {result.best_step}, {result.elapsed_s / 60:.1f} min training"
              + (f"; model: {result.exported}" if result.exported else ""))


@eval_app.command("tokenize")
def eval_tokenize(
    gold: Annotated[str, typer.Option("--gold", "-g", help="surface<TAB>segmentation file")],
    scheme: Annotated[str, typer.Option("--scheme", "-s", help="nlu or full")] = "nlu",
    errors: Annotated[bool, typer.Option("--errors", help="List every wrong word.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="Gold format: tsv (ours), farasa-jsonl or qcri-tsv (external "
                               "sets, mapped to nlu and scored by split offsets).")] = "tsv",
) -> None:
    """Word accuracy and split precision/recall/F1 of the tokenizer on a gold file."""
    from arabic_nlp.data.seg_gold import FORMATS
    from arabic_nlp.data.tokenize_eval import evaluate, read_gold
    from arabic_nlp.text.tokenize import segmentation_starts, tokenizer

    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt != "tsv":
        _eval_tokenize_external(gold, scheme, errors, fmt)
        return
    rows = read_gold(gold)
    scores = evaluate(rows, tokenizer(scheme).tokenize, segmentation_starts)
    if errors:
        for word, predicted in scores.errors:
            out.print(f"{gold}:{word.line}\t{word.surface}\tgold: {word.segmentation}"
                      f"\tgot: {predicted}")
    out.print(f"scheme {scheme}: {scores.summary()}")


def _eval_tokenize_external(gold: str, scheme: str, errors: bool, fmt: str) -> None:
    """``eval tokenize`` on an external set: mapped to nlu, scored by split offsets."""
    from arabic_nlp.data.seg_gold import ExternalWord, read_external
    from arabic_nlp.data.tokenize_eval import evaluate
    from arabic_nlp.text.tokenize import segmentation_starts, tokenizer

    if scheme != "nlu":
        raise InputError(f"--format {fmt} is mapped to the nlu scheme only; use --scheme nlu")
    data = read_external(gold, fmt)
    scores = evaluate(data.words, tokenizer(scheme).tokenize, segmentation_starts,
                      boundaries_only=True)
    if errors:
        for word, predicted in scores.errors:
            source = word.source if isinstance(word, ExternalWord) else ""
            out.print(f"{gold}:{word.line}\t{word.surface}\tgold: {word.segmentation}"
                      f"\tgot: {predicted}\tsource: {source}", markup=False)
    skipped = sum(data.skipped.values())
    out.print(f"{gold} ({fmt}): {data.read} words in {data.utterances} utterances; "
              f"{len(data.words)} scored, {skipped} skipped", markup=False)
    for reason, n in sorted(data.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        out.print(f"  skipped {n:>6}  {reason}", markup=False)
    for note, n in sorted(data.notes.items(), key=lambda kv: (-kv[1], kv[0])):
        out.print(f"  mapping {n:>6}  {note}", markup=False)
    out.print(f"scheme {scheme}: {scores.summary('boundary word accuracy')}",
              markup=False)


@app.command()
def profiles() -> None:
    """List the normalization profiles."""
    from arabic_nlp.text.normalize import profiles as names

    for name in names():
        out.print(name)


def _romanize_cmd(direction: str, file: str, scheme: str, output: str) -> None:
    from arabic_nlp.text import romanize as rom

    fn = rom.romanize if direction == "to" else rom.deromanize
    with _open_in(file) as (fh, name, _), _open_out(output) as dst:
        for line in _checked_lines(fh, name):
            body = line.rstrip("\r\n")
            dst.write(fn(body, scheme) + line[len(body):])


@app.command()
def romanize(file: FileArg = "-",
             scheme: Annotated[str, typer.Option("--scheme", "-s")] = "bw",
             output: OutputOpt = "-") -> None:
    """Arabic script to a romanization scheme (bw, safebw, xmlbw, scholarly, ipa)."""
    _romanize_cmd("to", file, scheme, output)


@app.command()
def deromanize(file: FileArg = "-",
               scheme: Annotated[str, typer.Option("--scheme", "-s")] = "bw",
               output: OutputOpt = "-") -> None:
    """A romanization scheme back to Arabic script (lossless schemes are exact)."""
    _romanize_cmd("from", file, scheme, output)


# ------------------------------------------------------------------ grammar tools


def _default_grammars() -> list[str]:
    from arabic_nlp.resources import data_root

    return [str(data_root() / "grammars")]


@grammar_app.command("test")
def grammar_test(
    paths: Annotated[list[str] | None, typer.Argument(help="Rule files or folders.")] = None,
    fast_only: Annotated[bool, typer.Option("--fast-only", help="Skip the FST check.")] = False,
) -> None:
    """Run every inline test and golden file; report failures with file:line and a diff."""
    from arabic_nlp.fst.testing import run_tests

    runtimes = ("fast",) if fast_only else ("fast", "fst")
    report = run_tests(paths or _default_grammars(), runtimes=runtimes)
    for exc in report.errors:
        print(f"error: {exc}", file=sys.stderr)
    for failure in report.failures:
        print(failure.explain(), file=sys.stderr)
    summary = (f"{len(report.files)} rule files: {report.passed} passed, "
               f"{len(report.failures)} failed, {len(report.errors)} errors")
    out.print(summary)
    if not report.ok:
        raise typer.Exit(1)


def _resolve_cascade(target: str, file: str | None) -> object:
    from arabic_nlp.fst.runtime import cascade

    if file is not None:
        return cascade(file, target)
    from arabic_nlp.text.normalize import _profile

    return _profile(target)


@grammar_app.command("trace")
def grammar_trace(
    cascade_name: Annotated[str, typer.Argument(metavar="CASCADE",
                                                help="A profile name, or a cascade of --file.")],
    text: Annotated[str, typer.Argument(help="The text to trace.")],
    file: Annotated[str | None, typer.Option("--file", "-f", help="Rule file.")] = None,
    fst: Annotated[bool, typer.Option("--fst", help="Use the reference FSTs.")] = False,
) -> None:
    """Show each rule that fired on TEXT, where, and what it changed."""
    from arabic_nlp.fst.runtime import Cascade

    casc = _resolve_cascade(cascade_name, file)
    assert isinstance(casc, Cascade)
    out.print(f"input:  {text!r}")
    steps = casc.trace(text, fst=fst)
    for step in steps:
        where = Path(step.where).name if "/" in step.where else step.where
        out.print(f"[bold]{step.rule}[/bold]  ({where})" +
                  (f"  — {step.comment}" if step.comment else ""))
        for ch in step.changes:
            out.print(f"    [{ch.start}:{ch.end}] {ch.before!r} -> {ch.after!r}")
        out.print(f"    = {step.after!r}")
    final = steps[-1].after if steps else text
    out.print(f"output: {final!r}  ({len(steps)} rule(s) fired)")


@grammar_app.command("compile")
def grammar_compile(
    paths: Annotated[list[str] | None, typer.Argument(help="Rule files or folders.")] = None,
    far: Annotated[str, typer.Option("--far", help="Output FAR archive.")] = "grammars.far",
    cascade: Annotated[list[str] | None, typer.Option("--cascade", "-c",
                                                      help="Only these cascades.")] = None,
) -> None:
    """Compile cascades to an OpenFst FAR archive (keys: <file>.<cascade>)."""
    from arabic_nlp.fst.far import export_far

    keys = export_far(paths or _default_grammars(), far, cascade)
    out.print(f"wrote {len(keys)} FSTs to {far}")


@grammar_app.command("plan")
def grammar_plan(
    cascade_name: Annotated[str, typer.Argument(metavar="CASCADE")],
    file: Annotated[str | None, typer.Option("--file", "-f")] = None,
) -> None:
    """Show how each step of a cascade runs (translate, regex or FST)."""
    from arabic_nlp.fst.runtime import Cascade

    casc = _resolve_cascade(cascade_name, file)
    assert isinstance(casc, Cascade)
    for line in casc.describe_plan():
        out.print(line)


# ------------------------------------------------------------------ khaleeji


@app.command()
def khaleeji(
    file: FileArg = "-",
    locale: Annotated[str, typer.Option("--locale", "-l", help="ar-SA, ar-AE, ar-KW, ...")]
    = "ar-AE",
    to: Annotated[str, typer.Option("--to", "-t", help="arabic (Gulf-vowelled script) or "
                                    "phonemes (IPA with stress)")] = "arabic",
    output: OutputOpt = "-",
    quiet: QuietOpt = False,
) -> None:
    """Turn fully diacritized MSA into Gulf Arabic, line by line; words left undiacritized
    are passed through and listed on stderr."""
    from arabic_nlp.text.khaleeji import to_khaleeji_batch

    with _open_in(file) as (fh, name, size), _open_out(output) as dst:
        lines = _stream(_checked_lines(fh, name), size, quiet)
        for batch in _batches(lines, 512):
            bodies = [line.rstrip("\r\n") for line in batch]
            for line, body, result in zip(batch, bodies,
                                          to_khaleeji_batch(bodies, locale, to), strict=True):
                dst.write(result + line[len(body):])
                if result.flags and not quiet:
                    err.print("passed through: " + ", ".join(
                        f"{f.word} ({f.reason})" for f in result.flags), markup=False)


@app.command()
def phonemes(
    file: FileArg = "-",
    register: Annotated[str, typer.Option("--register", "-r", help="msa or gulf")] = "msa",
    locale: Annotated[str, typer.Option("--locale", "-l", help="for --register gulf")]
    = "ar-AE",
    output: OutputOpt = "-",
    quiet: QuietOpt = False,
) -> None:
    """Broad IPA with word stress for fully diacritized Arabic, line by line."""
    from arabic_nlp.text.khaleeji import to_phonemes

    with _open_in(file) as (fh, name, size), _open_out(output) as dst:
        for line in _stream(_checked_lines(fh, name), size, quiet):
            body = line.rstrip("\r\n")
            dst.write(to_phonemes(body, register, locale) + line[len(body):])


def _batches(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@eval_app.command("khaleeji")
def eval_khaleeji(
    gold: Annotated[str, typer.Option("--gold", "-g",
                                      help="msa_diacritized<TAB>khaleeji<TAB>locale file")],
    errors: Annotated[bool, typer.Option("--errors", help="List every wrong sentence.")]
    = False,
) -> None:
    """Sentence accuracy, CER and phoneme error rate of the MSA → Khaleeji converter."""
    from arabic_nlp.data.khaleeji_eval import GoldRow, KhaleejiScores, evaluate, read_gold
    from arabic_nlp.text.khaleeji import gold_phonemes, locales, to_khaleeji

    by_locale: dict[str, list[GoldRow]] = {}
    for row in read_gold(gold, locales()):
        by_locale.setdefault(row.locale, []).append(row)
    scores = {loc: evaluate(loc_rows, lambda t, lc, o: str(to_khaleeji(t, lc, o)),
                            gold_phonemes) for loc, loc_rows in sorted(by_locale.items())}
    scores["all"] = KhaleejiScores.combined(scores.values())
    for loc, s in scores.items():
        if errors and loc == "all":
            for row, got in s.errors:
                out.print(f"{gold}:{row.line}\t{row.locale}\n  msa:  {row.msa}\n  gold: "
                          f"{row.khaleeji}\n  got:  {got}", markup=False)
        out.print(f"{loc}: {s.sentences} sentences, sentence accuracy "
                  f"{s.sentence_accuracy:.2%} ({s.exact}/{s.sentences}), CER {s.cer:.2%}, "
                  f"PER {s.per:.2%}, stress errors {s.stress_error_rate:.2%} of words",
                  markup=False)


# ------------------------------------------------------------------ diacritizer


@eval_app.command("diacritizer")
def eval_diacritizer(
    data: Annotated[str, typer.Option("--data", help="Diacritized gold: one passage a line "
                                      "(val.txt) or WikiNews JSONL ('diacritized').")],
    system: Annotated[list[str] | None, typer.Option(
        "--system", "-s", help="A registered diacritizer; repeat it for a side-by-side "
                               "table (default: default).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Only the first N gold lines "
                                       "(0 = all).")] = 0,
    confusion: Annotated[str, typer.Option("--confusion", help="Write per-class confusion "
                                           "matrices (one per system) to this PNG.")] = "",
    fmt: Annotated[str, typer.Option("--format", "-f", help="fadel, wikinews-jsonl or auto "
                                     "(by the file suffix).")] = "auto",
    threads: Annotated[int, typer.Option("--threads", help="CPU threads for systems that "
                                         "take the setting.")] = 1,
    classes: Annotated[bool, typer.Option("--classes", help="Also print errors per gold "
                                          "class.")] = False,
) -> None:
    """DER and WER (with and without case endings, Fadel et al. 2019 convention) and speed
    of diacritizers on one gold file; the input is the gold with its diacritics removed."""
    import time

    from rich import box
    from rich.table import Table

    from arabic_nlp.data.der import DiacritizationScores, save_confusion_png, score
    from arabic_nlp.data.diacritization import read_gold
    from arabic_nlp.text.diacritics import strip_diacritics

    if limit < 0:
        raise InputError(f"--limit must be 0 (all) or positive, got {limit}")
    gold = read_gold(data, fmt)
    if limit:
        gold = gold[:limit]
    if not gold:
        raise InputError(f"{data}: no gold lines")
    inputs = [strip_diacritics(line) for line in gold]
    n_words = sum(len(line.split()) for line in inputs)
    results: list[tuple[str, DiacritizationScores, float, int]] = []
    for name in system or ["default"]:
        impl = _load_diacritizer(name, threads)
        start = time.perf_counter()
        if hasattr(impl, "diacritize_with_raw"):
            pairs = impl.diacritize_with_raw(inputs)
            raw: list[str] | None = [r for r, _ in pairs]
            predicted = [p for _, p in pairs]
        else:
            raw = None
            predicted = impl.diacritize(inputs)
        seconds = time.perf_counter() - start
        scores = score(gold, predicted, raw)
        results.append((name, scores, n_words / max(seconds, 1e-9), getattr(impl, "failures", 0)))
    first = results[0][1]
    out.print(f"{data}: {len(gold)} lines, {first.words} words, {first.letters} letters scored"
              + (f" (first {limit} lines)" if limit else ""), markup=False)
    table = Table(box=box.MARKDOWN)
    for header in ("system", "DER", "DER no-CE", "WER", "WER no-CE", "words/s", "changed"):
        table.add_column(header, no_wrap=True, justify="left" if header == "system" else "right")
    for name, s, speed, failures in results:
        changed = f"{s.substituted_words}/{s.resized_words}"
        if failures:
            changed += f" ({failures} segments failed)"
        table.add_row(name, f"{s.der:.2%}", f"{s.der_no_ce:.2%}", f"{s.wer:.2%}",
                      f"{s.wer_no_ce:.2%}", f"{speed:,.0f}", changed)
    Console(highlight=False, width=max(out.width, 130)).print(table)  # never squeeze it
    out.print("changed: words whose letters the system changed one for one (scored position "
              "by position) / with letters dropped or added (unpaired letters score as bare)",
              markup=False)
    if classes:
        for name, s, _, _ in results:
            out.print(f"{name}: errors per gold class", markup=False)
            for cls, total, wrong in s.class_errors():
                if total:
                    out.print(f"  {cls:<16} {wrong:>7} / {total:<8} {wrong / total:7.2%}",
                              markup=False)
    if confusion:
        save_confusion_png([(name, s) for name, s, _, _ in results], confusion)
        err.print(f"confusion matrices -> {confusion}")


def _load_diacritizer(name: str, threads: int) -> Diacritizer:
    """A registered diacritizer, given ``threads`` if its factory takes that setting."""
    from arabic_nlp.models import load

    try:
        return load("diacritizer", name, threads=threads)
    except TypeError as exc:
        if "threads" not in str(exc):
            raise
        return load("diacritizer", name)


@app.command()
def translit(
    file: FileArg = "-",
    to: Annotated[str, typer.Option("--to", help="arabic (Latin names in) or latin "
                                    "(Arabic-script names in).")] = "arabic",
    lang: Annotated[str, typer.Option("--lang", help="Spelling of the names: en or fr.")]
    = "en",
    nbest: Annotated[int, typer.Option("--nbest", "-n", help="Spellings per name, "
                                       "tab-separated, cheapest first.")] = 1,
    output: OutputOpt = "-",
) -> None:
    """Transliterate names, one per line: Latin -> the Arabic spellings an ASR writes, or
    Arabic script -> a romanization (grammars/translit)."""
    from arabic_nlp.text.translit import to_arabic, to_latin

    if to not in ("arabic", "latin"):
        raise InputError(f"--to {to!r}; choose arabic or latin")
    fn = to_arabic if to == "arabic" else to_latin
    with _open_in(file) as (fh, name, _), _open_out(output) as dst:
        for line in _checked_lines(fh, name):
            body = line.rstrip("\r\n")
            spellings = [s for s, _ in fn(body, lang, nbest)] if body.strip() else []
            dst.write("\t".join(spellings) + line[len(body):])


# ------------------------------------------------------------------ catalogue

catalogue_app = typer.Typer(no_args_is_help=True,
                            help="Latin catalogue names back from their Arabic renderings.")
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("build")
def catalogue_build(
    catalogue: Annotated[str, typer.Argument(help="latin<TAB>type[<TAB>lang[<TAB>arabic|...]]")],
    index: Annotated[str, typer.Option("--output", "-o", help="Index file to write.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes for the "
                                      "transliteration grammars (0 = every core).")] = 0,
) -> None:
    """Compile a catalogue's expected Arabic renderings into an index file."""
    from arabic_nlp.text.catalogue import CatalogueNormalizer

    cn = CatalogueNormalizer.from_tsv(catalogue, jobs=jobs)
    cn.save(index)
    err.print(f"{len(cn.entries)} entries, {sum(map(len, cn.renderings))} renderings -> {index}")


@catalogue_app.command("normalize")
def catalogue_normalize(
    file: FileArg = "-",
    index: Annotated[str, typer.Option("--index", "-i", help="Index from catalogue build.")]
    = "",
    output: OutputOpt = "-",
    quiet: QuietOpt = False,
) -> None:
    """Rewrite catalogue names in Arabic script into their Latin form, line by line."""
    from arabic_nlp.text.catalogue import CatalogueNormalizer

    if not index:
        raise InputError("--index is required (build one with: arabic-nlp catalogue build)")
    cn = CatalogueNormalizer.load(index)
    with _open_in(file) as (fh, name, size), _open_out(output) as dst:
        for line in _stream(_checked_lines(fh, name), size, quiet):
            body = line.rstrip("\r\n")
            dst.write(cn.normalize(body).text + line[len(body):])


@eval_app.command("catalogue")
def eval_catalogue(
    data: Annotated[str, typer.Option("--data", help="The shared data folder.")]
    = "../shared/data",
    distractors: Annotated[int, typer.Option("--distractors", help="Distractor names.")]
    = 10_000,
    plain: Annotated[str, typer.Option("--plain", help="Arabic text with no foreign names, "
                                       "for the false-rewrite rate (default: the Fadel val "
                                       "split, classical text).")] = "",
    limit: Annotated[int, typer.Option("--limit", help="Lines of --plain to read.")] = 2000,
    errors: Annotated[bool, typer.Option("--errors", help="List the values ranked wrong.")]
    = False,
) -> None:
    """Top-1/top-5 of the catalogue normalizer on MASSIVE train+dev transliteration pairs
    with distractor names in the catalogue; the names found in their utterances; false
    rewrites on plain Arabic text."""
    from itertools import islice
    from pathlib import Path

    from arabic_nlp.data.catalogue_eval import (
        build_catalogue,
        evaluate,
        references,
        utterances,
    )
    from arabic_nlp.data.catalogue_pairs import distractor_names, transliteration_pairs
    from arabic_nlp.text.catalogue import CatalogueNormalizer

    pairs = transliteration_pairs(data, partitions=("train", "dev"))
    names = distractor_names(data, n=distractors, exclude=[p.latin for p in pairs])
    cn = CatalogueNormalizer(build_catalogue(pairs, names))
    path = Path(plain or Path(data) / "diacritization" / "val.txt")
    try:
        with path.open(encoding="utf-8") as fh:
            lines = [ln.strip() for ln in islice(fh, limit) if ln.strip()]
    except OSError as exc:
        raise InputError(f"{path}: cannot read the plain text ({exc.strerror})") from None
    scores = evaluate(cn, pairs, lines, utterances(data, pairs))
    out.print(f"catalogue of {len(cn.entries)} entries: {scores.summary()}", markup=False)
    if errors:
        for arabic, latin in references(pairs).items():
            ranked = cn.lookup(arabic)[:1]
            if not ranked or cn.entries[ranked[0][2]].latin.lower() not in latin:
                got = [f"{cn.entries[i].latin} ({s:.3f}, {r})" for _, s, i, r in ranked]
                out.print(f"{arabic}\t{' / '.join(sorted(latin))}\t{', '.join(got) or '-'}",
                          markup=False)


# ------------------------------------------------------------------ NLU: resampler, peer, eval


@app.command()
def resample(
    data: Annotated[list[str], typer.Option("--data", help="MASSIVE jsonl (train/dev rows); "
                                            "repeat for several files.")],
    out_file: Annotated[str, typer.Option("--out", help="Where to write the new rows "
                                          "(MASSIVE jsonl; the input rows are not copied).")],
    catalogue: Annotated[str, typer.Option("--catalogue", help="Extra values: "
                                           "type<TAB>value[<TAB>locale] a line.")] = "",
    target: Annotated[int | None, typer.Option("--target", help="About this many rows in "
                                               "all (solves the base of the formula).")]
    = None,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    cap: Annotated[int, typer.Option("--cap", help="At most this many rows a template.")] = 8,
    base: Annotated[float, typer.Option("--base", help="Rows per bit of template "
                                        "complexity (ignored with --target).")] = 0.1,
    types: Annotated[str, typer.Option("--types", help="Comma-separated slot types to "
                                       "resample (default: names; 'all': every type).")] = "",
) -> None:
    """New NLU training rows: slot values swapped for other values of the same type, the
    number per template following its complexity (docs/resampler.md)."""
    from arabic_nlp.data import resample as rs
    from arabic_nlp.data.massive import read_examples, write_examples

    examples = [ex for path in data for ex in read_examples(path)]
    cat = rs.Catalogue.read_tsv(catalogue) if catalogue else None
    if types == "all":
        chosen: tuple[str, ...] = tuple(sorted({s.label for ex in examples for s in ex.spans}))
    else:
        chosen = tuple(t.strip() for t in types.split(",") if t.strip()) or rs.DEFAULT_TYPES
    result = rs.resample(examples, cat, types=chosen, seed=seed, cap=cap, base=base,
                         target=target)
    write_examples(out_file, result.examples,
                   ({"resampled_from": origin} for origin in result.origins))
    for line in rs.summary(result):
        err.print(line, markup=False)
    err.print(f"-> {out_file}", markup=False)


@train_app.command("nlu-peer")
def train_nlu_peer(
    data_dir: Annotated[str, typer.Option("--data-dir", help="Folder of {locale}.train.jsonl "
                                          "(MASSIVE).")] = "../shared/data/nlu/massive",
    out_dir: Annotated[str, typer.Option("--out", help="Directory to save the peer in.")]
    = ".cache/nlu-peer",
    lang: Annotated[list[str] | None, typer.Option("--lang", help="ar, fr, en; repeat "
                                                   "(default: all three).")] = None,
    extra: Annotated[list[str] | None, typer.Option("--extra", help="More training rows "
                                                    "(e.g. resampled); repeat.")] = None,
) -> None:
    """Train the scikit-learn NLU peer (intent + slots, one model per language) on the
    MASSIVE train splits."""
    from arabic_nlp.data.massive import read_examples
    from arabic_nlp.interpreters.sklearn_peer import LANGS, train_from_dir

    more = [ex for path in extra or [] for ex in read_examples(path)]
    peer = train_from_dir(data_dir, lang or LANGS, more,
                          log=lambda line: err.print(line, markup=False))
    err.print(f"saved -> {peer.save(out_dir)}", markup=False)


@eval_app.command("nlu")
def eval_nlu(
    data: Annotated[list[str], typer.Option("--data", help="MASSIVE jsonl gold (train/dev); "
                                            "repeat for several locales.")],
    system: Annotated[list[str], typer.Option(
        "--system", "-s", help="sklearn:DIR (a trained peer) or a registered interpreter; "
                               "repeat for a side-by-side table.")],
    confusion: Annotated[str, typer.Option("--confusion", help="Write the intent confusion "
                                           "matrices (one per system) to this PNG.")] = "",
    detect_lang: Annotated[bool, typer.Option("--detect-lang", help="Pass lang=None (the "
                                              "system detects it) instead of the gold "
                                              "locale's language.")] = False,
) -> None:
    """Intent accuracy, span-level slot micro-F1, exact match per locale and system."""
    from rich import box
    from rich.table import Table

    from arabic_nlp.data.massive import read_examples
    from arabic_nlp.data.nlu_metrics import NLUReport, save_confusion_png, score_examples
    from arabic_nlp.interpreters import load_system

    gold = [ex for path in data for ex in read_examples(path)]
    if not gold:
        raise InputError(f"no gold rows in {', '.join(data)}")
    reports: list[tuple[str, NLUReport]] = []
    for spec in system:
        sys_ = load_system(spec, detect_lang=detect_lang)
        reports.append((sys_.name, score_examples(gold, sys_.parse)))
        if sys_.errors:
            err.print(f"{sys_.name}: refused {sys_.errors} utterances (scored as wrong), "
                      f"first: {sys_.first_error}", markup=False)
    table = Table(box=box.MARKDOWN)
    for header in ("locale", "system", "n", "intent acc", "slot P", "slot R", "slot F1",
                   "exact match"):
        table.add_column(header, no_wrap=True,
                         justify="left" if header in ("locale", "system") else "right")
    locales = sorted({ex.locale for ex in gold})
    for loc in [*locales, *(["all"] if len(locales) > 1 else [])]:
        for name, rep in reports:
            s = rep.total if loc == "all" else rep.by_locale[loc]
            table.add_row(loc, name, str(s.n), f"{s.intent_accuracy:.2%}",
                          f"{s.slot_precision:.2%}", f"{s.slot_recall:.2%}",
                          f"{s.slot_f1:.2%}", f"{s.exact_match:.2%}")
    Console(highlight=False, width=max(out.width, 110)).print(table)
    if confusion:
        save_confusion_png([(name, rep.confusion) for name, rep in reports], confusion)
        err.print(f"intent confusion matrices -> {confusion}")


# ------------------------------------------------------------------ demo

DEMO_TEXT = "شَغِّلْ أُغْنِيَتِي المُفَضَّلَة لستروماي، السّاعة ٧:٣٠ مساءً!"
# the demo's catalogue: French and English names an ASR writes in Arabic script
DEMO_CATALOGUE = (("Stromae", "artist", "fr"), ("Coldplay", "artist", "en"),
                  ("Céline Dion", "artist", "fr"), ("Spotify", "app", "en"))


@app.command()
def demo(text: Annotated[str | None, typer.Argument(help="Sentence to walk through.")] = None
         ) -> None:
    """Walk one sentence through every stage available in this version."""
    from arabic_nlp.text.normalize import normalize as norm

    sentence = text or DEMO_TEXT
    out.print(f"[bold]input[/bold]            {sentence}")
    for profile in ("asr", "nlu", "tts", "search"):
        out.print(f"[bold]normalize {profile:<7}[/bold] {norm(sentence, profile)}")
    from arabic_nlp.text.catalogue import CatalogueNormalizer, Entry

    names = CatalogueNormalizer([Entry(*row) for row in DEMO_CATALOGUE])
    found = names.normalize(norm(sentence, "asr"))
    out.print(f"[bold]catalogue[/bold]         {found.text}")
    from arabic_nlp.text.tokenize import tokenize as tok

    for scheme in ("nlu", "full"):
        tokens = " ".join(t.text for t in tok(found.text, scheme) if t.kind != "space")
        out.print(f"[bold]tokenize {scheme:<8}[/bold] {tokens}")
    from arabic_nlp.text.khaleeji import to_khaleeji as gulf

    for to in ("arabic", "phonemes"):
        out.print(f"[bold]khaleeji {to:<8}[/bold] " + str(gulf(sentence, "ar-KW", to)))
    try:
        from arabic_nlp.text.romanize import SCHEMES
        from arabic_nlp.text.romanize import romanize as rom
    except ImportError:
        return
    for scheme in SCHEMES:
        try:
            out.print(f"[bold]romanize {scheme:<8}[/bold] {rom(norm(sentence, 'tts'), scheme)}")
        except ArabicNLPError as exc:
            out.print(f"[bold]romanize {scheme:<8}[/bold] ({exc})")


def _click_errors() -> tuple[tuple[type[BaseException], ...], ...]:
    """(usage error, abort, exit) classes of click and of the click that typer vendors."""
    import click

    usage: list[type[BaseException]] = [click.exceptions.ClickException]
    try:
        from typer._click.exceptions import ClickException  # typer >= 0.24 vendors click

        usage.append(ClickException)
    except ImportError:
        pass
    return (tuple(usage), (click.exceptions.Abort, typer.Abort),
            (click.exceptions.Exit, typer.Exit))


def main() -> None:
    """Entry point: project errors become one clear line and exit status 2."""
    usage_errors, aborts, exits = _click_errors()
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except ArabicNLPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except aborts:
        sys.exit(130)
    except usage_errors as exc:
        exc.show()  # type: ignore[attr-defined]
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    except exits as exc:
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
