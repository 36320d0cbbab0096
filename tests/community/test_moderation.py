import pytest
from django.core.exceptions import PermissionDenied

from asn_competency.common.errors import ApplicationError, ConflictError
from community import services
from community.models import ModerationAction, Post, Report, Topic, Visibility
from tests.accounts.factories import UserFactory

from .factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _report(post, n, start=0):
    for i in range(start, start + n):
        services.post_report(post=post, reporter=UserFactory(username=f"pelapor{i}"), reason=Report.Reason.SPAM)


def test_post_is_hidden_automatically_after_three_reports_by_default():
    post = PostFactory()
    _report(post, 2)
    post.refresh_from_db()
    assert post.visibility == Visibility.PUBLISHED and post.report_count == 2
    _report(post, 1, start=2)
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    assert post.hidden_automatically
    log = ModerationAction.objects.get(post=post)
    assert log.action == ModerationAction.Action.AUTO_HIDE and log.actor is None


def test_auto_hide_threshold_is_a_setting(settings):
    settings.COMMUNITY_AUTO_HIDE_REPORTS = 1
    post = PostFactory()
    _report(post, 1)
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN


def test_auto_hiding_the_opening_post_hides_the_topic():
    topic = TopicFactory()
    _report(topic.posts.get(is_opening=True), 3)
    topic.refresh_from_db()
    assert topic.visibility == Visibility.HIDDEN


def test_an_account_reports_a_post_once(citizen):
    post = PostFactory()
    services.post_report(post=post, reporter=citizen, reason=Report.Reason.ABUSE)
    with pytest.raises(ConflictError):
        services.post_report(post=post, reporter=citizen, reason=Report.Reason.ABUSE)
    post.refresh_from_db()
    assert post.report_count == 1


def test_own_post_cannot_be_reported(citizen):
    with pytest.raises(ApplicationError):
        services.post_report(post=PostFactory(author=citizen), reporter=citizen, reason=Report.Reason.SPAM)


def test_restore_publishes_again_and_resets_the_report_count(moderator):
    post = PostFactory()
    _report(post, 3)
    services.post_moderate(post=post, action="restore", actor=moderator, note="Bukan spam")
    post.refresh_from_db()
    assert post.visibility == Visibility.PUBLISHED
    assert post.report_count == 0 and post.reviewed_at is not None
    assert not post.reports.filter(resolved_at__isnull=True).exists()
    # A fresh round of reports is needed to hide it again.
    _report(post, 2, start=10)
    post.refresh_from_db()
    assert post.visibility == Visibility.PUBLISHED


def test_approving_a_guest_topic_publishes_it(moderator):
    topic = services.topic_create(
        category=TopicFactory().category, title="Pertanyaan tamu", body="Halo", guest_name="Tamu"
    )
    services.post_moderate(post=topic.posts.get(), action="approve", actor=moderator)
    topic.refresh_from_db()
    assert topic.visibility == Visibility.PUBLISHED


def test_approving_a_guest_reply_publishes_it(moderator):
    topic = TopicFactory()
    reply = services.post_create(topic=topic, body="Balasan tamu", guest_name="Tamu")
    assert reply.visibility == Visibility.PENDING
    services.post_moderate(post=reply, action="approve", actor=moderator)
    reply.refresh_from_db()
    assert reply.visibility == Visibility.PUBLISHED


def test_moderator_hides_locks_and_pins_and_each_action_is_logged(moderator):
    topic = TopicFactory()
    post = PostFactory(topic=topic)
    services.post_moderate(post=post, action="hide", actor=moderator, note="Kasar")
    for action in ("lock", "pin", "unpin", "unlock"):
        services.topic_moderate(topic=topic, action=action, actor=moderator)
    topic.refresh_from_db()
    assert not topic.is_locked and not topic.is_pinned
    actions = list(ModerationAction.objects.filter(topic=topic).order_by("pk").values_list("action", "actor"))
    assert actions == [(a, moderator.pk) for a in ("hide", "lock", "pin", "unpin", "unlock")]
    assert Post.objects.get(pk=post.pk).visibility == Visibility.HIDDEN


def test_moderation_action_that_does_not_fit_the_state_is_refused(moderator):
    with pytest.raises(ApplicationError):
        services.post_moderate(post=PostFactory(), action="restore", actor=moderator)


@pytest.mark.parametrize("roles", [[], ["asn"], ["hr"], ["supervisor"], ["unit_officer"], ["citizen"]])
def test_only_moderators_and_admins_moderate(roles):
    user = UserFactory(roles=roles)
    with pytest.raises(PermissionDenied):
        services.post_moderate(post=PostFactory(), action="hide", actor=user)
    with pytest.raises(PermissionDenied):
        services.topic_moderate(topic=TopicFactory(), action="lock", actor=user)


def test_admin_moderates():
    admin = UserFactory(roles=["admin"])
    topic = services.topic_moderate(topic=TopicFactory(), action="lock", actor=admin)
    assert topic.is_locked and topic.status == Topic.Status.OPEN
