"""The certificate document: A4 landscape, drawn with reportlab, QR by segno.

Pure Python (pip installs everything); the text is in the site's default
language (Indonesian), as an official document of Pemkot Medan."""

import io

import segno
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from .models import Certificate

NAVY = colors.HexColor("#0b3d6e")
GOLD = colors.HexColor("#b8922f")


def qr_png(url: str) -> bytes:
    """The verification QR code as a PNG (error correction M, quiet zone 4)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _fmt_jp(value) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text.replace(".", ",")


def _centered(c, text, y, *, font="Helvetica", size=12, color=colors.black, max_width=None):
    width, _height = landscape(A4)
    c.setFont(font, size)
    c.setFillColor(color)
    lines = simpleSplit(text, font, size, max_width or width - 80 * mm)
    for line in lines:
        c.drawCentredString(width / 2, y, line)
        y -= size * 1.25
    return y


def render_certificate_pdf(certificate: Certificate) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _render(certificate)


def _render(cert: Certificate) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    c.setTitle(_("Certificate %(number)s") % {"number": cert.number})
    c.setAuthor(settings.CERTIFICATES_ISSUER)
    c.setSubject(cert.program_title)
    c.setCreator("Kompeten Medan")

    # Frame
    c.setStrokeColor(NAVY)
    c.setLineWidth(4)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.2)
    c.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)

    y = height - 32 * mm
    y = _centered(c, _("CITY GOVERNMENT OF MEDAN"), y, font="Helvetica-Bold", size=13, color=NAVY)
    y = _centered(c, settings.CERTIFICATES_ISSUER.upper(), y, font="Helvetica", size=11, color=NAVY)
    y -= 10 * mm
    y = _centered(c, _("CERTIFICATE"), y, font="Helvetica-Bold", size=34, color=NAVY)
    y -= 2 * mm
    y = _centered(c, _("Number: %(number)s") % {"number": cert.number}, y, size=12)
    y -= 8 * mm
    y = _centered(c, _("is awarded to"), y, font="Helvetica-Oblique", size=12)
    y -= 3 * mm
    y = _centered(c, cert.holder_name, y, font="Helvetica-Bold", size=24)
    y = _centered(c, _("NIP %(nip)s") % {"nip": cert.holder_nip}, y, size=12)
    y -= 6 * mm
    y = _centered(c, _("for having attended and completed"), y, font="Helvetica-Oblique", size=12)
    y -= 2 * mm
    y = _centered(c, cert.program_title, y, font="Helvetica-Bold", size=17, color=NAVY)
    if cert.session_start == cert.session_end:
        when = date_format(cert.session_start, "j F Y")
    else:
        when = f"{date_format(cert.session_start, 'j F Y')} - {date_format(cert.session_end, 'j F Y')}"
    y = _centered(
        c,
        _("%(session)s, %(when)s, worth %(jp)s JP (lesson hours)")
        % {"session": cert.session_title, "when": when, "jp": _fmt_jp(cert.jp)},
        y,
        size=11,
    )

    # Signature block (right)
    sx = width - 95 * mm
    sy = 40 * mm
    c.setFillColor(colors.black)
    c.setFont("Helvetica", 11)
    c.drawCentredString(sx, sy + 22 * mm, _("Medan, %(date)s") % {"date": date_format(cert.issued_on, "j F Y")})
    c.drawCentredString(sx, sy + 16 * mm, settings.CERTIFICATES_SIGNER_NAME)
    c.setFont("Helvetica", 8)
    c.drawCentredString(sx, sy + 4 * mm, _("Electronically issued; verify with the QR code."))
    if settings.CERTIFICATES_SIGNER_NIP:
        c.setFont("Helvetica", 10)
        c.drawCentredString(sx, sy - 2 * mm, _("NIP %(nip)s") % {"nip": settings.CERTIFICATES_SIGNER_NIP})

    # QR (left) pointing to the public verification page, also a clickable link.
    url = cert.verify_url
    size = 38 * mm
    qx, qy = 24 * mm, 22 * mm
    c.drawImage(ImageReader(io.BytesIO(qr_png(url))), qx, qy, width=size, height=size)
    c.linkURL(url, (qx, qy, qx + size, qy + size), relative=0)
    c.setFont("Helvetica", 7.5)
    c.setFillColor(colors.black)
    c.drawString(qx + size + 3 * mm, qy + 16 * mm, _("Scan to verify this certificate:"))
    c.drawString(qx + size + 3 * mm, qy + 12 * mm, url)
    c.drawString(qx + size + 3 * mm, qy + 8 * mm, _("Verification code: %(code)s") % {"code": cert.code})

    c.showPage()
    c.save()
    return buffer.getvalue()
