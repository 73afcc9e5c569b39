"""Name search (an immutable ``regions_fold(text)`` and a trigram index); drop a duplicate code index.

``unaccent`` is only STABLE (its dictionary is looked up through ``search_path``),
so it cannot build an index. The wrapper names the extension's schema and
dictionary explicitly, which makes it safe to declare IMMUTABLE.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.indexes import OpClass
from django.db import migrations
from django.db.models import F

import pimpasa.regions.models


def create_fold_function(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the unaccent extension is missing (core migration 0001 creates it)")
    schema = schema_editor.quote_name(row[0])
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION regions_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$
        """
    )


def drop_fold_function(apps, schema_editor):
    schema_editor.execute("DROP FUNCTION IF EXISTS regions_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_extensions"),
        ("regions", "0001_initial"),
    ]

    operations = [
        # Duplicates the varchar_pattern_ops index Django already creates for the primary key.
        migrations.RemoveIndex(model_name="region", name="region_code_pattern"),
        migrations.RunPython(create_fold_function, drop_fold_function),
        migrations.AddIndex(
            model_name="region",
            index=django.contrib.postgres.indexes.GinIndex(
                OpClass(pimpasa.regions.models.Fold(F("name")), name="gin_trgm_ops"),
                name="region_name_trgm",
            ),
        ),
    ]
