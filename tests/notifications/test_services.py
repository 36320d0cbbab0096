import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asn_competency.common.models import OutboxMessage
from notifications import services
from notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from notifications.selectors import notification_email_preference
from notifications.tasks import send_daily_digests, send_notification_email, send_notification_emails
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queued_mails():
    return list(OutboxMessage.objects.filter(task="notifications.send_email").order_by("pk"))


def _run_queued(messages):
    for message in messages:
        send_notification_email(*message.args, **message.kwargs)


def test_notify_creates_one_row_per_user_in_constant_queries():
    users = UserFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        services.notify(users=users[:1], kind=Kind.ANNOUNCEMENT, title="A", body="b", email_subject="A")
    many_users = [*users, *UserFactory.create_batch(7)]
    with CaptureQueriesContext(connection) as many:
        rows = services.notify(users=many_users, kind=Kind.ANNOUNCEMENT, title="B", email_subject="B")
    # Bulk: preferences, addresses, one INSERT of notifications, one of outbox rows
    # (plus savepoints), whatever the number of recipients.
    assert len(many) == len(few)
    assert len(rows) == 10
    assert Notification.objects.filter(title="B").count() == 10


def test_notify_emails_users_with_preference_on_and_not_off():
    on, off = UserFactory(), UserFactory()
    NotificationPreference.objects.create(user=off, kind=Kind.SURVEY, email=EmailChoice.OFF)
    services.notify(
        users=[on, off], kind=Kind.SURVEY, title="Survei", body="Isi survei", link="/x/", email_subject="Survei baru"
    )
    assert Notification.objects.filter(kind=Kind.SURVEY).count() == 2  # in-app always
    queued = _queued_mails()
    assert len(queued) == 1
    _run_queued(queued)
    assert [m.to for m in mail.outbox] == [[on.email]]
    assert mail.outbox[0].subject == "Survei baru"
    assert "/x/" in mail.outbox[0].body


def test_notify_without_email_subject_sends_no_email():
    services.notify(users=[UserFactory()], kind=Kind.REMINDER, title="Ingat")
    assert _queued_mails() == []


def test_notification_email_is_sent_once_when_the_task_runs_twice():
    user = UserFactory()
    services.notify(users=[user], kind=Kind.ENROLMENT, title="T", email_subject="S")
    queued = _queued_mails()
    _run_queued(queued)
    _run_queued(queued)
    assert len(mail.outbox) == 1


def test_batched_notify_queues_one_task_that_emails_each_notice_once(monkeypatch):
    users = UserFactory.create_batch(4)
    NotificationPreference.objects.create(user=users[0], kind=Kind.ANNOUNCEMENT, email=EmailChoice.OFF)
    services.notify(users=users, kind=Kind.ANNOUNCEMENT, title="T", email_subject="S", email_batched=True)
    assert _queued_mails() == []
    (batch,) = OutboxMessage.objects.filter(task="notifications.send_emails")
    assert len(batch.args[0]) == 3

    calls = {"n": 0}
    real_send = services.send_mail

    def fails_on_the_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("SMTP gone")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", fails_on_the_second)
    with pytest.raises(OSError):
        send_notification_emails(*batch.args, **batch.kwargs)
    assert len(mail.outbox) == 1
    send_notification_emails(*batch.args, **batch.kwargs)  # the retry sends only the rest
    send_notification_emails(*batch.args, **batch.kwargs)  # a second delivery sends nothing
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users[1:])


def test_digest_users_get_one_daily_email_listing_their_notices_once():
    digest, on = UserFactory(), UserFactory()
    NotificationPreference.objects.create(user=digest, kind=Kind.FORUM_REPLY, email=EmailChoice.DIGEST)
    services.notify(users=[digest, on], kind=Kind.FORUM_REPLY, title="Balasan 1", link="/t/1/", email_subject="S1")
    services.notify(users=[digest], kind=Kind.FORUM_REPLY, title="Balasan 2", email_subject="S2")
    # Only the user with "on" gets an immediate e-mail.
    _run_queued(_queued_mails())
    assert [m.to for m in mail.outbox] == [[on.email]]
    mail.outbox.clear()

    assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [digest.email]
    assert "Balasan 1" in message.body and "Balasan 2" in message.body and "/t/1/" in message.body
    # A second run lists nothing again.
    assert send_daily_digests() == 0
    assert len(mail.outbox) == 1


def test_digest_failure_releases_the_notices_for_the_next_run(monkeypatch):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=Kind.REMINDER, email=EmailChoice.DIGEST)
    services.notify(users=[user], kind=Kind.REMINDER, title="Ingat")

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        send_daily_digests()
    monkeypatch.undo()
    assert send_daily_digests() == 1


def test_email_preference_defaults_to_on():
    user = UserFactory()
    assert notification_email_preference(user_id=user.pk, kind=Kind.SURVEY) == EmailChoice.ON
    services.notification_preferences_set(user=user, choices={Kind.SURVEY: EmailChoice.OFF})
    assert notification_email_preference(user_id=user.pk, kind=Kind.SURVEY) == EmailChoice.OFF


def test_mark_read_refuses_someone_elses_notification():
    owner, other = UserFactory(), UserFactory()
    (row,) = services.notify(users=[owner], kind=Kind.ANNOUNCEMENT, title="T")
    with pytest.raises(Notification.DoesNotExist):
        services.notification_mark_read(user=other, notification_id=row.pk)
    assert services.notification_mark_read(user=owner, notification_id=row.pk).read_at is not None


def test_mark_all_read_touches_only_own_unread():
    owner, other = UserFactory(), UserFactory()
    services.notify(users=[owner, other], kind=Kind.ANNOUNCEMENT, title="T")
    services.notify(users=[owner], kind=Kind.SURVEY, title="U")
    assert services.notification_mark_all_read(user=owner) == 2
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_demo_notices_are_seeded_once():
    import io

    from notifications import demo

    for username in ("asn1", "asn2", "officer"):
        UserFactory(username=username)
    demo.seed(out=io.StringIO())
    count = Notification.objects.count()
    assert count == 5
    demo.seed(out=io.StringIO())
    assert Notification.objects.count() == count
    assert NotificationPreference.objects.get(user__username="asn2").email == EmailChoice.DIGEST
