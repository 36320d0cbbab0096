"""Two people acting at once, on PostgreSQL: the database and the row locks keep
one follow per ASN, one published path per competency level, and one editor's
steps (never a mix)."""

import threading

import pytest
from django.db import connection

from asn_competency.common.errors import ConflictError
from paths import services
from paths.models import LearningPath, PathEnrolment, PathStep
from paths.services import StepInput
from tests.accounts.factories import EmployeeFactory
from tests.training.factories import ProgramFactory

from .factories import path_with_steps

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(targets):
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def run(i):
        try:
            barrier.wait()
            targets[i]()
            outcomes[i] = "ok"
        except ConflictError as exc:
            outcomes[i] = exc.code
        finally:
            connection.close()  # threads own their connections; free them for teardown

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(targets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_two_clicks_on_follow_at_once_make_one_follower():
    path, employee = path_with_steps(), EmployeeFactory()
    outcomes = _run_together([lambda: services.path_follow(path=path, employee=employee)] * 6)
    assert outcomes == ["already_following"] * 5 + ["ok"]
    assert PathEnrolment.objects.filter(path=path, employee=employee).count() == 1


def test_two_hr_publishing_two_paths_of_one_level_at_once_publish_one():
    first = path_with_steps(status=LearningPath.Status.DRAFT)
    second = path_with_steps(competency=first.competency, status=LearningPath.Status.DRAFT)
    outcomes = _run_together([lambda: services.path_publish(path=first), lambda: services.path_publish(path=second)])
    assert outcomes == ["already_published", "ok"]
    assert LearningPath.objects.filter(competency=first.competency, status="published").count() == 1


def test_two_hr_saving_one_path_at_once_keep_one_editors_steps():
    path = path_with_steps(status=LearningPath.Status.DRAFT)
    lists = [[ProgramFactory(), ProgramFactory()], [ProgramFactory(), ProgramFactory(), ProgramFactory()]]

    def save(programs):
        return lambda: services.path_update(
            path=path,
            competency=path.competency,
            from_level=path.from_level,
            title="Jalur",
            steps=[StepInput(program=p) for p in programs],
            expected_revision=path.revision,
        )

    outcomes = _run_together([save(lists[0]), save(lists[1])])
    assert outcomes == ["ok", "stale_revision"]
    saved = list(PathStep.objects.filter(path=path).order_by("position").values_list("program_id", flat=True))
    assert saved in ([p.pk for p in lists[0]], [p.pk for p in lists[1]])
    assert LearningPath.objects.get(pk=path.pk).revision == path.revision + 1
