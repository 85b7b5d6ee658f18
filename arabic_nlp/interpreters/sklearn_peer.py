"""A classical NLU peer: scikit-learn models per language, for comparison with the neural one.

* Intent: TF-IDF of character n-grams (1–5, inside word boundaries, ``char_wb``) and of
  token uni/bigrams, then a linear SVM (``LinearSVC``). ``intent_score`` (and each slot's
  score) is the softmax of the SVM margins at a temperature fitted, when training, on a
  held-out fifth of the training data (temperature scaling: a rough calibration).
* Slots: one BIO tag per token from a linear SVM over sparse token features (the token,
  its affixes, its neighbours, their kinds and shapes, the intent), decoded with Viterbi
  under the BIO constraint (``I-x`` only after ``B-x``/``I-x``). Tag spans are mapped back
  to character offsets in the caller's original text.
* Tokens: Arabic goes through the project's affix tokenizer (:mod:`arabic_nlp.text.tokenize`,
  scheme ``nlu``), so the possessive ``+ي`` is a token and can carry its own tag; each token
  text is then normalized with the ``nlu`` profile for the features (offsets stay those of
  the original text). French and English use a word/punctuation regex that splits elided
  articles (``l'``, ``qu'``) from their word.
* ``lang=None``: Arabic letters → ``ar``; Latin letters → ``fr`` or ``en`` by stop words and
  French accents (:func:`detect_lang`).

One model per language is trained on that locale's MASSIVE train split (``ar`` ← ar-SA,
``fr`` ← fr-FR, ``en`` ← en-US). :meth:`SklearnInterpreter.save` writes a directory with
``model.joblib`` and ``meta.json``; loading unpickles it, which runs code from the file:
load only directories you made or trust (it is not a security boundary).
"""

from __future__ import annotations

import json
import math
import platform
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import regex

from arabic_nlp.data.massive import LOCALES, Example
from arabic_nlp.errors import InputError
from arabic_nlp.models import Parse, Slot
from arabic_nlp.text.checks import check_text
from arabic_nlp.text.slots import OUTSIDE, Span, project_spans, tags_to_spans
from arabic_nlp.text.tokens import Token

LANGS: tuple[str, ...] = ("ar", "fr", "en")
FORMAT_VERSION = 1
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"

# ------------------------------------------------------------------ language detection

_ARABIC = regex.compile(r"[\p{Arabic}&&\p{L}]", regex.V1)
_LATIN = regex.compile(r"\p{Latin}")
_LATIN_WORD = regex.compile(r"\p{Latin}+(?:['’]\p{Latin}+)*")
_FR_ELISION = regex.compile(r"(?<!\p{L})(?i:qu|[cdjlmnst])['’] ?\p{L}")
_EN_CLITIC = regex.compile(r"\p{L}['’](?i:s|t|ll|re|ve|m|d)(?!\p{L})")
_FRENCH_ACCENTS = frozenset("éèêëàâîïôûùüçœæ")
# Frequent words of assistant requests; a word in both languages (pause, stop) is in neither.
_FR_WORDS = frozenset(
    "le la les un une des du de au aux et est sont ce cet cette ces que qui quel quelle "
    "quels quelles je tu il elle nous vous ils elles me te moi toi mon ma mes ton ta tes son "
    "sa ses notre votre leur pour dans sur avec pas ne y en stp svp peux peut fais mets "
    "joue jouer dis dit donne allume éteins heure heures demain hier soir matin nuit "
    "semaine lundi mardi mercredi jeudi vendredi samedi dimanche salut bonjour bonsoir merci "
    "musique chanson chansons météo temps réveil alarme lumière lumières lumiere plus moins "
    "fort quoi comment combien pourquoi où prix nouvelles blague blagues liste courriel "
    "rendez-vous ajoute supprime envoie cherche trouve parle ça pendant maintenant deux "
    "trois cinq dix cent mille allumer activer ouvre ouvrez".split())
_EN_WORDS = frozenset(
    "the a an of to is are was be i you he she it we they me my your his her its our their "
    "what which who when where how please can could would will do does did for in on at "
    "with and or not this that these those set play turn tell give show today tomorrow "
    "tonight yesterday morning evening night week monday tuesday wednesday thursday friday "
    "saturday sunday time news music song songs weather alarm alarms light lights order "
    "call email hey hi hello up down off from by some any there let about all new".split())


def detect_lang(text: str) -> str | None:
    """``ar`` if the text has more Arabic than Latin letters; else ``fr`` or ``en`` by
    frequent words, elisions (``l'``, ``qu'``) against English clitics (``'s``, ``n't``)
    and French accents (ties go to ``en``); None with no Arabic or Latin letter."""
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic == 0 and latin == 0:
        return None
    if arabic >= latin:
        return "ar"
    folded = text.casefold()
    words = [w for m in _LATIN_WORD.findall(folded) for w in (m, *regex.split("['’]", m))]
    fr = sum(w in _FR_WORDS for w in words) + 2 * len(_FR_ELISION.findall(folded)) \
        + 2 * sum(ch in _FRENCH_ACCENTS for ch in folded)
    en = sum(w in _EN_WORDS for w in words) + 2 * len(_EN_CLITIC.findall(folded))
    return "fr" if fr > en else "en"


def check_lang(lang: str) -> str:
    """``lang`` as one of :data:`LANGS` (``ar-SA`` → ``ar``); InputError otherwise."""
    if not isinstance(lang, str):
        raise InputError(f"lang must be a str or None, not {type(lang).__name__}")
    code = lang.split("-")[0].split("_")[0].lower()
    if code not in LANGS:
        raise InputError(f"unknown lang {lang!r}; use one of: {', '.join(LANGS)} "
                         "(or None to detect it)")
    return code


# ------------------------------------------------------------------ tokens and features

_WORD = regex.compile(
    r"(?P<latin>(?i:qu|[cdjlmnst])['’](?=\p{L}))"  # French elision: l' d' qu' ...
    r"|(?P<number>\p{Nd}+(?:[.,:/]\p{Nd}+)*)"
    r"|(?P<latin>['’]?\p{L}[\p{L}\p{M}]*)"
    r"|(?P<punct>\p{P})"
    r"|(?P<other>\S)", regex.V1)


def word_tokens(text: str) -> list[Token]:
    """Tokens for French and English: words (an elided ``l'`` apart), numbers, punctuation;
    each keeps the whitespace after it, as the affix tokenizer's tokens do."""
    found = [(m.group(), m.start(), m.end(), m.lastgroup or "other")
             for m in _WORD.finditer(text)]
    tokens: list[Token] = []
    if found and found[0][1] > 0:
        tokens.append(Token(text[:found[0][1]], 0, found[0][1], "space", text[:found[0][1]]))
    elif not found and text:
        tokens.append(Token(text, 0, len(text), "space", text))
    for i, (surface, start, end, kind) in enumerate(found):
        nxt = found[i + 1][1] if i + 1 < len(found) else len(text)
        tokens.append(Token(surface, start, end, kind, surface, text[end:nxt]))
    return tokens


def arabic_tokens(text: str) -> list[Token]:
    """The affix tokenizer's tokens (scheme ``nlu``: pronoun suffixes split off)."""
    from arabic_nlp.text.tokenize import tokenize

    return tokenize(text)


def tokens_for(text: str, lang: str) -> list[Token]:
    """All tokens of ``text`` (space tokens included) with the tokenizer of ``lang``."""
    return arabic_tokens(text) if lang == "ar" else word_tokens(text)


@lru_cache(maxsize=100_000)
def _norm_arabic(text: str) -> str:
    from arabic_nlp.text.normalize import normalize

    return normalize(text, "nlu").casefold()


def norm_token(tok: Token, lang: str) -> str:
    """The feature form of a token: ``nlu``-normalized for Arabic, case-folded otherwise."""
    if lang == "ar" and tok.kind in ("stem", "suffix", "prefix"):
        return _norm_arabic(tok.text)
    return tok.text.casefold()


def _shape(surface: str) -> str:
    if surface.isdigit():
        return "digit"
    if any(ch.isdigit() for ch in surface):
        return "hasdigit"
    if surface[:1].isupper():
        return "Title" if surface[1:].islower() else "UPPER"
    return "lower" if surface.isalpha() else "mixed"


def token_features(tokens: Sequence[Token], lang: str, intent: str | None
                   ) -> list[dict[str, float]]:
    """Sparse features of each model token (space tokens left out); ``intent`` None leaves
    out the intent features."""
    model = [t for t in tokens if t.kind != "space"]
    words = [norm_token(t, lang) for t in model]
    kinds = [t.kind for t in model]
    n = len(model)

    def word(i: int) -> str:
        return words[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    def kind(i: int) -> str:
        return kinds[i] if 0 <= i < n else "edge"

    feats: list[dict[str, float]] = []
    for i, tok in enumerate(model):
        w = words[i]
        core = w.lstrip("+").rstrip("+")
        f: dict[str, float] = {
            "bias": 1.0,
            "w=" + w: 1.0,
            "k=" + kind(i): 1.0,
            "shape=" + _shape(tok.surface): 1.0,
            "w-1=" + word(i - 1): 1.0,
            "w+1=" + word(i + 1): 1.0,
            "w-2=" + word(i - 2): 1.0,
            "w+2=" + word(i + 2): 1.0,
            "w-1|w=" + word(i - 1) + "|" + w: 1.0,
            "w|w+1=" + w + "|" + word(i + 1): 1.0,
            "k-1|k|k+1=" + "|".join((kind(i - 1), kind(i), kind(i + 1))): 1.0,
        }
        if intent is not None:
            f["intent=" + intent] = 1.0
            f["intent|w=" + intent + "|" + w] = 1.0
            f["intent|w-1=" + intent + "|" + word(i - 1)] = 1.0
        for k in (1, 2, 3):
            if len(core) > k:
                f[f"pre{k}=" + core[:k]] = 1.0
                f[f"suf{k}=" + core[-k:]] = 1.0
        if len(core) > 4 and lang == "ar" and core.startswith("ال"):
            f["art|rest=" + core[2:]] = 1.0
        feats.append(f)
    return feats


def intent_text(tokens: Sequence[Token], lang: str) -> str:
    """The text the intent classifier reads: normalized model tokens joined by spaces."""
    return " ".join(norm_token(t, lang) for t in tokens if t.kind != "space")


# ------------------------------------------------------------------ decoding


def allowed_transitions(labels: Sequence[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """``ok[i, j]``: tag j may follow tag i under BIO (``I-x`` only after ``B-x``/``I-x``);
    row ``len(labels)`` is the start of the sentence."""
    n = len(labels)
    ok = np.ones((n + 1, n), dtype=bool)
    for j, tag in enumerate(labels):
        if tag.startswith("I-"):
            name = tag[2:]
            for i, prev in enumerate(labels):
                ok[i, j] = prev in (f"B-{name}", f"I-{name}")
            ok[n, j] = False
    return ok


def viterbi(scores: np.ndarray[Any, np.dtype[np.float64]],
            ok: np.ndarray[Any, np.dtype[np.bool_]]) -> list[int]:
    """The best tag sequence under the allowed transitions, summing per-token scores."""
    n_tok, n_tag = scores.shape
    if n_tok == 0:
        return []
    neg = -1e18
    start = ok[n_tag]
    best = np.where(start, scores[0], neg)
    back = np.zeros((n_tok, n_tag), dtype=np.int64)
    trans = np.where(ok[:n_tag], 0.0, neg)
    for t in range(1, n_tok):
        cand = best[:, None] + trans  # prev x next
        back[t] = np.argmax(cand, axis=0)
        best = cand[back[t], np.arange(n_tag)] + scores[t]
    path = [int(np.argmax(best))]
    for t in range(n_tok - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def _require_sklearn() -> None:
    """InputError naming the extra to install when scikit-learn or joblib is missing."""
    try:
        import joblib  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise InputError(f"the NLU peer needs {exc.name or 'scikit-learn'}: "
                         "pip install 'arabic-nlp[nlu-peer]'") from None


def _int32(x: Any) -> Any:
    """A CSR matrix with 32-bit indices (liblinear refuses the 64-bit ones DictVectorizer
    may give)."""
    x = x.tocsr()
    x.indices = x.indices.astype(np.int32, copy=False)
    x.indptr = x.indptr.astype(np.int32, copy=False)
    return x


def _softmax(x: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    out: np.ndarray[Any, np.dtype[np.float64]] = z / z.sum(axis=-1, keepdims=True)
    return out


# ------------------------------------------------------------------ models


@dataclass
class PeerConfig:
    """Hyper-parameters (chosen on dev; ``docs/nlu-peer.md``)."""

    intent_c: float = 0.5
    slot_c: float = 0.3
    char_ngrams: tuple[int, int] = (1, 5)
    min_df: int = 1
    viterbi: bool = True
    intent_feature: bool = True  # the (predicted) intent is a feature of every token
    calibrate: bool = True  # fit the score temperatures on a held-out fifth of train
    max_iter: int = 5000


def _margins(classifier: Any, x: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Decision values, one column per class (also for two classes)."""
    margins = np.asarray(classifier.decision_function(x), dtype=np.float64)
    if margins.ndim == 1:  # two classes: sklearn gives one column
        margins = np.stack([-margins, margins], axis=1)
    return margins


def fit_temperature(margins: np.ndarray[Any, np.dtype[np.float64]], classes: Sequence[str],
                    gold: Sequence[str]) -> float:
    """The ``T`` whose ``softmax(margins / T)`` gives the gold classes the least negative
    log-likelihood (grid search, 0.02 to 5); 1.0 when no gold class is known."""
    column = {c: i for i, c in enumerate(classes)}
    rows = [(r, column[g]) for r, g in enumerate(gold) if g in column]
    if not rows:
        return 1.0
    m = margins[[r for r, _ in rows]]
    cols = np.array([c for _, c in rows])
    best, best_nll = 1.0, math.inf
    for t in np.geomspace(0.02, 5.0, 80):
        z = m / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z[np.arange(len(cols)), cols] - np.log(np.exp(z).sum(axis=1))
        nll = float(-log_p.mean())
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


@dataclass
class LangModel:
    """The fitted intent and slot models of one language."""

    lang: str
    intent_vectorizer: Any
    intent_classifier: Any
    slot_vectorizer: Any
    slot_classifier: Any
    tags: list[str]
    transitions: Any = None
    intent_temperature: float = 1.0
    slot_temperature: float = 1.0

    def intent(self, text: str) -> tuple[str, float]:
        """(intent, score): the class with the largest SVM margin; the score is the softmax
        of the margins at the fitted temperature."""
        margins = _margins(self.intent_classifier, self.intent_vectorizer.transform([text]))[0]
        probs = _softmax(margins / self.intent_temperature)
        best = int(np.argmax(margins))
        return str(self.intent_classifier.classes_[best]), float(probs[best])

    def tag(self, feats: list[dict[str, float]], use_viterbi: bool = True
            ) -> tuple[list[str], list[float]]:
        """BIO tags of the tokens (Viterbi over the summed margins) and each tag's score
        (softmax of the token's margins at the fitted temperature)."""
        if not feats:
            return [], []
        margins = _margins(self.slot_classifier, _int32(self.slot_vectorizer.transform(feats)))
        classes = [str(c) for c in self.slot_classifier.classes_]
        if use_viterbi:
            if self.transitions is None:
                self.transitions = allowed_transitions(classes)
            path = viterbi(margins, self.transitions)
        else:
            path = [int(i) for i in np.argmax(margins, axis=1)]
        probs = _softmax(margins / self.slot_temperature)
        return [classes[i] for i in path], [float(probs[t, i]) for t, i in enumerate(path)]


@dataclass
class _Rows:
    """Training material of one language, one entry per utterance."""

    texts: list[str] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)
    feats: list[list[dict[str, float]]] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)

    def subset(self, keep: Sequence[int]) -> _Rows:
        return _Rows([self.texts[i] for i in keep], [self.intents[i] for i in keep],
                     [self.feats[i] for i in keep], [self.tags[i] for i in keep])


def _fit(rows: _Rows, config: PeerConfig, lang: str) -> LangModel:
    """Fit the intent and slot models on ``rows``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    from sklearn.svm import LinearSVC

    union = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams,
                                  sublinear_tf=True, min_df=config.min_df, lowercase=False)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=r"\S+", lowercase=False)),
    ])
    intent_clf = LinearSVC(C=config.intent_c, max_iter=config.max_iter, random_state=0)
    intent_clf.fit(union.fit_transform(rows.texts), rows.intents)
    feats = [f for row in rows.feats for f in row]
    tags = [t for row in rows.tags for t in row]
    if len(set(tags)) < 2:  # a classifier needs two classes: add one dummy token
        tags.append(OUTSIDE if tags and tags[0] != OUTSIDE else "B-none")
        feats.append({"bias": 1.0})
    slot_vec = DictVectorizer()
    slot_clf = LinearSVC(C=config.slot_c, max_iter=config.max_iter, random_state=0)
    slot_clf.fit(_int32(slot_vec.fit_transform(feats)), tags)
    return LangModel(lang, union, intent_clf, slot_vec, slot_clf,
                     [str(c) for c in slot_clf.classes_])


def _temperatures(rows: _Rows, config: PeerConfig, lang: str) -> tuple[float, float]:
    """Score temperatures of intent and slots, fitted on every fifth utterance by a model
    trained on the other four fifths (1.0 each when there are too few utterances)."""
    held = [i for i in range(len(rows.texts)) if i % 5 == 0]
    rest = [i for i in range(len(rows.texts)) if i % 5 != 0]
    part = rows.subset(rest)
    if len(held) < 10 or len(set(part.intents)) < 2:
        return 1.0, 1.0
    model = _fit(part, config, lang)
    test = rows.subset(held)
    intent_t = fit_temperature(
        _margins(model.intent_classifier, model.intent_vectorizer.transform(test.texts)),
        [str(c) for c in model.intent_classifier.classes_], test.intents)
    feats = [f for row in test.feats for f in row]
    if not feats:
        return intent_t, 1.0
    slot_t = fit_temperature(
        _margins(model.slot_classifier, _int32(model.slot_vectorizer.transform(feats))),
        model.tags, [t for row in test.tags for t in row])
    return intent_t, slot_t


def _fit_lang(lang: str, examples: Sequence[Example], config: PeerConfig,
              log: Callable[[str], None]) -> LangModel:
    """Train the intent and slot models of one language on its examples."""
    _require_sklearn()
    started = time.perf_counter()
    rows = _Rows()
    for ex in examples:
        toks = tokens_for(ex.text, lang)
        rows.texts.append(intent_text(toks, lang))
        rows.intents.append(ex.intent)
        ex_tags, _ = project_spans(toks, ex.spans)  # never fails: spans checked when read
        rows.feats.append(token_features(toks, lang,
                                         ex.intent if config.intent_feature else None))
        rows.tags.append(ex_tags)
    if len(set(rows.intents)) < 2:
        raise InputError(f"{lang}: training needs at least two intents, got "
                         f"{sorted(set(rows.intents))}")
    temps = _temperatures(rows, config, lang) if config.calibrate else (1.0, 1.0)
    model = _fit(rows, config, lang)
    model.intent_temperature, model.slot_temperature = temps
    log(f"{lang}: {len(examples)} utterances, {sum(map(len, rows.tags))} tokens, "
        f"{len(model.intent_classifier.classes_)} intents, {len(model.tags)} tags, "
        f"{len(model.slot_vectorizer.vocabulary_)} slot features, score temperatures "
        f"{temps[0]:.3f} / {temps[1]:.3f}, {time.perf_counter() - started:.1f} s")
    return model


@dataclass
class SklearnInterpreter:
    """The classical peer: ``parse(text, lang=None) -> Parse`` with one model per language."""

    models: dict[str, LangModel]
    config: PeerConfig = field(default_factory=PeerConfig)
    meta: dict[str, Any] = field(default_factory=dict)

    # -------------------------------------------------------------- training

    @classmethod
    def train(cls, data: Mapping[str, Sequence[Example]], config: PeerConfig | None = None,
              log: Callable[[str], None] = lambda _: None) -> SklearnInterpreter:
        """Fit one model per language on ``{lang or locale: examples}``."""
        config = config or PeerConfig()
        models: dict[str, LangModel] = {}
        counts: dict[str, int] = {}
        for key, examples in data.items():
            lang = check_lang(key)
            if not examples:
                raise InputError(f"no training examples for {key!r}")
            models[lang] = _fit_lang(lang, examples, config, log)
            counts[lang] = len(examples)
        if not models:
            raise InputError("no training data: give examples for at least one of "
                             f"{', '.join(LANGS)}")
        return cls(models, config, {"train_examples": counts})

    # -------------------------------------------------------------- parsing

    @property
    def langs(self) -> list[str]:
        """The languages this peer has a model for."""
        return sorted(self.models)

    def resolve_lang(self, text: str, lang: str | None) -> str:
        """The language to parse ``text`` as: ``lang`` checked, or detected when None."""
        if lang is None:
            found = detect_lang(text)
            if found is None:
                raise InputError("cannot detect the language: the text has no Arabic or "
                                 f"Latin letter; pass lang= one of {', '.join(LANGS)}")
            lang = found
        code = check_lang(lang)
        if code not in self.models:
            raise InputError(f"this peer has no {code!r} model (it has: "
                             f"{', '.join(self.langs)})")
        return code

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Intent and slots of one utterance; slot offsets index ``text`` as given.

        InputError for a non-string, an empty or blank text, an unknown ``lang``, or (with
        ``lang=None``) a text with no Arabic or Latin letter to tell its language by.
        """
        check_text(text)
        if not text.strip():
            raise InputError("text is empty: there is nothing to interpret")
        code = self.resolve_lang(text, lang)
        model = self.models[code]
        toks = tokens_for(text, code)
        intent, intent_score = model.intent(intent_text(toks, code))
        feats = token_features(toks, code, intent if self.config.intent_feature else None)
        tags, scores = model.tag(feats, self.config.viterbi)
        model_toks = [t for t in toks if t.kind != "space"]
        slots = []
        for span in tags_to_spans(toks, tags):
            idx = [i for i, t in enumerate(model_toks)
                   if t.start >= span.start and t.end <= span.end]
            score = math.prod(scores[i] for i in idx) ** (1 / len(idx)) if idx else 0.0
            slots.append(Slot(span.label, text[span.start:span.end], span.start, span.end,
                              score))
        return Parse(intent, intent_score, tuple(slots), code,
                     tuple(t.text for t in model_toks))

    def parse_many(self, texts: Iterable[str], lang: str | None = None) -> list[Parse]:
        """:meth:`parse` of each text, in order."""
        return [self.parse(t, lang) for t in texts]

    # -------------------------------------------------------------- persistence

    def save(self, directory: str | Path) -> Path:
        """Write ``model.joblib`` and ``meta.json`` into ``directory`` (created)."""
        _require_sklearn()
        import joblib
        import sklearn

        out = Path(directory)
        try:
            out.mkdir(parents=True, exist_ok=True)
            joblib.dump({"format": FORMAT_VERSION, "models": self.models,
                         "config": self.config}, out / MODEL_FILE, compress=3)
            meta = {"kind": "arabic-nlp sklearn NLU peer", "format": FORMAT_VERSION,
                    "langs": self.langs, "config": asdict(self.config),
                    "sklearn": sklearn.__version__, "python": platform.python_version(),
                    **self.meta}
            (out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{out}: cannot save the peer ({exc.strerror})") from None
        return out

    @classmethod
    def load(cls, directory: str | Path) -> SklearnInterpreter:
        """A peer saved by :meth:`save`. Unpickles: load only directories you trust."""
        _require_sklearn()
        import joblib

        path = Path(directory)
        if not (path / MODEL_FILE).is_file():
            raise InputError(f"{path}: no {MODEL_FILE}; train one with: arabic-nlp train "
                             "nlu-peer --out DIR")
        try:
            blob = joblib.load(path / MODEL_FILE)
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8")) \
                if (path / META_FILE).is_file() else {}
        except Exception as exc:  # a damaged pickle can raise almost any exception type
            raise InputError(f"{path}: cannot load the peer ({type(exc).__name__}: {exc})"
                             ) from None
        if not isinstance(blob, dict) or blob.get("format") != FORMAT_VERSION \
                or not isinstance(blob.get("config"), PeerConfig):
            raise InputError(f"{path}: not a format-{FORMAT_VERSION} peer model; retrain it")
        return cls(blob["models"], blob["config"], meta)


def train_from_dir(data_dir: str | Path, langs: Sequence[str] = LANGS,
                   extra: Sequence[Example] = (), config: PeerConfig | None = None,
                   log: Callable[[str], None] = lambda _: None) -> SklearnInterpreter:
    """Train on ``data_dir/{locale}.train.jsonl`` of each language, plus ``extra`` examples
    (e.g. resampled ones) added to the language of their locale."""
    from arabic_nlp.data.massive import locale_file, read_examples

    data: dict[str, list[Example]] = {}
    for lang in langs:
        code = check_lang(lang)
        data[code] = read_examples(locale_file(data_dir, LOCALES[code], "train"),
                                   locale=LOCALES[code])
    for ex in extra:
        code = check_lang(ex.locale)
        if code not in data:
            raise InputError(f"{ex.source or ex.id}: extra example of {ex.locale}, which is not "
                             f"being trained (langs: {', '.join(data)})")
        data[code].append(ex)
    return SklearnInterpreter.train(data, config, log)


__all__ = ["LANGS", "LangModel", "PeerConfig", "SklearnInterpreter", "Span", "check_lang",
           "detect_lang", "tokens_for", "train_from_dir", "word_tokens"]
