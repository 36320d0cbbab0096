"""External training claims: the ASN submits training taken elsewhere with its
certificate, the supervisor approves or rejects, HR audits and may revoke. An
approved claim credits its JP once (the ledger's source key); a revocation
removes that credit. The record is the same ExternalTraining HR enters."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Competency, Employee
from asn_competency.common.errors import ApplicationError, ConflictError

from ..models import ExternalTraining, JpLedgerEntry
from ..rules import can_decide_claim, can_revoke_claim
from ..validators import validate_certificate_file
from .jp import external_training_credit
from .jp_summary import jp_summary_queue

Status = ExternalTraining.Status


@transaction.atomic
def external_claim_submit(
    *,
    employee: Employee,
    title: str,
    organiser: str,
    start_date: datetime.date | None,
    end_date: datetime.date,
    jp: Decimal,
    competency: Competency | None,
    proof,
    actor,
) -> ExternalTraining:
    """The ASN claims a training taken elsewhere; it waits for the supervisor."""
    if end_date > timezone.localdate():
        raise ValidationError({"date": _("The training must have ended: its last day is still to come.")})
    validate_certificate_file(proof)
    claim = ExternalTraining(
        employee=employee,
        title=title,
        organiser=organiser,
        start_date=start_date,
        date=end_date,
        jp=jp,
        competency=competency,
        proof=proof,
        status=Status.PENDING,
        recorded_by=actor,
    )
    claim.full_clean()
    claim.save()
    return claim


def _lock(claim: ExternalTraining) -> ExternalTraining:
    return (
        ExternalTraining.objects.select_for_update(of=("self",)).select_related("employee__supervisor").get(pk=claim.pk)
    )


@transaction.atomic
def external_claim_decide(*, claim: ExternalTraining, actor, approve: bool, note: str = "") -> ExternalTraining:
    """Approve (credit the JP once) or reject a pending claim.

    The row lock makes two decisions at once one decision: the second sees the
    claim decided and is refused; the ledger's unique source key backs it up."""
    claim = _lock(claim)
    if not can_decide_claim(actor, claim):
        raise ApplicationError(_("Only the ASN's supervisor can decide on this claim."), code="forbidden", status=403)
    if claim.status != Status.PENDING:
        raise ConflictError(
            _("This claim was already decided (%(status)s).") % {"status": claim.get_status_display()},
            code="already_decided",
        )
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the claim is rejected: the ASN reads it.")})
    claim.status = Status.APPROVED if approve else Status.REJECTED
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = note.strip()[:500]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    if approve:
        external_training_credit(record=claim, actor=actor)
    return claim


@transaction.atomic
def external_claim_revoke(*, claim: ExternalTraining, actor, reason: str) -> ExternalTraining:
    """HR revokes an approved external training: its JP credit is removed."""
    claim = _lock(claim)
    if not can_revoke_claim(actor, claim):
        raise ApplicationError(_("Only HR (BKPSDM) can revoke external training."), code="forbidden", status=403)
    if claim.status != Status.APPROVED:
        raise ConflictError(_("Only an approved external training can be revoked."), code="not_approved")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the external training is revoked: the ASN reads it.")})
    removed = JpLedgerEntry.objects.filter(employee_id=claim.employee_id, source_key=claim.ledger_key)
    for year in removed.values_list("year", flat=True):  # one entry (unique key)
        jp_summary_queue(employee_id=claim.employee_id, year=year)
    removed.delete()
    claim.status = Status.REVOKED
    claim.revoked_by = actor
    claim.revoked_at = timezone.now()
    claim.revoke_reason = reason.strip()[:500]
    claim.save(update_fields=["status", "revoked_by", "revoked_at", "revoke_reason", "updated_at"])
    return claim
