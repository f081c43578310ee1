"""The applicant's name on the application (filled from the enterprise) and the worklist's order index
covering what a row shows, for index-only pages on PostgreSQL."""

import firesvc.core.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('approvals', '0007_statistics_covering_indexes'),
        ('enterprises', '0008_key_unit_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='application',
            name='approvals_worklist_order_idx',
        ),
        migrations.AddField(
            model_name='application',
            name='applicant_name',
            field=models.CharField(default='', editable=False, max_length=200, verbose_name='applicant'),
        ),
        # Every existing case takes its enterprise's current name (a subquery: the same SQL on SQLite).
        migrations.RunSQL(
            "UPDATE approvals_application SET applicant_name = (SELECT e.name FROM enterprises_enterprise e "
            "WHERE e.id = approvals_application.enterprise_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='application',
            index=firesvc.core.indexes.CoveringIndex(models.ExpressionWrapper(models.Q(('green_channel', False)), output_field=models.BooleanField()), models.F('due_at'), models.F('id'), condition=models.Q(('status__in', ['submitted', 'accepted'])), covering=('brigade', 'status', 'number', 'green_channel', 'project_name', 'due_date', 'matter', 'applicant_name', 'yellow_at'), name='approvals_worklist_order_idx'),
        ),
    ]
