"""seed_city at a tiny scale: the shapes and distributions `make bench` relies on."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from accounts.models import Employee
from evaluation.models import Answer, Response, SurveyInvitation
from feedback.codes import is_well_formed
from feedback.models import Feedback
from training.models import Enrollment, Session

SCALE = "0.002"  # the command's floor: 200 ASN, 20 sessions, 2,000 feedback


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_seed_city_builds_a_consistent_city_and_refuses_a_second_run():
    out = io.StringIO()
    call_command("seed_city", "--scale", SCALE, "--force", stdout=out)
    assert "ready" in out.getvalue()

    assert Employee.objects.filter(user__username__startswith="asn0").count() == 200
    assert Employee.objects.values("org_unit").distinct().count() > 40  # spread over the city
    assert Session.objects.filter(code__startswith="city-").count() == 20
    assert Feedback.objects.count() == 2000
    assert all(is_well_formed(code) for code in Feedback.objects.values_list("tracking_code", flat=True))

    # IKM answers skewed to 3-4.
    u1 = dict(Feedback.objects.values_list("u1").annotate(n=Count("id")))
    assert set(u1) <= {1, 2, 3, 4}
    assert u1.get(3, 0) + u1.get(4, 0) > 0.75 * 2000
    assert u1.get(1, 0) < u1.get(2, 0) < u1.get(3, 0)
    # Some complaints and suggestions tagged with programs or competencies, never compliments.
    tagged = Feedback.objects.filter(Q(programs__isnull=False) | Q(competencies__isnull=False)).distinct()
    assert tagged.exists()
    assert not tagged.filter(kind="compliment").exists()

    # Surveys for completed enrolments only; answers from those responses.
    assert SurveyInvitation.objects.exists()
    assert not SurveyInvitation.objects.exclude(enrollment__status="completed").exists()
    assert Response.objects.exists()
    assert not Response.objects.exclude(enrollment__status="completed").exists()
    assert Answer.objects.count() >= 12 * Response.objects.count()
    # Seats: no session holds more seated enrolments than its capacity.
    over = (
        Session.objects.annotate(
            seated=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEAT_STATUSES))
        )
        .filter(seated__gt=F("capacity"))
        .exists()
    )
    assert not over

    with pytest.raises(CommandError):
        call_command("seed_city", "--scale", SCALE, "--force", stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_city_refuses_without_force_when_debug_is_off():
    with pytest.raises(CommandError):
        call_command("seed_city", "--scale", SCALE, stdout=io.StringIO())
