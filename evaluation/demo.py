"""Demo data of the evaluation app: the default post-training questionnaire,
test banks, survey responses, pre/post tests and supervisor follow-ups for the
past demo sessions, and generated revision reports. Idempotent: rows are keyed
on stable values (title and position, enrolment, program) and skipped when present.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from asn_competency.common.progress import progress
from training.models import Enrollment, Program, Session

from . import services
from .models import (
    Answer,
    Dimension,
    FollowUp,
    ProgramEvaluation,
    Question,
    Questionnaire,
    Response,
    SurveyInvitation,
    TestAnswer,
    TestAttempt,
    TestQuestion,
)

L, R, C, T = Question.Kind.LIKERT, Question.Kind.RATING, Question.Kind.SINGLE_CHOICE, Question.Kind.TEXT
D = Dimension
QUESTIONS = [
    (L, D.CONTENT, "Materi pelatihan sesuai dengan tujuan pelatihan yang disampaikan."),
    (L, D.CONTENT, "Materi mudah dipahami dan tersusun runtut."),
    (L, D.CONTENT, "Bahan ajar (modul, salindia, video) membantu saya belajar."),
    (R, D.TRAINER, "Nilai keseluruhan untuk widyaiswara/fasilitator."),
    (L, D.TRAINER, "Fasilitator menguasai materi dan menjawab pertanyaan dengan jelas."),
    (L, D.TRAINER, "Fasilitator memberi cukup waktu untuk latihan dan diskusi."),
    (L, D.ORGANISATION, "Jadwal dan informasi pelatihan disampaikan tepat waktu."),
    (L, D.ORGANISATION, "Panitia tanggap terhadap kebutuhan peserta."),
    (L, D.FACILITIES, "Ruang, perangkat dan koneksi internet mendukung pembelajaran."),
    (L, D.RELEVANCE, "Materi relevan dengan tugas saya sehari-hari."),
    (L, D.RELEVANCE, "Saya dapat langsung menerapkan hasil pelatihan di unit kerja."),
    (C, D.RELEVANCE, "Apakah Anda akan merekomendasikan pelatihan ini kepada rekan kerja?"),
    (T, D.CONTENT, "Saran perbaikan untuk pelatihan ini."),
]
CHOICES = ["Ya, tentu", "Mungkin", "Tidak"]

# Programs with a pre/post-test bank: (question, options, correct option).
BANKS = {
    "spbe-dasar": [
        ("Apa kepanjangan SPBE?", ["Sistem Pemerintahan Berbasis Elektronik", "Sistem Pelayanan Berbasis Elektronik",
                                   "Standar Pemerintahan Berbasis Elektronik"], 1),
        ("Kata sandi yang paling aman adalah…", ["Tanggal lahir", "Frasa panjang yang unik dan tidak dipakai ulang",
                                                 "NIP"], 2),
        ("Email phishing biasanya…", ["Meminta data login dengan nada mendesak", "Berasal dari atasan langsung",
                                      "Selalu berbahasa Inggris"], 1),
        ("Data pribadi warga boleh dibagikan melalui…", ["Grup pesan pribadi", "Kanal resmi dengan dasar hukum",
                                                         "Media sosial"], 2),
        ("Aplikasi persuratan elektronik nasional adalah…", ["SRIKANDI", "SIPD", "e-Kinerja"], 1),
    ],
    "adminduk-online": [
        ("IKD adalah…", ["Identitas Kependudukan Digital", "Induk Kependudukan Daerah", "Izin Kependudukan Daring"], 1),
        ("Aktivasi IKD memerlukan…", ["Kartu keluarga saja", "Ponsel warga dan verifikasi wajah", "Surat pengantar RT"],
         2),
        ("Dokumen yang dapat diurus daring antara lain…", ["Akta kelahiran", "Sertifikat tanah", "SIM"], 1),
        ("Verifikasi data penduduk dilakukan terhadap…", ["Database kependudukan nasional", "Data BPJS", "Data pajak"],
         1),
    ],
    "pelayanan-prima": [
        ("Standar pelayanan wajib memuat…", ["Persyaratan, prosedur, waktu dan biaya", "Nama petugas", "Jam istirahat"],
         1),
        ("Warga yang kecewa sebaiknya…", ["Diminta menunggu", "Didengarkan lalu dicarikan penyelesaian",
                                          "Diarahkan ke media sosial"], 2),
        ("IKM diukur melalui…", ["Sembilan unsur pelayanan", "Jumlah pegawai", "Anggaran unit"], 1),
        ("Pengaduan harus ditindaklanjuti…", ["Sesuai tenggat yang ditetapkan", "Jika sempat", "Hanya jika tertulis"],
         1),
    ],
}  # fmt: skip

# Program profiles: mean score per dimension and learning (pre mean, post mean).
PROFILES = {
    "kearsipan-digital": {"content": 3.0, "trainer": 3.9, "organisation": 3.8, "facilities": 3.2, "relevance": 4.0},
    "adminduk-online": {"content": 4.2, "trainer": 4.4, "organisation": 4.1, "facilities": 3.1, "relevance": 4.6},
    "integritas-antikorupsi": {
        "content": 3.9,
        "trainer": 4.0,
        "organisation": 4.2,
        "facilities": 4.0,
        "relevance": 3.3,
    },
}
DEFAULT_PROFILE = {"content": 4.1, "trainer": 4.3, "organisation": 4.0, "facilities": 3.9, "relevance": 4.2}
LEARNING = {"spbe-dasar": (55, 63), "adminduk-online": (45, 78), "pelayanan-prima": (50, 75)}
SETTINGS = {
    "spbe-dasar": {"egov_apps": "e-office,e-kinerja,siasn", "follow_up_days": 30},
    "kearsipan-digital": {"egov_apps": "e-office", "follow_up_days": 30},
    "keuangan-daerah": {"egov_apps": "sipd-ri", "follow_up_days": 60},
    "adminduk-online": {"egov_apps": "medan-berkah", "follow_up_days": 30},
    "pelayanan-prima": {"follow_up_days": 30},
    "komunikasi-efektif": {"follow_up_days": 21, "anonymous": False},
}
SUGGESTIONS = [
    "Tambahkan lebih banyak praktik langsung dengan aplikasi.",
    "Waktu pelatihan terlalu singkat untuk materi sebanyak ini.",
    "Koneksi internet di ruang kelas sering terputus.",
    "Contoh kasus dari kelurahan akan sangat membantu.",
    "Modul sebaiknya dibagikan sebelum pelatihan dimulai.",
]


def _questionnaire(hr_user):
    questionnaire, _created = Questionnaire.objects.update_or_create(
        title="Evaluasi Pasca Pelatihan (Standar BKPSDM)",
        defaults={
            "description": "Terima kasih telah mengikuti pelatihan. Jawaban Anda membantu BKPSDM Kota Medan "
            "memperbaiki program pengembangan kompetensi. Pengisian sekitar 5 menit.",
            "is_active": True,
            "created_by": hr_user,
        },
    )
    if not questionnaire.is_default:
        Questionnaire.objects.filter(is_default=True).exclude(pk=questionnaire.pk).update(is_default=False)
        questionnaire.is_default = True
        questionnaire.save(update_fields=["is_default", "updated_at"])
    for position, (kind, dimension, text) in enumerate(QUESTIONS, start=1):
        Question.objects.update_or_create(
            questionnaire=questionnaire,
            position=position,
            defaults={
                "kind": kind,
                "dimension": dimension,
                "text": text,
                "choices": CHOICES if kind == C else [],
                "required": kind != T,
            },
        )
    return questionnaire


def _value(rng, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _score(rng, mean: float, total: int) -> int:
    return max(0, min(total, round(rng.gauss(mean, 12) / 100 * total)))


def _surveys(questionnaire, sessions, now):
    questions = list(questionnaire.questions.all())
    holdouts = {"asn1", "asn2"}  # their latest survey stays open as a to-do
    latest = max(sessions, key=lambda s: s.end) if sessions else None
    for session in progress(sessions, desc="surveys of past batches"):
        config = ProgramEvaluation.objects.filter(program=session.program).first()
        anonymous = config.anonymous if config else True
        profile = PROFILES.get(session.program.code, DEFAULT_PROFILE)
        enrollments = session.enrollments.filter(
            status__in=[Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED]
        ).select_related("employee__user")
        opens = session.end
        closes = max(session.end + datetime.timedelta(days=14), now + datetime.timedelta(days=3)) if (
            session == latest
        ) else session.end + datetime.timedelta(days=14)  # fmt: skip
        invitations = {i.enrollment_id: i for i in SurveyInvitation.objects.filter(session=session)}
        responses = {r.enrollment_id: r for r in Response.objects.filter(session=session)}
        new_invitations, answered, new_responses, answers = [], [], [], []
        for enrollment in enrollments:
            invitation = invitations.get(enrollment.pk)
            if invitation is None:
                invitation = SurveyInvitation(
                    enrollment=enrollment,
                    session=session,
                    questionnaire=questionnaire,
                    anonymous=anonymous,
                    opens_at=opens,
                    closes_at=closes,
                    emailed_at=opens,
                )
                new_invitations.append(invitation)
            rng = random.Random(f"survey-{session.code}-{enrollment.employee.nip}")
            username = enrollment.employee.user.username if enrollment.employee.user_id else ""
            if invitation.responded_at or (session == latest and username in holdouts) or rng.random() > 0.8:
                continue
            submitted = opens + datetime.timedelta(hours=rng.randint(2, 200))
            response = responses.get(enrollment.pk)
            if response is None:
                response = Response(enrollment=enrollment, session=session, questionnaire=questionnaire,
                                    anonymous=anonymous, submitted_at=min(submitted, now))  # fmt: skip
                new_responses.append(response)
                for q in questions:
                    if q.kind == C:
                        answers.append(Answer(response=response, question=q, value=rng.choice([1, 1, 1, 2, 3])))
                    elif q.kind == T:
                        if rng.random() < 0.4:
                            answers.append(Answer(response=response, question=q, text=rng.choice(SUGGESTIONS)))
                    else:
                        answers.append(Answer(response=response, question=q, value=_value(rng, profile[q.dimension])))
            invitation.responded_at = response.submitted_at
            if invitation.pk:
                answered.append(invitation)
        # A few statements per batch instead of a few per participant.
        SurveyInvitation.objects.bulk_create(new_invitations)
        SurveyInvitation.objects.bulk_update(answered, ["responded_at"])
        Response.objects.bulk_create(new_responses)
        Answer.objects.bulk_create(answers)


def _banks():
    for code, items in BANKS.items():
        program = Program.objects.filter(code=code).first()
        if program is None:
            continue
        for position, (text, options, correct) in enumerate(items, start=1):
            TestQuestion.objects.update_or_create(
                program=program, position=position,
                defaults={"text": text, "options": options, "correct_option": correct, "is_active": True},
            )  # fmt: skip


def _tests(sessions):
    for session in sessions:
        learning = LEARNING.get(session.program.code)
        if learning is None:
            continue
        bank = list(TestQuestion.objects.filter(program=session.program, is_active=True).order_by("position"))
        if not bank:
            continue
        for enrollment in session.enrollments.filter(status=Enrollment.Status.COMPLETED).select_related("employee"):
            rng = random.Random(f"test-{session.code}-{enrollment.employee.nip}")
            for kind, mean in zip(("pre", "post"), learning, strict=True):
                if TestAttempt.objects.filter(enrollment=enrollment, kind=kind).exists():
                    continue
                correct = _score(rng, mean, len(bank))
                attempt = TestAttempt.objects.create(
                    enrollment=enrollment, session=session, kind=kind, correct=correct, total=len(bank),
                    score=(Decimal(correct) * 100 / len(bank)).quantize(Decimal("0.01")),
                    submitted_at=session.start if kind == "pre" else session.end,
                )  # fmt: skip
                TestAnswer.objects.bulk_create(
                    [
                        TestAnswer(
                            attempt=attempt,
                            question=q,
                            is_correct=i < correct,
                            chosen=q.correct_option if i < correct else (q.correct_option % len(q.options)) + 1,
                        )  # fmt: skip
                        for i, q in enumerate(bank)
                    ]
                )


def _follow_ups(now):
    services.follow_ups_schedule(now=now)
    today = timezone.localdate()
    # The demo batches were completed when the demo was seeded; date their
    # follow-ups from the end of the batch, as if HR had closed it that day.
    days = dict(ProgramEvaluation.objects.values_list("program_id", "follow_up_days"))
    for item in FollowUp.objects.filter(status=FollowUp.Status.PENDING, notified_at__isnull=True).select_related(
        "session"
    ):
        delay = days.get(item.session.program_id, settings.EVALUATION_FOLLOW_UP_DAYS)
        item.due_on = timezone.localdate(item.session.end) + datetime.timedelta(days=delay)
        item.save(update_fields=["due_on", "updated_at"])
    for item in FollowUp.objects.filter(status=FollowUp.Status.PENDING, due_on__lte=today).select_related(
        "enrollment__employee__user", "session__program"
    ):
        # asn1's follow-up stays open: the demo supervisor's to-do.
        if item.enrollment.employee.user_id and item.enrollment.employee.user.username == "asn1":
            continue
        rng = random.Random(f"follow-{item.enrollment_id}")
        if rng.random() > 0.75:
            continue
        weak = item.session.program.code == "kearsipan-digital"
        item.application_score = max(1, min(5, round(rng.gauss(2.6 if weak else 3.8, 0.7))))
        item.action_plan_score = max(1, min(5, round(rng.gauss(3.5, 0.8)))) if rng.random() < 0.6 else None
        item.comment = rng.choice(["", "Sudah mulai diterapkan di loket.", "Perlu pendampingan lanjutan."])
        item.status = FollowUp.Status.SUBMITTED
        item.submitted_at = now
        item.notified_at = item.notified_at or now
        item.save()


def seed(*, out):
    from accounts.models import User

    hr_user = User.objects.filter(username="hr").first()
    now = timezone.now()
    questionnaire = _questionnaire(hr_user)
    for code, values in SETTINGS.items():
        program = Program.objects.filter(code=code).first()
        if program is not None:
            ProgramEvaluation.objects.update_or_create(program=program, defaults=values)
    _banks()
    sessions = list(
        Session.objects.filter(end__lt=now).exclude(status=Session.Status.CANCELLED).select_related("program")
    )
    _surveys(questionnaire, sessions, now)
    _tests(sessions)
    _follow_ups(now)
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    generated = []
    for kind, day in (("month", last_month), ("quarter", today)):
        run = services.report_request(period_kind=kind, day=day, actor=hr_user, enqueue=False)
        run = services.report_run_execute(run_id=run.pk)
        generated.append(f"{run.report} ({run.findings.count()} findings)")
    out.write(
        f"  evaluation: {Response.objects.count()} survey responses, {TestAttempt.objects.count()} test attempts, "
        f"{FollowUp.objects.count()} follow-ups; reports: {', '.join(generated)}\n"
    )
