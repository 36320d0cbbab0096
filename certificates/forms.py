from django import forms
from django.utils.translation import gettext_lazy as _

from asn_competency.common.forms import LimitedTextMixin


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        min_length=5,
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public verification page."),
    )


class VerifyForm(LimitedTextMixin, forms.Form):
    # Only the common TEXT_MAX_LENGTH bound: an over-long code is answered "not
    # found" like any other unknown one (the selector refuses it without a query).
    code = forms.CharField(label=_("Verification code"), strip=True)


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
