import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from announcements import services
from announcements.models import BODY_MAX, Announcement, AnnouncementRecipient
from announcements.selectors import announcement_audience, announcement_audience_count
from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.models import OutboxMessage
from notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory
from training.models import Enrollment

from .conftest import participants

pytestmark = pytest.mark.django_db

Audience = Announcement.Audience


def _draft(hr, **target):
    target.setdefault("audience", Audience.SESSION)
    return services.announcement_create(actor=hr, subject="Ruang kelas pindah", body="Ke **lantai 3**.", **target)


# --- Audiences ---------------------------------------------------------------------


def test_session_audience_is_enrolled_and_attended_participants(session_with_participants):
    users = announcement_audience(audience=Audience.SESSION, session=session_with_participants)
    statuses = set(
        Enrollment.objects.filter(session=session_with_participants, employee__user__in=users).values_list(
            "status", flat=True
        )
    )
    assert statuses == {"enrolled", "completed", "not_completed"}


def test_program_alumni_are_counted_once_across_sessions():
    program = ProgramFactory()
    first, second = SessionFactory(program=program), SessionFactory(program=program)
    twice = EmployeeFactory()
    EnrollmentFactory(session=first, employee=twice, status=Enrollment.Status.COMPLETED)
    EnrollmentFactory(session=second, employee=twice, status=Enrollment.Status.COMPLETED)
    participants(second, 2, status=Enrollment.Status.COMPLETED)
    participants(second, 3, status=Enrollment.Status.ENROLLED)  # not alumni yet
    assert announcement_audience_count(audience=Audience.PROGRAM, program=program) == 3


def test_unit_audience_with_and_without_sub_units_skips_inactive_and_accountless():
    parent = OrgUnitFactory()
    child = OrgUnitFactory(parent=parent)
    grandchild = OrgUnitFactory(parent=child)
    for unit in (parent, child, grandchild):
        EmployeeFactory(org_unit=unit)
    EmployeeFactory(org_unit=parent, user=None)  # no account: nobody to notify
    EmployeeFactory(org_unit=parent, is_active=False)
    EmployeeFactory(org_unit=parent, user=UserFactory(is_active=False))
    EmployeeFactory()  # another unit
    assert announcement_audience_count(audience=Audience.UNIT, unit=parent, include_subunits=True) == 3
    assert announcement_audience_count(audience=Audience.UNIT, unit=parent, include_subunits=False) == 1
    assert announcement_audience_count(audience=Audience.UNIT, unit=child, include_subunits=True) == 2


def test_preview_count_is_one_query(session_with_participants, django_assert_num_queries):
    unit = OrgUnitFactory()
    OrgUnitFactory(parent=unit)
    with django_assert_num_queries(1):
        announcement_audience_count(audience=Audience.SESSION, session=session_with_participants)
    with django_assert_num_queries(1):
        announcement_audience_count(audience=Audience.UNIT, unit=unit, include_subunits=True)
    with django_assert_num_queries(0):  # an incomplete choice counts nothing
        assert announcement_audience_count(audience=Audience.SESSION, session=None) == 0


# --- Refusals ----------------------------------------------------------------------


def test_create_refuses_a_missing_target_and_a_message_too_long(hr):
    with pytest.raises(ValidationError) as exc:
        _draft(hr, audience=Audience.PROGRAM)
    assert "program" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.announcement_create(
            actor=hr, subject="x", body="a" * (BODY_MAX + 1), audience=Audience.UNIT, unit=OrgUnitFactory()
        )
    assert "body" in exc.value.message_dict
    assert not Announcement.objects.exists()


def test_only_hr_may_create_or_send(session_with_participants, hr):
    asn = EmployeeFactory().user
    with pytest.raises(ApplicationError) as exc:
        _draft(asn, session=session_with_participants)
    assert exc.value.status == 403
    draft = _draft(hr, session=session_with_participants)
    with pytest.raises(ApplicationError) as exc:
        services.announcement_send(announcement_id=draft.pk, actor=asn)
    assert exc.value.status == 403


def test_send_refuses_an_empty_audience(hr):
    draft = _draft(hr, audience=Audience.UNIT, unit=OrgUnitFactory())
    with pytest.raises(ApplicationError) as exc:
        services.announcement_send(announcement_id=draft.pk, actor=hr)
    assert exc.value.code == "empty_audience"
    draft.refresh_from_db()
    assert draft.status == Announcement.Status.DRAFT
    assert not OutboxMessage.objects.filter(task="announcements.deliver").exists()


def test_send_twice_is_a_conflict(session_with_participants, hr):
    draft = _draft(hr, session=session_with_participants)
    sent = services.announcement_send(announcement_id=draft.pk, actor=hr)
    assert (sent.status, sent.total, sent.sent_by) == (Announcement.Status.QUEUED, 3, hr)
    with pytest.raises(ConflictError):
        services.announcement_send(announcement_id=draft.pk, actor=hr)
    assert OutboxMessage.objects.filter(task="announcements.deliver").count() == 1


# --- Delivery ----------------------------------------------------------------------


def test_delivery_respects_each_persons_email_choice(hr):
    session = SessionFactory()
    on, off, digest = participants(session, 3)
    NotificationPreference.objects.create(user=off.user, kind=Kind.ANNOUNCEMENT, email=EmailChoice.OFF)
    NotificationPreference.objects.create(user=digest.user, kind=Kind.ANNOUNCEMENT, email=EmailChoice.DIGEST)
    draft = _draft(hr, session=session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)

    done = services.announcement_deliver(announcement_id=draft.pk)

    assert (done.status, done.total, done.delivered, done.percent) == (Announcement.Status.SENT, 3, 3, 100)
    notices = Notification.objects.filter(kind=Kind.ANNOUNCEMENT)
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted([on.user_id, off.user_id, digest.user_id])
    assert notices.get(recipient=digest.user).digest is True
    assert notices.get(recipient=on.user).link == draft.get_absolute_url()
    assert notices.get(recipient=on.user).body == "Ke lantai 3."  # the message as plain text
    emails = OutboxMessage.objects.filter(task="notifications.send_emails")  # one task for the batch
    assert [m.args for m in emails] == [[[notices.get(recipient=on.user).pk]]]
    assert emails[0].kwargs["subject"] == "Ruang kelas pindah"
    assert "Ke **lantai 3**." in emails[0].kwargs["body"]


def test_a_rerun_or_a_late_enrolment_delivers_nobody_twice(hr):
    session = SessionFactory()
    participants(session, 4)
    draft = _draft(hr, session=session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)
    services.announcement_deliver(announcement_id=draft.pk, batch_size=3)
    participants(session, 1)  # joins after the delivery: the audience was frozen

    again = services.announcement_deliver(announcement_id=draft.pk)

    assert (again.status, again.delivered, again.total) == (Announcement.Status.SENT, 4, 4)
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 4


def test_a_job_whose_worker_died_is_taken_over_and_finishes_once(hr, settings):
    session = SessionFactory()
    participants(session, 5)
    draft = _draft(hr, session=session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)
    # A worker claimed it, froze the audience and delivered one batch, then died.
    Announcement.objects.filter(pk=draft.pk).update(status=Announcement.Status.SENDING)
    services._snapshot(draft.pk)
    services._deliver_batch(draft.pk, 2)

    alive = services.announcement_deliver(announcement_id=draft.pk)  # the lease has not run out
    assert (alive.status, alive.delivered) == (Announcement.Status.SENDING, 2)

    settings.ANNOUNCEMENT_LEASE_SECONDS = 0
    assert services.announcement_recover() == [draft.pk]
    done = services.announcement_deliver(announcement_id=draft.pk)
    assert (done.status, done.delivered, done.total) == (Announcement.Status.SENT, 5, 5)
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 5
    assert AnnouncementRecipient.objects.filter(announcement=draft, delivered_at__isnull=True).count() == 0


def test_a_failed_delivery_can_be_resumed(hr, monkeypatch):
    session = SessionFactory()
    participants(session, 2)
    draft = _draft(hr, session=session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "notify", broken)
    with pytest.raises(RuntimeError):
        services.announcement_deliver(announcement_id=draft.pk)
    draft.refresh_from_db()
    assert (draft.status, draft.delivered) == (Announcement.Status.FAILED, 0)
    assert "disk full" in draft.error
    with pytest.raises(ConflictError):
        services.announcement_send(announcement_id=draft.pk, actor=hr)
    monkeypatch.undo()

    services.announcement_resume(announcement_id=draft.pk, actor=hr)
    done = services.announcement_deliver(announcement_id=draft.pk)
    assert (done.status, done.delivered) == (Announcement.Status.SENT, 2)
    with pytest.raises(ConflictError):
        services.announcement_resume(announcement_id=draft.pk, actor=hr)


def _delivery_queries(hr, n, batch_size):
    session = SessionFactory()
    participants(session, n)
    draft = _draft(hr, session=session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)
    with CaptureQueriesContext(connection) as queries:
        services.announcement_deliver(announcement_id=draft.pk, batch_size=batch_size)
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT, link=draft.get_absolute_url()).count() == n
    return len(queries)


def test_delivery_queries_grow_with_batches_not_with_people(hr):
    """Per batch a constant number of queries (lock, rows, notify's preferences,
    INSERT, addresses and outbox INSERT, mark delivered, progress): 10 people in
    one batch cost what 2 people do; 10 people in 5 batches cost 4 batches more."""
    two = _delivery_queries(hr, 2, batch_size=100)
    ten = _delivery_queries(hr, 10, batch_size=100)
    assert ten == two
    five_batches = _delivery_queries(hr, 10, batch_size=2)
    one_batch_cost = (five_batches - ten) / 4
    assert one_batch_cost == int(one_batch_cost) and one_batch_cost <= 12
