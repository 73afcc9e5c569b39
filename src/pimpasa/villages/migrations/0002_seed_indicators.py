"""Seed the indicators named in the program's mapping criteria and the first weight set."""

from django.db import migrations

INDICATORS = [
    # code, name_id, name_en, unit, direction, level, source, weight
    ("poverty_rate", "Persentase penduduk miskin", "Poverty rate", "percent", "higher_more", 2, "BPS", 15),
    (
        "education_low",
        "Penduduk berpendidikan maksimal SMP",
        "Share with education up to SMP",
        "percent",
        "higher_more",
        3,
        "BPS / Dukcapil",
        10,
    ),
    (
        "migrant_workers",
        "Penempatan PMI per 1.000 penduduk",
        "Migrant-worker placements per 1,000 residents",
        "per_thousand",
        "higher_more",
        4,
        "BP2MI / SISKOP2MI",
        20,
    ),
    (
        "returned_migrants",
        "PMI dipulangkan/dideportasi",
        "Returned or deported migrant workers",
        "count",
        "higher_more",
        4,
        "BP3MI",
        10,
    ),
    (
        "unemployment_rate",
        "Tingkat pengangguran terbuka",
        "Unemployment rate",
        "percent",
        "higher_more",
        2,
        "BPS Sakernas",
        10,
    ),
    (
        "young_adults",
        "Penduduk usia 20–45 tahun",
        "Share aged 20–45",
        "percent",
        "higher_more",
        3,
        "Dukcapil",
        5,
    ),
    (
        "border_coast",
        "Wilayah perbatasan darat/laut atau pesisir",
        "Land/sea border or coast",
        "flag",
        "higher_more",
        4,
        "BIG / Kemendagri",
        10,
    ),
    (
        "distance_office",
        "Jarak ke kantor imigrasi atau LTSA terdekat",
        "Distance to the nearest immigration office or LTSA",
        "km",
        "higher_more",
        4,
        "Ditjen Imigrasi",
        5,
    ),
    (
        "tppo_cases_3y",
        "Kasus TPPO 3 tahun terakhir",
        "TPPO cases in the last 3 years",
        "count",
        "higher_more",
        4,
        "Polri / Ditjen Imigrasi",
        10,
    ),
    (
        "passport_postponements",
        "Penundaan paspor per 1.000 penduduk",
        "Passport postponements per 1,000 residents",
        "per_thousand",
        "higher_more",
        4,
        "Ditjen Imigrasi (SIMKIM)",
        5,
    ),
]

DESCRIPTIONS = {
    "poverty_rate": "Share of residents below the poverty line.",
    "education_low": "Share of residents aged 15+ whose highest schooling is SMP (junior secondary) or less.",
    "migrant_workers": "Migrant-worker placements or households with a worker abroad per 1,000 residents ('kantong PMI').",
    "returned_migrants": "Migrant workers returned or deported to the village, a sign of non-procedural departures.",
    "unemployment_rate": "Open unemployment rate.",
    "young_adults": "Share of residents aged 20 to 45, the age most recruited.",
    "border_coast": "1 when the village lies on a land or sea border or on the coast, else 0.",
    "distance_office": "Road distance to the nearest immigration office or LTSA: far means poor access to information.",
    "tppo_cases_3y": "Trafficking (TPPO) cases with a victim or suspect from the village in the last three years.",
    "passport_postponements": "Passport issuances postponed for suspected non-procedural migrant work, per 1,000 residents.",
}


def seed(apps, schema_editor):
    Indicator = apps.get_model("villages", "Indicator")
    WeightSet = apps.get_model("villages", "WeightSet")
    Weight = apps.get_model("villages", "Weight")
    weight_set, _ = WeightSet.objects.get_or_create(
        version=1,
        defaults={
            "note": "Initial weights from the program's mapping criteria.",
            "comparison": "national",
            "band_cuts": [25.0, 50.0, 75.0],
        },
    )
    for code, name_id, name_en, unit, direction, level, source, weight in INDICATORS:
        indicator, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "unit": unit,
                "direction": direction,
                "level": level,
                "source": source,
                "description": DESCRIPTIONS[code],
            },
        )
        Weight.objects.get_or_create(weight_set=weight_set, indicator=indicator, defaults={"weight": weight})


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
