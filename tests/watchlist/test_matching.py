"""The pure matching module: name normalisation, similarity and evidence, table-driven, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from pimpasa.watchlist.matching import (
    NameKey,
    Person,
    name_key,
    name_similarity,
    names_of,
    nik_facts,
    normalize_name,
    phone_key,
    rank,
    score,
    search_key,
)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        # Ejaan lama: oe, dj, tj, sj, nj, ch; j for y where the word shows the old spelling.
        ("Soekarno", "sukarno"),
        ("Djoko Widodo", "joko widodo"),
        ("Tjipto Mangoenkoesoemo", "cipto mangunkusumo"),
        ("Sjahrir", "sahrir"),
        ("Njoto", "nyoto"),
        ("Chairil Anwar", "hairil anwar"),
        ("Soerjadi", "suryadi"),
        ("Djojohadikusumo", "joyohadikusumo"),
        ("Jusuf", "yusuf"),
        ("Jahja", "yahya"),
        # A bare j is today's j: Joko and Juni stay as they are.
        ("Joko", "joko"),
        ("Juni Astuti", "juni astuti"),
        # Modern n+j is not the old nj.
        ("Panji", "panji"),
        ("Pandji", "panji"),
        # Muhammad in every spelling and abbreviation.
        ("Muhammad Yusuf", "muhammad yusuf"),
        ("Muhamad Yusuf", "muhammad yusuf"),
        ("Mohammad Yusuf", "muhammad yusuf"),
        ("Mochamad Yusuf", "muhammad yusuf"),
        ("Mochammad Yusuf", "muhammad yusuf"),
        ("Moh. Yusuf", "muhammad yusuf"),
        ("Moch. Yusuf", "muhammad yusuf"),
        ("Muh. Yusuf", "muhammad yusuf"),
        ("Mhd Yusuf", "muhammad yusuf"),
        ("M. Yusuf", "muhammad yusuf"),
        ("M.Yusuf", "muhammad yusuf"),
        # A final M. is an initial, not Muhammad.
        ("Budi M.", "budi m"),
        ("Achmad Fauzi", "ahmad fauzi"),
        # Titles in front, degrees behind.
        ("H. Ahmad Fauzi", "ahmad fauzi"),
        ("Hj. Siti Aminah", "siti aminah"),
        ("Drs. H. Slamet Riyadi", "slamet riyadi"),
        ("Dra. Sri Wahyuni", "sri wahyuni"),
        ("Ir. Bambang Susilo", "bambang susilo"),
        ("Dr. Rina Marlina", "rina marlina"),
        ("KH. Abdul Somad", "abdul somad"),
        ("K.H. Ma'ruf Amin", "maruf amin"),
        ("Ust. Abdul Somad", "abdul somad"),
        ("Ustadz Abdul Somad, Lc., M.A.", "abdul somad"),
        ("Budi Santoso, S.H.", "budi santoso"),
        ("Budi Santoso, S.H., M.H.", "budi santoso"),
        ("Budi Santoso S.Pd.", "budi santoso"),
        ("Budi Santoso S. Pd.", "budi santoso"),
        ("Rina Marlina, S.E.", "rina marlina"),
        ("Rina Marlina SE", "rina marlina"),
        ("Bapak Sutrisno", "sutrisno"),
        ("Mbak Dewi", "dewi"),
        # A title alone is the name.
        ("Haji", "haji"),
        # bin/binti: the connector goes, the father's name stays (as the patronymic).
        ("Ahmad bin Yusuf", "ahmad yusuf"),
        ("Siti binti Abdullah", "siti abdulah"),
        ("Siti bt. Abdullah", "siti abdulah"),
        # Spelling doublets and punctuation.
        ("Arief Rachman", "arif rahman"),
        ("Rudy Hartono", "rudi hartono"),
        ("Muhamad Rizqi", "muhammad rizki"),
        ("Fathur Rohman", "fatur rohman"),
        ("Syaiful Anwar", "saiful anwar"),
        ("  SITI   NURHAYATI ", "siti nurhayati"),
        ("Zoë Ayu-Lestari", "zu ayu lestari"),  # ë is e, and oe is the old u
        # Company forms.
        ("PT. Maju Djaja Abadi", "maju jaya abadi"),
        ("CV Sumber Rejeki", "sumber rejeki"),
        ("", ""),
        ("123", ""),
    ],
)
def test_normalize_name(written, normalised):
    assert normalize_name(written) == normalised


def test_name_key_keeps_the_patronymic_apart():
    assert name_key("H. Ahmad bin Yusuf") == NameKey(("ahmad",), ("yusuf",))
    assert name_key("Siti Aminah binti H. Abdul Rahman").patronymic == ("h", "abdul", "rahman")
    assert name_key("Bin Laden") == NameKey(("laden",))


def test_search_key_sorts_the_tokens():
    assert search_key("Soesilo Moch. Djoko") == "joko muhammad susilo"
    assert search_key("Djoko Soesilo, S.H.") == search_key("Susilo Joko")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Token order does not matter.
        ("Budi Santoso", "Santoso Budi", 1.0),
        ("Siti Aminah Lestari", "Lestari Siti Aminah", 1.0),
        # Compounds written with or without a space are one name.
        ("Nur Hayati", "Nurhayati", 1.0),
        ("Abdul Rahman Wahid", "Abdulrahman Wahid", 1.0),
        # Old and new spelling, Muhammad variants, titles.
        ("Djoko Soesilo", "Joko Susilo", 1.0),
        ("M. Jusuf", "Muhammad Yusuf", 1.0),
        ("Drs. H. Slamet Riyadi, S.H.", "Slamet Riyadi", 1.0),
    ],
)
def test_equal_names(a, b, expected):
    assert name_similarity(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        # One typo keeps a name close.
        ("Budi Santoso", "Budi Santosa", 0.80, 0.90),
        ("Slamet Riyadi", "Selamet Riyadi", 0.85, 0.92),
        ("Eko Prasetyo", "Eko Prasetoy", 0.80, 0.90),
        # A different name is far even when the letters are alike.
        ("Budi Santoso", "Budi Susanto", 0.0, 0.50),
        ("Dedi Santoso", "Budi Santoso", 0.60, 0.72),
        ("Agus Salim", "Agus Setiawan", 0.0, 0.50),
        # A missing part lowers the score without zeroing it.
        ("Siti Aminah", "Siti Aminah Lestari", 0.65, 0.72),
        ("Budi", "Budi Santoso", 0.50, 0.55),
        # Muhammad is often left out.
        ("Muhammad Yusuf", "Yusuf", 0.80, 0.85),
        # The father's name is a weaker part: missing costs less, different costs more.
        ("Ahmad bin Yusuf", "Ahmad", 0.74, 0.76),
        ("Ahmad Yusuf", "Ahmad", 0.64, 0.68),
        ("Ahmad bin Yusuf", "Ahmad bin Ali", 0.50, 0.60),
        # Initials.
        ("A. Rahman", "Abdul Rahman", 0.90, 0.95),
        ("Abdurrahman Wahid", "Abdul Rahman Wahid", 0.85, 0.93),
    ],
)
def test_similar_names(a, b, low, high):
    assert low <= name_similarity(a, b) <= high
    assert name_similarity(a, b) == name_similarity(b, a)


def test_empty_names_share_nothing():
    assert name_similarity("", "Budi") == 0.0
    assert name_similarity("Budi", "123") == 0.0


@pytest.mark.parametrize(
    ("nik", "day", "month", "year2", "sex"),
    [
        ("3502011201800001", 12, 1, 80, "L"),
        # Women: day + 40.
        ("3502015201800001", 12, 1, 80, "P"),
        ("3203014107950002", 1, 7, 95, "P"),
        ("32.03.01.310199.0003", 31, 1, 99, "L"),
    ],
)
def test_nik_facts_decode_birth_date_and_sex(nik, day, month, year2, sex):
    facts = nik_facts(nik)
    assert facts is not None
    assert (facts.day, facts.month, facts.year2, facts.sex) == (day, month, year2, sex)
    assert len(facts.nik) == 16


@pytest.mark.parametrize("nik", ["", "123", "3502013202800001", "9902011201800001", "3502011201800000"])
def test_invalid_niks_have_no_facts(nik):
    assert nik_facts(nik) is None


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("0812", None),
        ("", None),
    ],
)
def test_phone_key(written, e164):
    assert phone_key(written) == e164


JOKO = Person(
    "H. Djoko Soesilo", aliases=("Pak Joko",), birth_date=dt.date(1980, 1, 12), nik="3502011201800001"
)


@pytest.mark.parametrize(
    ("query", "score_", "reasons"),
    [
        (Person("Joko Susilo"), 1.0, ("name:1.00",)),
        (Person("Joko Susilo", birth_date=dt.date(1980, 1, 12)), 1.0, ("name:1.00", "birth_date:match")),
        # A conflicting birth date pulls a perfect name below the default threshold (0.75).
        (Person("Joko Susilo", birth_date=dt.date(1975, 6, 3)), 0.7, ("name:1.00", "birth_date:conflict")),
        # A typo in the date is not a conflict.
        (Person("Joko Susilo", birth_date=dt.date(1980, 1, 13)), 1.0, ("name:1.00", "birth_date:near")),
        (Person("Joko Susilo", birth_date=dt.date(1980, 12, 1)), 1.0, ("name:1.00", "birth_date:near")),
        # The same NIK under another name is a strong match.
        # (the query has no birth date, so its NIK's 12-01-80 is compared with the candidate's too).
        (Person("Slamet", nik="3502011201800001"), 0.95, ("name:0.00", "nik_birth_date:match", "nik:match")),
        (
            Person("Joko Susilo", nik="3502011201800001"),
            1.0,
            ("name:1.00", "nik_birth_date:match", "nik:match"),
        ),
    ],
)
def test_score_with_evidence(query, score_, reasons):
    result = score(query, JOKO)
    assert result.score == score_
    assert result.reasons == reasons


def test_nik_birth_date_is_compared_with_the_other_birth_date():
    candidate = Person("Siti Aminah", birth_date=dt.date(1990, 5, 3))

    same = score(Person("Siti Aminah Lestari", nik="3502014305900002"), candidate)
    other = score(Person("Siti Aminah", nik="3502014306900002"), candidate)

    assert same.reasons == ("name:0.70", "nik_birth_date:match")
    assert same.name_score == 0.696
    assert same.score == round(0.696 + 0.35 * (1 - 0.696), 3)
    assert other.reasons == ("name:1.00", "nik_birth_date:conflict")
    assert other.score == 0.7


def test_two_niks_for_one_birth_date_differ_mildly_and_for_another_conflict():
    candidate = Person("Budi Santoso", nik="3502011201800001")

    moved = score(Person("Budi Santoso", nik="3201011201800007"), candidate)
    other = score(Person("Budi Santoso", nik="3502011301800001"), candidate)

    assert (moved.score, moved.reasons) == (0.9, ("name:1.00", "nik:differs"))
    assert (other.score, other.reasons) == (0.7, ("name:1.00", "nik:conflict"))


def test_sex_from_a_nik_conflicts_with_a_stated_sex():
    woman = Person("Nur Hayati", nik="3502014305900002")

    result = score(Person("Nurhayati", sex="L"), woman)

    assert (result.score, result.reasons) == (0.8, ("name:1.00", "sex:conflict"))
    assert score(Person("Nurhayati", sex="P"), woman).score == 1.0


def test_a_shared_phone_raises_the_score_and_links_other_names():
    candidate = Person("Slamet Widodo", phones=("0812-3456-7890",))

    same_name = score(Person("Slamet Widodo", phones=("+62 812 3456 7890",)), candidate)
    other_name = score(Person("Bambang", phones=("6281234567890",)), candidate)

    assert same_name.reasons == ("name:1.00", "phone:match")
    assert same_name.score == 1.0
    assert other_name.reasons == ("name:0.00", "phone:match")
    assert other_name.score == 0.8


def test_alias_matches_are_marked():
    result = score(Person("Pak Djoko Soesilo"), Person("Joko Susilo", aliases=("Joko Kumis",)))
    assert result.reasons == ("name:1.00",)
    result = score(Person("Joko Kumis"), Person("Slamet Widodo", aliases=("Joko Kumis",)))
    assert result.reasons == ("name:1.00", "via:alias")
    assert result.matched_name == "Joko Kumis"


def test_patronymic_conflict_is_a_reason():
    result = score(Person("Ahmad bin Ali"), Person("Ahmad bin Yusuf"))
    assert "patronymic:conflict" in result.reasons


def test_rank_keeps_scores_at_or_above_the_threshold_best_first():
    candidates = [
        ("a", Person("Budi Santoso")),
        ("b", Person("Budi Susanto")),
        ("c", Person("Budi Santosa")),
        ("d", Person("Santoso Budi")),
    ]

    ranked = rank(Person("Budi Santoso"), candidates, threshold=0.8, limit=10)

    assert [(key, result.score) for key, result in ranked] == [("a", 1.0), ("d", 1.0), ("c", 0.891)]
    assert [key for key, _ in rank(Person("Budi Santoso"), candidates, threshold=0.8, limit=1)] == ["a"]


def test_person_accepts_lists_and_drops_blanks():
    person = Person("Budi", aliases=["", "Pak Budi"], phones=["", "0812"], sex="m")  # type: ignore[arg-type]
    assert person.aliases == ("Pak Budi",)
    assert person.phones == ("0812",)
    assert person.sex == "L"
    assert names_of(Person("Budi Santoso", aliases=("Santoso Budi", "Pak Budi"))) == ["budi santoso", "budi"]
