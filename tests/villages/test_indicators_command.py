"""``pimpasa indicators import``: output, the row report, exit status, and the audited command context."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pimpasa.villages.models import ImportBatch, Indicator
from tests.villages.test_indicators_support import (
    KAB,
    KEC,
    V1,
    counts,
    english,  # noqa: F401 - fixture
    history_model,
    stored,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("english")

NOTHING = {"values": 0, "history": 0, "batches": 0, "events": 0}


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_a_wide_csv_is_imported_and_summarised(regions, tmp_path):
    path = write_csv(tmp_path, f"code,poverty_rate,education_low\n{KAB},11.5,\n{KEC},,48.25\n")

    output = run("import", str(path), "--source", "BPS 2024", "--period", "2024")

    batch = ImportBatch.objects.get()
    lines = output.splitlines()
    assert lines[0].startswith(f"{path} (wide form): 2 rows, 2 values — 2 created, 0 updated, 0 unchanged (")
    assert lines[1] == (
        f"Import {batch.pk}: source “BPS 2024”, period 2024, indicators education_low, poverty_rate."
    )
    assert stored() == {
        ("poverty_rate", KAB, 2024): (11.5, "BPS 2024"),
        ("education_low", KEC, 2024): (48.25, "BPS 2024"),
    }
    assert batch.imported_by_label == "system"
    # The command's name reaches the history context (AuditedCommand).
    event = history_model().objects.select_related("pgh_context").first()
    assert event.pgh_context.metadata["command"] == "indicators"


@pytest.mark.django_db
def test_an_xlsx_long_file_is_imported_and_a_second_run_changes_nothing(regions, tmp_path):
    path = write_xlsx(tmp_path, [["code", "indicator", "value"], [V1, "distance_office", 12.5]])

    run("import", str(path), "--source", "Ditjen Imigrasi", "--period", "2025")
    again = run("import", str(path), "--source", "Ditjen Imigrasi", "--period", "2025")

    assert "(long form): 1 rows, 1 values — 0 created, 0 updated, 1 unchanged" in again
    assert stored() == {("distance_office", V1, 2025): (12.5, "Ditjen Imigrasi")}


@pytest.mark.django_db
def test_a_rejected_file_lists_its_problems_writes_the_report_and_nothing_else(regions, tmp_path):
    path = write_csv(
        tmp_path,
        f"code,indicator,value\n{KAB},poverty_rate,120\n35.99,poverty_rate,1\n{KAB},poverty_rate,5\n",
        name="bad.csv",
    )
    report = tmp_path / "problems.csv"

    with pytest.raises(CommandError) as raised:
        run("import", str(path), "--source", "BPS", "--period", "2024", "--report", str(report))

    assert raised.value.returncode == 1
    assert str(raised.value).splitlines() == [
        "bad.csv was rejected (3 problems); nothing was written.",
        "  row 2, value “120”: a percentage must lie between 0 and 100",
        "  row 3, code “35.99”: unknown region code",
        f"  row 4, code, indicator “{KAB} poverty_rate”: the same region and indicator as row 2",
        f"Every problem is listed in {report}.",
    ]
    with report.open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["row", "column", "value", "reason"],
            ["2", "value", "120", "a percentage must lie between 0 and 100"],
            ["3", "code", "35.99", "unknown region code"],
            ["4", "code, indicator", f"{KAB} poverty_rate", "the same region and indicator as row 2"],
        ]
    assert counts() == NOTHING


@pytest.mark.django_db
def test_only_the_first_50_problems_are_printed(regions, tmp_path):
    rows = "".join(f"35.99.{i:02d},poverty_rate,1\n" for i in range(1, 61))
    path = write_csv(tmp_path, "code,indicator,value\n" + rows)

    with pytest.raises(CommandError) as raised:
        run("import", str(path), "--source", "BPS", "--period", "2024")

    lines = str(raised.value).splitlines()
    assert len(lines) == 52
    assert lines[-1] == "  … and 10 more."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", " ", "--period", "2024"], "The import was not started: check the source and period."),
        (["--source", "BPS", "--period", "3024"], "The import was not started: check the source and period."),
    ],
)
def test_bad_arguments_are_refused(regions, tmp_path, args, message):
    path = write_csv(tmp_path, f"code,poverty_rate\n{KAB},1\n")

    with pytest.raises(CommandError, match=message):
        run("import", str(path), *args)

    assert counts() == NOTHING


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.csv does not exist"):
        run("import", str(tmp_path / "missing.csv"), "--source", "BPS", "--period", "2024")


@pytest.mark.django_db(transaction=True)
def test_the_pimpasa_command_exits_1_with_the_reasons_on_stderr(regions, tmp_path, capsys):
    from pimpasa.cli import main

    # Transactional tests may run after another one emptied the tables: make sure the indicator exists.
    Indicator.objects.get_or_create(
        code="poverty_rate",
        defaults={
            "name_id": "Kemiskinan",
            "name_en": "Poverty",
            "unit": "percent",
            "direction": "higher_more",
        },
    )
    path = write_csv(tmp_path, f"code,indicator,value\n{KAB},poverty_rate,101\n")

    with pytest.raises(SystemExit) as exited:
        main(["indicators", "import", str(path), "--source", "BPS", "--period", "2024", "--no-progress"])

    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "row 2, value “101”: a percentage must lie between 0 and 100" in captured.err
    assert counts() == NOTHING
