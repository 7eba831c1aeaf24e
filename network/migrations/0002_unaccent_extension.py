# Search folds accents with PostgreSQL's unaccent; CreateExtension does nothing elsewhere.
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("network", "0001_follows_and_subscribers")]

    operations = [UnaccentExtension()]
