"""Add the rules of ``rules_data`` that a database seeded earlier lacks (the 好差评 follow-up's two deadlines)."""

from django.db import migrations


def seed_missing(apps, schema_editor):
    from firesvc.sla.rules_data import RULE_SETS

    rule_set_model = apps.get_model("sla", "RuleSet")
    rule_model = apps.get_model("sla", "TimeLimitRule")
    for code, (_name, rules) in RULE_SETS.items():
        ruleset = rule_set_model.objects.filter(code=code).first()
        if ruleset is None:
            continue
        for data in rules:
            fields = {k: v for k, v in data.items() if k != "code"}
            rule_model.objects.get_or_create(ruleset=ruleset, code=data["code"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("sla", "0004_supplement_rule")]
    operations = [migrations.RunPython(seed_missing, migrations.RunPython.noop)]
