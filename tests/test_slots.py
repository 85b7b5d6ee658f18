"""Slot spans: MASSIVE markup round trips, projection onto hand-made affix tokens and back.

The fixture ``massive_sample.jsonl`` holds 27 rows copied unchanged (fields id, locale,
partition, intent, utt, annot_utt) from the Amazon MASSIVE 1.0 train files for ar-SA, fr-FR and
en-US; MASSIVE is CC BY 4.0 (Amazon.com, Inc.; FitzGerald et al. 2022, arXiv:2204.08582) and
each row's ``_source`` field names its file and id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import (
    Mismatch,
    SlotAlignmentWarning,
    Span,
    align_example,
    format_annotated,
    model_tokens,
    parse_annotated,
    project_spans,
    spans_to_tags,
    tags_to_spans,
)
from arabic_nlp.text.tokens import Token, detokenize

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "massive_sample.jsonl"

POSS = "possessor"

# ------------------------------------------------------------------ hand-made tokens


def _kind(piece: str) -> str:
    """The token kind of a hand-written piece: ``+ي`` suffix, ``ب+`` prefix, else by its chars."""
    if len(piece) > 1 and piece.startswith("+"):
        return "suffix"
    if len(piece) > 1 and piece.endswith("+"):
        return "prefix"
    if piece.isdigit():
        return "number"
    if piece.isascii() and piece.isalpha():
        return "latin"
    if not any(ch.isalnum() for ch in piece):
        return "punct"
    return "stem"


def toks(spec: str, lead: str = "") -> list[Token]:
    """Tokens written by hand: words split by one space, pieces by ``|``, ``surface=text``.

    ``"شغل أغنيت=أغنية|+ي"`` is شغل, أغنية (surface أغنيت), +ي (surface ي), as the affix
    tokenizer gives them; ``lead`` is whitespace before the text (a ``space`` token).
    """
    tokens = [Token(lead, 0, len(lead), "space", lead)] if lead else []
    pos = len(lead)
    for w, word in enumerate(spec.split(" ")):
        if w:
            tokens[-1] = tokens[-1]._replace(space=" ")
            pos += 1
        for piece in word.split("|"):
            surface, _, text = piece.partition("=")
            kind = _kind(surface)
            surface = surface.strip("+") if kind in ("suffix", "prefix") else surface
            tokens.append(Token(text or piece, pos, pos + len(surface), kind, surface))
            pos += len(surface)
    return tokens


def whitespace_tokenize(text: str) -> list[Token]:
    """A stand-in tokenizer: one token per space-separated word (MASSIVE uses single spaces)."""
    return toks(text) if text else []


def test_hand_tokens_follow_the_token_contract() -> None:
    tokens = toks("شغل أغنيت=أغنية|+ي من ب+|سبوتيفاي")
    assert detokenize(tokens) == "شغل أغنيتي من بسبوتيفاي"
    assert tokens[1:3] == [Token("أغنية", 4, 9, "stem", "أغنيت", ""),
                           Token("+ي", 9, 10, "suffix", "ي", " ")]
    assert [t.kind for t in tokens] == ["stem", "stem", "suffix", "stem", "prefix", "stem"]
    assert tokens[4].text == "ب+"
    assert detokenize(toks("a b", lead="  ")) == "  a b"


# ------------------------------------------------------------------ MASSIVE markup


def _fixture_rows() -> list[dict[str, Any]]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


ROWS = _fixture_rows()


def test_fixture_is_small_real_and_attributed() -> None:
    assert 20 <= len(ROWS) <= 30
    assert {r["locale"] for r in ROWS} == {"ar-SA", "fr-FR", "en-US"}
    assert all(r["partition"] == "train" and "CC BY 4.0" in r["_source"] for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['locale']}-{r['id']}")
def test_massive_rows_give_utt_and_back(row: dict[str, Any]) -> None:
    text, spans = parse_annotated(row["annot_utt"])
    assert text == row["utt"]
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert format_annotated(text, spans) == row["annot_utt"]
    assert len(spans) == row["annot_utt"].count("[")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['locale']}-{r['id']}")
def test_massive_rows_align_with_word_tokens(row: dict[str, Any]) -> None:
    """Brackets in MASSIVE always sit at word edges, so word tokens never cut a slot."""
    texts, tags = align_example(row["annot_utt"], whitespace_tokenize)
    text, spans = parse_annotated(row["annot_utt"])
    assert texts == text.split()
    assert len(tags) == len(texts)
    assert tags_to_spans(whitespace_tokenize(text), tags) == spans


def test_parse_example_from_the_brief() -> None:
    text, spans = parse_annotated("شغل [song_name : أغنيتي] من [app_name : سبوتيفاي]")
    assert text == "شغل أغنيتي من سبوتيفاي"
    assert spans == [Span("song_name", 4, 10), Span("app_name", 14, 22)]
    assert [s.text for s in spans] == ["أغنيتي", "سبوتيفاي"]


def test_parse_keeps_outside_text_verbatim() -> None:
    assert parse_annotated("") == ("", [])
    assert parse_annotated("  a  b ") == ("  a  b ", [])
    text, spans = parse_annotated("x[a : 1][b : 2 : 3]y\t")
    assert text == "x12 : 3y\t"
    assert spans == [Span("a", 1, 2), Span("b", 2, 7)]
    assert spans[1].text == "2 : 3"


def test_span_text_is_not_compared() -> None:
    assert Span("a", 0, 1, "x") == Span("a", 0, 1) == Span("a", 0, 1, "y")
    assert len({Span("a", 0, 1, "x"), Span("a", 0, 1)}) == 1


@pytest.mark.parametrize(
    ("annot", "problem", "offset"),
    [
        ("شغل [song_name : أغنيتي", "never closed", 4),
        ("شغل أغنيتي] من", "without an opening", 10),
        ("[a : b] ]", "without an opening", 8),
        ("شغل [song_name أغنيتي]", "' : '", 4),
        ("[time: five]", "' : '", 0),
        ("[ : x]", "label is empty", 1),
        ("[a : b [c : d]]", "nested", 7),
        ("[a : b [c : d]", "nested", 7),
        ("[a : ]", "value is empty", 5),
        ("[a :  b]", "whitespace at its edge", 5),
        ("[a : b ]", "whitespace at its edge", 5),
        ("[a b : c]", "contains ' '", 1),
        ("[a:b : c]", "contains ':'", 1),
    ],
)
def test_malformed_annotations_name_problem_and_offset(annot: str, problem: str,
                                                         offset: int) -> None:
    with pytest.raises(InputError, match="annotation") as info:
        parse_annotated(annot)
    assert problem in str(info.value)
    assert f"offset {offset} (" in str(info.value)


def test_parse_rejects_non_text() -> None:
    with pytest.raises(InputError, match="must be a str"):
        parse_annotated(b"[a : b]")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="lone surrogate"):
        parse_annotated("[a : \ud800]")


@pytest.mark.parametrize(
    ("text", "spans", "problem"),
    [
        ("abc", [Span("a", 0, 2), Span("b", 1, 3)], "overlap"),
        ("abc", [Span("a", 2, 2)], "non-empty range"),
        ("abc", [Span("a", 1, 4)], "within 0..3"),
        ("a [b]", [Span("a", 0, 1)], "'\\['"),
        ("a b", [Span("a", 0, 2)], "whitespace at its edge"),
        ("a b", [Span("a", 0, 1, "b")], "text is 'b'"),
        ("a b", [Span("", 0, 1)], "label is empty"),
        ("a b", [("a", 0, 1)], "must be a Span"),
    ],
)
def test_format_rejects_what_markup_cannot_hold(text: str, spans: list[Span],
                                                problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        format_annotated(text, spans)


def test_format_sorts_spans() -> None:
    spans = [Span("b", 4, 5), Span("a", 0, 1)]
    assert format_annotated("x y z", spans) == "[a : x] y [b : z]"


# Latin, digits, Arabic (with a shadda), punctuation, emoji (and a skin-tone modifier).
CHARS = [*"abzXY09 .,:'-_/", *"شغلأغنيتةمنسبوفاءؤ٠٣،؟", "\u0651", "😀", "🎵", "👍", "\U0001F3FD"]
plain = st.text(st.sampled_from(CHARS), max_size=8)
value = st.text(st.sampled_from(CHARS), min_size=1, max_size=8).filter(lambda v: v == v.strip())
label = st.text(st.sampled_from(list("abcxyz_-") + list("شغل٣") + ["😀"]), min_size=1, max_size=6)


@given(st.lists(st.tuples(plain, label, value), max_size=5), plain)
@settings(max_examples=300)
def test_parse_format_round_trip(slots: list[tuple[str, str, str]], tail: str) -> None:
    text = ""
    spans: list[Span] = []
    for before, lab, val in slots:
        text += before
        spans.append(Span(lab, len(text), len(text) + len(val)))
        text += val
    text += tail
    annot = format_annotated(text, spans)
    assert parse_annotated(annot) == (text, spans)
    assert format_annotated(*parse_annotated(annot)) == annot


# ------------------------------------------------------------------ spans -> tags


def test_bio_tags_with_possessor_suffix() -> None:
    tokens = toks("شغل أغنيت=أغنية|+ي من سبوتيفاي")
    text, spans = parse_annotated("شغل [song_name : أغنيتي] من [app_name : سبوتيفاي]")
    assert detokenize(tokens) == text
    assert spans_to_tags(tokens, spans) == ["O", "B-song_name", "I-song_name", "O", "B-app_name"]
    tags = spans_to_tags(tokens, spans, suffix_label=POSS)
    assert tags == ["O", "B-song_name", "B-possessor", "O", "B-app_name"]
    assert tags_to_spans(tokens, tags, suffix_label=POSS) == spans
    assert [s.text for s in tags_to_spans(tokens, tags, suffix_label=POSS)] == [
        "أغنيتي", "سبوتيفاي"]


def test_possessor_on_real_arabic_row() -> None:
    """ar-SA train id 16826 'دور على [relation : زوجتي]' (en-US: 'find my [relation : wife]')."""
    row = next(r for r in ROWS if r["locale"] == "ar-SA" and r["id"] == "16826")
    tokenize = {row["utt"]: toks("دور على زوجت=زوجة|+ي")}.__getitem__
    texts, tags = align_example(row["annot_utt"], tokenize, suffix_label=POSS)
    assert texts == ["دور", "على", "زوجة", "+ي"]
    assert tags == ["O", "O", "B-relation", "B-possessor"]


def test_possessor_needs_a_slot_body() -> None:
    """A slot that is only a suffix keeps its label; of two final suffixes, the last is marked."""
    tokens = toks("كتاب|+ي|+ه")
    assert spans_to_tags(tokens, [Span("x", 4, 5)], suffix_label=POSS) == ["O", "B-x", "O"]
    tags = spans_to_tags(tokens, [Span("x", 0, 6)], suffix_label=POSS)
    assert tags == ["B-x", "I-x", "B-possessor"]
    assert tags_to_spans(tokens, tags, suffix_label=POSS) == [Span("x", 0, 6)]


def test_bioes_tags() -> None:
    tokens = toks("شغل أغنيت=أغنية|+ي من راديو ب+|لندن")
    spans = [Span("song_name", 4, 10), Span("radio_name", 14, 25)]
    assert detokenize(tokens)[14:25] == "راديو بلندن"
    tags = spans_to_tags(tokens, spans, scheme="BIOES")
    assert tags == ["O", "B-song_name", "E-song_name", "O",
                    "B-radio_name", "I-radio_name", "E-radio_name"]
    tags = spans_to_tags(tokens, spans, scheme="BIOES", suffix_label=POSS)
    assert tags[1:3] == ["S-song_name", "S-possessor"]
    assert tags_to_spans(tokens, tags, suffix_label=POSS) == spans


def test_space_tokens_get_no_tag() -> None:
    tokens = toks("شغل أغنيت=أغنية|+ي", lead="  ")
    assert tokens[0].kind == "space"
    assert [t.text for t in model_tokens(tokens)] == ["شغل", "أغنية", "+ي"]
    spans = [Span("song_name", 6, 12)]
    tags = spans_to_tags(tokens, spans)
    assert tags == ["O", "B-song_name", "I-song_name"]
    assert tags_to_spans(tokens, tags) == spans
    texts, tags = align_example("  شغل [song_name : أغنيتي]", lambda _: tokens)
    assert texts == ["شغل", "أغنية", "+ي"]


def test_spans_to_tags_rejects_bad_input() -> None:
    tokens = toks("a b c")
    with pytest.raises(InputError, match="scheme 'IOB2'"):
        spans_to_tags(tokens, [], scheme="IOB2")
    with pytest.raises(InputError, match="suffix_label 'x' is also a span label"):
        spans_to_tags(tokens, [Span("x", 0, 1)], suffix_label="x")
    with pytest.raises(InputError, match="overlap"):
        spans_to_tags(tokens, [Span("x", 0, 3), Span("y", 2, 5)])
    with pytest.raises(InputError, match=r"tokens\[1\]"):
        spans_to_tags([tokens[1], tokens[0]], [])
    with pytest.raises(InputError, match="must be a Token"):
        spans_to_tags([("a", 0, 1, "stem", "a", "")], [])  # type: ignore[list-item]


# ------------------------------------------------------------------ partial overlaps


def test_span_cutting_a_token_raises_by_default() -> None:
    """The annotation covers أغنيت but the tokenizer kept أغنيتي whole."""
    tokens = toks("شغل أغنيتي")
    spans = [Span("song_name", 4, 9, "أغنيت")]
    with pytest.raises(InputError, match=r"cuts token 'أغنيتي' \(4\.\.10\)") as info:
        spans_to_tags(tokens, spans)
    assert "strict=False" in str(info.value)


def test_span_cutting_a_token_warns_and_tags_when_not_strict() -> None:
    tokens = toks("شغل أغنيتي")
    spans = [Span("song_name", 4, 9)]
    with pytest.warns(SlotAlignmentWarning, match="tagged as 4..10"):
        assert spans_to_tags(tokens, spans, strict=False) == ["O", "B-song_name"]
    tags, mismatches = project_spans(tokens, spans)
    assert tags == ["O", "B-song_name"]
    assert mismatches == [Mismatch(spans[0], (4, 10), "an edge cuts token 'أغنيتي' (4..10)")]


def test_token_goes_to_the_span_it_overlaps_most() -> None:
    tokens = toks("abcdef gh")
    spans = [Span("x", 0, 2), Span("y", 2, 9)]  # abcdef: 2 chars in x, 4 in y
    tags, mismatches = project_spans(tokens, spans)
    assert tags == ["B-y", "I-y"]
    assert [(m.span, m.tagged) for m in mismatches] == [(spans[0], None), (spans[1], (0, 9))]
    assert "no token" in str(mismatches[0])
    tie = [Span("x", 0, 3), Span("y", 3, 6)]
    assert project_spans(tokens, tie)[0] == ["B-x", "O"]


def test_span_edge_in_whitespace_is_reported() -> None:
    tokens = toks("ab cd")
    tags, mismatches = project_spans(tokens, [Span("x", 2, 5)])
    assert tags == ["O", "B-x"]
    assert mismatches[0].tagged == (3, 5)
    assert "whitespace" in mismatches[0].reason
    with pytest.raises(InputError, match="whitespace"):
        spans_to_tags(tokens, [Span("x", 2, 5)])


def test_mismatch_message_counts_all() -> None:
    tokens = toks("abcdefgh")
    spans = [Span("x", i, i + 1) for i in range(1, 6)]
    with pytest.raises(InputError, match=r"^5 span\(s\).*\(and 2 more\)"):
        spans_to_tags(tokens, spans)


# ------------------------------------------------------------------ tags -> spans


def test_tags_to_spans_decodes_like_seqeval() -> None:
    tokens = toks("a b c d e")
    assert tags_to_spans(tokens, ["I-x", "I-x", "O", "I-y", "B-y"]) == [
        Span("x", 0, 3), Span("y", 6, 7), Span("y", 8, 9)]
    assert tags_to_spans(tokens, ["B-x", "I-y", "I-y", "E-y", "I-y"]) == [
        Span("x", 0, 1), Span("y", 2, 7), Span("y", 8, 9)]
    assert tags_to_spans(tokens, ["S-x", "I-x", "E-x", "S-x", "O"]) == [
        Span("x", 0, 1), Span("x", 2, 5), Span("x", 6, 7)]
    assert tags_to_spans(tokens, ["O"] * 5) == []


def test_stray_possessor_tags_are_dropped() -> None:
    tokens = toks("أغنيت=أغنية|+ي و|+ي")
    assert tags_to_spans(tokens, ["O", "B-possessor", "B-x", "O"], suffix_label=POSS) == [
        Span("x", 7, 8)]
    # on a non-suffix token, or after an O gap, it joins nothing
    assert tags_to_spans(tokens, ["B-possessor", "O", "B-x", "B-possessor"],
                         suffix_label=POSS) == [Span("x", 7, 9)]
    assert tags_to_spans(tokens, ["B-x", "O", "B-possessor", "O"], suffix_label=POSS) == [
        Span("x", 0, 5)]
    # without suffix_label it is an ordinary label
    assert tags_to_spans(tokens, ["B-x", "B-possessor", "O", "O"]) == [
        Span("x", 0, 5), Span("possessor", 5, 6)]


@pytest.mark.parametrize("bad", ["B", "B-", "X-y", "o", "", "b-x"])
def test_bad_tags_are_named(bad: str) -> None:
    with pytest.raises(InputError, match=r"tags\[1\]"):
        tags_to_spans(toks("a b"), ["O", bad])


def test_tag_count_must_match_model_tokens() -> None:
    with pytest.raises(InputError, match="3 tags for 2 tokens"):
        tags_to_spans(toks("a b", lead=" "), ["O", "O", "O"])


def test_align_example_checks_the_tokenizer() -> None:
    with pytest.raises(InputError, match="do not give the text back"):
        align_example("[a : x] y", lambda text: toks("x z"))
    with pytest.raises(InputError, match=r"tokens\[0\] starts at 2"):
        align_example("[a : x] y", lambda text: toks("x y")[1:])


# ------------------------------------------------------------------ round trip property

KINDS = ["stem", "stem", "suffix", "prefix", "latin", "number", "punct"]
SURFACE = {"stem": "بيت", "suffix": "ها", "prefix": "وب", "latin": "ab", "number": "42",
           "punct": "؟!"}


@st.composite
def tilings(draw: st.DrawFn) -> list[Token]:
    """Random tokens tiling a text: words of 1-3 pieces, runs of spaces, maybe leading space."""
    lead = draw(st.sampled_from(["", " ", "\t "]))
    tokens = [Token(lead, 0, len(lead), "space", lead)] if lead else []
    pos = len(lead)
    for _ in range(draw(st.integers(1, 8))):
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(KINDS))
            surface = SURFACE[kind][: draw(st.integers(1, 2))]
            text = {"suffix": "+" + surface, "prefix": surface + "+"}.get(kind, surface)
            tokens.append(Token(text, pos, pos + len(surface), kind, surface))
            pos += len(surface)
        space = draw(st.sampled_from([" ", " ", "  "]))
        tokens[-1] = tokens[-1]._replace(space=space)
        pos += len(space)
    return tokens


@st.composite
def tokens_and_spans(draw: st.DrawFn) -> tuple[list[Token], list[Span]]:
    """A tiling and disjoint spans whose edges fall on token edges (runs of model tokens)."""
    tokens = draw(tilings())
    model = model_tokens(tokens)
    spans: list[Span] = []
    i = 0
    while i < len(model):
        lab = draw(st.sampled_from([None, "x", "y"]))
        size = draw(st.integers(1, 4))
        last = min(i + size, len(model)) - 1
        if lab is not None:
            spans.append(Span(lab, model[i].start, model[last].end))
        i = last + 1
    return tokens, spans


@given(tokens_and_spans(), st.sampled_from(["BIO", "BIOES"]), st.sampled_from([None, POSS]))
@settings(max_examples=400)
def test_spans_tags_spans_round_trip(case: tuple[list[Token], list[Span]], scheme: str,
                                     suffix_label: str | None) -> None:
    tokens, spans = case
    tags = spans_to_tags(tokens, spans, scheme=scheme, suffix_label=suffix_label)
    assert len(tags) == len(model_tokens(tokens))
    back = tags_to_spans(tokens, tags, suffix_label=suffix_label)
    assert back == spans
    text = detokenize(tokens)
    assert all(s.text == text[s.start:s.end] for s in back)
