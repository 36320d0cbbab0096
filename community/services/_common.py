from django.db import connection

from ..models import Post, Topic, Visibility


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def topic_refresh_search(*, topic: Topic) -> None:
    """Recompute the topic's full-text vector (PostgreSQL only): title weighs
    most, then the question, then the published replies."""
    if not is_postgres():
        return
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    bodies = list(
        Post.objects.filter(topic=topic, visibility=Visibility.PUBLISHED)
        .order_by("-is_opening", "pk")
        .values_list("is_opening", "body")
    )
    question = " ".join(b for opening, b in bodies if opening)
    replies = " ".join(b for opening, b in bodies if not opening)
    Topic.objects.filter(pk=topic.pk).update(
        search_vector=SearchVector("title", config="simple", weight="A")
        + SearchVector(Value(question), config="simple", weight="B")
        + SearchVector(Value(replies[:200_000]), config="simple", weight="C")
    )
