"""Roles are Django groups with these names; one place for who may do what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR = "hr", _("HR staff (BKPSDM)")
    ASN = "asn", _("Civil servant (ASN)")
    SUPERVISOR = "supervisor", _("Supervisor")
    MODERATOR = "moderator", _("Forum moderator")
    UNIT_OFFICER = "unit_officer", _("Unit service officer")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.HR, Role.ADMIN})


def roles_of(user) -> frozenset:
    """The role names of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMIN.value}
        user._role_cache = cached
    return cached


def has_role(user, *roles) -> bool:
    """True when the user has any of `roles`; superusers have every role."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user) & {str(r) for r in roles})
