import pytest
from django.urls import reverse
from django.utils import translation

from notifications import services
from notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, n=1, kind=Kind.ANNOUNCEMENT, **kwargs):
    for i in range(n):
        services.notify(users=[user], kind=kind, title=f"Pemberitahuan {kind} {i}", **kwargs)


def test_inbox_shows_only_own_notifications(client):
    me, other = UserFactory(), UserFactory()
    services.notify(users=[me], kind=Kind.SURVEY, title="Untuk saya")
    services.notify(users=[other], kind=Kind.SURVEY, title="Untuk orang lain")
    client.force_login(me)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Untuk saya" in html
    assert "Untuk orang lain" not in html


def test_inbox_needs_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_inbox_filters_by_kind_and_unread(client):
    me = UserFactory()
    services.notify(users=[me], kind=Kind.SURVEY, title="Survei A")
    (read,) = services.notify(users=[me], kind=Kind.SURVEY, title="Survei B")
    services.notify(users=[me], kind=Kind.FORUM_REPLY, title="Topik X dijawab")
    services.notification_mark_read(user=me, notification_id=read.pk)
    client.force_login(me)
    html = client.get(reverse("notifications:inbox"), {"kind": Kind.SURVEY, "unread": "on"}).content.decode()
    assert "Survei A" in html
    assert "Survei B" not in html
    assert "Topik X dijawab" not in html


def test_inbox_query_count_does_not_grow_with_notifications(client, django_assert_num_queries):
    me = UserFactory()
    client.force_login(me)
    _notify(me, 2)
    # session, user, the paginator's COUNT, the menu's roles (groups), the navbar's
    # name (employee), the page's rows: 6 however many notifications there are.
    with django_assert_num_queries(6):
        assert client.get(reverse("notifications:inbox")).status_code == 200
    _notify(me, 30, kind=Kind.FORUM_REPLY)
    with django_assert_num_queries(6):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_mark_read_is_post_only_and_404_for_someone_elses(client):
    me, other = UserFactory(), UserFactory()
    (mine,) = services.notify(users=[me], kind=Kind.SURVEY, title="Mine")
    (theirs,) = services.notify(users=[other], kind=Kind.SURVEY, title="Theirs")
    client.force_login(me)
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("notifications:read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_open_marks_read_and_goes_to_the_link_but_never_off_site(client):
    me = UserFactory()
    (inside,) = services.notify(users=[me], kind=Kind.SURVEY, title="In", link="/training/")
    (outside,) = services.notify(users=[me], kind=Kind.SURVEY, title="Out", link="https://evil.example/")
    client.force_login(me)
    response = client.post(reverse("notifications:read", args=[inside.pk]), {"open": "1"})
    assert response["Location"] == "/training/"
    response = client.post(reverse("notifications:read", args=[outside.pk]), {"open": "1", "next": "//evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_read_needs_csrf(client):
    from django.test import Client

    me = UserFactory()
    (mine,) = services.notify(users=[me], kind=Kind.SURVEY, title="Mine")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)
    assert strict.post(reverse("notifications:read", args=[mine.pk])).status_code == 403
    assert strict.post(reverse("notifications:read-all")).status_code == 403


def test_mark_all_read(client):
    me, other = UserFactory(), UserFactory()
    _notify(me, 3)
    _notify(other, 1)
    client.force_login(me)
    assert client.post(reverse("notifications:read-all")).status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_bell_shows_the_unread_count_in_one_query_after_login(client, django_assert_num_queries):
    me = UserFactory()
    _notify(me, 3)
    client.force_login(me)
    # session, user, one COUNT of the unread notifications.
    with django_assert_num_queries(3):
        response = client.get(reverse("notifications:bell"))
    html = response.content.decode()
    assert 'data-unread="3"' in html
    assert "badge" in html
    services.notification_mark_all_read(user=me)
    assert 'data-unread="0"' in client.get(reverse("notifications:bell")).content.decode()


def test_bell_is_empty_for_a_visitor(client):
    response = client.get(reverse("notifications:bell"))
    assert response.status_code == 200
    assert response.content == b""


def test_navbar_polls_the_bell_without_inline_script(client):
    me = UserFactory()
    client.force_login(me)
    html = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("notifications:bell")}"' in html
    assert 'hx-trigger="load, every 60s"' in html


def test_preferences_page_saves_choices(client):
    me = UserFactory()
    client.force_login(me)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    data = dict.fromkeys(Kind.values, EmailChoice.ON)
    data[Kind.FORUM_REPLY] = EmailChoice.DIGEST
    data[Kind.SURVEY] = EmailChoice.OFF
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=me).values_list("kind", "email"))
    assert saved[Kind.FORUM_REPLY] == EmailChoice.DIGEST
    assert saved[Kind.SURVEY] == EmailChoice.OFF


def test_preferences_page_refuses_an_unknown_choice_in_indonesian(client):
    me = UserFactory()
    client.force_login(me)
    data = dict.fromkeys(Kind.values, EmailChoice.ON)
    data[Kind.SURVEY] = "sometimes"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert "pilihan yang valid" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=me).exists()


def test_inbox_speaks_indonesian_first_and_english_on_request(client, settings):
    me = UserFactory()
    services.notify(users=[me], kind=Kind.FORUM_REPLY, title="Balasan", link="/x/")
    client.force_login(me)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Tandai semua sudah dibaca" in html and "Balasan forum" in html and "Buka" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The request activates English in this thread; the override puts back the
    # language active before, so later tests are not left in English.
    with translation.override(translation.get_language()):
        html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Mark all as read" in html and "Forum reply" in html
