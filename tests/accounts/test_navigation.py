import pytest
from django.urls import reverse

from asn_competency.common.navigation import NavItem, nav_items_for
from tests.accounts.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_nav_item_with_a_permission_is_hidden_from_anonymous_and_users_without_it():
    from django.contrib.auth.models import AnonymousUser

    item = NavItem(label="HR", url_name="home", perm="training.manage_sessions")
    assert not item.visible_to(AnonymousUser())
    assert not item.visible_to(UserFactory(roles=["asn"]))
    assert item.visible_to(UserFactory(roles=["hr"]))


def test_public_item_is_visible_to_everyone_and_login_item_only_to_signed_in():
    from django.contrib.auth.models import AnonymousUser

    public = NavItem(label="Public", url_name="home")
    private = NavItem(label="Mine", url_name="home", login=True)
    assert public.visible_to(AnonymousUser())
    assert not private.visible_to(AnonymousUser())
    assert private.visible_to(UserFactory())


def test_administration_link_is_shown_to_admins_only(client):
    admin_user = UserFactory(roles=["admin"], is_superuser=True, is_staff=True)
    asn = EmployeeFactory().user
    admin_url = reverse("admin:index")

    client.force_login(asn)
    assert admin_url not in [i["url"] for i in nav_items_for(asn)]
    assert f'href="{admin_url}"' not in client.get(reverse("home")).content.decode()

    client.force_login(admin_user)
    assert f'href="{admin_url}"' in client.get(reverse("home")).content.decode()


def test_every_role_sees_only_items_meant_for_it():
    """Each role's menu is a subset of the superuser's, and differs from the anonymous one."""
    from django.contrib.auth.models import AnonymousUser

    superuser = UserFactory(is_superuser=True, roles=["admin"])
    everything = {i["url_name"] for i in nav_items_for(superuser)}
    anonymous = {i["url_name"] for i in nav_items_for(AnonymousUser())}
    assert "admin:index" in everything
    assert "admin:index" not in anonymous
    for role in ["hr", "asn", "supervisor", "moderator", "unit_officer"]:
        items = {i["url_name"] for i in nav_items_for(UserFactory(roles=[role]))}
        assert items <= everything
        assert "admin:index" not in items
