import pytest
from django.core import mail

from community import services
from community.models import ReplyNotification
from community.tasks import notify_followers
from tests.accounts.factories import UserFactory
from tests.utils import wait_until

from .factories import TopicFactory


@pytest.mark.django_db
def test_followers_get_one_email_per_reply_and_the_writer_none(asn):
    follower, other = UserFactory(email="ikut@contoh.id"), UserFactory(email="lain@contoh.id")
    topic = TopicFactory(title="Antrean akta")
    services.topic_follow(topic=topic, user=follower)
    services.topic_follow(topic=topic, user=other)
    services.topic_follow(topic=topic, user=asn)
    topic.category.answerers.add(asn)
    post = services.post_create(topic=topic, body="Kami buka antrean daring.", author=asn, official=True)
    assert notify_followers(post.pk) == 2
    assert notify_followers(post.pk) == 0  # a rerun sends nothing twice
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([follower.email, other.email])
    assert asn.email not in recipients
    assert "Antrean akta" in mail.outbox[0].subject
    assert "Disdukcapil" in mail.outbox[0].body  # official answers say which unit answered
    assert ReplyNotification.objects.filter(post=post, sent_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_unfollowed_topic_sends_nothing():
    follower = UserFactory()
    topic = TopicFactory(author=None, guest_name="Tamu")
    services.topic_follow(topic=topic, user=follower)
    services.topic_unfollow(topic=topic, user=follower)
    writer = UserFactory()
    post = services.post_create(topic=topic, body="Balasan", author=writer)
    services.topic_unfollow(topic=topic, user=writer)
    assert notify_followers(post.pk) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_pending_guest_reply_notifies_only_once_approved(moderator, django_capture_on_commit_callbacks):
    follower = UserFactory()
    topic = TopicFactory()
    services.topic_follow(topic=topic, user=follower)
    with django_capture_on_commit_callbacks() as callbacks:
        post = services.post_create(topic=topic, body="Balasan tamu", guest_name="Tamu")
    assert callbacks == []
    assert notify_followers(post.pk) == 0
    with django_capture_on_commit_callbacks() as callbacks:
        services.post_moderate(post=post, action="approve", actor=moderator)
    assert len(callbacks) == 1
    assert notify_followers(post.pk) == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_reply_notification_is_delivered_by_a_live_worker(celery_worker):
    follower = UserFactory(email="ikut@contoh.id")
    topic = TopicFactory()
    services.topic_follow(topic=topic, user=follower)
    post = services.post_create(topic=topic, body="Balasan baru", author=UserFactory())
    wait_until(
        lambda: ReplyNotification.objects.filter(post=post, sent_at__isnull=False).exists(),
        timeout=20,
        what="the reply notification to be sent",
    )
    assert [m.to[0] for m in mail.outbox] == [follower.email]


@pytest.mark.django_db
def test_guest_with_an_email_hears_once_that_their_post_is_published(moderator, django_capture_on_commit_callbacks):
    from community.tasks import notify_guest_published

    topic = TopicFactory(title="Jam buka loket")
    post = services.post_create(topic=topic, body="Balasan tamu", guest_name="Bu Lina", guest_email="lina@contoh.id")
    assert notify_guest_published(post.pk) is False  # not published yet
    with django_capture_on_commit_callbacks() as callbacks:
        services.post_moderate(post=post, action="approve", actor=moderator)
    assert len(callbacks) == 2  # followers' notification and the guest's
    assert notify_guest_published(post.pk) is True
    assert notify_guest_published(post.pk) is False
    assert [m.to for m in mail.outbox] == [["lina@contoh.id"]]
    assert "Jam buka loket" in mail.outbox[0].subject and "Bu Lina" in mail.outbox[0].body
