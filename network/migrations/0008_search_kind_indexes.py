# One GIN index per searched kind instead of one for all (network.models.SEARCH_KINDS).

import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_search_display_words"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="searchentry",
            name="search_entry_vector",
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "organisations")),
                fields=["vector"],
                name="search_entry_organisations",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "projects")),
                fields=["vector"],
                name="search_entry_projects",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "ideas")), fields=["vector"], name="search_entry_ideas"
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "circles")),
                fields=["vector"],
                name="search_entry_circles",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "meetings")),
                fields=["vector"],
                name="search_entry_meetings",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "milestones")),
                fields=["vector"],
                name="search_entry_milestones",
            ),
        ),
    ]
