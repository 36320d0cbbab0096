"""Who may do what: the shared predicates (django-rules) every app's `rules.py` builds on,
and the accounts app's own permissions.

A predicate answers for a user (and, for object rules, an object); a permission is a
named rule (`rules.add_perm("training.manage_sessions", is_hr_staff)`) checked by the
views' `permission_required` decorator, the API's `HasRulePermission` class, the
templates' `{% has_perm %}` tag and the navigation (accounts/permissions.py).

Predicates that need the database cache their answer on the user object, so a page
that asks the same question for every row of a list asks the database once.
"""

import rules

from .roles import Role, has_role


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


@rules.predicate
def is_hr(user) -> bool:
    """The HR role (BKPSDM) itself; administrators pass `is_hr_staff`."""
    return has_role(user, Role.HR)


# HR staff: BKPSDM and administrators (accounts.roles.STAFF_ROLES): they run the
# trainings, the reports and the dictionary city-wide.
is_hr_staff = is_hr | is_admin


@rules.predicate
def is_asn(user) -> bool:
    """An account with the civil-servant role (its ASN profile may still be unlinked:
    see `has_employee`)."""
    return has_role(user, Role.ASN)


@rules.predicate
def is_supervisor(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


@rules.predicate
def is_moderator(user) -> bool:
    return has_role(user, Role.MODERATOR)


@rules.predicate
def is_unit_officer(user) -> bool:
    return has_role(user, Role.UNIT_OFFICER)


def employee_of(user):
    """The ASN profile (Employee) of the account, or None; loaded once per user object
    (i.e. once per request) with its unit, position and supervisor."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_asn_employee"):
        from .selectors import employee_for_user

        user._asn_employee = employee_for_user(user=user)
    return user._asn_employee


@rules.predicate
def has_employee(user) -> bool:
    """The account is linked to an ASN profile (an Employee with a NIP). Pages and API
    endpoints for civil servants need it; without it they answer 403
    `no_employee_profile` with what to do (accounts.permissions.NoEmployeeProfile)."""
    return employee_of(user) is not None


# The permissions that need an ASN profile: refused with `no_employee_profile` when
# the account has none, whatever else the rule says (accounts.permissions.check_perm).
ASN_PERMISSIONS: set[str] = set()


def add_asn_perm(name: str, predicate=None) -> None:
    """Register a permission that needs an ASN profile: `has_employee` alone, or a
    predicate that can only hold for an account with a profile (the owner of an
    enrolment, the supervisor of a follow-up...: it is checked without a second
    query). Refused without a profile as `no_employee_profile`."""
    ASN_PERMISSIONS.add(name)
    rules.add_perm(name, has_employee if predicate is None else predicate)


# The ASN menu is shown to accounts with the ASN role; the pages behind it need the
# linked profile and explain what to do without it.
rules.add_perm("accounts.see_asn_menu", is_asn)
rules.add_perm("accounts.manage_competencies", is_hr_staff)
rules.add_perm("accounts.use_admin_site", is_admin)
