import datetime

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Competency, Employee, OrgUnit
from training.models import ProgramCompetency, Session


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        start = timezone.localtime(obj.start)
        return f"{obj.display_title} ({start:%d-%m-%Y})"


def _bootstrap(form) -> None:
    """Filter forms are laid out by hand in the templates; give them Bootstrap classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _open_sessions():
    return (
        Session.objects.filter(status=Session.Status.SCHEDULED, end__gt=timezone.now())
        .select_related("program")
        .order_by("start", "code")
    )


class BulkByUnitForm(forms.Form):
    session = SessionChoiceField(label=_("Session"), queryset=Session.objects.none(), empty_label=_("Choose a session"))
    org_unit = forms.ModelChoiceField(
        label=_("Organisation unit"), queryset=OrgUnit.objects.none(), empty_label=_("Choose a unit")
    )
    include_subunits = forms.BooleanField(label=_("Include its sub-units"), required=False, initial=True)
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        required=False,
        choices=[("", _("All"))] + list(Employee.EmploymentType.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _open_sessions()
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")


class BulkByFileForm(forms.Form):
    session = SessionChoiceField(label=_("Session"), queryset=Session.objects.none(), empty_label=_("Choose a session"))
    file = forms.FileField(
        label=_("List of NIPs (CSV or Excel .xlsx)"),
        help_text=_("One NIP per row in a column titled NIP; other columns are ignored."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _open_sessions()


class BulkByGapForm(forms.Form):
    """From the training-needs page: enrol who falls short in one competency."""

    session = SessionChoiceField(label=_("Session"), queryset=Session.objects.none(), empty_label=_("Choose a session"))
    competency = forms.ModelChoiceField(queryset=Competency.objects.all(), widget=forms.HiddenInput)
    org_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), required=False, widget=forms.HiddenInput)
    include_subunits = forms.BooleanField(required=False, widget=forms.HiddenInput)
    employment_type = forms.ChoiceField(
        required=False, choices=[("", "")] + list(Employee.EmploymentType.choices), widget=forms.HiddenInput
    )

    def __init__(self, *args, competency=None, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = _open_sessions()
        competency_id = competency.pk if competency else self.data.get(self.add_prefix("competency"))
        if competency_id:
            # Sessions of programs that develop this competency come first.
            addresses = ProgramCompetency.objects.filter(program_id=OuterRef("program_id"), competency_id=competency_id)
            sessions = sessions.annotate(addresses=Exists(addresses)).order_by("-addresses", "start", "code")
        self.fields["session"].queryset = sessions


class JpReportFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Organisation unit"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All units")
    )
    employment_type = forms.ChoiceField(
        label=_("Employment type"), required=False, choices=[("", _("All"))] + list(Employee.EmploymentType.choices)
    )
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("below", _("Below the target")), ("all", _("Everyone"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        _bootstrap(self)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("year") or timezone.localdate().year,
            "unit": data.get("unit"),
            "employment_type": data.get("employment_type") or None,
            "search": (data.get("q") or "").strip() or None,
            "below_only": (data.get("show") or "below") == "below",
        }


class NeedsFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Organisation unit"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All units")
    )
    include_subunits = forms.BooleanField(label=_("Include its sub-units"), required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"), required=False, choices=[("", _("All"))] + list(Employee.EmploymentType.choices)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        _bootstrap(self)


class AssessmentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Assessed levels (CSV or Excel .xlsx)"),
        help_text=_("Columns: NIP, competency code, level (1-5) and optionally the date (YYYY-MM-DD)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class AssessmentForm(forms.Form):
    """One level field per competency the ASN's position requires."""

    assessed_on = forms.DateField(
        label=_("Assessment date"), widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date.today
    )

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_fields = []
        for row in requirements:
            name = f"level_{row.competency_id}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{row.competency.code} {row.competency.name}",
                choices=[("", "-")] + [(i, str(i)) for i in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=row.assessed,
                help_text=_("Required: %(level)d") % {"level": row.level},
            )
            self.requirement_fields.append(name)

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The assessment date cannot be in the future."))
        return value

    def levels(self) -> dict[int, int | None]:
        return {int(name.split("_", 1)[1]): self.cleaned_data.get(name) for name in self.requirement_fields}
