"""Demo data of the accounts app: organisation, competency dictionary,
positions, demo logins and a few hundred ASN. Idempotent."""

import datetime
import functools
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from asn_competency.common.progress import progress

from .data.competencies import LEVELS, MANAGERIAL, SOCIO_CULTURAL, TECHNICAL
from .data.orgunits import all_rows
from .data.permenpanrb import load_levels
from .models import (
    Competency,
    CompetencyLevel,
    Employee,
    EmployeeCompetency,
    OrgUnit,
    Position,
    PositionCompetency,
    User,
)
from .roles import Role
from .services import employee_upsert, orgunit_upsert, roles_ensure, user_set_roles

DEMO_PASSWORD = getattr(settings, "DEMO_PASSWORD", "medan-demo-2026")

# username, first, last, roles, unit code, NIP, position (name, kind), grade, supervisor username
DEMO_USERS = [
    ("admin", "Admin", "Sistem", [Role.ADMIN], "diskominfo", "198001012005011001", ("Pranata Komputer Ahli Muda", "fungsional"), "III/d", None),
    ("hr", "Rina", "Siregar", [Role.HR, Role.ASN], "bkpsdm", "198503172010012003", ("Analis SDM Aparatur Ahli Muda", "fungsional"), "III/c", None),
    ("supervisor", "Budi", "Nasution", [Role.SUPERVISOR, Role.ASN], "disdukcapil", "197806122003121002", ("Kepala Bidang Pelayanan Pendaftaran Penduduk", "administrator"), "IV/a", None),
    ("asn1", "Sri", "Lubis", [Role.ASN], "disdukcapil", "199002142015032001", ("Pengadministrasi Kependudukan", "pelaksana"), "II/c", "supervisor"),
    ("asn2", "Andi", "Harahap", [Role.ASN], "disdukcapil", "199207302019031004", ("Verifikator Data Kependudukan", "pelaksana"), "III/a", "supervisor"),
    ("asn3", "Dewi", "Sitepu", [Role.ASN], "kec-medan-baru", "198811052014022002", ("Kepala Seksi Pelayanan Umum", "pengawas"), "III/c", None),
    ("asn4", "Rizky", "Tanjung", [Role.ASN], "diskominfo", "199512202020121003", ("Pranata Komputer Ahli Pertama", "fungsional"), "III/b", None),
    ("asn5", "Maya", "Ginting", [Role.ASN], "pkm-padang-bulan", "199304112022212001", ("Perawat Ahli Pertama", "fungsional"), "IX", None),
    ("moderator", "Fajar", "Simanjuntak", [Role.MODERATOR, Role.ASN], "diskominfo", "198709092011011005", ("Pranata Hubungan Masyarakat Ahli Muda", "fungsional"), "III/c", None),
    ("officer", "Yusuf", "Pohan", [Role.UNIT_OFFICER, Role.ASN], "disdukcapil", "198412012009011006", ("Pengelola Pengaduan Masyarakat", "pelaksana"), "III/b", None),
]  # fmt: skip

POSITION_REQUIREMENTS = {
    "administrator": {"M.01": 3, "M.02": 3, "M.03": 3, "M.04": 3, "M.05": 3, "M.06": 3, "M.07": 3, "M.08": 3, "SK.01": 3},
    "pengawas": {"M.01": 2, "M.02": 2, "M.03": 2, "M.04": 2, "M.05": 2, "M.06": 2, "M.07": 2, "M.08": 2, "SK.01": 2, "T.PLY.01": 2},
    "pelaksana": {"M.01": 1, "M.02": 1, "M.03": 1, "M.04": 1, "M.05": 2, "SK.01": 1, "T.TIK.01": 2},
    "fungsional": {"M.01": 2, "M.02": 2, "M.03": 2, "M.04": 2, "M.05": 2, "SK.01": 2, "T.TIK.01": 3},
    "jpt": {"M.01": 4, "M.02": 4, "M.03": 4, "M.04": 4, "M.05": 4, "M.06": 4, "M.07": 4, "M.08": 4, "SK.01": 4},
}  # fmt: skip

EXTRA_POSITIONS = [
    ("Pengadministrasi Umum", "pelaksana", "II/b"),
    ("Pengolah Data", "pelaksana", "II/d"),
    ("Analis Kebijakan Ahli Muda", "fungsional", "III/c"),
    ("Kepala Subbagian Umum dan Kepegawaian", "pengawas", "III/d"),
    ("Sekretaris Dinas", "administrator", "IV/a"),
    ("Lurah", "pengawas", "III/d"),
    ("Camat", "administrator", "IV/a"),
    ("Bidan Terampil", "fungsional", "VII"),
]

FIRST = ["Ahmad", "Siti", "Putri", "Hendra", "Nur", "Lestari", "Bayu", "Intan", "Rahmat", "Fitri", "Agus",
         "Wahyu", "Yanti", "Joko", "Sari", "Taufik", "Ayu", "Dimas", "Rosmawati", "Herman", "Novi", "Samuel",
         "Ruth", "Ikhsan", "Melati", "Zulkifli", "Anita", "Bonar", "Debora", "Irfan"]  # fmt: skip
LAST = ["Siregar", "Nasution", "Lubis", "Harahap", "Sitepu", "Ginting", "Tarigan", "Sembiring", "Simanjuntak",
        "Pohan", "Hasibuan", "Daulay", "Pane", "Manurung", "Sinaga", "Situmorang", "Purba", "Saragih", "Rangkuti",
        "Batubara", "Tanjung", "Matondang", "Panjaitan", "Hutagalung", "Damanik"]  # fmt: skip

GENERATED_EMPLOYEES = 240


@functools.cache
def demo_password_hash() -> str:
    """The demo password hashed once per process: every demo login shares it, and
    a hash costs a few hundred milliseconds by design (PBKDF2)."""
    return make_password(DEMO_PASSWORD)


def _nip(rng: random.Random, index: int) -> str:
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 35))
    tmt_year = min(birth.year + rng.randrange(22, 32), 2024)
    return f"{birth:%Y%m%d}{tmt_year}{rng.randrange(1, 13):02d}{rng.choice('12')}{index % 999 + 1:03d}"


def _as_pppk(nip: str) -> str:
    """The Nomor Induk PPPK of a generated person (accounts/validators.py): appointed
    in 2019 at the earliest, PPPK code 2, first work agreement. Derived from the
    PNS-style number without drawing from the random stream, so the rest of the
    generated data stays the same."""
    year = max(int(nip[8:12]), 2019)
    return f"{nip[:8]}{year}21{nip[14:]}"


def _seed_orgunits():
    by_code = {}
    for code, name, short, kind, parent, public in progress(all_rows(), desc="Organisation units"):
        by_code[code] = orgunit_upsert(
            code=code, name=name, short_name=short, kind=kind, parent=by_code.get(parent), serves_public=public
        )
    return by_code


def _seed_competencies():
    groups = [(MANAGERIAL, "managerial"), (SOCIO_CULTURAL, "socio_cultural"), (TECHNICAL, "technical")]
    for rows, ctype in groups:
        for code, name, description in rows:
            competency, _ = Competency.objects.update_or_create(
                code=code, defaults={"name": name, "type": ctype, "description": description}
            )
            if ctype != "technical":
                continue  # the regulation's descriptors, below
            for level, text in LEVELS.items():
                CompetencyLevel.objects.update_or_create(
                    competency=competency, level=level, defaults={"description": f"{text} ({name})"}
                )
    # Managerial and socio-cultural: PermenPANRB 38/2017 (HR's edits are kept).
    load_levels(competency_model=Competency, level_model=CompetencyLevel)


def _position(name, kind):
    position, _ = Position.objects.get_or_create(name=name, kind=kind)
    competencies = {c.code: c for c in Competency.objects.all()}
    for code, level in POSITION_REQUIREMENTS[kind].items():
        PositionCompetency.objects.update_or_create(
            position=position, competency=competencies[code], defaults={"level": level}
        )
    return position


def _renumber(*, old: str, new: str) -> str:
    """Demo data seeded before PPPK numbers had their own layout gave PPPK people
    PNS-style numbers: move such a profile to its new number (keeps the rerun idempotent)."""
    if old != new and not Employee.objects.filter(nip=new).exists():
        Employee.objects.filter(nip=old).update(nip=new)
    return new


# Demo users whose number changed: asn5 is PPPK and now has a Nomor Induk PPPK.
RENUMBERED = {"asn5": "199304112022032001"}


def _seed_demo_users(units):
    users = {}
    for username, first, last, roles, unit, nip, (pos_name, pos_kind), grade, sup in DEMO_USERS:
        if username in RENUMBERED:
            _renumber(old=RENUMBERED[username], new=nip)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.pemkomedan.go.id"
        user.is_staff = user.is_superuser = Role.ADMIN in roles
        user.password = demo_password_hash()
        user.save()
        user_set_roles(user=user, roles=roles)
        employee = employee_upsert(
            nip=nip,
            full_name=f"{first} {last}",
            org_unit=units[unit],
            user=user,
            position=_position(pos_name, pos_kind),
            grade=grade,
            employment_type="pppk" if grade in {"V", "VII", "IX", "X", "XI"} else "pns",
            email=user.email,
            supervisor=users[sup].employee if sup else None,
        )
        users[username] = user
        user.employee = employee
    return users


EMPLOYEE_FIELDS = ["full_name", "org_unit", "position", "grade", "employment_type", "supervisor"]


def _seed_generated_employees(units, users):
    """The generated ASN in a few statements: one INSERT for the new profiles, one
    UPDATE for the existing ones, one upsert for their assessed competencies.
    Every profile is validated (NIP layout of its employment type) as
    employee_upsert would; only the per-row uniqueness queries are left to the
    database's constraints."""
    rng = random.Random(2026)
    positions = [(_position(n, k), g) for n, k, g in EXTRA_POSITIONS]
    working_units = [u for u in units.values() if u.kind not in ("bagian",)]
    supervisor = users["supervisor"].employee
    competencies = list(Competency.objects.all())
    assessed_on = datetime.date(2026, 3, 1)
    drawn = []
    for index in range(GENERATED_EMPLOYEES):
        nip = _nip(rng, index)
        position, grade = rng.choice(positions)
        pppk = grade in {"VII", "IX"}
        if pppk:
            nip = _renumber(old=nip, new=_as_pppk(nip))
        unit = units["disdukcapil"] if index % 8 == 0 else rng.choice(working_units)
        fields = {
            "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "org_unit": unit,
            "position": position,
            "grade": grade,
            "employment_type": "pppk" if pppk else "pns",
            "supervisor": supervisor if unit.code == "disdukcapil" else None,
        }
        levels = [(competency, rng.randint(1, 4)) for competency in rng.sample(competencies, 4)]
        drawn.append((nip, fields, levels))
    existing = Employee.objects.in_bulk([nip for nip, _fields, _levels in drawn], field_name="nip")
    new, changed, assessed = [], [], []
    for nip, fields, levels in progress(drawn, desc="ASN profiles"):
        employee = existing.get(nip) or Employee(nip=nip)
        employee.user = None
        for name, value in fields.items():
            setattr(employee, name, value)
        employee.full_clean(validate_unique=False, validate_constraints=False)
        (changed if employee.pk else new).append(employee)
        assessed += [
            EmployeeCompetency(employee=employee, competency=c, level=level, assessed_on=assessed_on, source="import")
            for c, level in levels
        ]
    Employee.objects.bulk_create(new)
    Employee.objects.bulk_update(changed, [*EMPLOYEE_FIELDS, "user"])
    EmployeeCompetency.objects.bulk_create(
        assessed,
        update_conflicts=True,
        unique_fields=["employee", "competency"],
        update_fields=["level", "assessed_on", "source"],
    )


@transaction.atomic
def seed(*, out):
    roles_ensure()
    units = _seed_orgunits()
    _seed_competencies()
    users = _seed_demo_users(units)
    _seed_generated_employees(units, users)
    out.write(
        f"  {OrgUnit.objects.count()} units, {Employee.objects.count()} ASN, {Competency.objects.count()} competencies"
    )
