import threading

import pytest
from django.db import connection

from feedback import services
from feedback.codes import ALPHABET, CODE_LENGTH, is_well_formed, new_tracking_code, normalize_tracking_code
from feedback.models import Feedback
from tests.accounts.factories import OrgUnitFactory

from .factories import submission


def test_codes_use_crockford_base32_and_are_twelve_long():
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)
        assert not set(code) & set("ILOU")


def test_typed_codes_are_normalised():
    assert normalize_tracking_code(" 7kq2-m9xd 4tpa ") == "7KQ2M9XD4TPA"
    assert normalize_tracking_code("O1IL") == "0111"
    assert is_well_formed("7KQ2M9XD4TPA")
    assert not is_well_formed("7KQ2M9XD4TP")
    assert not is_well_formed("7KQ2M9XD4TPU")


@pytest.mark.django_db
def test_a_colliding_code_is_drawn_again(monkeypatch):
    unit = OrgUnitFactory()
    first = services.feedback_submit(**submission(unit=unit))
    drawn = iter([first.tracking_code, first.tracking_code, "ABCDEFGHJKMN"])
    monkeypatch.setattr("feedback.services.submission.new_tracking_code", lambda: next(drawn))
    second = services.feedback_submit(**submission(unit=unit))
    assert second.tracking_code == "ABCDEFGHJKMN"
    assert Feedback.objects.count() == 2
    assert second.events.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_codes_even_when_draws_collide(monkeypatch):
    """Eight threads draw from a tiny pool of codes at once: the unique constraint
    and the retry give every stored submission its own code, and none is lost."""
    unit = OrgUnitFactory()
    pool = ["AAAAAAAAAAAA", "BBBBBBBBBBBB", "CCCCCCCCCCCC", "DDDDDDDDDDDD"]
    lock = threading.Lock()
    counter = {"n": 0}

    def draw():
        with lock:
            counter["n"] += 1
            n = counter["n"]
        # The first draws of every thread collide on the same code.
        return pool[0] if n <= 8 else new_tracking_code()

    monkeypatch.setattr("feedback.services.submission.new_tracking_code", draw)
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.feedback_submit(**submission(unit=unit))
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    codes = list(Feedback.objects.values_list("tracking_code", flat=True))
    assert len(codes) == 8
    assert len(set(codes)) == 8
