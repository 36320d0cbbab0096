"""Demo data of the tutorials app: the e-government applications of Pemkot Medan,
tutorials with steps and quizzes, ASN progress and a few "I am stuck" reports.
Idempotent: keyed on application codes and tutorial titles."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import Employee, OrgUnit, Position
from asn_competency.common.progress import progress
from training.models import JpLedgerEntry
from training.services import jp_ledger_credit_many

from .models import EgovApplication, QuizQuestion, Tutorial, TutorialProgress, TutorialStep
from .services import (
    application_save,
    application_version_set,
    question_save,
    quiz_submit,
    step_complete,
    stuck_report_create,
    tutorial_mark_current,
    tutorial_mark_outdated,
)

ALL = [k.value for k in Position.Kind]

# code, name, owner unit, version, url, position kinds, unit codes (None: every unit), purpose
APPLICATIONS = [
    ("e-office", "e-Office Medan", "diskominfo", "3.1", "https://eoffice.pemkomedan.go.id", ALL, None,
     "Tata naskah dinas elektronik Pemkot Medan: surat masuk dan keluar, disposisi berjenjang, tanda tangan "
     "elektronik (BSrE) dan arsip dinamis."),
    ("e-kinerja", "e-Kinerja (SKP)", "bkpsdm", "2.4", "https://ekinerja.pemkomedan.go.id", ALL, None,
     "Penyusunan Sasaran Kinerja Pegawai sesuai PermenPANRB 6/2022: rencana hasil kerja, realisasi bulanan, "
     "umpan balik atasan dan penilaian perilaku kerja."),
    ("sipd-ri", "SIPD RI", "bpkad", "2024.2", "https://sipd-ri.kemendagri.go.id",
     ["administrator", "pengawas", "pelaksana"], None,
     "Sistem Informasi Pemerintahan Daerah Kemendagri untuk perencanaan, penganggaran dan penatausahaan "
     "keuangan daerah (SPP, SPM, SP2D)."),
    ("siasn", "SIASN BKN / MyASN", "bkpsdm", "2.0", "https://asndigital.bkn.go.id", ALL, None,
     "Sistem Informasi ASN BKN: pemutakhiran data mandiri (riwayat jabatan, pendidikan, keluarga), usul "
     "layanan kepegawaian dan dokumen elektronik."),
    ("simpeg-medan", "SIMPEG Medan", "bkpsdm", "1.8", "https://simpeg.pemkomedan.go.id",
     ["administrator", "pengawas"], None,
     "Sistem informasi kepegawaian Pemkot Medan: data pegawai per OPD, cuti, kenaikan pangkat berkala dan "
     "rekap kehadiran untuk pengelola kepegawaian."),
    ("medan-berkah", "Aplikasi Layanan Medan Berkah", "diskominfo", "1.5", "https://layanan.pemkomedan.go.id",
     ["pelaksana", "pengawas"], "public",
     "Aplikasi layanan warga Kota Medan: permohonan surat keterangan di kelurahan, antrean daring dan "
     "pelacakan status permohonan oleh petugas loket."),
    ("spse", "SPSE (LPSE Kota Medan)", "setda-pbj", "4.5", "https://lpse.pemkomedan.go.id",
     ["administrator", "pengawas", "fungsional"], ["setda-pbj", "bpkad", "perkimcktr", "sdabmbk", "dinkes", "disdik"],
     "Sistem Pengadaan Secara Elektronik LKPP untuk tender dan seleksi: paket, dokumen pemilihan, evaluasi "
     "penawaran dan kontrak."),
    ("oss-rba", "OSS RBA", "dpmptsp", "2.1", "https://oss.go.id", ["pelaksana", "fungsional", "pengawas"],
     ["dpmptsp"],
     "Perizinan berusaha berbasis risiko (PP 5/2021): verifikasi NIB, persetujuan izin dan pengawasan oleh "
     "petugas DPMPTSP."),
]  # fmt: skip

# application code, title, minutes, JP, pass mark, summary, steps [(title, body)], questions [(text, correct, [wrong])]
TUTORIALS = [
    ("e-office", "Membaca dan mendisposisikan surat masuk", 25, "0.5", 70,
     "Cara membuka surat masuk, membaca lampiran dan meneruskan disposisi ke bawahan.",
     [("Masuk ke e-Office",
       "Buka **eoffice.pemkomedan.go.id** lalu masuk dengan **NIP** dan kata sandi Anda.\n\n"
       "- Gunakan peramban Chrome atau Firefox terbaru.\n- Jangan bagikan kata sandi kepada siapa pun."),
      ("Buka kotak masuk",
       "Pilih menu **Surat Masuk**. Surat yang belum dibaca ditandai **tebal**. Klik perihal surat untuk "
       "membuka rinciannya."),
      ("Periksa lampiran",
       "Di tab **Lampiran**, klik nama berkas untuk melihat PDF. Pastikan nomor surat dan tanggal sesuai "
       "dengan yang tertera di lembar disposisi."),
      ("Buat disposisi",
       "Klik **Disposisi**, pilih penerima (bisa lebih dari satu), isi *instruksi* dan batas waktu, lalu "
       "klik **Kirim**.\n\n> Disposisi yang sudah dikirim tidak dapat ditarik; periksa penerima sebelum mengirim."),
      ("Pantau tindak lanjut",
       "Menu **Riwayat Disposisi** menampilkan siapa yang sudah membaca dan menindaklanjuti. Status "
       "`Selesai` muncul setelah penerima melaporkan tindak lanjut.")],
     [("Di menu mana surat yang belum dibaca muncul?", "Surat Masuk", ["Riwayat Disposisi", "Profil"]),
      ("Apa yang harus dipastikan sebelum mengirim disposisi?", "Penerima sudah benar",
       ["Warna tema aplikasi", "Ukuran huruf"]),
      ("Kapan status disposisi menjadi Selesai?", "Setelah penerima melaporkan tindak lanjut",
       ["Segera setelah dikirim", "Setelah 24 jam"])]),
    ("e-office", "Membuat naskah dinas keluar dengan tanda tangan elektronik", 35, "1.0", 70,
     "Menyusun konsep surat, meminta paraf berjenjang dan menandatangani dengan sertifikat elektronik BSrE.",
     [("Buat konsep", "Menu **Surat Keluar > Konsep Baru**. Pilih jenis naskah, isi perihal, tujuan dan isi surat."),
      ("Minta paraf", "Tambahkan pemaraf sesuai jenjang (Kasubbag, Sekretaris) lalu klik **Ajukan Paraf**."),
      ("Tanda tangan elektronik",
       "Penandatangan membuka konsep, memeriksa isi, lalu klik **Tanda Tangan** dan memasukkan "
       "*passphrase* sertifikat BSrE."),
      ("Kirim dan arsipkan", "Setelah ditandatangani, klik **Kirim**. Nomor surat dibuat otomatis dan naskah "
       "tersimpan di **Arsip**.")],
     [("Apa yang dimasukkan saat tanda tangan elektronik?", "Passphrase sertifikat BSrE", ["NIP", "Nomor HP"]),
      ("Siapa yang memaraf sebelum penandatangan?", "Pejabat sesuai jenjang", ["Semua pegawai OPD", "Warga"])]),
    ("e-kinerja", "Menyusun SKP tahunan dan mengisi realisasi bulanan", 40, "1.0", 70,
     "Langkah menyusun rencana hasil kerja yang selaras dengan atasan dan melaporkan realisasinya tiap bulan.",
     [("Buka periode SKP", "Masuk ke e-Kinerja, pilih **SKP > Periode 2026**, lalu klik **Susun SKP**."),
      ("Tarik rencana hasil kerja atasan",
       "Klik **Intervensi** untuk memilih rencana hasil kerja atasan yang Anda dukung, kemudian tulis "
       "rencana hasil kerja Anda sendiri."),
      ("Tetapkan indikator", "Untuk setiap rencana hasil kerja, isi indikator **kuantitas**, **kualitas** dan "
       "**waktu** beserta targetnya."),
      ("Ajukan ke atasan", "Klik **Ajukan**. Atasan dapat menyetujui atau mengembalikan dengan catatan."),
      ("Isi realisasi bulanan", "Setiap awal bulan buka **Realisasi**, isi capaian dan unggah bukti dukung "
       "(PDF atau foto kegiatan).")],
     [("Apa yang dipilih pada menu Intervensi?", "Rencana hasil kerja atasan yang didukung",
       ["Daftar hadir", "Jadwal cuti"]),
      ("Indikator apa saja yang diisi?", "Kuantitas, kualitas dan waktu", ["Hanya kuantitas", "Biaya saja"]),
      ("Kapan realisasi diisi?", "Setiap bulan", ["Sekali setahun", "Setiap lima tahun"])]),
    ("siasn", "Memutakhirkan data riwayat di MyASN", 20, "0.5", 70,
     "Pemutakhiran data mandiri (PDM) riwayat jabatan dan pendidikan beserta dokumen pendukung.",
     [("Masuk dengan SSO BKN", "Buka **asndigital.bkn.go.id**, masuk menggunakan akun SSO BKN (NIP dan kata sandi)."),
      ("Pilih data yang diperbarui", "Menu **Profil > Riwayat**. Pilih riwayat jabatan atau pendidikan yang "
       "belum sesuai lalu klik **Usul Perubahan**."),
      ("Unggah dokumen", "Unggah SK atau ijazah dalam format PDF (maksimal 1 MB) lalu klik **Kirim Usulan**. "
       "Verifikasi dilakukan oleh BKPSDM.")],
     [("Siapa yang memverifikasi usulan perubahan data?", "BKPSDM", ["Camat", "Atasan langsung saja"]),
      ("Format dokumen pendukung?", "PDF", ["DOCX", "Foto layar ponsel"])]),
    ("medan-berkah", "Melayani permohonan surat keterangan di loket kelurahan", 30, "0.5", 80,
     "Petugas loket menerima, memverifikasi dan menyelesaikan permohonan warga yang masuk dari aplikasi.",
     [("Buka antrean", "Masuk ke dasbor petugas, pilih **Antrean Hari Ini** untuk melihat warga yang sudah "
       "mengambil nomor secara daring."),
      ("Verifikasi berkas", "Buka permohonan, cocokkan **NIK** dengan KTP-el warga dan periksa berkas unggahan."),
      ("Terbitkan surat", "Klik **Setujui**, surat keterangan dibuat otomatis dengan QR verifikasi. Warga "
       "menerima notifikasi.")],
     [("Apa yang dicocokkan saat verifikasi?", "NIK dengan KTP-el warga", ["Nomor HP petugas", "Alamat kantor"])]),
    ("spse", "Mengunggah dokumen pemilihan pada SPSE 4.5", 30, "0.5", 70,
     "Bagi Pokja Pemilihan: membuat paket, mengunggah dokumen pemilihan dan mengumumkan tender.",
     [("Buat paket", "Masuk sebagai **Pokja Pemilihan**, pilih paket dari SiRUP lalu klik **Buat Paket**."),
      ("Unggah dokumen pemilihan", "Unggah dokumen pemilihan dan adendum (jika ada) di tab **Dokumen**."),
      ("Umumkan", "Periksa jadwal tahapan lalu klik **Umumkan Tender**.")],
     [("Dari mana paket diambil?", "SiRUP", ["e-Office", "SIASN"])]),
]  # fmt: skip

STUCK = [
    (
        "asn1",
        "e-office",
        "Membaca dan mendisposisikan surat masuk",
        4,
        "Memilih penerima disposisi",
        "Nama Kepala Seksi tidak muncul di daftar penerima padahal sudah dilantik bulan lalu.",
    ),
    (
        "asn2",
        "e-office",
        "Membaca dan mendisposisikan surat masuk",
        4,
        "Klik Kirim dua kali",
        "Muncul pesan 'Sesi berakhir' dan disposisi tidak terkirim.",
    ),
    (
        "asn3",
        "e-kinerja",
        "Menyusun SKP tahunan dan mengisi realisasi bulanan",
        2,
        "Membuka menu Intervensi",
        "Rencana hasil kerja atasan kosong, tidak ada yang bisa dipilih.",
    ),
    ("asn5", "siasn", None, None, "Masuk dengan SSO BKN", "Kode OTP tidak pernah sampai ke nomor ponsel saya."),
]


def _units(spec):
    if spec is None:
        return []
    if spec == "public":
        return list(OrgUnit.objects.filter(kind__in=["kelurahan", "kecamatan"], serves_public=True))
    return list(OrgUnit.objects.filter(code__in=spec))


def _seed_applications():
    apps = {}
    for code, name, owner, version, url, kinds, units, purpose in progress(APPLICATIONS, desc="E-gov applications"):
        app = EgovApplication.objects.filter(code=code).first() or EgovApplication(code=code, current_version=version)
        app.name, app.owner_unit, app.url, app.purpose = name, OrgUnit.objects.get(code=owner), url, purpose
        apps[code] = application_save(application=app, position_kinds=kinds, units=_units(units))
    return apps


def _seed_tutorials(apps, author):
    tutorials = {}
    for code, title, minutes, jp, pass_mark, summary, steps, questions in progress(TUTORIALS, desc="Tutorials"):
        app = apps[code]
        tutorial, _ = Tutorial.objects.update_or_create(
            application=app,
            title=title,
            defaults={
                "summary": summary,
                "estimated_minutes": minutes,
                "jp": Decimal(jp),
                "pass_mark": pass_mark,
                "created_by": author,
            },
            create_defaults={
                "summary": summary,
                "estimated_minutes": minutes,
                "jp": Decimal(jp),
                "pass_mark": pass_mark,
                "created_by": author,
                "app_version": app.current_version,
            },
        )
        for position, (step_title, body) in enumerate(steps, start=1):
            TutorialStep.objects.update_or_create(
                tutorial=tutorial, position=position, defaults={"title": step_title, "body": body}
            )
        for position, (text, correct, wrong) in enumerate(questions, start=1):
            question = QuizQuestion.objects.filter(tutorial=tutorial, position=position).first()
            question = question or QuizQuestion(tutorial=tutorial, position=position)
            question.text = text
            question_save(question=question, choices=[(correct, True), *[(w, False) for w in wrong]])
        if tutorial.status != Tutorial.Status.PUBLISHED:
            tutorial.status = Tutorial.Status.PUBLISHED
            tutorial.save(update_fields=["status", "updated_at"])
        tutorials[title] = tutorial
    return tutorials


def _correct(tutorial):
    return {q.pk: next(c.pk for c in q.choices.all() if c.is_correct) for q in tutorial.questions.all()}


def _seed_demo_users(tutorials):
    """asn1..asn5 as the demo shows them: one completed, others half-way (to show resume)."""
    users = {e.user.username: e for e in Employee.objects.filter(user__username__in=["asn1", "asn2", "asn3", "asn4", "asn5"]).select_related("user")}  # fmt: skip
    disposisi = tutorials["Membaca dan mendisposisikan surat masuk"]
    skp = tutorials["Menyusun SKP tahunan dan mengisi realisasi bulanan"]
    plan = [("asn1", disposisi, None), ("asn2", disposisi, 2), ("asn3", skp, 3), ("asn4", skp, None), ("asn5", disposisi, 1)]  # fmt: skip
    for username, tutorial, stop_after in plan:
        employee = users.get(username)
        if employee is None:
            continue
        steps = list(tutorial.steps.order_by("position"))
        for step in steps[: stop_after or len(steps)]:
            step_complete(employee=employee, step=step)
        done = TutorialProgress.objects.filter(employee=employee, tutorial=tutorial, completed_at__isnull=False)
        if stop_after is None and not done.exists():
            quiz_submit(employee=employee, tutorial=tutorial, answers=_correct(tutorial))


def _seed_population(tutorials):
    """A share of the generated ASN completed the most common tutorials, so readiness has figures."""
    rng = random.Random(4)
    now = timezone.now()
    targets = [
        (tutorials["Membaca dan mendisposisikan surat masuk"], 0.55),
        (tutorials["Menyusun SKP tahunan dan mengisi realisasi bulanan"], 0.4),
        (tutorials["Memutakhirkan data riwayat di MyASN"], 0.3),
        (tutorials["Melayani permohonan surat keterangan di loket kelurahan"], 0.5),
    ]
    employees = list(Employee.objects.filter(is_active=True, user__isnull=True).order_by("nip"))
    have = set(
        TutorialProgress.objects.filter(tutorial__in=[t for t, _share in targets]).values_list(
            "employee_id", "tutorial_id"
        )
    )
    rows, credits = [], []
    for employee in progress(employees, desc="Tutorial progress"):
        for tutorial, share in targets:
            if rng.random() >= share:
                continue
            done_at = now - datetime.timedelta(days=rng.randrange(1, 120), hours=rng.randrange(0, 8))
            best_score = rng.choice([70, 80, 90, 100])
            if (employee.pk, tutorial.pk) in have:
                continue
            row = TutorialProgress(
                employee=employee,
                tutorial=tutorial,
                completed_at=done_at,
                best_score=best_score,
                completed_revision=tutorial.revision,
            )
            rows.append(row)
            credits.append(
                JpLedgerEntry(
                    employee=employee,
                    year=timezone.localtime(done_at).year,
                    jp=tutorial.jp,
                    source=JpLedgerEntry.Source.TUTORIAL,
                    source_key=row.jp_source_key,
                    description=f"Tutorial: {tutorial.title} ({tutorial.application.name})",
                )
            )
    # Two INSERTs, not one get_or_create and one credit per row.
    TutorialProgress.objects.bulk_create(rows)
    jp_ledger_credit_many(entries=credits)


def _seed_stuck(apps, tutorials):
    from feedback.models import AsnReport

    for username, code, title, position, tried, happened in STUCK:
        employee = Employee.objects.filter(user__username=username).first()
        if employee is None or AsnReport.objects.filter(reporter=employee, what_happened=happened).exists():
            continue
        step = tutorials[title].steps.get(position=position) if title else None
        stuck_report_create(
            employee=employee, application=apps[code], step=step, what_tried=tried, what_happened=happened
        )


def _seed_versioning(apps, tutorials):
    """e-Office moved to 3.2: one tutorial was checked and still fits, the other is outdated."""
    app = apps["e-office"]
    if app.versions.exists():
        return
    application_version_set(
        application=app,
        version="3.2",
        released_on=timezone.localdate() - datetime.timedelta(days=40),
        notes="Menu tanda tangan elektronik dipindahkan ke Arsip > TTE; integrasi BSrE terbaru.",
    )
    tutorial_mark_current(tutorial=tutorials["Membaca dan mendisposisikan surat masuk"])
    tutorial_mark_outdated(
        tutorial=tutorials["Membuat naskah dinas keluar dengan tanda tangan elektronik"],
        note="Sejak versi 3.2 tombol Tanda Tangan ada di menu Arsip > TTE, bukan di konsep surat.",
    )


def seed(*, out):
    from accounts.models import User

    author = User.objects.filter(username="hr").first()
    apps = _seed_applications()
    tutorials = _seed_tutorials(apps, author)
    _seed_demo_users(tutorials)
    _seed_population(tutorials)
    _seed_stuck(apps, tutorials)
    _seed_versioning(apps, tutorials)
    out.write(f"  {len(apps)} e-government applications, {len(tutorials)} tutorials")
