import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_login_returns_a_token_that_authenticates(api):
    UserFactory(username="rina")
    response = api.post("/api/v1/auth/token/", {"username": "rina", "password": "secret-pass-123"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 40
    # the same token again, and it authenticates the API
    again = api.post("/api/v1/auth/token/", {"username": "rina", "password": "secret-pass-123"}, format="json")
    assert again.json()["token"] == token


def test_token_login_with_a_wrong_password_is_400_in_indonesian(api):
    UserFactory(username="rina")
    response = api.post("/api/v1/auth/token/", {"username": "rina", "password": "salah"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "tidak valid" in body["detail"]
    assert body["errors"]["non_field_errors"]


def test_token_login_without_fields_names_the_missing_fields(api):
    response = api.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


def test_units_are_listed_without_login_with_the_contract_fields(api, django_assert_num_queries):
    OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil", serves_public=True)
    OrgUnitFactory(code="bkpsdm", name="BKPSDM", kind="badan", serves_public=False)
    # One query: the units with their parent joined.
    with django_assert_num_queries(1):
        response = api.get("/api/v1/units/")
    assert response.status_code == 200
    units = {u["code"]: u for u in response.json()}
    assert set(units) == {"disdukcapil", "bkpsdm"}
    assert {"code", "name", "kind", "serves_public"} <= set(units["bkpsdm"])
    assert units["bkpsdm"]["kind"] == "badan"


def test_units_filter_on_serves_public(api):
    OrgUnitFactory(code="disdukcapil", serves_public=True)
    OrgUnitFactory(code="bkpsdm", serves_public=False)
    assert [u["code"] for u in api.get("/api/v1/units/?serves_public=true").json()] == ["disdukcapil"]
    assert [u["code"] for u in api.get("/api/v1/units/?serves_public=false").json()] == ["bkpsdm"]
    bad = api.get("/api/v1/units/?serves_public=mungkin")
    assert bad.status_code == 400


def test_unit_list_query_count_does_not_grow_with_units(api, django_assert_num_queries):
    parent = OrgUnitFactory(code="kec-medan-baru", kind="kecamatan")
    for i in range(30):
        OrgUnitFactory(code=f"kel-{i}", kind="kelurahan", parent=parent)
    with django_assert_num_queries(1):
        assert len(api.get("/api/v1/units/").json()) == 31


def test_api_root_schema_and_docs_are_served_locally(client):
    assert client.get("/api/v1/").status_code == 200
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/units/" in schema.content
    assert b"/api/v1/auth/token/" in schema.content
    docs = client.get(reverse("swagger-ui")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "https://" not in docs
