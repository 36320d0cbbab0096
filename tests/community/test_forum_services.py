import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asn_competency.common.errors import ApplicationError, ConflictError
from community import services
from community.models import Follow, ModerationAction, Post, Topic, Visibility
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_topic_create_by_citizen_is_published_and_followed(citizen):
    topic = services.topic_create(
        category=CategoryFactory(), title="Antrean KTP-el", body="Berapa **lama**?", author=citizen
    )
    assert topic.visibility == Visibility.PUBLISHED
    opening = topic.posts.get()
    assert opening.is_opening and opening.body_html == "<p>Berapa <strong>lama</strong>?</p>"
    assert Follow.objects.filter(topic=topic, user=citizen).exists()


def test_topic_create_by_guest_waits_for_moderation():
    topic = services.topic_create(
        category=CategoryFactory(), title="Pertanyaan tamu", body="Halo", guest_name="Pak Darwin"
    )
    assert topic.visibility == Visibility.PENDING
    assert topic.posts.get().visibility == Visibility.PENDING
    assert topic.author_name == "Pak Darwin"


def test_guest_must_give_a_name():
    with pytest.raises(ValidationError) as exc:
        services.topic_create(category=CategoryFactory(), title="Tanpa nama", body="Halo", guest_name="  ")
    assert "guest_name" in exc.value.message_dict


def test_topic_create_rejects_a_short_title(citizen):
    with pytest.raises(ValidationError) as exc:
        services.topic_create(category=CategoryFactory(), title="Hai", body="Halo", author=citizen)
    assert "title" in exc.value.message_dict


def test_designated_answerer_answers_officially_for_their_unit_and_answers_the_topic(asn):
    topic = TopicFactory()
    topic.category.answerers.add(asn)
    post = services.post_create(topic=topic, body="Paling lama 14 hari kerja.", author=asn, official=True)
    assert post.official_unit == asn.employee.org_unit
    assert post.is_official
    topic.refresh_from_db()
    assert topic.status == Topic.Status.ANSWERED


def test_a_designated_answerer_who_does_not_choose_official_writes_as_themselves(asn):
    topic = TopicFactory()
    topic.category.answerers.add(asn)
    post = services.post_create(topic=topic, body="Pendapat pribadi saya.", author=asn)
    assert not post.is_official
    topic.refresh_from_db()
    assert topic.status == Topic.Status.OPEN


def test_an_asn_of_another_unit_cannot_answer_officially(asn):
    """asn4 (a Diskominfo programmer) replying to a Disdukcapil question is not the Disdukcapil answer."""
    topic = TopicFactory()
    with pytest.raises(ApplicationError) as exc:
        services.post_create(topic=topic, body="Setahu saya 14 hari.", author=asn, official=True)
    assert exc.value.code == "not_designated" and exc.value.status == 403
    assert "ditunjuk" in str(exc.value.message)
    post = services.post_create(topic=topic, body="Setahu saya 14 hari.", author=asn)
    assert not post.is_official
    topic.refresh_from_db()
    assert topic.status == Topic.Status.OPEN


def test_citizen_reply_is_not_official_and_a_citizen_cannot_answer_officially(citizen):
    topic = TopicFactory()
    post = services.post_create(topic=topic, body="Saya juga mengalami.", author=citizen)
    assert post.official_unit is None
    with pytest.raises(ApplicationError):
        services.post_create(topic=topic, body="Resmi katanya.", author=citizen, official=True)
    topic.refresh_from_db()
    assert topic.status == Topic.Status.OPEN


@pytest.mark.parametrize("change", [{"is_locked": True}, {"status": Topic.Status.CLOSED}])
def test_locked_or_closed_topic_refuses_replies(citizen, change):
    topic = TopicFactory(**change)
    with pytest.raises(ApplicationError) as exc:
        services.post_create(topic=topic, body="Balasan", author=citizen)
    assert exc.value.code == "closed"
    assert not Post.objects.filter(topic=topic, is_opening=False).exists()


def test_support_is_one_per_account(citizen):
    topic = TopicFactory()
    services.topic_support(topic=topic, user=citizen)
    with pytest.raises(ConflictError):
        services.topic_support(topic=topic, user=citizen)
    assert topic.supports.count() == 1
    assert services.topic_unsupport(topic=topic, user=citizen)
    assert topic.supports.count() == 0


def test_pending_topic_cannot_be_supported(citizen):
    with pytest.raises(ApplicationError):
        services.topic_support(topic=TopicFactory(visibility=Visibility.PENDING), user=citizen)


def test_an_author_or_an_undesignated_asn_cannot_set_answered_or_closed(citizen, asn):
    own = TopicFactory(author=citizen)
    for user in (citizen, asn):
        for status in (Topic.Status.ANSWERED, Topic.Status.CLOSED):
            with pytest.raises(PermissionDenied):
                services.topic_set_status(topic=own, status=status, actor=user)
    own.refresh_from_db()
    assert own.status == Topic.Status.OPEN


def test_moderators_hr_and_designated_people_set_answered_and_closed(moderator, hr_user, asn):
    topic = TopicFactory()
    topic.category.answerers.add(asn)
    services.topic_set_status(topic=topic, status=Topic.Status.ANSWERED, actor=asn)
    services.topic_set_status(topic=topic, status=Topic.Status.CLOSED, actor=hr_user)
    services.topic_set_status(topic=topic, status=Topic.Status.OPEN, actor=moderator)
    assert ModerationAction.objects.filter(topic=topic, action="status").count() == 3


def test_adoption_needs_hr_moderator_or_admin(citizen, asn, hr_user):
    topic = TopicFactory()
    for user in (citizen, asn):
        with pytest.raises(PermissionDenied):
            services.topic_adopt(topic=topic, actor=user, note="x", service_name="KTP-el")
    with pytest.raises(ValidationError):
        services.topic_adopt(topic=topic, actor=hr_user, note="Masukan", program=None)
    services.topic_adopt(
        topic=topic, actor=hr_user, note="Masukan antrean", service_code="ktp-el", service_name="KTP-el"
    )
    topic.refresh_from_db()
    assert topic.status == Topic.Status.ADOPTED
    assert topic.adopted_by == hr_user and topic.adopted_at is not None
    assert ModerationAction.objects.filter(topic=topic, action="adopt", actor=hr_user).exists()


def test_inactive_account_cannot_post():
    user = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        services.post_create(topic=TopicFactory(), body="Balasan", author=user)
