"""Who may do what with learning paths: named predicates, the one place each rule
lives (django-rules style: `can_<verb>(user[, obj])`). Views, the API's
permission classes, templates and navigation call these; a project-wide
permission layer can register them as they are."""

from accounts.roles import STAFF_ROLES, Role, has_role


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_paths(user) -> bool:
    """HR (BKPSDM) and administrators create, edit, publish and archive paths."""
    return _active(user) and has_role(user, *STAFF_ROLES)


def can_view_path_report(user) -> bool:
    """HR's report of who follows which path, per unit."""
    return can_manage_paths(user)


def can_view_path(user, path) -> bool:
    """Published paths are open to every signed-in user; drafts and archived
    paths to HR, and an archived path also to the ASN who still follow it."""
    if not _active(user):
        return False
    if path.is_published or can_manage_paths(user):
        return True
    return path.enrolments.filter(employee__user_id=user.pk).exists()


def can_follow_path(user, path) -> bool:
    """An ASN (an account with an active employee profile) may follow a published path."""
    if not _active(user) or not path.is_published:
        return False
    employee = getattr(user, "employee", None)
    return employee is not None and employee.is_active


def can_see_my_paths(user) -> bool:
    return _active(user) and has_role(user, Role.ASN, *STAFF_ROLES)
