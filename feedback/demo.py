"""Demo data of the feedback app: public services per unit, a kiosk, a few
hundred citizen submissions over the last twelve months (IKM answers, replies,
some overdue) and ASN reports. Idempotent: stable codes from a seeded generator."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Competency, Employee, OrgUnit, User
from asn_competency.common.progress import progress

from .codes import ALPHABET, CODE_LENGTH
from .models import AsnReport, Feedback, FeedbackEvent, KioskDevice, Service
from .services.kiosk import kiosk_create, kiosk_pairing_issue
from .workdays import add_working_days

DEMO_KIOSK_NAME = "Tablet loket 1"
FEEDBACK_COUNT = 420

SERVICES = {
    "disdukcapil": [
        ("ktp-el", "Perekaman dan pencetakan KTP-el"),
        ("kk", "Penerbitan Kartu Keluarga (KK)"),
        ("akta-kelahiran", "Akta Kelahiran"),
        ("akta-kematian", "Akta Kematian"),
        ("kia", "Kartu Identitas Anak (KIA)"),
        ("pindah-datang", "Surat Keterangan Pindah/Datang"),
        ("ikd", "Aktivasi Identitas Kependudukan Digital (IKD)"),
    ],
    "perkimcktr": [
        ("pbg", "Persetujuan Bangunan Gedung (PBG)"),
        ("slf", "Sertifikat Laik Fungsi (SLF)"),
        ("krk", "Keterangan Rencana Kota (KRK)"),
    ],
    "dpmptsp": [
        ("nib-oss", "Pendampingan NIB melalui OSS"),
        ("izin-usaha", "Izin usaha dan izin operasional"),
        ("reklame", "Izin penyelenggaraan reklame"),
    ],
    "bapenda": [("pbb-p2", "Pembayaran dan keberatan PBB-P2"), ("bphtb", "Validasi BPHTB")],
    "dinsos": [("dtks", "Pendaftaran DTKS"), ("bansos", "Pengaduan bantuan sosial")],
    "disnaker": [("kartu-kuning", "Kartu Pencari Kerja (AK/1)"), ("mediasi-hi", "Mediasi hubungan industrial")],
    "dishub": [("izin-trayek", "Izin trayek angkutan")],
    "upt-pkb-dishub": [("uji-kir", "Pengujian kendaraan bermotor (KIR)")],
    "rsud-pirngadi": [("rawat-jalan", "Rawat jalan"), ("igd", "Instalasi Gawat Darurat"), ("rawat-inap", "Rawat inap")],
    "rsud-bachtiar-djafar": [("rawat-jalan", "Rawat jalan"), ("igd", "Instalasi Gawat Darurat")],
    "upt-labkes": [("uji-lab", "Pemeriksaan laboratorium kesehatan")],
    "dispusip": [("kartu-anggota", "Kartu anggota perpustakaan")],
    "damkar": [("pemadaman", "Layanan pemadaman dan penyelamatan")],
    "dlh": [("sampah", "Pengangkutan sampah"), ("amdal", "Persetujuan lingkungan (UKL-UPL)")],
}
SERVICES_BY_KIND = {
    "kecamatan": [
        ("sk-domisili", "Surat keterangan domisili"),
        ("iumk", "Izin Usaha Mikro Kecil (IUMK)"),
        ("rekom-ktp", "Rekomendasi dan pengantar administrasi kependudukan"),
    ],
    "kelurahan": [
        ("sk-domisili", "Surat keterangan domisili"),
        ("sktm", "Surat Keterangan Tidak Mampu (SKTM)"),
        ("pengantar", "Surat pengantar nikah/pindah"),
    ],
    "puskesmas": [
        ("rawat-jalan", "Rawat jalan (poli umum)"),
        ("imunisasi", "Imunisasi anak"),
        ("kia-kb", "Pelayanan KIA dan KB"),
        ("poli-gigi", "Poli gigi"),
    ],
}

# Main units get most feedback (as in reality, where the queues are).
WEIGHTS = {"disdukcapil": 14, "perkimcktr": 4, "dpmptsp": 4, "rsud-pirngadi": 6, "bapenda": 3, "dinsos": 3}
# Each unit's typical answer (IKM categories differ between units).
QUALITY = {"disdukcapil": 3.05, "perkimcktr": 2.6, "dpmptsp": 3.5, "rsud-pirngadi": 2.85, "dinsos": 2.4}

MESSAGES = {
    "complaint": [
        "Antrean perekaman sangat panjang, saya datang jam 8 dan baru dilayani jam 1 siang.",
        "Petugas meminta fotokopi berkas yang sebenarnya tidak ada di persyaratan yang ditempel.",
        "Sistem sering offline sehingga saya harus datang kembali keesokan harinya.",
        "Tidak ada informasi yang jelas berapa lama proses selesainya.",
        "Ruang tunggu panas dan kursi tidak cukup, banyak lansia berdiri.",
        "Ada oknum yang menawarkan jasa percepatan dengan bayaran di luar loket.",
        "Nomor WhatsApp pengaduan yang tertera tidak pernah membalas pesan.",
        "Berkas saya dinyatakan hilang dan harus mengulang dari awal.",
    ],
    "suggestion": [
        "Mohon disediakan layanan antrean online agar warga tidak menunggu lama di lokasi.",
        "Sebaiknya ada papan informasi alur layanan yang lebih besar dan jelas.",
        "Tambahkan loket khusus untuk lansia, ibu hamil dan penyandang disabilitas.",
        "Jam layanan bisa diperpanjang pada hari Sabtu untuk pekerja.",
        "Mohon status berkas bisa dicek lewat SMS atau WhatsApp.",
        "Perlu tempat parkir yang lebih tertata dan aman.",
    ],
    "compliment": [
        "Petugas ramah dan sabar menjelaskan persyaratan, terima kasih.",
        "Proses cepat, selesai di hari yang sama. Pertahankan!",
        "Pelayanan sekarang jauh lebih baik, ruang tunggu bersih dan nyaman.",
        "Terima kasih kepada petugas loket 3 yang membantu ibu saya yang sudah lansia.",
        "Tidak dipungut biaya apa pun, sesuai yang diumumkan.",
    ],
}
REPLIES = [
    "Terima kasih atas masukan Bapak/Ibu. Kami telah menambah petugas pada jam sibuk dan membuka antrean daring.",
    "Mohon maaf atas ketidaknyamanannya. Persyaratan resmi sudah kami perbarui di papan informasi dan situs web.",
    "Laporan telah kami tindak lanjuti; petugas terkait sudah diberi pembinaan oleh atasan langsung.",
    "Terima kasih. Gangguan jaringan telah diperbaiki bersama Diskominfo; layanan kembali normal.",
    "Terima kasih atas apresiasinya, akan kami sampaikan kepada seluruh petugas.",
]
REJECT_REASONS = [
    "Pengaduan ini menyangkut layanan instansi vertikal (BPN), bukan kewenangan Pemerintah Kota Medan.",
    "Isi pengaduan tidak memuat informasi yang cukup untuk ditindaklanjuti (lokasi dan waktu tidak disebutkan).",
]
APP_REPORTS = [
    ("e-office", "Mengunggah surat keluar", "Klik Unggah lalu pilih berkas PDF", "Muncul pesan 'gagal memproses dokumen' untuk berkas di atas 2 MB"),
    ("e-office", "Disposisi surat", "Memilih penerima disposisi", "Nama atasan saya tidak muncul di daftar penerima"),
    ("e-kinerja", "Mengisi SKP bulanan", "Menyimpan realisasi kinerja", "Tombol simpan tidak bereaksi di ponsel"),
    ("e-kinerja", "Mengisi SKP bulanan", "Menambah bukti dukung", "Tidak tahu format bukti dukung yang diterima"),
    ("simpeg-medan", "Memperbarui riwayat pendidikan", "Mengunggah ijazah", "Ijazah terunggah tetapi status tetap 'belum diverifikasi'"),
    ("sipd-ri", "Input RKA", "Menyalin sub kegiatan tahun lalu", "Data anggaran tidak ikut tersalin"),
    ("siasn", "Masuk aplikasi", "Login dengan NIP", "Akun terkunci setelah ganti kata sandi"),
]  # fmt: skip


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _seed_services():
    units = {u.code: u for u in OrgUnit.objects.filter(serves_public=True)}
    count = 0
    for unit in units.values():
        rows = (
            SERVICES.get(unit.code)
            or SERVICES_BY_KIND.get(unit.kind)
            or [
                ("layanan-informasi", "Layanan informasi dan pengaduan"),
                ("layanan-administrasi", "Layanan administrasi umum"),
            ]
        )
        for code, name in rows:
            Service.objects.update_or_create(unit=unit, code=code, defaults={"name": name, "is_active": True})
            count += 1
    return units, count


def _score(rng, quality):
    return max(1, min(4, round(rng.gauss(quality, 0.7))))


def _at(created: datetime.datetime, days: int, rng) -> datetime.datetime:
    return created + datetime.timedelta(days=days, hours=rng.randint(1, 6))


def _seed_feedback(units):
    officer = User.objects.filter(username="officer").first()
    hr = User.objects.filter(username="hr").first()
    services = {}
    for service in Service.objects.all():
        services.setdefault(service.unit_id, []).append(service)
    codes = list(units)
    weights = [WEIGHTS.get(code, 1) for code in codes]
    existing = set(Feedback.objects.values_list("tracking_code", flat=True))
    competencies = list(Competency.objects.filter(code__in=["M.05", "M.03", "T.PLY.01", "T.ADM.01", "T.TIK.01"]))
    now = timezone.now()
    today = timezone.localdate()
    created_count = 0
    batch = []
    for index in progress(range(FEEDBACK_COUNT), desc="Citizen feedback"):
        # One generator per entry: skipping an existing entry leaves the others unchanged.
        rng = random.Random(f"feedback-demo-{index}")
        code = _code(rng)
        if code in existing:
            continue
        unit = units[rng.choices(codes, weights=weights)[0]]
        quality = QUALITY.get(unit.code, rng.uniform(2.7, 3.6))
        scores = {f"u{i}": _score(rng, quality + (0.25 if i in (6, 7) else 0)) for i in range(1, 10)}
        mean = sum(scores.values()) / 9
        kind = (
            "compliment"
            if mean >= 3.4
            else ("complaint" if mean < 2.7 else rng.choice(["suggestion", "complaint", "compliment"]))
        )
        age_days = int(rng.triangular(0, 365, 40))
        created = now - datetime.timedelta(days=age_days, hours=rng.randint(0, 8))
        anonymous = rng.random() < 0.6
        created_date = timezone.localtime(created).date()
        feedback = Feedback(
            tracking_code=code,
            unit=unit,
            handling_unit=unit,
            service=rng.choice(services[unit.pk]) if services.get(unit.pk) and rng.random() < 0.9 else None,
            kind=kind,
            message=rng.choice(MESSAGES[kind]),
            channel=rng.choice(["web", "web", "kiosk", "api"]),
            anonymous=anonymous,
            contact_name="" if anonymous else rng.choice(["Rahmawati", "Hendra S.", "Boru Sitorus", "M. Iqbal"]),
            contact="" if anonymous else rng.choice(["0812-6543-2100", "warga.medan@example.com", "081370001122"]),
            gender=rng.choice(["m", "f", ""]),
            age_band=rng.choice(["20-29", "30-39", "40-49", "50-59", ""]),
            education=rng.choice(["sma", "s1", "diploma", ""]),
            occupation=rng.choice(["private", "entrepreneur", "homemaker", "student", ""]),
            verify_due=add_working_days(created_date, 3),
            **scores,
        )
        events = [FeedbackEvent(feedback=feedback, action="submitted", to_status="received", created_at=created)]
        actor = officer if unit.code == "disdukcapil" else hr
        # How far the workflow got: older feedback is mostly finished; a few are stuck (overdue).
        roll = rng.random()
        if age_days < 3 or (roll < 0.06 and age_days < 60):
            stage = 0  # still received (overdue when old enough)
        elif roll < 0.12:
            stage = -1  # rejected
        elif age_days < 10 or roll < 0.2:
            stage = 2  # forwarded, waiting for the answer
        elif age_days < 20 or roll < 0.35:
            stage = 3  # responded
        else:
            stage = 4  # closed
        fields = {"created_at": created}
        status = "received"
        if stage == -1:
            at = _at(created, 1, rng)
            reason = rng.choice(REJECT_REASONS)
            events.append(FeedbackEvent(feedback=feedback, action="rejected", actor=actor, from_status="received",
                                        to_status="rejected", public_text=reason, created_at=at))  # fmt: skip
            status, fields["rejection_reason"], fields["closed_at"] = "rejected", reason, at
        if stage >= 1:
            at = _at(created, rng.randint(0, 4), rng)
            events.append(FeedbackEvent(feedback=feedback, action="verified", actor=actor, from_status="received",
                                        to_status="verified", created_at=at))  # fmt: skip
            fields["verified_at"] = at
            fields["answer_due"] = add_working_days(timezone.localtime(at).date(), 5)
            status = "verified"
        if stage >= 2:
            at = _at(fields["verified_at"], 0, rng)
            events.append(FeedbackEvent(feedback=feedback, action="forwarded", actor=actor, from_status="verified",
                                        to_status="forwarded", to_unit=unit,
                                        public_text=f"Diteruskan kepada {unit.name} untuk ditindaklanjuti.", created_at=at))  # fmt: skip
            status = "forwarded"
        if stage >= 3:
            at = min(_at(fields["verified_at"], rng.randint(1, 9), rng), now)
            events.append(FeedbackEvent(feedback=feedback, action="responded", actor=actor, from_status="forwarded",
                                        to_status="responded", public_text=rng.choice(REPLIES), created_at=at))  # fmt: skip
            status, fields["responded_at"] = "responded", at
        if stage >= 4:
            at = min(_at(fields["responded_at"], rng.randint(1, 5), rng), now)
            events.append(FeedbackEvent(feedback=feedback, action="closed", actor=actor, from_status="responded",
                                        to_status="closed", created_at=at))  # fmt: skip
            status, fields["closed_at"] = "closed", at
        if stage >= 3 and rng.random() < 0.4:  # some citizens rate the handling after the answer
            at = min(_at(fields["responded_at"], rng.randint(0, 2), rng), now)
            rating = max(1, min(5, round(quality + rng.uniform(-0.5, 1.5))))
            events.append(FeedbackEvent(feedback=feedback, action="rated", note=f"{rating}/5", created_at=at))
            fields["citizen_rating"], fields["rated_at"] = rating, at
        fields["status"] = status
        for name, value in fields.items():
            setattr(feedback, name, value)
        tagged = competencies and kind == "complaint" and rng.random() < 0.5
        batch.append((feedback, events, rng.sample(competencies, rng.randint(1, 2)) if tagged else []))
        created_count += 1
    _save_feedback(batch)
    overdue = Feedback.objects.filter(status="received", verify_due__lt=today).count()
    return created_count, overdue


def _with_times(model, rows, field="created_at"):
    """bulk_create, keeping the historical times that auto_now_add would replace
    with "now" on insert (set back by one bulk UPDATE)."""
    times = [getattr(row, field) for row in rows]
    model.objects.bulk_create(rows, batch_size=500)
    for row, moment in zip(rows, times, strict=True):
        setattr(row, field, moment)
    model.objects.bulk_update(rows, [field], batch_size=500)


def _save_feedback(batch):
    """The generated feedback in a handful of statements (rows, their events,
    their competency tags) instead of a few per entry."""
    _with_times(Feedback, [feedback for feedback, _events, _tags in batch])
    _with_times(FeedbackEvent, [event for _feedback, events, _tags in batch for event in events])
    tag = Feedback.competencies.through
    tag.objects.bulk_create(
        [tag(feedback_id=feedback.pk, competency_id=c.pk) for feedback, _events, tags in batch for c in tags]
    )


def _seed_kiosk(units) -> str:
    """The demo kiosk, with a random pairing code of this database (printed;
    nothing about a kiosk is fixed or public). A paired demo kiosk stays paired."""
    unit = units.get("disdukcapil")
    if unit is None:
        return ""
    device = KioskDevice.objects.filter(unit=unit, name=DEMO_KIOSK_NAME, is_active=True).first()
    if device is None:
        hr = User.objects.filter(username="hr").first()
        service = Service.objects.filter(unit=unit, code="ktp-el").first()
        device, code = kiosk_create(name=DEMO_KIOSK_NAME, unit=unit, service=service, issued_by=hr)
    elif device.token_hash:
        return "kiosk demo: already paired (HR issues a new pairing code at /feedback/staff/kiosks/)"
    else:
        code = kiosk_pairing_issue(device=device)
    return f"kiosk demo: open /feedback/kiosk/pair/ and type the pairing code {code}"


def _seed_asn_reports():
    rng = random.Random(77)
    reporters = list(Employee.objects.filter(user__isnull=False).order_by("nip")[:10]) or list(
        Employee.objects.order_by("nip")[:10]
    )
    if not reporters:
        return 0
    count = 0
    for index, (app, label, tried, happened) in enumerate(APP_REPORTS * 3):
        _report, created = AsnReport.objects.get_or_create(
            kind=AsnReport.Kind.APP_DIFFICULTY,
            reporter=reporters[index % len(reporters)],
            egov_app_code=app,
            what_happened=happened,
            defaults={"what_tried": f"{label}: {tried}",
                      "status": rng.choice(["open", "open", "acknowledged", "resolved"])},
        )  # fmt: skip
        count += created
    try:
        from training.models import Program
    except ImportError:  # pragma: no cover
        return count
    from django.contrib.contenttypes.models import ContentType

    program_type = ContentType.objects.get_for_model(Program)
    notes = [
        "Materi sangat relevan dengan pekerjaan di loket, tetapi waktu praktik terlalu singkat.",
        "Fasilitator menguasai materi; mohon modul dibagikan sebelum pelatihan.",
        "Ruang kelas terlalu dingin dan proyektor kurang jelas dari belakang.",
        "Studi kasus pelayanan publik membantu saya menangani warga yang marah.",
    ]
    for index, program in enumerate(Program.objects.order_by("code")[:6]):
        for j in range(3):
            _report, created = AsnReport.objects.get_or_create(
                kind=AsnReport.Kind.TRAINING_FEEDBACK,
                reporter=reporters[(index + j) % len(reporters)],
                subject_type=program_type,
                subject_id=program.pk,
                defaults={"program": program, "subject_label": str(program)[:255], "rating": rng.randint(3, 5),
                          "what_happened": notes[(index + j) % len(notes)]},
            )  # fmt: skip
            count += created
    return count


@transaction.atomic
def seed(*, out):
    units, service_count = _seed_services()
    created, overdue = _seed_feedback(units)
    kiosk_note = _seed_kiosk(units)
    reports = _seed_asn_reports()
    from .services.ikm import ikm_refresh

    # The worker recomputes the IKM summary table; until then figures are read from the rows.
    transaction.on_commit(lambda: ikm_refresh(rebuild_summary=False))
    out.write(
        f"  {service_count} public services, {Feedback.objects.count()} feedback ({created} new, {overdue} overdue "
        f"for verification), {AsnReport.objects.count()} ASN reports ({reports} new); "
        f"{kiosk_note}"
    )
