"""Who may do what with announcements: named predicates, the one place each rule
lives (django-rules style). Views, the API's permission classes, templates and
services call these; no view spells a role tuple."""

from accounts.roles import STAFF_ROLES, has_role


def can_manage_announcements(user) -> bool:
    """HR (and administrators) write announcements, preview their audience and see
    every announcement with its progress."""
    return has_role(user, *STAFF_ROLES)


def can_view_announcement(user, announcement) -> bool:
    """HR, and the people it was delivered to (their inbox links here)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_announcements(user):
        return True
    return announcement.recipients.filter(user_id=user.pk, delivered_at__isnull=False).exists()
