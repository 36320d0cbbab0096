import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from asn_competency.common.errors import ApplicationError, ConflictError
from community import services
from community.models import Meeting, MeetingRegistration
from community.services.meetings import CODE_ALPHABET, CODE_LENGTH
from community.tasks import send_meeting_confirmation
from tests.utils import wait_until

from .factories import MeetingFactory


def _register(meeting, n):
    return services.meeting_register(meeting=meeting, name=f"Warga {n}", email=f"warga{n}@contoh.id")


@pytest.mark.django_db
def test_registration_gives_a_readable_unique_confirmation_code():
    meeting = MeetingFactory()
    codes = {_register(meeting, n).code for n in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)


@pytest.mark.django_db
def test_registration_refuses_when_full():
    meeting = MeetingFactory(capacity=2)
    _register(meeting, 1)
    _register(meeting, 2)
    with pytest.raises(ConflictError) as exc:
        _register(meeting, 3)
    assert exc.value.code == "full"
    assert meeting.registrations.count() == 2


@pytest.mark.django_db
def test_cancelled_registration_frees_a_seat():
    meeting = MeetingFactory(capacity=1)
    services.registration_cancel(registration=_register(meeting, 1))
    assert _register(meeting, 2).status == MeetingRegistration.Status.REGISTERED


@pytest.mark.django_db
def test_same_email_registers_once_whatever_its_case():
    meeting = MeetingFactory()
    services.meeting_register(meeting=meeting, name="Rina", email="Rina@Contoh.id")
    with pytest.raises(ConflictError):
        services.meeting_register(meeting=meeting, name="Rina", email="rina@contoh.id")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"registration_open": False},
        {"status": Meeting.Status.CANCELLED},
        {"starts_at": timezone.now() - datetime.timedelta(hours=1)},
    ],
)
def test_registration_closed_meetings_refuse(change):
    meeting = MeetingFactory(**change)
    with pytest.raises(ApplicationError) as exc:
        _register(meeting, 1)
    assert exc.value.code == "closed"


@pytest.mark.django_db
def test_confirmation_email_is_sent_once(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title="Forum Adminduk")
    with django_capture_on_commit_callbacks() as callbacks:
        registration = _register(meeting, 1)
    assert len(callbacks) == 1  # the Celery task is enqueued after commit
    assert send_meeting_confirmation(registration.pk) is True
    assert send_meeting_confirmation(registration.pk) is False  # a rerun sends nothing
    assert len(mail.outbox) == 1
    assert registration.code in mail.outbox[0].body and "Forum Adminduk" in mail.outbox[0].body
    assert mail.outbox[0].to == ["warga1@contoh.id"]


@pytest.mark.django_db
def test_check_in_by_code_records_attendance_once():
    meeting = MeetingFactory()
    registration = _register(meeting, 1)
    first = services.meeting_check_in(meeting=meeting, code=registration.code.lower())
    again = services.meeting_check_in(meeting=meeting, code=registration.code)
    assert first.attended_at == again.attended_at is not None
    with pytest.raises(ValidationError):
        services.meeting_check_in(meeting=meeting, code="XXXXXXXX")


@pytest.mark.django_db
def test_capacity_cannot_drop_below_registrations():
    meeting = MeetingFactory(capacity=3)
    _register(meeting, 1)
    _register(meeting, 2)
    with pytest.raises(ValidationError) as exc:
        services.meeting_save(meeting=meeting, capacity=1)
    assert "capacity" in exc.value.message_dict


@pytest.mark.django_db
def test_minutes_and_outcomes_of_a_held_meeting():
    meeting = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(hours=3))
    services.meeting_record_minutes(meeting=meeting, minutes="**Sepakat** antrean daring")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and "<strong>Sepakat</strong>" in meeting.minutes_html
    outcome = services.meeting_outcome_add(meeting=meeting, title="Antrean daring", service_name="Akta kelahiran")
    assert outcome.informs_label == "Akta kelahiran"


@pytest.mark.django_db
def test_minutes_prepared_before_the_meeting_do_not_mark_it_held():
    meeting = services.meeting_record_minutes(meeting=MeetingFactory(), minutes="Rancangan notulen")
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.registration_open
    assert meeting.minutes == "Rancangan notulen"


@pytest.mark.django_db
def test_registration_page_flow(client):
    meeting = MeetingFactory(capacity=1)
    response = client.post(
        reverse("community:meeting-register", args=[meeting.pk]), {"name": "Rina", "email": "rina@contoh.id"}
    )
    registration = MeetingRegistration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    page = client.get(registration.get_absolute_url()).content.decode()
    assert registration.code in page and "data:image/svg+xml" in page
    full = client.post(
        reverse("community:meeting-register", args=[meeting.pk]), {"name": "Budi", "email": "budi@contoh.id"}
    )
    assert full.status_code == 409
    assert "penuh" in full.content.decode()


@pytest.mark.django_db
def test_invalid_registration_keeps_the_typed_name(client):
    meeting = MeetingFactory()
    response = client.post(
        reverse("community:meeting-register", args=[meeting.pk]), {"name": "Rina Siregar", "email": "bukan-email"}
    )
    assert response.status_code == 400
    assert "Rina Siregar" in response.content.decode()
    assert not MeetingRegistration.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity():
    meeting = MeetingFactory(capacity=5)
    results, barrier = [], threading.Barrier(12)

    def worker(n):
        try:
            barrier.wait()
            _register(meeting, n)
            results.append("ok")
        except ConflictError as exc:
            results.append(exc.code)
        finally:
            connection.close()  # threads own their connections; free them for teardown

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 5
    assert results.count("full") == 7
    assert meeting.registrations.filter(status="registered").count() == 5


@pytest.mark.django_db
def test_meeting_calendar_file(client):
    from icalendar import Calendar

    meeting = MeetingFactory(title="Forum Adminduk", place="Aula Disdukcapil")
    response = client.get(reverse("community:meeting-ical", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Forum Adminduk" and str(event["location"]) == "Aula Disdukcapil"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)


@pytest.mark.django_db
def test_day_before_reminders_go_once_to_active_registrations_of_tomorrows_meetings(django_capture_on_commit_callbacks):
    from community.selectors import registrations_due_reminder
    from community.tasks import send_meeting_reminder

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    meeting = MeetingFactory(starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=1))
    later = MeetingFactory(
        starts_at=tomorrow + datetime.timedelta(days=3), ends_at=tomorrow + datetime.timedelta(days=3, hours=1)
    )
    active = _register(meeting, 1)
    services.registration_cancel(registration=_register(meeting, 2))
    _register(later, 3)
    due = list(registrations_due_reminder(on=tomorrow.date()))
    assert due == [active]
    assert send_meeting_reminder(active.pk) is True
    assert send_meeting_reminder(active.pk) is False
    assert [m.to for m in mail.outbox] == [["warga1@contoh.id"]]
    assert "besok" in mail.outbox[0].subject and active.code in mail.outbox[0].body
    assert not registrations_due_reminder(on=tomorrow.date()).exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_reminder_sweep_runs_on_a_live_worker(celery_worker):
    from community.tasks import send_meeting_reminders

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    meeting = MeetingFactory(starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=1))
    registration = _register(meeting, 1)
    MeetingRegistration.objects.filter(pk=registration.pk).update(confirmation_sent_at=timezone.now())
    assert send_meeting_reminders.delay().get(timeout=20) == 1
    wait_until(
        lambda: MeetingRegistration.objects.filter(reminder_sent_at__isnull=False).exists(),
        timeout=20,
        what="the reminder to be sent",
    )
    assert [m.subject for m in mail.outbox if "besok" in m.subject]
