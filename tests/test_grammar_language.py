"""The grammar language, construct by construct, with the examples of docs/grammar-guide.md.

Every output is checked twice: with the fast runtime (``apply(s)``) and with the
reference FSTs (``apply(s, fst=True)``). Then every kind of authoring mistake must
raise a GrammarError at the right file:line:col, and random text must never make
the parser or the loader raise anything else.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arabic_nlp.errors import GrammarError
from arabic_nlp.fst.grammar import Grammar, load_grammar, load_grammar_text, read_golden
from arabic_nlp.fst.parser import parse
from arabic_nlp.fst.runtime import Cascade
from arabic_nlp.fst.syntax import Anchor, Lit, RuleDef, Seq

FIXTURES = Path(__file__).parent / "fixtures" / "grammar"

FATHA, DAMMA, KASRA, SHADDA = "\u064e", "\u064f", "\u0650", "\u0651"


@pytest.fixture(autouse=True, scope="module")
def _private_fst_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARABIC_NLP_CACHE", str(tmp_path_factory.mktemp("fst-cache")))
        yield


def load(text: str, base: Path = FIXTURES) -> Grammar:
    return load_grammar_text(textwrap.dedent(text), "guide.rules", base)


def run(grammar: Grammar, cascade: str, text: str) -> str:
    """The cascade's output; the fast runtime and the FST must agree."""
    c = Cascade(grammar, cascade)
    fast = c.apply(text)
    assert c.apply(text, fst=True) == fast
    return fast


def check(grammar: Grammar, cascade: str, cases: dict[str, str]) -> None:
    for src, expected in cases.items():
        assert run(grammar, cascade, src) == expected, src


# ---------------------------------------------------------------- classes and literals


def test_classes_ranges_and_difference() -> None:
    g = load("""
        class ALEF_VARIANT = أ إ آ ٱ
        class DIACRITIC = U+064B..U+0652 U+0670
        class KEEP_SHADDA = DIACRITIC - U+0651
        class HAMZA_SEAT = ALEF_VARIANT ؤ ئ - ٱ
        rule marks: KEEP_SHADDA -> ""
        rule seat: HAMZA_SEAT -> ء
        cascade c = marks, seat
    """)
    assert len(g.classes["DIACRITIC"]) == 9
    assert SHADDA not in g.classes["KEEP_SHADDA"]
    assert g.classes["HAMZA_SEAT"] == ("أ", "إ", "آ", "ؤ", "ئ")
    check(g, "c", {
        "مُحَمَّدٌ": "محم" + SHADDA + "د",
        "سُؤَال": "سءال",
        "ٱلْكِتَاب": "ٱلكتاب",
    })


def test_literals_code_points_and_quoting() -> None:
    g = load("""
        rule tatweel: U+0640 -> ""
        rule question: "?" -> "؟"
        rule comma: "," -> "،"
        rule po_box: "ص.ب" -> "صندوق بريد"
        rule sms: "SMS" -> "رسالة"
        rule ok: ok -> حسنا
        cascade c = tatweel, question, comma, po_box, sms, ok
    """)
    check(g, "c", {
        "كـــتاب": "كتاب",
        "كيف حالك?": "كيف حالك؟",
        "نعم, لا": "نعم، لا",
        "ص.ب 12": "صندوق بريد 12",
        "SMS ok": "رسالة حسنا",
    })


def test_bare_capitals_are_class_names() -> None:
    with pytest.raises(GrammarError) as exc:
        load('rule lam: ل -> L\n')
    assert (exc.value.line, exc.value.col) == (1, 16)
    assert "unknown class L" in exc.value.message
    assert "quote" in (exc.value.hint or "")
    check(load('rule lam: ل -> "L"\ncascade c = lam\n'), "c", {"لا": "Lا"})


# ---------------------------------------------------------------- contexts


def test_contexts_word_boundary_start_and_end() -> None:
    g = load("""
        rule ta: ة -> ه / _ #
        rule article: ال -> "" / ^ _
        rule maqsura: ى -> ي / _ $
        cascade c = ta, article, maqsura
    """)
    check(g, "c", {
        "مدرسة جميلة": "مدرسه جميله",
        "مدرسة.": "مدرسه.",
        "الولد في المدرسة": "ولد في المدرسه",
        "على مستشفى": "على مستشفي",
    })


def test_comment_versus_boundary() -> None:
    def rule(src: str) -> RuleDef:
        st = parse(src).statements[0]
        assert isinstance(st, RuleDef)
        return st

    # before '_' every '#' is a boundary
    assert isinstance(rule("rule r: ا -> ب / # _").left, Anchor)
    # after '_': '#' at the end of the line, before another '#', or glued to text is a boundary
    r = rule("rule ta: ة -> ه / _ #   # word-final only")
    assert isinstance(r.right, Anchor) and r.comment == "word-final only"
    r = rule("rule ta: ة -> ه / _ #ال")
    assert isinstance(r.right, Seq) and isinstance(r.right.items[1], Lit)
    assert isinstance(rule("rule ta: ة -> ه / _ (#|ت)").right.options[0], Anchor)  # type: ignore[union-attr]
    # '#', a space, then prose: a comment (the boundary is gone!)
    r = rule("rule ta: ة -> ه / _ # ال")
    assert r.right is None and r.comment == "ال"
    # outside a context '#' always starts a comment
    r = rule("rule r: ا -> ب   # / _ #")
    assert r.left is None and r.right is None and r.comment == "/ _ #"


def test_continuation_lines() -> None:
    g = load("""
        rule ta: ة ->
            ه / _
            #
        cascade c = ta
    """)
    check(g, "c", {"مدرسة": "مدرسه"})


# ---------------------------------------------------------------- application order


def test_simultaneous_versus_left_to_right() -> None:
    text = """
        class EMPHATIC = ṣ ḍ ṭ ẓ
        rule tafkhim{d}: a -> ɑ / (EMPHATIC | ɑ) _
        cascade c = tafkhim
    """
    check(load(text.format(d="")), "c", {"ṣaa": "ṣɑa", "ṭaalib": "ṭɑalib", "baab": "baab"})
    check(load(text.format(d=" (ltr)")), "c", {"ṣaa": "ṣɑɑ", "ṭaalib": "ṭɑɑlib"})


def test_right_to_left() -> None:
    text = """
        rule spread{d}: ا -> ب / _ ب
        cascade c = spread
    """
    check(load(text.format(d="")), "c", {"ااب": "ابب"})
    check(load(text.format(d=" (rtl)")), "c", {"ااب": "ببب"})
    check(load(text.format(d=" (ltr)")), "c", {"ااب": "ابب"})


# ---------------------------------------------------------------- weights


def test_weighted_alternatives_and_nbest() -> None:
    g = load("""
        rule ph: ph -> ف <0.1> | ب <2.0>
        optional rule maybe_ph: ph -> ف <0.1> | ب <2.0>
        cascade c = ph
        cascade o = maybe_ph
    """)
    check(g, "c", {"phone": "فone"})
    check(g, "o", {"phone": "phone"})
    best = Cascade(g, "c").nbest("phone", 5)
    assert [s for s, _ in best] == ["فone", "بone"]
    assert [w for _, w in best] == pytest.approx([0.1, 2.0])
    best = Cascade(g, "o").nbest("phone", 5)
    assert [s for s, _ in best] == ["phone", "فone", "بone"]
    assert [w for _, w in best] == pytest.approx([0.0, 0.1, 2.0])


def test_negative_weight_makes_an_optional_rule_preferred() -> None:
    g = load('optional rule a2b: ا -> ب <-1>\ncascade c = a2b\n')
    check(g, "c", {"اا": "بب"})
    assert Cascade(g, "c").nbest("اا", 4)[-1] == ("اا", 0.0)


# ---------------------------------------------------------------- class binding


def test_class_copied_to_output_reorders() -> None:
    g = load("""
        class VOWEL = U+064E U+064F U+0650
        rule order: VOWEL U+0651 -> U+0651 VOWEL
        cascade c = order
    """)
    check(g, "c", {
        "م" + FATHA + SHADDA: "م" + SHADDA + FATHA,
        "ش" + KASRA + SHADDA + "ه": "ش" + SHADDA + KASRA + "ه",
    })


def test_sun_letter_assimilation_copies_the_class_member() -> None:
    g = load("""
        class SUN = ت ث د ذ ر ز س ش ص ض ط ظ ل ن
        rule assimilate: ال SUN -> ا SUN U+0651
        cascade c = assimilate
    """)
    check(g, "c", {"الشمس": "اش" + SHADDA + "مس", "القمر": "القمر"})


def test_element_by_element_map() -> None:
    g = load("""
        class AR_DIGIT = U+0660..U+0669
        class EN_DIGIT = 0 1 2 3 4 5 6 7 8 9
        rule digits: AR_DIGIT -> EN_DIGIT
        cascade c = digits
    """)
    check(g, "c", {"٢٠٢٤": "2024", "رقم ٧": "رقم 7"})


@pytest.mark.parametrize(("text", "line", "col", "message"), [
    ("class A = ب ت\nclass B = x y z\nrule r: A -> B\n", 3, 14, "A has 2 members but B has 3"),
    ("class A = ب ت\nrule r: A A -> A\n", 2, 16, "class A appears 2 times"),
    ("class A = ب ت\nclass B = x y\nrule r: A -> B B\n", 3, 16, "no left-hand class to map from"),
    ("class A = ب ت\nrule r: A* -> A\n", 2, 10, "plain sequence of letters and classes"),
])
def test_class_binding_mistakes(text: str, line: int, col: int, message: str) -> None:
    with pytest.raises(GrammarError) as exc:
        load(text)
    assert (exc.value.file, exc.value.line, exc.value.col) == ("guide.rules", line, col)
    assert message in exc.value.message


# ---------------------------------------------------------------- lexicons


def test_lexicon_rewrite_with_weights() -> None:
    g = load("""
        lexicon loans = "loans.tsv"
        rule loanwords: @loans / # _ #
        rule english_back: invert @loans / # _ #
        cascade c = loanwords
        cascade back = english_back
    """)
    assert g.lexicons["loans"].columns == ("arabic", "english", "weight")
    assert g.lexicons["loans"].entries[2] == ("تليفون", "telephone", 0.5)
    check(g, "c", {"عندي كمبيوتر و تليفون": "عندي computer و telephone",
                   "كمبيوترات": "كمبيوترات"})
    # the inverted rule offers both spellings; the lighter one (weight 0) wins
    check(g, "back", {"my telephone": "my تلفون"})
    assert Cascade(g, "back").nbest("telephone", 3) == [("تلفون", 0.0), ("تليفون", 0.5)]


def test_single_column_lexicon_is_a_word_list() -> None:
    g = load('lexicon keep = "keep.tsv"\n')
    assert g.lexicons["keep"].entries == (("الله", "الله", 0.0), ("عمرو", "عمرو", 0.0))


def test_lexicon_from_several_files() -> None:
    g = load("""
        lexicon keep = "keep.tsv" + "keep_more.tsv"
        rule final_waw: و -> "" / _ # unless @keep
        cascade c = final_waw
    """)
    assert g.lexicons["keep"].inputs() == ["الله", "عمرو", "بدو"]
    check(g, "c", {"عمرو بدو نحو": "عمرو بدو نح"})
    with pytest.raises(GrammarError, match="lexicon files name different columns") as exc:
        load('lexicon lx = "keep.tsv" + "loans.tsv"\n')
    assert exc.value.line == 1
    with pytest.raises(GrammarError, match="ends too early"):
        load('lexicon lx = "keep.tsv" +\n')


def test_overlapping_inputs_before_a_literal_context_are_fast() -> None:
    # الت is a prefix of التات, but both must end right before the mark, which neither
    # input contains: from one position only one of them can match
    g = load("""
        lexicon forms = "forms.tsv"
        rule restore: @forms / # _ "+"
        cascade c = restore
    """)
    assert Cascade(g, "c").describe_plan() == ["regex: restore"]
    check(g, "c", {"الت+ي": "آلة+ي", "التات+ي": "آلات+ي", "التاتي": "التاتي", "الت": "الت"})


def test_unless_lexicon_is_word_by_word() -> None:
    g = load("""
        lexicon keep = "keep.tsv"
        rule final_waw: و -> "" / _ # unless @keep
        rule lam: ل -> "L" unless @keep
        cascade c = final_waw
        cascade d = lam
    """)
    assert Cascade(g, "c").describe_plan() == ["regex: final_waw"]  # word by word
    # whole words only: وعمرو is not in the lexicon
    check(g, "c", {"عمرو وعمرو بدو": "عمرو وعمر بد", "عمرو, بدو!": "عمرو, بد!"})
    check(g, "d", {"الله لا": "الله Lا", "اللهم": "اLLهم"})


def test_unless_contexts_see_one_word() -> None:
    g = load("""
        lexicon keep = "keep.tsv"
        rule across: ا -> ب / ب " " _ unless @keep
        rule word_start: ا -> ب / ^ _ unless @keep
        cascade c = across
        cascade d = word_start
    """)
    check(g, "c", {"ب ا": "ب ا"})
    check(g, "d", {"ا ا": "ب ب"})


# ---------------------------------------------------------------- cascades and inversion


def test_inverted_cascade() -> None:
    g = load("""
        class AR_DIGIT = U+0660..U+0669
        class EN_DIGIT = 0 1 2 3 4 5 6 7 8 9
        rule digits: AR_DIGIT -> EN_DIGIT <-0.1>
        cascade to_latin = digits
        cascade to_arabic = invert to_latin
    """)
    check(g, "to_latin", {"٢٠٢٤": "2024"})
    check(g, "to_arabic", {"2024": "٢٠٢٤"})
    assert Cascade(g, "to_arabic").nbest("7", 2) == [("٧", pytest.approx(-0.1)), ("7", 0.0)]
    # Arabic digits are never an output of to_latin, so the inverse has no answer
    with pytest.raises(GrammarError, match="left no output"):
        Cascade(g, "to_arabic").apply("٢")


def test_nested_cascades_and_self_inversion() -> None:
    g = load("""
        rule a: ا -> ب
        rule b: ب -> ت
        cascade first = a
        cascade both = first, b
    """)
    check(g, "both", {"اب": "تت"})
    with pytest.raises(GrammarError, match="inverts itself") as exc:
        load("rule r: ا -> ب\ncascade x = invert y\ncascade y = invert x\n")
    assert exc.value.line == 2


# ---------------------------------------------------------------- files: imports, overlays, tests


def run_inline_tests(g: Grammar) -> int:
    n = 0
    for t in g.tests:
        assert run(g, t.cascade, t.input) == t.expected, (t.pos, t.input)
        n += 1
    for golden in g.goldens:
        for lineno, src, expected in read_golden(Path(golden.path), golden.pos):
            assert run(g, golden.cascade, src) == expected, (golden.path, lineno)
            n += 1
    return n


def test_imports_inline_tests_and_golden_file() -> None:
    g = load_grammar(FIXTURES / "msa.rules")
    assert [Path(f).name for f in g.files] == ["msa.rules", "letters.rules"]
    assert "ALEF_VARIANT" in g.classes
    assert run_inline_tests(g) == 5
    assert Cascade(g, "nlu").describe_plan() == [
        "translate: alef, marks", "regex: ta_marbuta", "regex: alef_maqsura", "regex: loanwords"]


def test_locale_overlay_override_and_disable() -> None:
    g = load_grammar(FIXTURES / "egy.rules")
    assert g.disabled == {"ta_marbuta"}
    assert len(g.tests) == 2  # tests of imported files are not collected
    assert run_inline_tests(g) == 2
    check(g, "nlu", {"أَحْمَد في القاهرة": "احمد فى الءاهرة"})


def test_trace_reports_rule_location_and_comment() -> None:
    g = load_grammar(FIXTURES / "msa.rules")
    steps = Cascade(g, "nlu").trace("أَحْمَد في مدرسة")
    assert [s.rule for s in steps] == ["alef", "marks", "ta_marbuta"]
    assert steps[2].where.endswith("msa.rules:8")
    assert steps[2].comment == "word-final ta marbuta is often typed as ha"
    assert steps[2].after == "احمد في مدرسه"


# ---------------------------------------------------------------- fast runtime shapes


def test_fast_runtime_shapes() -> None:
    g = load("""
        lexicon keep = "keep.tsv"
        class ALEF_VARIANT = أ إ آ
        rule alef: ALEF_VARIANT -> ا
        rule tatweel: U+0640 -> ""
        rule ta: ة -> ه / _ #
        rule ph: ph -> ف <0.1> | ب <2.0>
        optional rule drop: ه -> "" <1> / _ #
        rule spread (ltr): ا -> ب / ب _
        rule lam: ل -> "L" unless @keep
        cascade c = alef, tatweel, ta, ph, drop, spread, lam
    """)
    assert Cascade(g, "c").describe_plan() == [
        "translate: alef, tatweel", "regex: ta", "fst: ph", "fst: drop", "fst: spread",
        "regex: lam"]
    check(g, "c", {"أَهْلاً بِـكُمْ في المدرسة": "اَهْLاً بِكُمْ في اLمدرسه"})


# ---------------------------------------------------------------- mistakes


SYNTAX_ERRORS = [
    # (rule text, line, col, part of the message)
    ('class VOWEL = U+064E\nrule r: VOWL -> ""\n', 2, 9, "unknown class VOWL"),
    ("class A = ا B\n", 1, 13, "unknown class B"),
    ("rule r: ا ب\n", 1, 11, "expected '->'"),
    ('rule r: ا -> "ب\n', 1, 14, "a string is not closed"),
    ("rule r: ا -> ب <heavy>\n", 1, 16, "a weight must look like <0.5>"),
    ("rule r: ا -> ب <1> ت\n", 1, 20, "a weight ends an alternative"),
    ("rule r: ة -> ه / #\n", 1, 16, "a context needs '_'"),
    ("override rule r: ا -> ب\n", 1, 1, "'override' of unknown rule 'r'"),
    ("rule r: ا -> ب\nrule r: ا -> ت\n", 2, 1, "rule 'r' is already defined at guide.rules:1:1"),
    ("class A = ا\nclass A = ب\n", 2, 1, "class 'A' is already defined"),
    ("rule r: ا -> ب\ncascade c = r, s\n", 2, 16, "names 's', which is neither a rule"),
    ("disable r\n", 1, 1, "cannot disable unknown rule 'r'"),
    ("rul r: ا -> ب\n", 1, 1, "a statement cannot start with 'rul'"),
    ("class vowel = ا\n", 1, 7, "a class name is written in capitals"),
    ('rule r: "\\q" -> ب\n', 1, 9, "unknown escape"),
    ("rule r: @nope\n", 1, 9, "unknown lexicon @nope"),
    ("rule r (up): ا -> ب\n", 1, 9, "unknown direction 'up'"),
    ("class A = U+0669..U+0660\n", 1, 11, "bad code point range"),
    ("rule r: ا -> / _ #\n", 1, 14, "the output is empty"),
    ("\n\nrule r: ا ->\n    ب / _ #\n  -> ت\n", 5, 3, "unexpected '->'"),
    ("rule r: ا -> ب / ت ^ _\n", 1, 20, "'^' (start of text) can only stand at the start"),
    ("rule r: ا -> ب / $ _\n", 1, 18, "'$' (end of text) can only stand at the end"),
    ("rule r: ا -> ب / _ (ت | $)+\n", 1, 25, "'$' (end of text) can only stand at the end"),
]


@pytest.mark.parametrize(("text", "line", "col", "message"), SYNTAX_ERRORS)
def test_mistakes_are_reported_with_file_line_col(text: str, line: int, col: int,
                                                  message: str) -> None:
    with pytest.raises(GrammarError) as exc:
        load(text)
    err = exc.value
    assert (err.file, err.line, err.col) == ("guide.rules", line, col)
    assert message in err.message
    assert str(err).startswith(f"guide.rules:{line}:{col}: ")


def test_import_cycle() -> None:
    with pytest.raises(GrammarError, match="import cycle") as exc:
        load_grammar(FIXTURES / "cycle_a.rules")
    err = exc.value
    assert (Path(err.file or "").name, err.line, err.col) == ("cycle_b.rules", 2, 1)
    assert "cycle_a.rules -> cycle_b.rules -> cycle_a.rules" in err.message


def test_missing_imported_file() -> None:
    with pytest.raises(GrammarError, match="imported file not found") as exc:
        load_grammar(FIXTURES / "missing_import.rules")
    assert (Path(exc.value.file or "").name, exc.value.line) == ("missing_import.rules", 2)
    assert "no_such_file.rules" in exc.value.message


@pytest.mark.parametrize("path", ['""', '"."', '"\\u0000.rules"', '"' + "x" * 300 + '"'])
def test_unreadable_import_path(path: str) -> None:
    with pytest.raises(GrammarError) as exc:
        load(f"class A = ا\nimport {path}\n")
    assert (exc.value.line, exc.value.col) == (2, 1)


@pytest.mark.parametrize(("tsv", "file", "line", "message"), [
    ("no_such.tsv", "guide.rules", 2, "lexicon file not found"),
    ("bad_columns.tsv", "bad_columns.tsv", 4, "row has 2 columns but the header names 3"),
    ("empty_cell.tsv", "empty_cell.tsv", 2, "empty 'arabic' cell"),
])
def test_lexicon_file_mistakes(tsv: str, file: str, line: int, message: str) -> None:
    with pytest.raises(GrammarError) as exc:
        load(f'class A = ا\nlexicon lx = "{tsv}"\n')
    assert Path(exc.value.file or "").name == file
    assert exc.value.line == line
    assert message in exc.value.message


def test_unless_after_final_boundary_is_not_a_comment() -> None:
    # regression: '_ # unless @keep' used to read '# unless @keep' as a comment,
    # silently dropping both the context and the exception
    r = parse("rule w: و -> \"\" / _ # unless @keep").statements[0]
    assert isinstance(r, RuleDef) and isinstance(r.right, Anchor) and r.unless == "keep"


# ---------------------------------------------------------------- fuzz

TOKENS = [
    "rule", "optional", "override", "class", "lexicon", "import", "disable", "cascade", "test",
    "golden", "invert", "unless", "@keep", "@loans", "@", "A", "VOWEL", "SUN", "r", "nlu",
    "ا", "ب", "ة", "ال", "U+064E", "U+0600..U+0605", "U+0605..U+0600", "U+FFFFFF", "U+D800",
    "->", "=>", "/", "_", "#", "^", "$", "|", "(", ")", "*", "+", "?", ":", "=", ",", "-",
    "<0.5>", "<", "<-1>", '"x"', '""', '"', '"\\q"', '"\\', "(ltr)", "(rtl)", "# note",
    '"keep.tsv"', '"loans.tsv"', '"letters.rules"', '"bad_columns.tsv"', '"."', '"\\u0000"',
    "\\", "\t",
]
PRELUDE = [
    "class A = ا ب", "class VOWEL = U+064E U+064F", 'lexicon keep = "keep.tsv"',
    "rule r: ا -> ب", "cascade nlu = r",
]

token_lines = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=10).map(" ".join)
rule_files = st.lists(
    st.one_of(token_lines, st.sampled_from(PRELUDE), token_lines.map(lambda s: "    " + s)),
    min_size=1, max_size=6).map("\n".join)


def parse_or_grammar_error(text: str) -> None:
    for attempt in (lambda: parse(text, "fuzz.rules"),
                    lambda: load_grammar_text(text, "fuzz.rules", FIXTURES)):
        try:
            attempt()
        except GrammarError as err:
            assert err.message and err.file


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_fuzz_any_text(text: str) -> None:
    parse_or_grammar_error(text)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_files)
def test_fuzz_language_tokens(text: str) -> None:
    parse_or_grammar_error(text)


def test_weights_across_rules_agree_between_runtimes() -> None:
    g = load("""
        optional rule one: ا -> ب <1>
        rule two: ب -> ت <-5> | ث <0>
        cascade c = one, two
    """)
    assert Cascade(g, "c").nbest("ا", 1) == [("ت", -4.0)]
    assert run(g, "c", "ا") == "ت"


# ---------------------------------------------------------------- only @lex, ignoring


def test_only_lexicon_and_ignoring_marks() -> None:
    g = load("""
        class MARK = U+064E U+064F U+0650 U+0652
        lexicon learned = "keep.tsv" ignoring MARK
        rule kaf: ل -> "L" only @learned
        rule other: ل -> "L" unless @learned
        cascade c = kaf
        cascade d = other
    """)
    # عَمْرُو with marks is the entry عمرو; الله is an entry as written
    check(g, "c", {"الله لا عَمْرُو": "اLLه لا عَمْرُو", "الْلَّه": "الْلَّه"})
    check(g, "d", {"الله لا": "الله Lا", "الْلَهُ": "الْلَهُ"})
    with pytest.raises(GrammarError, match="unknown class NOPE after 'ignoring'"):
        load('lexicon lx = "keep.tsv" ignoring NOPE\n')
    with pytest.raises(GrammarError, match="'only' takes a lexicon"):
        load('rule r: ا -> ب only keep\n')


_KEEP_GRAMMAR = """
    class MARK = U+064E U+064F U+0650 U+0652
    lexicon keep = "keep.tsv" ignoring MARK
    rule final_waw: و -> "" / _ # unless @keep
    rule lam_only: ل -> "L" only @keep
    rule mid: م -> "M" / ا _ unless @keep
    cascade c = final_waw, lam_only, mid
"""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["عمرو", "عَمْرُو", "الله", "الْلَه", "بدو", "امو", "ولام",
                                 "و", " ", ",", "x", "\u200d", "7", "ـ", "ا"]), max_size=14)
       .map("".join))
def test_word_by_word_rules_fast_equals_fst(text: str) -> None:
    """unless/only rules: the fast form (inputs found first, widened to their word) gives
    the FST's output, on the batch path too."""
    g = load(_KEEP_GRAMMAR)
    c = Cascade(g, "c")
    fast = c.apply(text)
    assert fast == c.apply(text, fst=True)
    batch = c.apply_batch([text] * 400)
    assert batch is None or batch == [fast] * 400
