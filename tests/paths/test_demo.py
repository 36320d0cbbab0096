"""The learning paths demo is idempotent and shows asn1 a path with progress."""

import io

import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.models import User
from paths import demo as paths_demo
from paths import selectors
from paths.models import LearningPath, PathEnrolment
from planning import demo as planning_demo
from training import demo as training_demo
from tutorials import demo as tutorials_demo


@pytest.mark.django_db
def test_paths_demo_twice_gives_the_same_rows_and_asn1_sees_progress(client):
    out = io.StringIO()
    for module in (accounts_demo, training_demo, planning_demo, tutorials_demo, paths_demo):
        module.seed(out=out)
    first = (LearningPath.objects.count(), PathEnrolment.objects.count())
    assert first[0] == 3 and LearningPath.objects.filter(status="published").count() == 2
    assert first[1] > 2
    paths_demo.seed(out=out)
    assert (LearningPath.objects.count(), PathEnrolment.objects.count()) == first
    # asn1 has both gaps, follows both paths and finished the e-Office tutorial step.
    client.force_login(User.objects.get(username="asn1"))
    paths = client.get(reverse("paths:mine")).context["paths"]
    assert len(paths) == 2 and all(p.following for p in paths)
    digital = next(p for p in paths if p.competency.code == "T.TIK.01")
    assert digital.required_done == 1
    assert len(list(selectors.path_report())) > 2
