"""The JP ledger: credits are idempotent by (employee, source_key)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Employee
from asn_competency.common.errors import ApplicationError

from ..models import ExternalTraining, JpLedgerEntry
from ..validators import validate_certificate_file
from .jp_summary import jp_summary_queue


def jp_ledger_credit(
    *,
    employee: Employee,
    year: int,
    jp: Decimal,
    source: str,
    source_key: str,
    description: str,
    actor=None,
    occurred_on=None,
) -> tuple[JpLedgerEntry, bool]:
    """Credit `jp` to the employee for `year`; a second call with the same
    source_key returns the existing entry and False (nothing is added twice)."""
    existing = JpLedgerEntry.objects.filter(employee=employee, source_key=source_key).first()
    if existing is not None:
        return existing, False
    entry = JpLedgerEntry(
        employee=employee,
        year=year,
        jp=Decimal(jp),
        source=source,
        source_key=source_key,
        description=description[:255],
        occurred_on=occurred_on or timezone.localdate(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    entry.full_clean(validate_constraints=False)
    try:
        # A savepoint, so a concurrent duplicate does not break the caller's transaction.
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        return JpLedgerEntry.objects.get(employee=employee, source_key=source_key), False
    jp_summary_queue(employee_id=employee.pk, year=year)
    return entry, True


def jp_ledger_credit_many(*, entries: list[JpLedgerEntry]) -> int:
    """Credit many entries in one INSERT (demo data, imports). Idempotent like
    jp_ledger_credit: an entry whose (employee, source_key) is credited already
    is skipped. Every entry is validated first. Returns the count added."""
    for entry in entries:
        entry.jp = Decimal(entry.jp)
        entry.description = entry.description[:255]
        entry.occurred_on = entry.occurred_on or timezone.localdate()
        entry.full_clean(validate_unique=False, validate_constraints=False)
    credited = set(
        JpLedgerEntry.objects.filter(source_key__in={e.source_key for e in entries}).values_list(
            "employee_id", "source_key"
        )
    )
    new, seen = [], set()
    for entry in entries:
        key = (entry.employee_id, entry.source_key)
        if key not in credited and key not in seen:
            seen.add(key)
            new.append(entry)
    # ignore_conflicts: a concurrent credit of the same key wins, as in jp_ledger_credit.
    JpLedgerEntry.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def external_training_record(
    *, employee: Employee, title: str, organiser: str, date, jp: Decimal, proof, actor
) -> ExternalTraining:
    """HR records a training followed elsewhere (with proof) and credits its JP."""
    if not proof:
        raise ApplicationError(_("Upload the certificate or another proof of the training."), code="proof_missing")
    validate_certificate_file(proof)
    record = ExternalTraining(
        employee=employee,
        title=title,
        organiser=organiser,
        date=date,
        jp=jp,
        proof=proof,
        recorded_by=actor,
        status=ExternalTraining.Status.APPROVED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    record.full_clean()
    record.save()
    external_training_credit(record=record, actor=actor)
    return record


def external_training_credit(*, record: ExternalTraining, actor) -> tuple[JpLedgerEntry, bool]:
    """Credit an approved external training's JP once (ledger key `external:<id>`)."""
    return jp_ledger_credit(
        employee=record.employee,
        year=record.date.year,
        jp=record.jp,
        source=JpLedgerEntry.Source.EXTERNAL,
        source_key=record.ledger_key,
        description=f"{record.title} ({record.organiser})",
        actor=actor,
        occurred_on=record.date,
    )
