"""Writes of the forums: topics, posts, support votes, follows, statuses, adoption."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from accounts.selectors import employee_for_user
from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.outbox import enqueue

from .. import rules
from ..markup import render_markdown
from ..models import Category, Follow, ModerationAction, Post, Support, Topic, Visibility
from ..personal_data import personal_data_found, personal_data_labels
from ._common import topic_refresh_search

MAX_BODY = 10_000


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < 2:
        raise ValidationError({"body": _("Write a text of at least 2 characters.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("The text is too long (at most %(max)d characters).") % {"max": MAX_BODY}})
    return body


def _check_author(*, author, guest_name: str):
    if author is not None and not author.is_active:
        raise PermissionDenied
    if author is None and not (guest_name or "").strip():
        raise ValidationError({"guest_name": _("Guests must give a name.")})


def _official_unit_for(*, user, topic: Topic):
    """The unit an official answer speaks for: the answerer's own unit, else the topic's."""
    employee = employee_for_user(user=user)
    if employee is not None and employee.is_active:
        return employee.org_unit
    if topic.category.org_unit_id:
        return topic.category.org_unit
    unit_ids = sorted(rules.topic_unit_ids(topic))
    if unit_ids:
        return OrgUnit.objects.get(pk=unit_ids[0])
    raise ApplicationError(_("Your account belongs to no unit, so it cannot answer officially."), code="no_unit")


def _hold_if_personal(*, author, texts, visibility: str) -> tuple[str, list[str]]:
    """A citizen's or guest's text with a phone number, NIK or e-mail address waits for a moderator."""
    if not rules.writes_as_public(author):
        return visibility, []
    found = personal_data_found(*texts)
    return (Visibility.PENDING if found else visibility), found


def _log_hold(*, topic: Topic, post: Post, found: list[str]) -> None:
    ModerationAction.objects.create(
        action=ModerationAction.Action.HOLD, actor=None, topic=topic, post=post, note=personal_data_labels(found)
    )


def _notify_after_commit(post: Post) -> None:
    from ..tasks import notify_followers

    post_id = post.pk
    enqueue(notify_followers, post_id)


@transaction.atomic
def topic_create(
    *, category: Category, title: str, body: str, author=None, guest_name: str = "", guest_email: str = ""
) -> Topic:
    """A new topic with its opening post. Guests' topics wait for a moderator, and so
    do citizens' topics that contain personal data (`topic.personal_data` lists what was found)."""
    if not category.is_active:
        raise ApplicationError(_("This forum no longer accepts new topics."))
    _check_author(author=author, guest_name=guest_name)
    body = _check_body(body)
    title = (title or "").strip()
    if len(title) < 5:
        raise ValidationError({"title": _("Give the topic a title of at least 5 characters.")})
    visibility = Visibility.PENDING if author is None else Visibility.PUBLISHED
    visibility, found = _hold_if_personal(author=author, texts=(title, body), visibility=visibility)
    topic = Topic(
        category=category,
        title=title,
        author=author,
        guest_name="" if author else guest_name.strip(),
        visibility=visibility,
        last_activity_at=timezone.now(),
    )
    topic.full_clean()
    topic.save()
    post = Post(
        topic=topic,
        author=author,
        guest_name=topic.guest_name,
        guest_email="" if author else guest_email.strip(),
        is_opening=True,
        body=body,
        body_html=render_markdown(body),
        visibility=visibility,
    )
    post.full_clean()
    post.save()
    if found:
        _log_hold(topic=topic, post=post, found=found)
    if author is not None:
        Follow.objects.get_or_create(topic=topic, user=author)
    topic_refresh_search(topic=topic)
    topic.personal_data = found
    return topic


@transaction.atomic
def post_create(
    *, topic: Topic, body: str, author=None, guest_name: str = "", guest_email: str = "", official: bool = False
) -> Post:
    """A reply. With `official`, a person designated for the topic (rules.can_answer_officially)
    answers for their unit, which marks an open topic answered. Guests' replies, and citizens'
    replies that contain personal data (`post.personal_data` lists what was found), wait for a
    moderator."""
    _check_author(author=author, guest_name=guest_name)
    body = _check_body(body)
    # Lock the topic: a moderator locking or closing it meanwhile wins.
    topic = Topic.objects.select_for_update(of=("self",)).select_related("category").get(pk=topic.pk)
    if not topic.accepts_replies:
        raise ApplicationError(_("This topic no longer accepts replies."), code="closed")
    official_unit = None
    if official:
        if not rules.can_answer_officially(author, topic):
            raise ApplicationError(
                _("Only the people designated for this topic's unit or service may answer officially."),
                code="not_designated",
                status=403,
            )
        official_unit = _official_unit_for(user=author, topic=topic)
    visibility = Visibility.PENDING if author is None else Visibility.PUBLISHED
    visibility, found = _hold_if_personal(author=author, texts=(body,), visibility=visibility)
    post = Post(
        topic=topic,
        author=author,
        guest_name="" if author else guest_name.strip(),
        guest_email="" if author else guest_email.strip(),
        body=body,
        body_html=render_markdown(body),
        official_unit=official_unit,
        visibility=visibility,
    )
    post.full_clean()
    post.save()
    if found:
        _log_hold(topic=topic, post=post, found=found)
    if visibility == Visibility.PUBLISHED:
        _publish_effects(topic=topic, post=post)
    if author is not None:
        Follow.objects.get_or_create(topic=topic, user=author)
    post.personal_data = found
    return post


def _publish_effects(*, topic: Topic, post: Post) -> None:
    """What a newly visible reply does to its topic; caller holds the topic lock."""
    fields = ["last_activity_at", "updated_at"]
    topic.last_activity_at = timezone.now()
    if post.official_unit_id and topic.status == Topic.Status.OPEN:
        topic.status = Topic.Status.ANSWERED
        fields.append("status")
    topic.save(update_fields=fields)
    topic_refresh_search(topic=topic)
    if not post.is_opening:
        _notify_after_commit(post)


def topic_support(*, topic: Topic, user) -> Support:
    """One support vote per account: the database constraint decides races."""
    if not rules.can_participate(user):
        raise PermissionDenied
    if topic.visibility != Visibility.PUBLISHED:
        raise ApplicationError(_("This topic cannot be supported."))
    if not rules.can_support(user, topic):
        raise ApplicationError(_("You cannot support your own topic."), code="own_topic", status=403)
    try:
        with transaction.atomic():
            return Support.objects.create(topic=topic, user=user)
    except IntegrityError:
        raise ConflictError(_("You already support this topic."), code="already_supported") from None


def topic_unsupport(*, topic: Topic, user) -> bool:
    deleted, _rows = Support.objects.filter(topic=topic, user=user).delete()
    return bool(deleted)


def topic_follow(*, topic: Topic, user) -> Follow:
    if not rules.can_participate(user):
        raise PermissionDenied
    follow, _created = Follow.objects.get_or_create(topic=topic, user=user)
    return follow


def topic_unfollow(*, topic: Topic, user) -> bool:
    deleted, _rows = Follow.objects.filter(topic=topic, user=user).delete()
    return bool(deleted)


@transaction.atomic
def topic_set_status(*, topic: Topic, status: str, actor) -> Topic:
    if not rules.can_set_status(actor, topic, status):
        raise PermissionDenied
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.status != status:
        old = topic.get_status_display()
        topic.status = status
        topic.save(update_fields=["status", "updated_at"])
        ModerationAction.objects.create(
            action=ModerationAction.Action.STATUS,
            actor=actor,
            topic=topic,
            note=f"{old} → {topic.get_status_display()}",
        )
    return topic


@transaction.atomic
def topic_adopt(
    *,
    topic: Topic,
    actor,
    note: str,
    program=None,
    service_code: str = "",
    service_name: str = "",
    competencies=(),
) -> Topic:
    """Record that the topic informs a training program and/or a public service."""
    if not rules.can_adopt(actor):
        raise PermissionDenied
    if program is None and not (service_code or service_name):
        raise ValidationError(_("Choose the training program or the service this topic informs."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Explain briefly how the topic is used.")})
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.visibility != Visibility.PUBLISHED:
        raise ApplicationError(_("Only published topics can be adopted."))
    topic.status = Topic.Status.ADOPTED
    topic.program = program
    topic.service_code = service_code.strip()
    topic.service_name = service_name.strip()
    topic.adoption_note = note.strip()
    topic.adopted_at = timezone.now()
    topic.adopted_by = actor
    topic.full_clean(exclude=["search_vector"])
    topic.save()
    topic.competencies.set(competencies)
    ModerationAction.objects.create(
        action=ModerationAction.Action.ADOPT, actor=actor, topic=topic, note=topic.informs_label[:500]
    )
    return topic
