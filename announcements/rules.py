"""Who may do what with announcements: named predicates and permissions (django-rules;
accounts/permissions.py). Views, the API, templates, services and the navigation
check these; no view spells a role tuple."""

import rules

from accounts.rules import is_hr_staff

# HR (and administrators) write announcements, preview their audience and see every
# announcement with its progress.
can_manage_announcements = is_hr_staff


@rules.predicate
def can_view_announcement(user, announcement) -> bool:
    """HR, and the people it was delivered to (their inbox links here)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_announcements(user):
        return True
    return announcement.recipients.filter(user_id=user.pk, delivered_at__isnull=False).exists()


rules.add_perm("announcements.manage_announcements", can_manage_announcements)
rules.add_perm("announcements.view_announcement", can_view_announcement)
