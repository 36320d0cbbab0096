"""Writes of the accounts app."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Competency, CompetencyLevel, Employee, OrgUnit, User
from .roles import Role


def roles_ensure() -> None:
    """Create the role groups if missing (idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str]) -> User:
    roles_ensure()
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    user._role_cache = None
    return user


@transaction.atomic
def orgunit_upsert(
    *, code: str, name: str, kind: str, parent: OrgUnit | None = None, short_name: str = "", serves_public: bool = False
) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first() or OrgUnit(code=code)
    unit.name, unit.kind, unit.parent = name, kind, parent
    unit.short_name, unit.serves_public = short_name, serves_public
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def employee_upsert(*, nip: str, full_name: str, org_unit: OrgUnit, user: User | None = None, **fields) -> Employee:
    """Create or update the ASN profile with this NIP; validates the NIP first."""
    employee = Employee.objects.filter(nip=nip).first() or Employee(nip=nip)
    employee.full_name, employee.org_unit, employee.user = full_name, org_unit, user
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    return employee


@transaction.atomic
def competency_levels_set(*, competency: Competency, descriptions: dict[int, str]) -> int:
    """Store HR's level descriptions (levels 1-5) of a dictionary entry; an empty
    text removes that level's description. Returns the number of levels changed."""
    existing = {lv.level: lv for lv in CompetencyLevel.objects.select_for_update().filter(competency=competency)}
    changed = 0
    for level, text in sorted(descriptions.items()):
        text = text.strip()
        row = existing.get(level)
        if not text:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is None:
            row = CompetencyLevel(competency=competency, level=level)
        elif row.description == text:
            continue
        row.description = text
        row.full_clean()
        row.save()
        changed += 1
    return changed


def password_reset_request(*, email: str) -> None:
    """Queue a reset link to every active account with this email address.

    Says nothing about whether one exists: the caller answers the same either
    way, and the email is sent by the worker, so the answer takes the same
    time too. Accounts without a usable password (single sign-on, disabled)
    and unconfirmed sign-ups get nothing.
    """
    from asn_competency.common.outbox import enqueue

    from .tasks import send_password_reset
    from .usernames import username_normalise

    email = username_normalise(email)
    if not email:
        return
    for user_id in User.objects.filter(email__iexact=email, is_active=True).values_list("pk", flat=True):
        enqueue(send_password_reset, user_id)
