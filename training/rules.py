"""Who may do what in the training app: named predicates, the one place each rule
lives. Views (decorators), the API (permission checks), services and templates
call these; no view spells a role tuple for these actions."""

from accounts.roles import Role, has_role


def is_hr(user) -> bool:
    return has_role(user, Role.HR, Role.ADMIN)


def can_open_check_in(user, session) -> bool:
    """HR, or a trainer of this session whose ASN profile is this account, may
    show the session's check-in QR code and watch the check-ins arrive."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_hr(user):
        return True
    return session.trainers.filter(employee__user_id=user.pk).exists()


def can_decide_claim(user, claim) -> bool:
    """The ASN's own supervisor (with the supervisor role) decides an external
    training claim; HR decides only for an ASN without a recorded supervisor, so
    the audit (HR) stays separate from the approval (the supervisor)."""
    if not getattr(user, "is_authenticated", False):
        return False
    supervisor = claim.employee.supervisor
    if supervisor is None:
        return is_hr(user)
    return supervisor.user_id == user.pk and has_role(user, Role.SUPERVISOR)


def can_audit_claims(user) -> bool:
    """HR sees every claim (with filters) and may revoke an approved one."""
    return is_hr(user)


def can_revoke_claim(user, claim) -> bool:  # noqa: ARG001  (the claim: a rule may look at it later)
    return is_hr(user)


def can_view_claim_proof(user, claim) -> bool:
    """The certificate holds personal data: the ASN, the deciding supervisor and HR."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_hr(user) or claim.employee.user_id == user.pk:
        return True
    return can_decide_claim(user, claim)
