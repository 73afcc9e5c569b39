"""Seed the report categories and the SLA policies (LAPOR!-style: verify in 3, act in 5 working days)."""

from django.db import migrations

CATEGORIES = [
    # code, name_id, name_en, public
    (
        "illegal_recruitment",
        "Perekrutan ilegal oleh calo/sponsor",
        "Illegal recruitment by a calo or sponsor",
        True,
    ),
    ("planned_departure", "Rencana keberangkatan nonprosedural", "Planned irregular departure", True),
    ("victim_returnee", "Korban atau PMI yang dipulangkan", "Victim or returnee", True),
    ("suspicious_foreigner", "Orang asing mencurigakan", "Suspicious foreigner", True),
    ("document_fraud", "Pemalsuan dokumen", "Document fraud", True),
    ("smuggling_route", "Jalur penyelundupan orang", "Smuggling route", True),
    ("online_scam", "Lowongan kerja penipuan daring (online scam)", "Online-scam recruitment", True),
    ("question", "Pertanyaan/konsultasi", "Question or consultation", True),
    ("other", "Lainnya", "Other", True),
]

# category code or None, urgency or "", verify days, action days, verify hours, action hours
POLICIES = [
    (None, "", 3, 5, None, None),
    (None, "high", 1, 3, None, None),
    (None, "critical", None, None, 4, 24),
]


def seed(apps, schema_editor):
    Category = apps.get_model("reports", "Category")
    SlaPolicy = apps.get_model("reports", "SlaPolicy")
    for order, (code, name_id, name_en, public) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "public": public, "order": order}
        )
    for category, urgency, verify_days, action_days, verify_hours, action_hours in POLICIES:
        SlaPolicy.objects.get_or_create(
            category=Category.objects.get(code=category) if category else None,
            urgency=urgency,
            defaults={
                "verify_working_days": verify_days,
                "action_working_days": action_days,
                "verify_hours": verify_hours,
                "action_hours": action_hours,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
