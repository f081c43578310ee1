"""Reporters' ratings given before 好差评 recorded them (the tracking page wrote them on the report only):
each becomes the report's completion review, as ``hazard_report_rate`` records a rating today, so that the
satisfaction figures count them. Reports already reviewed are left alone; running it again adds nothing."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

SCORES = {"very_satisfied": 5, "satisfied": 4, "fairly_satisfied": 3, "dissatisfied": 2, "very_dissatisfied": 1}


def ratings_into_reviews(apps, schema_editor):  # type: ignore[no-untyped-def]
    HazardReport = apps.get_model("hazard_reports", "HazardReport")
    Review = apps.get_model("reviews", "Review")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rated = HazardReport.objects.filter(rated_at__isnull=False, status__in=["closed", "reopened"],
                                        rating__in=list(SCORES))
    if not rated.exists():
        return
    owner_type, _created = ContentType.objects.get_or_create(app_label="hazard_reports", model="hazardreport")
    reviewed = set(Review.objects.filter(owner_type=owner_type, parent__isnull=True, stage="completion")
                   .values_list("owner_id", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        label = translation.gettext("Hazard report")
        Review.objects.bulk_create([
            Review(owner_type=owner_type, owner_id=report.pk, kind="hazard_report",
                   case_label=f"{label} #{report.pk} {report.address}"[:250], stage="completion", channel="online",
                   level=report.rating, score=SCORES[report.rating], items=[], comment=report.rating_comment,
                   unit_id=report.community_id or report.subdistrict_id, created_at=report.rated_at)
            for report in rated.exclude(pk__in=reviewed).order_by("pk").iterator(chunk_size=2000)
        ], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("hazard_reports", "0005_key_jurisdiction_media_url"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(ratings_into_reviews, migrations.RunPython.noop)]
