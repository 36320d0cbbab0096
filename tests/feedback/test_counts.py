"""The selector the evaluation team calls: feedback counts per competency, program, unit, service."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import Feedback
from feedback.selectors import feedback_counts
from tests.accounts.factories import CompetencyFactory, OrgUnitFactory
from tests.training.factories import ProgramFactory

from .factories import FeedbackFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_counts_per_competency_program_unit_and_service_in_one_query(django_assert_num_queries):
    unit = OrgUnitFactory(code="dukcapil", name="Dukcapil")
    service = ServiceFactory(unit=unit, code="ktp-el", name="KTP-el")
    service_skill, communication = (
        CompetencyFactory(code="M.05", name="Pelayanan Publik"),
        CompetencyFactory(code="M.03", name="Komunikasi"),
    )
    program = ProgramFactory(code="prima", title="Pelayanan Prima")
    complaints = [FeedbackFactory(unit=unit, service=service, kind="complaint") for _ in range(3)]
    compliment = FeedbackFactory(unit=unit, kind="compliment")
    for f in complaints:
        f.competencies.add(service_skill)
        f.programs.add(program)
    complaints[0].competencies.add(communication)
    compliment.competencies.add(service_skill)

    with django_assert_num_queries(1):
        by_competency = feedback_counts(by="competency")
    assert [(r["code"], r["total"], r["complaints"], r["compliments"]) for r in by_competency] == [
        ("M.05", 4, 3, 1),
        ("M.03", 1, 1, 0),
    ]
    assert [(r["code"], r["name"], r["total"]) for r in feedback_counts(by="program")] == [
        ("prima", "Pelayanan Prima", 3)
    ]
    assert [(r["code"], r["total"], r["complaints"]) for r in feedback_counts(by="unit")] == [("dukcapil", 4, 3)]
    assert [(r["code"], r["total"]) for r in feedback_counts(by="service")] == [("ktp-el", 3)]


def test_counts_respect_the_period():
    unit = OrgUnitFactory()
    old = FeedbackFactory(unit=unit)
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    FeedbackFactory(unit=unit)
    since = timezone.localdate() - datetime.timedelta(days=30)
    assert feedback_counts(by="unit", start=since)[0]["total"] == 1
    assert feedback_counts(by="unit")[0]["total"] == 2


def test_unknown_grouping_is_a_programming_error():
    with pytest.raises(ValueError):
        feedback_counts(by="colour")
