"""A parallel case's pre-opening track waits for its fire acceptance (等待消防验收结果): a system pause of the
pre-opening inspection's clock. The new reason is added to the seeded rule ``pre_opening.inspect`` of every rule
set (rules_data; a rule loaded earlier keeps its other reasons)."""

from django.db import migrations, models

CODE, REASON = "pre_opening.inspect", "awaiting_acceptance"


def allow(apps, schema_editor):
    for rule in apps.get_model("sla", "TimeLimitRule").objects.filter(code=CODE):
        if REASON not in (rule.pause_reasons or []):
            rule.pause_reasons = [*(rule.pause_reasons or []), REASON]
            rule.save(update_fields=["pause_reasons"])


def disallow(apps, schema_editor):
    for rule in apps.get_model("sla", "TimeLimitRule").objects.filter(code=CODE):
        if REASON in (rule.pause_reasons or []):
            rule.pause_reasons = [r for r in rule.pause_reasons if r != REASON]
            rule.save(update_fields=["pause_reasons"])


class Migration(migrations.Migration):

    dependencies = [
        ('sla', '0008_alter_slaalert_assignee_alter_slaalert_clock_and_more'),
    ]

    operations = [
        migrations.AlterField(
            model_name='clock',
            name='pause_reason',
            field=models.CharField(blank=True, choices=[('supplement', 'Applicant supplementing materials (补正)'), ('expert_review', 'Expert review (专家评审)'), ('testing', 'Testing or appraisal (检测鉴定)'), ('hearing', 'Hearing (听证)'), ('applicant_request', "At the applicant's request"), ('awaiting_acceptance', 'Waiting for the fire acceptance result')], max_length=20, verbose_name='pause reason'),
        ),
        migrations.AlterField(
            model_name='clockpause',
            name='reason',
            field=models.CharField(choices=[('supplement', 'Applicant supplementing materials (补正)'), ('expert_review', 'Expert review (专家评审)'), ('testing', 'Testing or appraisal (检测鉴定)'), ('hearing', 'Hearing (听证)'), ('applicant_request', "At the applicant's request"), ('awaiting_acceptance', 'Waiting for the fire acceptance result')], max_length=20, verbose_name='reason'),
        ),
        migrations.RunPython(allow, disallow),
    ]
