import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


def build_index(apps, schema_editor):
    # Left to the last search migration (0007_search_display_words): the index reads
    # today's models, whose tables are not all in place at this point.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_unaccent_extension"),
        ("actors", "0001_initial"),
        ("circles", "0002_initial"),
        ("ideas", "0001_initial"),
        ("projects", "0001_initial"),
        ("roadmap", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.BigIntegerField()),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "entrée de l'index de recherche",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="search_entry_vector"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="search_entry_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(build_index, migrations.RunPython.noop),
    ]
