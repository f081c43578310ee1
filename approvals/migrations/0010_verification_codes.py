# A short verification code (核验码) on every intake notice and decision, typed at /approvals/verify/.
# Added empty, filled for the documents already issued, then made unique with its default.
# And whether a notice's due date was counted through a provisional calendar year (printed as 暂定).

import firesvc.documents.codes
from django.db import migrations, models


def fill_codes(apps, schema_editor):
    used = set()
    for model_name in ("IntakeNotice", "Decision"):
        model = apps.get_model("approvals", model_name)
        for row in model.objects.filter(verification_code__isnull=True).only("pk").iterator():
            code = firesvc.documents.codes.new_verification_code()
            while code in used:
                code = firesvc.documents.codes.new_verification_code()
            used.add(code)
            model.objects.filter(pk=row.pk).update(verification_code=code)


def _field():
    return models.CharField(default=firesvc.documents.codes.new_verification_code, editable=False, max_length=10,
                            unique=True, verbose_name="verification code")


class Migration(migrations.Migration):

    dependencies = [
        ("approvals", "0009_application_clock_paused_at"),
    ]

    operations = [
        migrations.AddField(model_name="decision", name="verification_code",
                            field=models.CharField(editable=False, max_length=10, null=True)),
        migrations.AddField(model_name="intakenotice", name="verification_code",
                            field=models.CharField(editable=False, max_length=10, null=True)),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(model_name="decision", name="verification_code", field=_field()),
        migrations.AlterField(model_name="intakenotice", name="verification_code", field=_field()),
        migrations.AddField(model_name="clocknotice", name="due_date_provisional",
                            field=models.BooleanField(default=False, editable=False,
                                                      verbose_name="due date provisional")),
        migrations.AddField(model_name="intakenotice", name="due_date_provisional",
                            field=models.BooleanField(default=False, editable=False,
                                                      verbose_name="due date provisional")),
    ]
