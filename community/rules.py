"""Who may do what in the community app: one place, used by views, the API,
templates and services. Each rule is a named predicate `can_<verb>(user, ...)`.

Official answers come only from people designated for the topic's unit or
service: HR, moderators and administrators everywhere; the unit officers of
the topic's unit (the unit that runs its forum, or the unit of the public
service it is about); and the people a moderator designated as answerers of
its forum. Only they set a topic answered or closed.

The predicates are django-rules predicates; the permissions at the end are what the
views (accounts.permissions.permission_required), the API (HasRulePermission), the
templates ({% has_perm %}) and the navigation check.
"""

import rules
from django.apps import apps

from accounts.roles import Role, has_role
from accounts.rules import employee_of, is_admin, is_authenticated, is_hr, is_hr_staff, is_moderator, is_unit_officer

# Accounts that speak for the city government; everyone else (citizens, guests)
# writes as the public, whose posts are checked for personal data.
GOVERNMENT_ROLES = (Role.ASN, Role.HR, Role.SUPERVISOR, Role.MODERATOR, Role.UNIT_OFFICER, Role.ADMIN)
CITIZEN_GROUP = "citizen"

_active = is_authenticated

can_moderate = is_moderator | is_admin
# HR, moderators and administrators: they adopt topics, organise meetings, read the
# forum statistics and answer and settle topics city-wide.
is_forum_staff = is_hr | is_moderator | is_admin
can_adopt = is_forum_staff
can_organise_meetings = is_forum_staff
# Support, follow and report need an account (so that each counts once).
can_participate = is_authenticated


@rules.predicate
def can_support(user, topic) -> bool:
    """A support vote counts other people's interest: authors do not vote for their own topics."""
    return can_participate(user) and topic.author_id != user.pk


@rules.predicate
def writes_as_public(user) -> bool:
    """Guests and citizens' accounts: their posts are held when they reveal personal data."""
    return not _active(user) or not has_role(user, *GOVERNMENT_ROLES)


def topic_unit_ids(topic) -> frozenset:
    """The units a topic belongs to: its forum's unit and the unit of its public service."""
    cached = getattr(topic, "_unit_ids", None)
    if cached is None:
        ids = {topic.category.org_unit_id} if topic.category.org_unit_id else set()
        if topic.service_code:
            try:
                service_model = apps.get_model("feedback", "Service")
            except LookupError:
                service_model = None
            if service_model is not None:
                ids |= set(service_model.objects.filter(code=topic.service_code).values_list("unit_id", flat=True))
        cached = topic._unit_ids = frozenset(ids)
    return cached


def _own_unit_id(user) -> int | None:
    """The unit the user works at (cached on the user object for the request)."""
    employee = employee_of(user)
    return employee.org_unit_id if employee is not None and employee.is_active else None


@rules.predicate
def is_designated_for(user, topic) -> bool:
    """Whether the user answers for the topic's unit or service (see the module docstring)."""
    if not _active(user):
        return False
    if is_forum_staff(user):
        return True
    cache = getattr(user, "_community_designated", None)
    if cache is None:
        cache = user._community_designated = {}
    if topic.pk not in cache:
        # Only accounts of the city government answer officially (a citizen never does,
        # which spares the query on the pages citizens read).
        designated = has_role(user, *GOVERNMENT_ROLES) and topic.category.answerers.filter(pk=user.pk).exists()
        if not designated and is_unit_officer(user):
            designated = _own_unit_id(user) in topic_unit_ids(topic)
        cache[topic.pk] = designated
    return cache[topic.pk]


@rules.predicate
def can_answer_officially(user, topic) -> bool:
    """Offered the "answer officially" choice when replying to this topic."""
    return topic.accepts_replies and is_designated_for(user, topic)


def status_choices_for(user, topic) -> list[str]:
    """The statuses this user may set on the topic (adoption has its own form):
    moderators, and the people designated for it unless it was adopted."""
    from .models import Topic

    every = [Topic.Status.OPEN, Topic.Status.ANSWERED, Topic.Status.CLOSED]
    if can_moderate(user):
        return every
    if topic.status == Topic.Status.ADOPTED or not is_designated_for(user, topic):
        return []
    return every


def can_set_status(user, topic, status: str) -> bool:
    return status in status_choices_for(user, topic)


rules.add_perm("community.moderate", can_moderate)
rules.add_perm("community.adopt_topic", can_adopt)
rules.add_perm("community.view_stats", is_forum_staff)
rules.add_perm("community.organise_meetings", can_organise_meetings)
rules.add_perm("community.participate", can_participate)
rules.add_perm("community.support_topic", can_support)
rules.add_perm("community.answer_officially", can_answer_officially)
# Adopted topics and meeting outcomes feed program revision (HR staff).
rules.add_perm("community.view_inputs", is_hr_staff)
