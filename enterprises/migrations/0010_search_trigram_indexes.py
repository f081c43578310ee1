"""Trigram indexes for the staff search box (firesvc.core.search), on PostgreSQL only."""

from django.db import migrations

from firesvc.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0009_suggestion_reopened_status")]

    operations = [trigram_indexes("enterprises_enterprise", ["name", "uscc"])]
