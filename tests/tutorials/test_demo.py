"""The demo seeders of both apps are idempotent (on top of the accounts and training demo)."""

import io

import pytest
from django.apps import apps

from accounts import demo as accounts_demo
from training import demo as training_demo
from tutorials import demo as tutorials_demo
from workshops import demo as workshops_demo

MINE = ("tutorials", "workshops")


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in MINE} | {
        "training.JpLedgerEntry": apps.get_model("training", "JpLedgerEntry").objects.count()
    }


@pytest.mark.django_db
def test_tutorial_and_workshop_demo_twice_gives_the_same_rows():
    out = io.StringIO()
    accounts_demo.seed(out=out)
    training_demo.seed(out=out)
    tutorials_demo.seed(out=out)
    workshops_demo.seed(out=out)
    first = _counts()
    assert first["tutorials.EgovApplication"] == 8 and first["tutorials.Tutorial"] == 6
    assert first["tutorials.TutorialProgress"] > 100 and first["workshops.Workshop"] == 6
    assert first["workshops.ActionPlanItem"] > 0
    tutorials_demo.seed(out=out)
    workshops_demo.seed(out=out)
    assert _counts() == first
