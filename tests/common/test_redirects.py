"""Open redirects: every view that reads `next` goes through safe_next, and none
follows it off the site."""

import os
import pathlib
import re

import pytest
from django.urls import reverse

from tests.accounts.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
EVIL = ["https://evil.example/x", "//evil.example/x", "http://evil.example", "https:evil.example", "\\\\evil.example"]
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _login(client, *roles):
    user = UserFactory(roles=list(roles))
    client.force_login(user)
    return user


def _enrollment_cancel(client):
    from tests.training.factories import EnrollmentFactory

    user = _login(client, "asn")
    enrollment = EnrollmentFactory(employee=EmployeeFactory(user=user))
    return reverse("training:cancel", args=[enrollment.pk]), {"note": "Sakit"}


def _planning_bulk_gap(client):
    _login(client, "hr", "asn")
    return reverse("planning:bulk"), {"source": "gap"}  # an invalid gap form goes back to `next`


def _tutorial_outdated(client):
    from tests.tutorials.factories import make_tutorial

    _login(client, "hr")
    return reverse("tutorials:tutorial-outdated", args=[make_tutorial(steps=1, questions=0).pk]), {"note": "Menu baru"}


def _stuck_report_status(client):
    from tests.tutorials.factories import make_tutorial
    from tutorials import services

    tutorial = make_tutorial(steps=1, questions=0)
    report = services.stuck_report_create(
        employee=EmployeeFactory(),
        application=tutorial.application,
        step=tutorial.steps.get(),
        what_happened="Tombol simpan tidak bereaksi",
    )
    _login(client, "hr")
    return reverse("tutorials:stuck-report-status", args=[report.pk]), {"status": "resolved"}


def _ikm_refresh(client):
    _login(client, "hr")
    return reverse("feedback:ikm-refresh"), {}


def _moderate_post(client):
    from tests.community.factories import PostFactory

    _login(client, "moderator")
    return reverse("community:moderate-post", args=[PostFactory().pk, "hide"]), {"note": "Kasar"}


def _login_view(client):
    UserFactory(username="rina")
    return reverse("accounts:login"), {"username": "rina", "password": "secret-pass-123"}


def _logout_view(client):
    _login(client)
    return reverse("accounts:logout"), {}


def _notification_read(client):
    from notifications import services
    from notifications.models import Kind

    user = _login(client)
    (notification,) = services.notify(users=[user], kind=Kind.ANNOUNCEMENT, title="Pengumuman")
    return reverse("notifications:read", args=[notification.pk]), {}


def _notifications_read_all(client):
    _login(client)
    return reverse("notifications:read-all"), {}


def _set_language(client):
    return reverse("set_language"), {"language": "en"}


VIEWS = {
    "training:cancel": _enrollment_cancel,
    "planning:bulk": _planning_bulk_gap,
    "tutorials:tutorial-outdated": _tutorial_outdated,
    "tutorials:stuck-report-status": _stuck_report_status,
    "feedback:ikm-refresh": _ikm_refresh,
    "community:moderate-post": _moderate_post,
    "accounts:login": _login_view,
    "accounts:logout": _logout_view,
    "set_language": _set_language,
    "notifications:read": _notification_read,
    "notifications:read-all": _notifications_read_all,
}


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_no_view_redirects_off_the_site(client, name, evil):
    url, data = VIEWS[name](client)
    response = client.post(url, {**data, "next": evil})
    assert response.status_code in (302, 303), response.status_code
    location = response["Location"]
    assert "evil.example" not in location
    assert location.startswith("/"), location
    assert not location.startswith("//")


@pytest.mark.parametrize(
    "name", ["training:cancel", "feedback:ikm-refresh", "community:moderate-post", "notifications:read-all"]
)
def test_a_next_on_this_site_is_followed(client, name):
    url, data = VIEWS[name](client)
    response = client.post(url, {**data, "next": "/training/?page=2"})
    assert response["Location"] == "/training/?page=2"


def _project_sources():
    """The project's own Python modules (no virtualenv, node_modules, tests, migrations)."""
    skip = {".venv", "venv", "node_modules", "tests", "migrations", ".git", "staticfiles", ".data", "bench"}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                path = pathlib.Path(folder, name)
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_every_view_reading_next_uses_safe_next_and_is_swept():
    """A new view that reads `next` itself (or forgets the sweep) fails here."""
    sources = dict(_project_sources())
    readers = sorted(
        p for p, text in sources.items() if re.search(r"""\.get\(\s*["']next["']|\[\s*["']next["']\s*\]""", text)
    )
    assert readers == ["asn_competency/common/http.py"]
    users = sorted(p for p, text in sources.items() if "safe_next(" in text and p != "asn_competency/common/http.py")
    assert users == [
        "community/views/moderation.py",
        "feedback/views/public.py",
        "notifications/views.py",
        "planning/views.py",
        "training/views/asn.py",
        "tutorials/views.py",
    ]
