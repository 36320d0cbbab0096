"""List APIs filter through django-filter FilterSets applied in their selectors:
each filter works, invalid input answers 400 naming the field (in Indonesian),
and the schema documents the query parameters."""

import pytest
import yaml
from rest_framework.test import APIClient

from community import services
from tests.accounts.factories import OrgUnitFactory, UserFactory
from tests.community.factories import CategoryFactory, MeetingFactory
from tests.training.factories import ProgramFactory, SessionFactory, in_days
from tests.tutorials.factories import EgovApplicationFactory, TutorialFactory
from training.models import Program
from training.services import enrollment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory(roles=["hr", "asn"]))
    return client


def _ids(response, key="id"):
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    return [row[key] for row in rows]


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/v1/sessions/", {"start": "kemarin"}, "start"),
        ("/api/v1/sessions/", {"has_seats": "mungkin"}, "has_seats"),
        ("/api/v1/sessions/", {"start": "2026-05-10", "end": "2026-05-01"}, "end"),
        ("/api/v1/programs/", {"category": "tidak-ada"}, "category"),
        ("/api/v1/units/", {"serves_public": "kadang"}, "serves_public"),
        ("/api/v1/community/topics/", {"sort": "acak"}, "sort"),
        ("/api/v1/community/topics/", {"category": "forum-yang-tidak-ada"}, "category"),
        ("/api/v1/community/meetings/", {"past": "entah"}, "past"),
        ("/api/v1/evaluation/reports/", {"period": "week"}, "period"),
        ("/api/v1/tutorials/", {"app": "aplikasi-yang-tidak-ada"}, "app"),
        ("/api/v1/workshops/sessions/", {"topic": "memasak"}, "topic"),
        ("/api/v1/notifications/", {"unread": "kadang"}, "unread"),
        ("/api/v1/notifications/", {"kind": "gosip"}, "kind"),
    ],
)
def test_an_invalid_filter_answers_400_naming_the_field_in_indonesian(api, url, query, field):
    response = api.get(url, query, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith("Filter berikut tidak valid") and field in body["detail"]
    assert list(body["errors"]) == [field] and body["errors"][field][0]


def test_the_field_messages_are_djangos_own_in_indonesian(api):
    body = api.get("/api/v1/sessions/", {"start": "kemarin", "has_seats": "x"}, HTTP_ACCEPT_LANGUAGE="id").json()
    assert body["errors"] == {"start": ["Masukkan tanggal yang valid."], "has_seats": ["Pilih true atau false."]}


def test_session_filters(api):
    program = ProgramFactory(category=Program.Category.IT_EGOV)
    early = SessionFactory(program=program, start=in_days(5), end=in_days(6), capacity=1)
    late = SessionFactory(
        start=in_days(30), end=in_days(31), program=ProgramFactory(category=Program.Category.MANAGEMENT)
    )
    from tests.accounts.factories import EmployeeFactory

    enrollment_create(session=early, employee=EmployeeFactory())  # fills its only seat
    assert _ids(api.get("/api/v1/sessions/", {"program": program.code})) == [early.pk]
    assert _ids(api.get("/api/v1/sessions/", {"category": "management"})) == [late.pk]
    assert _ids(api.get("/api/v1/sessions/", {"has_seats": "true"})) == [late.pk]
    assert _ids(api.get("/api/v1/sessions/", {"has_seats": "false"})) == [early.pk]
    day = in_days(20).date().isoformat()
    assert _ids(api.get("/api/v1/sessions/", {"start": day})) == [late.pk]
    assert _ids(api.get("/api/v1/sessions/", {"end": day})) == [early.pk]


def test_program_filters(api):
    a = ProgramFactory(title="Tata Kelola Arsip Digital", category=Program.Category.IT_EGOV)
    b = ProgramFactory(
        title="Kepemimpinan Pelayanan", category=Program.Category.MANAGEMENT, kind=Program.Kind.ELEARNING
    )
    assert _ids(api.get("/api/v1/programs/", {"search": "arsip"})) == [a.pk]
    assert _ids(api.get("/api/v1/programs/", {"category": "management"})) == [b.pk]
    assert _ids(api.get("/api/v1/programs/", {"kind": "elearning"})) == [b.pk]


def test_unit_topic_meeting_and_tutorial_filters(api):
    OrgUnitFactory(code="kantor-dalam", serves_public=False)
    assert _ids(APIClient().get("/api/v1/units/", {"serves_public": "false"}), "code") == ["kantor-dalam"]

    category = CategoryFactory()
    author = UserFactory()
    # Through the service: it indexes the topic for PostgreSQL's full-text search.
    topic = services.topic_create(category=category, title="Antrean KTP-el", body="Lama sekali.", author=author)
    services.topic_create(category=CategoryFactory(), title="Sampah pasar", body="Menumpuk.", author=author)
    assert _ids(api.get("/api/v1/community/topics/", {"category": category.slug})) == [topic.pk]
    assert _ids(api.get("/api/v1/community/topics/", {"q": "KTP-el"})) == [topic.pk]

    upcoming = MeetingFactory()
    assert _ids(api.get("/api/v1/community/meetings/")) == [upcoming.pk]
    assert _ids(api.get("/api/v1/community/meetings/", {"past": "true"})) == []

    app = EgovApplicationFactory()
    tutorial = TutorialFactory(application=app, status="published")
    TutorialFactory(status="published")
    assert _ids(api.get("/api/v1/tutorials/", {"app": app.code})) == [tutorial.pk]


def test_the_schema_documents_the_filters_as_query_parameters():
    schema = yaml.safe_load(APIClient().get("/api/schema/").content)

    def params(path):
        return {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}

    sessions = params("/api/v1/sessions/")
    assert {"program", "category", "start", "end", "has_seats", "page"} <= set(sessions)
    assert sessions["start"]["schema"]["format"] == "date" and sessions["has_seats"]["schema"]["type"] == "boolean"
    assert sessions["category"]["schema"]["enum"]
    assert set(params("/api/v1/units/")) == {"serves_public"}
    assert {"q", "category", "status", "sort"} <= set(params("/api/v1/community/topics/"))
    assert set(params("/api/v1/tutorials/")) == {"app"}
    assert set(params("/api/v1/workshops/sessions/")) == {"topic"}
    assert set(params("/api/v1/evaluation/reports/")) == {"period"}


def test_an_unknown_program_in_the_community_inputs_is_a_400_not_a_404(api):
    response = api.get(
        "/api/v1/community/inputs/", {"start": "2026-01-01", "end": "2026-01-31", "program": "tidak-ada"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"program": ["Tidak ada program pelatihan dengan kode ini."]}
