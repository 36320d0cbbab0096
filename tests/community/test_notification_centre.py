"""Forum replies land in the followers' inboxes and respect the e-mail preference."""

import pytest
from django.core import mail

from community import services
from community.tasks import notify_followers
from notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from tests.accounts.factories import UserFactory

from .factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_reply_lands_in_each_followers_inbox_and_email_only_where_wanted(asn):
    mailed, quiet = UserFactory(email="ikut@contoh.id"), UserFactory(email="diam@contoh.id")
    NotificationPreference.objects.create(user=quiet, kind=Kind.FORUM_REPLY, email=EmailChoice.OFF)
    topic = TopicFactory(title="Antrean akta")
    for user in (mailed, quiet, asn):
        services.topic_follow(topic=topic, user=user)
    topic.category.answerers.add(asn)
    post = services.post_create(topic=topic, body="Kami buka antrean daring.", author=asn, official=True)

    assert notify_followers(post.pk) == 1
    assert [m.to for m in mail.outbox] == [[mailed.email]]
    notices = Notification.objects.filter(kind=Kind.FORUM_REPLY)
    assert set(notices.values_list("recipient_id", flat=True)) == {mailed.pk, quiet.pk}  # not the writer
    assert "Antrean akta" in notices.first().title
    # A rerun sends nothing and adds no second notice.
    assert notify_followers(post.pk) == 0
    assert notices.count() == 2
