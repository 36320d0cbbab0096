"""Forms of the community app: validation of what people type, nothing more."""

from django import forms
from django.apps import apps
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Competency, OrgUnit
from asn_competency.common.forms import LimitedTextMixin

from .filters import TOPIC_SORTS
from .models import Category, Meeting, Report, Topic


def _service_model():
    """The feedback service catalogue, when that app provides it."""
    try:
        return apps.get_model("feedback", "Service")
    except LookupError:
        return None


def _program_model():
    try:
        return apps.get_model("training", "Program")
    except LookupError:
        return None


class GuestFieldsMixin:
    """Guests give a name (shown) and optionally an email (never shown)."""

    def drop_guest_fields(self):
        for name in ("guest_name", "guest_email"):
            self.fields.pop(name, None)


class TopicForm(GuestFieldsMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("Forum"), queryset=Category.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), min_length=5, max_length=200)
    body = forms.CharField(
        label=_("Your question or idea"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_("Markdown is allowed: **bold**, *italic*, lists, links."),
    )
    guest_name = forms.CharField(label=_("Your name"), max_length=100)
    guest_email = forms.EmailField(
        label=_("Email (optional, never shown)"), required=False, help_text=_("Only moderators see it.")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("position", "name")
        if user is not None and user.is_authenticated:
            self.drop_guest_fields()


class ReplyForm(GuestFieldsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Markdown is allowed: **bold**, *italic*, lists, links."),
    )
    guest_name = forms.CharField(label=_("Your name"), max_length=100)
    guest_email = forms.EmailField(label=_("Email (optional, never shown)"), required=False)
    official = forms.BooleanField(
        label=_("Answer officially"),
        required=False,
        help_text=_("Shown as the official answer of your unit; an open topic becomes answered."),
    )

    def __init__(self, *args, user=None, official_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.drop_guest_fields()
        if not official_allowed:  # the choice is offered only to those designated (rules.can_answer_officially)
            self.fields.pop("official")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Topic.Status.choices]
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=TOPIC_SORTS)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    detail = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Topic.Status.choices)


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class InputLinkForm(LimitedTextMixin, forms.Form):
    """The program and/or public service a topic or a meeting outcome informs."""

    program = forms.ModelChoiceField(label=_("Training program"), queryset=None, required=False)
    service = forms.ChoiceField(label=_("Public service"), required=False)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies concerned"),
        queryset=Competency.objects.order_by("type", "code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program_model = _program_model()
        self.fields["program"].queryset = program_model.objects.order_by("title") if program_model else None
        service_model = _service_model()
        choices = [("", "---------")]
        if service_model is not None:
            services = (
                service_model.objects.filter(is_active=True).select_related("unit").order_by("unit__name", "name")
            )
            groups: dict[str, list] = {}
            for service in services:  # one option group per unit: 200+ services stay findable
                groups.setdefault(str(service.unit), []).append((str(service.pk), service.name))
            choices += list(groups.items())
        self.fields["service"].choices = choices

    def clean(self):
        data = super().clean()
        data["service_code"], data["service_name"] = "", ""
        if data.get("service"):
            service = _service_model().objects.select_related("unit").get(pk=data["service"])
            data["service_code"], data["service_name"] = service.code, f"{service.name} ({service.unit})"
        return data

    def link_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "program": data.get("program"),
            "service_code": data["service_code"],
            "service_name": data["service_name"],
            "competencies": data.get("competencies") or [],
        }


class AdoptForm(InputLinkForm):
    note = forms.CharField(label=_("How the topic is used"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean(self):
        data = super().clean()
        if not data.get("program") and not data.get("service_code"):
            raise forms.ValidationError(_("Choose the training program or the service this topic informs."))
        return data


class OutcomeForm(InputLinkForm):
    title = forms.CharField(label=_("Outcome"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["title", "description", "program", "service", "competencies"]


class SignupForm(LimitedTextMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("You log in with this address."))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class MeetingForm(LimitedTextMixin, forms.ModelForm):
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "agenda",
            "category",
            "org_unit",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "registration_open",
            "status",
        ]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("online_url", self.instance.online_url)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def validate_unique(self):
        # The service validates the whole meeting; the form only parses input.
        pass

    def _post_clean(self):
        pass


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("Email"), help_text=_("The confirmation code is sent to this address."))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Confirmation code"), max_length=20)


class MinutesForm(LimitedTextMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown is allowed."),
    )
