"""Demo data of learning paths: two published paths for gaps the demo ASN have
(M.05 Pelayanan Publik and T.TIK.01 from level 1 to 2; asn1 has both gaps and
already completed a tutorial step), a draft for HR's editor, and followers in
several units so that HR's report has figures. Idempotent: keyed on titles;
followers are added once (unique per ASN and path). No notices are sent: the
demo paths count as announced already."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Competency, Employee, EmployeeCompetency, PositionCompetency, User
from training.models import Program
from tutorials.models import Tutorial

from .models import LearningPath, PathEnrolment
from .services import StepInput, path_create, path_publish

# title, competency, from level, publish, description, steps [(kind, program code | tutorial title, required)]
PATHS = [
    ("Pelayanan Publik: dari level 1 ke level 2", "M.05", 1, True,
     "Untuk petugas yang melayani warga: dasar standar pelayanan, melayani di loket dan berkomunikasi dengan warga.",
     [("tutorial", "Melayani permohonan surat keterangan di loket kelurahan", True),
      ("program", "pelayanan-prima", True),
      ("program", "komunikasi-efektif", False)]),
    ("Literasi Digital Pemerintahan: dari level 1 ke level 2", "T.TIK.01", 1, True,
     "Menggunakan aplikasi pemerintahan sehari-hari dengan aman: e-Office, SPBE dan kearsipan digital.",
     [("tutorial", "Membaca dan mendisposisikan surat masuk", True),
      ("program", "spbe-dasar", True),
      ("program", "kearsipan-digital", False)]),
    ("Literasi Digital Pemerintahan: dari level 2 ke level 3", "T.TIK.01", 2, False,
     "Draf: naskah dinas elektronik dan penatausahaan keuangan pada SIPD.",
     [("tutorial", "Membuat naskah dinas keluar dengan tanda tangan elektronik", True),
      ("program", "keuangan-daerah", False)]),
]  # fmt: skip

# Generated ASN with the gap who follow each published path (by NIP order).
FOLLOWERS_PER_PATH = 40


def _steps(spec) -> list[StepInput] | None:
    steps = []
    for kind, key, required in spec:
        if kind == "program":
            item = Program.objects.filter(code=key).first()
        else:
            item = Tutorial.objects.filter(title=key).first()
        if item is None:
            return None  # the app that provides it has no demo data yet
        steps.append(StepInput(**{kind: item}, required=required))
    return steps


def _seed_paths(hr) -> list[LearningPath]:
    paths = []
    for title, code, from_level, publish, description, spec in PATHS:
        path = LearningPath.objects.filter(title=title).first()
        competency = Competency.objects.filter(code=code).first()
        steps = _steps(spec)
        if path is None and competency is not None and steps is not None:
            path = path_create(
                competency=competency, from_level=from_level, title=title, description=description, steps=steps,
                actor=hr,
            )  # fmt: skip
        if path is None:
            continue
        if publish and not path.is_published:
            LearningPath.objects.filter(pk=path.pk, notified_at__isnull=True).update(notified_at=timezone.now())
            path = path_publish(path=path, actor=hr)
        paths.append(path)
    return paths


def _seed_followers(paths):
    demo = User.objects.filter(username="asn1").select_related("employee").first()
    rows = []
    for path in paths:
        if not path.is_published:
            continue
        if demo is not None and getattr(demo, "employee", None) is not None:
            rows.append(PathEnrolment(path=path, employee=demo.employee))
        required = PositionCompetency.objects.filter(
            position_id=OuterRef("position_id"), competency_id=path.competency_id, level__gte=path.to_level
        )
        beyond = EmployeeCompetency.objects.filter(
            employee_id=OuterRef("pk"), competency_id=path.competency_id, level__gt=path.from_level
        )
        with_gap = (
            Employee.objects.filter(is_active=True, user__isnull=True)
            .filter(Exists(required))
            .exclude(Exists(beyond))
            .order_by("nip")[:FOLLOWERS_PER_PATH]
        )
        rows += [PathEnrolment(path=path, employee=employee) for employee in with_gap]
    PathEnrolment.objects.bulk_create(rows, ignore_conflicts=True)


def seed(*, out):
    hr = User.objects.filter(username="hr").first()
    paths = _seed_paths(hr)
    _seed_followers(paths)
    out.write(
        f"  {LearningPath.objects.count()} learning paths "
        f"({LearningPath.objects.filter(status=LearningPath.Status.PUBLISHED).count()} published), "
        f"{PathEnrolment.objects.count()} followers"
    )
