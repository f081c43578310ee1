"""The tracking codes' normal form is unique: the lookup is one probe of this index. (Two old codes differing
only in case would stop the migration here; with 72 random bits each, none do.)"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("hazard_reports", "0007_tracking_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="hazardreport",
            name="tracking_key",
            field=models.CharField(editable=False, max_length=20, unique=True,
                                   verbose_name="tracking code (normal form)"),
        ),
    ]
