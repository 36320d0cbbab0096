"""Fill a database at the schema of commit 4ee5ea5 (the four training sub-apps still inside training/, planning
labelled `training_planning`) with that commit's code, then dump it (dump.py). Run by
tests/common/test_app_rename_migration.py inside `git archive 4ee5ea5`; imports that commit's modules.

Every table of the four apps gets rows (the script fails if one stays empty), plus a queued outbox message
under an old task name.
"""

import datetime
import sys

LABELS = ["tutorials", "workshops", "certificates", "training_planning"]


def fill():
    from django.apps import apps
    from django.utils import timezone

    from asn_competency.common.models import OutboxMessage
    from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, UserFactory
    from tests.training.certificates.factories import issued_certificate
    from tests.training.factories import EnrollmentFactory, SessionFactory
    from tests.training.tutorials.factories import make_tutorial
    from tests.training.workshops.factories import AgendaItemFactory
    from training.planning.models import BulkEnrollmentJob, BulkEnrollmentRow
    from training.tutorials.models import (
        ApplicationAudience,
        ApplicationVersion,
        QuizAttempt,
        StepCompletion,
        TutorialProgress,
    )
    from training.workshops.models import ActionPlan, ActionPlanItem

    now = timezone.now()
    unit = OrgUnitFactory()
    hr = UserFactory(roles=["hr", "asn"])
    employee = EmployeeFactory(org_unit=unit)

    for _ in range(2):
        tutorial = make_tutorial(steps=2, questions=1)
    application = tutorial.application
    application.units.add(unit)
    # The factory gives every position kind; an audience of one kind, written here, makes that table's rows
    # ours as well.
    ApplicationAudience.objects.filter(application=application).exclude(position_kind="pelaksana").delete()
    ApplicationVersion.objects.create(
        application=application, version="2.0", released_on=datetime.date(2026, 11, 1), notes="Menu baru", created_by=hr
    )
    step = tutorial.steps.order_by("position").first()
    progress = TutorialProgress.objects.create(
        employee=employee, tutorial=tutorial, last_step=step, best_score=100, completed_at=now, completed_revision=1
    )
    StepCompletion.objects.create(progress=progress, step=step)
    question = tutorial.questions.get()
    QuizAttempt.objects.create(
        progress=progress, score=100, passed=True, answers={str(question.pk): question.choices.get(is_correct=True).pk}
    )

    workshop = AgendaItemFactory().workshop
    session = SessionFactory(program=workshop.program)
    enrollment = EnrollmentFactory(session=session, employee=employee)
    plan = ActionPlan.objects.create(enrollment=enrollment)
    ActionPlanItem.objects.create(
        plan=plan, position=1, action="Membalas pengaduan dalam 2 hari", due_date=datetime.date(2026, 12, 31)
    )

    issued_certificate()
    issued_certificate()

    # Three jobs, the first deleted: the new tables' ids must continue after the highest copied one.
    for n in range(3):
        job = BulkEnrollmentJob.objects.create(
            session=session,
            source="file",
            filename=f"nip-{n}.csv",
            status="running",
            total=2,
            processed=1,
            org_unit=unit,
            competency=CompetencyFactory(),
            created_by=hr,
            started_at=now,
        )
        BulkEnrollmentRow.objects.create(
            job=job, line=1, nip=employee.nip, employee=employee, enrollment=enrollment, outcome="enrolled"
        )
        BulkEnrollmentRow.objects.create(job=job, line=2, nip="12345", outcome="error", code="unknown_nip")
    BulkEnrollmentJob.objects.order_by("pk").first().delete()
    # Queued before the upgrade and not yet relayed: it must still run after it.
    OutboxMessage.objects.create(task="training_planning.bulk_enrollment_run", args=[job.pk])

    empty = [
        f"{label}.{model._meta.model_name}"
        for label in LABELS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._base_manager.exists()
    ]
    if empty:
        raise SystemExit(f"tables left empty: {empty}")


if __name__ == "__main__":
    import django

    django.setup()
    import json

    from django.core.management import call_command
    from dump import dump

    for label in ["common", "accounts", "training", *LABELS]:
        call_command("migrate", label, verbosity=0, skip_checks=True)
    fill()
    with open(sys.argv[1], "w") as f:
        json.dump(dump(LABELS), f, indent=1, sort_keys=True)
