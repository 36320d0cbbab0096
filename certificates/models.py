"""Certificates of completed trainings: a unique number, an unguessable
verification code, a PDF generated in the background, revocation by HR."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_competency.common.models import TimeStampedModel
from asn_competency.common.site import absolute_url
from training.models import Enrollment


def new_verification_code() -> str:
    # 128 random bits, URL-safe: nobody finds a certificate by guessing codes.
    return secrets.token_urlsafe(16)


def certificate_pdf_path(instance, filename):  # noqa: ARG001  (Django calls upload_to(instance, filename))
    # The random part keeps stored files unguessable even if media were exposed.
    return f"certificates/{instance.year}/{instance.number.replace('/', '-')}-{secrets.token_hex(6)}.pdf"


class CertificateCounter(models.Model):
    """The last serial number issued in a year; incremented with a row lock."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Certificate(TimeStampedModel):
    """A certificate of one completed enrolment. The holder's data are copied at
    issue time, so the document and its verification page keep saying what was
    certified even when the program is revised later."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Generation failed")

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    code = models.CharField(_("verification code"), max_length=40, unique=True, default=new_verification_code)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    pdf = models.FileField(_("PDF"), upload_to=certificate_pdf_path, blank=True)
    version = models.PositiveIntegerField(_("PDF version"), default=0)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=255, blank=True)

    holder_name = models.CharField(_("holder"), max_length=200)
    holder_nip = models.CharField(_("NIP"), max_length=18)
    program_code = models.CharField(_("program code"), max_length=40)
    program_title = models.CharField(_("program"), max_length=200)
    session_title = models.CharField(_("session"), max_length=255)
    session_start = models.DateField(_("training start"))
    session_end = models.DateField(_("training end"))
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1)
    completed_on = models.DateField(_("completed on"))
    issued_on = models.DateField(_("issued on"))

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["-year", "-serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="certificate_year_serial_unique"),
            # At most one valid certificate per completed enrolment; revoked ones stay as history.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_enrollment",
            ),
            models.CheckConstraint(condition=models.Q(serial__gte=1), name="certificate_serial_positive"),
        ]

    def __str__(self):
        return f"{self.number} {self.holder_name}"

    def get_absolute_url(self):
        return reverse("certificates:detail", args=[self.pk])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def verify_path(self) -> str:
        return reverse("certificates:verify", args=[self.code])

    @property
    def verify_url(self) -> str:
        return absolute_url(self.verify_path)

    @property
    def masked_nip(self) -> str:
        """The NIP with the birth date and TMT hidden, for the public page."""
        nip = self.holder_nip
        return f"{nip[:4]}{'*' * 10}{nip[14:]}" if len(nip) == 18 else nip
