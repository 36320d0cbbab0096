"""Writes of the notification centre: `notify` is the one way every part of the
system tells a person something (in-app always; e-mail as each person chose)."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from asn_competency.common.errors import ApplicationError
from asn_competency.common.outbox import enqueue, enqueue_many
from asn_competency.common.site import absolute_url

from .models import EmailChoice, Kind, Notification, NotificationPreference
from .selectors import notification_email_preferences, notification_get

TITLE_MAX = Notification._meta.get_field("title").max_length
BODY_MAX = Notification._meta.get_field("body").max_length
LINK_MAX = Notification._meta.get_field("link").max_length


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _user_ids(users) -> list[int]:
    ids = []
    for user in users:
        user_id = user if isinstance(user, int) else user.pk
        if user_id is not None and user_id not in ids:
            ids.append(user_id)
    return ids


@transaction.atomic
def notify(
    *,
    users: Iterable,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    email_subject: str | None = None,
    email_body: str | None = None,
    email_batched: bool = False,
) -> list[Notification]:
    """Put one notice in the inbox of each of `users` (User objects or ids) and
    e-mail it to those whose preference for `kind` is "on" (queued through the
    outbox, so the e-mail follows the commit and survives a broker outage).
    Users who chose the daily digest get it in the next digest; "off": in-app only.

    Without `email_subject` no e-mail is queued here. Callers that write their
    own e-mail (the Celery tasks of training, evaluation, feedback, community)
    ask `notification_email_wanted` first, send to those, then call `notify`
    (after the send: a failed send is retried without a second inbox row). `link` is a path on this site. Texts are stored as given (callers
    render them in the site's language). A constant number of queries for any
    number of users: preferences (1), addresses (1), one INSERT, one outbox INSERT.

    `email_batched`: one background task e-mails all of this call's notices (one
    outbox row and one SMTP connection for the batch, instead of one task per
    person); for mass sends such as announcements.
    """
    rows, preferences = _notify(users=users, kind=kind, title=title, body=body, link=link)
    if email_subject and rows:
        with_address = set(
            get_user_model()
            .objects.filter(pk__in=[uid for uid, choice in preferences.items() if choice == EmailChoice.ON])
            .exclude(email="")
            .values_list("pk", flat=True)
        )
        to_mail = [row.pk for row in rows if row.recipient_id in with_address]
        if to_mail:
            from .tasks import send_notification_email, send_notification_emails

            subject = _clip(email_subject, 200)
            if email_batched:
                enqueue(send_notification_emails, to_mail, subject=subject, body=email_body or "")
            else:
                enqueue_many(send_notification_email, [(pk,) for pk in to_mail], subject=subject, body=email_body or "")
    return rows


def _notify(*, users, kind, title, body, link) -> tuple[list[Notification], dict[int, str]]:
    """The in-app rows (one INSERT) and each recipient's e-mail choice for `kind`."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    user_ids = _user_ids(users)
    if not user_ids:
        return [], {}
    preferences = notification_email_preferences(user_ids=user_ids, kind=kind)
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=kind,
                title=_clip(title, TITLE_MAX),
                body=_clip(body, BODY_MAX),
                link=(link or "")[:LINK_MAX],
                created_at=now,
                digest=preferences[user_id] == EmailChoice.DIGEST,
            )
            for user_id in user_ids
        ]
    )
    return rows, preferences


def notification_email_send(*, notification_id: int, subject: str, body: str = "", connection=None) -> bool:
    """Send one notice by e-mail, at most once: `emailed_at` is claimed with a
    conditional UPDATE first and released again when sending fails (the retry
    claims it again). `connection`: an open mail connection to reuse."""
    if not Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    to = notification.recipient.email
    if not to:
        return False
    if not body:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "notifications/email/notice.txt",
                {
                    "notification": notification,
                    "url": absolute_url(notification.link or reverse("notifications:inbox")),
                },
            )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], connection=connection)
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def notification_emails_send(*, notification_ids: list[int], subject: str, body: str = "") -> int:
    """E-mail a batch of notices over one mail connection, each at most once (see
    `notification_email_send`); returns how many went out. A failure stops the
    batch with the notices not sent yet unclaimed, so a retry sends only those."""
    sent = 0
    with get_connection() as connection:
        for notification_id in notification_ids:
            if notification_email_send(
                notification_id=notification_id, subject=subject, body=body, connection=connection
            ):
                sent += 1
    return sent


def notification_digest_send(*, user_id: int, limit: int = 200) -> int:
    """E-mail one user the notices waiting for their daily digest; returns how
    many it listed. The rows are claimed (row locks, skipping rows another run
    holds, then `emailed_at`) before sending, so two runs never list a notice
    twice; a failed send releases them for the next run."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    pending = Notification.objects.filter(recipient_id=user_id, digest=True, emailed_at__isnull=True)
    if user is None:
        # No address: the digest can never go out; stop listing these rows.
        pending.update(emailed_at=timezone.now())
        return 0
    now = timezone.now()
    with transaction.atomic():
        rows = list(pending.select_for_update(skip_locked=True).order_by("created_at", "id")[:limit])
        Notification.objects.filter(pk__in=[row.pk for row in rows], emailed_at__isnull=True).update(emailed_at=now)
    if not rows:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "notifications": [(row, absolute_url(row.link) if row.link else "") for row in rows],
            "inbox_url": absolute_url(reverse("notifications:inbox")),
        }
        subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
        body = render_to_string("notifications/email/digest.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        Notification.objects.filter(pk__in=[row.pk for row in rows], emailed_at=now).update(emailed_at=None)
        raise
    return len(rows)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (DoesNotExist for others')."""
    notification = notification_get(user=user, pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, user, kind: str | None = None) -> int:
    """Mark all the user's unread notifications (of one kind) read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user, choices: dict[str, str]) -> None:
    """Save the user's e-mail choice per kind (unknown kinds or choices refused)."""
    for kind, email in choices.items():
        if kind not in Kind.values or email not in EmailChoice.values:
            raise ApplicationError(gettext("This notification setting is not valid."))
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})
