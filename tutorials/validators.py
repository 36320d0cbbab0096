"""Upload checks for screenshots: the real image content decides, not the file name."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow format name -> file extensions that may carry it.
FORMAT_EXTENSIONS = {"PNG": {".png"}, "JPEG": {".jpg", ".jpeg"}, "WEBP": {".webp"}}


def validate_screenshot(file) -> None:
    """Accept PNG, JPEG or WebP images within the size and pixel limits.

    The content is opened with Pillow: an HTML or SVG file renamed to .png, a
    truncated image or an image whose format contradicts its extension is refused.
    """
    if not file:
        return
    max_bytes = settings.TUTORIALS_SCREENSHOT_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The screenshot is %(size)s; at most %(max)s is allowed.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    extension = Path(getattr(file, "name", "") or "").suffix.lower()
    allowed_ext = set().union(*FORMAT_EXTENSIONS.values())
    if extension not in allowed_ext:
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="bad_extension")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()  # reads the whole stream: catches truncated or corrupt files
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a valid PNG, JPEG or WebP image."), code="not_an_image") from exc
    finally:
        file.seek(position)
    if image_format not in FORMAT_EXTENSIONS:
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="bad_format")
    if extension not in FORMAT_EXTENSIONS[image_format]:
        raise ValidationError(
            _("The file is a %(format)s image but is named %(extension)s.")
            % {"format": image_format, "extension": extension},
            code="format_mismatch",
        )
    if width * height > settings.TUTORIALS_SCREENSHOT_MAX_PIXELS:
        raise ValidationError(
            _("The screenshot is %(w)sx%(h)s pixels; make it smaller.") % {"w": width, "h": height},
            code="too_many_pixels",
        )
