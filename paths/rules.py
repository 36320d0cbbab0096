"""Who may do what with learning paths (django-rules; accounts/permissions.py): HR
staff write, publish and archive paths and see the report per unit; every signed-in
user reads a published path; an ASN (with a linked profile) sees their own paths with
progress and follows a published path; an archived path stays readable to its
followers. Views, the API, templates and the navigation check these names."""

import rules

from accounts.rules import add_asn_perm, employee_of, is_authenticated, is_hr_staff

can_manage_paths = is_hr_staff
can_view_path_report = is_hr_staff


@rules.predicate
def can_view_path(user, path) -> bool:
    """Published paths: every signed-in user; drafts and archived ones: HR staff,
    and an archived path also the ASN who still follow it."""
    if not is_authenticated(user):
        return False
    if path.is_published or can_manage_paths(user):
        return True
    employee = employee_of(user)
    return employee is not None and path.enrolments.filter(employee=employee).exists()


@rules.predicate
def can_follow_path(user, path) -> bool:
    """An ASN with an active profile follows a published path."""
    employee = employee_of(user)
    return employee is not None and employee.is_active and path.is_published


rules.add_perm("paths.manage_paths", can_manage_paths)
rules.add_perm("paths.view_path_report", can_view_path_report)
rules.add_perm("paths.view_path", can_view_path)
add_asn_perm("paths.view_own_paths")
add_asn_perm("paths.follow_path", can_follow_path)
