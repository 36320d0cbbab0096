from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        min_length=5,
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public verification page."),
    )


class VerifyForm(forms.Form):
    # The form only shows what was typed (the view reads the query itself): an
    # over-long input is answered "not found" like any other unknown one, and the
    # selector refuses it without a query. max_length only bounds the input box.
    code = forms.CharField(label=_("Verification code"), strip=True, max_length=200)


class CertificateFilterForm(forms.Form):
    STATES = [
        ("", _("All")),
        ("valid", _("Valid")),
        ("revoked", _("Revoked")),
        ("pending", _("Being generated")),
        ("failed", _("Generation failed")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
