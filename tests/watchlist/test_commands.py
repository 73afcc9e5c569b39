"""``pimpasa watchlist import`` and ``pimpasa watchlist search``: the command-line contract."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.watchlist.helpers import HEADER, entries, events_of, write

pytestmark = pytest.mark.usefixtures("english")

GOOD = (
    HEADER
    + "WL-001,person,H. Moch. Djoko Soesilo,Pak Joko;Joko Kumis,1980-01-12,3502011201800001,0812-3456-7890\n"
    + "WL-002,person,Siti Nurhayati binti Abdullah,Nur Hayati,1990-05-03,,+62 857 1234 5678\n"
    + "WL-003,organization,PT Maju Djaja Abadi,Maju Jaya,,,0813-1111-2222\n"
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("watchlist", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_creates_the_entries_of_a_good_file(tmp_path):
    output = run("import", write(tmp_path, GOOD))

    assert output.strip().endswith("3 rows: 3 created, 0 updated, 0 unchanged.")
    assert entries() == [
        (
            "WL-001",
            "person",
            "H. Moch. Djoko Soesilo",
            ["Pak Joko", "Joko Kumis"],
            dt.date(1980, 1, 12),
            "3502011201800001",
            ["+6281234567890"],
        ),
        (
            "WL-002",
            "person",
            "Siti Nurhayati binti Abdullah",
            ["Nur Hayati"],
            dt.date(1990, 5, 3),
            "",
            ["+6285712345678"],
        ),
        ("WL-003", "organization", "PT Maju Djaja Abadi", ["Maju Jaya"], None, "", ["+6281311112222"]),
    ]
    from pimpasa.watchlist.models import WatchlistEntry, WatchlistImport

    joko = WatchlistEntry.objects.get(ref="WL-001")
    assert joko.sex == "L"
    assert joko.unit is None
    assert sorted(joko.name_keys.values_list("key", flat=True)) == [
        "joko",
        "joko kumis",
        "joko muhammad susilo",
    ]
    batch = WatchlistImport.objects.get()
    assert (batch.rows, batch.created, batch.updated, batch.created_by) == (3, 3, 0, None)
    (event,) = events_of("watchlist.imported")
    assert event.actor_label == "system"
    assert event.data == {
        "file": write(tmp_path, GOOD),
        "rows": 3,
        "created": ["WL-001", "WL-002", "WL-003"],
        "updated": [],
    }


@pytest.mark.django_db
def test_reimport_updates_known_refs_and_keeps_status_reason_and_owner(tmp_path, org):
    from pimpasa.watchlist import services
    from pimpasa.watchlist.models import Status, WatchlistEntry

    run("import", write(tmp_path, GOOD))
    joko = WatchlistEntry.objects.get(ref="WL-001")
    services.entry_update(actor=None, entry=joko, reason="Sponsor in Ponorogo.", unit=org.units["ponorogo"])
    services.entry_set_status(actor=None, entry=joko, status=Status.INACTIVE, reason="Arrested.")
    changed = (
        HEADER
        + "WL-001,person,Djoko Soesilo,Pak Djoko,1980-01-12,3502011201800001,0812-3456-7890\n"
        + "WL-002,person,Siti Nurhayati binti Abdullah,Nur Hayati,1990-05-03,,+62 857 1234 5678\n"
        + "WL-004,person,Slamet Riyadi,,,,\n"
    )

    output = run("import", write(tmp_path, changed, "second.csv"))

    assert output.strip().endswith("3 rows: 1 created, 1 updated, 1 unchanged.")
    joko.refresh_from_db()
    assert (joko.full_name, joko.aliases, joko.status, joko.reason, joko.unit) == (
        "Djoko Soesilo",
        ["Pak Djoko"],
        Status.INACTIVE,
        "Sponsor in Ponorogo.",
        org.units["ponorogo"],
    )
    assert sorted(joko.name_keys.values_list("key", flat=True)) == ["joko", "joko susilo"]
    assert [e[0] for e in entries()] == ["WL-001", "WL-002", "WL-003", "WL-004"]
    # The change is in the database history too.
    assert joko.events.filter(pgh_label="update").count() == 3


@pytest.mark.django_db
def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(tmp_path):
    bad = GOOD + "WL-004,person,Budi Santoso,,1980-02-30,,\n"

    with pytest.raises(CommandError) as raised:
        run("import", write(tmp_path, bad))

    assert str(raised.value).splitlines() == [
        f"{write(tmp_path, bad)} was rejected (1 problem); nothing was changed.",
        "  row 4 (line 5), birth_date: “1980-02-30” is not a date in the form YYYY-MM-DD",
    ]
    assert entries() == []
    assert events_of("watchlist.imported") == []


@pytest.mark.django_db(transaction=True)
def test_the_pimpasa_command_exits_1_with_the_reasons_on_stderr(tmp_path, capsys):
    from pimpasa.cli import main

    bad = write(tmp_path, HEADER + "WL-001,person,Budi,,,1234,\nWL-002,company,Rina,,,,\n")

    with pytest.raises(SystemExit) as exited:
        main(["watchlist", "import", bad])

    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "row 1 (line 2), nik: a NIK has 16 digits" in captured.err
    assert "row 2 (line 3), kind: must be person or organization, not “company”" in captured.err
    assert entries() == []


@pytest.mark.django_db
def test_import_refuses_a_missing_file_and_an_unknown_unit(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run("import", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="No unit with the code kanim-nowhere"):
        run("import", write(tmp_path, GOOD), "--unit", "kanim-nowhere")


@pytest.mark.django_db
def test_import_can_give_new_entries_to_an_office(tmp_path, org):
    run("import", write(tmp_path, GOOD), "--unit", "kanim-ponorogo")

    from pimpasa.watchlist.models import WatchlistEntry

    assert set(WatchlistEntry.objects.values_list("unit__code", flat=True)) == {"kanim-ponorogo"}


@pytest.fixture
def loaded(tmp_path, db):
    run("import", write(tmp_path, GOOD))


def test_search_prints_exactly_the_contract_shape(loaded):
    output = run("search", "--name", "Joko Susilo", "--birth-date", "1980-01-12", "--json")

    assert output.count("\n") == 1
    assert json.loads(output) == {
        "matches": [
            {
                "ref": "WL-001",
                "full_name": "H. Moch. Djoko Soesilo",
                # "Muhammad" is missing: it weighs little.
                "score": 0.941,
                "reasons": ["name:0.91", "birth_date:match"],
            }
        ]
    }
    assert list(json.loads(output)["matches"][0]) == ["ref", "full_name", "score", "reasons"]


def test_search_uses_nik_and_phone_and_spelling_variants(loaded):
    by_phone = json.loads(run("search", "--name", "Slamet", "--phone", "+62 812 3456 7890", "--json"))
    by_nik = json.loads(run("search", "--name", "Slamet", "--nik", "3502011201800001", "--json"))
    variant = json.loads(run("search", "--name", "Nurhayati", "--json"))

    assert by_phone == {
        "matches": [
            {
                "ref": "WL-001",
                "full_name": "H. Moch. Djoko Soesilo",
                "score": 0.8,
                "reasons": ["name:0.00", "phone:match"],
            }
        ]
    }
    assert by_nik["matches"][0]["ref"] == "WL-001"
    assert by_nik["matches"][0]["reasons"] == ["name:0.00", "nik_birth_date:match", "nik:match"]
    assert [m["ref"] for m in variant["matches"]] == ["WL-002"]


def test_search_shows_only_matches_at_or_above_the_threshold_best_first(loaded):
    from pimpasa.watchlist import services

    # A conflicting birth date pulls the name below the default threshold of 0.75.
    assert json.loads(run("search", "--name", "Joko Susilo", "--birth-date", "1975-06-03", "--json")) == {
        "matches": []
    }
    services.settings_update(actor=None, match_threshold="0.6")
    found = json.loads(run("search", "--name", "Joko Susilo", "--birth-date", "1975-06-03", "--json"))
    assert found["matches"][0]["score"] == 0.609
    assert found["matches"][0]["reasons"] == ["name:0.91", "birth_date:conflict"]


def test_search_limit_keeps_the_best(loaded, tmp_path):
    more = HEADER + "".join(f"WL-1{i},person,Joko Susilo,,,,\n" for i in range(5))
    run("import", write(tmp_path, more, "more.csv"))

    output = json.loads(run("search", "--name", "Joko Susilo", "--limit", "3", "--json"))

    assert len(output["matches"]) == 3
    assert all(m["score"] == 1.0 for m in output["matches"])


def test_search_from_a_file_prints_one_object_per_line(loaded, tmp_path):
    queries = write(
        tmp_path,
        "qid,full_name,birth_date,nik,phone\nq1,Joko Kumis,,,\nq2,Ahmad Fauzi,,,\nq3,,,,0813 1111 2222\n",
        "queries.csv",
    )

    lines = run("search", "--file", queries, "--limit", "5", "--json").splitlines()

    assert [json.loads(line) for line in lines] == [
        {
            "qid": "q1",
            "matches": [
                {
                    "ref": "WL-001",
                    "full_name": "H. Moch. Djoko Soesilo",
                    "score": 1.0,
                    "reasons": ["name:1.00", "via:alias"],
                }
            ],
        },
        {"qid": "q2", "matches": []},
        {
            "qid": "q3",
            "matches": [
                {
                    "ref": "WL-003",
                    "full_name": "PT Maju Djaja Abadi",
                    "score": 0.8,
                    "reasons": ["name:0.00", "phone:match"],
                }
            ],
        },
    ]
    assert list(json.loads(lines[0])) == ["qid", "matches"]


def test_search_refuses_bad_input(loaded, tmp_path):
    with pytest.raises(CommandError, match="--nik: a NIK has 16 digits"):
        run("search", "--name", "Budi", "--nik", "123", "--json")
    with pytest.raises(CommandError, match="--birth-date: “12-01-1980” is not a date"):
        run("search", "--name", "Budi", "--birth-date", "12-01-1980", "--json")
    with pytest.raises(CommandError, match="--limit must be between 1 and 100"):
        run("search", "--name", "Budi", "--limit", "0", "--json")
    bad = write(tmp_path, "qid,full_name,birth_date,nik,phone\nq1,Budi,1980-02-30,,\n", "bad.csv")
    with pytest.raises(CommandError, match=r"row 1 \(line 2\), birth_date"):
        run("search", "--file", bad, "--json")


def test_search_sees_inactive_entries_no_more(loaded):
    from pimpasa.watchlist import services
    from pimpasa.watchlist.models import Status, WatchlistEntry

    services.entry_set_status(
        actor=None, entry=WatchlistEntry.objects.get(ref="WL-001"), status=Status.INACTIVE, reason="Died."
    )

    assert json.loads(run("search", "--name", "Joko Susilo", "--json")) == {"matches": []}
