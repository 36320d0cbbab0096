import pytest

from tests.accounts.factories import UserFactory

from .factories import standard_questionnaire


@pytest.fixture
def hr_user(db):
    return UserFactory(roles=["hr"])


@pytest.fixture
def questionnaire(db):
    return standard_questionnaire()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run enqueued tasks in-process (the real task code, synchronously); the
    live-worker tests (marker celery_worker) use the real broker instead."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from asn_competency.celery_app import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
