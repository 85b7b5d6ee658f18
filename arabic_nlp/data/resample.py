"""Slot resampling: new NLU training utterances from existing ones, annotations kept aligned.

1. :func:`extract_templates`: each utterance becomes a template in which the values of the
   resampled slot types (names: artists, songs, places, people, ...; :data:`DEFAULT_TYPES`)
   are placeholders; other slots stay as they are, annotated. Identical templates of a
   locale and intent are merged.
2. :class:`Catalogue`: the values of each slot type per locale, from the training data
   itself (:meth:`Catalogue.from_examples`) and/or a TSV file (:meth:`Catalogue.read_tsv`).
3. :func:`resample`: every template gets ``count`` fillings drawn uniformly from the
   catalogue (:mod:`arabic_nlp.data.template_complexity` has the formula), each a new
   MASSIVE example whose spans point at the new values. Seeded and deterministic; never
   emits an utterance that already exists (in the input or earlier in the output).

Arabic clitics (see ``docs/resampler.md``). MASSIVE ar-SA writes a proclitic preposition or
conjunction (و ف ب ل ك) glued to a value *inside* the slot (``[date : للخميس]``,
``[time : لستة الصبح]``). A value is split into clitic + core only when the core is itself a
catalogue value of the same type (so ``بعد ساعتين`` is never cut into ``ب`` + ``عد ساعتين``);
the core goes to the catalogue and the clitic stays in the template. A new value gets the
clitic back: ل before the article ال drops the alef (ل + الجمعة → للجمعة), other clitics
are prefixed (ب + الفيسبوك → بالفيسبوك); before a value that does not start with an Arabic
letter (Latin names, digits) the clitic is written as a word of its own outside the slot
(``ل [song_name : Hello]``), as MASSIVE does. The article ال is part of a value and never
split off. A slot glued to letters *outside* its brackets (``ب[person : x]``) is left as
it is, not resampled: its new spelling would be guesswork.

Scripts. Templates whose text outside the placeholders has no Arabic letter (the
untranslated English rows of ar-SA) are filled with values without Arabic letters only;
Arabic templates take any value of the locale, Latin-script ones included (code-switched
names are common in ASR output).
"""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from arabic_nlp.data.massive import Example
from arabic_nlp.data.template_complexity import base_for_target, complexity, example_count
from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span

#: Slot types resampled by default: names of things a catalogue lists, whose values can be
#: swapped without touching the rest of the sentence. Dates, times, numbers, amounts and
#: descriptors are left alone (their wording depends on the words around them).
DEFAULT_TYPES: tuple[str, ...] = (
    "app_name", "artist_name", "audiobook_author", "audiobook_name", "business_name",
    "device_type", "event_name", "food_type", "game_name", "house_place", "movie_name",
    "music_album", "music_genre", "news_topic", "person", "place_name", "playlist_name",
    "podcast_name", "radio_name", "song_name", "transport_agency", "transport_name",
)
DEFAULT_CAP = 8
DEFAULT_BASE = 0.1
DEFAULT_SEED = 13

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
_ARABIC_LETTER = regex.compile(r"[\p{Arabic}&&\p{L}]", regex.V1)
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}_]")
_KEY_DROP = regex.compile(r"[\u064b-\u065f\u0670\u0640\p{P}]+")
_KEY_SPACE = regex.compile(r"\s+")
_ALEFS = str.maketrans("أإآٱى", "اااای")


def is_arabic_locale(locale: str) -> bool:
    """True for ``ar`` and ``ar-XX`` locales (the ones whose clitics are handled)."""
    return locale.split("-")[0].lower() == "ar"


def has_arabic(text: str) -> bool:
    """True when ``text`` has at least one Arabic letter."""
    return _ARABIC_LETTER.search(text) is not None


def dedup_key(locale: str, text: str) -> tuple[str, str]:
    """What two utterances share when they count as duplicates: locale, and the text
    case-folded, without punctuation, diacritics or tatweel, alef forms unified."""
    folded = _KEY_DROP.sub(" ", text.casefold()).translate(_ALEFS)
    return locale, _KEY_SPACE.sub(" ", folded).strip()


# ------------------------------------------------------------------ clitics


def split_clitic(value: str, attested: Iterable[str]) -> tuple[str, str]:
    """``(clitic, core)`` of an Arabic slot value: the longest proclitic (و/ف, then ب/ل/ك)
    whose removal leaves a value in ``attested``; ``("", value)`` when there is none.

    ``ل`` before the article keeps one lam: ``للخميس`` is ``ل`` + ``الخميس``.
    """
    known = attested if isinstance(attested, set | frozenset) else set(attested)
    best = ("", value)
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            clitic = conj + prep
            if not clitic or not value.startswith(clitic) or len(clitic) <= len(best[0]):
                continue
            rest = value[len(clitic):]
            cores = [rest]
            if prep == "ل" and rest.startswith("ل"):
                cores.insert(0, "ا" + rest)  # لل+خميس = ل + الخميس
            for core in cores:
                if len(core) >= 2 and has_arabic(core[0]) and core in known:
                    best = (clitic, core)
                    break
    return best


def attach_clitic(clitic: str, value: str) -> tuple[str, str]:
    """``(outside, inside)``: text to write before the slot, and the slot's value.

    Before an Arabic letter the clitic is glued inside the value (ل + ال → لل); before
    anything else it becomes a separate word outside the brackets.
    """
    if not clitic:
        return "", value
    if has_arabic(value[0]):
        if clitic.endswith("ل") and value.startswith("ال"):
            return "", clitic + value[1:]
        return "", clitic + value
    return clitic + " ", value


# ------------------------------------------------------------------ catalogue


@dataclass
class Catalogue:
    """Slot values by (locale, type). A locale of ``*`` applies to every locale."""

    values: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, locale: str, label: str, value: str) -> None:
        self.values[(locale, label)].add(value)

    def get(self, locale: str, label: str) -> list[str]:
        """The values of ``label`` for ``locale`` (its own and the ``*`` ones), sorted."""
        return sorted(self.values.get((locale, label), set())
                      | self.values.get(("*", label), set()))

    def labels(self) -> set[str]:
        return {label for _, label in self.values}

    def size(self) -> int:
        return sum(len(v) for v in self.values.values())

    def merge(self, other: Catalogue) -> Catalogue:
        """A new catalogue with the values of both."""
        out = Catalogue()
        for cat in (self, other):
            for key, vals in cat.values.items():
                out.values[key] |= vals
        return out

    @classmethod
    def from_examples(cls, examples: Iterable[Example], types: Iterable[str] = DEFAULT_TYPES,
                      extra: Catalogue | None = None) -> Catalogue:
        """Values of the free-standing slots of ``types`` in ``examples``, clitics split off
        (Arabic locales) when the core is a known value too (here or in ``extra``)."""
        wanted = set(types)
        raw: dict[tuple[str, str], set[str]] = defaultdict(set)
        for ex in examples:
            for span in ex.spans:
                if span.label in wanted and free_standing(ex.text, span):
                    raw[(ex.locale, span.label)].add(ex.text[span.start:span.end])
        out = Catalogue()
        for (locale, label), vals in raw.items():
            known = vals | set(extra.get(locale, label) if extra else ())
            for value in vals:
                core = split_clitic(value, known)[1] if is_arabic_locale(locale) else value
                out.add(locale, label, core)
        return out

    @classmethod
    def read_tsv(cls, path: str | Path) -> Catalogue:
        """A catalogue file: ``type<TAB>value[<TAB>locale]`` a line (no locale: every
        locale); blank lines and lines starting with ``#`` are skipped."""
        path = Path(path)
        out = cls()
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                for lineno, row in enumerate(csv.reader(fh, delimiter="\t",
                                                        quoting=csv.QUOTE_NONE), start=1):
                    if not row or not "".join(row).strip() or row[0].startswith("#"):
                        continue
                    where = f"{path}:{lineno}"
                    if len(row) not in (2, 3):
                        raise InputError(f"{where}: expected type<TAB>value[<TAB>locale], got "
                                         f"{len(row)} fields")
                    label, value = row[0].strip(), row[1].strip()
                    locale = row[2].strip() if len(row) == 3 and row[2].strip() else "*"
                    if not label or any(c.isspace() or c in "[]:" for c in label):
                        raise InputError(f"{where}: bad slot type {label!r}")
                    if not value or "[" in value or "]" in value:
                        raise InputError(f"{where}: value {value!r} is empty or has a bracket")
                    out.add(locale, label, value)
        except FileNotFoundError:
            raise InputError(f"{path}: catalogue file not found") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read the catalogue ({exc.strerror})") from None
        return out


def free_standing(text: str, span: Span) -> bool:
    """True when no letter or digit touches the span from outside (it is whole words)."""
    before = text[span.start - 1] if span.start > 0 else " "
    after = text[span.end] if span.end < len(text) else " "
    return _WORD_CHAR.match(before) is None and _WORD_CHAR.match(after) is None


# ------------------------------------------------------------------ templates


@dataclass(frozen=True, slots=True)
class Hole:
    """A placeholder: the slot type, and the clitic glued to the value it replaced."""

    label: str
    clitic: str = ""


@dataclass(frozen=True, slots=True)
class Fixed:
    """A slot kept as it was (a type that is not resampled, or a glued one)."""

    label: str
    value: str


Piece = str | Hole | Fixed


@dataclass(frozen=True)
class Template:
    """An utterance with placeholders; ``source`` is the first example it came from."""

    locale: str
    intent: str
    pieces: tuple[Piece, ...]
    source: Example
    sources: int = 1

    @property
    def key(self) -> str:
        """A readable form: ``شغل ل{song_name}`` (fixed slots as ``[label : value]``)."""
        out: list[str] = []
        for p in self.pieces:
            if isinstance(p, Hole):
                out.append(f"{p.clitic}{{{p.label}}}")
            elif isinstance(p, Fixed):
                out.append(f"[{p.label} : {p.value}]")
            else:
                out.append(p)
        return "".join(out)

    @property
    def holes(self) -> list[Hole]:
        return [p for p in self.pieces if isinstance(p, Hole)]

    @property
    def latin_only(self) -> bool:
        """True when the text around the holes has no Arabic letter (fill with non-Arabic
        values only)."""
        return not any(has_arabic(p if isinstance(p, str) else p.value)
                       for p in self.pieces if not isinstance(p, Hole))


def template_of(ex: Example, types: set[str], catalogue: Catalogue) -> Template:
    """The template of one example: free-standing slots of ``types`` become holes."""
    pieces: list[Piece] = []
    pos = 0
    arabic = is_arabic_locale(ex.locale)
    for span in sorted(ex.spans, key=lambda s: s.start):
        if span.start > pos:
            pieces.append(ex.text[pos:span.start])
        value = ex.text[span.start:span.end]
        if span.label in types and free_standing(ex.text, span):
            known = set(catalogue.get(ex.locale, span.label))
            clitic = split_clitic(value, known)[0] if arabic else ""
            pieces.append(Hole(span.label, clitic))
        else:
            pieces.append(Fixed(span.label, value))
        pos = span.end
    if pos < len(ex.text):
        pieces.append(ex.text[pos:])
    return Template(ex.locale, ex.intent, tuple(pieces), ex)


def extract_templates(examples: Iterable[Example], catalogue: Catalogue,
                      types: Iterable[str] = DEFAULT_TYPES) -> list[Template]:
    """The distinct templates with at least one hole, sorted by (locale, intent, key)."""
    wanted = set(types)
    merged: dict[tuple[str, str, str], Template] = {}
    counts: Counter[tuple[str, str, str]] = Counter()
    for ex in examples:
        t = template_of(ex, wanted, catalogue)
        if not t.holes:
            continue
        k = (t.locale, t.intent, t.key)
        counts[k] += 1
        merged.setdefault(k, t)
    return [Template(t.locale, t.intent, t.pieces, t.source, counts[k])
            for k, t in sorted(merged.items())]


def fill(template: Template, values: Sequence[str]) -> tuple[str, list[Span]]:
    """The text and spans of a template with one value per hole (in order)."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    it = iter(values)
    for p in template.pieces:
        if isinstance(p, str):
            parts.append(p)
            length += len(p)
            continue
        if isinstance(p, Hole):
            outside, inside = attach_clitic(p.clitic, next(it))
            parts.append(outside)
            length += len(outside)
            label = p.label
        else:
            inside, label = p.value, p.label
        spans.append(Span(label, length, length + len(inside), inside))
        parts.append(inside)
        length += len(inside)
    return "".join(parts), spans


# ------------------------------------------------------------------ generation


@dataclass
class Plan:
    """A template with the values each hole may take and how many examples it gets."""

    template: Template
    choices: list[list[str]]
    complexity: float
    count: int = 0


@dataclass
class ResampleResult:
    """Generated examples, the template plans behind them and what could not be made."""

    examples: list[Example]
    origins: list[str]  # for each example, the id of the example it was resampled from
    plans: list[Plan]
    base: float
    cap: int
    short: int  # asked for but not generated (every filling tried was a duplicate)


def plan(templates: Sequence[Template], catalogue: Catalogue, *, cap: int = DEFAULT_CAP,
         base: float = DEFAULT_BASE, target: int | None = None) -> tuple[list[Plan], float]:
    """The value choices and example count of every template, and the ``base`` used
    (solved from ``target`` when it is given)."""
    plans: list[Plan] = []
    for t in templates:
        choices = []
        for hole in t.holes:
            vals = catalogue.get(t.locale, hole.label)
            if t.latin_only:
                vals = [v for v in vals if not has_arabic(v)]
            choices.append(vals)
        sizes = [len(c) for c in choices]
        plans.append(Plan(t, choices, complexity(sizes)))
    sizes_all = [[len(c) for c in p.choices] for p in plans]
    if target is not None:
        base = base_for_target(sizes_all, target, cap=cap)
    for p, sizes in zip(plans, sizes_all, strict=True):
        p.count = example_count(sizes, base=base, cap=cap)
    return plans, base


def resample(examples: Sequence[Example], catalogue: Catalogue | None = None, *,
             types: Iterable[str] = DEFAULT_TYPES, seed: int = DEFAULT_SEED,
             cap: int = DEFAULT_CAP, base: float = DEFAULT_BASE,
             target: int | None = None) -> ResampleResult:
    """New examples from ``examples`` (see the module docstring); ``catalogue`` adds values
    to the ones found in the examples. Same inputs and seed, same output."""
    types = tuple(types)
    found = Catalogue.from_examples(examples, types, extra=catalogue)
    cat = found.merge(catalogue) if catalogue is not None else found
    templates = extract_templates(examples, cat, types)
    plans, used_base = plan(templates, cat, cap=cap, base=base, target=target)
    seen = {dedup_key(ex.locale, ex.text) for ex in examples}
    ids = {(ex.locale, ex.id) for ex in examples}
    out: list[Example] = []
    origins: list[str] = []
    short = 0
    for p in plans:
        made = _generate(p, seed, seen, ids)
        short += p.count - len(made)
        out.extend(made)
        origins.extend([p.template.source.id] * len(made))
    return ResampleResult(out, origins, plans, used_base, cap, short)


def _generate(p: Plan, seed: int, seen: set[tuple[str, str]],
              ids: set[tuple[str, str]]) -> list[Example]:
    """Up to ``p.count`` new, distinct examples of one template (adds them to ``seen``)."""
    t = p.template
    rng = random.Random(f"{seed}\x1f{t.locale}\x1f{t.intent}\x1f{t.key}")
    made: list[Example] = []
    attempts = 0
    max_attempts = 20 * p.count + 20
    while len(made) < p.count and attempts < max_attempts:
        attempts += 1
        values = [rng.choice(c) for c in p.choices]
        text, spans = fill(t, values)
        key = dedup_key(t.locale, text)
        if key in seen:
            continue
        seen.add(key)
        n = len(made) + 1
        new_id = f"{t.source.id}-rs{n}"
        while (t.locale, new_id) in ids:
            n += 1000
            new_id = f"{t.source.id}-rs{n}"
        ids.add((t.locale, new_id))
        made.append(Example(new_id, t.locale, t.source.partition, t.intent,
                            t.source.scenario, text, tuple(spans),
                            f"resampled from {t.source.source or t.source.id}"))
    return made


def summary(result: ResampleResult) -> list[str]:
    """Lines describing a run: templates, counts by locale, the busiest templates."""
    by_locale: Counter[str] = Counter(ex.locale for ex in result.examples)
    templates: Counter[str] = Counter(p.template.locale for p in result.plans)
    lines = [f"{len(result.examples)} examples from {len(result.plans)} templates "
             f"(base {result.base:.4f}, cap {result.cap}; {result.short} not generated: "
             "every filling tried already existed)"]
    for loc in sorted(templates):
        lines.append(f"  {loc}: {by_locale[loc]} examples, {templates[loc]} templates")
    bits = [p.complexity for p in result.plans]
    if bits:
        lines.append(f"  complexity (bits): min {min(bits):.1f}, median "
                     f"{sorted(bits)[len(bits) // 2]:.1f}, max {max(bits):.1f}; "
                     f"templates at the cap: {sum(p.count == result.cap for p in result.plans)}")
    return lines


__all__ = ["DEFAULT_TYPES", "Catalogue", "Fixed", "Hole", "Plan", "ResampleResult",
           "Template", "attach_clitic", "complexity", "dedup_key", "extract_templates", "fill",
           "free_standing", "plan", "resample", "split_clitic", "summary",
           "template_of"]
