"""Reads of the accounts app."""

from collections.abc import Mapping

from django.db.models import Count, Prefetch, QuerySet

from asn_competency.common.filters import filter_queryset

from .filters import OrgUnitFilter
from .models import Competency, CompetencyLevel, Employee, OrgUnit


def orgunit_list(
    *, serves_public: bool | None = None, active_only: bool = True, filters: Mapping | None = None
) -> QuerySet[OrgUnit]:
    """`filters`: query parameters of `OrgUnitFilter` (invalid ones raise ApplicationError)."""
    qs = OrgUnit.objects.select_related("parent")
    if active_only:
        qs = qs.filter(is_active=True)
    if serves_public is not None:
        qs = qs.filter(serves_public=serves_public)
    if filters is not None:
        qs = filter_queryset(OrgUnitFilter, data=filters, queryset=qs)
    return qs.order_by("name")


def employee_for_user(*, user) -> Employee | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Employee.objects.select_related("org_unit", "position", "supervisor").filter(user=user).first()


def employee_get(*, pk: int) -> Employee:
    return Employee.objects.select_related("org_unit", "position", "supervisor", "user").get(pk=pk)


def competency_dictionary() -> QuerySet[Competency]:
    """The dictionary with the number of level descriptions of each entry (one query)."""
    return Competency.objects.annotate(level_count=Count("levels")).order_by("type", "code")


def competency_get(*, pk: int) -> Competency:
    return Competency.objects.prefetch_related(
        Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level"))
    ).get(pk=pk)
