"""``pimpasa regions import-centroids FILE --match-names [--skip-unresolved] [--report FILE]``."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pimpasa.regions.models import Region

HEADER = "code,name,latitude,longitude\n"
#: Ponorogo under BPS-like codes: the kabupaten is 35.02 and its kecamatan are numbered otherwise.
SHIFTED = (
    HEADER
    + "35,JAWA TIMUR,NULL,NULL\n"
    + "35.01,KABUPATEN PONOROGO,-7.86512,111.46960\n"
    + "35.01.01,NGRAYUN,-8.08889,111.45144\n"
    + "35.01.02,SLAHUNG,-8.0352,111.4138\n"
    + "35.01.03,SAWOO,-7.96,111.63\n"
)
RIGHT_POINTS = {
    "35.02": (Decimal("-7.865120"), Decimal("111.469600")),
    "35.02.01": (Decimal("-8.035200"), Decimal("111.413800")),
    "35.02.02": (Decimal("-8.088890"), Decimal("111.451440")),
    "35.02.05": (Decimal("-7.960000"), Decimal("111.630000")),
}
CODES = ["35.01", "35.01.01", "35.01.02", "35.02", "35.02.01", "35.02.02", "35.02.05"]


pytestmark = pytest.mark.usefixtures("english")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("regions", "import-centroids", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "centroids.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def points() -> dict[str, tuple]:
    rows = Region.objects.filter(code__in=CODES, latitude__isnull=False).values_list(
        "code", "latitude", "longitude"
    )
    return {code: (lat, lon) for code, lat, lon in rows}


def level_line(label: str, count: int) -> str:
    return f"  {label:<16} {count:>8}"


@pytest.mark.django_db
def test_by_default_a_file_with_shifted_codes_is_still_rejected(regions, tmp_path):
    path = write(tmp_path, SHIFTED)

    with pytest.raises(CommandError) as raised:
        run(path)

    lines = str(raised.value).splitlines()
    assert lines[0] == f"{path} was rejected (4 problems); nothing was changed."
    assert lines[1] == (
        "  row 2 (line 3), name: 'KABUPATEN PONOROGO' does not match 35.01 'Kabupaten Pacitan' "
        "in the region registry"
    )
    assert points() == {}


@pytest.mark.django_db
def test_match_names_loads_a_file_with_shifted_codes_under_the_right_codes(regions, tmp_path):
    path = write(tmp_path, SHIFTED)

    first, errors = run(path, "--match-names")
    second, _ = run(path, "--match-names")

    assert points() == RIGHT_POINTS
    assert first.splitlines() == [
        f"{path}: 5 rows resolved by name, 0 skipped; 4 regions updated, 1 unchanged.",
        "Resolved by level:",
        level_line("Provinsi", 1),
        level_line("Kabupaten/kota", 1),
        level_line("Kecamatan", 3),
    ]
    assert errors == ""
    assert (
        second.splitlines()[0]
        == f"{path}: 5 rows resolved by name, 0 skipped; 0 regions updated, 5 unchanged."
    )


@pytest.mark.django_db
def test_match_names_rejects_the_whole_file_when_one_row_is_unresolved(regions, tmp_path):
    path = write(tmp_path, SHIFTED + "35.01.04,ATLANTIS,-7.9,111.5\n")

    with pytest.raises(CommandError) as raised:
        run(path, "--match-names")

    assert str(raised.value).splitlines() == [
        f"{path} was rejected (1 problem); nothing was changed.",
        "  row 6 (line 7), name: 'ATLANTIS': no kecamatan in 35.02 Kabupaten Ponorogo is named so, "
        "and no kecamatan in 35 Jawa Timur bears that name",
    ]
    assert points() == {}


@pytest.mark.django_db
def test_skip_unresolved_writes_the_resolved_rows_and_lists_the_rest_on_stderr(regions, tmp_path):
    path = write(
        tmp_path,
        SHIFTED
        + "35.01.04,ATLANTIS,-7.9,111.5\n"
        + "35.01.05,SAMBIT,7.9,111.5\n"
        + "35.01.06,SLAHUNG,-8.0,111.4\n",
    )

    out, errors = run(path, "--match-names", "--skip-unresolved")

    expected = dict(RIGHT_POINTS)
    del expected["35.02.01"]  # two rows claim Slahung: neither is believed
    assert points() == expected
    assert out.splitlines() == [
        f"{path}: 4 rows resolved by name, 4 skipped; 3 regions updated, 1 unchanged.",
        "Resolved by level:",
        level_line("Provinsi", 1),
        level_line("Kabupaten/kota", 1),
        level_line("Kecamatan", 2),
        "Skipped by reason:",
        f"  {'another row resolves to the same region':<40} {2:>8}",
        f"  {'no region of that name':<40} {1:>8}",
        f"  {'bad coordinates':<40} {1:>8}",
    ]
    assert errors.splitlines() == [
        "Skipped rows:",
        "  row 4 (line 5), 35.01.02 'SLAHUNG': name: rows 4, 8 all resolve to 35.02.01 Slahung",
        "  row 6 (line 7), 35.01.04 'ATLANTIS': name: 'ATLANTIS': no kecamatan in 35.02 Kabupaten Ponorogo "
        "is named so, and no kecamatan in 35 Jawa Timur bears that name",
        "  row 7 (line 8), 35.01.05 'SAMBIT': latitude: 7.9 lies outside Indonesia (-11.5 to 6.5)",
        "  row 8 (line 9), 35.01.06 'SLAHUNG': name: rows 4, 8 all resolve to 35.02.01 Slahung",
    ]


@pytest.mark.django_db
def test_skip_unresolved_with_a_report_writes_the_skipped_rows_as_csv(regions, tmp_path):
    path = write(tmp_path, SHIFTED + "35.01.04,ATLANTIS,-7.9,111.5\n")
    report = tmp_path / "skipped.csv"

    out, errors = run(path, "--match-names", "--skip-unresolved", "--report", str(report))

    assert points() == RIGHT_POINTS
    assert report.read_text(encoding="utf-8").splitlines() == [
        "row,code,name,reason",
        "6,35.01.04,ATLANTIS,\"name: 'ATLANTIS': no kecamatan in 35.02 Kabupaten Ponorogo is named so, "
        'and no kecamatan in 35 Jawa Timur bears that name"',
    ]
    assert out.splitlines()[-1] == f"The skipped rows and why: {report}"
    assert errors == ""


@pytest.mark.django_db
def test_a_bad_header_rejects_the_file_even_when_skipping(regions, tmp_path):
    path = write(tmp_path, "code,name,latitude\n35.01,KABUPATEN PONOROGO,-7.8\n")

    with pytest.raises(CommandError, match=r"header: missing column\(s\): longitude"):
        run(path, "--match-names", "--skip-unresolved")
    assert points() == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--skip-unresolved"], "--skip-unresolved and --report need --match-names."),
        (["--match-names", "--report", "r.csv"], "--report needs --skip-unresolved."),
        (
            ["--match-names", "--no-name-check"],
            "argument --no-name-check: not allowed with argument --match-names",
        ),
        (
            ["--match-names", "--skip-unresolved", "--report", "absent-dir/r.csv"],
            "The report cannot be written: absent-dir/r.csv is in no directory.",
        ),
    ],
)
def test_options_that_do_not_go_together_are_refused(regions, tmp_path, args, message):
    path = write(tmp_path, SHIFTED)

    with pytest.raises(CommandError) as raised:
        run(path, *args)

    assert message in str(raised.value)
    assert points() == {}


@pytest.mark.django_db(transaction=True)
def test_the_pimpasa_command_exits_non_zero_when_strict_matching_fails(regions, tmp_path, capsys):
    from pimpasa.cli import main

    path = write(tmp_path, SHIFTED + "35.01.04,ATLANTIS,-7.9,111.5\n")

    with pytest.raises(SystemExit) as exited:
        main(["regions", "import-centroids", path, "--match-names"])

    assert exited.value.code == 1
    assert "row 6 (line 7), name: 'ATLANTIS'" in capsys.readouterr().err
    assert points() == {}
