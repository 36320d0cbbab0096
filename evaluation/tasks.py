"""Celery tasks of the evaluation app: take ids, hold no rules, idempotent."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from asn_competency.common.site import site_url
from notifications.models import Kind
from notifications.selectors import notification_email_wanted
from notifications.services import notify

from . import services
from .models import FollowUp, SurveyInvitation
from .services.follow_ups import follow_up_claim_email, follow_ups_due_to_notify
from .services.surveys import survey_invitation_mark, survey_invitations_to_remind


def _address(employee) -> str:
    if employee is None:
        return ""
    return employee.email or (employee.user.email if employee.user_id else "")


def _mail(template: str, subject: str, to: str, context: dict, *, person=None, kind: str = "", link: str = "") -> bool:
    """E-mail unless the recipient's preference for `kind` says otherwise (False
    when not e-mailed), and put the notice in `person`'s inbox (their account)."""
    user_id = person.user_id if person is not None else None
    if user_id is not None and user_id not in notification_email_wanted(user_ids=[user_id], kind=kind):
        to = ""
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": site_url()}
        title = translation.gettext(subject) % context
        if to:
            send_mail(title, render_to_string(template, context), None, [to])
    # After the send: a failed send is retried without a second inbox row.
    if user_id is not None:
        notify(users=[user_id], kind=kind, title=title, link=link)
    return bool(to)


@shared_task(name="evaluation.send_survey_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_survey_invitation(invitation_id: int, reminder: bool = False) -> bool:
    """Email one survey invitation (or its reminder), at most once each."""
    invitation = (
        SurveyInvitation.objects.select_related("enrollment__employee__user", "session__program")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.responded_at is not None:
        return False
    if not survey_invitation_mark(invitation_id=invitation_id, field="reminded_at" if reminder else "emailed_at"):
        return False
    subject = (
        gettext_noop("Reminder: survey for %(title)s") if reminder else gettext_noop("Your opinion please: %(title)s")
    )
    return _mail(
        "evaluation/email/survey.txt",
        subject,
        _address(invitation.enrollment.employee),
        {"invitation": invitation, "title": invitation.session.display_title, "reminder": reminder},
        person=invitation.enrollment.employee,
        kind=Kind.SURVEY,
        link=invitation.get_absolute_url(),
    )


@shared_task(name="evaluation.open_surveys")
def open_surveys(session_id: int | None = None) -> int:
    """Beat (hourly): invite the attendees of sessions that ended. With a
    `session_id` (enqueued when HR closes a session): that session only."""
    if session_id is not None:
        return services.survey_invitations_open_for_session(session_id=session_id)
    return services.survey_invitations_open_due()


@shared_task(name="evaluation.send_survey_reminders")
def send_survey_reminders() -> int:
    """Beat: remind non-respondents shortly before their survey closes."""
    ids = survey_invitations_to_remind()
    for pk in ids:
        send_survey_invitation.delay(pk, reminder=True)
    return len(ids)


@shared_task(name="evaluation.send_follow_up_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_follow_up_email(follow_up_id: int) -> bool:
    follow_up = (
        FollowUp.objects.select_related("supervisor__user", "enrollment__employee", "session__program")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        return False
    kind = follow_up_claim_email(follow_up_id=follow_up_id)
    if kind is None:
        return False
    subject = (
        gettext_noop("Reminder: follow-up of %(name)s")
        if kind == "remind"
        else gettext_noop("Follow-up of %(name)s after %(title)s")
    )
    return _mail(
        "evaluation/email/follow_up.txt",
        subject,
        _address(follow_up.supervisor),
        {
            "follow_up": follow_up,
            "name": follow_up.enrollment.employee.full_name,
            "title": follow_up.session.display_title,
            "reminder": kind == "remind",
        },
        person=follow_up.supervisor,
        kind=Kind.FOLLOW_UP,
        link=follow_up.get_absolute_url(),
    )


@shared_task(name="evaluation.schedule_follow_ups")
def schedule_follow_ups() -> int:
    """Beat: create pending follow-ups and email supervisors whose follow-ups are due."""
    created = services.follow_ups_schedule()
    for pk in follow_ups_due_to_notify():
        send_follow_up_email.delay(pk)
    return created


@shared_task(name="evaluation.generate_report", acks_late=True, reject_on_worker_lost=True)
def generate_report(run_id: int) -> int:
    """Compute one report run (on demand or from the beat job). acks_late: the
    message stays with the broker until the run ends, so a dead worker's run is
    redelivered after the visibility timeout; its lease gets it rerun sooner."""
    return services.report_run_execute(run_id=run_id).pk


@shared_task(name="evaluation.recover_report_runs")
def recover_report_runs() -> list[int]:
    """Beat (every minute): queue again the runs whose worker died (lease expired)."""
    return services.report_runs_recover()


@shared_task(name="evaluation.generate_period_reports")
def generate_period_reports() -> list[int]:
    """Beat (1st of the month): reports of the month, quarter and year just ended."""
    return services.reports_request_previous_periods()


@shared_task(name="evaluation.summary_refresh")
def summary_refresh(recent_days: int | None = None) -> int:
    """Rebuild the dashboard's summary (idempotent: the same sources give the same
    rows): all of it, or the sessions that ended in the last `recent_days` days."""
    from .models import SummaryBuild
    from .services.summary import evaluation_summary_refresh

    if recent_days is None or not SummaryBuild.objects.filter(name=SummaryBuild.DASHBOARD).exists():
        return evaluation_summary_refresh()  # nightly, or never built yet: all of it
    since = timezone.now() - datetime.timedelta(days=recent_days)
    return evaluation_summary_refresh(since=since)
