"""Who may do what in the community app: one place, used by views, templates and services."""

from accounts.roles import Role, has_role

MODERATOR_ROLES = (Role.MODERATOR, Role.ADMIN)
ADOPTER_ROLES = (Role.HR, Role.MODERATOR, Role.ADMIN)
MEETING_ORGANISER_ROLES = (Role.HR, Role.MODERATOR, Role.ADMIN)
CITIZEN_GROUP = "citizen"


def can_moderate(user) -> bool:
    return has_role(user, *MODERATOR_ROLES)


def can_adopt(user) -> bool:
    return has_role(user, *ADOPTER_ROLES)


def can_organise_meetings(user) -> bool:
    return has_role(user, *MEETING_ORGANISER_ROLES)


def can_participate(user) -> bool:
    """Support, follow and report need an account (so that each counts once)."""
    return getattr(user, "is_authenticated", False) and user.is_active


def status_choices_for(user, topic) -> list[str]:
    """The statuses this user may set on the topic (adoption has its own form)."""
    from .models import Topic

    if not getattr(user, "is_authenticated", False):
        return []
    if can_moderate(user):
        return [Topic.Status.OPEN, Topic.Status.ANSWERED, Topic.Status.CLOSED]
    allowed = set()
    if topic.author_id == user.pk:
        allowed |= {Topic.Status.OPEN, Topic.Status.ANSWERED, Topic.Status.CLOSED}
    if has_role(user, Role.ASN):
        allowed.add(Topic.Status.ANSWERED)
    if topic.status == Topic.Status.ADOPTED:
        return []
    return [s for s in (Topic.Status.OPEN, Topic.Status.ANSWERED, Topic.Status.CLOSED) if s in allowed]
