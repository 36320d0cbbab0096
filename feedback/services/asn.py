"""ASN reports: feedback on trainings, difficulties with e-government apps.

Other apps call `asn_report_create`; the tutorial app passes its step as
`subject` (any model instance) and the app code as `egov_app_code`.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AsnReport

SCREENSHOT_MAX_BYTES = 3 * 1024 * 1024


def _training_links(subject):
    """Real foreign keys when the subject is a training program or session."""
    program = session = None
    if subject is None:
        return program, session
    label = subject._meta.label_lower
    if label == "training.session":
        session, program = subject, subject.program
    elif label == "training.program":
        program = subject
    return program, session


@transaction.atomic
def asn_report_create(
    *,
    reporter,
    kind: str,
    what_happened: str,
    subject=None,
    what_tried: str = "",
    screenshot=None,
    egov_app_code: str = "",
    rating: int | None = None,
) -> AsnReport:
    errors = {}
    what_happened = (what_happened or "").strip()
    if len(what_happened) < 10:
        errors["what_happened"] = _("Describe what happened in at least 10 characters.")
    if kind == AsnReport.Kind.TRAINING_FEEDBACK and subject is None:
        errors["subject"] = _("Choose the training this feedback is about.")
    if kind == AsnReport.Kind.APP_DIFFICULTY and subject is None and not egov_app_code:
        errors["egov_app_code"] = _("Name the application you had difficulty with.")
    if screenshot is not None and getattr(screenshot, "size", 0) > SCREENSHOT_MAX_BYTES:
        errors["screenshot"] = _("The screenshot is too large: at most 3 MB.")
    if errors:
        raise ValidationError(errors)
    program, session = _training_links(subject)
    report = AsnReport(
        kind=kind,
        reporter=reporter,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        subject_label=str(subject)[:255] if subject is not None else "",
        program=program,
        session=session,
        egov_app_code=(egov_app_code or "").strip().lower(),
        rating=rating,
        what_tried=(what_tried or "").strip(),
        what_happened=what_happened,
    )
    if screenshot is not None:
        report.screenshot = screenshot
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def asn_report_set_status(*, report: AsnReport, status: str, hr_note: str = "") -> AsnReport:
    report = AsnReport.objects.select_for_update().get(pk=report.pk)
    report.status = status
    if hr_note:
        report.hr_note = hr_note.strip()
    report.full_clean()
    report.save(update_fields=["status", "hr_note", "updated_at"])
    return report


def asn_subject_resolve(*, ref: str):
    """`app_label.model:pk` (as linked from other apps) -> the object, or None.

    Only training programs/sessions and tutorial models may be subjects.
    """
    try:
        label, pk = ref.split(":", 1)
        app_label, model_name = label.lower().split(".", 1)
        pk = int(pk)
    except (ValueError, AttributeError):
        return None
    if app_label not in {"training", "tutorials"}:
        return None
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    return model._default_manager.filter(pk=pk).first()
