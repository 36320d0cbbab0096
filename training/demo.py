"""Demo data of the training core: venues, trainers, programs with competencies,
past and upcoming batches, enrolments (full session with waitlist, pending
approvals), attendance, completions and JP. Idempotent: everything is keyed on
stable codes and created only when missing."""

import contextlib
import datetime
import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from accounts.models import Competency, Employee, User
from asn_competency.common.errors import ApplicationError
from asn_competency.common.progress import progress

from .models import Enrollment, EnrollmentEvent, ExternalTraining, JpLedgerEntry, Program, Session, Trainer, Venue
from .services import (
    attendance_check_in,
    attendance_mark,
    check_in_token,
    enrollment_create,
    enrollment_notifications_muted,
    external_claim_decide,
    external_claim_submit,
    jp_ledger_credit_many,
    program_revise,
    program_save,
    session_finalize,
    session_save,
)

VENUES = [
    ("Ruang Diklat BKPSDM Kota Medan", "Jl. Kapten Maulana Lubis No. 2, Medan Petisah", 40),
    ("Aula Balai Kota Medan", "Jl. Kapten Maulana Lubis No. 2, Medan", 150),
    ("Lab Komputer Diskominfo", "Jl. Kapten Maulana Lubis No. 2 Lt. 3, Medan", 30),
    ("Aula Kantor Camat Medan Baru", "Jl. Sei Batang Hari No. 1, Medan Baru", 60),
    ("Ruang Pertemuan Dinas Kesehatan", "Jl. Rotan Komplek Petisah, Medan", 45),
]

TRAINERS = [
    ("Dr. Rahmat Hasibuan, M.Si.", "BPSDM Provinsi Sumatera Utara", "Kepemimpinan dan manajemen kinerja"),
    ("Ir. Lestari Situmorang, M.Kom.", "Diskominfo Kota Medan", "SPBE, keamanan informasi, tata kelola data"),
    ("Drs. Herman Sinaga, M.AP.", "Widyaiswara Ahli Madya", "Pelayanan publik dan standar pelayanan"),
    ("Novi Rangkuti, S.Psi., M.Psi.", "Psikolog (mitra)", "Komunikasi, pengelolaan emosi, pelayanan prima"),
    ("Bonar Panjaitan, S.E., Ak.", "Inspektorat Kota Medan", "Pengelolaan keuangan daerah dan akuntabilitas"),
    ("dr. Melati Batubara, M.K.M.", "Dinas Kesehatan Kota Medan", "Pelayanan kesehatan primer"),
]

# code, title, kind, category, jp, audience, competencies {code: target}, description, objectives
PROGRAMS = [
    ("pelayanan-prima", "Pelayanan Prima bagi Petugas Front Office", "classroom", "public_service", "24",
     "Petugas pelayanan di OPD, kecamatan dan kelurahan", {"M.05": 3, "M.03": 2, "T.PLY.01": 3},
     "Standar pelayanan, etika melayani, penanganan warga yang kecewa dan pengaduan.",
     "Peserta mampu menerapkan standar pelayanan dan menangani keluhan warga dengan tuntas."),
    ("spbe-dasar", "Literasi SPBE dan Keamanan Informasi", "blended", "it_egov", "16",
     "Seluruh ASN pengguna aplikasi pemerintahan", {"T.TIK.01": 2, "T.TIK.02": 2},
     "Dasar Sistem Pemerintahan Berbasis Elektronik, kata sandi, phishing dan perlindungan data pribadi.",
     "Peserta memahami arsitektur SPBE Kota Medan dan menjaga keamanan data warga."),
    ("kepemimpinan-pengawas", "Pelatihan Kepemimpinan Pengawas (PKP)", "classroom", "management", "40",
     "Pejabat pengawas (eselon IV)", {"M.01": 3, "M.02": 3, "M.04": 3, "M.06": 3, "M.08": 2},
     "Kepemimpinan tim, manajemen kinerja, coaching bawahan dan pengambilan keputusan.",
     "Peserta mampu memimpin unit kerja dan membina kinerja bawahan."),
    ("manajemen-perubahan", "Mengelola Perubahan di Perangkat Daerah", "workshop", "management", "12",
     "Pejabat administrator dan pengawas", {"M.07": 3, "M.04": 3},
     "Merancang dan mengawal inovasi layanan serta reformasi birokrasi.", ""),
    ("komunikasi-efektif", "Komunikasi Efektif dan Public Speaking", "workshop", "soft_skills", "8",
     "ASN yang sering berinteraksi dengan warga dan media", {"M.03": 3, "SK.01": 2},
     "Teknik berbicara di depan umum, menulis rilis dan menjawab pertanyaan warga.", ""),
    ("pengadaan-barang-jasa", "Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", "classroom", "technical", "32",
     "Pejabat pengadaan dan PPK", {"T.PBJ.01": 3, "M.01": 3},
     "Perpres 16/2018 dan perubahannya, e-katalog, swakelola dan pencegahan korupsi.", ""),
    ("keuangan-daerah", "Penatausahaan Keuangan Daerah pada SIPD", "elearning", "technical", "20",
     "Bendahara dan pejabat penatausahaan keuangan", {"T.KEU.01": 3, "T.TIK.01": 2},
     "Penganggaran, penatausahaan dan pertanggungjawaban melalui SIPD-RI.", ""),
    ("adminduk-online", "Layanan Adminduk Daring dan Identitas Kependudukan Digital", "blended", "it_egov", "12",
     "Petugas Disdukcapil dan kelurahan", {"T.PLY.01": 3, "T.TIK.01": 2},
     "Aktivasi IKD, layanan dokumen kependudukan daring dan verifikasi data.", ""),
    ("integritas-antikorupsi", "Integritas dan Budaya Antikorupsi", "seminar", "soft_skills", "4",
     "Seluruh ASN", {"M.01": 2, "SK.01": 2},
     "Gratifikasi, konflik kepentingan dan whistleblowing system.", ""),
    ("coaching-mentoring", "Coaching dan Mentoring bagi Atasan Langsung", "coaching", "management", "10",
     "Pejabat administrator dan pengawas", {"M.06": 3, "M.02": 3},
     "Percakapan coaching, umpan balik dan rencana pengembangan bawahan.", ""),
    ("kesehatan-primer", "Penguatan Layanan Kesehatan Primer Puskesmas", "classroom", "technical", "24",
     "Tenaga kesehatan puskesmas", {"T.KES.01": 3, "M.05": 2},
     "Integrasi layanan primer, pencatatan dan rujukan.", ""),
    ("kearsipan-digital", "Kearsipan Digital dan SRIKANDI", "elearning", "it_egov", "8",
     "Pengelola arsip dan persuratan", {"T.ADM.01": 2, "T.TIK.01": 2},
     "Tata naskah dinas elektronik melalui aplikasi SRIKANDI.", ""),
]  # fmt: skip

# Target audiences the recommendations respect: program code -> (position kinds, unit kinds).
AUDIENCE_KINDS = {
    "kesehatan-primer": ([], ["puskesmas", "rsud"]),
    "coaching-mentoring": (["administrator", "pengawas"], []),
}

# program code, batch, days from today, length in days, hour, venue index | None (online),
# trainer indexes, capacity, requires approval
SESSIONS = [
    ("pelayanan-prima", 1, -75, 3, 8, 0, [2, 3], 35, False),
    ("spbe-dasar", 1, -60, 2, 8, 2, [1], 30, False),
    ("integritas-antikorupsi", 1, -45, 1, 9, 1, [4], 150, False),
    ("komunikasi-efektif", 1, -30, 1, 8, 3, [3], 40, False),
    ("kearsipan-digital", 1, -20, 1, 9, None, [1], 80, False),
    ("adminduk-online", 1, -12, 2, 8, 2, [1, 2], 30, False),
    ("pelayanan-prima", 2, 3, 3, 8, 0, [2, 3], 12, False),
    ("spbe-dasar", 2, 6, 2, 8, 2, [1], 10, False),
    ("kepemimpinan-pengawas", 1, 10, 5, 8, 0, [0], 30, True),
    ("komunikasi-efektif", 2, 14, 1, 8, 3, [3], 40, False),
    ("pengadaan-barang-jasa", 1, 18, 4, 8, 1, [4], 60, True),
    ("keuangan-daerah", 1, 23, 3, 9, None, [4], 100, False),
    ("adminduk-online", 2, 25, 2, 8, 2, [1, 2], 30, False),
    ("manajemen-perubahan", 1, 28, 2, 8, 3, [0], 40, True),
    ("coaching-mentoring", 1, 35, 1, 13, 0, [0, 3], 20, True),
    ("kesehatan-primer", 1, 40, 3, 8, 4, [5], 45, False),
    ("integritas-antikorupsi", 2, 45, 1, 9, 1, [4], 150, False),
]


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _seed_catalogue(hr_user):
    venues = [Venue.objects.update_or_create(name=n, defaults={"address": a, "capacity": c})[0] for n, a, c in VENUES]
    trainers = []
    for name, institution, expertise in TRAINERS:
        trainer = Trainer.objects.filter(name=name).first() or Trainer(name=name)
        trainer.institution, trainer.expertise = institution, expertise
        trainer.full_clean()
        trainer.save()
        trainers.append(trainer)
    competencies = {c.code: c for c in Competency.objects.all()}
    programs = {}
    for code, title, kind, category, jp, audience, comps, description, objectives in PROGRAMS:
        program = Program.objects.filter(code=code).first() or Program(code=code)
        program.title, program.kind, program.category, program.jp = title, kind, category, Decimal(jp)
        program.target_audience, program.description, program.objectives = audience, description, objectives
        program.audience_position_kinds, program.audience_unit_kinds = AUDIENCE_KINDS.get(code, ([], []))
        program.status = Program.Status.PUBLISHED
        links = [(competencies[c], level) for c, level in comps.items() if c in competencies]
        programs[code] = program_save(program=program, competencies=links)
    prima = programs["pelayanan-prima"]
    if not prima.revisions.exists():
        program_revise(
            program=prima,
            actor=hr_user,
            summary="Materi penanganan pengaduan diperbarui",
            details="Berdasarkan evaluasi angkatan 1: studi kasus SP4N-LAPOR! ditambahkan, durasi role-play diperpanjang.",
        )
    return venues, trainers, programs


def _seed_sessions(venues, trainers, programs):
    today = timezone.localdate()
    sessions = {}
    for code, number, offset, length, hour, venue_ix, trainer_ixs, capacity, approval in SESSIONS:
        session_code = f"{code}-{number}"
        existing = Session.objects.filter(code=session_code).first()
        if existing:
            sessions[session_code] = existing
            continue
        first_day = today + datetime.timedelta(days=offset)
        start = _aware(first_day, hour)
        end = _aware(first_day + datetime.timedelta(days=length - 1), hour + 8 if hour < 12 else 17)
        session = Session(
            program=programs[code],
            number=number,
            code=session_code,
            start=start,
            end=end,
            mode=Session.Mode.OFFLINE if venue_ix is not None else Session.Mode.ONLINE,
            venue=venues[venue_ix] if venue_ix is not None else None,
            online_link="" if venue_ix is not None else "https://zoom.us/j/8123456789",
            capacity=capacity,
            enrollment_closes=start - datetime.timedelta(days=1),
            cancellation_deadline=start - datetime.timedelta(days=2),
            requires_approval=approval,
            notes="Peserta membawa laptop dan mengenakan pakaian dinas harian." if venue_ix == 2 else "",
        )
        sessions[session_code] = session_save(session=session, trainers=[trainers[i] for i in trainer_ixs])
    return sessions


def _enrol(session, employee, *, past: bool):
    try:
        return enrollment_create(session=session, employee=employee, check_window=not past)
    except ApplicationError:
        return None  # already enrolled, or an overlapping batch: fine for demo data


class _Bookings:
    """Who is booked when (open enrolments), so the bulk enrolments below skip an
    ASN already in an overlapping batch, as enrollment_create would refuse them."""

    def __init__(self):
        self.by_employee = {}
        open_rows = Enrollment.objects.filter(
            status__in=[Enrollment.Status.PENDING_APPROVAL, Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED]
        ).values_list("employee_id", "session__start", "session__end")
        for employee_id, start, end in open_rows:
            self.add(employee_id, start, end)

    def add(self, employee_id, start, end):
        self.by_employee.setdefault(employee_id, []).append((start, end))

    def clashes(self, employee_id, start, end) -> bool:
        return any(s < end and e > start for s, e in self.by_employee.get(employee_id, ()))


def _enrol_many(session, employees, bookings: _Bookings) -> list[Enrollment]:
    """The demo's enrolments of one batch in two INSERTs (the rows and their
    history) instead of one enrollment_create each, in the states that service
    gives: waiting for approval when the batch needs it, else seated up to the
    capacity and waitlisted after. Precondition: nobody in `employees` is
    enrolled in `session` yet (the callers only fill batches without enrolments)."""
    now = timezone.now()
    taken = session.enrollments.filter(status__in=Enrollment.SEAT_STATUSES).count()
    rows = []
    for employee in employees:
        if not employee.is_active or bookings.clashes(employee.pk, session.start, session.end):
            continue
        bookings.add(employee.pk, session.start, session.end)
        if session.requires_approval:
            status, waitlisted_at = Enrollment.Status.PENDING_APPROVAL, None
        elif taken < session.capacity:
            status, waitlisted_at = Enrollment.Status.ENROLLED, None
            taken += 1
        else:
            # Distinct times keep the waiting list in the order of the sample.
            status, waitlisted_at = Enrollment.Status.WAITLISTED, now + datetime.timedelta(microseconds=len(rows))
        rows.append(Enrollment(session=session, employee=employee, status=status, waitlisted_at=waitlisted_at))
    enrollments = Enrollment.objects.bulk_create(rows)
    notes = {
        Enrollment.Status.PENDING_APPROVAL: _("Waiting for the supervisor."),
        Enrollment.Status.ENROLLED: _("Registered."),
        Enrollment.Status.WAITLISTED: _("Registered."),
    }
    EnrollmentEvent.objects.bulk_create(
        EnrollmentEvent(enrollment=e, from_status="", to_status=e.status, note=notes[e.status]) for e in enrollments
    )
    return enrollments


# Which past batches the demo ASN attended: asn1 stays below the 20-JP target
# (12 JP), asn2 just reaches it, asn3 is well above, asn4 has started, asn5 has nothing yet.
DEMO_HISTORY = {
    "asn1": ["komunikasi-efektif-1", "integritas-antikorupsi-1"],
    "asn2": ["spbe-dasar-1", "integritas-antikorupsi-1"],
    "asn3": ["pelayanan-prima-1", "komunikasi-efektif-1"],
    "asn4": ["kearsipan-digital-1"],
}
# Upcoming batches of the demo ASN (asn1/asn2 need their supervisor's approval for coaching).
DEMO_UPCOMING = [
    ("asn1", "pelayanan-prima-2"),
    ("asn2", "pelayanan-prima-2"),
    ("asn4", "keuangan-daerah-1"),
    ("asn5", "kesehatan-primer-1"),
    ("asn3", "komunikasi-efektif-2"),
    ("asn1", "coaching-mentoring-1"),
    ("asn2", "coaching-mentoring-1"),
]


def _seed_past(session, participants, hr_user, rng, bookings):
    """Enrol, record attendance (about 93% present each day) and close the batch."""
    with transaction.atomic():
        enrollments = _enrol_many(session, participants, bookings)
        seated = [e for e in enrollments if e.status == Enrollment.Status.ENROLLED]
        for day in session.days.all():
            attendance_mark(day=day, present_ids=[e.pk for e in seated if rng.random() < 0.93], actor=hr_user)
        session_finalize(session=session, actor=hr_user)


def _seed_enrollments(sessions, hr_user, rng):
    now = timezone.now()
    demo = {u.username: u.employee for u in User.objects.filter(username__startswith="asn").select_related("employee")}
    generated = list(Employee.objects.filter(user__isnull=True, is_active=True).order_by("nip"))
    bookings = _Bookings()
    past = [s for s in sessions.values() if s.end < now]
    for session in progress(past, desc="past batches: attendance and completion"):
        if session.enrollments.exists():
            continue
        participants = rng.sample(generated, min(len(generated), int(session.capacity * 0.85)))
        participants += [demo[u] for u, codes in sorted(DEMO_HISTORY.items()) if u in demo and session.code in codes]
        _seed_past(session, participants, hr_user, rng, bookings)

    upcoming = [s for s in sessions.values() if s.start > now]
    for session in progress(upcoming, desc="upcoming batches: enrolments"):
        if session.enrollments.exists():
            continue
        if session.code == "spbe-dasar-2":
            share = 1.3  # full, with a waiting list
        elif session.requires_approval:
            share = 0.0  # requests wait for supervisors: only the demo ASN below
        else:
            share = rng.uniform(0.3, 0.8)
        _enrol_many(session, rng.sample(generated, min(len(generated), round(session.capacity * share))), bookings)
    for username, code in DEMO_UPCOMING:
        if username in demo:
            _enrol(sessions[code], demo[username], past=False)


def _seed_external_jp():
    """A spread of JP over the year so the 20-JP views have something to show.
    One generator per NIP keeps reruns identical."""
    year = timezone.localdate().year
    employees = list(Employee.objects.filter(user__isnull=True, is_active=True).order_by("nip")[:120])
    credits = []
    for employee in employees:
        rng = random.Random(employee.nip)
        if rng.random() < 0.4:
            credits.append(
                JpLedgerEntry(
                    employee=employee,
                    year=year,
                    jp=Decimal(rng.choice(["2", "4", "6", "8"])),
                    source=JpLedgerEntry.Source.EXTERNAL,
                    source_key=f"demo-external:{employee.nip}",
                    occurred_on=timezone.localdate() - datetime.timedelta(days=rng.randint(20, 200)),
                    description=rng.choice(
                        [
                            "Webinar Kemenpan-RB: Budaya Kerja BerAKHLAK",
                            "Bimtek Pengelolaan Website OPD (Kominfo Provsu)",
                            "E-learning LAN: Penulisan Kebijakan Publik",
                        ]
                    ),
                )
            )
    jp_ledger_credit_many(entries=credits)


def _seed_check_in(venues, trainers, programs):
    """A batch running today with demo ASN seated; asn1 and asn2 have checked in
    with the QR code (late when seeded after 07:45), so HR's check-in screen
    (Kelola pelatihan > angkatan > Presensi QR) has arrivals and asn3 can still scan."""
    session = Session.objects.filter(code="pelayanan-prima-9").first()
    if session is None:
        today = timezone.localdate()
        session = Session(
            program=programs["pelayanan-prima"],
            number=9,
            code="pelayanan-prima-9",
            title="Pelayanan Prima - Angkatan 9 (presensi QR)",
            start=_aware(today, 7) + datetime.timedelta(minutes=30),
            end=_aware(today, 16),
            venue=venues[0],
            capacity=20,
            enrollment_closes=_aware(today, 7),
        )
        session = session_save(session=session, trainers=[trainers[2]])
    demo = {
        u.username: u for u in User.objects.filter(username__in=["asn1", "asn2", "asn3"]).select_related("employee")
    }
    for username in sorted(demo):
        _enrol(session, demo[username].employee, past=True)
    day = session.days.filter(date=timezone.localdate()).first()
    for username in ("asn1", "asn2"):
        if day is None or username not in demo:
            continue
        # Seeded again on a later day: that day's check-ins stay as they were.
        with contextlib.suppress(ApplicationError):
            attendance_check_in(token=check_in_token(day=day), user=demo[username])


def _demo_certificate(name: str) -> ContentFile:
    """A small PNG standing in for a scanned certificate (validated like any upload)."""
    buffer = io.BytesIO()
    Image.new("RGB", (320, 220), (240, 240, 225)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def _seed_external_claims():
    """asn1 waits for the supervisor's decision on a claim; asn2's was approved
    (its JP are on asn2's "my JP"). Keyed on (ASN, title): reruns add nothing."""
    users = {u.username: u for u in User.objects.filter(username__in=["asn1", "asn2", "supervisor"])}
    if len(users) < 3:
        return
    today = timezone.localdate()
    claims = [
        ("asn1", "Webinar Nasional Pelayanan Publik Inklusif", "Kementerian PANRB", 10, Decimal("3"), False),
        ("asn2", "Pelatihan Analisis Data dengan Spreadsheet", "BPSDM Provinsi Sumatera Utara", 40, Decimal("8"), True),
    ]
    for username, title, organiser, days_ago, jp, approve in claims:
        employee = users[username].employee
        if ExternalTraining.objects.filter(employee=employee, title=title).exists():
            continue
        end = today - datetime.timedelta(days=days_ago)
        claim = external_claim_submit(
            employee=employee,
            title=title,
            organiser=organiser,
            start_date=end - datetime.timedelta(days=1),
            end_date=end,
            jp=jp,
            competency=Competency.objects.order_by("code").first(),
            proof=_demo_certificate(f"sertifikat-{username}.png"),
            actor=users[username],
        )
        if approve:
            external_claim_decide(claim=claim, actor=users["supervisor"], approve=True, note="Sertifikat sesuai.")


def seed(*, out):
    rng = random.Random(20260301)
    hr_user = User.objects.filter(username="hr").first()
    with enrollment_notifications_muted():
        venues, trainers, programs = _seed_catalogue(hr_user)
        sessions = _seed_sessions(venues, trainers, programs)
        _seed_enrollments(sessions, hr_user, rng)
        _seed_external_jp()
        _seed_check_in(venues, trainers, programs)
        _seed_external_claims()
    out.write(
        f"  {Program.objects.count()} programs, {Session.objects.count()} sessions, "
        f"{Enrollment.objects.count()} enrolments, {JpLedgerEntry.objects.count()} JP entries"
    )
