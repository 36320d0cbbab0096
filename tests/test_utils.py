import itertools
import time

import pytest

from tests.utils import wait_until


def test_wait_until_returns_the_first_truthy_value():
    calls = itertools.count(1)
    assert wait_until(lambda: next(calls) >= 3 and "done", interval=0) == "done"


def test_wait_until_fails_with_a_message_after_the_timeout():
    started = time.monotonic()
    with pytest.raises(AssertionError, match="timed out after 0.1s waiting for the report"):
        wait_until(lambda: None, timeout=0.1, interval=0.02, what="the report")
    assert time.monotonic() - started < 1
