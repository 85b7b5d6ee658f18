"""The MASSIVE reader: typed examples, file:line errors, the held-out test partition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arabic_nlp.data.massive import (
    Example,
    locale_file,
    read_examples,
    read_split,
    write_examples,
)
from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span, parse_annotated

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nlu"


def _row(**fields: object) -> dict[str, object]:
    row: dict[str, object] = {"id": "1", "locale": "ar-SA", "partition": "train",
                              "scenario": "play", "intent": "play_music",
                              "utt": "شغل فيروز", "annot_utt": "شغل [artist_name : فيروز]"}
    row.update(fields)
    return row


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def test_reads_typed_examples() -> None:
    examples = read_examples(FIXTURES / "ar-SA.train.jsonl", locale="ar-SA")
    first = examples[0]
    assert isinstance(first, Example)
    assert (first.id, first.locale, first.partition, first.intent, first.scenario) == \
        ("1", "ar-SA", "train", "play_music", "play")
    assert first.text == "شغل أغنية الحب لعمرو دياب"
    assert first.spans == (Span("song_name", 4, 14), Span("artist_name", 16, 25))
    assert first.lang == "ar"
    assert first.source.endswith("ar-SA.train.jsonl:1")
    for ex in examples:
        assert parse_annotated(ex.annot_utt) == (ex.text, list(ex.spans))


def test_scenario_defaults_to_the_intent_prefix(tmp_path: Path) -> None:
    row = _row()
    del row["scenario"]
    (ex,) = read_examples(_write(tmp_path / "a.jsonl", [row]))
    assert ex.scenario == "play"


@pytest.mark.parametrize(("row", "message"), [
    (_row(partition="test"), "test partition"),
    (_row(intent=""), "'intent' is missing"),
    (_row(utt=5), "'utt' is missing"),
    (_row(annot_utt="شغل [artist_name فيروز]"), "annot_utt"),
    (_row(utt="شغل فيروز!"), "but utt is"),
    (_row(scenario=3), "'scenario' is not a string"),
    (["not", "an", "object"], "not a JSON object"),
])
def test_bad_rows_name_file_and_line(tmp_path: Path, row: object, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_row(id="0"), ensure_ascii=False) + "\n\n"
                    + json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:3: .*{message}"):
        read_examples(path)


def test_broken_json_utf8_duplicates_and_locale(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": \n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:1: not a JSON object"):
        read_examples(path)
    path.write_bytes(b'{"id": "\xff"}\n')
    with pytest.raises(InputError, match=rf"{path}:1: not valid UTF-8"):
        read_examples(path)
    _write(path, [_row(), _row()])
    with pytest.raises(InputError, match=rf"{path}:2: id '1' of ar-SA occurs twice"):
        read_examples(path)
    _write(path, [_row()])
    with pytest.raises(InputError, match=rf"{path}:1: locale 'ar-SA', expected 'fr-FR'"):
        read_examples(path, locale="fr-FR")
    with pytest.raises(InputError, match="not found"):
        read_examples(tmp_path / "missing.jsonl")


def test_test_partition_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="held out"):
        locale_file(tmp_path, "ar-SA", "test")
    with pytest.raises(InputError, match="held out"):
        read_split(tmp_path, ["ar-SA"], "test")
    with pytest.raises(InputError, match="unknown partition 'validation'"):
        locale_file(tmp_path, "ar-SA", "validation")
    assert read_split(FIXTURES, ["fr-FR"], "train")["fr-FR"][0].locale == "fr-FR"


def test_write_round_trips(tmp_path: Path) -> None:
    examples = read_examples(FIXTURES / "fr-FR.train.jsonl")
    out = tmp_path / "out.jsonl"
    n = write_examples(out, examples, ({"k": i} for i in range(len(examples))))
    assert n == len(examples)
    again = read_examples(out)
    assert [(e.id, e.text, e.spans, e.intent, e.scenario) for e in again] == \
        [(e.id, e.text, e.spans, e.intent, e.scenario) for e in examples]
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[2])["k"] == 2
    assert not (tmp_path / "out.jsonl.partial").exists()
