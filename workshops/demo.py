"""Demo data of the workshops app: soft-skill workshops and seminars (details on
the training demo's programs plus two more), agendas, upcoming sessions, and the
action plans of past participants. Idempotent (keyed on program codes)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from training.models import Enrollment, Program, Session, Trainer, Venue
from training.services import program_save, session_save

from .models import ActionPlan, ActionPlanItem, AgendaItem, Topic, Workshop

# Programs of our own (the training demo already has komunikasi-efektif, manajemen-perubahan, integritas-antikorupsi).
PROGRAMS = [
    ("kerja-sama-tim", "Membangun Kerja Sama Tim Lintas Bidang", "workshop", "soft_skills", "8",
     "ASN pelaksana dan pengawas", "Permainan peran, penyelesaian konflik dan rapat yang efektif.",
     "Peserta mampu membangun kesepakatan dan membagi peran dalam tim lintas bidang."),
    ("pelayanan-prima-loket", "Budaya Pelayanan Prima di Loket", "workshop", "soft_skills", "8",
     "Petugas loket OPD, kecamatan dan kelurahan", "Salam 3S, empati, menangani warga yang marah dan "
     "menjelaskan persyaratan dengan bahasa sederhana.",
     "Peserta menerapkan standar sikap pelayanan dan menurunkan keluhan di loketnya."),
    ("kepemimpinan-melayani", "Kepemimpinan yang Melayani", "seminar", "soft_skills", "4",
     "Pejabat administrator dan pengawas", "Seminar kepemimpinan pelayan (servant leadership) dan teladan "
     "pimpinan dalam budaya BerAKHLAK.", ""),
]  # fmt: skip

# program code -> (topic, facilitator name, action plan prompt, agenda [(day, from, until, title, description)])
DETAILS = {
    "komunikasi-efektif": (Topic.COMMUNICATION, "Novi Rangkuti, S.Psi., M.Psi.",
        "Situasi komunikasi apa di pekerjaan Anda yang akan Anda tangani dengan cara baru?",
        [(1, "08:00", "08:30", "Pembukaan dan kontrak belajar", ""),
         (1, "08:30", "10:00", "Mendengar aktif dan bertanya", "Latihan berpasangan dengan kasus layanan warga."),
         (1, "10:15", "12:00", "Berbicara di depan umum", "Struktur pesan, bahasa tubuh, mengelola gugup."),
         (1, "13:00", "15:00", "Menjawab pertanyaan warga dan media", "Simulasi konferensi pers singkat."),
         (1, "15:00", "16:00", "Rencana aksi dan penutupan", "Setiap peserta menulis 1-3 aksi nyata.")]),
    "manajemen-perubahan": (Topic.CHANGE, "Dr. Rahmat Hasibuan, M.Si.", "",
        [(1, "08:00", "10:00", "Mengapa perubahan gagal", ""),
         (1, "10:15", "12:00", "Memetakan pemangku kepentingan", ""),
         (2, "08:00", "11:00", "Merancang inovasi layanan", "Kerja kelompok per OPD."),
         (2, "11:00", "12:00", "Rencana aksi", "")]),
    "integritas-antikorupsi": (Topic.INTEGRITY, "Bonar Panjaitan, S.E., Ak.", "",
        [(1, "09:00", "10:30", "Gratifikasi dan konflik kepentingan", ""),
         (1, "10:30", "12:00", "Whistleblowing system Pemkot Medan", ""),
         (1, "12:00", "12:30", "Komitmen pribadi", "")]),
    "kerja-sama-tim": (Topic.TEAMWORK, "Novi Rangkuti, S.Psi., M.Psi.", "",
        [(1, "08:00", "09:30", "Permainan kepercayaan tim", ""),
         (1, "09:45", "12:00", "Konflik yang sehat", "Studi kasus koordinasi antarbidang."),
         (1, "13:00", "15:00", "Rapat yang efektif", "Agenda, notulen, tindak lanjut."),
         (1, "15:00", "16:00", "Rencana aksi", "")]),
    "pelayanan-prima-loket": (Topic.SERVICE_EXCELLENCE, "Drs. Herman Sinaga, M.AP.",
        "Apa yang akan Anda ubah di loket Anda agar warga lebih puas?",
        [(1, "08:00", "09:00", "Standar pelayanan dan maklumat", ""),
         (1, "09:00", "11:00", "Salam 3S dan empati", "Bermain peran petugas dan warga."),
         (1, "11:00", "12:00", "Menangani warga yang kecewa", ""),
         (1, "13:00", "14:30", "Bahasa sederhana untuk persyaratan", ""),
         (1, "14:30", "15:30", "Rencana aksi", "")]),
    "kepemimpinan-melayani": (Topic.LEADERSHIP, "Dr. Rahmat Hasibuan, M.Si.", "",
        [(1, "09:00", "10:30", "Pemimpin sebagai pelayan", ""),
         (1, "10:30", "12:00", "Diskusi panel pimpinan OPD", "")]),
}  # fmt: skip

# program code, batch, days from today, hour, venue name, capacity
SESSIONS = [
    ("kerja-sama-tim", 1, 9, 8, "Ruang Diklat BKPSDM Kota Medan", 30),
    ("pelayanan-prima-loket", 1, 12, 8, "Aula Kantor Camat Medan Baru", 40),
    ("pelayanan-prima-loket", 2, 33, 8, "Ruang Diklat BKPSDM Kota Medan", 40),
    ("kepemimpinan-melayani", 1, 20, 9, "Aula Balai Kota Medan", 120),
]

PLAN_ACTIONS = [
    (
        "Menyapa setiap warga dengan salam 3S dan menanyakan keperluannya sebelum meminta berkas",
        "Keluhan sikap petugas di kotak saran berkurang",
    ),
    ("Menjelaskan persyaratan dengan lembar ringkas bergambar di meja loket", "Berkas tidak lengkap turun separuh"),
    ("Mengadakan rapat koordinasi 15 menit setiap Senin pagi dengan rekan loket", "Notulen tersimpan tiap minggu"),
    ("Menyampaikan informasi layanan di Instagram kecamatan dua kali seminggu", "Unggahan rutin terjadwal"),
]


def _time(text):
    return datetime.datetime.strptime(text, "%H:%M").time()  # noqa: DTZ007  (a wall-clock time of day)


def _seed_programs():
    for code, title, kind, category, jp, audience, description, objectives in PROGRAMS:
        program = Program.objects.filter(code=code).first() or Program(code=code)
        program.title, program.kind, program.category, program.jp = title, kind, category, Decimal(jp)
        program.target_audience, program.description, program.objectives = audience, description, objectives
        program.status = Program.Status.PUBLISHED
        program_save(program=program)


def _seed_details():
    count = 0
    for code, (topic, facilitator, prompt, agenda) in DETAILS.items():
        program = Program.objects.filter(code=code).first()
        if program is None:
            continue
        workshop, _ = Workshop.objects.update_or_create(
            program=program,
            defaults={
                "topic": topic,
                "facilitator": Trainer.objects.filter(name=facilitator).first(),
                "action_plan_prompt": prompt,
            },
        )
        for day, start, end, title, description in agenda:
            AgendaItem.objects.update_or_create(
                workshop=workshop,
                day=day,
                start_time=_time(start),
                defaults={"end_time": _time(end), "title": title, "description": description},
            )
        count += 1
    return count


def _seed_sessions():
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for code, number, offset, hour, venue_name, capacity in SESSIONS:
        session_code = f"{code}-{number}"
        venue = Venue.objects.filter(name=venue_name).first()
        if venue is None or Session.objects.filter(code=session_code).exists():
            continue
        program = Program.objects.select_related("workshop__facilitator").get(code=code)
        trainer = getattr(getattr(program, "workshop", None), "facilitator", None)
        # The training demo books venues and trainers too: move a day later until both are free.
        for shift in range(10):
            start = datetime.datetime.combine(
                today + datetime.timedelta(days=offset + shift), datetime.time(hour), tzinfo=tz
            )
            session = Session(
                program=program,
                number=number,
                code=session_code,
                start=start,
                end=start + datetime.timedelta(hours=8 if hour < 9 else 4),
                mode=Session.Mode.OFFLINE,
                venue=venue,
                capacity=min(capacity, venue.capacity),
                enrollment_closes=start - datetime.timedelta(days=1),
            )
            try:
                session_save(session=session, trainers=[trainer] if trainer else [])
            except ValidationError:
                continue
            break


def _seed_action_plans():
    """Past participants' plans, as written at the close of their workshop (history,
    so the editing window of the service does not apply)."""
    past = Session.objects.filter(
        program__kind__in=[Program.Kind.WORKSHOP, Program.Kind.SEMINAR], end__lt=timezone.now()
    ).order_by("start")
    enrollments = []
    for session in past:  # a handful of sessions: most participants of each wrote a plan
        participants = session.enrollments.filter(
            status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED]
        ).order_by("employee__nip")
        enrollments.extend(participants.select_related("session")[:15])
    made = 0
    for index, enrollment in enumerate(enrollments):
        plan, created = ActionPlan.objects.get_or_create(enrollment=enrollment)
        if not created:
            continue
        due = timezone.localtime(enrollment.session.end).date() + datetime.timedelta(days=30)
        for position in range(1, index % 3 + 2):
            action, indicator = PLAN_ACTIONS[(index + position) % len(PLAN_ACTIONS)]
            item = ActionPlanItem(
                plan=plan,
                position=position,
                action=action,
                success_indicator=indicator,
                due_date=due + datetime.timedelta(days=15 * position),
            )
            item.full_clean()
            item.save()
        made += 1
    return made


def seed(*, out):
    _seed_programs()
    details = _seed_details()
    _seed_sessions()
    plans = _seed_action_plans()
    out.write(f"  {details} workshops with agenda, {plans} new action plans")
