"""Writes of the training app (services write, selectors read)."""

from .attendance import attendance_day_check_open, attendance_mark, attendance_mark_all_present
from .check_in import attendance_check_in, check_in_token, check_in_token_read
from .claims import external_claim_decide, external_claim_revoke, external_claim_submit
from .enrollment import (
    can_self_cancel,
    cancellation_deadline_of,
    completion_problems,
    enrollment_approve,
    enrollment_cancel,
    enrollment_complete,
    enrollment_create,
    enrollment_mark_not_completed,
    enrollment_notifications_muted,
    enrollment_reject,
    session_finalize,
    waitlist_promote,
)
from .jp import external_training_credit, external_training_record, jp_ledger_credit, jp_ledger_credit_many
from .programs import program_revise, program_save
from .resources import trainer_save, venue_save
from .sessions import (
    session_cancel,
    session_days_sync,
    session_is_open,
    session_reopen,
    session_save,
    session_schedule_warnings,
)

__all__ = [
    "attendance_check_in",
    "attendance_day_check_open",
    "check_in_token",
    "check_in_token_read",
    "attendance_mark",
    "attendance_mark_all_present",
    "can_self_cancel",
    "cancellation_deadline_of",
    "completion_problems",
    "enrollment_approve",
    "enrollment_cancel",
    "enrollment_complete",
    "enrollment_create",
    "enrollment_mark_not_completed",
    "enrollment_notifications_muted",
    "enrollment_reject",
    "external_claim_decide",
    "external_claim_revoke",
    "external_claim_submit",
    "external_training_credit",
    "external_training_record",
    "jp_ledger_credit",
    "jp_ledger_credit_many",
    "program_revise",
    "program_save",
    "session_cancel",
    "session_days_sync",
    "session_finalize",
    "session_is_open",
    "session_reopen",
    "session_save",
    "session_schedule_warnings",
    "trainer_save",
    "venue_save",
    "waitlist_promote",
]
