"""Reads of the certificates app."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Employee
from training.models import Enrollment

from .models import Certificate


def _base() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("enrollment__employee__org_unit", "revoked_by", "replaces")


def certificate_list(
    *, search: str | None = None, state: str | None = None, year: int | None = None
) -> QuerySet[Certificate]:
    """HR's list. `state`: valid, revoked, pending, failed."""
    qs = _base()
    if search:
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(holder_name__icontains=search)
            | Q(holder_nip__startswith=search)
            | Q(program_title__icontains=search)
        )
    if state == "valid":
        qs = qs.filter(revoked_at__isnull=True, status=Certificate.Status.READY)
    elif state == "revoked":
        qs = qs.filter(revoked_at__isnull=False)
    elif state in (Certificate.Status.PENDING, Certificate.Status.FAILED):
        qs = qs.filter(status=state, revoked_at__isnull=True)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-serial")


def certificate_get(*, pk: int) -> Certificate:
    return _base().select_related("replaced_by").get(pk=pk)


# Longer than any verification code (22 characters) or printed number: such input
# cannot match, so it is answered "not found" without a query.
VERIFY_QUERY_MAX_LENGTH = 64


def certificate_find_for_verification(*, query: str) -> Certificate | None:
    """The certificate a member of the public typed or scanned: its verification
    code (exact, codes are case-sensitive) or the number printed on it
    (``KM/2026/000289``; case and spaces do not matter). None for anything else,
    including input no certificate could carry (too long, control characters)."""
    query = (query or "").strip()
    if not query or len(query) > VERIFY_QUERY_MAX_LENGTH or not query.isprintable():
        return None
    compact = "".join(query.split())
    # Two exact spellings rather than number__iexact, which would bypass the unique index.
    return (
        Certificate.objects.select_related("replaced_by")
        .filter(Q(code=query) | Q(number__in={compact, compact.upper()}))
        .order_by("pk")
        .first()
    )


def certificate_list_for_employee(*, employee: Employee | None) -> QuerySet[Certificate]:
    if employee is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(enrollment__employee=employee).order_by("-issued_on", "-serial")


def enrollments_without_certificate() -> QuerySet[Enrollment]:
    valid = Certificate.objects.filter(enrollment=OuterRef("pk"), revoked_at__isnull=True)
    return Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).filter(~Exists(valid))


def certificate_years() -> list[int]:
    return list(Certificate.objects.order_by("-year").values_list("year", flat=True).distinct())


def certificate_list_unfinished(*, older_than_minutes: int = 30) -> QuerySet[Certificate]:
    """Valid certificates whose PDF is still pending (or failed) after a while."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    return Certificate.objects.filter(
        revoked_at__isnull=True,
        status__in=[Certificate.Status.PENDING, Certificate.Status.FAILED],
        updated_at__lt=cutoff,
    ).order_by("pk")
