import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback import services
from feedback.models import Feedback, FeedbackEvent
from feedback.workdays import add_working_days
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory, ServiceFactory, submission

pytestmark = pytest.mark.django_db


def test_submit_stores_scores_history_and_a_verification_deadline_in_working_days():
    feedback = services.feedback_submit(**submission(scores={f"U{i}": (i % 4) + 1 for i in range(1, 10)}))
    assert feedback.scores == {"U1": 2, "U2": 3, "U3": 4, "U4": 1, "U5": 2, "U6": 3, "U7": 4, "U8": 1, "U9": 2}
    assert feedback.status == Feedback.Status.RECEIVED
    assert feedback.handling_unit_id == feedback.unit_id
    assert feedback.verify_due == add_working_days(timezone.localdate(), 3)
    assert list(feedback.events.values_list("action", flat=True)) == [FeedbackEvent.Action.SUBMITTED]


def test_anonymous_submission_keeps_no_identity():
    feedback = services.feedback_submit(**submission(anonymous=True))
    feedback.refresh_from_db()
    assert feedback.anonymous
    assert feedback.contact_name == ""
    assert feedback.contact == ""
    # Nothing else about the sender exists on the row: no address, no user, no device.
    field_names = {f.name for f in Feedback._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user", "user_agent", "remote_addr", "email"}


def test_anonymous_submission_with_a_contact_is_refused_not_silently_kept():
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(**submission(anonymous=True, contact="warga@example.com"))
    assert "contact" in exc.value.message_dict
    assert "Anonim" in exc.value.message_dict["contact"][0] or "anonim" in exc.value.message_dict["contact"][0].lower()
    assert Feedback.objects.count() == 0


def test_database_refuses_an_anonymous_row_with_identity():
    feedback = FeedbackFactory(anonymous=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(contact="0812345678")


def test_database_refuses_scores_outside_one_to_four():
    feedback = FeedbackFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(u5=5)


def test_confidential_submission_keeps_name_and_contact():
    feedback = services.feedback_submit(
        **submission(anonymous=False, contact_name="Rahmawati", contact="0812-6543-2100")
    )
    assert (feedback.contact_name, feedback.contact) == ("Rahmawati", "0812-6543-2100")


@pytest.mark.parametrize("contact", ["bukan kontak", "12", "a@b"])
def test_an_invalid_contact_is_refused(contact):
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(**submission(anonymous=False, contact=contact))
    assert exc.value.message_dict["contact"] == ["Masukkan alamat email atau nomor telepon yang valid."]


def test_missing_or_out_of_range_scores_are_named():
    scores = {f"U{i}": 3 for i in range(1, 9)} | {"U9": 5}
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(**submission(scores=scores))
    assert exc.value.message_dict["scores"] == ["U9: pilih jawaban 1 sampai 4."]


def test_a_service_of_another_unit_is_refused():
    other = ServiceFactory()
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(**submission(service=other))
    assert "service" in exc.value.message_dict


def test_a_unit_that_does_not_serve_the_public_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(**submission(unit=OrgUnitFactory(serves_public=False)))
    assert "unit" in exc.value.message_dict


def test_message_length_limits(settings):
    settings.FEEDBACK_MESSAGE_MAX_LENGTH = 50
    with pytest.raises(ValidationError):
        services.feedback_submit(**submission(message="pendek"))
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(**submission(message="x" * 51))
    assert "50" in exc.value.message_dict["message"][0]


def test_friday_submission_is_due_for_verification_on_wednesday(monkeypatch):
    friday = datetime.datetime(2026, 6, 5, 10, 0, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: friday)
    feedback = services.feedback_submit(**submission())
    assert feedback.verify_due == datetime.date(2026, 6, 10)
