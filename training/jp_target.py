"""The yearly JP target, one rule for pages, reports, the API and dashboards.

Every ASN is owed at least 20 JP of competency development a year (PP 11/2017
art. 203). The target per employment type is the setting JP_YEARLY_TARGET
({"pns": 20, "pppk": 20}); a type the setting does not name gets DEFAULT.
The same rule in Python (`jp_target_for`) and in SQL (`jp_target_expression`,
`jp_target_reached_q`), so a page and an aggregate can never disagree.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Case, DecimalField, Q, Value, When

DEFAULT = 20
JP = DecimalField(max_digits=8, decimal_places=1)


def jp_target_for(*, employment_type: str) -> int:
    return settings.JP_YEARLY_TARGET.get(employment_type, DEFAULT)


def jp_target_expression(*, field: str = "employment_type") -> Case:
    """The target of each row's employment type (`field`), as an annotation."""
    return Case(
        *[When(**{field: kind}, then=Value(Decimal(target))) for kind, target in settings.JP_YEARLY_TARGET.items()],
        default=Value(Decimal(DEFAULT)),
        output_field=JP,
    )


def jp_target_reached_q(*, jp: str, field: str = "employment_type") -> Q:
    """Rows whose JP (the annotation or field `jp`) reach their target (for Count(filter=...))."""
    targets = settings.JP_YEARLY_TARGET
    reached = ~Q(**{f"{field}__in": list(targets)}) & Q(**{f"{jp}__gte": DEFAULT})
    for kind, target in targets.items():
        reached |= Q(**{field: kind, f"{jp}__gte": target})
    return reached
