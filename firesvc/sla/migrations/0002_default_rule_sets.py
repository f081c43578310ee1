"""Seed the two rule sets of DOMAIN.md (report era active). Plain data from rules_data."""

from django.db import migrations


def seed(apps, schema_editor):
    from firesvc.sla.rules_data import REPORT_ERA, RULE_SETS

    rule_set_model = apps.get_model("sla", "RuleSet")
    rule_model = apps.get_model("sla", "TimeLimitRule")
    for code, (name, rules) in RULE_SETS.items():
        ruleset, _created = rule_set_model.objects.get_or_create(
            code=code, defaults={"name": name, "is_active": code == REPORT_ERA})
        for data in rules:
            fields = {k: v for k, v in data.items() if k != "code"}
            rule_model.objects.get_or_create(ruleset=ruleset, code=data["code"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
