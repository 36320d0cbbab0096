"""Reads of the community app. Counts come from SQL subqueries so a list page
costs the same number of queries whatever its size."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from asn_competency.common.filters import filter_data, filter_queryset

from . import rules
from .filters import TOPIC_ORDER, MeetingFilter, TopicFilter
from .models import (
    Category,
    Follow,
    Meeting,
    MeetingOutcome,
    MeetingRegistration,
    ModerationAction,
    Post,
    Report,
    Support,
    Topic,
    Visibility,
)


def _count(qs: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT subquery: several counts on one row without the join
    fan-out that Count() over two relations would cause."""
    counted = qs.order_by().values(group_by).annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _reply_count():
    return _count(Post.objects.filter(topic=OuterRef("pk"), is_opening=False, visibility=Visibility.PUBLISHED), "topic")


def _support_count():
    return _count(Support.objects.filter(topic=OuterRef("pk")), "topic")


def category_list() -> QuerySet[Category]:
    """Active forums with their number of public topics and last activity."""
    public = Q(topics__visibility=Visibility.PUBLISHED)
    return (
        Category.objects.filter(is_active=True)
        .select_related("org_unit")
        .annotate(
            topic_count=Count("topics", filter=public), last_activity=Max("topics__last_activity_at", filter=public)
        )
        .order_by("position", "name")
    )


def category_get(*, slug: str) -> Category:
    category = Category.objects.select_related("org_unit").filter(slug=slug, is_active=True).first()
    if category is None:
        raise Http404
    return category


def topic_list(
    *,
    category: Category | None = None,
    q: str = "",
    status: str = "",
    sort: str = "activity",
    org_unit=None,
    filters: Mapping | None = None,
) -> QuerySet[Topic]:
    """Public topics with reply and support counts and whether an official answer exists.

    `filters` are query parameters of `TopicFilter`; the keyword filters (but the
    already resolved `category`) go through the same FilterSet. Invalid values
    raise ApplicationError."""
    qs = Topic.objects.filter(visibility=Visibility.PUBLISHED).select_related("category", "author", "author__employee")
    if category is not None:
        qs = qs.filter(category=category)
    if org_unit is not None:
        qs = qs.filter(Q(category__org_unit=org_unit) | Q(posts__official_unit=org_unit)).distinct()
    qs = qs.annotate(
        reply_count=_reply_count(),
        support_count=_support_count(),
        has_official=Exists(
            Post.objects.filter(topic=OuterRef("pk"), official_unit__isnull=False, visibility=Visibility.PUBLISHED)
        ),
    )
    data = filter_data(filters, q=(q or "").strip()[:200], status=status if status in Topic.Status.values else "")
    if not data.get("sort"):
        data["sort"] = sort if sort in TOPIC_ORDER else "activity"
    return filter_queryset(TopicFilter, data=data, queryset=qs)


def topic_list_followed(*, user) -> QuerySet[Topic]:
    """Public topics the user follows (their own and those they chose), latest activity first."""
    return (
        topic_list()
        .filter(Exists(Follow.objects.filter(topic=OuterRef("pk"), user=user)))
        .order_by("-last_activity_at", "-pk")
    )


def topic_get(*, pk: int, viewer) -> Topic:
    """A topic for its page, with counts and the viewer's own support/follow.
    Pending or hidden topics are visible to moderators only."""
    uid = viewer.pk if getattr(viewer, "is_authenticated", False) else None
    qs = (
        Topic.objects.select_related("category", "category__org_unit", "author", "author__employee", "program")
        .prefetch_related("competencies")
        .annotate(
            support_count=_support_count(),
            reply_count=_reply_count(),
            viewer_supports=Exists(Support.objects.filter(topic=OuterRef("pk"), user_id=uid)),
            viewer_follows=Exists(Follow.objects.filter(topic=OuterRef("pk"), user_id=uid)),
        )
    )
    topic = qs.filter(pk=pk).first()
    if topic is None:
        raise Http404
    if topic.visibility != Visibility.PUBLISHED and not rules.can_moderate(viewer):
        raise Http404
    return topic


def thread_posts(*, topic: Topic, viewer) -> QuerySet[Post]:
    """The posts of a thread in order; moderators also see pending and hidden ones."""
    qs = Post.objects.filter(topic=topic).select_related("author", "author__employee", "official_unit")
    if not rules.can_moderate(viewer):
        qs = qs.filter(visibility=Visibility.PUBLISHED)
    return qs.order_by("-is_opening", "created_at", "pk")


def post_url(*, post: Post) -> str:
    """The address of a post on the page of its thread where it appears (for the
    public ordering: opening post first, then published replies by time)."""
    from django.conf import settings

    if post.is_opening:
        return f"{post.topic.get_absolute_url()}#post-{post.pk}"
    before = Post.objects.filter(topic_id=post.topic_id, visibility=Visibility.PUBLISHED).filter(
        Q(is_opening=True) | Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    page = before.count() // settings.COMMUNITY_PAGE_SIZE + 1
    query = f"?page={page}" if page > 1 else ""
    return f"{post.topic.get_absolute_url()}{query}#post-{post.pk}"


def post_get(*, pk: int, viewer=None) -> Post:
    post = Post.objects.select_related("topic", "author", "author__employee").filter(pk=pk).first()
    if post is None:
        raise Http404
    if post.visibility != Visibility.PUBLISHED and not rules.can_moderate(viewer):
        raise Http404
    return post


def moderation_queue() -> dict:
    """Posts that wait for a moderator: guests' posts, reported or auto-hidden ones."""
    base = Post.objects.select_related("topic", "topic__category", "author", "author__employee").prefetch_related(
        Prefetch("reports", queryset=Report.objects.filter(resolved_at__isnull=True).select_related("reporter")),
        # Why a post was held (personal data found), so the moderator knows what to look for.
        Prefetch(
            "moderation_log",
            queryset=ModerationAction.objects.filter(action=ModerationAction.Action.HOLD),
            to_attr="holds",
        ),
    )
    return {
        "pending": base.filter(visibility=Visibility.PENDING).order_by("created_at"),
        "reported": base.filter(Q(report_count__gt=0) | Q(visibility=Visibility.HIDDEN, hidden_automatically=True))
        .exclude(visibility=Visibility.PENDING)
        .order_by("-report_count", "-updated_at"),
    }


def moderation_log() -> QuerySet[ModerationAction]:
    return ModerationAction.objects.select_related("actor", "actor__employee", "topic", "post").order_by(
        "-created_at", "-pk"
    )


# --- Meetings -----------------------------------------------------------------


def _registered_count():
    return _count(
        MeetingRegistration.objects.filter(meeting=OuterRef("pk"), status=MeetingRegistration.Status.REGISTERED),
        "meeting",
    )


def meeting_list(*, upcoming: bool | None = None, filters: Mapping | None = None) -> QuerySet[Meeting]:
    """Upcoming meetings (soonest first), or past ones (`upcoming=False` or the
    filter `past=true`, latest first). Invalid filters raise ApplicationError."""
    qs = Meeting.objects.select_related("org_unit", "category").annotate(registered_count=_registered_count())
    data = filter_data(filters)
    if upcoming is not None:
        data["past"] = "false" if upcoming else "true"
    data.setdefault("past", "false")
    return filter_queryset(MeetingFilter, data=data, queryset=qs)


def meeting_get(*, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("org_unit", "category")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=MeetingOutcome.objects.select_related("program").prefetch_related("competencies"),
            )
        )
        .annotate(
            registered_count=_registered_count(),
            attended_count=_count(
                MeetingRegistration.objects.filter(meeting=OuterRef("pk"), attended_at__isnull=False), "meeting"
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meeting_registrations(*, meeting: Meeting) -> QuerySet[MeetingRegistration]:
    return meeting.registrations.order_by("status", "name")


def registrations_due_reminder(*, on: datetime.date) -> QuerySet[MeetingRegistration]:
    """Active registrations of scheduled meetings held on `on` (local date) not yet reminded."""
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(on, datetime.time.min, tzinfo=tz)
    return MeetingRegistration.objects.filter(
        status=MeetingRegistration.Status.REGISTERED,
        reminder_sent_at__isnull=True,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gte=lower,
        meeting__starts_at__lt=lower + datetime.timedelta(days=1),
    )


def registration_get(*, code: str) -> MeetingRegistration:
    registration = (
        MeetingRegistration.objects.select_related("meeting", "meeting__org_unit")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def registration_for_user(*, meeting: Meeting, user) -> MeetingRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return meeting.registrations.filter(user=user, status=MeetingRegistration.Status.REGISTERED).first()


def outcome_get(*, pk: int) -> MeetingOutcome:
    outcome = MeetingOutcome.objects.select_related("meeting").filter(pk=pk).first()
    if outcome is None:
        raise Http404
    return outcome


def program_get(*, code: str):
    from django.apps import apps

    program = apps.get_model("training", "Program").objects.filter(code=code).first()
    if program is None:
        raise Http404
    return program


# --- For the evaluation team -----------------------------------------------------


@dataclass
class CommunityInputs:
    """What citizens said that was adopted as input, in a period."""

    topics: QuerySet[Topic]
    outcomes: QuerySet[MeetingOutcome]

    def rows(self) -> list[dict]:
        """Both kinds as uniform rows, newest first (for reports and exports)."""
        rows = [
            {
                "kind": "topic",
                "date": t.adopted_at,
                "title": t.title,
                "note": t.adoption_note,
                "informs": t.informs_label,
                "program_id": t.program_id,
                "service_code": t.service_code,
                "supports": t.support_count,
                "url": t.get_absolute_url(),
            }
            for t in self.topics
        ] + [
            {
                "kind": "meeting_outcome",
                "date": o.meeting.starts_at,
                "title": o.title,
                "note": o.description,
                "informs": o.informs_label,
                "program_id": o.program_id,
                "service_code": o.service_code,
                "supports": None,
                "url": o.meeting.get_absolute_url(),
            }
            for o in self.outcomes
        ]
        return sorted(rows, key=lambda r: r["date"], reverse=True)


def community_inputs_for(
    *,
    start: datetime.date,
    end: datetime.date,
    program=None,
    competencies=None,
    service_code: str | None = None,
) -> CommunityInputs:
    """Adopted topics (by adoption date) and outcomes of meetings held (by
    meeting date) between start and end inclusive. With `program`: those linked
    to it or to one of its competencies; with `competencies`: those naming one
    of them or linked to a program that develops one; with `service_code`:
    those linked to that service."""
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    upper = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    topics = Topic.objects.filter(
        status=Topic.Status.ADOPTED, visibility=Visibility.PUBLISHED, adopted_at__gte=lower, adopted_at__lt=upper
    )
    outcomes = MeetingOutcome.objects.filter(meeting__starts_at__gte=lower, meeting__starts_at__lt=upper).exclude(
        meeting__status=Meeting.Status.CANCELLED
    )

    def narrow(qs, model):
        cond = Q()
        if program is not None:
            cond |= Q(program=program)
            competency_ids = list(program.competencies.values_list("pk", flat=True))
            if competency_ids:
                cond |= Exists(
                    model.competencies.through.objects.filter(
                        **{f"{model._meta.model_name}_id": OuterRef("pk"), "competency_id__in": competency_ids}
                    )
                )
        if competencies is not None:
            ids = [getattr(c, "pk", c) for c in competencies]
            cond |= Exists(
                model.competencies.through.objects.filter(
                    **{f"{model._meta.model_name}_id": OuterRef("pk"), "competency_id__in": ids}
                )
            ) | Q(program__competencies__in=ids)
        if service_code:
            cond |= Q(service_code=service_code)
        return qs.filter(cond).distinct() if cond else qs

    topics = (
        narrow(topics, Topic)
        .select_related("program", "category")
        .annotate(support_count=_support_count())
        .order_by("-adopted_at")
    )
    outcomes = (
        narrow(outcomes, MeetingOutcome).select_related("meeting", "program").order_by("-meeting__starts_at", "pk")
    )
    return CommunityInputs(topics=topics, outcomes=outcomes)


# --- Statistics -------------------------------------------------------------------


def forum_stats(*, since: datetime.date | None = None) -> list[dict]:
    """Per forum, in one grouped query: topics by status, how many got an
    official answer, and the average hours until the first official answer."""
    first_official = (
        Post.objects.filter(topic=OuterRef("pk"), official_unit__isnull=False, visibility=Visibility.PUBLISHED)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    qs = Topic.objects.filter(visibility=Visibility.PUBLISHED, category__is_active=True)
    if since is not None:
        qs = qs.filter(created_at__date__gte=since)
    rows = (
        qs.annotate(first_official=Subquery(first_official))
        .values("category__name", "category__position")
        .annotate(
            total=Count("pk"),
            **{f"status_{s}": Count("pk", filter=Q(status=s)) for s in Topic.Status.values},
            answered=Count("pk", filter=Q(first_official__isnull=False)),
            response=Avg(
                ExpressionWrapper(F("first_official") - F("created_at"), output_field=DurationField()),
                filter=Q(first_official__isnull=False),
            ),
        )
        .order_by("category__position", "category__name")
    )
    result = []
    for row in rows:
        response = row["response"]
        result.append(
            {
                "forum": row["category__name"],
                "total": row["total"],
                "by_status": {s: row[f"status_{s}"] for s in Topic.Status.values},
                "answered": row["answered"],
                "answered_share": round(100 * row["answered"] / row["total"]) if row["total"] else 0,
                "response_hours": round(response.total_seconds() / 3600, 1) if response is not None else None,
            }
        )
    return result
