"""The staff search box's short queries (firesvc.core.search): bigram indexes for a text of two characters, which
the trigram indexes cannot serve, on PostgreSQL only; and a B-tree index for the case whose number is the query."""

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from firesvc.core.bigrams import bigram_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_elder_mode'),
        ('approvals', '0016_matter_window_place_only'),
        ('enterprises', '0011_search_phone_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        bigram_indexes("approvals_application", ["number", "project_name", "applicant_name"]),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(django.db.models.functions.text.Upper(django.db.models.functions.comparison.Cast('number', models.TextField())), name='approvals_number_upper_idx'),
        ),
    ]
