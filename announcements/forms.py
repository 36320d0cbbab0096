import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from asn_competency.common.forms import LimitedTextMixin
from training.models import Program, Session

from .models import BODY_MAX, SUBJECT_MAX, Announcement

# Sessions offered in the list: those ended within this many days and every one to
# come (the list stays short at city scale: a select of a thousand options costs
# half a second to render). An older session is reached from its roster's link,
# which names it (it is then offered too).
RECENT_SESSION_DAYS = 90


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        start = timezone.localtime(obj.start)
        return f"{obj.display_title} ({start:%d-%m-%Y})"


def session_choices(*, also=None):
    """Recent and coming sessions (not drafts or cancelled), and the session `also` (an id)."""
    since = timezone.now() - datetime.timedelta(days=RECENT_SESSION_DAYS)
    wanted = Q(end__gte=since)
    if str(also or "").isdigit():
        wanted |= Q(pk=int(also))
    return (
        Session.objects.filter(wanted)
        .exclude(status__in=[Session.Status.DRAFT, Session.Status.CANCELLED])
        .select_related("program")
        .order_by("-start", "code")
    )


class AudienceForm(forms.Form):
    """Who an announcement reaches; also read by the htmx preview as HR picks."""

    audience = forms.ChoiceField(
        label=_("Audience"), choices=Announcement.Audience.choices, widget=forms.RadioSelect, initial="session"
    )
    session = SessionChoiceField(
        label=_("Session"), queryset=Session.objects.none(), required=False, empty_label=_("Choose a session")
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False, empty_label=_("Choose a program")
    )
    unit = forms.ModelChoiceField(
        label=_("Organisation unit"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("Choose a unit")
    )
    include_subunits = forms.BooleanField(label=_("Include its sub-units"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named = self.data.get("session") if self.is_bound else self.initial.get("session")
        self.fields["session"].queryset = session_choices(also=named)
        self.fields["program"].queryset = Program.objects.exclude(status=Program.Status.DRAFT).order_by("title")
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")

    def target(self) -> dict:
        data = self.cleaned_data
        return {
            "audience": data["audience"],
            "session": data.get("session"),
            "program": data.get("program"),
            "unit": data.get("unit"),
            "include_subunits": data.get("include_subunits", False),
        }


class AnnouncementForm(LimitedTextMixin, AudienceForm):
    subject = forms.CharField(label=pgettext_lazy("announcement", "Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=pgettext_lazy("announcement", "Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; Markdown (bold, lists, links) is shown formatted."),
    )

    field_order = ["subject", "body", "audience", "session", "program", "unit", "include_subunits"]
