"""Trigram indexes for the staff search box (firesvc.core.search), on PostgreSQL only."""

from django.db import migrations

from firesvc.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_act_seal_up_decision")]

    operations = [trigram_indexes("feedback_complaint", ["number"])]
