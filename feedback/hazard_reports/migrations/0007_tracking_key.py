"""Tracking codes are found as typed (any case, hyphens, O for 0, I or L for 1): each report keeps its code's
normal form in ``tracking_key``, which the lookup probes. The codes given before keep working: their normal
form is filled in here; 0008 makes it unique (its own transaction: PostgreSQL alters no table with updates
pending in the same one)."""

import re
import unicodedata

from django.db import migrations, models

SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise(text: str) -> str:
    """``feedback.hazard_reports.models.normalise_tracking_code`` as it was when this migration was written."""
    key = SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    return key.replace("O", "0").replace("I", "1").replace("L", "1")


def fill_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    HazardReport = apps.get_model("hazard_reports", "HazardReport")
    batch = []
    for row in HazardReport.objects.only("pk", "tracking_code").order_by("pk").iterator(chunk_size=2000):
        row.tracking_key = normalise(row.tracking_code)
        batch.append(row)
        if len(batch) == 2000:
            HazardReport.objects.bulk_update(batch, ["tracking_key"])
            batch = []
    HazardReport.objects.bulk_update(batch, ["tracking_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("hazard_reports", "0006_ratings_into_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="hazardreport",
            name="tracking_key",
            field=models.CharField(default="", editable=False, max_length=20,
                                   verbose_name="tracking code (normal form)"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
