"""Checks of watchlist files and queries, before anything is written (pure: no database)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from pimpasa.watchlist.validation import EntryRecord, check_entries, check_queries

pytestmark = pytest.mark.usefixtures("english")


def table(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


HEADER = "ref,kind,full_name,aliases,birth_date,nik,phone\n"


def test_a_good_file_gives_clean_records():
    checked = check_entries(
        *table(
            HEADER
            + "WL-1,person,  Moch.  Djoko Soesilo ,Pak Joko; Joko Kumis;,1980-01-12,"
            + "3502011201800001,0812-3456-7890\n"
            + "WL-2,organization,PT Maju Djaja,,,,+62 813 1111 2222; 0813-1111-2222\n"
            + "\n"
            + "WL-3,PERSON,Siti Aminah,,,3502014305900002,\n"
        )
    )

    assert checked.errors == []
    assert checked.records == [
        EntryRecord(
            ref="WL-1",
            kind="person",
            full_name="Moch. Djoko Soesilo",
            aliases=("Pak Joko", "Joko Kumis"),
            birth_date=dt.date(1980, 1, 12),
            nik="3502011201800001",
            phones=("+6281234567890",),
            sex="L",
        ),
        EntryRecord("WL-2", "organization", "PT Maju Djaja", (), None, "", ("+6281311112222",), ""),
        # The sex comes from the NIK (day + 40: a woman).
        EntryRecord("WL-3", "person", "Siti Aminah", (), None, "3502014305900002", (), "P"),
    ]


def test_every_problem_is_named_with_row_and_column():
    checked = check_entries(
        *table(
            HEADER
            + "WL-1,person,Budi Santoso,,1980-01-12,,\n"
            + "WL 2,persn,,Pak;,1980-13-01,12345,0812\n"
            + "wl-1,person,Budi,,2990-01-01,3502011301800001,\n"
            + "WL-4,organization,PT X,,1980-01-12,3502011201800001,\n"
            + "WL-5,person,Rina,,1980-01-12,3502015201810001,\n"
            + "search,person,Rina,,,,\n"
            + "WL-7,person,Rina,,,9902011201800001,\n"
            + "WL-8,person\n"
        )
    )

    assert checked.records == [
        EntryRecord("WL-1", "person", "Budi Santoso", (), dt.date(1980, 1, 12), "", (), ""),
    ]
    assert [str(e) for e in checked.errors] == [
        "row 2 (line 3), ref: use at most 60 letters, digits, hyphens or underscores",
        "row 2 (line 3), kind: must be person or organization, not “persn”",
        "row 2 (line 3), full_name: a name is required",
        "row 2 (line 3), birth_date: “1980-13-01” is not a date in the form YYYY-MM-DD",
        "row 2 (line 3), nik: a NIK has 16 digits",
        "row 2 (line 3), phone: “0812” is not an Indonesian phone number",
        "row 3 (line 4), ref: repeats the reference of row 1",
        "row 3 (line 4), birth_date: 2990-01-01 is not a plausible birth date",
        "row 4 (line 5), birth_date: an organisation has no birth date",
        "row 4 (line 5), nik: an organisation has no NIK",
        "row 5 (line 6), nik: the NIK encodes the birth date 12-01-81, not 1980-01-12",
        "row 6 (line 7), ref: “search” is a reserved word",
        "row 7 (line 8), nik: not a valid NIK: its province code is unknown",
        "row 8 (line 9): 2 values for 7 columns",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "header: the file is empty"),
        (
            "ref,kind,full_name\nWL-1,person,Budi\n",
            "header: missing column(s): aliases, birth_date, nik, phone",
        ),
        (HEADER.strip() + ",note\n", "header: unknown column(s): note"),
        (HEADER, "header: the file has no rows"),
    ],
)
def test_header_problems(text, message):
    header, rows = table(text) if text else ([], [])
    assert [str(e) for e in check_entries(header, rows).errors] == [message]


def test_columns_may_come_in_any_order():
    checked = check_entries(*table("phone,nik,birth_date,aliases,full_name,kind,ref\n,,,,Budi,person,WL-1\n"))
    assert checked.errors == []
    assert checked.records[0].full_name == "Budi"


def test_query_files_need_a_name_a_nik_or_a_phone():
    checked = check_queries(
        *table(
            "qid,full_name,birth_date,nik,phone\n"
            "q1,Budi Santoso,1980-01-12,,\n"
            "q2,,,3502011201800001,\n"
            "q3,,,,\n"
            ",Budi,,,0812\n"
        )
    )

    assert [r.qid for r in checked.records] == ["q1", "q2"]
    assert [str(e) for e in checked.errors] == [
        "row 3 (line 4), full_name: give a name, a NIK or a phone number",
        "row 4 (line 5), qid: a query id is required",
        "row 4 (line 5), phone: “0812” is not an Indonesian phone number",
    ]
