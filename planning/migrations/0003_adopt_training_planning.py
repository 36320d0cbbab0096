"""Carry over a database from the time this app's label was `training_planning` (see 0001): copy the rows of
the old tables into the new ones (same ids), move the id sequences past them, drop the old tables, forget the
old label's django_migrations rows, and rename the old task names in queued outbox rows (planning.tasks also
keeps the old names registered for messages already on the broker). A fresh database has nothing to do."""

from django.core.management.color import no_style
from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Value
from django.db.models.functions import Replace

OLD_LABEL = "training_planning"


def adopt_training_planning(apps, schema_editor):
    connection = schema_editor.connection
    qn = schema_editor.quote_name
    tables = set(connection.introspection.table_names())
    copied = []
    # Jobs before their rows (the rows' foreign key).
    for model in (apps.get_model("planning", "BulkEnrollmentJob"), apps.get_model("planning", "BulkEnrollmentRow")):
        old_table = f"{OLD_LABEL}_{model._meta.model_name}"
        if old_table not in tables:
            continue
        with connection.cursor() as cursor:
            old_columns = {c.name for c in connection.introspection.get_table_description(cursor, old_table)}
        # A database at training_planning 0001 has no competency column yet: it stays empty (nullable).
        columns = ", ".join(qn(f.column) for f in model._meta.local_concrete_fields if f.column in old_columns)
        schema_editor.execute(
            f"INSERT INTO {qn(model._meta.db_table)} ({columns}) SELECT {columns} FROM {qn(old_table)}"
        )
        copied.append(model)
    for sql in connection.ops.sequence_reset_sql(no_style(), copied):
        schema_editor.execute(sql)
    for model in reversed(copied):
        schema_editor.execute(f"DROP TABLE {qn(f'{OLD_LABEL}_{model._meta.model_name}')}")
    MigrationRecorder(connection).migration_qs.filter(app=OLD_LABEL).delete()
    OutboxMessage = apps.get_model("common", "OutboxMessage")
    OutboxMessage.objects.using(connection.alias).filter(task__startswith=f"{OLD_LABEL}.").update(
        task=Replace("task", Value(f"{OLD_LABEL}."), Value("planning."))
    )


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0001_outbox_message'),
        ('planning', '0002_bulkenrollmentjob_competency_and_more'),
    ]

    operations = [
        migrations.RunPython(adopt_training_planning, migrations.RunPython.noop),
    ]
