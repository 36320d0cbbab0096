"""accounts.authentication: the token, its user and the ASN profile in one statement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import TokenWithEmployeeAuthentication
from accounts.rules import employee_of
from tests.accounts.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def authenticate(key):
    return TokenWithEmployeeAuthentication().authenticate_credentials(key)


def test_the_profile_with_unit_position_and_supervisor_comes_with_the_token():
    employee = EmployeeFactory(supervisor=EmployeeFactory())
    token = Token.objects.create(user=employee.user)
    with CaptureQueriesContext(connection) as queries:
        user, auth = authenticate(token.key)
        profile = employee_of(user)
        seen = (profile.org_unit.name, profile.position.name, profile.supervisor.full_name, profile.user, user.employee)
    assert len(queries) == 1
    assert auth == token and auth.user is user and user == employee.user
    assert profile == employee and profile.user is user and user.employee is profile
    assert seen[:3] == (employee.org_unit.name, employee.position.name, employee.supervisor.full_name)
    assert user.last_login == employee.user.last_login and user.is_active


def test_an_account_without_profile_or_supervisor():
    key = Token.objects.create(user=UserFactory()).key
    with CaptureQueriesContext(connection) as queries:
        found, _token = authenticate(key)
        assert employee_of(found) is None
    assert len(queries) == 1
    employee = EmployeeFactory(supervisor=None, position=None)
    found, _token = authenticate(Token.objects.create(user=employee.user).key)
    with CaptureQueriesContext(connection) as queries:
        assert employee_of(found).supervisor is None and employee_of(found).position is None
    assert len(queries) == 0


def test_unknown_tokens_and_inactive_accounts_get_drfs_answers():
    with pytest.raises(AuthenticationFailed):
        authenticate("0" * 40)
    user = UserFactory(is_active=False)
    with pytest.raises(AuthenticationFailed):
        authenticate(Token.objects.create(user=user).key)
