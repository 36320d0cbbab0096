import pytest
from django.urls import reverse

from feedback.models import Feedback, FeedbackEvent
from feedback.services import kiosk_create, kiosk_revoke
from tests.accounts.factories import OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, ServiceFactory

pytestmark = pytest.mark.django_db
URL = "/feedback/"


@pytest.fixture
def unit():
    return OrgUnitFactory(code="disdukcapil-uji", name="Dinas Kependudukan Uji")


def form_data(unit, **overrides):
    data = {
        "unit": unit.code,
        "service": "",
        "kind": "complaint",
        "message": "Antrean perekaman KTP-el sangat panjang.",
        "privacy": "anonymous",
        "contact_name": "",
        "contact": "",
        "consent": "on",
        "website": "",
        **{f"u{i}": "3" for i in range(1, 10)},
    }
    data.update(overrides)
    return data


def test_form_is_public_and_in_indonesian_with_the_regulations_answers(client, unit):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan" in html
    assert "Sangat sesuai" in html and "Dikelola dengan baik" in html and "Gratis" in html
    assert unit.name in html
    assert 'name="website"' in html  # honeypot present, hidden by CSS


def test_a_valid_submission_redirects_to_its_tracking_page(client, unit):
    service = ServiceFactory(unit=unit, code="ktp-el", name="KTP-el")
    response = client.post(URL, form_data(unit, service="ktp-el", u4="4"))
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/feedback/track/{feedback.tracking_code}/?new=1"
    assert feedback.service == service
    assert feedback.u4 == 4 and feedback.u1 == 3
    assert feedback.channel == Feedback.Channel.WEB
    page = client.get(response["Location"])
    assert feedback.display_code in page.content.decode()
    assert "Terima kasih, masukan Anda sudah kami terima." in page.content.decode()


def test_errors_are_shown_next_to_fields_in_indonesian_and_typed_text_is_kept(client, unit):
    data = form_data(unit, message="Pendek", u3="", u7="9", consent="")
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tulis paling sedikit 10 karakter agar unit memahami masukan Anda." in html
    assert "Pilih salah satu jawaban." in html  # U3 missing
    assert "Setujui penggunaan jawaban Anda sebelum mengirim." in html
    form = response.context["form"]
    assert set(form.errors) >= {"message", "u3", "u7", "consent"}
    assert ">\nPendek</textarea>" in html  # what was typed is kept
    assert html.count(" checked") >= 7  # the answered survey questions stay chosen
    assert Feedback.objects.count() == 0


def test_anonymous_choice_with_a_contact_is_refused_next_to_the_contact_field(client, unit):
    response = client.post(URL, form_data(unit, contact="warga@example.com"))
    assert response.status_code == 400
    assert response.context["form"].errors["contact"] == [
        "Masukan anonim tidak menyimpan nama atau kontak. Hapus keduanya atau pilih rahasia."
    ]
    assert 'value="warga@example.com"' in response.content.decode()


def test_confidential_submission_keeps_identity_for_staff_only(client, unit):
    response = client.post(
        URL, form_data(unit, privacy="confidential", contact_name="Rahmawati", contact="0812-6543-2100")
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.anonymous, feedback.contact_name, feedback.contact) == (False, "Rahmawati", "0812-6543-2100")
    public_page = client.get(feedback.get_absolute_url()).content.decode()
    assert "Rahmawati" not in public_page and "0812" not in public_page


def test_a_service_of_another_unit_is_an_error_on_the_service_field(client, unit):
    ServiceFactory(code="pbg")
    response = client.post(URL, form_data(unit, service="pbg"))
    assert response.status_code == 400
    assert "service" in response.context["form"].errors


def test_honeypot_filled_in_stores_nothing(client, unit):
    response = client.post(URL, form_data(unit, website="http://spam.example"))
    assert response.status_code == 400
    assert "terdeteksi otomatis" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_service_options_list_the_units_services(client, unit):
    ServiceFactory(unit=unit, code="kk", name="Kartu Keluarga")
    ServiceFactory(code="pbg", name="PBG")
    html = client.get("/feedback/services/", {"unit": unit.code}).content.decode()
    assert "Kartu Keluarga" in html and "PBG" not in html


def test_tracking_page_shows_status_and_public_replies_but_not_internal_notes(client, unit):
    feedback = FeedbackFactory(unit=unit, status=Feedback.Status.RESPONDED)
    FeedbackEvent.objects.create(feedback=feedback, action="responded", public_text="Petugas sudah kami tambah.")
    FeedbackEvent.objects.create(feedback=feedback, action="note", note="Catatan rahasia internal")
    html = client.get(f"/feedback/track/{feedback.tracking_code}/").content.decode()
    assert "Ditanggapi" in html
    assert "Petugas sudah kami tambah." in html
    assert "Catatan rahasia internal" not in html


def test_tracking_lookup_accepts_typed_codes_and_explains_bad_ones(client, unit):
    feedback = FeedbackFactory(unit=unit, tracking_code="7KQ2M9XD4TPA")
    response = client.get("/feedback/track/", {"code": "7kq2-m9xd-4tpa"})
    assert response.status_code == 302 and response["Location"] == "/feedback/track/7KQ2M9XD4TPA/"
    response = client.get("/feedback/track/", {"code": "123"})
    assert response.status_code == 400
    assert "12 huruf dan angka" in response.content.decode()
    assert client.get("/feedback/track/ZZZZZZZZZZZZ/").status_code == 404
    assert feedback.pk


def test_tracking_page_query_count_is_constant(client, unit, django_assert_num_queries):
    feedback = FeedbackFactory(unit=unit)
    for n in range(2):
        FeedbackEvent.objects.create(feedback=feedback, action="responded", public_text=f"Tanggapan {n}")
    # 1 feedback with units and service, 1 public history; no session/user queries for a visitor.
    with django_assert_num_queries(2):
        client.get(feedback.get_absolute_url())
    for n in range(10):
        FeedbackEvent.objects.create(feedback=feedback, action="responded", public_text=f"Lagi {n}")
    with django_assert_num_queries(2):
        client.get(feedback.get_absolute_url())


# --- Rate limit -----------------------------------------------------------------


def test_rate_limit_answers_429_in_indonesian_and_keeps_the_form(client, unit, settings):
    settings.FEEDBACK_RATE_LIMIT = "2/d"
    for _ in range(2):
        assert client.post(URL, form_data(unit)).status_code == 302
    response = client.post(URL, form_data(unit, message="Pesan ketiga yang panjang."))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak kiriman dari jaringan Anda." in html
    assert "Pesan ketiga yang panjang." in html
    assert Feedback.objects.count() == 2


def test_rate_limit_empty_setting_turns_it_off(client, unit, settings):
    settings.FEEDBACK_RATE_LIMIT = ""
    for _ in range(7):
        assert client.post(URL, form_data(unit)).status_code == 302


def test_forged_forwarded_for_does_not_reset_the_limit(client, unit, settings):
    settings.FEEDBACK_RATE_LIMIT = "2/d"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for forged in ("1.1.1.1", "2.2.2.2"):
        response = client.post(URL, form_data(unit), HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.5", **proxy)
        assert response.status_code == 302
    response = client.post(URL, form_data(unit), HTTP_X_FORWARDED_FOR="3.3.3.3, 203.0.113.5", **proxy)
    assert response.status_code == 429
    # Another citizen behind the same proxy has a counter of their own.
    response = client.post(URL, form_data(unit), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert response.status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, unit, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/d"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.post(URL, form_data(unit), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert client.post(URL, form_data(unit), HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


# --- Kiosk ----------------------------------------------------------------------
KIOSK_URL = "/feedback/kiosk/"
PAIR_URL = "/feedback/kiosk/pair/"


@pytest.fixture
def kiosk(unit):
    """A registered kiosk and its one-time pairing code."""
    service = ServiceFactory(unit=unit, code="ktp-el", name="KTP-el")
    device, code = kiosk_create(name="Tablet loket 1", unit=unit, service=service, issued_by=UserFactory(roles=["hr"]))
    return device, code


@pytest.fixture
def paired(client, kiosk):
    """This test client is the paired tablet."""
    device, code = kiosk
    response = client.post(PAIR_URL, {"code": code})
    assert response.status_code == 302 and response["Location"] == KIOSK_URL
    return device


def test_pairing_sets_a_long_lived_signed_httponly_cookie_and_no_token_in_any_url(client, kiosk, settings):
    device, code = kiosk
    assert client.get(KIOSK_URL)["Location"] == PAIR_URL  # not paired yet
    response = client.post(PAIR_URL, {"code": code.lower().replace("-", " ")})  # typed loosely
    assert response.status_code == 302 and response["Location"] == KIOSK_URL
    cookie = response.cookies[settings.FEEDBACK_KIOSK_COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == "/"
    assert int(cookie["max-age"]) == settings.FEEDBACK_KIOSK_COOKIE_DAYS * 24 * 3600
    assert ":" in cookie.value  # signed
    device.refresh_from_db()
    assert device.token_hash and device.paired_at and device.pairing_code_hash is None
    page = client.get(KIOSK_URL)
    assert page.status_code == 200
    assert "Dinas Kependudukan Uji" in page.content.decode()


def test_a_pairing_code_works_once(client, kiosk):
    _device, code = kiosk
    from django.test import Client

    assert client.post(PAIR_URL, {"code": code}).status_code == 302
    second = Client().post(PAIR_URL, {"code": code})
    assert second.status_code == 400
    assert "tidak berlaku atau sudah kedaluwarsa" in second.content.decode()


def test_a_wrong_or_expired_pairing_code_is_refused_and_kept(client, kiosk):
    device, code = kiosk
    wrong = client.post(PAIR_URL, {"code": "ABCD-EFGH"})
    assert wrong.status_code == 400 and 'value="ABCD-EFGH"' in wrong.content.decode()
    from django.utils import timezone

    type(device).objects.filter(pk=device.pk).update(pairing_expires_at=timezone.now())
    assert client.post(PAIR_URL, {"code": code}).status_code == 400


def test_pairing_attempts_are_rate_limited_per_address(client, kiosk, settings):
    settings.FEEDBACK_KIOSK_PAIR_RATE_LIMIT = "2/d"
    _device, code = kiosk
    for _ in range(2):
        assert client.post(PAIR_URL, {"code": "ABCD-EFGH"}).status_code == 400
    limited = client.post(PAIR_URL, {"code": code})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


def test_a_forged_or_unsigned_cookie_is_not_a_kiosk(client, kiosk, settings):
    client.cookies[settings.FEEDBACK_KIOSK_COOKIE_NAME] = "some-token"
    assert client.get(KIOSK_URL)["Location"] == PAIR_URL


def test_kiosk_preselects_unit_and_service_and_resets(client, unit, paired, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/d"  # the address limit does not apply to a kiosk
    data = form_data(unit)
    data["unit"], data["service"] = unit.code, "ktp-el"
    for _ in range(3):
        response = client.post(KIOSK_URL, data)
        assert response.status_code == 302
        assert response["Location"] == KIOSK_URL
    assert Feedback.objects.filter(kiosk=paired, channel="kiosk", service__code="ktp-el").count() == 3
    last = Feedback.objects.order_by("-pk").first()
    done = client.get(KIOSK_URL)
    html = done.content.decode()
    assert "Terima kasih atas masukan Anda!" in html
    assert last.tracking_code[:4] in html
    # The service worker keeps the kiosk page for offline use, but never this one.
    assert done["X-Offline-Cache"] == "no"
    assert "Antrean perekaman KTP-el sangat panjang." not in html  # the form is empty for the next visitor
    # Shown once: the next visitor (or a reload) does not see the previous code.
    again = client.get(KIOSK_URL)
    assert "Terima kasih atas masukan Anda!" not in again.content.decode()
    assert "X-Offline-Cache" not in again
    paired.refresh_from_db()
    assert paired.last_used_at is not None


def test_each_kiosk_has_its_own_rate_limit(client, unit, paired, settings):
    """Holding a kiosk no longer floods a unit's IKM: the kiosk is limited per device."""
    settings.FEEDBACK_KIOSK_RATE_LIMIT = "3/d"
    data = form_data(unit, message="Pesan dari kios yang tetap disimpan.")
    for _ in range(3):
        assert client.post(KIOSK_URL, data).status_code == 302
    refused = client.post(KIOSK_URL, data, REMOTE_ADDR="10.9.9.9")  # another address changes nothing
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Pesan dari kios yang tetap disimpan." in refused.content.decode()
    assert Feedback.objects.filter(kiosk=paired).count() == 3


def test_the_kiosk_layout_has_no_site_menu_and_resets_after_idle(client, paired, settings):
    settings.FEEDBACK_KIOSK_IDLE_SECONDS = 45
    html = client.get(KIOSK_URL).content.decode()
    assert "navbar" not in html and 'data-nav="' not in html
    assert "/accounts/login/" not in html
    assert 'data-idle-seconds="45"' in html and f'data-reset-url="{KIOSK_URL}"' in html
    assert "feedback/kiosk.js" in html
    assert "<script>" not in html  # no inline script (CSP)


def test_kiosk_refuses_another_unit(client, unit, paired):
    other = OrgUnitFactory()
    response = client.post(KIOSK_URL, form_data(other))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_a_revoked_kiosk_goes_back_to_pairing(client, paired):
    kiosk_revoke(device=paired)
    response = client.get(KIOSK_URL)
    assert response["Location"] == PAIR_URL


def test_old_kiosk_links_with_a_token_lead_to_pairing(client, kiosk):
    response = client.get("/feedback/kiosk/demo-kiosk-disdukcapil-loket-1/", follow=True)
    assert response.redirect_chain[-1][0] == PAIR_URL
    assert "Tautan kios tidak dipakai lagi" in response.content.decode()


def test_only_hashes_are_stored(client, kiosk):
    device, code = kiosk
    assert code.replace("-", "") not in device.pairing_code_hash
    assert len(device.pairing_code_hash) == 64


def test_public_navigation_shows_feedback_and_ikm(client):
    html = client.get(reverse("feedback:form")).content.decode()
    assert 'data-nav="feedback:form"' in html
    assert 'data-nav="feedback:ikm"' in html
    assert 'data-nav="feedback:staff-list"' not in html


def test_tracking_lookups_are_rate_limited(client, unit, settings):
    settings.FEEDBACK_TRACK_RATE_LIMIT = "3/d"
    for _ in range(3):
        assert client.get("/feedback/track/ZZZZZZZZZZZZ/").status_code == 404
    response = client.get("/feedback/track/ZZZZZZZZZZZZ/")
    assert response.status_code == 429
    assert "Terlalu banyak pencarian dari jaringan Anda." in response.content.decode()


def test_unit_qr_code_opens_the_form_with_the_unit_chosen(client, unit):
    response = client.get(f"/feedback/qr/{unit.code}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    poster = client.get(f"/feedback/poster/{unit.code}/").content.decode()
    assert f"http://testserver/feedback/?unit={unit.code}" in poster
    assert "Bagaimana pelayanan kami hari ini?" in poster
    assert client.get("/feedback/qr/tidak-ada.svg").status_code == 404
    form = client.get(f"/feedback/?unit={unit.code}").content.decode()
    assert f'<option value="{unit.code}" selected>' in form


def test_a_service_code_shared_by_several_units_resolves_to_the_chosen_units(client, unit):
    other = OrgUnitFactory(code="pkm-lain")
    ServiceFactory(unit=other, code="rawat-jalan", name="Rawat jalan")
    mine = ServiceFactory(unit=unit, code="rawat-jalan", name="Rawat jalan")
    response = client.post(URL, form_data(unit, service="rawat-jalan"))
    assert response.status_code == 302
    assert Feedback.objects.get().service == mine
