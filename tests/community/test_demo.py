import io

import pytest

from community.models import Meeting, MeetingOutcome, MeetingRegistration, Post, Report, Support, Topic, Visibility


def _counts():
    return tuple(
        m.objects.count() for m in (Topic, Post, Support, Report, Meeting, MeetingRegistration, MeetingOutcome)
    )


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_shows_every_state():
    from accounts import demo as accounts_demo
    from community import demo

    accounts_demo.seed(out=io.StringIO())
    demo.seed(out=io.StringIO())
    counts = _counts()
    demo.seed(out=io.StringIO())
    assert _counts() == counts
    assert set(Topic.objects.values_list("status", flat=True)) == set(Topic.Status.values)
    # Official answers only from people designated for the forum: Diskominfo's programmer replying on
    # traffic lights, or Disdukcapil's officer on business permits, write as themselves.
    assert Post.objects.filter(official_unit__isnull=False).count() >= 8
    assert not Post.objects.filter(author__username__in=["asn4", "officer"], official_unit__isnull=False).exists()
    assert Post.objects.filter(visibility=Visibility.PENDING).exists()
    assert Post.objects.filter(visibility=Visibility.HIDDEN, hidden_automatically=True).exists()
    assert Post.objects.filter(visibility=Visibility.PUBLISHED, report_count__gt=0).exists()
    assert Meeting.objects.filter(status=Meeting.Status.HELD).exclude(minutes="").count() == 2
    assert Meeting.objects.filter(status=Meeting.Status.SCHEDULED).count() == 3
    assert MeetingOutcome.objects.exists() and MeetingRegistration.objects.filter(attended_at__isnull=False).exists()
