"""The permission layer (accounts/rules.py, <app>/rules.py, accounts/permissions.py):
one test per predicate (a user or object it admits and one it refuses), and one
answer for an account without an ASN profile on every page and API endpoint that
needs one: 403 with the code `no_employee_profile` and a page that says what to do."""

from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import rules as account_rules
from accounts.permissions import NO_EMPLOYEE_PROFILE, check_perm, user_can
from community import rules as community_rules
from evaluation import rules as evaluation_rules
from feedback import rules as feedback_rules
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.community.factories import TopicFactory
from tests.feedback.factories import FeedbackFactory, officer_of
from tests.training.factories import EnrollmentFactory, SessionFactory, TrainerFactory
from training import rules as training_rules

pytestmark = pytest.mark.django_db


# --- accounts: the shared predicates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "role"),
    [
        (account_rules.is_admin, "admin"),
        (account_rules.is_hr, "hr"),
        (account_rules.is_asn, "asn"),
        (account_rules.is_supervisor, "supervisor"),
        (account_rules.is_moderator, "moderator"),
        (account_rules.is_unit_officer, "unit_officer"),
    ],
)
def test_role_predicates_admit_their_role_only(predicate, role):
    assert predicate(UserFactory(roles=[role]))
    assert not predicate(UserFactory(roles=["asn" if role != "asn" else "hr"]))
    assert not predicate(AnonymousUser())


def test_is_hr_staff_admits_hr_and_admins_and_superusers_but_not_others():
    assert account_rules.is_hr_staff(UserFactory(roles=["hr"]))
    assert account_rules.is_hr_staff(UserFactory(roles=["admin"]))
    assert account_rules.is_hr_staff(UserFactory(is_superuser=True))
    assert not account_rules.is_hr_staff(UserFactory(roles=["supervisor", "asn"]))


def test_is_authenticated_refuses_guests_and_inactive_accounts():
    assert account_rules.is_authenticated(UserFactory())
    assert not account_rules.is_authenticated(UserFactory(is_active=False))
    assert not account_rules.is_authenticated(AnonymousUser())


def test_has_employee_needs_a_linked_asn_profile_and_asks_once(django_assert_num_queries):
    user = EmployeeFactory().user
    with django_assert_num_queries(1):  # the profile, then cached on the user object
        assert account_rules.has_employee(user)
        assert account_rules.has_employee(user)
    assert not account_rules.has_employee(UserFactory(roles=["asn"]))
    assert not account_rules.has_employee(AnonymousUser())


# --- training -----------------------------------------------------------------------------------


def test_can_open_check_in_admits_hr_and_the_sessions_trainer_only():
    session = SessionFactory()
    trainer_employee = EmployeeFactory()
    session.trainers.add(TrainerFactory(employee=trainer_employee))
    assert training_rules.can_open_check_in(UserFactory(roles=["hr"]), session)
    assert training_rules.can_open_check_in(trainer_employee.user, session)
    assert not training_rules.can_open_check_in(EmployeeFactory().user, session)
    assert not training_rules.can_open_check_in(AnonymousUser(), session)


def test_can_decide_enrollment_admits_the_asns_supervisor_and_hr_only():
    boss = EmployeeFactory(user=UserFactory(roles=["asn", "supervisor"]))
    enrollment = EnrollmentFactory(employee=EmployeeFactory(supervisor=boss))
    assert training_rules.can_decide_enrollment(boss.user, enrollment)
    assert training_rules.can_decide_enrollment(UserFactory(roles=["hr"]), enrollment)
    other_boss = EmployeeFactory(user=UserFactory(roles=["asn", "supervisor"]))
    assert not training_rules.can_decide_enrollment(other_boss.user, enrollment)
    assert not training_rules.can_decide_enrollment(enrollment.employee.user, enrollment)


def test_can_cancel_enrollment_admits_the_enrolled_asn_and_hr_only():
    enrollment = EnrollmentFactory()
    assert training_rules.can_cancel_enrollment(enrollment.employee.user, enrollment)
    assert training_rules.can_cancel_enrollment(UserFactory(roles=["admin"]), enrollment)
    assert not training_rules.can_cancel_enrollment(EmployeeFactory().user, enrollment)


def test_can_decide_claim_admits_the_supervisor_or_hr_when_there_is_none():
    boss = EmployeeFactory(user=UserFactory(roles=["asn", "supervisor"]))
    supervised = SimpleNamespace(employee=EmployeeFactory(supervisor=boss))
    unsupervised = SimpleNamespace(employee=EmployeeFactory())
    hr = UserFactory(roles=["hr"])
    assert training_rules.can_decide_claim(boss.user, supervised)
    assert not training_rules.can_decide_claim(hr, supervised)  # the audit stays apart from the approval
    assert training_rules.can_decide_claim(hr, unsupervised)
    assert not training_rules.can_decide_claim(boss.user, unsupervised)


def test_can_view_claim_proof_admits_the_asn_the_supervisor_and_hr_only():
    boss = EmployeeFactory(user=UserFactory(roles=["asn", "supervisor"]))
    claim = SimpleNamespace(employee=EmployeeFactory(supervisor=boss))
    assert training_rules.can_view_claim_proof(claim.employee.user, claim)
    assert training_rules.can_view_claim_proof(boss.user, claim)
    assert training_rules.can_view_claim_proof(UserFactory(roles=["hr"]), claim)
    assert not training_rules.can_view_claim_proof(EmployeeFactory().user, claim)


def test_training_claim_audit_and_revocation_are_hr_staffs():
    assert training_rules.can_audit_claims(UserFactory(roles=["hr"]))
    assert training_rules.can_revoke_claim(UserFactory(roles=["admin"]))
    assert not training_rules.can_audit_claims(UserFactory(roles=["supervisor"]))


# --- evaluation -----------------------------------------------------------------------------------


def test_owns_invitation_and_owns_enrollment_admit_the_enrolled_asn_only():
    enrollment = EnrollmentFactory()
    invitation = SimpleNamespace(enrollment=enrollment)
    stranger = EmployeeFactory().user
    assert evaluation_rules.owns_invitation(enrollment.employee.user, invitation)
    assert not evaluation_rules.owns_invitation(stranger, invitation)
    assert evaluation_rules.owns_enrollment(enrollment.employee.user, enrollment)
    assert not evaluation_rules.owns_enrollment(stranger, enrollment)


def test_supervises_follow_up_admits_the_addressed_supervisor_only():
    boss = EmployeeFactory(user=UserFactory(roles=["asn", "supervisor"]))
    item = SimpleNamespace(supervisor=boss)
    assert evaluation_rules.supervises_follow_up(boss.user, item)
    assert not evaluation_rules.supervises_follow_up(EmployeeFactory(user=UserFactory(roles=["supervisor"])).user, item)


# --- feedback ---------------------------------------------------------------------------------------


def test_is_feedback_staff_admits_unit_officers_and_hr_staff():
    assert feedback_rules.is_feedback_staff(UserFactory(roles=["unit_officer"]))
    assert feedback_rules.is_feedback_staff(UserFactory(roles=["hr"]))
    assert not feedback_rules.is_feedback_staff(UserFactory(roles=["asn", "moderator"]))


def test_can_handle_feedback_admits_hr_and_the_officers_of_the_handling_unit():
    unit = OrgUnitFactory()
    feedback = FeedbackFactory(unit=unit)
    assert feedback_rules.can_handle_feedback(officer_of(unit), feedback)
    assert feedback_rules.can_handle_feedback(UserFactory(roles=["hr"]), feedback)
    assert not feedback_rules.can_handle_feedback(officer_of(OrgUnitFactory()), feedback)
    assert not feedback_rules.can_handle_feedback(EmployeeFactory(org_unit=unit).user, feedback)


# --- community ----------------------------------------------------------------------------------------


def test_can_moderate_admits_moderators_and_admins_only():
    assert community_rules.can_moderate(UserFactory(roles=["moderator"]))
    assert community_rules.can_moderate(UserFactory(roles=["admin"]))
    assert not community_rules.can_moderate(UserFactory(roles=["hr"]))


def test_is_forum_staff_admits_hr_moderators_and_admins():
    for role in ("hr", "moderator", "admin"):
        assert community_rules.is_forum_staff(UserFactory(roles=[role]))
    assert not community_rules.is_forum_staff(UserFactory(roles=["asn", "unit_officer"]))


def test_can_support_refuses_the_author_and_guests():
    topic = TopicFactory()
    assert community_rules.can_support(UserFactory(), topic)
    assert not community_rules.can_support(topic.author, topic)
    assert not community_rules.can_support(AnonymousUser(), topic)


def test_writes_as_public_for_citizens_and_guests_not_government_accounts():
    assert community_rules.writes_as_public(UserFactory(roles=["citizen"]))
    assert community_rules.writes_as_public(AnonymousUser())
    assert not community_rules.writes_as_public(UserFactory(roles=["asn"]))


def test_is_designated_for_and_can_answer_officially_admit_forum_staff_and_the_units_officers():
    topic = TopicFactory(category__org_unit=OrgUnitFactory())
    officer = officer_of(topic.category.org_unit)
    assert community_rules.is_designated_for(officer, topic)
    assert community_rules.can_answer_officially(UserFactory(roles=["moderator"]), topic)
    assert not community_rules.is_designated_for(officer_of(OrgUnitFactory()), topic)
    assert not community_rules.can_answer_officially(UserFactory(roles=["citizen"]), topic)


# --- the permissions: every name is registered, decided by its rule -------------------------------


@pytest.mark.parametrize(
    ("perm", "role"),
    [
        ("accounts.manage_competencies", "hr"),
        ("accounts.use_admin_site", "admin"),
        ("accounts.see_asn_menu", "asn"),
        ("training.manage_sessions", "hr"),
        ("training.view_approvals", "supervisor"),
        ("training.audit_claims", "hr"),
        ("evaluation.manage_evaluations", "admin"),
        ("evaluation.view_follow_ups", "supervisor"),
        ("feedback.view_inbox", "unit_officer"),
        ("feedback.manage_feedback", "hr"),
        ("community.moderate", "moderator"),
        ("community.view_stats", "hr"),
        ("community.organise_meetings", "moderator"),
        ("community.view_inputs", "hr"),
        ("announcements.manage_announcements", "hr"),
    ],
)
def test_role_permissions_admit_their_role_and_refuse_a_plain_account(perm, role):
    assert rules.perm_exists(perm)
    assert user_can(UserFactory(roles=[role]), perm)
    assert not user_can(UserFactory(roles=["citizen"]), perm)
    # Django's own API asks the same rule (rules.permissions.ObjectPermissionBackend).
    assert UserFactory(roles=[role]).has_perm(perm)


def test_asking_a_rule_through_django_costs_no_model_permission_query(django_assert_num_queries):
    user = UserFactory(roles=["citizen"])
    with django_assert_num_queries(1):  # the role groups, once; no auth_permission queries
        assert not user.has_perm("training.manage_sessions")
        assert not user.has_perm("feedback.manage_feedback")


def test_asn_permissions_refuse_an_account_without_profile_with_the_one_code():
    from django.core.exceptions import PermissionDenied

    no_profile = UserFactory(roles=["asn"])
    with pytest.raises(PermissionDenied) as refused:
        check_perm(no_profile, "training.use_self_service")
    assert refused.value.code == NO_EMPLOYEE_PROFILE
    check_perm(EmployeeFactory().user, "training.use_self_service")  # admitted: no exception
    with pytest.raises(PermissionDenied) as refused:
        check_perm(UserFactory(roles=["asn"]), "training.manage_sessions")
    assert getattr(refused.value, "code", None) != NO_EMPLOYEE_PROFILE


# --- one answer without an ASN profile -----------------------------------------------------------------

# Pages for civil servants: (url name, args, method).
ASN_PAGES = [
    ("training:my-enrollments", [], "get"),
    ("training:my-jp", [], "get"),
    ("training:my-claims", [], "get"),
    ("training:enroll", ["session"], "post"),
    ("training:check-in", ["token"], "get"),
    ("evaluation:my", [], "get"),
    ("feedback:asn-report", [], "get"),
    ("feedback:asn-mine", [], "get"),
    ("certificates:mine", [], "get"),
    ("planning:my-gaps", [], "get"),
    ("tutorials:my-progress", [], "get"),
    ("tutorials:resume", ["pk"], "get"),
    ("tutorials:step", ["pk", "position"], "get"),
    ("tutorials:quiz", ["pk"], "get"),
    ("tutorials:stuck", ["code"], "get"),
    ("workshops:my-plans", [], "get"),
    ("workshops:action-plan", ["pk"], "get"),
]
# API endpoints for civil servants: (url name, args, method).
ASN_APIS = [
    ("training-my-enrollments", [], "get"),
    ("training-my-jp", [], "get"),
    ("training-my-external", [], "get"),
    ("training-session-enroll", ["session"], "post"),
    ("training-check-in", [], "post"),
    ("evaluation-my-surveys", [], "get"),
    ("my-certificates", [], "get"),
    ("my-competency-gaps", [], "get"),
    ("tutorial-my-progress", [], "get"),
    ("tutorial-quiz", ["pk"], "post"),
    ("workshop-action-plan", ["pk"], "get"),
]


def _args(names):
    # The permission is checked before the object is looked up: any id will do.
    values = {
        "session": lambda: SessionFactory().pk,
        "token": lambda: "any-token",
        "pk": lambda: 1,
        "position": lambda: 1,
        "code": lambda: "srikandi",
    }
    return [values[name]() for name in names]


def _url(name, args):
    return reverse(name, args=_args(args))


@pytest.mark.parametrize(("name", "args", "method"), ASN_PAGES)
def test_every_asn_page_tells_an_account_without_profile_what_to_do(client, name, args, method):
    client.force_login(UserFactory(roles=["asn"]))
    response = getattr(client, method)(_url(name, args))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-error-code="no_employee_profile"' in html
    assert "BKPSDM" in html and "NIP" in html


@pytest.mark.parametrize(("name", "args", "method"), ASN_APIS)
def test_every_asn_api_answers_an_account_without_profile_403_no_employee_profile(name, args, method):
    api = APIClient()
    api.force_authenticate(UserFactory(roles=["asn"]))
    response = getattr(api, method)(_url(name, args), {"token": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == NO_EMPLOYEE_PROFILE
    assert "BKPSDM" in response.json()["detail"]


def test_other_refusals_keep_the_plain_403_page(client):
    client.force_login(UserFactory(roles=["asn"]))
    response = client.get(reverse("training:hr-sessions"))
    assert response.status_code == 403
    assert "no_employee_profile" not in response.content.decode()


# --- announcements ------------------------------------------------------------------------------------


def test_can_view_announcement_admits_hr_and_its_delivered_recipients_only():
    from announcements import rules as announcement_rules
    from announcements import services as announcement_services
    from announcements.models import Announcement
    from tests.announcements.conftest import participants

    hr = UserFactory(roles=["hr"])
    session = SessionFactory()
    (reader,) = participants(session, 1)
    announcement = announcement_services.announcement_create(
        actor=hr,
        subject="Ruang kelas pindah",
        body="Ke lantai 3.",
        audience=Announcement.Audience.SESSION,
        session=session,
    )
    assert announcement_rules.can_view_announcement(hr, announcement)
    assert not announcement_rules.can_view_announcement(reader.user, announcement)  # not delivered yet
    announcement_services.announcement_send(announcement_id=announcement.pk, actor=hr)
    announcement_services.announcement_deliver(announcement_id=announcement.pk)
    assert announcement_rules.can_view_announcement(reader.user, announcement)
    assert not announcement_rules.can_view_announcement(EmployeeFactory().user, announcement)
