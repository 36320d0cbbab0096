from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_competency.common.models import TimeStampedModel

from .validators import parse_nip, validate_nip


class User(AbstractUser):
    """Everyone who signs in: ASN, HR staff, supervisors, moderators, registered citizens."""

    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        employee = getattr(self, "employee", None)
        if employee is not None:
            return employee.full_name
        return self.get_full_name() or self.username


class OrgUnit(TimeStampedModel):
    """An organisation unit of Pemkot Medan (perangkat daerah and the units under it)."""

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Secretariat")
        BAGIAN = "bagian", _("Section of the secretariat (bagian)")
        INSPECTORATE = "inspektorat", _("Inspectorate")
        DINAS = "dinas", _("Agency (dinas)")
        BADAN = "badan", _("Board (badan)")
        SATUAN = "satuan", _("Unit (satuan)")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        KELURAHAN = "kelurahan", _("Village (kelurahan)")
        PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
        HOSPITAL = "rsud", _("Regional hospital (RSUD)")
        UPT = "upt", _("Technical implementation unit (UPT)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    serves_public = models.BooleanField(_("serves the public"), default=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.short_name or self.name


class Position(TimeStampedModel):
    """A position (jabatan) and its kind; carries required competency levels."""

    class Kind(models.TextChoices):
        JPT = "jpt", _("Senior executive (JPT)")
        ADMINISTRATOR = "administrator", _("Administrator")
        SUPERVISOR = "pengawas", _("Supervisory (pengawas)")
        EXECUTOR = "pelaksana", _("Executor (pelaksana)")
        FUNCTIONAL = "fungsional", _("Functional")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("position kind"), max_length=20, choices=Kind.choices, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="position_unique_name_kind")]

    def __str__(self):
        return self.name


class Employee(TimeStampedModel):
    """An ASN profile. A profile can exist before its person has an account (imports)."""

    class EmploymentType(models.TextChoices):
        PNS = "pns", _("PNS (permanent civil servant)")
        PPPK = "pppk", _("PPPK (government employee with a work agreement)")

    class Grade(models.TextChoices):
        I_A = "I/a", "I/a"
        I_B = "I/b", "I/b"
        I_C = "I/c", "I/c"
        I_D = "I/d", "I/d"
        II_A = "II/a", "II/a"
        II_B = "II/b", "II/b"
        II_C = "II/c", "II/c"
        II_D = "II/d", "II/d"
        III_A = "III/a", "III/a"
        III_B = "III/b", "III/b"
        III_C = "III/c", "III/c"
        III_D = "III/d", "III/d"
        IV_A = "IV/a", "IV/a"
        IV_B = "IV/b", "IV/b"
        IV_C = "IV/c", "IV/c"
        IV_D = "IV/d", "IV/d"
        IV_E = "IV/e", "IV/e"
        PPPK_V = "V", _("PPPK grade V")
        PPPK_VII = "VII", _("PPPK grade VII")
        PPPK_IX = "IX", _("PPPK grade IX")
        PPPK_X = "X", _("PPPK grade X")
        PPPK_XI = "XI", _("PPPK grade XI")

    user = models.OneToOneField(
        User,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    full_name = models.CharField(_("full name"), max_length=200)
    employment_type = models.CharField(
        _("employment type"), max_length=10, choices=EmploymentType.choices, default=EmploymentType.PNS
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), null=True, blank=True, on_delete=models.PROTECT, related_name="employees"
    )
    grade = models.CharField(_("grade (golongan)"), max_length=6, choices=Grade.choices, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organisation unit"), on_delete=models.PROTECT, related_name="employees"
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("employee (ASN)")
        verbose_name_plural = _("employees (ASN)")
        constraints = [
            models.CheckConstraint(condition=models.Q(nip__regex=r"^[0-9]{18}$"), name="employee_nip_18_digits"),
            models.CheckConstraint(condition=~models.Q(supervisor=models.F("pk")), name="employee_not_own_supervisor"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.nip})"

    def clean(self):
        super().clean()
        # A PNS has a NIP, a PPPK a Nomor Induk PPPK: the number must follow the
        # layout of the employment type (a number invalid in any layout is
        # reported by the field's own validator).
        try:
            parse_nip(self.nip)
        except ValidationError:
            return
        try:
            parse_nip(self.nip, kind=self.employment_type)
        except ValidationError as exc:
            raise ValidationError({"nip": exc.error_list}) from None

    def get_absolute_url(self):
        return reverse("accounts:employee-detail", args=[self.pk])

    @property
    def position_kind(self):
        return self.position.kind if self.position_id else ""

    @property
    def gender(self) -> str:
        return parse_nip(self.nip).gender

    @property
    def birth_date(self):
        return parse_nip(self.nip).birth_date


class Competency(TimeStampedModel):
    """An entry of the competency dictionary (PermenPANRB 38/2017)."""

    class Type(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        MANAGERIAL = "managerial", _("Managerial")
        SOCIO_CULTURAL = "socio_cultural", _("Socio-cultural")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["type", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [models.UniqueConstraint(Upper("code"), name="competency_code_ci_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyLevel(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    description = models.TextField(_("level description"))

    class Meta:
        ordering = ["competency", "level"]
        verbose_name = _("competency level")
        verbose_name_plural = _("competency levels")
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="competency_level_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="competency_level_1_5"),
        ]

    def __str__(self):
        return f"{self.competency.code} L{self.level}"


class PositionCompetency(models.Model):
    """The level of a competency a position requires."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="position_requirements")
    level = models.PositiveSmallIntegerField(_("required level"), validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("required competency")
        verbose_name_plural = _("required competencies")
        constraints = [
            models.UniqueConstraint(fields=["position", "competency"], name="position_competency_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="position_competency_level_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.position}: {self.competency.code} L{self.level}"


class EmployeeCompetency(TimeStampedModel):
    """An ASN's assessed level of a competency (entered by HR or imported)."""

    class Source(models.TextChoices):
        HR = "hr", _("Entered by HR")
        IMPORT = "import", _("Imported")
        ASSESSMENT = "assessment", _("Assessment centre")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="assessments")
    level = models.PositiveSmallIntegerField(_("assessed level"), validators=LEVEL_VALIDATORS)
    assessed_on = models.DateField(_("assessed on"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.HR)

    class Meta:
        verbose_name = _("assessed competency")
        verbose_name_plural = _("assessed competencies")
        constraints = [
            models.UniqueConstraint(fields=["employee", "competency"], name="employee_competency_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="employee_competency_level_1_5"
            ),
        ]
