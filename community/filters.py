"""FilterSets of the community app's lists (applied in its selectors)."""

import django_filters
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from asn_competency.common.filters import BooleanFilter

from .models import Category, Meeting, Post, Topic, Visibility

TOPIC_SORTS = [
    ("activity", _("Latest activity")),
    ("new", _("Newest")),
    ("support", _("Most supported")),
    ("replies", _("Most replies")),
]
TOPIC_ORDER = {
    "new": ["-created_at"],
    "support": ["-support_count", "-last_activity_at"],
    "replies": ["-reply_count", "-last_activity_at"],
    "activity": ["-is_pinned", "-last_activity_at"],
}


def search_topics(qs: QuerySet[Topic], q: str) -> QuerySet[Topic]:
    """Topics matching `q`, annotated with `rank` (full text on PostgreSQL)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, config="simple", search_type="websearch")
        return qs.filter(search_vector=query).annotate(rank=SearchRank("search_vector", query))
    # Embedded default: a plain substring match over the title and public posts.
    words = q.split()[:8]
    for word in words:
        in_posts = Post.objects.filter(topic=OuterRef("pk"), visibility=Visibility.PUBLISHED, body__icontains=word)
        qs = qs.filter(Q(title__icontains=word) | Exists(in_posts))
    return qs.annotate(rank=Value(0.0))


class TopicFilter(django_filters.FilterSet):
    """Filters and order of public topics annotated with `reply_count` and
    `support_count`. `sort` always runs (the selector defaults it to `activity`):
    with a search, "activity" means best match first."""

    q = django_filters.CharFilter(method="filter_q", max_length=200, help_text=_("Search in titles and posts."))
    category = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            queryset=Category.objects.filter(is_active=True), to_field_name="slug", help_text=_("Forum slug.")
        )
    )
    status = django_filters.ChoiceFilter(choices=Topic.Status.choices)
    sort = django_filters.ChoiceFilter(choices=TOPIC_SORTS, method="filter_sort")

    class Meta:
        model = Topic
        fields = []

    def filter_q(self, queryset, name, value: str):
        return search_topics(queryset, value)

    def filter_sort(self, queryset, name, value: str):
        if value == "activity" and self.form.cleaned_data.get("q"):
            return queryset.order_by("-rank", "-last_activity_at")
        return queryset.order_by(*TOPIC_ORDER[value], "-pk")


class MeetingFilter(django_filters.FilterSet):
    """`past` always runs (the selector defaults it to false: upcoming meetings)."""

    past = BooleanFilter(method="filter_past", help_text=_("Past meetings instead of upcoming ones."))

    class Meta:
        model = Meeting
        fields = []

    def filter_past(self, queryset, name, value: bool):
        now = timezone.now()
        if value:
            return queryset.filter(Q(ends_at__lt=now) | Q(status=Meeting.Status.HELD)).order_by("-starts_at")
        return queryset.filter(ends_at__gte=now).exclude(status=Meeting.Status.HELD).order_by("starts_at")
