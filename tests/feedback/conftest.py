import pytest


@pytest.fixture(autouse=True)
def _no_rate_limit_unless_asked(settings):
    """Tests submit many times from one address; rate-limit tests turn the limit on."""
    settings.FEEDBACK_RATE_LIMIT = ""
    settings.FEEDBACK_TRACK_RATE_LIMIT = ""


@pytest.fixture(autouse=True)
def _indonesian(settings):
    settings.LANGUAGE_CODE = "id"
