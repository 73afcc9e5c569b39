"""Seed the one row of watchlist settings: configuration is data, editable by national staff."""

from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    settings_model = apps.get_model("watchlist", "WatchlistSettings")
    settings_model.objects.get_or_create(id=1, defaults={"match_threshold": Decimal("0.75")})


class Migration(migrations.Migration):
    dependencies = [("watchlist", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
