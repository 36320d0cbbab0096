import pytest
from django.urls import reverse

from announcements import services
from announcements.models import Announcement
from notifications.models import Kind, Notification
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.training.factories import SessionFactory

from .conftest import participants

pytestmark = pytest.mark.django_db

Audience = Announcement.Audience


def _draft(hr, session, subject="Ruang kelas pindah", body="Ke **lantai 3**."):
    return services.announcement_create(
        actor=hr, subject=subject, body=body, audience=Audience.SESSION, session=session
    )


def test_pages_are_for_hr_only(client, session_with_participants, hr):
    draft = _draft(hr, session_with_participants)
    urls = [
        reverse("announcements:list"),
        reverse("announcements:new"),
        reverse("announcements:preview"),
        reverse("announcements:progress", args=[draft.pk]),
        reverse("announcements:detail", args=[draft.pk]),  # not delivered to this ASN
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(EmployeeFactory().user)
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("announcements:send", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Announcement.Status.DRAFT


def test_hr_writes_previews_and_sends_an_announcement(client, session_with_participants, hr):
    client.force_login(hr)
    preview = client.get(
        reverse("announcements:preview"),
        {"audience": "session", "session": session_with_participants.pk},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-count="3"' in preview.content.decode()

    response = client.post(
        reverse("announcements:new"),
        {
            "subject": "Ruang kelas pindah",
            "body": "Ke **lantai 3**. <script>alert(1)</script>",
            "audience": "session",
            "session": session_with_participants.pk,
        },
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and response["Location"] == announcement.get_absolute_url()
    page = client.get(announcement.get_absolute_url()).content.decode()
    assert "<strong>lantai 3</strong>" in page
    assert "<script>alert(1)</script>" not in page  # the message is sanitised
    assert 'data-count="3"' in page

    client.post(reverse("announcements:send", args=[announcement.pk]))
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.QUEUED
    progress = client.get(reverse("announcements:progress", args=[announcement.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in progress  # polls while it runs

    services.announcement_deliver(announcement_id=announcement.pk)
    progress = client.get(reverse("announcements:progress", args=[announcement.pk])).content.decode()
    assert 'data-status="sent"' in progress
    assert "hx-trigger" not in progress  # stops polling once finished
    assert "3 of 3" in progress or "3 dari 3" in progress

    again = client.post(reverse("announcements:send", args=[announcement.pk]), follow=True)
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 3
    assert again.status_code == 200


def test_the_form_refuses_a_missing_target_and_a_long_message(client, hr):
    client.force_login(hr)
    too_long = {"subject": "Halo", "body": "x" * 5001, "audience": "unit", "unit": OrgUnitFactory().pk}
    response = client.post(reverse("announcements:new"), too_long)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["body"]
    no_unit = {"subject": "Halo", "body": "Isi", "audience": "unit", "unit": ""}
    response = client.post(reverse("announcements:new"), no_unit)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["unit"]  # the service's refusal, next to the field
    assert not Announcement.objects.exists()


def test_send_of_an_empty_audience_is_refused_with_a_message(client, hr):
    draft = services.announcement_create(
        actor=hr, subject="Halo", body="Isi", audience=Audience.UNIT, unit=OrgUnitFactory()
    )
    client.force_login(hr)
    response = client.post(reverse("announcements:send", args=[draft.pk]), follow=True)
    assert "Nobody is in this audience" in response.content.decode() or "Tidak ada" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Announcement.Status.DRAFT


def test_a_recipient_reads_it_from_the_inbox_and_others_cannot(client, hr):
    session = SessionFactory()
    (reader,) = participants(session, 1)
    draft = _draft(hr, session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)
    services.announcement_deliver(announcement_id=draft.pk)
    client.force_login(reader.user)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Ruang kelas pindah" in inbox
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "<strong>lantai 3</strong>" in page.content.decode()
    assert "announcement-progress" not in page.content.decode()  # no HR panel
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 403


def test_hr_sees_the_menu_entry(client, hr):
    client.force_login(hr)
    assert reverse("announcements:list") in client.get(reverse("home")).content.decode()
    client.force_login(EmployeeFactory().user)
    assert reverse("announcements:list") not in client.get(reverse("home")).content.decode()


def test_list_query_count_does_not_grow_with_announcements(client, hr, django_assert_num_queries):
    client.force_login(hr)
    session = SessionFactory()
    participants(session, 2)
    _draft(hr, session)
    # session, user, the menu's roles (groups), the navbar's name (employee), the
    # paginator's COUNT, the page's rows (writer with their ASN name, target joined): 6.
    with django_assert_num_queries(6):
        assert client.get(reverse("announcements:list")).status_code == 200
    for i in range(5):
        _draft(hr, SessionFactory(), subject=f"Pengumuman {i}")
        services.announcement_create(
            actor=hr, subject=f"Unit {i}", body="Isi", audience=Audience.UNIT, unit=OrgUnitFactory()
        )
    with django_assert_num_queries(6):
        assert client.get(reverse("announcements:list")).status_code == 200


def test_progress_and_preview_query_counts_do_not_grow_with_recipients(client, hr, django_assert_num_queries):
    client.force_login(hr)
    session = SessionFactory()
    participants(session, 2)
    draft = _draft(hr, session)
    services.announcement_send(announcement_id=draft.pk, actor=hr)
    url = reverse("announcements:progress", args=[draft.pk])
    params = {"audience": "session", "session": session.pk}
    # progress: session, user, roles, the announcement (targets joined): 4.
    # preview: session, user, roles, the form's session choice, the COUNT: 5.
    with django_assert_num_queries(4):
        client.get(url)
    with django_assert_num_queries(5):
        client.get(reverse("announcements:preview"), params)
    participants(session, 20)
    services.announcement_deliver(announcement_id=draft.pk)
    with django_assert_num_queries(4):
        client.get(url)
    with django_assert_num_queries(5):
        assert 'data-count="22"' in client.get(reverse("announcements:preview"), params).content.decode()


def test_the_session_roster_links_to_an_announcement_for_its_participants(client, session_with_participants, hr):
    client.force_login(hr)
    roster = client.get(reverse("training:hr-session-roster", args=[session_with_participants.pk])).content.decode()
    link = f"{reverse('announcements:new')}?audience=session&amp;session={session_with_participants.pk}"
    assert link in roster
    page = client.get(reverse("announcements:new"), {"audience": "session", "session": session_with_participants.pk})
    assert 'data-count="3"' in page.content.decode()
    assert page.context["form"]["session"].value() == str(session_with_participants.pk)


def test_detail_query_count_does_not_grow_with_recipients(client, hr, django_assert_num_queries):
    session = SessionFactory()
    reader, *_ = participants(session, 2)
    draft = _draft(hr, session)
    client.force_login(hr)
    # session, user, roles, the announcement (writer, sender, target joined), the
    # audience COUNT of a draft, the navbar's name: 6.
    with django_assert_num_queries(6):
        assert client.get(draft.get_absolute_url()).status_code == 200
    participants(session, 15)
    with django_assert_num_queries(6):
        assert client.get(draft.get_absolute_url()).status_code == 200
    services.announcement_send(announcement_id=draft.pk, actor=hr)
    services.announcement_deliver(announcement_id=draft.pk)
    client.force_login(reader.user)
    # session, user, the announcement, roles, "was it delivered to me" (EXISTS),
    # the navbar's name: 6.
    with django_assert_num_queries(6):
        assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_old_session_is_offered_when_its_roster_names_it(client, hr):
    import datetime

    from django.utils import timezone

    from tests.training.factories import move_session

    old = SessionFactory()
    participants(old, 2, status="completed")
    ended = timezone.now() - datetime.timedelta(days=400)
    move_session(old, start=ended - datetime.timedelta(days=1), end=ended)
    client.force_login(hr)
    offered = client.get(reverse("announcements:new")).context["form"].fields["session"].queryset
    assert old not in offered
    page = client.get(reverse("announcements:new"), {"audience": "session", "session": old.pk})
    assert old in page.context["form"].fields["session"].queryset
    assert 'data-count="2"' in page.content.decode()
    response = client.post(
        reverse("announcements:new"), {"subject": "Reuni", "body": "Isi", "audience": "session", "session": old.pk}
    )
    assert response.status_code == 302
    assert Announcement.objects.get().session == old
