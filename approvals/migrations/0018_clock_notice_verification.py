# A QR token and a short verification code (核验码) on every time-limit notice (中止、恢复、延长审批期限告知书),
# as the intake notices and the decisions carry them. Added empty, filled for the notices already issued, then
# made unique with their defaults.

from django.db import migrations, models

import approvals.models_review
import firesvc.documents.codes


def fill_keys(apps, schema_editor):
    model = apps.get_model("approvals", "ClockNotice")
    taken = {code for model_name in ("IntakeNotice", "Decision")
             for code in apps.get_model("approvals", model_name).objects.values_list("verification_code", flat=True)}
    for row in model.objects.only("pk").iterator():
        code = firesvc.documents.codes.new_verification_code()
        while code in taken:
            code = firesvc.documents.codes.new_verification_code()
        taken.add(code)
        model.objects.filter(pk=row.pk).update(verification_code=code,
                                               verification_token=approvals.models_review._token())


class Migration(migrations.Migration):

    dependencies = [
        ("approvals", "0017_search_two_characters"),
    ]

    operations = [
        migrations.AddField(model_name="clocknotice", name="verification_token",
                            field=models.CharField(editable=False, max_length=64, null=True)),
        migrations.AddField(model_name="clocknotice", name="verification_code",
                            field=models.CharField(editable=False, max_length=10, null=True)),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(model_name="clocknotice", name="verification_token",
                              field=models.CharField(default=approvals.models_review._token, editable=False,
                                                     max_length=64, unique=True)),
        migrations.AlterField(model_name="clocknotice", name="verification_code",
                              field=models.CharField(default=firesvc.documents.codes.new_verification_code,
                                                     editable=False, max_length=10, unique=True,
                                                     verbose_name="verification code")),
    ]
