from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Enable the extensions name search relies on (both ship with PostgreSQL contrib)."""

    initial = True
    dependencies: list = []
    operations = [TrigramExtension(), UnaccentExtension()]
