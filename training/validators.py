"""Upload checks for certificates of external training: the content decides
(a PDF that pypdf can read, or a PNG/JPEG/WebP image Pillow can decode), not the
file name; the size limit is TRAINING_CLAIM_MAX_UPLOAD_BYTES."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

IMAGE_FORMATS = {"PNG": {".png"}, "JPEG": {".jpg", ".jpeg"}, "WEBP": {".webp"}}
PDF_EXTENSIONS = {".pdf"}
ALLOWED_EXTENSIONS = PDF_EXTENSIONS.union(*IMAGE_FORMATS.values())


def _check_pdf(file) -> None:
    try:
        reader = PdfReader(file)
        if len(reader.pages) < 1:
            raise ValidationError(_("The PDF has no pages."), code="empty_pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(_("The file is not a readable PDF document."), code="not_a_pdf") from exc


def _check_image(file, extension: str) -> None:
    try:
        with Image.open(file) as image:
            image_format = image.format
            image.verify()  # reads the whole stream: catches truncated or corrupt files
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a valid PNG, JPEG or WebP image."), code="not_an_image") from exc
    if image_format not in IMAGE_FORMATS or extension not in IMAGE_FORMATS[image_format]:
        raise ValidationError(
            _("The file's content does not match its name: upload a PDF or a PNG, JPEG or WebP image."),
            code="format_mismatch",
        )


def validate_certificate_file(file) -> None:
    """Accept a PDF or a PNG/JPEG/WebP image within the size limit, by content."""
    if not file:
        raise ValidationError(_("Upload the certificate or another proof of the training."), code="proof_missing")
    max_bytes = settings.TRAINING_CLAIM_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s is allowed.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    extension = Path(getattr(file, "name", "") or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Upload a PDF or a PNG, JPEG or WebP image."), code="bad_extension")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(5)
        file.seek(0)
        if extension in PDF_EXTENSIONS:
            if head != b"%PDF-":
                raise ValidationError(_("The file is not a readable PDF document."), code="not_a_pdf")
            _check_pdf(file)
        else:
            _check_image(file, extension)
    finally:
        file.seek(position)
