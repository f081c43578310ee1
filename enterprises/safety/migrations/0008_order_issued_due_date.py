# The rectification order keeps the deadline it was issued with (RectificationOrder.issued_due_date), which a
# failed re-check no longer overwrites on its reprint. Filled for the orders already issued: the deadline of an
# order never given a new one, else the one its ``hazard.order`` audit event recorded at issue.

from datetime import date

from django.db import migrations, models


def fill_issued_due_dates(apps, schema_editor):
    order_model = apps.get_model("safety", "RectificationOrder")
    order_model.objects.filter(extensions=0).update(issued_due_date=models.F("due_date"))
    content_type = apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="safety", model="hazard").first()
    if content_type is None:
        return
    events = apps.get_model("audit", "AuditEvent").objects.filter(content_type=content_type, action="hazard.order")
    for order in order_model.objects.filter(issued_due_date__isnull=True).only("pk", "hazard_id").iterator():
        event = events.filter(object_id=str(order.hazard_id)).order_by("seq").first()
        due = (event.data or {}).get("due_date") if event is not None else None
        if due:
            order_model.objects.filter(pk=order.pk).update(issued_due_date=date.fromisoformat(str(due)[:10]))


class Migration(migrations.Migration):

    dependencies = [
        ('safety', '0007_hazard_government_report_reminded_at'),
        ('audit', '0002_chain_head_and_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='rectificationorder',
            name='issued_due_date',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='rectify by, as issued'),
        ),
        migrations.RunPython(fill_issued_due_dates, migrations.RunPython.noop),
    ]
