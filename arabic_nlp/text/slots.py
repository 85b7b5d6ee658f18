"""Slot annotations: MASSIVE's inline ``[label : value]`` markup, character spans, token tags.

:func:`parse_annotated` and :func:`format_annotated` convert between MASSIVE's ``annot_utt``
and (text, spans). :func:`spans_to_tags` and :func:`tags_to_spans` project spans onto the
affix tokenizer's tokens and back, so NLU training data and predictions line up with the
tokens a model sees. Tags align with :func:`model_tokens` (``space`` tokens left out).

MASSIVE's conventions (checked on ar-SA, fr-FR and en-US train+dev, 40,641 rows): a slot is
``[`` label, exactly one space, ``:``, exactly one space, value, ``]``; the value never has
whitespace at its edges; everything outside the brackets is copied to ``utt`` verbatim,
including the spaces next to the brackets. So removing the markup gives ``utt`` on every row.
"""

from __future__ import annotations

import warnings
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NoReturn

from arabic_nlp.errors import InputError
from arabic_nlp.text.checks import check_text
from arabic_nlp.text.tokens import Token, detokenize, model_texts

SCHEMES = ("BIO", "BIOES")
SEPARATOR = " : "  # between label and value inside the brackets
OUTSIDE = "O"
_PREFIXES = ("B", "I", "E", "S")
_SNIPPET = 20  # characters of context shown in parse errors


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range ``[start, end)`` of a text; ``text`` is the slice, for reading.

    ``text`` takes no part in ``==`` or hashing, so spans with and without it compare equal.
    """

    label: str
    start: int
    end: int
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A span the tags cannot give back exactly: the range its tags cover instead, and why.

    ``tagged`` is ``None`` when no token was tagged with the span (the span is lost).
    """

    span: Span
    tagged: tuple[int, int] | None
    reason: str

    def __str__(self) -> str:
        s = self.span
        got = "no token" if self.tagged is None else f"{self.tagged[0]}..{self.tagged[1]}"
        return f"span {s.label!r} {s.start}..{s.end} ({s.text!r}): {self.reason}; tagged as {got}"


class SlotAlignmentWarning(UserWarning):
    """spans_to_tags(strict=False) tagged a span whose edges do not fall on token edges."""


# ------------------------------------------------------------------ MASSIVE markup


def parse_annotated(annot: str) -> tuple[str, list[Span]]:
    """The plain text and slot spans of a MASSIVE ``annot_utt`` (``شغل [song_name : أغنيتي]``).

    Raises InputError, with the character offset, on unbalanced or nested brackets, a slot
    without `` : ``, an empty or spaced label, and an empty or space-edged value.
    """
    check_text(annot, "annotation")
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0  # characters of plain text so far
    while pos < len(annot):
        opening = annot.find("[", pos)
        stop = len(annot) if opening == -1 else opening
        _check_no_closing(annot, pos, stop)
        parts.append(annot[pos:stop])
        length += stop - pos
        if opening == -1:
            break
        label, value, pos = _parse_slot(annot, opening)
        parts.append(value)
        spans.append(Span(label, length, length + len(value), value))
        length += len(value)
    return "".join(parts), spans


def format_annotated(text: str, spans: Sequence[Span]) -> str:
    """MASSIVE markup for ``text`` with ``spans``: the inverse of :func:`parse_annotated`.

    Raises InputError for what the markup cannot hold: overlapping or empty spans, brackets
    in the text, a value with whitespace at its edges, a ``Span.text`` that is not the slice.
    """
    check_text(text, "text")
    parts: list[str] = []
    pos = 0
    for i, span in _checked_spans(spans, len(text)):
        value = text[span.start:span.end]
        if span.text is not None and span.text != value:
            raise InputError(f"spans[{i}].text is {span.text!r} but text[{span.start}:{span.end}] "
                             f"is {value!r}")
        _check_value(value, f"spans[{i}] ({span.label!r} {span.start}..{span.end})")
        _check_plain(text, pos, span.start)
        parts.append(f"{text[pos:span.start]}[{span.label}{SEPARATOR}{value}]")
        pos = span.end
    _check_plain(text, pos, len(text))
    parts.append(text[pos:])
    return "".join(parts)


def _parse_slot(annot: str, opening: int) -> tuple[str, str, int]:
    """Label, value and the offset after the ``]`` of the slot whose ``[`` is at ``opening``."""
    closing = annot.find("]", opening + 1)
    nested = annot.find("[", opening + 1)
    if nested != -1 and (closing == -1 or nested < closing):
        _parse_error(annot, nested, f"nested '[' inside the slot opened at offset {opening}")
    if closing == -1:
        _parse_error(annot, opening, "'[' is never closed with ']'")
    inner = annot[opening + 1:closing]
    cut = inner.find(SEPARATOR)
    if cut == -1:
        _parse_error(annot, opening, f"slot has no {SEPARATOR!r} between label and value")
    label, value = inner[:cut], inner[cut + len(SEPARATOR):]
    _check_part(annot, opening + 1, _check_label, label, "label")
    _check_part(annot, opening + 1 + cut + len(SEPARATOR), _check_value, value, "value")
    return label, value, closing + 1


def _check_part(annot: str, offset: int, check: Callable[[str, str], None], part: str,
                what: str) -> None:
    """Run ``check`` on the label or value at ``offset``, reporting a failure with the offset."""
    try:
        check(part, what)
    except InputError as exc:
        _parse_error(annot, offset, str(exc))


def _check_no_closing(annot: str, start: int, stop: int) -> None:
    """Reject a ``]`` in plain text: it closes nothing."""
    closing = annot.find("]", start, stop)
    if closing != -1:
        _parse_error(annot, closing, "']' without an opening '['")


def _parse_error(annot: str, offset: int, problem: str) -> NoReturn:
    """Raise the InputError of a malformed annotation, with the offset and the text there."""
    near = annot[offset:offset + _SNIPPET]
    raise InputError(f"annotation, offset {offset} ({near!r}): {problem}; slots are written "
                     "[label : value]")


def _check_label(label: str, what: str) -> None:
    """A label is non-empty, with no whitespace, brackets or colon (it becomes ``B-label``)."""
    if not label:
        raise InputError(f"{what} is empty")
    bad = next((ch for ch in label if ch.isspace() or ch in "[]:"), None)
    if bad is not None:
        raise InputError(f"{what} {label!r} contains {bad!r}; labels have no whitespace, "
                         "brackets or ':'")


def _check_value(value: str, what: str) -> None:
    """A value is non-empty, bracket-free, with no whitespace at its edges (MASSIVE never has)."""
    if not value:
        raise InputError(f"{what} is empty")
    if "[" in value or "]" in value:
        raise InputError(f"{what} {value!r} contains a bracket, which the markup cannot hold")
    if value != value.strip():
        raise InputError(f"{what} {value!r} has whitespace at its edge; the spaces around "
                         "a slot belong outside the brackets")


def _check_plain(text: str, start: int, stop: int) -> None:
    """Reject brackets in text outside the spans: MASSIVE markup has no escape for them."""
    for bracket in "[]":
        at = text.find(bracket, start, stop)
        if at != -1:
            raise InputError(f"text has {bracket!r} at offset {at}, which MASSIVE markup "
                             "cannot hold")


def _checked_spans(spans: Sequence[Span], length: int | None) -> list[tuple[int, Span]]:
    """(index, span) pairs sorted by start; InputError on a bad, empty or overlapping span."""
    for i, span in enumerate(spans):
        if not isinstance(span, Span):
            raise InputError(f"spans[{i}] must be a Span, not {type(span).__name__}")
        _check_label(span.label, f"spans[{i}].label")
        if not 0 <= span.start < span.end or (length is not None and span.end > length):
            limit = "" if length is None else f" within 0..{length}"
            raise InputError(f"spans[{i}] {span.start}..{span.end} is not a non-empty "
                             f"range{limit}")
    ordered = sorted(enumerate(spans), key=lambda pair: (pair[1].start, pair[1].end))
    for (i, a), (j, b) in pairwise(ordered):
        if b.start < a.end:
            raise InputError(f"spans[{i}] {a.start}..{a.end} and spans[{j}] {b.start}..{b.end} "
                             "overlap; slot tags cannot hold overlapping spans")
    return ordered


# ------------------------------------------------------------------ spans <-> tags


def model_tokens(tokens: Sequence[Token]) -> list[Token]:
    """The tokens that get tags: all but ``space`` tokens, checked to be in text order."""
    out: list[Token] = []
    end = 0
    for i, tok in enumerate(tokens):
        if not isinstance(tok, Token):
            raise InputError(f"tokens[{i}] must be a Token, not {type(tok).__name__}")
        if tok.start < end or tok.end < tok.start:
            raise InputError(f"tokens[{i}] {tok.start}..{tok.end} is not after the previous "
                             f"token (which ends at {end}); pass tokens as tokenize() gave them")
        end = tok.end
        if tok.kind != "space":
            out.append(tok)
    return out


def project_spans(
    tokens: Sequence[Token],
    spans: Sequence[Span],
    *,
    scheme: str = "BIO",
    suffix_label: str | None = None,
) -> tuple[list[str], list[Mismatch]]:
    """Tags for :func:`model_tokens` and the spans they cannot give back exactly.

    A token is tagged with the span it overlaps most; see :func:`spans_to_tags`.
    """
    if scheme not in SCHEMES:
        raise InputError(f"scheme {scheme!r} is not one of {', '.join(SCHEMES)}")
    model = model_tokens(tokens)
    ordered = [span for _, span in _checked_spans(spans, None)]
    if suffix_label is not None:
        _check_label(suffix_label, "suffix_label")
        if any(span.label == suffix_label for span in ordered):
            raise InputError(f"suffix_label {suffix_label!r} is also a span label; pick a "
                             "label the data does not use")
    members: list[list[int]] = [[] for _ in ordered]
    for i, owner in enumerate(_owners(model, ordered)):
        if owner is not None:
            members[owner].append(i)
    tags = [OUTSIDE] * len(model)
    mismatches: list[Mismatch] = []
    for span, idx in zip(ordered, members, strict=True):
        _tag_span(tags, model, idx, span.label, scheme, suffix_label)
        mismatch = _mismatch(span, model, idx)
        if mismatch is not None:
            mismatches.append(mismatch)
    return tags, mismatches


def spans_to_tags(
    tokens: Sequence[Token],
    spans: Sequence[Span],
    *,
    scheme: str = "BIO",
    suffix_label: str | None = None,
    strict: bool = True,
) -> list[str]:
    """One tag (``O``, ``B-label``, ``I-label``; BIOES adds ``E-``, ``S-``) per model token.

    Tags align with ``model_tokens(tokens)``. A token lying in a span is tagged with it; a token
    a span edge cuts goes to the span it overlaps most. Such a span cannot come back exactly:
    ``strict=True`` raises InputError, ``strict=False`` warns (SlotAlignmentWarning) and tags
    anyway; :func:`project_spans` returns the mismatches instead. With ``suffix_label``, a
    ``suffix`` token ending a slot of two or more tokens is tagged ``B-<suffix_label>``.
    """
    tags, mismatches = project_spans(tokens, spans, scheme=scheme, suffix_label=suffix_label)
    if mismatches:
        message = _mismatch_message(mismatches)
        if strict:
            raise InputError(message + "; pass strict=False to tag them anyway")
        warnings.warn(message, SlotAlignmentWarning, stacklevel=2)
    return tags


def tags_to_spans(
    tokens: Sequence[Token],
    tags: Sequence[str],
    *,
    suffix_label: str | None = None,
) -> list[Span]:
    """Character spans in the original text from one tag per model token (BIO or BIOES).

    Decoded as seqeval does: ``I-x``/``E-x`` continue an open ``x`` chunk, else start one.
    A ``<suffix_label>`` tag on a suffix right after a slot's last token joins that slot;
    anywhere else it is dropped, since it is not a slot of its own.
    """
    model = model_tokens(tokens)
    if len(tags) != len(model):
        raise InputError(f"{len(tags)} tags for {len(model)} tokens; tags align with "
                         "model_tokens(tokens), which leaves out space tokens")
    chunks: list[tuple[str, int, int]] = []
    open_chunk = False
    for i, tag in enumerate(tags):
        prefix, label = _split_tag(tag, i)
        if label is None:
            open_chunk = False
        elif label == suffix_label:
            if chunks and chunks[-1][2] == i - 1 and model[i].kind == "suffix":
                chunks[-1] = (chunks[-1][0], chunks[-1][1], i)
            open_chunk = False
        elif open_chunk and prefix in "IE" and chunks[-1][0] == label:
            chunks[-1] = (label, chunks[-1][1], i)
            open_chunk = prefix == "I"
        else:
            chunks.append((label, i, i))
            open_chunk = prefix in "BI"
    return [_span(model, label, first, last) for label, first, last in chunks]


def align_example(
    annot: str,
    tokenize: Callable[[str], list[Token]],
    *,
    scheme: str = "BIO",
    suffix_label: str | None = None,
    strict: bool = True,
) -> tuple[list[str], list[str]]:
    """(model token texts, tags) of one MASSIVE ``annot_utt``, ready for a tagger's training."""
    text, spans = parse_annotated(annot)
    tokens = tokenize(text)
    if detokenize(tokens) != text:
        raise InputError("tokenize() returned tokens that do not give the text back: "
                         f"{text!r}")
    tags = spans_to_tags(tokens, spans, scheme=scheme, suffix_label=suffix_label, strict=strict)
    return model_texts(tokens), tags


def _owners(model: Sequence[Token], spans: Sequence[Span]) -> list[int | None]:
    """For each token, the index of the (sorted, disjoint) span it overlaps most, or None."""
    ends = [span.end for span in spans]
    owners: list[int | None] = []
    for tok in model:
        best: int | None = None
        most = 0
        k = bisect_right(ends, tok.start)
        while k < len(spans) and spans[k].start < tok.end:
            overlap = min(tok.end, spans[k].end) - max(tok.start, spans[k].start)
            if best is None or overlap > most:
                best, most = k, overlap
            k += 1
        owners.append(best)
    return owners


def _tag_span(tags: list[str], model: Sequence[Token], idx: Sequence[int], label: str,
              scheme: str, suffix_label: str | None) -> None:
    """Write the tags of one span's tokens ``idx`` (consecutive) into ``tags``."""
    body = list(idx)
    if suffix_label is not None and len(body) > 1 and model[body[-1]].kind == "suffix":
        tags[body.pop()] = _prefix(0, 1, scheme) + suffix_label
    for n, i in enumerate(body):
        tags[i] = _prefix(n, len(body), scheme) + label


def _prefix(n: int, size: int, scheme: str) -> str:
    """The tag prefix of the n-th of ``size`` tokens of a chunk."""
    if scheme == "BIOES" and size == 1:
        return "S-"
    if n == 0:
        return "B-"
    return "E-" if scheme == "BIOES" and n == size - 1 else "I-"


def _mismatch(span: Span, model: Sequence[Token], idx: Sequence[int]) -> Mismatch | None:
    """Why the tokens tagged with ``span`` do not cover exactly its range, or None if they do."""
    if not idx:
        return Mismatch(span, None, "no token lies mostly inside it")
    tagged = (model[idx[0]].start, model[idx[-1]].end)
    if tagged == (span.start, span.end):
        return None
    cut = next((t for t in model if t.start < span.start < t.end or t.start < span.end < t.end),
               None)
    if cut is None:
        return Mismatch(span, tagged, "an edge falls in whitespace or outside the tokens")
    return Mismatch(span, tagged, f"an edge cuts token {cut.surface!r} ({cut.start}..{cut.end})")


def _mismatch_message(mismatches: Sequence[Mismatch]) -> str:
    """One line naming the first mismatches and how many there are."""
    shown = "; ".join(str(m) for m in mismatches[:3])
    more = f" (and {len(mismatches) - 3} more)" if len(mismatches) > 3 else ""
    return f"{len(mismatches)} span(s) do not fall on token edges: {shown}{more}"


def _split_tag(tag: str, i: int) -> tuple[str, str | None]:
    """(prefix, label) of a tag; label None for ``O``; InputError naming ``tags[i]`` if bad."""
    if tag == OUTSIDE:
        return OUTSIDE, None
    prefix, dash, label = tag.partition("-") if isinstance(tag, str) else ("", "", "")
    if not dash or prefix not in _PREFIXES or not label:
        raise InputError(f"tags[{i}] = {tag!r} is not O or B-, I-, E-, S- and a label")
    return prefix, label


def _span(model: Sequence[Token], label: str, first: int, last: int) -> Span:
    """The span from token ``first``'s start to token ``last``'s end, with its original text."""
    inner = "".join(t.surface + t.space for t in model[first:last])
    return Span(label, model[first].start, model[last].end, inner + model[last].surface)
