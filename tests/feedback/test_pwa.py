"""Issue 14: the manifests, the service worker and the offline data bundle."""

import json

import pytest
from rest_framework.test import APIClient

from feedback.models import Feedback
from feedback.services import kiosk_create
from tests.accounts.factories import OrgUnitFactory

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_form_and_the_kiosk_have_their_own_manifest(client):
    form = client.get("/feedback/manifest.webmanifest")
    assert form["Content-Type"] == "application/manifest+json"
    data = form.json()
    assert (data["start_url"], data["scope"], data["display"]) == ("/feedback/", "/feedback/", "standalone")
    assert data["name"] == "Kompeten Medan: masukan atas pelayanan kami" and data["short_name"] == "Masukan"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200
    kiosk = client.get("/feedback/kiosk/manifest.webmanifest").json()
    assert kiosk["start_url"] == kiosk["id"] == "/feedback/kiosk/" and kiosk["scope"] == "/feedback/"
    assert kiosk["theme_color"] == data["theme_color"]


def test_the_form_links_its_manifest(client):
    OrgUnitFactory(serves_public=True)
    page = client.get("/feedback/").content.decode()
    assert '<link rel="manifest" href="/feedback/manifest.webmanifest">' in page
    assert 'id="fb-offline"' in page and "feedback/offline.js" in page


def test_the_service_worker_is_served_under_feedback_with_the_static_addresses(client):
    response = client.get("/feedback/sw.js")
    assert response.status_code == 200, "run `npm run build:sw` (make install)"
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/feedback/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.KM_CONFIG = ").rstrip(";"))
    assert (
        config["static"]["vendor/bootstrap/css/bootstrap.min.css"] == "/static/vendor/bootstrap/css/bootstrap.min.css"
    )
    assert config["pages"] == ["/feedback/", "/feedback/kiosk/"] and config["submit"] == "/api/v1/feedback/"
    assert client.get(config["workbox"] + "workbox-sw.js").status_code == 200
    for url in config["scripts"]:
        assert client.get(url).status_code == 200
    # The precache manifest was injected at build time.
    assert "__WB_MANIFEST" not in body and '"revision"' in body


def test_the_bundle_is_versioned_by_its_data(client, django_assert_num_queries):
    unit = OrgUnitFactory(code="kel-a", name="Kelurahan A", serves_public=True)
    ServiceFactory(unit=unit, code="domisili", name="Surat Domisili")
    with django_assert_num_queries(2):
        first = client.get("/feedback/offline/bundle.json")
    bundle = first.json()
    assert bundle["units"] == [
        {"code": "kel-a", "name": "Kelurahan A", "services": [{"code": "domisili", "name": "Surat Domisili"}]}
    ]
    assert bundle["questions"][0]["code"] == "U1" and len(bundle["questions"][0]["answers"]) == 4
    assert bundle["questions"][0]["name"] == "Persyaratan"
    assert first["ETag"] == f'"{bundle["version"]}"'
    assert client.get("/feedback/offline/bundle.json", headers={"If-None-Match": first["ETag"]}).status_code == 304
    ServiceFactory(unit=unit, code="sktm", name="SKTM")
    changed = client.get("/feedback/offline/bundle.json", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed.json()["version"] != bundle["version"]


def test_the_kiosk_page_queue_sends_with_the_device_cookie_only_with_its_header(client):
    unit = OrgUnitFactory(code="kel-kiosk", serves_public=True)
    _device, code = kiosk_create(name="Tablet", unit=unit)
    assert client.post("/feedback/kiosk/pair/", {"code": code}).status_code == 302
    body = {
        "unit": "kel-kiosk",
        "scores": {f"U{i}": 3 for i in range(1, 10)},
        "kind": "suggestion",
        "message": "Ruang tunggu perlu kipas angin.",
        "anonymous": True,
    }
    api = APIClient()
    api.cookies = client.cookies
    assert api.post("/api/v1/feedback/", body, format="json").status_code == 201
    assert api.post("/api/v1/feedback/", body, format="json", headers={"X-Kiosk-Cookie": "1"}).status_code == 201
    assert list(Feedback.objects.order_by("pk").values_list("channel", flat=True)) == ["api", "kiosk"]
