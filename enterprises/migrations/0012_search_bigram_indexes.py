"""Bigram indexes for the staff search box's two-character queries (firesvc.core.bigrams), on PostgreSQL only."""

from django.db import migrations

from firesvc.core.bigrams import bigram_indexes


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0011_search_phone_index")]

    operations = [bigram_indexes("enterprises_enterprise", ["name", "uscc"])]
