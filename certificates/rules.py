"""Who may do what with training certificates (django-rules; accounts/permissions.py).

HR staff list, revoke, regenerate and issue missing certificates; a certificate
(its page, PDF and progress) is seen by HR staff and the ASN who earned it; the
public verification page needs no account."""

import rules

from accounts.rules import add_asn_perm, is_hr_staff


@rules.predicate
def owns_certificate(user, certificate) -> bool:
    return certificate is not None and certificate.enrollment.employee.user_id == user.pk


rules.add_perm("certificates.manage_certificates", is_hr_staff)
rules.add_perm("certificates.view_certificate", is_hr_staff | owns_certificate)
add_asn_perm("certificates.view_own_certificates")
