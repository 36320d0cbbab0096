"""Dump what the app-rename proof compares, as JSON: every row of the given apps' tables, their content
types and permissions, the django_migrations rows, the outbox task names and the apps' table schema.

Runs as a script in either tree (the code of commit 4ee5ea5 or today's), with DJANGO_SETTINGS_MODULE and
DATABASE_URL set by tests/common/test_app_rename_migration.py; imports nothing of the project but
the outbox model and, with --probe-planning, planning's models.
"""

import json
import re
import sys


def table_schema(connection, tables):
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            columns = [
                [c.name, str(c.type_code), bool(c.null_ok)]
                for c in connection.introspection.get_table_description(cursor, table)
            ]
            constraints = {}
            for name, found in connection.introspection.get_constraints(cursor, table).items():
                info = {k: found.get(k) for k in ("columns", "primary_key", "unique", "foreign_key", "check", "index")}
                # SQLite numbers unnamed constraints in column order (fk_0...), which depends on the order the
                # columns were added in: such a constraint is known by what it holds, not by its number.
                if re.fullmatch(r"fk_\d+|__unnamed_constraint_\d+__", name):
                    name = json.dumps(info, default=list, sort_keys=True)
                constraints[name] = info
            out[table] = {"columns": sorted(columns), "constraints": constraints}
    return json.loads(json.dumps(out, default=list))


def dump(labels):
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from asn_competency.common.models import OutboxMessage

    rows, tables = {}, set()
    for label in labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
            key = f"{label}.{model._meta.model_name}"
            values = model._base_manager.order_by("pk").values(*[f.attname for f in model._meta.concrete_fields])
            rows[key] = json.loads(json.dumps(list(values), cls=DjangoJSONEncoder))
    return {
        "rows": rows,
        "content_types": {
            f"{ct.app_label}.{ct.model}": ct.pk
            for ct in ContentType.objects.filter(app_label__in=[*labels, "training_planning"])
        },
        "permissions": {
            f"{p.content_type.app_label}.{p.codename}": p.pk
            for p in Permission.objects.filter(content_type__app_label__in=[*labels, "training_planning"])
        },
        "migrations": sorted(
            [m.app, m.name]
            for m in MigrationRecorder(connection).migration_qs.filter(app__in=[*labels, "training_planning"])
        ),
        "outbox": sorted(OutboxMessage.objects.values_list("task", flat=True)),
        "tables": sorted(
            t for t in connection.introspection.table_names() if t.startswith((*labels, "training_planning"))
        ),
        "schema": table_schema(connection, tables),
    }


def next_planning_ids():
    """The ids a new bulk job and row get (in a transaction rolled back): above every copied id, if the
    migration moved the sequences."""
    from django.db import transaction

    from planning.models import BulkEnrollmentJob, BulkEnrollmentRow

    with transaction.atomic():
        job = BulkEnrollmentJob.objects.order_by("pk").first()
        job.pk = None
        job.save()
        row = BulkEnrollmentRow.objects.create(job=job, line=1)
        transaction.set_rollback(True)
    return {"planning.bulkenrollmentjob": job.pk, "planning.bulkenrollmentrow": row.pk}


if __name__ == "__main__":
    import django

    django.setup()
    out, labels, *options = sys.argv[1:]
    labels = labels.split(",")
    if "--migrate" in options:
        from django.contrib.contenttypes.models import ContentType
        from django.core.management import call_command

        # A process of today's code started before the migration (a web worker in a rolling deploy) may
        # already have created a content type under the new label.
        ContentType.objects.get_or_create(app_label="planning", model="bulkenrollmentjob")
        for label in labels:
            call_command("migrate", label, verbosity=0, skip_checks=True)
    result = dump(labels)
    if "--probe-planning" in options:
        result["next_ids"] = next_planning_ids()
    with open(out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
