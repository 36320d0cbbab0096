"""Official answers, who settles a topic, votes on one's own topic, and the
personal-data hold: each rule of community.rules, its refusals, and how the
pages and the API use it."""

import pytest
from rest_framework.test import APIClient

from asn_competency.common.errors import ApplicationError
from community import rules, services
from community.models import Category, ModerationAction, Post, Topic, Visibility
from community.personal_data import personal_data_found
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.feedback.factories import ServiceFactory

from .factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def disdukcapil():
    return OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil")


@pytest.fixture
def officer(disdukcapil):
    """A service officer of Disdukcapil."""
    return EmployeeFactory(org_unit=disdukcapil, user=UserFactory(roles=["asn", "unit_officer"])).user


@pytest.fixture
def programmer():
    """asn4: a Diskominfo programmer (an ASN, no designation)."""
    return EmployeeFactory(org_unit=OrgUnitFactory(code="diskominfo", short_name="Diskominfo")).user


@pytest.fixture
def unit_topic(disdukcapil):
    category = CategoryFactory(slug="forum-disdukcapil", kind=Category.Kind.ORG_UNIT, org_unit=disdukcapil)
    return TopicFactory(category=category, title="Berapa lama cetak KTP-el?")


# --- who is designated ---------------------------------------------------------------------------


def test_the_unit_officers_of_the_forums_unit_are_designated(officer, unit_topic):
    assert rules.is_designated_for(officer, unit_topic)
    assert rules.can_answer_officially(officer, unit_topic)


def test_the_unit_officers_of_the_topics_service_are_designated(officer, disdukcapil):
    ServiceFactory(unit=disdukcapil, code="ktp-el")
    topic = TopicFactory(service_code="ktp-el")  # a service-area forum, linked to the service
    assert rules.can_answer_officially(officer, topic)
    assert not rules.can_answer_officially(officer, TopicFactory())


def test_an_officer_of_another_unit_or_a_plain_asn_is_not_designated(unit_topic, programmer):
    other_officer = EmployeeFactory(user=UserFactory(roles=["asn", "unit_officer"])).user
    assert not rules.can_answer_officially(other_officer, unit_topic)
    assert not rules.can_answer_officially(programmer, unit_topic)
    assert rules.status_choices_for(programmer, unit_topic) == []


@pytest.mark.parametrize("role", ["hr", "moderator", "admin"])
def test_hr_moderators_and_admins_are_designated_everywhere(role):
    user = UserFactory(roles=[role])
    assert rules.can_answer_officially(user, TopicFactory())
    assert rules.status_choices_for(user, TopicFactory()) == ["open", "answered", "closed"]


def test_a_forums_designated_answerer_is_designated_but_a_citizen_never(programmer, citizen):
    topic = TopicFactory()
    topic.category.answerers.add(programmer, citizen)
    assert rules.can_answer_officially(programmer, topic)
    assert not rules.can_answer_officially(citizen, topic)  # only accounts of the city government


def test_nobody_answers_officially_on_a_closed_topic_and_guests_never(officer, unit_topic):
    from django.contrib.auth.models import AnonymousUser

    assert not rules.can_answer_officially(AnonymousUser(), unit_topic)
    Topic.objects.filter(pk=unit_topic.pk).update(status=Topic.Status.CLOSED)
    unit_topic.refresh_from_db()
    assert not rules.can_answer_officially(officer, unit_topic)


def test_an_inactive_officer_is_not_designated(officer, unit_topic):
    officer.is_active = False
    officer.save()
    assert not rules.is_designated_for(officer, unit_topic)


# --- official answers -----------------------------------------------------------------------------


def test_an_officer_answers_officially_only_when_choosing_it(officer, unit_topic, disdukcapil):
    plain = services.post_create(topic=unit_topic, body="Saya cek dulu ya.", author=officer)
    assert not plain.is_official
    unit_topic.refresh_from_db()
    assert unit_topic.status == Topic.Status.OPEN
    post = services.post_create(topic=unit_topic, body="Paling lama 14 hari kerja.", author=officer, official=True)
    assert post.official_unit == disdukcapil
    unit_topic.refresh_from_db()
    assert unit_topic.status == Topic.Status.ANSWERED


def test_the_programmer_of_diskominfo_cannot_answer_for_disdukcapil(programmer, unit_topic):
    with pytest.raises(ApplicationError) as exc:
        services.post_create(topic=unit_topic, body="Setahu saya 14 hari.", author=programmer, official=True)
    assert exc.value.status == 403
    assert not Post.objects.filter(topic=unit_topic, is_opening=False).exists()


def test_the_answer_officially_choice_is_shown_only_to_designated_people(client, officer, programmer, unit_topic):
    client.force_login(programmer)
    html = client.get(unit_topic.get_absolute_url()).content.decode()
    assert 'name="official"' not in html and "Ubah status" not in html
    client.force_login(officer)
    html = client.get(unit_topic.get_absolute_url()).content.decode()
    assert 'name="official"' in html and "Jawab secara resmi" in html and "Ubah status" in html


def test_an_official_answer_through_the_page_is_labelled_with_the_unit(client, officer, unit_topic):
    client.force_login(officer)
    url = f"/community/topics/{unit_topic.pk}/reply/"
    response = client.post(url, {"body": "Silakan datang ke loket 3.", "official": "on"})
    assert response.status_code == 302
    html = client.get(unit_topic.get_absolute_url()).content.decode()
    assert "Jawaban resmi · Disdukcapil" in html


def test_a_forged_official_choice_from_an_undesignated_asn_is_ignored(client, programmer, unit_topic):
    client.force_login(programmer)
    response = client.post(f"/community/topics/{unit_topic.pk}/reply/", {"body": "setahu saya...", "official": "on"})
    assert response.status_code == 302
    post = Post.objects.get(topic=unit_topic, is_opening=False)
    assert not post.is_official
    unit_topic.refresh_from_db()
    assert unit_topic.status == Topic.Status.OPEN


def test_an_undesignated_asn_cannot_set_a_topic_answered_through_the_page(client, programmer, unit_topic):
    client.force_login(programmer)
    response = client.post(f"/community/topics/{unit_topic.pk}/status/", {"status": "answered"})
    assert response.status_code == 403
    unit_topic.refresh_from_db()
    assert unit_topic.status == Topic.Status.OPEN


def test_the_api_tells_what_the_caller_may_do(officer, programmer, unit_topic):
    api = APIClient()
    api.force_authenticate(programmer)
    viewer = api.get(f"/api/v1/community/topics/{unit_topic.pk}/").json()["viewer"]
    assert viewer == {"can_support": True, "can_answer_officially": False, "statuses": []}
    api.force_authenticate(officer)
    viewer = api.get(f"/api/v1/community/topics/{unit_topic.pk}/").json()["viewer"]
    assert viewer["can_answer_officially"] and viewer["statuses"] == ["open", "answered", "closed"]


# --- votes -------------------------------------------------------------------------------------------


def test_an_author_cannot_support_their_own_topic(citizen):
    topic = TopicFactory(author=citizen)
    assert not rules.can_support(citizen, topic)
    with pytest.raises(ApplicationError) as exc:
        services.topic_support(topic=topic, user=citizen)
    assert exc.value.code == "own_topic" and "sendiri" in str(exc.value.message)
    assert topic.supports.count() == 0


def test_the_api_refuses_a_vote_for_ones_own_topic_with_a_message(citizen):
    topic = TopicFactory(author=citizen)
    api = APIClient()
    api.force_authenticate(citizen)
    response = api.post(f"/api/v1/community/topics/{topic.pk}/support/")
    assert response.status_code == 403
    assert "sendiri" in response.content.decode()
    assert topic.supports.count() == 0


def test_the_page_disables_the_support_button_of_ones_own_topic(client, citizen):
    own, other = TopicFactory(author=citizen), TopicFactory()
    client.force_login(citizen)
    html = client.get(own.get_absolute_url()).content.decode()
    assert "disabled" in html and "Anda tidak dapat mendukung topik Anda sendiri." in html
    assert f'action="/community/topics/{own.pk}/support/"' not in html
    html = client.get(other.get_absolute_url()).content.decode()
    assert f'action="/community/topics/{other.pk}/support/"' in html
    response = client.post(f"/community/topics/{own.pk}/support/", follow=True)
    assert "Anda tidak dapat mendukung topik Anda sendiri." in response.content.decode()
    assert own.supports.count() == 0


# --- personal data -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("WA saya 0812-3456-7890", ["phone"]),
        ("hubungi +62 812 3456 7890", ["phone"]),
        ("atau 6281234567890", ["phone"]),
        ("kantor (061) 4512345", ["phone"]),
        ("NIK saya 1271045607890001", ["nik"]),
        ("NIK 1271 0456 0789 0001", ["nik"]),
        ("kirim ke budi.s@contoh.id", ["email"]),
        ("budi [at] gmail.com", ["email"]),
        ("NIK 1271045607890001, HP 081234567890", ["nik", "phone"]),
        ("Sudah 14 hari kerja, biaya Rp 100.000, jam 08.00-12.00, KBLI 56210, tahun 2024", []),
    ],
)
def test_personal_data_in_indonesian_formats_is_found(text, kinds):
    assert personal_data_found(text) == kinds


def test_a_citizens_reply_with_a_phone_number_is_held_with_the_reason(client, citizen):
    topic = TopicFactory()
    client.force_login(citizen)
    response = client.post(
        f"/community/topics/{topic.pk}/reply/", {"body": "Hubungi saya di 0812-3456-7890"}, follow=True
    )
    html = response.content.decode()
    assert "tampaknya memuat data pribadi (nomor telepon)" in html
    post = Post.objects.get(topic=topic, is_opening=False)
    assert post.visibility == Visibility.PENDING
    assert ModerationAction.objects.filter(post=post, action="hold", note="nomor telepon").exists()


def test_the_moderators_see_why_a_post_was_held(client, moderator):
    topic = TopicFactory()
    services.post_create(topic=topic, body="NIK 1271045607890001", guest_name="Tamu")
    client.force_login(moderator)
    assert "Ditahan: tampaknya memuat NIK." in client.get("/community/moderation/").content.decode()


def test_a_guests_reply_with_an_email_address_is_told_why_it_waits(client):
    topic = TopicFactory()
    data = {"body": "Email saya lina@contoh.id", "guest_name": "Ibu Lina", "guest_email": ""}
    html = client.post(f"/community/topics/{topic.pk}/reply/", data, follow=True).content.decode()
    assert "data pribadi (alamat email)" in html
    assert Post.objects.get(topic=topic, is_opening=False).visibility == Visibility.PENDING


def test_a_citizens_topic_with_a_nik_waits_for_a_moderator(citizen):
    topic = services.topic_create(
        category=CategoryFactory(), title="KTP belum jadi", body="NIK saya 1271045607890001", author=citizen
    )
    assert topic.visibility == Visibility.PENDING and topic.personal_data == ["nik"]
    assert topic.posts.get().visibility == Visibility.PENDING


def test_a_citizens_text_without_personal_data_is_published(citizen):
    post = services.post_create(topic=TopicFactory(), body="Sudah 14 hari kerja belum jadi.", author=citizen)
    assert post.visibility == Visibility.PUBLISHED and post.personal_data == []


def test_an_officer_may_give_the_units_phone_number(officer, unit_topic):
    post = services.post_create(topic=unit_topic, body="Hubungi loket kami di 061-4512345.", author=officer)
    assert post.visibility == Visibility.PUBLISHED


def test_a_citizens_new_topic_with_a_phone_number_is_held_with_the_reason(client, citizen):
    category = CategoryFactory()
    client.force_login(citizen)
    data = {"category": category.pk, "title": "KTP belum jadi", "body": "Tolong hubungi 0812 3456 7890."}
    html = client.post("/community/topics/new/", data, follow=True).content.decode()
    assert "data pribadi (nomor telepon)" in html
    assert Topic.objects.get(title="KTP belum jadi").visibility == Visibility.PENDING


def test_a_moderator_approves_a_held_citizen_post(citizen, moderator):
    topic = TopicFactory()
    post = services.post_create(topic=topic, body="Nomor saya 081234567890", author=citizen)
    services.post_moderate(post=post, action="approve", actor=moderator, note="Nomor kantor, bukan pribadi.")
    post.refresh_from_db()
    assert post.visibility == Visibility.PUBLISHED
