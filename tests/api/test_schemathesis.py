"""The API answers as its OpenAPI schema says: schemathesis against /api/schema/.

Every operation of the schema is called with generated requests (a bounded number
of examples, derandomized: the same requests on every run) as an HR user and as
an ASN, on the demo data set, through the Django WSGI application. A 5xx, a body
outside the declared schema, an undeclared status code, content type or header
fails the test, which lists every failing operation with the request to replay.

Requests are generated from the schema (positive data) and outside it (negative
data: wrong types, missing fields), which must still never answer 5xx and always
answer a declared error. Path parameters are generated like everything else, and half of the time replaced
by the id (or code) of a real demo object, so that the 200 answers are checked too,
not only the 404s.
"""

import contextlib
import io
import os
import uuid

import hypothesis
import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode

from accounts.models import User
from feedback.models import Feedback
from training.models import Enrollment

from .checks import CHECKS

MODES = [GenerationMode(m) for m in os.environ.get("API_SCHEMA_MODES", "positive,negative").split(",")]
# Small and fixed: the test must stay within a minute or two in CI.
MAX_EXAMPLES = 6
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
)


def _real_body_values():
    """Codes and ids of demo objects, per request body field, so that POSTs get
    past "no such unit" too (and e.g. feedback is really stored)."""
    from accounts.models import OrgUnit
    from evaluation.models import SurveyInvitation

    return {
        "unit": list(OrgUnit.objects.filter(serves_public=True).values_list("code", flat=True)[:3]),
        "invitation": list(SurveyInvitation.objects.values_list("pk", flat=True)[:3]),
        # The only values a real citizen sends: no service chosen, the honeypot left empty.
        "service": [""],
        "website": [""],
        # Offline submissions: a fresh key each time and a time within the accepted window.
        "idempotency_key": [str(uuid.uuid4()) for _ in range(3)],
        "submitted_at": [timezone.now().isoformat()],
    }


def _real_path_values():
    """Ids and codes of demo objects, per path parameter name."""
    from announcements.models import Announcement
    from certificates.models import Certificate
    from community.models import Meeting, Topic
    from evaluation.models import Questionnaire, RevisionReport
    from feedback.models import Feedback
    from training.models import Enrollment, Program, Session
    from tutorials.models import EgovApplication, Tutorial

    def first(queryset, field="pk"):
        return list(queryset.values_list(field, flat=True)[:3])

    return {
        "code": (
            first(Program.objects.all(), "code")
            + first(EgovApplication.objects.all(), "code")
            + first(Certificate.objects.all(), "code")
        ),
        "id": (
            first(Session.objects.all())
            + first(Topic.objects.all())
            + first(Meeting.objects.all())
            + first(Questionnaire.objects.all())
            + first(RevisionReport.objects.all())
            + first(Tutorial.objects.all())
            + first(Enrollment.objects.all())
            + first(Announcement.objects.all())
        ),
        "enrollment_id": first(Enrollment.objects.all()),
        "tracking_code": first(Feedback.objects.all(), "tracking_code"),
        "position": [1, 2],
    }


def _real_path_values_per_operation():
    """Where only some objects make sense: sessions still open for enrolment."""
    from django.db.models import Q

    from training.models import Session

    now = timezone.now()
    open_sessions = Session.objects.filter(
        Q(enrollment_closes__isnull=True) | Q(enrollment_closes__gt=now), status="scheduled", start__gt=now
    )
    return {"/api/v1/sessions/{id}/enroll/": {"id": list(open_sessions.values_list("pk", flat=True)[:5])}}


def _run_operation(operation, *, headers, real, real_body, mode=GenerationMode.POSITIVE):
    failures = []

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @SETTINGS
    def run(case, data):
        for name in list(case.path_parameters or {}):
            values = real.get(operation.path, {}).get(name) or real.get(name)
            if values and data.draw(st.booleans(), label=f"real {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(values), label=name)
        if mode == GenerationMode.POSITIVE and isinstance(case.body, dict):
            for name in [name for name in case.body if real_body.get(name)]:
                case.body[name] = data.draw(st.sampled_from(real_body[name]), label=name)
        if mode == GenerationMode.POSITIVE and case.headers and "Idempotency-Key" in case.headers:
            case.headers["Idempotency-Key"] = str(uuid.uuid4())
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as exc:
            failures.append(f"{operation.label} ({mode} data): {exc}")
            raise

    # Failures are recorded above, with the request to replay. An operation without
    # anything to get wrong (no parameters, no body) has no negative data at all.
    with contextlib.suppress(AssertionError, FailureGroup, hypothesis.errors.Unsatisfiable):
        run()
    return failures


@pytest.mark.django_db
def test_api_answers_as_its_schema_says_for_hr_and_asn(api_schema, settings):
    # One client address sends everything here: the per-address limit would turn
    # every later feedback POST into a 429 (which is declared, and tested elsewhere).
    settings.FEEDBACK_RATE_LIMIT = ""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    schema = api_schema
    real = {**_real_path_values(), **_real_path_values_per_operation()}
    real_body = _real_body_values()
    feedback_before, enrollments_before = Feedback.objects.count(), Enrollment.objects.count()
    failures = []
    for username in ("hr", "asn1"):
        token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
        headers = {"Authorization": f"Token {token.key}"}
        for result in schema.get_all_operations():
            operation = result.ok()
            # To iterate on one operation: API_SCHEMA_ONLY="/community/topics/" pytest ...
            if os.environ.get("API_SCHEMA_ONLY", "") not in operation.label:
                continue
            for mode in MODES:
                found = _run_operation(operation, headers=headers, real=real, real_body=real_body, mode=mode)
                failures += [f"[{username}] {failure}" for failure in found]
    assert not failures, f"{len(failures)} operation(s) answer outside the schema:\n\n" + "\n\n".join(failures)
    if not os.environ.get("API_SCHEMA_ONLY"):
        # The POSTs did get through, not only their errors: feedback was stored, ASN enrolled.
        assert Feedback.objects.count() > feedback_before
        assert Enrollment.objects.count() > enrollments_before
