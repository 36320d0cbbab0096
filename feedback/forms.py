from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from asn_competency.common.forms import LimitedTextMixin

from .models import ELEMENTS, QUESTIONS, AsnReport, Feedback, FeedbackEvent, Service
from .selectors import (
    competency_choices,
    handling_unit_choices,
    program_choices,
    public_unit_list,
    service_list,
)

PRIVACY_CHOICES = [
    ("anonymous", _("Anonymous: no name or contact is kept")),
    ("confidential", _("Confidential: my name and contact are seen only by the staff handling it")),
]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _grouped_units(units):
    """Choices grouped by kind of unit (dinas, kecamatan, puskesmas...): easier to find on a phone."""
    groups = {}
    for unit in units:
        groups.setdefault(unit.kind, []).append((unit.code, unit.name))
    order = list(OrgUnit.Kind.values)
    labels = dict(OrgUnit.Kind.choices)
    grouped = [("", _("Choose the unit you visited"))]
    for kind in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        grouped.append((labels.get(kind, kind), sorted(groups[kind], key=lambda c: c[1])))
    return grouped


class FeedbackForm(LimitedTextMixin, forms.Form):
    """The public form. Field names match the API's where they can."""

    unit = UnitChoiceField(
        label=_("Service unit"),
        queryset=OrgUnit.objects.none(),
        to_field_name="code",
        empty_label=_("Choose the unit you visited"),
        error_messages={
            "required": _("Choose the unit you visited."),
            "invalid_choice": _("Choose a unit from the list."),
        },
    )
    # Service codes are unique per unit only ("rawat-jalan" at every puskesmas), so the
    # code is resolved against the chosen unit in clean().
    service = forms.SlugField(label=_("Service"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("Kind of feedback"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose complaint, suggestion or compliment.")},
    )
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        max_length=settings.FEEDBACK_MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Write your message."),
            "min_length": _("Write at least 10 characters so that the unit understands your feedback."),
            "max_length": _("The message is too long: at most %(limit_value)d characters (now %(show_value)d)."),
        },
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Prefer not to say")), *Feedback.Gender.choices], required=False
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=[("", _("Prefer not to say")), *Feedback.AgeBand.choices], required=False
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", _("Prefer not to say")), *Feedback.Education.choices], required=False
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), choices=[("", _("Prefer not to say")), *Feedback.Occupation.choices], required=False
    )
    privacy = forms.ChoiceField(
        label=_("Identity"),
        choices=PRIVACY_CHOICES,
        initial="anonymous",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose anonymous or confidential.")},
    )
    contact_name = forms.CharField(label=_("Name"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("Email or phone number"),
        max_length=200,
        required=False,
        help_text=_("Only if you want a reply by email; the reply is always on the tracking page."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Pemkot Medan uses my answers to measure and improve its services. Survey answers are "
            "published only as totals; my message is read by the staff handling it; my identity (if I give one) "
            "is never published."
        ),
        error_messages={"required": _("Please agree to how your answers are used before sending.")},
    )
    # Honeypot: hidden from people (CSS), filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, unit_locked=None, service_locked=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_locked = unit_locked
        self.fields["unit"].queryset = public_unit_list()
        self.fields["unit"].choices = _grouped_units(self.fields["unit"].queryset)
        self.fields["unit"].widget.attrs.update(
            {"hx-get": reverse_lazy("feedback:service-options"), "hx-target": "#id_service", "hx-trigger": "change"}
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["contact"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name"})
        self.element_fields = []
        for code, name in ELEMENTS:
            question, answers = QUESTIONS[code]
            field = forms.TypedChoiceField(
                label=question,
                choices=[(str(i), answer) for i, answer in enumerate(answers, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
            field.element_code = code
            field.element_name = name
            self.fields[code.lower()] = field
            self.element_fields.append(code.lower())
        if unit_locked is not None:
            self.fields["unit"].queryset = public_unit_list().filter(pk=unit_locked.pk)
            self.fields["unit"].initial = unit_locked.code
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["service"].widget = forms.Select(
                choices=[("", _("Other / not listed"))] + [(x.code, x.name) for x in service_list(unit=unit_locked)]
            )
            if service_locked is not None:
                self.fields["service"].initial = service_locked.code
                self.fields["service"].widget = forms.HiddenInput()

    def service_kwargs(self) -> dict:
        """The service's arguments. The rules (the service belongs to the unit, the
        honeypot, anonymity) are the service's: feedback.services.feedback_submit."""
        data = self.cleaned_data
        return {
            "unit": data["unit"],
            "service_code": data.get("service") or "",
            "honeypot": data.get("website") or "",
            "scores": {f.upper(): data[f] for f in self.element_fields},
            "kind": data["kind"],
            "message": data["message"],
            "anonymous": data["privacy"] == "anonymous",
            "contact_name": data.get("contact_name", ""),
            "contact": data.get("contact", ""),
            "gender": data.get("gender", ""),
            "age_band": data.get("age_band", ""),
            "education": data.get("education", ""),
            "occupation": data.get("occupation", ""),
        }

    def elements(self):
        return [self[name] for name in self.element_fields]


class TrackLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Enter your tracking code.")},
    )


class CitizenReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply to the unit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=settings.FEEDBACK_MESSAGE_MAX_LENGTH,
        error_messages={"required": _("Write your reply.")},
    )


RATING_CHOICES = [
    ("5", _("5 - Very good")),
    ("4", _("4 - Good")),
    ("3", _("3 - Adequate")),
    ("2", _("2 - Poor")),
    ("1", _("1 - Very poor")),
]


class CitizenRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was your feedback handled?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=settings.FEEDBACK_RATING_COMMENT_MAX_LENGTH,
    )


class CitizenReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still not resolved?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=settings.FEEDBACK_MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Tell the unit what is still not resolved (at least 10 characters)."),
            "min_length": _("Tell the unit what is still not resolved (at least 10 characters)."),
        },
    )


class StaffFilterForm(LimitedTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Feedback.Status.choices), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + list(Feedback.Kind.choices), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), required=False, to_field_name="code",
        empty_label=_("All units"),
    )  # fmt: skip
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, show_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if show_unit:
            self.fields["unit"].queryset = handling_unit_choices()
        else:
            del self.fields["unit"]


class ActionForm(LimitedTextMixin, forms.Form):
    """One workflow step on the staff detail page."""

    action = forms.ChoiceField(choices=[(a, a) for a in FeedbackEvent.Action.values], widget=forms.HiddenInput)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=OrgUnit.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = handling_unit_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == FeedbackEvent.Action.FORWARDED and not cleaned.get("unit"):
            self.add_error("unit", _("Choose the unit to forward to."))
        return cleaned


class TagForm(forms.Form):
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    programs = forms.ModelMultipleChoiceField(
        label=_("Training topics"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competency_choices()
        self.fields["programs"].queryset = program_choices()


class KioskForm(forms.Form):
    name = forms.CharField(label=_("Device name"), max_length=120, help_text=_("For example “Tablet loket 1”."))
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), to_field_name="code")
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False, to_field_name="pk",
        empty_label=_("Let the citizen choose"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = public_unit_list()
        self.fields["service"].queryset = service_list()

    # The service must be one of the unit's: feedback.services.kiosk_create says so.


class AsnReportForm(LimitedTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What is it about?"), choices=AsnReport.Kind.choices, widget=forms.RadioSelect)
    program = forms.ModelChoiceField(
        label=_("Training"), queryset=None, required=False, empty_label=_("Choose the training")
    )
    egov_app_code = forms.SlugField(
        label=_("E-government application"),
        max_length=60,
        required=False,
        help_text=_("Its short name, for example srikandi, e-kinerja, simpeg."),
    )
    rating = forms.TypedChoiceField(
        label=_("Overall rating of the training"),
        choices=[("", "-")] + [(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    what_tried = forms.CharField(
        label=_("What did you try?"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_happened = forms.CharField(
        label=_("What happened? / Your feedback"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what happened.")},
    )
    screenshot = forms.ImageField(label=_("Screenshot (optional)"), required=False)
    subject = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = program_choices()
        self.fields["egov_app_code"].widget.attrs["list"] = "egov-apps"


class AsnReportStatusForm(LimitedTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AsnReport.Status.choices)
    hr_note = forms.CharField(label=_("HR note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class KioskPairForm(LimitedTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Pairing code"),
        max_length=20,
        help_text=_("The code BKPSDM gave you, for example K7QM-4TXD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
