"""External segmentation gold sets (Farasa JSONL, QCRI TSV) mapped to the nlu scheme.

Every fixture here is synthetic, written for these tests; nothing is read from the
datasets themselves.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from arabic_nlp.cli import app
from arabic_nlp.data.seg_gold import (
    EMPTY_WORD,
    NOT_ARABIC,
    TAG_MISMATCH,
    UNMAPPED,
    VERB_NA,
    ExternalWord,
    map_segments,
    na_from_diacritics,
    read_external,
    read_farasa_jsonl,
    read_qcri_tsv,
)
from arabic_nlp.data.tokenize_eval import GoldWord, evaluate
from arabic_nlp.errors import InputError
from arabic_nlp.text.tokenize import segmentation_starts
from arabic_nlp.text.tokens import Token

runner = CliRunner()
HEADER = "Fold\tSubFold\tSentID\tOrder\tWord\tSegmentation\tPOS\n"


def _tokens(seg: str, tags: str) -> list[str] | str:
    got = map_segments(seg.split("+"), tags.split("+"))
    return got if isinstance(got, str) else got.tokens


def _qcri(tmp_path: Path, rows: list[str], name: str = "glf.tsv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _row(word: str, seg: str, pos: str, sent: int = 1, order: int = 1) -> str:
    return f"2\tA\t{sent}\t{order}\t{word}\t{seg}\t{pos}"


# ------------------------------------------------------------------------- mapping


@pytest.mark.parametrize(("seg", "tags", "expected"), [
    ("كتاب+ه", "NOUN+PRON", ["كتاب", "ه"]),  # possessive on a noun
    ("سيار+ت+ها", "NOUN+NSUFF+PRON", ["سيارت", "ها"]),  # ة written ت: boundary only
    ("ل+كم", "PREP+PRON", ["ل", "كم"]),  # preposition + pronoun
    ("عند+چ", "PREP+PRON", ["عند", "چ"]),  # Gulf feminine "your"
    ("يحب+ني", "V+PRON", ["يحب", "ني"]),  # object on a verb
    ("أن+ه", "PART+PRON", ["أن", "ه"]),  # particle + pronoun
])
def test_pron_enclitics_are_split(seg: str, tags: str, expected: list[str]) -> None:
    assert _tokens(seg, tags) == expected


@pytest.mark.parametrize(("seg", "tags", "expected"), [
    ("تسو+ين", "V+PRON", ["تسوين"]),  # 2f subject
    ("رجع+ت", "V+PRON", ["رجعت"]),
    ("قال+وا", "V+PRON", ["قالوا"]),
    ("يكتب+ون", "V+PRON", ["يكتبون"]),
    ("خل+ي", "V+PRON", ["خلي"]),  # ي on a verb is no object ("me" is ني)
    ("ضبط+ت+ه", "V+PRON+PRON", ["ضبطت", "ه"]),  # subject stays, object splits
    ("شف+ت+و+ني", "V+PRON+PRON+PRON", ["شفتو", "ني"]),
    ("يقهر+ون+ي", "V+PRON+PRON", ["يقهرو", "ني"]),  # ون+ي is our و +ني
])
def test_subject_suffixes_are_not_split(seg: str, tags: str, expected: list[str]) -> None:
    assert _tokens(seg, tags) == expected


@pytest.mark.parametrize(("seg", "tags", "expected"), [
    ("و+ب+ال+بيت", "CONJ+PREP+DET+NOUN", ["وبالبيت"]),
    ("ال+مدين+ة", "DET+NOUN+NSUFF", ["المدينة"]),
    ("س+يكتب+ون+ها", "FUT_PART+V+PRON+PRON", ["سيكتبون", "ها"]),
    ("و+هم", "CONJ+PRON", ["وهم"]),  # a free pronoun after a conjunction
    ("ب+ذلك", "PREP+PRON", ["بذلك"]),  # a demonstrative, not an enclitic
    ("ما+هو", "PART+PRON", ["ماهو"]),
    ("نايم+ين", "ADJ+PRON", ["نايمين"]),  # plural ending tagged PRON
    ("ب+ه+ال+كون", "PREP+PRON+DET+NOUN", ["بهالكون"]),  # PRON before the stem
    ("مصدع+ي+نا", "ADJ+PRON+PRON", ["مصدعي", "نا"]),  # two pronouns on a noun: no
])
def test_other_segments_are_joined_back(seg: str, tags: str, expected: list[str]) -> None:
    assert _tokens(seg, tags) == expected


def test_dative_on_a_verb_is_one_token() -> None:
    assert _tokens("سوو+ل+ي", "V+PREP+PRON") == ["سوو", "لي"]
    assert _tokens("يب+ي+ل+ها", "V+PRON+PREP+PRON") == ["يبي", "لها"]
    assert _tokens("قال+ت+ل+ي", "V+PRON+PREP+PRON") == ["قالت", "لي"]


def test_verb_na() -> None:
    assert _tokens("يساعد+نا", "V+PRON") == ["يساعد", "نا"]  # imperfect in ي-: object
    assert _tokens("شف+نا+ك", "V+PRON+PRON") == ["شفنا", "ك"]  # an object follows: subject
    assert _tokens("فشل+و+نا", "V+PRON+PRON") == ["فشلو", "نا"]  # after a subject: object
    assert _tokens("تعب+نا", "V+PRON") == VERB_NA  # "we got tired" or "tired us"?
    assert _tokens("بيت+نا", "NOUN+PRON") == ["بيت", "نا"]
    got = map_segments(["تعب", "نا"], ["V", "PRON"], lambda surface, tail: False, "تعبنا")
    assert not isinstance(got, str) and got.tokens == ["تعبنا"]
    got = map_segments(["تعب", "نا"], ["V", "PRON"], lambda surface, tail: True, "تعبنا")
    assert not isinstance(got, str) and got.tokens == ["تعب", "نا"]


def test_na_from_diacritics() -> None:
    assert na_from_diacritics("وَضَعْنَا", 0) is False  # sukun: "we put"
    assert na_from_diacritics("كُنَّا", 0) is False  # shadda on ن: "we were"
    assert na_from_diacritics("يُمْكِنُنَا", 0) is True  # vowel: "enables us"
    assert na_from_diacritics("شَكَّلْنَاهَا", 2) is False
    assert na_from_diacritics("تعبنا", 0) is None  # no diacritics
    assert na_from_diacritics("بيت", 0) is None


def test_unmappable_words_give_a_reason() -> None:
    assert _tokens("حب+گ", "NOUN+PRON") == UNMAPPED  # a spelling outside our inventory
    assert _tokens("ال+بيت", "DET+NOUN+NSUFF") == TAG_MISMATCH


# -------------------------------------------------------------------------- scoring


class _FakeTokenizer:
    """Splits a word at fixed offsets: {word: [offsets]}; text as the word's letters."""

    def __init__(self, splits: dict[str, list[int]], restore: dict[str, str] | None = None):
        self.splits, self.restore = splits, restore or {}

    def tokenize(self, text: str) -> list[Token]:
        cuts = [0, *self.splits.get(text, []), len(text)]
        out = []
        for i, (s, e) in enumerate(itertools.pairwise(cuts)):
            piece = text[s:e]
            word = self.restore.get(piece, piece) if i == 0 else "+" + piece
            out.append(Token(word, s, e, "stem" if i == 0 else "suffix", piece))
        return out


def test_boundary_scoring_ignores_the_stem_spelling() -> None:
    gold = [GoldWord(1, "اغنيتي", "اغنيت +ي"), GoldWord(2, "بيته", "بيت +ه"),
            GoldWord(3, "كتبت", "كتبت")]
    fake = _FakeTokenizer({"اغنيتي": [5], "كتبت": [4]}, restore={"اغنيت": "اغنية"})
    by_string = evaluate(gold, fake.tokenize, segmentation_starts)
    assert by_string.correct == 0  # اغنية +ي is not اغنيت +ي; بيته not split; كتبت split
    scores = evaluate(gold, fake.tokenize, segmentation_starts, boundaries_only=True)
    assert (scores.words, scores.correct) == (3, 1)
    assert (scores.gold_splits, scores.predicted_splits, scores.true_splits) == (2, 2, 1)
    assert [w.line for w, _ in scores.errors] == [2, 3]


# --------------------------------------------------------------------------- readers


def test_qcri_reader_counts_and_skips(tmp_path: Path) -> None:
    path = _qcri(tmp_path, [
        _row("@someone", "@someone", "MENTION"),
        _row("شغل", "شغل", "V", order=2),
        _row("اغنيتي", "اغني+ت+ي", "NOUN+NSUFF+PRON", order=3),
        _row("تسوين", "تسو+ين", "V+PRON", order=4),
        _row("#وسم", "#وسم", "HASH", order=5),
        _row("!", "!", "PUNC", order=6),
        _row("", "", "PUNC", order=7),
        _row("EOS", "EOS", "EOS", order=8),
        _row("حبگ", "حب+گ", "NOUN+PRON", sent=2),
        _row("تعبنا", "تعب+نا", "V+PRON", sent=2, order=2),
        _row("لج", "ل+ج", "PREP+PRON", sent=2, order=3),
        _row("EOS", "EOS", "EOS", sent=2, order=4),
    ])
    gold = read_qcri_tsv(path)
    assert (gold.read, gold.utterances, len(gold.words)) == (10, 2, 4)
    assert [(w.line, w.surface, w.segmentation) for w in gold.words] == [
        (3, "شغل", "شغل"), (4, "اغنيتي", "اغنيت +ي"), (5, "تسوين", "تسوين"),
        (12, "لج", "ل +ج")]
    assert isinstance(gold.words[1], ExternalWord)
    assert gold.words[1].source == "اغني+ت+ي NOUN+NSUFF+PRON"
    assert gold.skipped == {f"{NOT_ARABIC} (MENTION)": 1, f"{NOT_ARABIC} (PUNC)": 1,
                            "Arabic mixed with other characters (HASH)": 1,
                            f"{EMPTY_WORD} (PUNC)": 1, UNMAPPED: 1, VERB_NA: 1}
    assert gold.notes["subject suffix joined"] == 1
    assert gold.notes["words with a gold split"] == 2


def test_qcri_surface_keeps_its_own_spelling(tmp_path: Path) -> None:
    # The Word column may differ from the joined segments (tatweel, diacritics, لل).
    path = _qcri(tmp_path, [_row("بيتـه", "بيت+ه", "NOUN+PRON"),
                            _row("للعمله", "ل+ال+عمل+ه", "PREP+DET+NOUN+PRON", order=2),
                            _row("كتابُه", "كتاب+ه", "NOUN+PRON", order=3)])
    words = read_qcri_tsv(path).words
    starts = [segmentation_starts(w.surface, w.segmentation) for w in words]
    assert starts == [[0, 4], [0, 5], [0, 5]]


def test_farasa_reader(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    records = [
        {"line": 0, "segmented": "ل+ال+بيت كن+نا في+ه", "pos": "PREP+DET+NOUN V+PRON PREP+PRON",
         "diacritized": "لِلْبَيْتِ كُنَّا فِيهِ."},
        {"line": 1, "segmented": "يمكن+نا تبلغ+نا 11 BBC .",
         "pos": "V+PRON V+PRON NUM FOREIGN PUNC",
         "diacritized": "يُمْكِنُنَا تُبْلِغُنَا 11 BBC."},
        {"line": 2, "segmented": "وضع+نا + ب+ذلك", "pos": "V+PRON PUNC PREP+PRON"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    gold = read_farasa_jsonl(path)
    assert gold.utterances == 3 and gold.read == 11
    assert [(w.line, w.surface, w.segmentation) for w in gold.words] == [
        (1, "للبيت", "لالبيت"), (1, "كنا", "كننا"), (1, "فيه", "في +ه"),
        (2, "يمكننا", "يمكن +نا"), (2, "تبلغنا", "تبلغ +نا"), (3, "بذلك", "بذلك")]
    assert gold.skipped == {f"{NOT_ARABIC} (NUM)": 1, f"{NOT_ARABIC} (FOREIGN)": 1,
                            f"{NOT_ARABIC} (PUNC)": 2, VERB_NA: 1}
    assert gold.notes["verb + نا: subject (diacritics)"] == 1
    assert gold.notes["verb + نا: object (diacritics)"] == 1


@pytest.mark.parametrize(("text", "where"), [
    ('{"segmented": "بيت+ه", "pos": "NOUN+PRON"}\n{"segmented": \n', ":2: not valid JSON"),
    ('["بيت"]\n', ":1: expected a JSON object"),
    ('{"segmented": "بيت+ه"}\n', ":1: the record has no string field 'pos'"),
    ('\n{"segmented": "بيت+ه كتاب", "pos": "NOUN+PRON"}\n',
     ":2: 'segmented' has 2 words but 'pos' has 1"),
])
def test_farasa_malformed_rows(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"{path}{where}"):
        read_farasa_jsonl(path)


def test_qcri_malformed_rows(tmp_path: Path) -> None:
    path = _qcri(tmp_path, [_row("بيته", "بيت+ه", "NOUN+PRON"), "2\tA\t1\t2\tكتاب\tكتاب"])
    with pytest.raises(InputError, match=f"{path}:3: expected 7 tab-separated cells, got 6"):
        read_qcri_tsv(path)
    path = _qcri(tmp_path, [_row("بيته", "", "NOUN+PRON")])
    with pytest.raises(InputError, match=f"{path}:2: the word 'بيته' has an empty"):
        read_qcri_tsv(path)
    nohead = tmp_path / "nohead.tsv"
    nohead.write_text(_row("بيته", "بيت+ه", "NOUN+PRON") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"{nohead}:1: expected the header"):
        read_qcri_tsv(nohead)
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes(HEADER.encode() + "caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=f"{latin1}:2: not valid UTF-8"):
        read_qcri_tsv(latin1)
    with pytest.raises(InputError, match="no gold rows"):
        read_qcri_tsv(_qcri(tmp_path, []))
    with pytest.raises(InputError, match="gold file not found"):
        read_external(tmp_path / "missing.tsv", "qcri-tsv")
    with pytest.raises(InputError, match="unknown gold format"):
        read_external(path, "conll")


# ------------------------------------------------------------------------------ CLI


def test_cli_format_qcri_with_the_real_tokenizer(tmp_path: Path) -> None:
    path = _qcri(tmp_path, [_row("شغل", "شغل", "V"),
                            _row("أغنيتي", "أغني+ت+ي", "NOUN+NSUFF+PRON", order=2),
                            _row("!", "!", "PUNC", order=3)])
    res = runner.invoke(app, ["eval", "tokenize", "--gold", str(path), "--format", "qcri-tsv"])
    assert res.exit_code == 0, res.output
    assert "3 words in 1 utterances; 2 scored, 1 skipped" in res.stdout
    assert f"skipped      1  {NOT_ARABIC} (PUNC)" in res.stdout
    # أغنية +ي against the gold's أغنيت +ي: same split offset, so right.
    assert "scheme nlu: 2 words, boundary word accuracy 100.00% (2/2)" in res.stdout


def test_cli_format_errors_and_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _FakeTokenizer({"بيته": [3], "لكن": [1]})
    monkeypatch.setattr("arabic_nlp.text.tokenize.tokenizer", lambda scheme: fake)
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps({"segmented": "بيت+ه لكن أن+ه", "pos": "NOUN+PRON CONJ PART+PRON"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "tokenize", "-g", str(path), "-f", "farasa-jsonl",
                              "--errors"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "boundary word accuracy 33.33% (1/3)" in out
    assert "precision 50.00%, recall 50.00%, F1 50.00% (gold 2, predicted 2, correct 1)" in out
    assert f"{path}:1" in out and "gold: أن +ه" in out and "source: أن+ه PART+PRON" in out
    assert "gold: لكن" in out and "got: ل +كن" in out


def test_cli_format_rejects_bad_options(tmp_path: Path) -> None:
    path = _qcri(tmp_path, [_row("بيته", "بيت+ه", "NOUN+PRON")])
    res = runner.invoke(app, ["eval", "tokenize", "-g", str(path), "-f", "conll"])
    assert isinstance(res.exception, InputError) and "unknown --format" in str(res.exception)
    res = runner.invoke(app, ["eval", "tokenize", "-g", str(path), "-f", "qcri-tsv",
                              "-s", "full"])
    assert isinstance(res.exception, InputError) and "nlu scheme only" in str(res.exception)


def test_cli_malformed_gold_is_one_clear_line(tmp_path: Path) -> None:
    path = _qcri(tmp_path, [_row("بيته", "بيت+ه", "NOUN+PRON"), "oops"])
    res = subprocess.run([sys.executable, "-m", "arabic_nlp.cli", "eval", "tokenize", "-g",
                          str(path), "-f", "qcri-tsv"], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 2, res.stderr
    assert f"{path}:3: expected 7 tab-separated cells" in res.stderr
    assert "Traceback" not in res.stderr
