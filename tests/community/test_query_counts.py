"""Pages cost a constant number of queries whatever the amount of data
(measured with 3 and 15 topics / replies)."""

import pytest
from django.urls import reverse

from community import services

from .factories import CategoryFactory, MeetingFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _forum(size, asn):
    category = CategoryFactory(slug="kependudukan")
    other = CategoryFactory(slug="kesehatan")
    category.answerers.add(asn)
    other.answerers.add(asn)
    topics = [TopicFactory(category=category if n % 2 else other) for n in range(size)]
    for topic in topics:
        PostFactory(topic=topic)
        services.post_create(topic=topic, body="Jawaban resmi", author=asn, official=True)
    return category, topics


@pytest.mark.parametrize("size", [3, 15])
def test_forum_index_query_count_is_constant(client, django_assert_num_queries, asn, size):
    _forum(size, asn)
    # 1 forums with their topic counts, 1 paginator count, 1 page of topics
    # (authors, employees, categories joined; reply/support counts and the
    # official-answer flag as subqueries).
    with django_assert_num_queries(3):
        assert client.get(reverse("community:index")).status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_category_topic_list_query_count_is_constant(client, django_assert_num_queries, asn, size):
    category, _topics = _forum(size, asn)
    # 1 the forum, 1 paginator count, 1 page of topics.
    with django_assert_num_queries(3):
        assert client.get(category.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_search_query_count_is_constant(client, django_assert_num_queries, asn, size):
    _forum(size, asn)
    # 1 paginator count, 1 page of matching topics.
    with django_assert_num_queries(2):
        assert client.get(reverse("community:search"), {"q": "warga"}).status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_thread_query_count_is_constant(client, django_assert_num_queries, asn, citizen, size):
    topic = TopicFactory()
    topic.category.answerers.add(asn)
    for n in range(size):
        PostFactory(topic=topic, author=citizen if n % 2 else asn)
        services.post_create(topic=topic, body=f"Jawaban {n}", author=asn, official=True)
    client.force_login(citizen)
    # 1 session, 1 user, 1 the viewer's roles (cached on the user for the nav and
    # the permission checks), 1 the viewer's employee profile (name in the menu),
    # 1 topic with counts and the viewer's support/follow flags, 1 its
    # competencies, 1 paginator count, 1 page of posts (authors, their employee
    # profiles and official units joined).
    with django_assert_num_queries(8):
        assert client.get(topic.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [2, 10])
def test_meeting_list_query_count_is_constant(client, django_assert_num_queries, size):
    for _n in range(size):
        meeting = MeetingFactory()
        services.meeting_register(meeting=meeting, name="Warga", email=f"w{_n}@contoh.id")
    # 1 upcoming meetings with registration counts, 1 past meetings.
    with django_assert_num_queries(2):
        assert client.get(reverse("community:meetings")).status_code == 200


@pytest.mark.parametrize("size", [2, 10])
def test_moderation_queue_query_count_is_constant(client, django_assert_num_queries, moderator, size):
    topic = TopicFactory()
    for n in range(size):
        services.post_create(topic=topic, body=f"Tamu {n}", guest_name="Tamu")
        services.post_create(topic=topic, body=f"Tamu {n}, WA 0812-3456-789{n % 10}", guest_name="Tamu")
        PostFactory(topic=topic, report_count=1)
    client.force_login(moderator)
    # 1 session, 1 user, 1 roles, 1 the viewer's employee profile (menu),
    # 2 queues + 2 prefetches of their open reports + 2 of why they were held.
    with django_assert_num_queries(10):
        assert client.get(reverse("community:moderation")).status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_forum_statistics_query_count_is_constant(client, django_assert_num_queries, asn, hr_user, size):
    _forum(size, asn)
    client.force_login(hr_user)
    # 1 session, 1 user, 1 roles, 1 the viewer's employee profile (menu),
    # 1 grouped statistics query.
    with django_assert_num_queries(5):
        assert client.get(reverse("community:stats")).status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_topics_i_follow_query_count_is_constant(client, django_assert_num_queries, asn, citizen, size):
    _category, topics = _forum(size, asn)
    for topic in topics:
        services.topic_follow(topic=topic, user=citizen)
    client.force_login(citizen)
    # 1 session, 1 user, 1 roles, 1 the viewer's employee profile (menu),
    # 1 paginator count, 1 page of followed topics.
    with django_assert_num_queries(6):
        assert client.get(reverse("community:my-topics")).status_code == 200
