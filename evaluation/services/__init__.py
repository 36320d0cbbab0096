"""Writes of the evaluation app (services write, selectors read)."""

from .follow_ups import follow_up_submit, follow_ups_schedule
from .prepost import post_test_passed, test_question_save, test_submit
from .questionnaires import program_evaluation_set, questionnaire_save
from .reports import (
    finding_decide,
    report_request,
    report_run_execute,
    report_runs_recover,
    reports_request_previous_periods,
)
from .surveys import (
    survey_invitations_create,
    survey_invitations_open_due,
    survey_invitations_open_for_session,
    survey_submit,
)

__all__ = [
    "finding_decide",
    "follow_up_submit",
    "follow_ups_schedule",
    "post_test_passed",
    "program_evaluation_set",
    "questionnaire_save",
    "report_request",
    "report_run_execute",
    "report_runs_recover",
    "reports_request_previous_periods",
    "survey_invitations_create",
    "survey_invitations_open_due",
    "survey_invitations_open_for_session",
    "survey_submit",
    "test_question_save",
    "test_submit",
]
