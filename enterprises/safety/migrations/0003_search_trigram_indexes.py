"""Trigram indexes for the staff search box (firesvc.core.search), on PostgreSQL only."""

from django.db import migrations

from firesvc.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("safety", "0002_statistics_indexes")]

    operations = [trigram_indexes("safety_rectificationorder", ["number"])]
