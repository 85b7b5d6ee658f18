"""Catalogue ingestion normalizer: reading catalogues, matching, clitics, index files, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.errors import InputError
from arabic_nlp.text.catalogue import (
    CatalogueNormalizer,
    Entry,
    fold,
    read_catalogue,
    skeleton,
)

RENDERINGS = {
    "Stromae": [("ستروماي", 0.0), ("سترومي", 0.5)],
    "Coldplay": [("كولدبلاي", 0.0), ("كولد بلاي", 0.3)],
    "Hello": [("هالو", 0.0), ("هلو", 1.0)],
}


def fake(entry: Entry, k: int) -> list[tuple[str, float]]:
    return RENDERINGS.get(entry.latin, [])[:k]


@pytest.fixture
def cn() -> CatalogueNormalizer:
    return CatalogueNormalizer([Entry("Stromae", "artist", "fr"), Entry("Coldplay", "artist"),
                                Entry("Hello", "song"),
                                Entry("Céline Dion", "artist", "fr", ("سيلين ديون",))],
                               renderer=fake, threshold=0.2)


def test_skeleton_folds_variants() -> None:
    assert fold("أُغْنِيَة") == "اغنيه"
    assert skeleton("ستروماي") == skeleton("سترومي") == "سترم"


@pytest.mark.parametrize(("text", "expected"), [
    ("شغل أغنية ستروماي", "شغل أغنية Stromae"),
    ("شغل سترومي", "شغل Stromae"),  # another spelling
    ("شغل سترومايا", "شغل Stromae"),  # one letter off
    ("حط وكولدبلاي", "حط وColdplay"),  # the clitic stays Arabic
    ("شغل بالستروماي الحين", "شغل بالStromae الحين"),
    ("شغل كولد بلاي", "شغل Coldplay"),  # two words
    ("شغل سيلين ديون من فضلك", "شغل Céline Dion من فضلك"),  # known spelling
    ("هلا والله", "هلا والله"),  # a greeting is not Hello
    ("وين المطعم", "وين المطعم"),
])
def test_normalize(cn: CatalogueNormalizer, text: str, expected: str) -> None:
    assert cn.normalize(text).text == expected


def test_matches_carry_spans_and_scores(cn: CatalogueNormalizer) -> None:
    text = "شغل لستروماي"
    result = cn.normalize(text)
    (m,) = result.matches
    assert text[m.start:m.end] == "ستروماي" and m.entry.latin == "Stromae" and m.score == 0.0


def test_index_round_trip(cn: CatalogueNormalizer, tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    cn.save(path)
    back = CatalogueNormalizer.load(path)
    assert back.renderings == cn.renderings
    assert back.normalize("شغل سترومي").text == "شغل Stromae"
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="not a catalogue index"):
        CatalogueNormalizer.load(tmp_path / "bad.json")


@pytest.mark.parametrize(("row", "message"), [
    ("\tartist\n", ":1: empty name"),
    ("Stromae\tsinger\n", ":1: unknown type 'singer'"),
    ("Stromae\n", ":1: 1 columns"),
    ("Stromae\tartist\tde\n", ":1: unknown language 'de'"),
    ("a\tartist\ten\tx\ty\n", ":1: 5 columns"),
])
def test_bad_catalogue_rows(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "cat.tsv"
    path.write_text(row, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_catalogue(path)


def test_catalogue_file_and_cli(tmp_path: Path) -> None:
    cat = tmp_path / "cat.tsv"
    cat.write_text("latin\ttype\tlang\tarabic\n# a comment\nStromae\tartist\tfr\tستروماي|سترومي\n",
                   encoding="utf-8")
    entries = read_catalogue(cat)
    assert entries == [Entry("Stromae", "artist", "fr", ("ستروماي", "سترومي"))]
    index = tmp_path / "index.json"
    runner = CliRunner()
    result = runner.invoke(app, ["catalogue", "build", str(cat), "-o", str(index)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["catalogue", "normalize", "--index", str(index)],
                           input="شغل سترومي\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "شغل Stromae\n"
    bad = tmp_path / "bad.tsv"
    bad.write_text("Stromae\tsinger\n", encoding="utf-8")
    result = runner.invoke(app, ["catalogue", "build", str(bad), "-o", str(tmp_path / "x")])
    assert isinstance(result.exception, InputError) and "unknown type" in str(result.exception)
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.partial").exists()
