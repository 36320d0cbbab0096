"""Reports and moderation. Every action is logged in ModerationAction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.outbox import enqueue

from .. import rules
from ..models import ModerationAction, Post, Report, Topic, Visibility
from ._common import topic_refresh_search
from .forum import _publish_effects

Action = ModerationAction.Action


def _log(*, action, actor, topic, post=None, note=""):
    ModerationAction.objects.create(action=action, actor=actor, topic=topic, post=post, note=(note or "")[:500])


def _set_post_visibility(*, post: Post, visibility: str, automatic: bool = False) -> None:
    """Caller holds locks on the post and its topic. The opening post carries its topic."""
    post.visibility = visibility
    post.hidden_automatically = automatic and visibility == Visibility.HIDDEN
    post.save(update_fields=["visibility", "hidden_automatically", "report_count", "reviewed_at", "updated_at"])
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(visibility=visibility, updated_at=timezone.now())


def post_report(*, post: Post, reporter, reason: str, detail: str = "") -> Report:
    """Report a post once per account; at COMMUNITY_AUTO_HIDE_REPORTS open
    reports the post is hidden until a moderator reviews it."""
    if not rules.can_participate(reporter):
        raise PermissionDenied
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if post.author_id == reporter.pk:
        raise ApplicationError(_("You cannot report your own post."))
    try:
        with transaction.atomic():
            report = Report(post=post, reporter=reporter, reason=reason, detail=(detail or "").strip())
            report.full_clean(exclude=["post", "reporter"])
            report.save()
            # Counting under row locks (topic, then post: the order post_moderate
            # uses too): concurrent reports each see the previous one.
            topic = Topic.objects.select_for_update().get(pk=post.topic_id)
            locked = Post.objects.select_for_update().get(pk=post.pk)
            locked.report_count = F("report_count") + 1
            locked.save(update_fields=["report_count", "updated_at"])
            locked.refresh_from_db(fields=["report_count"])
            threshold = settings.COMMUNITY_AUTO_HIDE_REPORTS
            if threshold and locked.report_count >= threshold and locked.visibility == Visibility.PUBLISHED:
                _set_post_visibility(post=locked, visibility=Visibility.HIDDEN, automatic=True)
                _log(
                    action=Action.AUTO_HIDE,
                    actor=None,
                    topic=topic,
                    post=locked,
                    note=_("%(count)d reports") % {"count": locked.report_count},
                )
                topic_refresh_search(topic=topic)
            return report
    except IntegrityError:
        raise ConflictError(_("You have already reported this post."), code="already_reported") from None


POST_ACTIONS = {Action.APPROVE, Action.HIDE, Action.RESTORE, Action.DISMISS}
TOPIC_ACTIONS = {Action.LOCK, Action.UNLOCK, Action.PIN, Action.UNPIN}


@transaction.atomic
def post_moderate(*, post: Post, action: str, actor, note: str = "") -> Post:
    """approve (a guest's post), hide, restore (a hidden post), dismiss (the reports)."""
    if not rules.can_moderate(actor):
        raise PermissionDenied
    if action not in POST_ACTIONS:
        raise ValidationError(_("Unknown moderation action."))
    topic = Topic.objects.select_for_update().get(pk=post.topic_id)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.topic = topic
    was_public = post.visibility == Visibility.PUBLISHED
    expected = {
        Action.APPROVE: {Visibility.PENDING},
        Action.HIDE: {Visibility.PUBLISHED, Visibility.PENDING},
        Action.RESTORE: {Visibility.HIDDEN},
        Action.DISMISS: {Visibility.PUBLISHED},
    }[action]
    if post.visibility not in expected:
        raise ApplicationError(_("This action does not apply to the post in its present state."), code="stale")
    now = timezone.now()
    post.reviewed_at = now
    if action in (Action.HIDE, Action.RESTORE, Action.DISMISS, Action.APPROVE):
        post.reports.filter(resolved_at__isnull=True).update(resolved_at=now, updated_at=now)
        post.report_count = 0
    new_visibility = Visibility.HIDDEN if action == Action.HIDE else Visibility.PUBLISHED
    _set_post_visibility(post=post, visibility=new_visibility)
    if post.visibility == Visibility.PUBLISHED and not was_public:
        if post.is_opening:
            topic.visibility = Visibility.PUBLISHED
        if action == Action.APPROVE:
            _publish_effects(topic=topic, post=post)
            if post.guest_email:
                from ..tasks import notify_guest_published

                post_id = post.pk
                enqueue(notify_guest_published, post_id)
    topic_refresh_search(topic=topic)
    _log(action=action, actor=actor, topic=topic, post=post, note=note)
    return post


@transaction.atomic
def topic_moderate(*, topic: Topic, action: str, actor, note: str = "") -> Topic:
    """lock/unlock (no more replies), pin/unpin (top of its forum)."""
    if not rules.can_moderate(actor):
        raise PermissionDenied
    if action not in TOPIC_ACTIONS:
        raise ValidationError(_("Unknown moderation action."))
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    field, value = {
        Action.LOCK: ("is_locked", True),
        Action.UNLOCK: ("is_locked", False),
        Action.PIN: ("is_pinned", True),
        Action.UNPIN: ("is_pinned", False),
    }[action]
    setattr(topic, field, value)
    topic.save(update_fields=[field, "updated_at"])
    _log(action=action, actor=actor, topic=topic, note=note)
    return topic
