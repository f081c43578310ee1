"""A completion filing's acceptance notice keeps what it says at issue: the legal basis it cites and the
outcome of the spot-check draw. The notices issued before are filled with what they printed until now (the
active rule set's filing rule, the stored draw and its spot check's clock), so that from now on they keep it."""

from django.db import migrations, models

FILING_LAW = "《中华人民共和国消防法》第十三条"


def fill(apps, schema_editor):
    IntakeNotice = apps.get_model("approvals", "IntakeNotice")
    SpotCheck = apps.get_model("approvals", "SpotCheck")
    TimeLimitRule = apps.get_model("sla", "TimeLimitRule")
    Clock = apps.get_model("sla", "Clock")
    ContentType = apps.get_model("contenttypes", "ContentType")
    notices = IntakeNotice.objects.filter(kind="acceptance", application__matter__code="completion_filing")
    if not notices.exists():
        return
    rule = TimeLimitRule.objects.filter(ruleset__is_active=True, code="filing.builder").first()
    regulation = rule.legal_basis.strip() if rule is not None else ""
    basis = f"{FILING_LAW}和{regulation}" if regulation else FILING_LAW
    owner_type = ContentType.objects.filter(app_label="approvals", model="application").first()
    for notice in notices.only("pk", "application_id"):
        selected = SpotCheck.objects.filter(application_id=notice.application_id).values_list(
            "selected", flat=True).first()
        due = None
        if selected and owner_type is not None:
            due = (Clock.objects.filter(owner_type=owner_type, owner_id=notice.application_id,
                                        rule__code="filing.spot_check")
                   .order_by("started_at").values_list("due_date", flat=True).first())
        IntakeNotice.objects.filter(pk=notice.pk).update(legal_basis=basis, spot_check_selected=selected,
                                                         spot_check_due=due)


class Migration(migrations.Migration):

    dependencies = [
        ('approvals', '0020_application_clock_unit'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('sla', '0007_clock_due_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='intakenotice',
            name='legal_basis',
            field=models.TextField(blank=True, editable=False, verbose_name='legal basis'),
        ),
        migrations.AddField(
            model_name='intakenotice',
            name='spot_check_due',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='spot check due by'),
        ),
        migrations.AddField(
            model_name='intakenotice',
            name='spot_check_selected',
            field=models.BooleanField(blank=True, editable=False, null=True, verbose_name='drawn for spot check'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
