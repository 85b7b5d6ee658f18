"""Catalogue evaluation pairs: MASSIVE pairing, the transliteration filter, distractor names.

Every fixture here is synthetic (tiny MASSIVE-like jsonl and name TSVs written to
``tmp_path``); nothing is read from /work/shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arabic_nlp.data import catalogue_pairs as cp
from arabic_nlp.data.catalogue_pairs import (
    ARABIC_ORIGIN,
    LATIN_SCRIPT,
    MIXED_SCRIPT,
    NO_MATCH,
    TRANSLITERATION,
    Pair,
    classify_pair,
    dedupe,
    distractor_names,
    is_transliteration,
    massive_pairs,
    read_name_tokens,
    skeleton_distance,
    transliteration_pairs,
)
from arabic_nlp.errors import InputError

# id -> (ar-SA, en-US, fr-FR) annot_utt; train partition unless listed in DEV.
TRAIN = {
    "1": ("شغل [artist_name : ستروماي]", "play [artist_name : stromae]",
          "joue [artist_name : stromae]"),
    "2": ("افتح [app_name : سبوتيفاي]", "open [app_name : spotify]",
          "ouvre [app_name : spotify]"),
    # two persons, same count: aligned by order
    "3": ("اتصل ب[person : براد بيت] و[person : توم هانكس]",
          "call [person : brad pitt] and [person : tom hanks]",
          "appelle [person : brad pitt] et [person : tom hanks]"),
    # two persons in Arabic, one in English: skipped
    "4": ("اتصل ب[person : سارة] و[person : أحمد]", "call [person : sarah]",
          "appelle [person : sarah]"),
    # a translation and a localized value
    "5": ("شغل [song_name : الحب] [date : أمس]", "play [song_name : love] [date : yesterday]",
          "joue [song_name : amour] [date : hier]"),
    # a Latin-script value inside the Arabic utterance
    "6": ("شغل [app_name : spotify]", "play [app_name : spotify]",
          "joue [app_name : spotify]"),
    # the French value differs: a fr pair of its own
    "7": ("الطقس في [place_name : باريس]", "weather in [place_name : paris]",
          "météo à [place_name : paris]"),
    "8": ("شغل [artist_name : كولدبلاي]", "play [artist_name : coldplay]",
          "joue [artist_name : coldplay]"),
}
DEV = {
    "20": ("شغل [artist_name : ستروماي]", "play [artist_name : stromae]",
           "joue [artist_name : stromae]"),
    "21": ("وين [place_name : ليون]", "where is [place_name : lyons]",
           "où est [place_name : lyon]"),
    "22": ("اتصل ب[person : محمد عبده]", "call [person : mohammed abdu]",
           "appelle [person : mohammed abdu]"),
}
LOCALES = ("ar-SA", "en-US", "fr-FR")


def _row(rid: str, locale: str, partition: str, annot: str) -> dict[str, object]:
    utt = annot.replace("[", "").replace("]", "")  # good enough for the reader
    return {"id": rid, "locale": locale, "partition": partition, "scenario": "s",
            "intent": "i", "utt": utt, "annot_utt": annot, "worker_id": None}


def _write_massive(root: Path, rows: dict[str, dict[str, tuple[str, str, str]]],
                   order: dict[str, list[str]] | None = None) -> Path:
    folder = root / "nlu" / "massive"
    folder.mkdir(parents=True, exist_ok=True)
    for partition, table in rows.items():
        for k, locale in enumerate(LOCALES):
            ids = (order or {}).get(locale, list(table))
            lines = [json.dumps(_row(i, locale, partition, table[i][k]), ensure_ascii=False)
                     for i in ids]
            (folder / f"{locale}.{partition}.jsonl").write_text("\n".join(lines) + "\n",
                                                                encoding="utf-8")
    return folder


def _write_names(root: Path) -> None:
    wiki = root / cp.WIKIDATA_DIR
    google = root / cp.GOOGLE_DIR
    wiki.mkdir(parents=True)
    google.mkdir(parents=True)
    firsts = ["john", "marie", "pierre", "anna", "paul", "sofia", "karl", "lena"]
    lasts = ["smith", "dupont", "müller", "o'neil", "jean-luc", "kowalski", "rossi",
             "tanaka", "garcia", "nguyen", "stromae", "de", "van"]
    train = ["latin\tarabic\tcount"]
    train += [f"{t}\tعربي\t5" for t in firsts]
    train += [f"{t}\tعربي\t1" for t in lasts]
    (wiki / "train.tsv").write_text("\n".join(train) + "\n", encoding="utf-8")
    (wiki / "dev.tsv").write_text("latin\tarabic\tcount\nbrel\tبريل\t1\n", encoding="utf-8")
    (google / "train.tsv").write_text("arabic\tlatin\nزيدان\tzidane\nكافكا\tkafka\n",
                                      encoding="utf-8")
    (google / "dev.tsv").write_text("arabic\tlatin\nبيكاسو\tpicasso\n", encoding="utf-8")


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    _write_massive(tmp_path, {"train": TRAIN, "dev": DEV})
    _write_names(tmp_path)
    return tmp_path


def _by_id(pairs: list[Pair]) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for p in pairs:
        out.setdefault(p.source_id, []).append((p.arabic, p.latin, p.lang))
    return out


# ------------------------------------------------------------------ pairing


def test_pairs_by_id_not_by_line(tmp_path: Path) -> None:
    # en-US rows in another order than ar-SA: the id decides, not the line
    order = {"en-US": list(reversed(list(TRAIN)))}
    _write_massive(tmp_path, {"train": TRAIN}, order)
    pairs = massive_pairs(tmp_path, ("train",), langs=("en",))
    got = _by_id(pairs)
    assert got["1"] == [("ستروماي", "stromae", "en")]
    assert got["2"] == [("سبوتيفاي", "spotify", "en")]
    first = pairs[0]
    assert first == Pair("ستروماي", "stromae", "artist_name", "en", "1", "train")


def test_multi_occurrence_order_and_skip(data: Path) -> None:
    got = _by_id(massive_pairs(data, ("train",), langs=("en",)))
    assert got["3"] == [("براد بيت", "brad pitt", "en"), ("توم هانكس", "tom hanks", "en")]
    assert "4" not in got  # 2 Arabic persons, 1 English: ambiguous, skipped
    skipped = _by_id(massive_pairs(data, ("train",), langs=("en",), multi="skip"))
    assert "3" not in skipped and "4" not in skipped
    assert "1" in skipped


def test_slot_types_filter(data: Path) -> None:
    pairs = massive_pairs(data, ("train",), langs=("en",))
    assert {p.slot_type for p in pairs} <= set(cp.DEFAULT_TYPES)
    assert not any(p.slot_type == "date" for p in pairs)
    everything = massive_pairs(data, ("train",), None, langs=("en",))
    assert ("أمس", "yesterday") in {(p.arabic, p.latin) for p in everything}
    only = massive_pairs(data, ("train",), ["app_name"], langs=("en",))
    assert {p.slot_type for p in only} == {"app_name"}


def test_french_pairs_only_where_the_value_differs(data: Path) -> None:
    got = _by_id(massive_pairs(data, ("train", "dev")))
    assert got["1"] == [("ستروماي", "stromae", "en")]  # fr "stromae" is the same pair
    assert got["7"] == [("باريس", "paris", "en")]
    assert got["21"] == [("ليون", "lyons", "en"), ("ليون", "lyon", "fr")]
    assert got["5"] == [("الحب", "love", "en"), ("الحب", "amour", "fr")]


def test_partitions(data: Path) -> None:
    dev = massive_pairs(data, ("dev",))
    assert {p.partition for p in dev} == {"dev"}
    assert {p.source_id for p in dev} == {"20", "21", "22"}
    both = massive_pairs(data)
    assert {p.partition for p in both} == {"train", "dev"}
    assert massive_pairs(data, "dev") == dev  # a single name is accepted
    with pytest.raises(InputError, match="test split is held out"):
        massive_pairs(data, ("test",))


def test_massive_dir_given_directly(data: Path) -> None:
    assert massive_pairs(data / "nlu" / "massive", ("dev",)) == massive_pairs(data, ("dev",))


# ------------------------------------------------------------------ errors


def test_missing_files(tmp_path: Path, data: Path) -> None:
    with pytest.raises(InputError, match="no MASSIVE files"):
        massive_pairs(tmp_path / "nowhere")
    (data / "nlu" / "massive" / "fr-FR.dev.jsonl").unlink()
    with pytest.raises(InputError, match=r"fr-FR\.dev\.jsonl: MASSIVE file not found"):
        massive_pairs(data, ("dev",))
    assert massive_pairs(data, ("dev",), langs=("en",))  # fr not needed


def _corrupt(data: Path, name: str, line: int, text: str) -> Path:
    path = data / "nlu" / "massive" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not a JSON object"),
    ("[1, 2]", "not a JSON object"),
    (json.dumps({"id": "2", "partition": "train"}), "field 'annot_utt' is missing"),
    (json.dumps(_row("2", "en-US", "dev", "play x")), "partition 'dev' in the train file"),
    (json.dumps(_row("1", "en-US", "train", "play x")), "id '1' occurs twice"),
    (json.dumps(_row("2", "en-US", "train", "open [app_name : spotify")),
     "annotation, offset 5"),
])
def test_malformed_rows_name_file_and_line(data: Path, text: str, message: str) -> None:
    path = _corrupt(data, "en-US.train.jsonl", 2, text)
    with pytest.raises(InputError, match=message) as err:
        massive_pairs(data, ("train",))
    assert str(err.value).startswith(f"{path}:2: ")


def test_unknown_options(data: Path) -> None:
    with pytest.raises(InputError, match="multi="):
        massive_pairs(data, multi="first")
    with pytest.raises(InputError, match="unknown lang 'de'"):
        massive_pairs(data, langs=("de",))


def test_missing_id_in_latin_locale(data: Path) -> None:
    folder = data / "nlu" / "massive"
    path = folder / "en-US.dev.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no row with id '22'"):
        massive_pairs(data, ("dev",))


# ------------------------------------------------------------------ the filter


@pytest.mark.parametrize(("arabic", "latin"), [
    ("ستروماي", "Stromae"),
    ("كولدبلاي", "Coldplay"),
    ("كولد بلاي", "coldplay"),  # spaced differently
    ("سبوتيفاي", "Spotify"),
    ("البيتلز", "beatles"),  # the Arabic article
    ("لأديل", "adele"),  # a proclitic
    ("سيلين ديون", "Céline Dion"),  # accents
    ("جاك بريل", "jacques brel"),  # silent French final s, cq + u spelling one k
    ("بي بي سي", "b. b. c."),  # a spelled acronym
    ("مايكروسوفت", "microsoft"),
    ("نتفليكس", "Netflix"),
    ("إيطاليا", "l'italie"),  # French elision
    ("باريس", "paris"),
])
def test_transliterations_kept(arabic: str, latin: str) -> None:
    assert classify_pair(arabic, latin) == TRANSLITERATION
    assert is_transliteration(arabic, latin)


@pytest.mark.parametrize(("arabic", "latin", "kind"), [
    ("الحب", "love", NO_MATCH),  # translations
    ("أمس", "yesterday", NO_MATCH),
    ("الرياض", "florida", NO_MATCH),  # a localized substitution that shares letters
    ("في مايكروسوفت", "at microsoft", NO_MATCH),  # translated preposition: not a clean name
    ("سامي", "sam", NO_MATCH),  # the Arabic name Sami: an ending sam does not have
    ("جيدة", "good", NO_MATCH),  # short skeletons must match (almost) exactly
    ("محمد عبده", "mohammed abdu", ARABIC_ORIGIN),
    ("عبد الله", "abdullah", ARABIC_ORIGIN),
    ("حسن", "hassan", ARABIC_ORIGIN),
    ("spotify", "spotify", LATIN_SCRIPT),
    ("فيش wemo", "wemo plug socket", MIXED_SCRIPT),
    ("١٢٣", "abc", NO_MATCH),  # no consonants on one side
])
def test_non_transliterations_dropped(arabic: str, latin: str, kind: str) -> None:
    assert classify_pair(arabic, latin) == kind
    assert not is_transliteration(arabic, latin)


def test_skeletons() -> None:
    assert cp.arabic_skeleton("كولد بلاي") == "كلدبل"
    assert cp.arabic_skeleton("سيَّارة") == "سره"  # marks dropped, ة -> ه
    assert [u for u, _ in cp.latin_units("Coldplay")] == ["c", "l", "d", "p", "l"]
    assert [u for u, _ in cp.latin_units("Schumacher")] == ["sch", "m", "ch", "r"]
    assert skeleton_distance("ستروماي", "stromae") == 0.0
    assert skeleton_distance("x", "") == float("inf")
    assert skeleton_distance("ستروك", "strom") == pytest.approx(0.25)  # 1 of 4 differs


def test_threshold_is_a_parameter() -> None:
    assert not is_transliteration("ستروك", "strom")
    assert is_transliteration("ستروك", "strom", threshold=0.3)


# ------------------------------------------------------------------ dedupe


def test_dedupe_counts() -> None:
    pairs = [
        Pair("ستروماي", "stromae", "artist_name", "en", "1", "train"),
        Pair("ستروماي", "stromae", "artist_name", "en", "20", "dev"),
        Pair("ستروماي", "stromae", "song_name", "fr", "30", "train"),
        Pair("باريس", "paris", "place_name", "en", "7", "train"),
    ]
    first, second = dedupe(pairs)
    assert (first.arabic, first.latin, first.count) == ("ستروماي", "stromae", 3)
    assert first.slot_types == ("artist_name", "song_name")
    assert first.langs == ("en", "fr")
    assert first.partitions == ("train", "dev")
    assert first.source_ids == ("1", "20", "30")
    assert (second.latin, second.count, second.partitions) == ("paris", 1, ("train",))
    assert dedupe([]) == []


def test_transliteration_pairs(data: Path) -> None:
    kept = transliteration_pairs(data)
    assert [(c.arabic, c.latin, c.count) for c in kept][:1] == [("ستروماي", "stromae", 2)]
    latins = {c.latin for c in kept}
    assert {"spotify", "coldplay", "brad pitt", "tom hanks", "paris", "lyon"} <= latins
    assert not latins & {"love", "amour", "mohammed abdu"}
    origin = transliteration_pairs(data, kind=ARABIC_ORIGIN)
    assert [(c.arabic, c.latin) for c in origin] == [("محمد عبده", "mohammed abdu")]
    with pytest.raises(InputError, match="kind 'names'"):
        transliteration_pairs(data, kind="names")


# ------------------------------------------------------------------ distractors


def test_distractors_deterministic(data: Path) -> None:
    names = distractor_names(data, n=40, seed=3)
    assert len(names) == len(set(names)) == 40
    assert names == distractor_names(data, n=40, seed=3)
    assert names != distractor_names(data, n=40, seed=4)
    singles = [name for name in names if " " not in name]
    assert len(singles) == 8  # single_share 0.2
    for name in names:
        assert all(part[0].isupper() for part in name.split())
        assert not {"De", "Van"} & set(name.split())  # particles are not name parts
    firsts = {"John", "Marie", "Pierre", "Anna", "Paul", "Sofia", "Karl", "Lena"}
    assert all(name.split()[0] in firsts for name in names if " " in name)


def test_distractors_capitalization(data: Path) -> None:
    names = set(distractor_names(data, n=22, seed=1, single_share=1.0))
    assert names <= {"John", "Marie", "Pierre", "Anna", "Paul", "Sofia", "Karl", "Lena",
                     "Smith", "Dupont", "Müller", "O'Neil", "Jean-Luc", "Kowalski",
                     "Rossi", "Tanaka", "Garcia", "Nguyen", "Brel", "Zidane", "Kafka",
                     "Picasso"}
    assert {"O'Neil", "Jean-Luc", "Müller"} <= names


def test_distractors_exclude_dev_latin_values(data: Path) -> None:
    # "stromae" is a dev Latin value (id 20): never a distractor, in any casing
    names = distractor_names(data, n=22, seed=0, single_share=1.0)
    assert "Stromae" not in names
    assert "Zidane" in names
    names = distractor_names(data, n=22, seed=0, single_share=1.0, exclude=["ZIDANE"])
    assert "Zidane" not in names and "Stromae" in names


def test_distractors_errors(data: Path) -> None:
    with pytest.raises(InputError, match="at least one name"):
        distractor_names(data, n=0)
    with pytest.raises(InputError, match="single_share"):
        distractor_names(data, single_share=2.0)
    with pytest.raises(InputError, match="ask for fewer"):
        distractor_names(data, n=10_000, exclude=[])
    (data / cp.GOOGLE_DIR / "dev.tsv").unlink()
    with pytest.raises(InputError, match=r"translit_google_ar2en/dev\.tsv: name file not found"):
        distractor_names(data, n=5)


@pytest.mark.parametrize(("text", "message"), [
    ("", "1: empty file"),
    ("arabic\tname\n", "1: header 'arabic\\\\tname' has no 'latin' column"),
    ("latin\tarabic\tcount\nsmith\tسميث\n", "2: 2 columns, expected 3"),
    ("latin\tarabic\tcount\nsmith\tسميث\tmany\n", "2: count 'many' is not an integer"),
    ("latin\tarabic\tcount\nsmith\tسميث\t0\n", "2: count 0 is not positive"),
    ("latin\tarabic\tcount\nsmith\tسميث\t1\n\t\tx\n", "3: count 'x'"),
    ("latin\tarabic\tcount\n \tسميث\t1\n", "2: empty 'latin' cell"),
])
def test_name_file_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "names.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        read_name_tokens(path, "latin")
    assert str(err.value).startswith(f"{path}:")


def test_name_tokens_counts(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_text("latin\tarabic\tcount\nSmith\tسميث\t3\nsmith\tسمث\t2\n", encoding="utf-8")
    assert read_name_tokens(path, "latin") == {"smith": 5}
