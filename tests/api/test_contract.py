"""The API's contract beyond single operations: 401 with a challenge, CSRF for
sessions, JSON 404s, and every operation declaring the errors it can answer."""

import pytest
import yaml
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.accounts.factories import EmployeeFactory
from tests.training.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/my/enrollments/"),
        ("get", "/api/v1/evaluation/reports/"),
        ("post", "/api/v1/sessions/1/enroll/"),
    ],
)
def test_a_request_without_credentials_gets_401_with_a_token_challenge(method, url):
    response = getattr(APIClient(), method)(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


def test_an_invalid_token_gets_401_even_where_no_login_is_needed():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_session_still_needs_the_csrf_token_on_unsafe_methods_and_a_token_does_not():
    employee = EmployeeFactory()
    session = SessionFactory()
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(employee.user)
    assert browser.get("/api/v1/my/enrollments/").status_code == 200
    refused = browser.post(f"/api/v1/sessions/{session.pk}/enroll/")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    integrator = APIClient(enforce_csrf_checks=True)
    integrator.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=employee.user).key}")
    assert integrator.post(f"/api/v1/sessions/{session.pk}/enroll/").status_code == 201


@pytest.mark.parametrize("url", ["/api/v1/sessions/-1/", "/api/v1/programs/%C3%A9t%C3%A9/", "/api/v1/nothing-here/"])
def test_paths_under_the_api_that_match_no_operation_answer_json_404(url):
    response = APIClient().get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_every_operation_declares_its_errors_in_the_shared_error_shape(schema):
    error_ref = "#/components/schemas/Error"
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"detail", "code", "errors"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        errors = {code: r for code, r in responses.items() if code.startswith("4")}
        assert errors, f"{method.upper()} {path} declares no 4xx"
        for code, response in errors.items():
            assert response["content"]["application/json"]["schema"]["$ref"] == error_ref, (path, method, code)
        authenticated = any("tokenAuth" in requirement for requirement in operation.get("security", []))
        if authenticated:
            assert "WWW-Authenticate" in responses["401"]["headers"], (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
        if method in {"post", "put", "patch"} and "requestBody" in operation:
            assert {"400", "415"} <= set(responses), (path, method)
        if "429" in responses:
            assert "Retry-After" in responses["429"]["headers"], (path, method)


def test_the_errors_that_only_the_views_know_of_are_declared(schema):
    def codes(path, method):
        return set(schema["paths"][path][method]["responses"])

    assert {"400", "403", "409"} <= codes("/api/v1/sessions/{id}/enroll/", "post")
    assert {"413", "429"} <= codes("/api/v1/feedback/", "post")
    assert {"404", "429"} <= codes("/api/v1/feedback/track/{tracking_code}/", "get")
    assert {"409", "429"} <= codes("/api/v1/community/meetings/{id}/register/", "post")
    assert {"403", "404", "409"} <= codes("/api/v1/evaluation/responses/", "post")
    assert "401" not in codes("/api/v1/feedback/", "post")  # no authentication at all there
    assert "403" in codes("/api/v1/evaluation/reports/", "get")  # HR only
