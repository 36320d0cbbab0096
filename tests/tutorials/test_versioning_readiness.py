"""Versioning (outdated marking), authoring order, readiness figures and stuck reports."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Position
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, PositionFactory
from tutorials import selectors, services
from tutorials.models import Tutorial, TutorialStep

from .factories import EgovApplicationFactory, correct_answers, make_tutorial

pytestmark = pytest.mark.django_db


def _complete(employee, tutorial):
    for step in tutorial.steps.order_by("position"):
        services.step_complete(employee=employee, step=step)
    assert services.quiz_submit(employee=employee, tutorial=tutorial, answers=correct_answers(tutorial)).passed


def test_new_version_lists_tutorials_to_review_and_keeps_history():
    app = EgovApplicationFactory(current_version="2.1")
    old = make_tutorial(application=app, steps=1, questions=1)
    archived = make_tutorial(application=app, steps=1, questions=1, status=Tutorial.Status.ARCHIVED)
    entry, to_review = services.application_version_set(
        application=app, version="3.0", released_on=datetime.date(2026, 11, 1), notes="Menu baru"
    )
    app.refresh_from_db()
    assert app.current_version == "3.0" and entry.version == "3.0"
    assert to_review == [old]
    assert archived not in to_review
    assert list(selectors.tutorials_to_review(application=app)) == [old]


def test_setting_the_same_or_a_recorded_version_again_is_refused():
    app = EgovApplicationFactory(current_version="1.0")
    with pytest.raises(ValidationError):
        services.application_version_set(application=app, version="1.0", released_on=datetime.date(2026, 1, 1))
    services.application_version_set(application=app, version="1.1", released_on=datetime.date(2026, 2, 1))
    services.application_version_set(application=app, version="1.2", released_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.application_version_set(application=app, version="1.1", released_on=datetime.date(2026, 4, 1))


def test_mark_outdated_needs_a_note_and_is_counted_then_mark_current_clears_it_and_raises_revision():
    app = EgovApplicationFactory(current_version="1.0")
    tutorial = make_tutorial(application=app, steps=1, questions=1)
    with pytest.raises(ValidationError):
        services.tutorial_mark_outdated(tutorial=tutorial, note="  ")
    services.tutorial_mark_outdated(tutorial=tutorial, note="Menu Disposisi pindah ke kiri")
    tutorial.refresh_from_db()
    assert tutorial.is_outdated and tutorial.outdated_at is not None
    assert selectors.outdated_tutorial_counts() == {"published": 1, "outdated": 1}
    assert list(selectors.application_list())[0].outdated_count == 1
    services.application_version_set(application=app, version="2.0", released_on=datetime.date(2026, 5, 1))
    current = services.tutorial_mark_current(tutorial=tutorial)
    assert (current.is_outdated, current.app_version, current.revision) == (False, "2.0", 2)
    assert selectors.outdated_tutorial_counts() == {"published": 1, "outdated": 0}


def test_steps_reorder_and_move_keep_positions_contiguous():
    tutorial = make_tutorial(steps=3, questions=1)
    a, b, c = tutorial.steps.order_by("position")
    services.steps_reorder(tutorial=tutorial, step_ids=[c.pk, a.pk, b.pk])
    assert list(tutorial.steps.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.step_move(step=TutorialStep.objects.get(pk=b.pk), direction="up")
    assert list(tutorial.steps.order_by("position").values_list("pk", "position")) == [(c.pk, 1), (b.pk, 2), (a.pk, 3)]
    services.step_move(step=TutorialStep.objects.get(pk=c.pk), direction="up")  # already first: unchanged
    assert tutorial.steps.get(position=1).pk == c.pk
    services.step_delete(step=TutorialStep.objects.get(pk=b.pk))
    assert list(tutorial.steps.order_by("position").values_list("pk", "position")) == [(c.pk, 1), (a.pk, 2)]


def test_steps_reorder_refuses_a_list_that_is_not_every_step_once():
    tutorial = make_tutorial(steps=2, questions=1)
    a, b = tutorial.steps.order_by("position")
    other = make_tutorial(steps=1, questions=1).steps.get()
    for ids in ([a.pk], [a.pk, a.pk], [a.pk, other.pk], ["x", b.pk]):
        with pytest.raises(ValidationError):
            services.steps_reorder(tutorial=tutorial, step_ids=ids)


def test_readiness_counts_only_the_asn_who_must_use_the_app_per_unit():
    unit_a = OrgUnitFactory(code="unit-a", name="Dinas A")
    unit_b = OrgUnitFactory(code="unit-b", name="Dinas B")
    executor = PositionFactory(kind=Position.Kind.EXECUTOR)
    functional = PositionFactory(kind=Position.Kind.FUNCTIONAL)
    app = EgovApplicationFactory(kinds=[Position.Kind.EXECUTOR])
    tutorial = make_tutorial(application=app, steps=1, questions=1)
    a1, a2, a3 = (EmployeeFactory(org_unit=unit_a, position=executor) for _ in range(3))
    b1 = EmployeeFactory(org_unit=unit_b, position=executor)
    outsider = EmployeeFactory(org_unit=unit_b, position=functional)  # not in the audience
    _complete(a1, tutorial)
    _complete(b1, tutorial)
    _complete(outsider, tutorial)

    rows = {r["org_unit__code"]: r for r in selectors.readiness_by_unit(application=app)}
    assert (rows["unit-a"]["audience"], rows["unit-a"]["ready"], rows["unit-a"]["percent"]) == (3, 1, 33)
    assert (rows["unit-b"]["audience"], rows["unit-b"]["ready"], rows["unit-b"]["percent"]) == (1, 1, 100)

    overview = {a.code: a for a in selectors.readiness_overview()}[app.code]
    assert (overview.audience_count, overview.ready_count, overview.ready_current_count) == (4, 2, 2)
    # The catalogue's "ready users" counts everyone who completed, audience or not.
    assert {a.code: a for a in selectors.application_list()}[app.code].ready_users == 3

    services.tutorial_mark_outdated(tutorial=tutorial, note="Versi baru")
    overview = {a.code: a for a in selectors.readiness_overview()}[app.code]
    assert (overview.ready_count, overview.ready_current_count) == (2, 0)
    assert a2 and a3  # in the audience, not ready


def test_audience_limited_to_units_when_units_are_listed():
    unit_a = OrgUnitFactory(code="unit-a")
    unit_b = OrgUnitFactory(code="unit-b")
    app = EgovApplicationFactory()
    app.units.set([unit_a])
    EmployeeFactory(org_unit=unit_a)
    EmployeeFactory(org_unit=unit_b)
    overview = {a.code: a for a in selectors.readiness_overview()}[app.code]
    assert overview.audience_count == 1
    assert [r["org_unit__code"] for r in selectors.readiness_by_unit(application=app)] == ["unit-a"]


def test_application_save_requires_known_position_kinds():
    app = EgovApplicationFactory.build(owner_unit=OrgUnitFactory())
    with pytest.raises(ValidationError):
        services.application_save(application=app, position_kinds=[])
    with pytest.raises(ValidationError):
        services.application_save(application=app, position_kinds=["camat"])
    saved = services.application_save(application=app, position_kinds=["pelaksana", "pengawas", "pelaksana"])
    assert sorted(saved.audience.values_list("position_kind", flat=True)) == ["pelaksana", "pengawas"]


def test_stuck_report_on_a_step_is_an_asn_report_linked_to_app_and_step_and_grouped():
    from feedback.models import AsnReport

    tutorial = make_tutorial(steps=2, questions=1)
    app = tutorial.application
    step = tutorial.steps.get(position=2)
    employee = EmployeeFactory()
    services.stuck_report_create(
        employee=employee, application=app, step=step, what_tried="Klik Simpan", what_happened="Muncul galat 500"
    )
    services.stuck_report_create(employee=employee, application=app, step=step, what_happened="Tombol Simpan tidak ada")
    services.stuck_report_create(employee=employee, application=app, what_happened="Tidak bisa masuk sama sekali")
    report = AsnReport.objects.filter(subject_id=step.pk).first()
    assert report.kind == AsnReport.Kind.APP_DIFFICULTY
    assert report.subject == step and report.egov_app_code == app.code
    groups = selectors.stuck_reports_grouped()
    by_subject = {(g["is_step"], g["subject_id"]): g for g in groups}
    assert by_subject[(True, step.pk)]["total"] == 2
    assert by_subject[(True, step.pk)]["step_position"] == 2
    assert by_subject[(False, app.pk)]["total"] == 1
    assert all(g["app_name"] == app.name for g in groups)


def test_stuck_report_refuses_a_step_of_another_application_and_an_empty_description():
    tutorial = make_tutorial(steps=1, questions=1)
    other_app = EgovApplicationFactory()
    with pytest.raises(ValidationError):
        services.stuck_report_create(
            employee=EmployeeFactory(), application=other_app, step=tutorial.steps.get(), what_happened="x"
        )
    with pytest.raises(ValidationError):
        services.stuck_report_create(employee=EmployeeFactory(), application=other_app, what_happened="  ")
