"""The one way views, the API, templates and the navigation ask "may this user do
this (to that)?": a named django-rules permission (see accounts/rules.py and each
app's rules.py).

- views: `@permission_required("training.manage_sessions")`; rules about an object:
  `check_perm(request.user, "...", obj)` once the view has loaded it (one query);
- API: `permission_classes = [HasRulePermission]` with `permission_required = "..."`
  on the view;
- templates: `{% load permissions %}{% has_perm "training.manage_sessions" user as can %}`;
- navigation: `NavItem(perm="training.manage_sessions")`.

An account without an ASN profile gets one answer everywhere an ASN profile is needed:
403 with the code `no_employee_profile` (JSON in the API; in pages the template
`accounts/no_employee_profile.html`, which says to ask BKPSDM to link the NIP).
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .rules import ASN_PERMISSIONS, employee_of, has_employee

NO_EMPLOYEE_PROFILE = "no_employee_profile"


class NoEmployeeProfile(PermissionDenied):
    """The account is not linked to an ASN profile: 403 `no_employee_profile`."""

    code = NO_EMPLOYEE_PROFILE
    message = _(
        "Your account is not linked to an ASN profile. Ask BKPSDM to link your NIP to this account, then sign in again."
    )

    def __init__(self, message=None):
        super().__init__(message or self.message)


def user_can(user, perm: str, obj=None) -> bool:
    """The rule's answer (no Django model permissions, no superuser shortcut: superusers
    pass the rules that let administrators pass)."""
    return rules.has_perm(perm, user, obj)


def check_perm(user, perm: str, obj=None) -> None:
    """Raise NoEmployeeProfile or PermissionDenied unless `user` has `perm` (on `obj`)."""
    if user_can(user, perm, obj):
        return
    if perm in ASN_PERMISSIONS and not has_employee(user):
        raise NoEmployeeProfile
    raise PermissionDenied


def require_employee(user):
    """The user's ASN profile; NoEmployeeProfile without one (for services and views
    that act for the signed-in ASN)."""
    employee = employee_of(user)
    if employee is None:
        raise NoEmployeeProfile
    return employee


def permission_required(perm: str):
    """View decorator: anonymous visitors are sent to the login page; signed-in users
    without `perm` get 403 (`no_employee_profile` when the permission needs an ASN
    profile they lack)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check_perm(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HasRulePermission(BasePermission):
    """DRF: checks the view's `permission_required` (a rule name) for the request's user
    (rules about an object: `check_perm` once the view has loaded it). Anonymous
    requests answer 401/403 `not_authenticated`."""

    message = _("You do not have permission to perform this action.")

    def has_permission(self, request, view):
        perm = getattr(view, "permission_required", None)
        if not perm:  # a view that names no rule must not become public by mistake
            raise ImproperlyConfigured(f"{type(view).__name__} uses HasRulePermission without permission_required")
        if not getattr(request.user, "is_authenticated", False):
            return False
        check_perm(request.user, perm)
        return True
