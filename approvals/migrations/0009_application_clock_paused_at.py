"""When the case's clock was paused, on the application, so that the worklist shows (and filters by) the
card its clock has (firesvc.sla.cards) from the row and the covering index alone."""

import firesvc.core.indexes
from django.db import migrations, models


def fill(apps, schema_editor):
    """Every case whose current clock is paused takes that clock's pause instant."""
    Application = apps.get_model("approvals", "Application")
    Clock = apps.get_model("sla", "Clock")
    ContentType = apps.get_model("contenttypes", "ContentType")
    owner_type = ContentType.objects.filter(app_label="approvals", model="application").first()
    if owner_type is None:
        return
    paused = Clock.objects.filter(owner_type=owner_type, status="paused").order_by("started_at")
    for owner_id, paused_at in paused.values_list("owner_id", "paused_at"):
        Application.objects.filter(pk=owner_id).update(clock_paused_at=paused_at)


class Migration(migrations.Migration):

    dependencies = [
        ('approvals', '0008_worklist_row_index'),
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
            name='clock_paused_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='application',
            index=firesvc.core.indexes.CoveringIndex(models.ExpressionWrapper(models.Q(('green_channel', False)), output_field=models.BooleanField()), models.F('due_at'), models.F('id'), condition=models.Q(('status__in', ['submitted', 'accepted'])), covering=('brigade', 'status', 'number', 'green_channel', 'project_name', 'due_date', 'matter', 'applicant_name', 'yellow_at', 'clock_paused_at'), name='approvals_worklist_order_idx'),
        ),
    ]
