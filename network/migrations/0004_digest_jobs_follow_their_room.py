"""The digest job moved with its room (network.digests -> network.following.digests): jobs
queued or failed under the old name run under the new one instead of failing to import."""

from django.db import migrations

OLD = "network.digests.send_digest"
NEW = "network.following.digests.send_digest"


def forwards(apps, schema_editor):
    apps.get_model("alliance", "Job").objects.filter(name=OLD).update(name=NEW)


def backwards(apps, schema_editor):
    apps.get_model("alliance", "Job").objects.filter(name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("alliance", "0004_commune_updated_at"),
        ("network", "0003_search_entries"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
