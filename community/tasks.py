"""Emails of the community app, sent after commit. Tasks take ids and are
idempotent: a rerun sends nothing twice."""

import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from asn_competency.common.site import site_url
from notifications.models import Kind
from notifications.selectors import notification_email_wanted
from notifications.services import notify

from .models import CitizenProfile, Follow, MeetingRegistration, Post, ReplyNotification, Visibility


def _absolute(path: str) -> str:
    return site_url() + path


def _send(*, template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"community/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"community/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


def _send_registration_email(*, registration_id: int, stamp: str, template: str) -> bool:
    """Email a registered participant once: claim the ``stamp`` timestamp field
    first (conditional update, so two runs cannot both send), release it again
    if sending fails so that the retry can claim it."""
    claimed = MeetingRegistration.objects.filter(
        pk=registration_id, status=MeetingRegistration.Status.REGISTERED, **{f"{stamp}__isnull": True}
    ).update(**{stamp: timezone.now()})
    if not claimed:
        return False
    registration = MeetingRegistration.objects.select_related("meeting", "meeting__org_unit").get(pk=registration_id)
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "link": _absolute(registration.get_absolute_url()),
    }
    try:
        _send(template=template, context=context, to=registration.email)
    except OSError:
        MeetingRegistration.objects.filter(pk=registration_id).update(**{stamp: None})
        raise
    return True


@shared_task(name="community.send_signup_confirmation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_signup_confirmation(profile_id: int) -> bool:
    profile = CitizenProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or profile.email_confirmed_at:
        return False
    user = profile.user
    link = _absolute(
        reverse(
            "community:confirm-email",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
        )
    )
    # Claim first (conditional update) so two runs cannot both send.
    claimed = CitizenProfile.objects.filter(pk=profile.pk, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        _send(template="signup_confirmation", context={"user": user, "link": link}, to=user.email)
    except OSError:
        CitizenProfile.objects.filter(pk=profile.pk).update(confirmation_sent_at=None)
        raise
    return True


@shared_task(name="community.send_meeting_confirmation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meeting_confirmation(registration_id: int) -> bool:
    return _send_registration_email(
        registration_id=registration_id, stamp="confirmation_sent_at", template="meeting_confirmation"
    )


@shared_task(name="community.notify_followers", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_followers(post_id: int) -> int:
    """Email each follower of the topic (except the writer) about a new reply, once."""
    post = (
        Post.objects.select_related("topic", "author", "author__employee", "official_unit")
        .filter(pk=post_id, visibility=Visibility.PUBLISHED)
        .first()
    )
    if post is None:
        return 0
    followers = Follow.objects.filter(topic_id=post.topic_id, user__is_active=True)
    if post.author_id:
        followers = followers.exclude(user_id=post.author_id)
    ReplyNotification.objects.bulk_create(
        [ReplyNotification(post=post, user_id=uid) for uid in followers.values_list("user_id", flat=True)],
        ignore_conflicts=True,
    )
    sent = 0
    pending = list(ReplyNotification.objects.filter(post=post, sent_at__isnull=True).select_related("user"))
    from .selectors import post_url

    path = post_url(post=post)
    context = {"post": post, "topic": post.topic, "link": _absolute(path)}
    # E-mail those whose notification preference says so; everyone gets the
    # notice in their inbox (the followers done so far even when a send fails).
    wanted = notification_email_wanted(user_ids=[n.user_id for n in pending], kind=Kind.FORUM_REPLY)
    done = []
    try:
        for notification in pending:
            if notification.user_id in wanted and notification.user.email:
                _send(template="new_reply", context={**context, "user": notification.user}, to=notification.user.email)
                sent += 1
            ReplyNotification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
            done.append(notification.user_id)
    finally:
        if done:
            with translation.override(settings.LANGUAGE_CODE):
                title = render_to_string("community/email/new_reply_subject.txt", context).strip()
            notify(users=done, kind=Kind.FORUM_REPLY, title=title, link=path)
    return sent


@shared_task(name="community.send_meeting_reminders")
def send_meeting_reminders() -> int:
    """Daily (beat): remind everyone registered for a meeting held tomorrow."""
    from .selectors import registrations_due_reminder

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ids = list(registrations_due_reminder(on=tomorrow).values_list("pk", flat=True))
    for registration_id in ids:
        send_meeting_reminder.delay(registration_id)
    return len(ids)


@shared_task(name="community.send_meeting_reminder", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meeting_reminder(registration_id: int) -> bool:
    return _send_registration_email(
        registration_id=registration_id, stamp="reminder_sent_at", template="meeting_reminder"
    )


@shared_task(name="community.notify_guest_published", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_guest_published(post_id: int) -> bool:
    """Tell a guest who left an email that a moderator has published their post (once)."""
    claimed = (
        Post.objects.filter(pk=post_id, visibility=Visibility.PUBLISHED, guest_notified_at__isnull=True)
        .exclude(guest_email="")
        .update(guest_notified_at=timezone.now())
    )
    if not claimed:
        return False
    post = Post.objects.select_related("topic").get(pk=post_id)
    context = {"post": post, "topic": post.topic, "link": _absolute(post.get_absolute_url())}
    try:
        _send(template="guest_published", context=context, to=post.guest_email)
    except OSError:
        Post.objects.filter(pk=post_id).update(guest_notified_at=None)
        raise
    return True
