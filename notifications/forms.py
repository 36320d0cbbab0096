from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailChoice, Kind


class NotificationFilterForm(forms.Form):
    """The inbox's filters (the FilterSet in the selector validates them again)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)


class NotificationPreferencesForm(forms.Form):
    """One e-mail choice per kind of notice; in-app is always on."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=EmailChoice.choices, initial=initial_choices.get(kind, EmailChoice.ON)
            )

    def choices(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}
