"""Who may do what in the training app: named predicates (django-rules), the one
place each rule lives, and the permissions views (accounts.permissions.permission_required),
the API (HasRulePermission), services, templates ({% has_perm %}) and the navigation check.
No view spells a role tuple."""

import rules

from accounts.rules import add_asn_perm, is_hr_staff, is_supervisor

# HR staff (BKPSDM and administrators) run the trainings city-wide.
is_hr = is_hr_staff


@rules.predicate
def can_open_check_in(user, session) -> bool:
    """HR, or a trainer of this session whose ASN profile is this account, may
    show the session's check-in QR code and watch the check-ins arrive."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_hr(user):
        return True
    return session.trainers.filter(employee__user_id=user.pk).exists()


@rules.predicate
def can_decide_enrollment(user, enrollment) -> bool:
    """The ASN's own supervisor (with the supervisor role) or HR approve or reject
    an enrolment request."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_hr(user):
        return True
    supervisor = enrollment.employee.supervisor
    return supervisor is not None and supervisor.user_id == user.pk and is_supervisor(user)


@rules.predicate
def can_cancel_enrollment(user, enrollment) -> bool:
    """The enrolled ASN cancels their own enrolment (before the deadline, a service
    rule); HR any, at any time before the end."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_hr(user) or (enrollment.employee.user_id is not None and enrollment.employee.user_id == user.pk)


@rules.predicate
def can_decide_claim(user, claim) -> bool:
    """The ASN's own supervisor (with the supervisor role) decides an external
    training claim; HR decides only for an ASN without a recorded supervisor, so
    the audit (HR) stays separate from the approval (the supervisor)."""
    if not getattr(user, "is_authenticated", False):
        return False
    supervisor = claim.employee.supervisor
    if supervisor is None:
        return is_hr(user)
    return supervisor.user_id == user.pk and is_supervisor(user)


# HR sees every claim (with filters) and may revoke an approved one.
can_audit_claims = is_hr
can_revoke_claim = is_hr


@rules.predicate
def can_view_claim_proof(user, claim) -> bool:
    """The certificate holds personal data: the ASN, the deciding supervisor and HR."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_hr(user) or claim.employee.user_id == user.pk:
        return True
    return can_decide_claim(user, claim)


# HR pages (programs, sessions, rosters, attendance, completion, external JP), and
# unpublished programs in the catalogue.
rules.add_perm("training.manage_sessions", is_hr)
# The approvals page: supervisors see their staff's requests, HR every request.
rules.add_perm("training.view_approvals", is_supervisor | is_hr)
rules.add_perm("training.decide_enrollment", can_decide_enrollment)
rules.add_perm("training.cancel_enrollment", can_cancel_enrollment)
rules.add_perm("training.open_check_in", can_open_check_in)
rules.add_perm("training.decide_claim", can_decide_claim)
rules.add_perm("training.audit_claims", can_audit_claims)
rules.add_perm("training.revoke_claim", can_revoke_claim)
rules.add_perm("training.view_claim_proof", can_view_claim_proof)
# The ASN's own pages and actions: enrol, my trainings, my JP, claims, check-in.
add_asn_perm("training.use_self_service")
