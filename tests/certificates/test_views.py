import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_render, certificate_revoke
from tests.accounts.factories import UserFactory

from .factories import CompletedEnrollmentFactory, issued_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    return certificate_render(certificate_id=issued_certificate(employee__full_name="Sri Lubis").pk)


def test_verification_page_is_public_and_shows_a_valid_certificate(client, ready):
    response = client.get(reverse("certificates:verify", args=[ready.code]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sertifikat sah" in content
    assert "Sri Lubis" in content and ready.number in content
    assert ready.holder_nip not in content  # the NIP is masked on the public page
    assert ready.masked_nip in content
    assert response["X-Robots-Tag"] == "noindex"


def test_verification_page_says_revoked_with_the_reason(client, ready, hr_user):
    certificate_revoke(certificate=ready, actor=hr_user, reason="Peserta tidak hadir penuh")
    content = client.get(reverse("certificates:verify", args=[ready.code])).content.decode()
    assert "Sertifikat dicabut" in content
    assert "Peserta tidak hadir penuh" in content


def test_unknown_code_answers_404_with_a_helpful_message(client):
    response = client.get(reverse("certificates:verify", args=["tidak-ada"]))
    assert response.status_code == 404
    assert "Tidak ada sertifikat dengan kode verifikasi atau nomor ini" in response.content.decode()


def test_verification_form_redirects_a_known_code_to_its_page(client, ready):
    response = client.get(reverse("certificates:verify-form"), {"code": f" {ready.code} "})
    assert response.status_code == 302 and response["Location"] == reverse("certificates:verify", args=[ready.code])


def test_verification_form_accepts_the_printed_number(client, ready):
    assert "/" in ready.number  # KM/2026/000289: the slashes broke the redirect (500, NoReverseMatch)
    response = client.get("/certificates/verify/?code=" + ready.number.replace("/", "%2F"))
    assert response.status_code == 302 and response["Location"] == reverse("certificates:verify", args=[ready.code])
    # Typed loosely: lower case, spaces around the slashes.
    loose = " " + ready.number.lower().replace("/", " / ") + " "
    response = client.get(reverse("certificates:verify-form"), {"code": loose}, follow=True)
    assert response.status_code == 200 and "Sri Lubis" in response.content.decode()


def test_verification_page_accepts_the_printed_number_in_the_address(client, ready):
    response = client.get(f"/certificates/verify/{ready.number}/")
    assert response.status_code == 200 and "Sri Lubis" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "abc123",
        "KM/2026/999999",
        "KM%2F2026%2F000289",
        "a/b/c/../../etc/passwd",
        "kode dengan spasi",
        "x" * 5000,
        "Sertifikat-ñandú-証明書-🎓",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
    ],
)
def test_verification_form_answers_not_found_for_anything_else(client, ready, query):
    response = client.get(reverse("certificates:verify-form"), {"code": query})
    assert response.status_code == 404
    content = response.content.decode()
    assert "Tidak ada sertifikat dengan kode verifikasi atau nomor ini" in content
    assert "<script>alert(1)</script>" not in content  # the input is kept, escaped
    assert response.context["form"]["code"].value() == query.strip()


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/verify/KM/2026/999999/",
        "/certificates/verify/KM%2F2026%2F999999/",
        "/certificates/verify/a%20b/",
        "/certificates/verify/%00/",
        "/certificates/verify/" + "y" * 3000 + "/",
        "/certificates/verify/%E8%A8%BC%E6%98%8E/",
        "/certificates/verify/%FF%FE/",
    ],
)
def test_verification_page_answers_not_found_for_odd_addresses(client, ready, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Tidak ada sertifikat dengan kode verifikasi atau nomor ini" in response.content.decode()


def test_verification_form_asks_for_a_code_when_empty(client):
    assert client.get(reverse("certificates:verify-form")).status_code == 200
    response = client.get(reverse("certificates:verify-form"), {"code": "   "})
    assert response.status_code == 400
    assert "Bidang ini harus diisi" in response.content.decode()


def test_verification_look_ups_are_rate_limited_per_address(client, ready, settings):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = "3/d"
    url = reverse("certificates:verify", args=[ready.code])
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_holder_downloads_their_pdf_and_others_cannot(client, ready, hr_user):
    url = reverse("certificates:download", args=[ready.pk])
    client.force_login(ready.enrollment.employee.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "KM-" in response["Content-Disposition"]
    client.force_login(UserFactory(roles=["asn"]))
    assert client.get(url).status_code == 403
    client.force_login(hr_user)
    assert client.get(url).status_code == 200


def test_download_of_a_pdf_not_drawn_yet_draws_it_on_the_spot(client):
    # Certificates issued in bulk (seed_demo) or whose job is still queued have no PDF yet.
    certificate = issued_certificate()
    assert certificate.status == Certificate.Status.PENDING and not certificate.pdf
    client.force_login(certificate.enrollment.employee.user)
    assert client.get(reverse("certificates:status", args=[certificate.pk])).json()["done"] is False
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.READY and certificate.version == 1
    assert client.get(reverse("certificates:status", args=[certificate.pk])).json()["done"] is True
    # A second download serves the stored file; nothing is drawn again.
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 200
    certificate.refresh_from_db()
    assert certificate.version == 1


def test_download_of_a_pdf_that_failed_explains_and_redirects(client):
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.FAILED, error="OSError: disk full")
    client.force_login(certificate.enrollment.employee.user)
    response = client.get(reverse("certificates:download", args=[certificate.pk]), follow=True)
    assert "belum siap" in response.content.decode()


def test_hr_revokes_through_the_page_and_a_missing_reason_keeps_the_form(client, ready, hr_user):
    client.force_login(hr_user)
    url = reverse("certificates:revoke", args=[ready.pk])
    response = client.post(url, {"reason": "ab"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "\nab</textarea>" in content  # what HR typed is kept
    assert "paling sedikit 5 karakter" in content
    response = client.post(url, {"reason": "Nama peserta keliru"})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.is_revoked


def test_asn_cannot_revoke_or_regenerate(client, ready):
    client.force_login(ready.enrollment.employee.user)
    assert client.post(reverse("certificates:revoke", args=[ready.pk]), {"reason": "Saya mau"}).status_code == 403
    assert client.post(reverse("certificates:regenerate", args=[ready.pk])).status_code == 403


def test_hr_issues_missing_certificates_after_commit(client, hr_user, django_capture_on_commit_callbacks):
    CompletedEnrollmentFactory.create_batch(2)
    client.force_login(hr_user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("certificates:issue-missing"), follow=True)
    assert len(callbacks) == 1
    assert "2 sertifikat sedang diterbitkan" in response.content.decode()


def _issue_many(n):
    for _ in range(n):
        issued_certificate()


def test_hr_list_query_count_stays_the_same_as_certificates_grow(client, hr_user, django_assert_num_queries):
    client.force_login(hr_user)
    url = reverse("certificates:list")
    _issue_many(2)
    client.get(url)
    # 7 = session + user + role groups + the navbar's employee name, then the
    # page: 1 count, 1 rows (certificate + enrolment + employee + unit in one
    # join), 1 distinct years for the filter.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    _issue_many(15)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["page"].paginator.count == 17


@pytest.mark.parametrize(
    "path",
    ["KM/2026/999999/", "KM%2F2026%2F999999/", "a%20b/", "%00/", "z" * 3000 + "/", "%E8%A8%BC%E6%98%8E/"],
)
def test_api_verification_answers_404_for_odd_codes(client, path):
    response = client.get("/api/v1/certificates/verify/" + path)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_my_certificates_lists_only_mine(client, ready):
    issued_certificate()  # someone else's
    client.force_login(ready.enrollment.employee.user)
    response = client.get(reverse("certificates:mine"))
    assert [c.pk for c in response.context["certificates"]] == [ready.pk]


def test_api_verifies_by_code_without_login_and_lists_my_certificates(client, ready):
    response = client.get(f"/api/v1/certificates/verify/{ready.code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True and body["number"] == ready.number and body["nip"] == ready.masked_nip
    assert client.get("/api/v1/certificates/verify/salah/").json()["code"] == "not_found"
    by_number = client.get(f"/api/v1/certificates/verify/{ready.number}/")
    assert by_number.status_code == 200 and by_number.json()["number"] == ready.number
    assert client.get("/api/v1/me/certificates/").status_code in (401, 403)
    client.force_login(ready.enrollment.employee.user)
    mine = client.get("/api/v1/me/certificates/").json()
    assert [c["number"] for c in mine] == [ready.number]
    assert mine[0]["download_url"].endswith(reverse("certificates:download", args=[ready.pk]))
    # A request is at hand: the link uses the address the client called, not SITE_URL.
    assert mine[0]["verify_url"] == "http://testserver" + reverse("certificates:verify", args=[ready.code])
    assert Certificate.objects.count() == 1
