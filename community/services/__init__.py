"""Writes of the community app (forums, moderation, meetings, citizen sign-up)."""

from .citizens import citizen_confirm_email, citizen_signup
from .forum import (
    post_create,
    topic_adopt,
    topic_create,
    topic_follow,
    topic_set_status,
    topic_support,
    topic_unfollow,
    topic_unsupport,
)
from .meetings import (
    meeting_check_in,
    meeting_outcome_add,
    meeting_outcome_delete,
    meeting_record_minutes,
    meeting_register,
    meeting_save,
    registration_cancel,
)
from .moderation import post_moderate, post_report, topic_moderate

__all__ = [
    "citizen_confirm_email",
    "citizen_signup",
    "meeting_check_in",
    "meeting_outcome_add",
    "meeting_outcome_delete",
    "meeting_record_minutes",
    "meeting_register",
    "meeting_save",
    "post_create",
    "post_moderate",
    "post_report",
    "registration_cancel",
    "topic_adopt",
    "topic_create",
    "topic_follow",
    "topic_moderate",
    "topic_set_status",
    "topic_support",
    "topic_unfollow",
    "topic_unsupport",
]
