"""The staff list at city scale: overdue feedback first, then the newest, read
segment by segment with a LIMIT (no sort of the whole table by a computed flag,
no count of the whole table)."""

import datetime

import pytest
from django.test import RequestFactory

from asn_competency.common.shortcuts import paginate_segments
from feedback.models import Feedback
from feedback.selectors import feedback_list_segments
from tests.accounts.factories import OrgUnitFactory, UserFactory

from .factories import FeedbackFactory

S = Feedback.Status
LIST = "/feedback/staff/"


@pytest.fixture
def hr(db):
    return UserFactory(roles=["hr"])


def _page(user, number, per_page=5):
    request = RequestFactory().get(LIST, {"page": number})
    return paginate_segments(request, feedback_list_segments(user=user), per_page=per_page)


def test_overdue_first_then_newest_across_page_boundaries(hr):
    unit = OrgUnitFactory(serves_public=True)
    long_ago = datetime.date(2020, 1, 1)
    overdue = [FeedbackFactory(unit=unit, status=S.RECEIVED, verify_due=long_ago) for _ in range(3)]
    overdue.append(FeedbackFactory(unit=unit, status=S.VERIFIED, verify_due=long_ago, answer_due=long_ago))
    others = [FeedbackFactory(unit=unit, status=S.CLOSED) for _ in range(7)]
    expected = sorted(overdue, key=lambda f: (f.created_at, f.pk), reverse=True) + sorted(
        others, key=lambda f: (f.created_at, f.pk), reverse=True
    )
    pages = [_page(hr, n) for n in (1, 2, 3)]
    assert [f.pk for p in pages for f in p] == [f.pk for f in expected]
    assert [len(p) for p in pages] == [5, 5, 1]
    assert [p.has_next() for p in pages] == [True, True, False]
    assert [p.has_previous() for p in pages] == [False, True, True]
    assert pages[0].object_list[0].is_overdue and not pages[1].object_list[0].is_overdue
    assert list(_page(hr, 9)) == []  # past the end: empty, not an error
    assert _page(hr, "x").number == 1


def test_a_page_counts_a_segment_only_when_it_lies_wholly_past_it(hr, django_assert_num_queries):
    unit = OrgUnitFactory(serves_public=True)
    for _ in range(12):
        FeedbackFactory(unit=unit, status=S.RECEIVED, verify_due=datetime.date(2020, 1, 1))
    for _ in range(10):
        FeedbackFactory(unit=unit, status=S.CLOSED)
    _page(hr, 1)  # the user's roles are cached on the user object
    # page 1: the overdue head (a LIMIT), nothing else: no count at all.
    with django_assert_num_queries(1):
        page = _page(hr, 1)
    assert [f.is_overdue for f in page] == [True] * 5 and page.has_next()
    # page 3: the overdue tail (2 of the 6 asked for: its end, so no count) and the rest's head.
    with django_assert_num_queries(2):
        page = _page(hr, 3)
    assert [f.is_overdue for f in page] == [True, True, False, False, False]
    assert page.has_next()
    # page 4 lies wholly past the overdue: an empty read, its count (12), then the rest from 3.
    with django_assert_num_queries(3):
        page = _page(hr, 4)
    assert [f.is_overdue for f in page] == [False] * 5
    assert page.has_next()
    last = _page(hr, 5)
    assert len(last) == 2 and not last.has_next()
