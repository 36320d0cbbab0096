"""SITE_URL: the system checks and the one helper that builds absolute links."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from asn_competency.common.checks import check_site_url, check_site_url_public
from asn_competency.common.site import absolute_url


def _ids(messages):
    return [m.id for m in messages]


@pytest.mark.parametrize("value", ["", "   "])
def test_check_refuses_a_missing_site_url(settings, value):
    settings.SITE_URL = value
    assert _ids(check_site_url(None)) == ["common.E001"]


@pytest.mark.parametrize(
    "value", ["kompeten.pemkomedan.go.id", "ftp://kompeten.pemkomedan.go.id", "https://", "https://x.go.id/app/"]
)
def test_check_refuses_a_site_url_that_is_not_an_address(settings, value):
    settings.SITE_URL = value
    assert _ids(check_site_url(None)) == ["common.E002"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://kompeten.pemkomedan.go.id", []),
        ("https://kompeten.pemkomedan.go.id:8443/", []),
        ("http://127.0.0.1:8000", ["common.W001"]),
        ("http://localhost", ["common.W001"]),
        ("http://kompeten.pemkomedan.go.id", ["common.W002"]),
    ],
)
def test_deploy_check_warns_about_links_nobody_else_can_open(settings, value, expected):
    settings.SITE_URL = value
    assert check_site_url(None) == []
    assert _ids(check_site_url_public(None)) == expected


def test_gunicorn_refuses_to_start_when_a_check_fails(settings):
    from importlib.util import module_from_spec, spec_from_file_location
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    spec = spec_from_file_location("gunicorn_conf", path)
    conf = module_from_spec(spec)
    spec.loader.exec_module(conf)
    settings.SITE_URL = ""
    with pytest.raises(SystemCheckError, match="common.E001"):
        conf.on_starting(server=None)
    settings.SITE_URL = "https://kompeten.pemkomedan.go.id"
    conf.on_starting(server=None)
    call_command("check", fail_level="ERROR")


def test_absolute_url_prefers_the_request_then_site_url(settings):
    settings.SITE_URL = "https://kompeten.pemkomedan.go.id/"
    assert absolute_url("/certificates/verify/abc/") == "https://kompeten.pemkomedan.go.id/certificates/verify/abc/"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8123")
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert absolute_url("/x/", request=request) == "http://127.0.0.1:8123/x/"
