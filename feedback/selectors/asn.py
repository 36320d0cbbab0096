"""Reads of ASN reports: grouped counts per subject for HR, the tutorial and evaluation apps."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Max, Q, QuerySet

from ..models import AsnReport


def asn_report_list(*, kind: str = "", status: str = "", reporter=None) -> QuerySet[AsnReport]:
    qs = AsnReport.objects.select_related("reporter", "reporter__org_unit", "subject_type", "program", "session")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if reporter is not None:
        qs = qs.filter(reporter=reporter)
    return qs.order_by("-created_at")


def asn_report_summary(
    *, kind: str = "", start: datetime.date | None = None, end: datetime.date | None = None
) -> list[dict]:
    """Reports grouped by subject (tutorial step, training, e-gov application), most reported first.

    Row: {"kind", "subject_type" (app_label.model or None), "subject_id", "egov_app_code",
    "app_name", "label", "total", "open", "avg_rating", "latest"}. One query (two when
    application names are looked up in the tutorial app).
    """
    qs = AsnReport.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if start is not None:
        qs = qs.filter(created_at__date__gte=start)
    if end is not None:
        qs = qs.filter(created_at__date__lte=end)
    rows = (
        qs.order_by()
        .values("kind", "subject_type__app_label", "subject_type__model", "subject_id", "egov_app_code")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status=AsnReport.Status.OPEN)),
            avg_rating=Avg("rating"),
            latest=Max("created_at"),
            label=Max("subject_label"),
        )
        .order_by("-total", "-latest")
    )
    rows = list(rows)
    app_names = dict(egov_app_choices()) if any(row["egov_app_code"] for row in rows) else {}
    for row in rows:
        app_label, model = row.pop("subject_type__app_label"), row.pop("subject_type__model")
        row["subject_type"] = f"{app_label}.{model}" if app_label else None
        row["app_name"] = app_names.get(row["egov_app_code"], row["egov_app_code"])
        row["label"] = row["label"] or row["app_name"] or ""
    return rows


def asn_report_counts_for(*, model, ids) -> dict[int, int]:
    """{subject id: number of reports} for objects of `model` (e.g. tutorial steps), one query."""
    content_type = ContentType.objects.get_for_model(model)
    rows = (
        AsnReport.objects.filter(subject_type=content_type, subject_id__in=list(ids))
        .order_by()
        .values("subject_id")
        .annotate(n=Count("pk"))
    )
    return {row["subject_id"]: row["n"] for row in rows}


def asn_report_kind_counts() -> dict:
    return AsnReport.objects.aggregate(
        training=Count("pk", filter=Q(kind=AsnReport.Kind.TRAINING_FEEDBACK)),
        apps=Count("pk", filter=Q(kind=AsnReport.Kind.APP_DIFFICULTY)),
        open=Count("pk", filter=Q(status=AsnReport.Status.OPEN)),
    )


def asn_report_get(*, pk: int) -> AsnReport:
    return AsnReport.objects.select_related("reporter", "subject_type").get(pk=pk)


def egov_app_choices() -> list[tuple[str, str]]:
    """(code, name) of the e-government applications the tutorial app knows, if it is installed."""
    from django.apps import apps

    try:
        model = apps.get_model("tutorials", "EgovApplication")
    except LookupError:
        return []
    return list(model._default_manager.order_by("name").values_list("code", "name"))
