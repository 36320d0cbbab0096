"""Pages: who may see and do what, and what a person gets back."""

import pytest
from django.urls import reverse

from community.models import Post, Support, Topic, Visibility
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, MeetingFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_forums_and_meetings_are_public(client):
    topic = TopicFactory()
    MeetingFactory()
    for url in (
        reverse("community:index"),
        reverse("community:search") + "?q=warga",
        topic.category.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("community:meetings"),
        reverse("community:topic-create"),
        reverse("community:signup"),
    ):
        assert client.get(url).status_code == 200, url


def test_navigation_shows_moderation_only_to_moderators(client, moderator, citizen):
    assert 'data-nav="community:index"' in client.get("/").content.decode()
    assert 'data-nav="community:moderation"' not in client.get("/").content.decode()
    client.force_login(citizen)
    assert 'data-nav="community:moderation"' not in client.get("/").content.decode()
    client.force_login(moderator)
    assert 'data-nav="community:moderation"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        (["citizen"], 403),
        (["asn"], 403),
        (["hr"], 403),
        (["unit_officer"], 403),
        (["moderator"], 200),
        (["admin"], 200),
    ],
)
def test_moderation_queue_is_for_moderators_and_admins(client, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("community:moderation")).status_code == status
    assert client.get(reverse("community:moderation-log")).status_code == status


def test_moderation_queue_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("community:moderation"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_moderation_action_by_a_citizen_is_forbidden(client, citizen):
    post = PostFactory()
    client.force_login(citizen)
    assert client.post(reverse("community:moderate-post", args=[post.pk, "hide"])).status_code == 403
    post.refresh_from_db()
    assert post.visibility == Visibility.PUBLISHED


def test_moderator_hides_a_post_from_the_queue(client, moderator):
    post = PostFactory()
    client.force_login(moderator)
    response = client.post(reverse("community:moderate-post", args=[post.pk, "hide"]), {"note": "Kasar"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    # Hidden posts disappear for the public but stay visible to moderators.
    assert f"post-{post.pk}" in client.get(post.topic.get_absolute_url()).content.decode()
    client.logout()
    assert f"post-{post.pk}" not in client.get(post.topic.get_absolute_url()).content.decode()


def test_guest_topic_goes_to_the_queue_and_is_not_public(client, moderator):
    category = CategoryFactory()
    response = client.post(
        reverse("community:topic-create"),
        {"category": category.pk, "title": "Jam buka loket", "body": "Jam berapa?", "guest_name": "Pak Darwin"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="Jam buka loket")
    assert topic.visibility == Visibility.PENDING
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert "Jam buka loket" not in client.get(reverse("community:index")).content.decode()
    client.force_login(moderator)
    assert "Jam buka loket" in client.get(reverse("community:moderation")).content.decode()


def test_invalid_topic_keeps_what_was_typed_and_explains_in_indonesian(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("community:topic-create"), {"category": CategoryFactory().pk, "title": "Hai", "body": "Isi pertanyaan"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Isi pertanyaan" in page
    assert "Pastikan nilai ini mengandung paling sedikit 5 karakter" in page


def test_reply_to_a_locked_topic_is_refused_with_a_message(client, citizen):
    topic = TopicFactory(is_locked=True)
    client.force_login(citizen)
    response = client.post(reverse("community:topic-reply", args=[topic.pk]), {"body": "Balasan saya"})
    assert response.status_code == 400
    assert "Balasan saya" in response.content.decode()
    assert not Post.objects.filter(topic=topic, is_opening=False).exists()


def test_support_needs_an_account(client):
    topic = TopicFactory()
    response = client.post(reverse("community:topic-support", args=[topic.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not Support.objects.exists()


def test_support_with_htmx_returns_the_buttons(client, citizen):
    topic = TopicFactory()
    client.force_login(citizen)
    url = reverse("community:topic-support", args=[topic.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="participation"' in response.content.decode() and "· 1" in response.content.decode()
    client.post(url, HTTP_HX_REQUEST="true")  # a second click does not count twice
    assert Support.objects.filter(topic=topic).count() == 1
    client.post(url, {"action": "withdraw"}, HTTP_HX_REQUEST="true")
    assert not Support.objects.filter(topic=topic).exists()


def test_report_page_needs_an_account_and_records_the_reason(client, citizen):
    post = PostFactory()
    url = reverse("community:post-report", args=[post.pk])
    assert client.get(url).status_code == 302
    client.force_login(citizen)
    assert client.post(url, {"reason": "nonsense"}).status_code == 400
    assert client.post(url, {"reason": "spam", "detail": "Iklan"}).status_code == 302
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 409
    assert "Anda sudah melaporkan" in again.content.decode()


@pytest.mark.parametrize(("roles", "status"), [(["citizen"], 403), (["asn"], 403), (["hr"], 200), (["moderator"], 200)])
def test_adoption_page_is_for_hr_and_moderators(client, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("community:topic-adopt", args=[TopicFactory().pk])).status_code == status


def test_posting_is_rate_limited(client, citizen, settings):
    settings.COMMUNITY_POST_RATE_LIMIT = "2/d"
    topic = TopicFactory()
    client.force_login(citizen)
    url = reverse("community:topic-reply", args=[topic.pk])
    assert client.post(url, {"body": "satu"}).status_code == 302
    assert client.post(url, {"body": "dua"}).status_code == 302
    third = client.post(url, {"body": "tiga"})
    assert third.status_code == 429
    assert "terlalu cepat" in third.content.decode()
    assert "tiga" in third.content.decode()
    assert topic.posts.filter(is_opening=False).count() == 2


def test_guests_are_rate_limited_by_address(client, settings):
    settings.COMMUNITY_POST_RATE_LIMIT = "1/d"
    topic = TopicFactory()
    url = reverse("community:topic-reply", args=[topic.pk])
    data = {"body": "Balasan tamu", "guest_name": "Tamu"}
    assert client.post(url, data, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(url, data, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(url, data, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_empty_rate_limit_setting_turns_the_limit_off(client, citizen, settings):
    settings.COMMUNITY_POST_RATE_LIMIT = ""
    topic = TopicFactory()
    client.force_login(citizen)
    for n in range(5):
        assert client.post(reverse("community:topic-reply", args=[topic.pk]), {"body": f"b{n}"}).status_code == 302


@pytest.mark.parametrize(("roles", "status"), [(["citizen"], 403), (["asn"], 403), (["hr"], 200), (["admin"], 200)])
def test_meeting_management_is_for_organisers(client, roles, status):
    meeting = MeetingFactory()
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("community:meeting-manage", args=[meeting.pk])).status_code == status
    assert client.get(reverse("community:meeting-create")).status_code == status


@pytest.mark.parametrize(("roles", "status"), [(["citizen"], 403), (["asn"], 403), (["hr"], 200), (["moderator"], 200)])
def test_forum_statistics_are_for_staff(client, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("community:stats")).status_code == status


def test_forum_statistics_count_answers_and_response_time(asn):
    import datetime

    from community import selectors, services

    answered = TopicFactory(title="Dijawab")
    Topic.objects.filter(pk=answered.pk).update(created_at=answered.created_at - datetime.timedelta(hours=4))
    answered.category.answerers.add(asn)
    services.post_create(topic=answered, body="Jawaban resmi", author=asn, official=True)
    TopicFactory(category=answered.category)
    TopicFactory(category=answered.category, visibility=Visibility.PENDING)  # not public, not counted
    [row] = selectors.forum_stats()
    assert row["total"] == 2 and row["answered"] == 1 and row["answered_share"] == 50
    assert row["by_status"]["answered"] == 1 and row["by_status"]["open"] == 1
    assert 3.9 <= row["response_hours"] <= 4.1


def test_short_and_outdated_topic_links_redirect_to_the_canonical_address(client):
    topic = TopicFactory(title="Jam buka loket")
    assert client.get(f"/community/topics/{topic.pk}/").url == topic.get_absolute_url()
    response = client.get(f"/community/topics/{topic.pk}/judul-lama/?page=2")
    assert response.url == topic.get_absolute_url() + "?page=2"


def test_topics_i_follow_lists_only_followed_public_topics(client, citizen):
    from community import services

    followed = TopicFactory(title="Saya ikuti")
    services.topic_follow(topic=followed, user=citizen)
    TopicFactory(title="Tidak saya ikuti")
    hidden = TopicFactory(title="Tersembunyi", visibility=Visibility.HIDDEN)
    services.topic_follow(topic=hidden, user=citizen)
    assert client.get(reverse("community:my-topics")).status_code == 302
    client.force_login(citizen)
    page = client.get(reverse("community:my-topics")).content.decode()
    assert "Saya ikuti" in page and "Tidak saya ikuti" not in page and "Tersembunyi" not in page


def test_adoption_form_links_a_feedback_service_by_its_catalogue_entry(client, hr_user):
    from feedback.models import Service
    from tests.accounts.factories import OrgUnitFactory

    unit = OrgUnitFactory(code="disdukcapil", short_name="Disdukcapil")
    service = Service.objects.create(unit=unit, code="akta-kelahiran", name="Akta Kelahiran")
    topic = TopicFactory()
    client.force_login(hr_user)
    page = client.get(reverse("community:topic-adopt", args=[topic.pk])).content.decode()
    assert '<optgroup label="Disdukcapil">' in page
    missing = client.post(reverse("community:topic-adopt", args=[topic.pk]), {"note": "Masukan"})
    assert missing.status_code == 400 and "Masukan" in missing.content.decode()
    response = client.post(
        reverse("community:topic-adopt", args=[topic.pk]), {"service": service.pk, "note": "Antrean akta"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == Topic.Status.ADOPTED
    assert (topic.service_code, topic.service_name) == ("akta-kelahiran", "Akta Kelahiran (Disdukcapil)")


def test_a_new_reply_leads_to_the_page_where_it_appears(client, citizen, settings):
    settings.COMMUNITY_PAGE_SIZE = 2
    topic = TopicFactory()
    PostFactory(topic=topic)
    PostFactory(topic=topic, visibility=Visibility.HIDDEN)  # not counted: the public does not see it
    client.force_login(citizen)
    response = client.post(reverse("community:topic-reply", args=[topic.pk]), {"body": "Balasan ketiga"})
    post = Post.objects.get(body="Balasan ketiga")
    assert response.url == f"{topic.get_absolute_url()}?page=2#post-{post.pk}"
    assert f'id="post-{post.pk}"' in client.get(response.url).content.decode()
