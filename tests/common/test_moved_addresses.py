"""Issue 10: e-government tutorials moved from /egov/ to /tutorials/ and planning from /training/planning/ to
/planning/ (each app's URL prefix is its name). The old addresses, in bookmarks and in e-mails already sent,
answer with a permanent redirect to the same page at its new address."""

import pytest
from django.urls import resolve, reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new", "view_name"),
    [
        ("/egov/", "/tutorials/", "tutorials:app-list"),
        ("/egov/apps/e-office/", "/tutorials/apps/e-office/", "tutorials:app-detail"),
        ("/egov/tutorials/7/steps/2/", "/tutorials/7/steps/2/", "tutorials:step"),
        ("/egov/my/", "/tutorials/my/", "tutorials:my-progress"),
        (
            "/egov/readiness/e-office/export.xlsx",
            "/tutorials/readiness/e-office/export.xlsx",
            "tutorials:readiness-app-export",
        ),
        ("/egov/manage/tutorials/7/", "/tutorials/manage/tutorials/7/", "tutorials:manage-tutorial"),
        ("/egov/manage/stuck/?status=open", "/tutorials/manage/stuck/?status=open", "tutorials:stuck-reports"),
        ("/training/planning/jp/?year=2026&show=all", "/planning/jp/?year=2026&show=all", "planning:jp-report"),
        ("/training/planning/bulk/12/report.xlsx", "/planning/bulk/12/report.xlsx", "planning:bulk-report"),
        ("/training/planning/gaps/mine/", "/planning/gaps/mine/", "planning:my-gaps"),
    ],
)
def test_an_old_address_redirects_permanently_to_the_same_page(client, old, new, view_name):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert resolve(new.split("?")[0]).view_name == view_name


def test_a_form_posted_to_an_old_address_is_sent_on_with_its_method(client):
    """308, not 301: a browser repeats the POST (a page loaded before the move), it does not turn it into a GET."""
    response = client.post("/training/planning/bulk/", {"source": "gap"})
    assert (response.status_code, response["Location"]) == (308, "/planning/bulk/")


def test_an_app_name_is_its_url_prefix_and_namespace():
    assert reverse("tutorials:app-list") == "/tutorials/"
    assert reverse("tutorials:tutorial-detail", args=[7]) == "/tutorials/7/"
    assert reverse("planning:jp-report") == "/planning/jp/"
    assert reverse("workshops:catalog") == "/workshops/"
    assert reverse("certificates:list") == "/certificates/"
