"""The matters' "where to apply" names the place only: the hours come from ``approvals.hall_hours``."""

from django.db import migrations, models

OLD_WINDOW = "所在地消防救援大队政务服务窗口（工作日 8:30–17:00，周二、周四延时至 19:00，周六上午 9:00–12:00）"
NEW_WINDOW = "所在地消防救援大队政务服务窗口"


def forwards(apps, schema_editor):
    # Only the text the catalogue wrote: a window an administrator edited is left alone.
    apps.get_model("approvals", "Matter").objects.filter(window=OLD_WINDOW).update(window=NEW_WINDOW)


def backwards(apps, schema_editor):
    apps.get_model("approvals", "Matter").objects.filter(window=NEW_WINDOW).update(window=OLD_WINDOW)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0015_search_phone_index")]
    operations = [
        migrations.AlterField(
            model_name="matter", name="window",
            field=models.CharField(blank=True, help_text="The place only; the office hours are printed from the "
                                   "hall's hours.", max_length=200, verbose_name="where to apply"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
