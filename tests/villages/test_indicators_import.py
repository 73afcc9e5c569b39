"""The import service: long and wide CSV, XLSX, re-imports with history, and whole-file rejection."""

from __future__ import annotations

import pytest

from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.core.models import TimelineEvent
from pimpasa.villages.importing import Table
from pimpasa.villages.models import ImportBatch
from pimpasa.villages.services.indicators import (
    IndicatorFileRejected,
    indicator_file_import,
    indicator_values_import,
)
from tests.villages.test_indicators_support import (
    KAB,
    KEC,
    V1,
    V2,
    counts,
    english,  # noqa: F401 - fixture
    history_of,
    stored,
    write_csv,
    write_xlsx,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "regions")]

LONG = f"code,indicator,value\n{KAB},poverty_rate,11.5\n{KEC},education_low,48\n{V1},border_coast,1\n"
WIDE = f"code,name,migrant_workers,tppo_cases_3y,border_coast\n{V1},Tugurejo,12.5,2,1\n{V2},Senepo,3,,0\n"
NOTHING = {"values": 0, "history": 0, "batches": 0, "events": 0}


def run(path, *, actor=None, source="BPS 2024", period=2024):
    with open(path, "rb") as stream:
        return indicator_file_import(
            actor=actor, stream=stream, file_name=path.name, source=source, period=period
        )


def test_a_long_csv_is_imported_as_one_batch_with_an_event(tmp_path, org):
    result = run(write_csv(tmp_path, LONG), actor=org.users["national"])

    assert stored() == {
        ("poverty_rate", KAB, 2024): (11.5, "BPS 2024"),
        ("education_low", KEC, 2024): (48.0, "BPS 2024"),
        ("border_coast", V1, 2024): (1.0, "BPS 2024"),
    }
    batch = result.batch
    assert (batch.source, batch.period, batch.file_name, batch.layout) == (
        "BPS 2024",
        2024,
        "values.csv",
        "long",
    )
    assert (batch.rows, batch.created, batch.updated) == (3, 3, 0)
    assert (batch.imported_by, batch.imported_by_label) == (org.users["national"], "national")
    assert set(batch.values.values_list("region_id", flat=True)) == {KAB, KEC, V1}
    event = TimelineEvent.objects.get(event_type="indicators.imported")
    assert (event.actor, event.target_type, event.target_id) == (
        org.users["national"],
        "villages.importbatch",
        str(batch.pk),
    )
    assert event.data == {
        "new": {
            "source": "BPS 2024",
            "period": 2024,
            "file_name": "values.csv",
            "layout": "long",
            "rows": 3,
            "values": 3,
            "created": 3,
            "updated": 0,
            "indicators": ["border_coast", "education_low", "poverty_rate"],
        }
    }
    assert history_of("poverty_rate", KAB, 2024) == [("insert", 11.5, "BPS 2024")]


def test_a_wide_csv_skips_empty_cells(tmp_path):
    result = run(write_csv(tmp_path, WIDE), source="BP2MI", period=2025)

    assert stored() == {
        ("migrant_workers", V1, 2025): (12.5, "BP2MI"),
        ("tppo_cases_3y", V1, 2025): (2.0, "BP2MI"),
        ("border_coast", V1, 2025): (1.0, "BP2MI"),
        ("migrant_workers", V2, 2025): (3.0, "BP2MI"),
        ("border_coast", V2, 2025): (0.0, "BP2MI"),
    }
    assert (result.layout, result.rows, result.values, result.created) == ("wide", 2, 5, 5)
    assert result.batch.imported_by_label == "system"


def test_an_xlsx_file_in_either_form_is_imported(tmp_path):
    long_path = write_xlsx(
        tmp_path,
        [["code", "indicator", "value"], [KAB, "unemployment_rate", 4.25], [V1, "returned_migrants", 3]],
    )
    wide_path = write_xlsx(
        tmp_path,
        [["Kode", "Nama", "young_adults"], [KEC, "Slahung", 41.5], [None, None, None]],
        name="wide.xlsx",
    )

    run(long_path)
    result = run(wide_path)

    assert stored() == {
        ("unemployment_rate", KAB, 2024): (4.25, "BPS 2024"),
        ("returned_migrants", V1, 2024): (3.0, "BPS 2024"),
        ("young_adults", KEC, 2024): (41.5, "BPS 2024"),
    }
    assert (result.layout, result.rows) == ("wide", 1)
    assert list(ImportBatch.objects.order_by("id").values_list("file_name", "layout")) == [
        ("values.xlsx", "long"),
        ("wide.xlsx", "wide"),
    ]


def test_a_reimport_updates_changed_values_keeps_history_and_leaves_the_rest(tmp_path):
    first = run(write_csv(tmp_path, LONG))
    changed = LONG.replace("11.5", "12").replace(
        f"{V1},border_coast,1", f"{V1},border_coast,1\n{V2},border_coast,0"
    )

    second = run(write_csv(tmp_path, changed, name="v2.csv"))

    assert (second.created, second.updated, second.unchanged) == (1, 1, 2)
    assert stored()[("poverty_rate", KAB, 2024)] == (12.0, "BPS 2024")
    assert history_of("poverty_rate", KAB, 2024) == [
        ("insert", 11.5, "BPS 2024"),
        ("update", 12.0, "BPS 2024"),
    ]
    assert history_of("education_low", KEC, 2024) == [("insert", 48.0, "BPS 2024")]
    values = {v.region_id: v.batch_id for v in second.batch.values.all()} | {
        v.region_id: v.batch_id for v in first.batch.values.all()
    }
    assert values == {KAB: second.batch.pk, V2: second.batch.pk, KEC: first.batch.pk, V1: first.batch.pk}


def test_a_new_source_for_the_same_value_is_an_update_and_another_period_a_new_value(tmp_path):
    path = write_csv(tmp_path, f"code,indicator,value\n{KAB},poverty_rate,11.5\n")
    run(path, source="BPS 2024")

    relabelled = run(path, source="BPS Susenas 2024")
    next_year = run(path, source="BPS 2025", period=2025)

    assert (relabelled.created, relabelled.updated) == (0, 1)
    assert (next_year.created, next_year.updated) == (1, 0)
    assert stored() == {
        ("poverty_rate", KAB, 2024): (11.5, "BPS Susenas 2024"),
        ("poverty_rate", KAB, 2025): (11.5, "BPS 2025"),
    }


def test_the_same_file_twice_writes_nothing_new(tmp_path):
    path = write_csv(tmp_path, WIDE)
    run(path)
    before = stored()

    again = run(path)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert stored() == before
    assert counts() == {"values": 5, "history": 5, "batches": 2, "events": 2}


def test_without_keeping_unchanged_imports_an_import_that_changes_nothing_leaves_no_trace():
    table = Table(header=["code", "indicator", "value"], rows=[(2, [KAB, "poverty_rate", "9"])])
    indicator_values_import(actor=None, table=table, source="DEMO", period=2025, keep_unchanged=False)
    before = counts()

    result = indicator_values_import(
        actor=None, table=table, source="DEMO", period=2025, keep_unchanged=False
    )

    assert result.batch is None
    assert counts() == before == {"values": 1, "history": 1, "batches": 1, "events": 1}


BAD_ROWS = [
    (f"{KAB},poverty_rate,12\n35.99.99,poverty_rate,1\n", "row 3, code “35.99.99”: unknown region code"),
    (f"{KAB},poverty_rate,12\n{KAB},gdp_growth,1\n", "row 3, indicator “gdp_growth”: unknown indicator code"),
    (
        f"{KAB},poverty_rate,12\n{KAB},unemployment_rate,n/a\n",
        "row 3, value “n/a”: not a number (use a dot for decimals, no separators)",
    ),
    (
        f"{KAB},poverty_rate,12\n{KEC},education_low,120\n",
        "row 3, value “120”: a percentage must lie between 0 and 100",
    ),
    (
        f"{KAB},poverty_rate,12\n{V1},border_coast,2\n",
        "row 3, value “2”: a yes/no indicator takes 1 (yes) or 0 (no)",
    ),
    (
        f"{KAB},poverty_rate,12\n{V1},returned_migrants,-1\n",
        "row 3, value “-1”: this indicator cannot be negative",
    ),
    (
        f"{KAB},poverty_rate,12\n{KAB},poverty_rate,13\n",
        f"row 3, code, indicator “{KAB} poverty_rate”: the same region and indicator as row 2",
    ),
    (
        f"{KAB},poverty_rate,12\n35,poverty_rate,13\n",
        "row 3, code “35”: a province: values are imported for kabupaten/kota, kecamatan or villages",
    ),
]


@pytest.mark.parametrize(("rows", "problem"), BAD_ROWS)
def test_one_bad_row_rejects_the_whole_file_naming_the_row(tmp_path, rows, problem):
    path = write_csv(tmp_path, "code,indicator,value\n" + rows)

    with pytest.raises(IndicatorFileRejected) as raised:
        run(path)

    assert raised.value.message == "values.csv was rejected (1 problem); nothing was written."
    assert [str(e) for e in raised.value.errors] == [problem]
    assert raised.value.details["error_count"] == 1
    assert counts() == NOTHING


def test_an_inactive_indicator_is_refused(tmp_path):
    from pimpasa.villages.models import Indicator

    Indicator.objects.filter(code="passport_postponements").update(active=False)
    path = write_csv(tmp_path, f"code,passport_postponements,poverty_rate\n{V1},1.5,\n{KAB},,10\n")

    with pytest.raises(IndicatorFileRejected) as raised:
        run(path)

    assert [str(e) for e in raised.value.errors] == [
        "row 1, passport_postponements “passport_postponements”: the indicator is inactive"
    ]
    assert counts() == NOTHING


def test_a_rejection_in_an_existing_dataset_changes_nothing(tmp_path):
    run(write_csv(tmp_path, LONG))
    before, values = counts(), stored()

    with pytest.raises(IndicatorFileRejected):
        run(
            write_csv(
                tmp_path, f"code,indicator,value\n{KAB},poverty_rate,1\n{KAB},poverty_rate,200\n", "b.csv"
            )
        )

    assert counts() == before
    assert stored() == values


def test_the_error_details_carry_the_first_200_problems_and_the_count(tmp_path):
    rows = "".join(f"35.99.{i:02d},poverty_rate,1\n" for i in range(1, 251))

    with pytest.raises(IndicatorFileRejected) as raised:
        run(write_csv(tmp_path, "code,indicator,value\n" + rows))

    assert len(raised.value.errors) == 250
    assert raised.value.details["error_count"] == 250
    assert len(raised.value.details["errors"]) == 200
    assert raised.value.details["errors"][0] == {
        "row": 2,
        "column": "code",
        "value": "35.99.01",
        "reason": "unknown region code",
    }


def test_an_unreadable_file_is_rejected_as_a_whole(tmp_path):
    path = tmp_path / "values.xlsx"
    path.write_bytes(b"plain text")

    with pytest.raises(IndicatorFileRejected) as raised:
        run(path)

    assert [str(e) for e in raised.value.errors] == ["file: the file is not an XLSX workbook"]
    assert counts() == NOTHING


@pytest.mark.parametrize(
    ("source", "period", "details"),
    [
        ("", 2024, {"source": ["Name the source of the values (for example “BPS Susenas 2024”)."]}),
        ("BPS", 1800, {"period": ["The period is a year between 1950 and 2100."]}),
    ],
)
def test_source_and_period_are_required(tmp_path, source, period, details):
    with pytest.raises(ValidationFailed) as raised:
        run(write_csv(tmp_path, LONG), source=source, period=period)

    assert raised.value.details == details
    assert counts() == NOTHING


@pytest.mark.parametrize("username", ["intel_ponorogo", "regional_jatim", "head_ponorogo", "admin"])
def test_only_national_users_import(tmp_path, org, username):
    with pytest.raises(PermissionDenied):
        run(write_csv(tmp_path, LONG), actor=org.users[username])

    assert counts() == NOTHING


def test_a_database_role_that_does_not_own_the_table_imports_with_the_same_history(tmp_path):
    import os

    from django.db import connection

    role = f"pimpasa_import_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the test database user may not create roles")
        # Rolled back with the test's transaction, like everything else here.
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")

    run(write_csv(tmp_path, LONG))
    run(write_csv(tmp_path, LONG.replace("11.5", "12"), name="v2.csv"))

    assert history_of("poverty_rate", KAB, 2024) == [
        ("insert", 11.5, "BPS 2024"),
        ("update", 12.0, "BPS 2024"),
    ]
    assert counts() == {"values": 3, "history": 4, "batches": 2, "events": 2}


def test_after_an_import_other_changes_are_tracked_by_the_history_triggers_again(tmp_path):
    from pimpasa.villages.models import IndicatorValue

    run(write_csv(tmp_path, LONG))

    IndicatorValue.objects.filter(indicator__code="poverty_rate", region_id=KAB).update(value=13)
    IndicatorValue.objects.filter(indicator__code="border_coast").delete()

    assert history_of("poverty_rate", KAB, 2024) == [
        ("insert", 11.5, "BPS 2024"),
        ("update", 13.0, "BPS 2024"),
    ]
    assert history_of("border_coast", V1, 2024) == [("insert", 1.0, "BPS 2024"), ("delete", 1.0, "BPS 2024")]
