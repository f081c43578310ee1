"""Trigram indexes for the staff search box (firesvc.core.search), on PostgreSQL only."""

from django.db import migrations

from firesvc.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("approvals", "0012_merge_calendar")]

    operations = [trigram_indexes("approvals_application", ["number", "project_name", "applicant_name"])]
