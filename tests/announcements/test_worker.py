import pytest
from django.core import mail

from announcements import services
from announcements.models import Announcement
from notifications.models import Kind, Notification
from tests.accounts.factories import UserFactory
from tests.training.factories import SessionFactory
from tests.utils import wait_until

from .conftest import participants


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_an_announcement_in_batches_with_its_emails(celery_worker, settings):
    settings.ANNOUNCEMENT_BATCH_SIZE = 2
    hr = UserFactory(roles=["hr"])
    session = SessionFactory()
    participants(session, 5)
    announcement = services.announcement_create(
        actor=hr, subject="Ruang pindah", body="Lantai 3", audience=Announcement.Audience.SESSION, session=session
    )
    services.announcement_send(announcement_id=announcement.pk, actor=hr)

    def finished():
        announcement.refresh_from_db()
        return announcement.is_finished and len(mail.outbox) == 5

    wait_until(finished, timeout=40, what="the announcement to be delivered and e-mailed")
    assert (announcement.status, announcement.delivered, announcement.total) == (Announcement.Status.SENT, 5, 5)
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 5
    assert {m.subject for m in mail.outbox} == {"Ruang pindah"}
