from .asn import asn_report_create, asn_report_set_status, asn_subject_resolve
from .citizen import (
    feedback_citizen_can_rate,
    feedback_citizen_can_reopen,
    feedback_citizen_can_reply,
    feedback_citizen_rate,
    feedback_citizen_reopen,
    feedback_citizen_reply,
    feedback_reopen_deadline,
)
from .counts import feedback_status_counts_refresh
from .followup import feedback_auto_close, overdue_digest_send
from .ikm import (
    ikm_refresh,
    ikm_summary_invalidate,
    ikm_summary_mark_dirty,
    ikm_summary_period_refresh,
    ikm_summary_refresh,
)
from .kiosk import kiosk_create, kiosk_pair, kiosk_pairing_issue, kiosk_revoke, kiosk_token_hash
from .notices import citizen_email_send, feedback_officers_notify
from .submission import contact_validate, feedback_submission_errors, feedback_submit
from .workflow import (
    TRANSITIONS,
    feedback_add_note,
    feedback_allowed_actions,
    feedback_close,
    feedback_forward,
    feedback_reject,
    feedback_require_handler,
    feedback_respond,
    feedback_tag,
    feedback_user_can_handle,
    feedback_verify,
)

__all__ = [
    "citizen_email_send",
    "TRANSITIONS",
    "asn_report_create",
    "asn_report_set_status",
    "asn_subject_resolve",
    "contact_validate",
    "feedback_add_note",
    "feedback_allowed_actions",
    "feedback_auto_close",
    "feedback_citizen_can_rate",
    "feedback_citizen_can_reopen",
    "feedback_citizen_can_reply",
    "feedback_citizen_rate",
    "feedback_citizen_reopen",
    "feedback_citizen_reply",
    "feedback_close",
    "feedback_officers_notify",
    "feedback_reopen_deadline",
    "feedback_forward",
    "feedback_reject",
    "feedback_require_handler",
    "feedback_respond",
    "feedback_submission_errors",
    "feedback_submit",
    "feedback_tag",
    "feedback_user_can_handle",
    "feedback_verify",
    "ikm_refresh",
    "feedback_status_counts_refresh",
    "ikm_summary_invalidate",
    "ikm_summary_mark_dirty",
    "ikm_summary_period_refresh",
    "ikm_summary_refresh",
    "kiosk_create",
    "kiosk_pair",
    "kiosk_pairing_issue",
    "kiosk_revoke",
    "kiosk_token_hash",
    "overdue_digest_send",
]
