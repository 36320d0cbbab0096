"""Demo data of the community app: forums of Pemkot Medan with citizens'
questions and official answers, reported posts, guest posts awaiting
moderation, and consultation meetings (upcoming and held, with minutes and
outcomes). Idempotent: topics and meetings are keyed by their title."""

import datetime

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_password_hash
from accounts.models import Competency, OrgUnit, User
from asn_competency.common.progress import progress

from . import rules, services
from .markup import render_markdown
from .models import Category, CitizenProfile, Meeting, MeetingRegistration, Post, Report, Topic, Visibility
from .rules import CITIZEN_GROUP

CATEGORIES = [
    # slug, name, description, icon, org unit code (None: service area)
    ("administrasi-kependudukan", "Administrasi Kependudukan", "KTP-el, Kartu Keluarga, akta kelahiran dan kematian, pindah datang.", "person-vcard", None),
    ("kesehatan", "Kesehatan", "Puskesmas, rumah sakit daerah, BPJS Kesehatan, imunisasi dan posyandu.", "heart-pulse", None),
    ("perizinan", "Perizinan", "Izin usaha, PBG, NIB melalui OSS, layanan Mal Pelayanan Publik.", "file-earmark-check", None),
    ("transportasi", "Transportasi", "Angkutan umum, parkir, lampu lalu lintas, uji KIR.", "bus-front", None),
    ("pendidikan", "Pendidikan", "PPDB, sekolah negeri, beasiswa, sarana sekolah.", "book", None),
    ("kebersihan", "Kebersihan dan Lingkungan", "Sampah, drainase, taman kota, bank sampah.", "trash3", None),
    ("disdukcapil", "Forum Disdukcapil", "Tanya jawab langsung dengan Dinas Kependudukan dan Pencatatan Sipil.", "building", "disdukcapil"),
    ("puskesmas-padang-bulan", "Forum Puskesmas Padang Bulan", "Layanan Puskesmas Padang Bulan.", "hospital", "pkm-padang-bulan"),
]  # fmt: skip

# Designated answerers of a forum (besides HR, moderators and its unit's service officers):
# ASN of the units that provide the service. Other ASN may reply, but not officially.
ANSWERERS = {
    "administrasi-kependudukan": ["asn1", "asn2"],
    "disdukcapil": ["asn1", "asn2"],
    "kesehatan": ["asn5"],
    "puskesmas-padang-bulan": ["asn5"],
    "kebersihan": ["asn3"],
}

CITIZENS = [
    ("warga1@contoh.id", "Rahmawati Siregar"),
    ("warga2@contoh.id", "Togar Simatupang"),
    ("warga3@contoh.id", "Nurhayati Lubis"),
    ("warga4@contoh.id", "Hendrik Sembiring"),
]

# category slug, title, author (citizen email), question, replies [(author, text)], extra
# Authors: a citizen email, an ASN demo username (an official answer when designated) or "guest:Name".
TOPICS = [
    ("administrasi-kependudukan", "Berapa lama pencetakan KTP-el setelah perekaman?", "warga1@contoh.id",
     "Saya sudah rekam KTP-el di kantor Disdukcapil dua minggu lalu, tapi belum ada kabar. Berapa lama biasanya sampai bisa diambil? Apakah bisa dicek secara daring?",
     [("asn1", "Selamat siang Ibu Rahmawati. Setelah perekaman, pencetakan KTP-el **paling lama 14 hari kerja** bila blangko tersedia. Status bisa dicek lewat aplikasi *Sibisa* atau WhatsApp layanan Disdukcapil dengan menyebutkan NIK. Bila lebih dari 14 hari kerja, silakan datang ke loket 3 dengan membawa bukti perekaman."),
      ("warga2@contoh.id", "Saya kemarin juga 10 hari kerja baru selesai, tapi prosesnya lancar."),
      ("warga1@contoh.id", "Terima kasih, sudah saya cek dan KTP saya sudah dicetak.")], {"status": "answered"}),
    ("administrasi-kependudukan", "Syarat pindah domisili dari luar kota ke Medan", "warga3@contoh.id",
     "Keluarga saya pindah dari Pematangsiantar ke Medan Baru. Dokumen apa saja yang perlu disiapkan untuk pindah datang?",
     [("asn2", "Untuk pindah datang cukup membawa **Surat Keterangan Pindah (SKPWNI)** dari daerah asal, KK asli dan KTP-el. Permohonan dapat diajukan di kecamatan atau secara daring; KK baru terbit paling lama 1 hari kerja setelah berkas lengkap.")], {}),
    ("administrasi-kependudukan", "Antrean akta kelahiran sangat panjang di hari Senin", "warga4@contoh.id",
     "Setiap Senin antrean akta kelahiran bisa sampai 3 jam. Apakah tidak bisa dibuat sistem antrean daring supaya warga tidak menunggu lama?",
     [("warga2@contoh.id", "Setuju, sebaiknya ada nomor antrean lewat aplikasi."),
      ("asn1", "Terima kasih atas masukannya. Mulai bulan depan kami uji coba antrean daring untuk layanan akta. Sementara itu, permohonan akta kelahiran juga dapat diajukan sepenuhnya secara daring tanpa datang ke kantor.")], {"adopt": ("adminduk-online", "Antrean daring dan pelatihan layanan adminduk daring untuk petugas loket akta.")}),
    ("kesehatan", "Jam layanan Puskesmas di hari Sabtu", "warga2@contoh.id",
     "Apakah Puskesmas di Medan buka pada hari Sabtu? Saya bekerja Senin sampai Jumat.",
     [("asn5", "Puskesmas Padang Bulan melayani pada hari Sabtu pukul 08.00–12.00 WIB untuk poli umum, KIA dan imunisasi. Untuk layanan gigi hanya Senin–Jumat.")], {}),
    ("kesehatan", "Petugas pendaftaran kurang ramah kepada lansia", "warga3@contoh.id",
     "Ibu saya (72 tahun) merasa dibentak petugas pendaftaran ketika bertanya. Mohon petugas dibekali cara melayani lansia dengan sabar.",
     [("asn5", "Mohon maaf atas pengalaman Ibu. Keluhan ini sudah kami sampaikan kepada kepala puskesmas, dan petugas pendaftaran akan mengikuti pelatihan pelayanan publik yang ramah lansia."),
      ("warga1@contoh.id", "Semoga ada loket khusus lansia juga.")], {"adopt": ("kesehatan-primer", "Masukan untuk materi pelayanan ramah lansia dan disabilitas.")}),
    ("kesehatan", "Cara mengaktifkan kembali BPJS PBI yang nonaktif", "warga4@contoh.id",
     "Kartu BPJS PBI saya tiba-tiba nonaktif saat berobat. Ke mana saya harus mengurus?",
     [("warga2@contoh.id", "Saya dulu mengurus lewat Dinas Sosial dengan membawa KK dan KTP.")], {}),
    ("perizinan", "NIB lewat OSS ditolak karena KBLI tidak sesuai", "warga2@contoh.id",
     "Saya membuka usaha katering rumahan. Saat mengurus NIB di OSS, sistem menolak KBLI yang saya pilih. KBLI apa yang benar?",
     [("officer", "Untuk katering rumahan gunakan KBLI 56210 (Jasa Boga untuk Suatu Event Tertentu). Bila masih gagal, datang ke Mal Pelayanan Publik lantai 2, petugas DPMPTSP akan membantu langsung.")], {"status": "answered"}),
    ("perizinan", "Berapa lama proses PBG untuk rumah tinggal?", "warga1@contoh.id",
     "Saya mengajukan Persetujuan Bangunan Gedung untuk rumah tinggal 2 lantai. Sudah 30 hari belum ada kabar.",
     [], {}),
    ("transportasi", "Lampu lalu lintas di simpang Jalan Gatot Subroto mati", "warga4@contoh.id",
     "Sudah tiga hari lampu lalu lintas di simpang Gatot Subroto – Jalan Sei Batang Hari mati, sangat rawan kecelakaan pada jam sibuk.",
     [("warga3@contoh.id", "Betul, tadi pagi hampir terjadi tabrakan di sana."),
      ("asn4", "Laporan sudah diteruskan ke Dinas Perhubungan; tim teknis dijadwalkan memperbaiki besok pagi.")], {}),
    ("transportasi", "Usulan rute Trans Metro Deli ke Tuntungan", "warga3@contoh.id",
     "Warga Medan Tuntungan sangat membutuhkan angkutan umum yang terjangkau. Mohon pertimbangan penambahan koridor Trans Metro Deli.",
     [("warga1@contoh.id", "Dukung! Anak sekolah di sini harus naik dua kali angkot.")], {}),
    ("pendidikan", "Jadwal PPDB SMP negeri tahun ini", "warga2@contoh.id",
     "Kapan jadwal PPDB SMP negeri dibuka, dan apakah jalur zonasi masih memakai jarak dari rumah?",
     [("asn3", "Jadwal PPDB diumumkan Dinas Pendidikan pada bulan Mei. Jalur domisili (pengganti zonasi) tetap memakai jarak dari alamat pada KK yang terbit paling lambat satu tahun sebelum pendaftaran.")], {}),
    ("kebersihan", "Sampah tidak diangkut selama seminggu di Medan Baru", "warga1@contoh.id",
     "Di Jalan Sei Padang, sampah rumah tangga tidak diangkut sejak minggu lalu. Bau dan banyak lalat.",
     [("asn3", "Terima kasih laporannya. Kecamatan Medan Baru sudah berkoordinasi dengan DLH; truk pengangkut dijadwalkan ulang setiap Selasa dan Jumat."),
      ("warga1@contoh.id", "Sudah diangkut hari ini, terima kasih.")], {"status": "closed"}),
    ("kebersihan", "Bank sampah di tingkat kelurahan", "warga4@contoh.id",
     "Apakah ada program bank sampah di kelurahan? Kami ingin memulai di lingkungan kami.",
     [], {}),
    ("disdukcapil", "Apakah KIA (Kartu Identitas Anak) wajib?", "warga3@contoh.id",
     "Anak saya berusia 8 tahun. Apakah KIA wajib dibuat dan apa manfaatnya?",
     [("asn2", "KIA dianjurkan untuk anak di bawah 17 tahun sebagai identitas resmi, misalnya untuk membuka tabungan atau mendaftar sekolah. Pembuatannya gratis dengan membawa KK dan akta kelahiran.")], {}),
    ("puskesmas-padang-bulan", "Jadwal imunisasi bayi bulan ini", "warga2@contoh.id",
     "Kapan jadwal imunisasi BCG dan polio di Puskesmas Padang Bulan?",
     [("asn5", "Imunisasi bayi setiap Selasa dan Kamis pukul 08.00–11.00 WIB. Bawa buku KIA.")], {}),
    ("perizinan", "Pengalaman mengurus izin di Mal Pelayanan Publik", "guest:Pak Darwin",
     "Saya mau berbagi: kemarin mengurus izin di MPP sangat cepat, petugasnya membantu. Terima kasih.",
     [], {"pending": True}),
]  # fmt: skip

SPAM = "PROMO!!! Pinjaman dana cepat tanpa jaminan, cair dalam 5 menit, kunjungi situs kami sekarang juga!!!"

MEETINGS = [
    # title, org unit, days from today, hours, place, online, capacity, category slug, agenda
    ("Forum Konsultasi Publik Layanan Adminduk 2027", "disdukcapil", 12, 3, "Aula Disdukcapil, Jl. Iskandar Muda No. 270, Medan", "", 80, "administrasi-kependudukan",
     "1. Paparan capaian layanan adminduk 2026\n2. Rencana antrean daring dan layanan keliling\n3. Dengar pendapat warga\n4. Kesimpulan dan tindak lanjut"),
    ("Dengar Pendapat: Pelayanan Puskesmas Ramah Lansia", "dinkes", 20, 2, "Puskesmas Padang Bulan, Jl. Jamin Ginting", "", 40, "kesehatan",
     "- Hasil survei kepuasan masyarakat Puskesmas\n- Usulan loket prioritas lansia dan disabilitas\n- Tanya jawab"),
    ("Diskusi Daring Perizinan Usaha Mikro", "dpmptsp", 5, 2, "", "https://meet.pemkomedan.go.id/perizinan-umk", 150, "perizinan",
     "Sosialisasi NIB dan perizinan berbasis risiko untuk usaha mikro dan kecil, dilanjutkan tanya jawab."),
    ("Forum Konsultasi Publik Pengelolaan Sampah Medan Baru", "kec-medan-baru", -30, 3, "Kantor Camat Medan Baru", "", 60, "kebersihan",
     "1. Jadwal pengangkutan sampah\n2. Bank sampah kelurahan\n3. Peran kepling dan warga"),
    ("Konsultasi Publik Standar Pelayanan Akta Kelahiran", "disdukcapil", -60, 3, "Aula Disdukcapil", "https://meet.pemkomedan.go.id/adminduk", 100, "administrasi-kependudukan",
     "Pembahasan rancangan standar pelayanan akta kelahiran sesuai PermenPANRB 15/2014."),
]  # fmt: skip

MINUTES = {
    "Forum Konsultasi Publik Pengelolaan Sampah Medan Baru": (
        "Dihadiri 48 warga, 12 kepala lingkungan dan perwakilan DLH.\n\n"
        "**Pokok bahasan:** keterlambatan pengangkutan di Sei Padang dan Titi Rantai; minat warga membentuk bank sampah.\n\n"
        "**Kesepakatan:** jadwal angkut Selasa dan Jumat diumumkan lewat kepling; DLH mendampingi dua kelurahan percontohan bank sampah.",
        [
            (
                "Jadwal pengangkutan sampah diumumkan setiap bulan melalui kepala lingkungan",
                "",
                "",
                "Pengangkutan sampah rumah tangga (DLH)",
                [],
            ),
            (
                "Pendampingan bank sampah di Kelurahan Titi Rantai dan Padang Bulan",
                "Petugas kelurahan perlu pelatihan pengelolaan bank sampah.",
                "",
                "Bank sampah kelurahan (DLH)",
                ["M.04"],
            ),
        ],
    ),
    "Konsultasi Publik Standar Pelayanan Akta Kelahiran": (
        "Peserta menyoroti antrean panjang pada hari Senin, persyaratan yang berbeda-beda antarloket, dan keramahan petugas.\n\n"
        "Disdukcapil menyepakati standar waktu penyelesaian 1 hari kerja dan persyaratan yang seragam.",
        [
            (
                "Standar waktu penyelesaian akta kelahiran 1 hari kerja",
                "Dimuat dalam maklumat pelayanan.",
                "",
                "Penerbitan akta kelahiran (Disdukcapil)",
                [],
            ),
            (
                "Pelatihan pelayanan prima bagi petugas loket",
                "Keluhan keramahan petugas menjadi masukan program pelatihan.",
                "pelayanan-prima-loket",
                "",
                ["M.05"],
            ),
        ],
    ),
}


def _program(code: str):
    """The training program with this code, when the training app has seeded it."""
    try:
        program_model = apps.get_model("training", "Program")
    except LookupError:
        return None
    return program_model.objects.filter(code=code).first() if code else None


def _citizens():
    group, _created = Group.objects.get_or_create(name=CITIZEN_GROUP)
    users = {}
    for email, name in CITIZENS:
        first, _sep, last = name.partition(" ")
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if created:
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        user.groups.add(group)
        CitizenProfile.objects.get_or_create(
            user=user, defaults={"email_confirmed_at": timezone.now(), "confirmation_sent_at": timezone.now()}
        )
        users[email] = user
    return users


def _author(key, citizens):
    if key.startswith("guest:"):
        return None, key.split(":", 1)[1]
    if "@" in key:
        return citizens[key], ""
    return User.objects.get(username=key), ""


def _seed_topics(categories, citizens, out):
    now = timezone.now()
    moderator = User.objects.filter(username="moderator").first()
    hr = User.objects.filter(username="hr").first() or moderator
    created = 0
    for index, (slug, title, author_key, question, replies, extra) in enumerate(progress(TOPICS, desc="Forum topics")):
        if Topic.objects.filter(title=title).exists():
            continue
        with transaction.atomic():  # a topic is seeded whole or not at all
            _seed_topic(index, categories[slug], title, author_key, question, replies, extra, citizens, now, hr)
        created += 1
    out.write(f"  {created} forum topics created")
    return created


def _seed_topic(index, category, title, author_key, question, replies, extra, citizens, now, hr):
    author, guest = _author(author_key, citizens)
    topic = services.topic_create(category=category, title=title, body=question, author=author, guest_name=guest)
    started = now - datetime.timedelta(days=40 - index * 2, hours=index)
    Post.objects.filter(topic=topic).update(created_at=started)
    for number, (reply_author, text) in enumerate(replies, start=1):
        user, guest_name = _author(reply_author, citizens)
        official = user is not None and rules.can_answer_officially(user, topic)
        post = services.post_create(topic=topic, body=text, author=user, guest_name=guest_name, official=official)
        Post.objects.filter(pk=post.pk).update(created_at=started + datetime.timedelta(hours=5 * number))
    Topic.objects.filter(pk=topic.pk).update(
        created_at=started, last_activity_at=started + datetime.timedelta(hours=5 * len(replies))
    )
    topic.refresh_from_db()
    if extra.get("status") and hr is not None:
        Topic.objects.filter(pk=topic.pk).update(status=extra["status"])
    if extra.get("adopt") and hr is not None:
        code, note = extra["adopt"]
        program = _program(code)
        services.topic_adopt(
            topic=topic,
            actor=hr,
            note=note,
            program=program,
            service_name="" if program else f"Pelayanan {category.name}",
            service_code="" if program else category.slug,
        )
    for user in list(citizens.values())[: index % 4]:
        if (
            topic.visibility == Visibility.PUBLISHED
            and user != topic.author
            and not topic.supports.filter(user=user).exists()
        ):
            services.topic_support(topic=topic, user=user)


def _seed_reports(citizens):
    """A spam reply hidden automatically after three reports, and one reported once."""
    topic = Topic.objects.filter(title=TOPICS[5][1]).first()
    if topic is None or Post.objects.filter(topic=topic, body=SPAM).exists():
        return
    spammer, _created = User.objects.get_or_create(
        username="promo.cepat@contoh.id", defaults={"email": "promo.cepat@contoh.id", "first_name": "Promo"}
    )
    spam = services.post_create(topic=topic, body=SPAM, author=spammer)
    reporters = list(citizens.values())[:3]
    for user in reporters:
        services.post_report(post=spam, reporter=user, reason=Report.Reason.SPAM, detail="Iklan pinjaman dana.")
    rude = services.post_create(
        topic=Topic.objects.get(title=TOPICS[8][1]),
        body="Dishub memang tidak pernah becus kerja, percuma lapor di sini.",
        author=citizens["warga2@contoh.id"],
    )
    services.post_report(
        post=rude, reporter=citizens["warga1@contoh.id"], reason=Report.Reason.ABUSE, detail="Kata-kata kasar."
    )
    services.post_create(
        topic=Topic.objects.get(title=TOPICS[7][1]),
        body="Saya juga menunggu PBG lebih dari sebulan. Apakah ada nomor yang bisa dihubungi?",
        guest_name="Ibu Lina",
        guest_email="lina@contoh.id",
    )


@transaction.atomic
def _seed_meetings(categories, citizens, out):
    now = timezone.localtime()
    created = 0
    for title, unit_code, days, hours, place, online, capacity, slug, agenda in MEETINGS:
        unit = OrgUnit.objects.filter(code=unit_code).first()
        if unit is None:
            continue
        starts = (now + datetime.timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
        meeting = Meeting.objects.filter(title=title).first()
        if meeting is None:
            meeting = services.meeting_save(
                title=title,
                agenda=agenda,
                category=categories.get(slug),
                org_unit=unit,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=hours),
                place=place,
                online_url=online,
                capacity=capacity,
            )
            created += 1
        if days > 0:
            for email, user in citizens.items():
                if not meeting.registrations.filter(email=email).exists():
                    services.meeting_register(meeting=meeting, name=user.get_full_name(), email=email, user=user)
            continue
        for number, (email, user) in enumerate(citizens.items()):
            MeetingRegistration.objects.get_or_create(
                meeting=meeting,
                email=email,
                defaults={
                    "user": user,
                    "name": user.get_full_name(),
                    "code": f"D{meeting.pk:03d}{number:04d}"[:8],
                    "attended_at": starts + datetime.timedelta(minutes=5 * number),
                },
            )
        minutes, outcomes = MINUTES.get(title, ("", []))
        if minutes and not meeting.minutes:
            Meeting.objects.filter(pk=meeting.pk).update(
                minutes=minutes,
                minutes_html=render_markdown(minutes),
                status=Meeting.Status.HELD,
                registration_open=False,
            )
        if not meeting.outcomes.exists():
            for outcome_title, description, program_code, service_name, competency_codes in outcomes:
                program = _program(program_code)
                services.meeting_outcome_add(
                    meeting=meeting,
                    title=outcome_title,
                    description=description,
                    program=program,
                    service_name=service_name or ("" if program else "Pelayanan publik"),
                    competencies=Competency.objects.filter(code__in=competency_codes),
                )
    out.write(f"  {created} consultation meetings created")


def seed(*, out):
    categories = {}
    for position, (slug, name, description, icon, unit_code) in enumerate(CATEGORIES):
        unit = OrgUnit.objects.filter(code=unit_code).first() if unit_code else None
        if unit_code and unit is None:
            continue
        categories[slug], _created = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "icon": icon,
                "position": (position + 1) * 10,
                "kind": Category.Kind.ORG_UNIT if unit else Category.Kind.SERVICE_AREA,
                "org_unit": unit,
            },
        )
    for slug, usernames in ANSWERERS.items():
        if slug in categories:
            categories[slug].answerers.add(*User.objects.filter(username__in=usernames))
    citizens = _citizens()
    _seed_topics(categories, citizens, out)
    _seed_reports(citizens)
    _seed_meetings(categories, citizens, out)
    pending = Post.objects.filter(visibility=Visibility.PENDING).count()
    out.write(
        f"  forums: {len(categories)} categories, {Topic.objects.count()} topics, {pending} posts awaiting moderation"
    )
    out.write("  citizens: " + ", ".join(email for email, _name in CITIZENS) + f" (password {DEMO_PASSWORD})")
