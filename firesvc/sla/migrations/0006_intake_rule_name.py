"""The intake clock's rule named as the window's time to check the materials (窗口受理审查期限): its old name,
一次性告知补正期限, read to applicants as their own supplement deadline. Only a name still as seeded is
changed (an administrator's own name stays); the rule's code is unchanged."""

from django.db import migrations

CODE = "intake.deficiency_notice"
OLD, NEW = "一次性告知补正期限", "窗口受理审查期限"


def rename(apps, schema_editor):
    apps.get_model("sla", "TimeLimitRule").objects.filter(code=CODE, name=OLD).update(name=NEW)


def rename_back(apps, schema_editor):
    apps.get_model("sla", "TimeLimitRule").objects.filter(code=CODE, name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [("sla", "0005_review_rules")]
    operations = [migrations.RunPython(rename, rename_back)]
