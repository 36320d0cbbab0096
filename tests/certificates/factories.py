"""Factories for certificate tests: a completed enrolment and its certificate."""

import factory
from django.utils import timezone

from certificates.services import certificate_issue
from tests.training.factories import EnrollmentFactory
from training.models import Enrollment


class CompletedEnrollmentFactory(EnrollmentFactory):
    status = Enrollment.Status.COMPLETED
    completed_at = factory.LazyFunction(timezone.now)


def issued_certificate(**enrollment_kwargs):
    """A certificate issued (number and code given) but not yet drawn."""
    certificate, _created = certificate_issue(enrollment=CompletedEnrollmentFactory(**enrollment_kwargs))
    return certificate
