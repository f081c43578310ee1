"""The current clock's unit on the application, so that the worklist counts what is left of a case's time
limit in working days or in days, as its case page does, from the row and the covering index alone."""

import firesvc.core.indexes
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    """Every case with a deadline takes the unit of its newest clock still open (the one it was synced from)."""
    Application = apps.get_model("approvals", "Application")
    Clock = apps.get_model("sla", "Clock")
    ContentType = apps.get_model("contenttypes", "ContentType")
    owner_type = ContentType.objects.filter(app_label="approvals", model="application").first()
    if owner_type is None:
        return
    current = (Clock.objects.filter(owner_type=owner_type, owner_id=OuterRef("pk")).exclude(status="stopped")
               .order_by("-started_at").values("limit_unit")[:1])
    Application.objects.filter(due_at__isnull=False).update(
        clock_unit=Coalesce(Subquery(current), Value("")))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_enforcement_certificate'),
        ('approvals', '0019_alter_applicationmaterial_status'),
        ('enterprises', '0012_search_bigram_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('sla', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='application',
            name='approvals_worklist_order_idx',
        ),
        migrations.AddField(
            model_name='application',
            name='clock_unit',
            field=models.CharField(blank=True, choices=[('workdays', 'working days'), ('days', 'natural days'), ('hours', 'hours'), ('minutes', 'minutes')], db_default='', default='', editable=False, max_length=10),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='application',
            index=firesvc.core.indexes.CoveringIndex(models.ExpressionWrapper(models.Q(('green_channel', False)), output_field=models.BooleanField()), models.F('due_at'), models.F('id'), condition=models.Q(('status__in', ['submitted', 'accepted'])), covering=('brigade', 'status', 'number', 'green_channel', 'project_name', 'due_date', 'matter', 'applicant_name', 'yellow_at', 'clock_paused_at', 'clock_unit'), name='approvals_worklist_order_idx'),
        ),
    ]
