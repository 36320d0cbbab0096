"""Forms of the training app: validate input only; services hold the rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Competency, Employee, OrgUnit, Position
from asn_competency.common.forms import LimitedTextMixin

from .models import ExternalTraining, Program, ProgramCompetency, Session, Trainer, Venue
from .validators import validate_certificate_file

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories"))] + list(Program.Category.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + list(Program.Kind.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    competency = forms.ModelChoiceField(
        label=_("Competency"),
        required=False,
        queryset=Competency.objects.order_by("type", "code"),
        empty_label=_("All competencies"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ProgramForm(LimitedTextMixin, forms.ModelForm):
    audience_position_kinds = forms.MultipleChoiceField(
        label=_("For position kinds"),
        required=False,
        choices=Position.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Recommendations offer the program only to these ASN; none ticked: every position kind."),
    )
    audience_unit_kinds = forms.MultipleChoiceField(
        label=_("For unit kinds"),
        required=False,
        choices=OrgUnit.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind of organisation unit."),
    )

    class Meta:
        model = Program
        fields = [
            "code", "title", "description", "objectives", "kind", "category", "jp", "target_audience",
            "audience_position_kinds", "audience_unit_kinds", "status",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "objectives": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _("Short unique code, letters, digits and dashes, e.g. pelayanan-prima."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jp"].help_text = _("Lesson hours (1 JP = %(minutes)s minutes) credited on completion.") % {
            "minutes": settings.JP_MINUTES
        }


class ProgramCompetencyForm(forms.ModelForm):
    class Meta:
        model = ProgramCompetency
        fields = ["competency", "target_level"]
        labels = {"competency": _("Competency"), "target_level": _("Target level")}
        help_texts = {"target_level": _("1-5")}


ProgramCompetencyFormSet = forms.inlineformset_factory(
    Program, ProgramCompetency, form=ProgramCompetencyForm, extra=2, can_delete=True, max_num=15
)


class ProgramReviseForm(LimitedTextMixin, forms.Form):
    summary = forms.CharField(label=_("What changed"), max_length=255)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _https_urls(field, **kwargs):
    """Links typed without a scheme are taken as https://."""
    from django.db import models

    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SessionForm(LimitedTextMixin, forms.ModelForm):
    start = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    end = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    enrollment_opens = forms.DateTimeField(
        label=_("Enrolment opens"), required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    enrollment_closes = forms.DateTimeField(
        label=_("Enrolment closes"),
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=_("Empty: enrolment stays open until the session starts."),
    )
    cancellation_deadline = forms.DateTimeField(
        label=_("Cancellation deadline"),
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=_("Empty: participants may cancel until the session starts."),
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        required=False,
        queryset=Trainer.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = [
            "program",
            "title",
            "start",
            "end",
            "mode",
            "venue",
            "online_link",
            "trainers",
            "capacity",
            "enrollment_opens",
            "enrollment_closes",
            "cancellation_deadline",
            "requires_approval",
            # No "status": it changes only through the session's actions (cancel,
            # reopen, close), each with its own rules (training/services/sessions.py).
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.exclude(status=Program.Status.ARCHIVED)
        self.fields["venue"].queryset = Venue.objects.filter(is_active=True)
        self.fields["title"].help_text = _("Empty: the program title and batch number.")

    def _post_clean(self):
        # The service validates the whole session (and double bookings) itself;
        # the ModelForm's own full_clean would need number/code, which the service assigns.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as e:
            self._update_errors(e)


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=255, required=False)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), max_length=255, required=False)


class ExternalTrainingForm(LimitedTextMixin, forms.ModelForm):
    nip = forms.RegexField(
        label=_("NIP"), regex=r"^\d{18}$", error_messages={"invalid": _("A NIP has exactly 18 digits.")}
    )
    proof = forms.FileField(
        label=_("Proof (certificate)"),
        validators=[validate_certificate_file],
        help_text=_("PDF, JPG, PNG or WebP."),
    )

    class Meta:
        model = ExternalTraining
        fields = ["nip", "title", "organiser", "date", "jp", "proof"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def clean_nip(self):
        nip = self.cleaned_data["nip"]
        employee = Employee.objects.filter(nip=nip, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("No active ASN has this NIP."))
        self.cleaned_data["employee"] = employee
        return nip


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "address", "capacity", "is_active"]


class TrainerForm(forms.ModelForm):
    class Meta:
        model = Trainer
        fields = ["name", "institution", "expertise", "email", "is_active"]


class ExternalClaimForm(LimitedTextMixin, forms.ModelForm):
    """The ASN's claim of a training taken elsewhere."""

    proof = forms.FileField(
        label=_("Certificate"),
        validators=[validate_certificate_file],
        help_text=_("PDF or an image (PNG, JPEG, WebP) of the certificate."),
    )

    class Meta:
        model = ExternalTraining
        fields = ["title", "organiser", "start_date", "date", "jp", "competency", "proof"]
        labels = {"date": _("last day")}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.order_by("type", "code")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("date")
        if start and end and start > end:
            self.add_error("start_date", _("The first day cannot be after the last day."))
        return data


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ClaimRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ClaimAuditFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + list(ExternalTraining.Status.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Organisation unit"),
        required=False,
        queryset=OrgUnit.objects.order_by("name"),
        empty_label=_("All units"),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
