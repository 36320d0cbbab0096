"""The JP ledger as the ASN (and other apps) read it."""

from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from accounts.models import Employee

from ..jp_target import jp_target_for
from ..models import ExternalTraining, JpLedgerEntry, JpSummaryBuild
from ..rules import is_hr


def jp_total_for(*, employee: Employee, year: int) -> Decimal:
    return JpLedgerEntry.objects.filter(employee=employee, year=year).aggregate(
        total=Coalesce(Sum("jp"), Value(Decimal("0")), output_field=DecimalField(max_digits=8, decimal_places=1))
    )["total"]


def jp_yearly_target(*, employee: Employee) -> int:
    return jp_target_for(employment_type=employee.employment_type)


def jp_entries_for(*, employee: Employee, year: int) -> QuerySet[JpLedgerEntry]:
    return JpLedgerEntry.objects.filter(employee=employee, year=year).order_by("-occurred_on", "-id")


def jp_summary_for(*, employee: Employee, year: int) -> dict:
    """Total, target, remaining and percent (capped at 100) with the total by source."""
    by_source = dict(
        JpLedgerEntry.objects.filter(employee=employee, year=year)
        .values_list("source")
        .annotate(total=Sum("jp"))
        .values_list("source", "total")
    )
    total = sum(by_source.values(), Decimal("0"))
    target = Decimal(jp_yearly_target(employee=employee))
    percent = int(min(100, (total / target * 100) if target else 100))
    return {
        "year": year,
        "total": total,
        "target": target,
        "remaining": max(Decimal("0"), target - total),
        "percent": percent,
        "reached": total >= target,
        "by_source": {str(k): v for k, v in by_source.items()},
    }


def external_training_list(
    *,
    employee: Employee | None = None,
    status: str | None = None,
    unit_id: int | None = None,
    year: int | None = None,
    search: str | None = None,
) -> QuerySet[ExternalTraining]:
    """External training for HR's audit (every claim and HR record, filtered) or
    one ASN's own list; the joins each row shows are taken here."""
    qs = ExternalTraining.objects.select_related(
        "employee__org_unit", "competency", "recorded_by", "decided_by", "revoked_by"
    )
    if employee is not None:
        qs = qs.filter(employee=employee)
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(employee__org_unit_id=unit_id)
    if year:
        qs = qs.filter(date__year=year)
    if search:
        qs = qs.filter(
            Q(employee__full_name__icontains=search)
            | Q(employee__nip__startswith=search)
            | Q(title__icontains=search)
            | Q(organiser__icontains=search)
        )
    return qs.order_by("-created_at", "-id")


def external_claim_list_pending_for_supervisor(*, user) -> QuerySet[ExternalTraining]:
    """Claims waiting for this supervisor (of their own staff); HR also sees the
    claims of ASN without a recorded supervisor (rules.can_decide_claim)."""
    mine = Q(employee__supervisor__user_id=user.pk)
    if is_hr(user):
        mine |= Q(employee__supervisor__isnull=True)
    return (
        ExternalTraining.objects.filter(mine, status=ExternalTraining.Status.PENDING)
        .select_related("employee__org_unit", "competency")
        .order_by("created_at", "id")
    )


def external_training_get(*, pk: int) -> ExternalTraining:
    return ExternalTraining.objects.select_related("employee__supervisor", "employee__user", "competency").get(pk=pk)


def jp_summary_exists(*, year: int) -> bool:
    """Whether the JP summaries of `year` were built (training.services.jp_summary)."""
    return JpSummaryBuild.objects.filter(year=year).exists()
