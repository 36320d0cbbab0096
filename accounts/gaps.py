"""Competency gaps: the ONE definition used by pages, the API and recommendations.

    gap = required level - assessed level

positive: a deficit (levels still to develop); 0: the requirement is met;
negative: a surplus (assessed above the requirement); None: not assessed yet.
Levels are those of PermenPANRB 38/2017 (1-5).
"""

from django.db.models import Case, F, IntegerField, Q, Value, When


def competency_gap(*, required: int, assessed: int | None) -> int | None:
    """The gap of one requirement, in Python (for values already loaded)."""
    if assessed is None:
        return None
    return required - assessed


def gap_expression(*, required: str, assessed: str):
    """The same gap as an SQL expression over two fields or annotations."""
    return Case(
        When(**{f"{assessed}__isnull": True}, then=Value(None)),
        default=F(required) - F(assessed),
        output_field=IntegerField(),
    )


def deficit_q(*, required: str, assessed: str) -> Q:
    """Rows with a deficit (gap > 0): assessed below the required level."""
    return Q(**{f"{assessed}__lt": F(required)})


def needs_development(gap: int | None) -> bool:
    """A requirement the ASN still has to develop: a deficit, or not assessed yet."""
    return gap is None or gap > 0


def closes_gap(*, target_level: int, assessed: int | None) -> bool:
    """A program raising a competency to `target_level` helps an ASN assessed at
    `assessed` (not assessed counts as level 0)."""
    return target_level > (assessed or 0)
