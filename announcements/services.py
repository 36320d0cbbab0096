"""Writes of announcements: write a draft, send it (queue the job), deliver it in
batches through the notification centre, recover jobs whose worker died.

Exactly once per person: the job first freezes the audience into
AnnouncementRecipient rows (unique per announcement and user), then delivers
batches; each batch holds the announcement's row lock, takes rows not delivered
yet, writes their notices (notifications.notify: one INSERT for the batch, the
e-mails queued through the outbox as each person chose) and marks the rows
delivered in the same transaction. A retried task, a second worker or a worker
presumed dead that was not can only find rows nobody has delivered.
"""

import datetime
import html
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.markup import render_markdown
from asn_competency.common.outbox import enqueue
from asn_competency.common.site import absolute_url
from notifications.models import Kind
from notifications.services import notify

from . import rules
from .models import Announcement, AnnouncementRecipient
from .selectors import announcement_audience_args, announcement_audience_count, announcement_audience_of

logger = logging.getLogger(__name__)

Status = Announcement.Status


def _require_manager(actor) -> None:
    if not rules.can_manage_announcements(actor):
        raise ApplicationError(_("Only HR staff can send announcements."), code="forbidden", status=403)


@transaction.atomic
def announcement_create(
    *,
    actor,
    subject: str,
    body: str,
    audience: str,
    session=None,
    program=None,
    unit=None,
    include_subunits: bool = True,
) -> Announcement:
    """A draft announcement (nothing is delivered until it is sent). Only the
    target of the chosen audience is kept; a missing target or a text too long is
    refused (ValidationError)."""
    _require_manager(actor)
    announcement = Announcement(
        subject=(subject or "").strip(),
        body=(body or "").strip(),
        audience=audience,
        session=session if audience == Announcement.Audience.SESSION else None,
        program=program if audience == Announcement.Audience.PROGRAM else None,
        unit=unit if audience == Announcement.Audience.UNIT else None,
        include_subunits=bool(include_subunits) if audience == Announcement.Audience.UNIT else True,
        created_by=actor,
    )
    _check_target(announcement)
    announcement.full_clean()
    announcement.save()
    return announcement


def _check_target(announcement: Announcement) -> None:
    field = {
        Announcement.Audience.SESSION: "session",
        Announcement.Audience.PROGRAM: "program",
        Announcement.Audience.UNIT: "unit",
    }.get(announcement.audience)
    if field and getattr(announcement, f"{field}_id") is None:
        message = {
            "session": _("Choose the session whose participants receive it."),
            "program": _("Choose the program whose alumni receive it."),
            "unit": _("Choose the organisation unit whose ASN receive it."),
        }[field]
        raise ValidationError({field: message})


@transaction.atomic
def announcement_send(*, announcement_id: int, actor) -> Announcement:
    """Queue the delivery of a draft. Refused when the audience is empty (400) or
    when it was already sent (409): the row lock makes two HR staff clicking
    "send" at once queue it once; the other gets the 409."""
    _require_manager(actor)
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Status.DRAFT:
        raise ConflictError(_("This announcement has already been sent."), code="already_sent")
    total = announcement_audience_count(**announcement_audience_args(announcement=announcement))
    if not total:
        raise ApplicationError(_("Nobody is in this audience: there is no one to send it to."), code="empty_audience")
    now = timezone.now()
    Announcement.objects.filter(pk=announcement.pk).update(
        status=Status.QUEUED, total=total, sent_by=actor, queued_at=now, updated_at=now, error=""
    )
    from .tasks import deliver_announcement

    enqueue(deliver_announcement, announcement.pk)
    announcement.refresh_from_db()
    return announcement


@transaction.atomic
def announcement_resume(*, announcement_id: int, actor) -> Announcement:
    """Queue a failed delivery again; it goes on with the people not reached yet."""
    _require_manager(actor)
    updated = Announcement.objects.filter(pk=announcement_id, status=Status.FAILED).update(
        status=Status.QUEUED, error="", finished_at=None, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError(_("Only a delivery that stopped with an error can be resumed."), code="not_failed")
    from .tasks import deliver_announcement

    enqueue(deliver_announcement, announcement_id)
    return Announcement.objects.get(pk=announcement_id)


def _lease_expired_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.ANNOUNCEMENT_LEASE_SECONDS)


def announcement_deliver(*, announcement_id: int, batch_size: int | None = None) -> Announcement:
    """The job: claim the announcement, freeze its recipients once, deliver them
    in batches, finish. Idempotent and safe to run twice at once (see the module).

    Lease: `updated_at` moves with every batch (the heartbeat). A worker claims a
    queued announcement, or a sending one whose heartbeat is older than
    ANNOUNCEMENT_LEASE_SECONDS (its worker died); `announcement_recover` (beat,
    every minute) queues those again."""
    batch_size = batch_size or settings.ANNOUNCEMENT_BATCH_SIZE
    claimable = Q(status=Status.QUEUED) | Q(status=Status.SENDING, updated_at__lt=_lease_expired_before())
    if not Announcement.objects.filter(claimable, pk=announcement_id).update(
        status=Status.SENDING, updated_at=timezone.now()
    ):
        return Announcement.objects.get(pk=announcement_id)
    try:
        _snapshot(announcement_id)
        while _deliver_batch(announcement_id, batch_size):
            pass
    except Exception as exc:
        Announcement.objects.filter(pk=announcement_id, status=Status.SENDING).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:300], finished_at=timezone.now()
        )
        raise
    now = timezone.now()
    Announcement.objects.filter(pk=announcement_id, status=Status.SENDING).update(
        status=Status.SENT, finished_at=now, updated_at=now
    )
    return Announcement.objects.get(pk=announcement_id)


@transaction.atomic
def _snapshot(announcement_id: int) -> None:
    """Freeze who receives it: one INSERT ... SELECT of the audience (done once,
    under the row lock; a later enrolment does not join a delivery under way)."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.snapshot_at is not None:
        return
    sql, params = announcement_audience_of(announcement=announcement).values("pk").query.sql_with_params()
    table = AnnouncementRecipient._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (announcement_id, user_id) SELECT %s, audience.* FROM ({sql}) audience",  # noqa: S608
            [announcement_id, *params],
        )
        total = cursor.rowcount
    Announcement.objects.filter(pk=announcement_id).update(
        snapshot_at=timezone.now(), total=total, updated_at=timezone.now()
    )


@transaction.atomic
def _deliver_batch(announcement_id: int, batch_size: int) -> int:
    """Deliver the next batch; returns how many (0: nothing left, or the job is no
    longer this worker's). A constant number of queries for any batch size."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Status.SENDING:
        return 0
    rows = list(
        AnnouncementRecipient.objects.filter(announcement_id=announcement_id, delivered_at__isnull=True)
        .order_by("id")
        .values_list("id", "user_id")[:batch_size]
    )
    if not rows:
        return 0
    title, text, link, email_body = _notice(announcement)
    notify(
        users=[user_id for _pk, user_id in rows],
        kind=Kind.ANNOUNCEMENT,
        title=title,
        body=text,
        link=link,
        email_subject=title,
        email_body=email_body,
        email_batched=True,
    )
    now = timezone.now()
    AnnouncementRecipient.objects.filter(pk__in=[pk for pk, _user in rows]).update(delivered_at=now)
    Announcement.objects.filter(pk=announcement_id).update(delivered=F("delivered") + len(rows), updated_at=now)
    return len(rows)


def _notice(announcement: Announcement) -> tuple[str, str, str, str]:
    """The inbox title, its short text (the message as plain text), the link to
    the whole message, and the e-mail's body (rendered in the site's language)."""
    link = announcement.get_absolute_url()
    text = html.unescape(strip_tags(render_markdown(announcement.body)))
    with translation.override(settings.LANGUAGE_CODE):
        email_body = render_to_string(
            "announcements/email/announcement.txt", {"announcement": announcement, "url": absolute_url(link)}
        )
    return announcement.subject, text, link, email_body


def announcement_recover() -> list[int]:
    """Beat: queue again the announcements whose worker died (no batch for longer
    than the lease) and queued ones whose message was lost. Returns their ids."""
    from .tasks import deliver_announcement

    stale = Q(status__in=[Status.QUEUED, Status.SENDING], updated_at__lt=_lease_expired_before())
    recovered = []
    for pk in Announcement.objects.filter(stale).values_list("pk", flat=True):
        with transaction.atomic():
            if Announcement.objects.filter(stale, pk=pk).update(status=Status.QUEUED, updated_at=timezone.now()):
                logger.warning("announcement %s: lease expired, queued again", pk)
                enqueue(deliver_announcement, pk)
                recovered.append(pk)
    return recovered
