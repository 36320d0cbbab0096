import threading

import pytest
from django.db import connection

from asn_competency.common.errors import ConflictError
from community import services
from community.models import Report, Support, Visibility
from tests.accounts.factories import UserFactory

from .factories import PostFactory, TopicFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(n, target):
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            target(i)
        finally:
            connection.close()  # threads own their connections; free them for teardown

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_concurrent_support_clicks_of_one_account_count_once():
    topic, user = TopicFactory(), UserFactory()
    outcomes = []

    def vote(_i):
        try:
            services.topic_support(topic=topic, user=user)
            outcomes.append("created")
        except ConflictError:
            outcomes.append("conflict")

    _run_together(8, vote)
    assert Support.objects.filter(topic=topic, user=user).count() == 1
    assert sorted(outcomes) == ["conflict"] * 7 + ["created"]


def test_concurrent_reports_hide_exactly_once_at_the_threshold():
    post = PostFactory()
    reporters = [UserFactory() for _ in range(6)]

    def report(i):
        services.post_report(post=post, reporter=reporters[i], reason=Report.Reason.SPAM)

    _run_together(6, report)
    post.refresh_from_db()
    assert post.report_count == 6
    assert post.visibility == Visibility.HIDDEN
    assert post.moderation_log.filter(action="auto_hide").count() == 1
