# The rectification order (责令改正通知书) carries a verification token for its QR code and a short code (核验码)
# typed at the public verify page, like the intake notices and decisions (approvals 0010).
# Added empty, filled for the orders already issued, then made unique with their defaults.

from django.db import migrations, models

import firesvc.documents.codes


def fill_codes(apps, schema_editor):
    order_model = apps.get_model("safety", "RectificationOrder")
    tokens, codes = set(), set()
    for row in order_model.objects.filter(verification_code__isnull=True).only("pk").iterator():
        token, code = firesvc.documents.codes.new_verification_token(), firesvc.documents.codes.new_verification_code()
        while token in tokens:
            token = firesvc.documents.codes.new_verification_token()
        while code in codes:
            code = firesvc.documents.codes.new_verification_code()
        tokens.add(token)
        codes.add(code)
        order_model.objects.filter(pk=row.pk).update(verification_token=token, verification_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ("safety", "0003_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(model_name="rectificationorder", name="verification_token",
                            field=models.CharField(editable=False, max_length=64, null=True)),
        migrations.AddField(model_name="rectificationorder", name="verification_code",
                            field=models.CharField(editable=False, max_length=10, null=True)),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(model_name="rectificationorder", name="verification_token",
                              field=models.CharField(default=firesvc.documents.codes.new_verification_token,
                                                     editable=False, max_length=64, unique=True)),
        migrations.AlterField(model_name="rectificationorder", name="verification_code",
                              field=models.CharField(default=firesvc.documents.codes.new_verification_code,
                                                     editable=False, max_length=10, unique=True,
                                                     verbose_name="verification code")),
    ]
