"""Demo data of the planning app: assessed competency levels with visible gaps
(so the training-needs table and recommendations have content) and a finished
bulk enrolment from an example NIP list with every kind of row error.
Idempotent: levels are only added where none exists; the bulk job once."""

import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Employee, EmployeeCompetency, PositionCompetency, User
from asn_competency.common.progress import progress
from training.models import Session
from training.services import enrollment_notifications_muted

from .models import BulkEnrollmentJob
from .services import bulk_enrollment_from_file, bulk_enrollment_run

DEMO_LIST_NAME = "contoh-daftar-nip-disdukcapil.csv"
# Demo logins whose levels show a clear picture (code: level); others are drawn at random.
DEMO_LEVELS = {
    "asn1": {"M.01": 2, "M.02": 1, "M.03": 1, "M.04": 1, "M.05": 1, "SK.01": 1, "T.TIK.01": 1},
    "asn2": {"M.01": 1, "M.05": 2, "T.TIK.01": 2},
    "asn3": {"M.01": 2, "M.02": 2, "M.05": 1, "M.07": 1, "T.PLY.01": 1},
    "asn4": {"M.01": 2, "M.03": 2, "T.TIK.01": 2},
    "asn5": {"M.05": 1, "SK.01": 2},
}


def _seed_levels(seed: int):
    today = timezone.localdate()
    assessed_on = today.replace(month=1, day=15) if today.month > 1 else today.replace(day=1)
    requirements = {}
    for position_id, competency_id, code, level in PositionCompetency.objects.values_list(
        "position_id", "competency_id", "competency__code", "level"
    ):
        requirements.setdefault(position_id, []).append((competency_id, code, level))
    have = set(EmployeeCompetency.objects.values_list("employee_id", "competency_id"))
    demo = {u.employee.pk: u.username for u in User.objects.filter(username__in=DEMO_LEVELS).select_related("employee")}
    employees = list(Employee.objects.filter(is_active=True, position__isnull=False).order_by("nip"))
    new = []
    for employee in progress(employees, desc="assessed competency levels"):
        # One generator per ASN: the same choices on every run, so a rerun adds nothing.
        rng = random.Random(f"{seed}:{employee.nip}")
        chosen = DEMO_LEVELS.get(demo.get(employee.pk, ""))
        # About a fifth of the generated ASN are not assessed yet.
        if chosen is None and rng.random() < 0.2:
            continue
        for competency_id, code, required in requirements.get(employee.position_id, []):
            if (employee.pk, competency_id) in have:
                continue
            if chosen is not None:
                level = chosen.get(code)
                if level is None:
                    continue
            else:
                level = max(1, min(5, required + rng.choice([-2, -1, -1, 0, 0, 0, 1])))
            new.append(
                EmployeeCompetency(
                    employee=employee,
                    competency_id=competency_id,
                    level=level,
                    assessed_on=assessed_on,
                    source=EmployeeCompetency.Source.ASSESSMENT if chosen is None else EmployeeCompetency.Source.HR,
                )
            )
    EmployeeCompetency.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


def _seed_bulk_job():
    session = Session.objects.filter(code="adminduk-online-2").first()
    hr = User.objects.filter(username="hr").first()
    if session is None or hr is None or BulkEnrollmentJob.objects.filter(filename=DEMO_LIST_NAME).exists():
        return
    nips = list(
        Employee.objects.filter(org_unit__code="disdukcapil", is_active=True, user__isnull=True)
        .order_by("nip")
        .values_list("nip", flat=True)[:6]
    )
    lines = ["NIP;Nama (opsional)"] + [f"{nip};" for nip in nips]
    lines += [
        "19900214 201503 2 999;ditulis dengan spasi, tidak terdaftar",
        "19900214201503200;kurang satu digit",
        "199013142015032001;bulan lahir 13",
        f"{nips[0] if nips else ''};baris ganda",
    ]
    upload = SimpleUploadedFile(DEMO_LIST_NAME, ("\r\n".join(lines) + "\r\n").encode("utf-8"), "text/csv")
    with enrollment_notifications_muted():
        job = bulk_enrollment_from_file(session=session, uploaded=upload, actor=hr)
        bulk_enrollment_run(job_id=job.pk)


def seed(*, out):
    added = _seed_levels(20260415)
    _seed_bulk_job()
    out.write(
        f"  {added} assessed levels added ({EmployeeCompetency.objects.count()} in all), "
        f"{BulkEnrollmentJob.objects.count()} bulk enrolment(s)"
    )
