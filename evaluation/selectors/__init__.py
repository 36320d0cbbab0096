"""Reads of the evaluation app (selectors own their queries)."""

from .core import *  # noqa: F403
from .core import __all__ as _core_all
from .dashboard import dashboard_data
from .periods import aware_bounds, period_bounds, previous_period

__all__ = [*_core_all, "aware_bounds", "dashboard_data", "period_bounds", "previous_period"]
