from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_ACTIONS


class ActionPlanForm(forms.Form):
    """Up to three rows; empty rows are ignored, the rules are the service's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_ACTIONS + 1):
            self.fields[f"action_{i}"] = forms.CharField(
                label=_("Action %(n)s: what I will do") % {"n": i},
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"success_indicator_{i}"] = forms.CharField(
                label=_("How I will know it worked"), required=False, max_length=300
            )
            self.fields[f"due_date_{i}"] = forms.DateField(
                label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def rows(self):
        """Bound fields grouped per action, for the template."""
        return [
            (i, self[f"action_{i}"], self[f"success_indicator_{i}"], self[f"due_date_{i}"])
            for i in range(1, MAX_ACTIONS + 1)
        ]

    def actions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "action": data.get(f"action_{i}", ""),
                "success_indicator": data.get(f"success_indicator_{i}", ""),
                "due_date": data.get(f"due_date_{i}"),
            }
            for i in range(1, MAX_ACTIONS + 1)
        ]

    @staticmethod
    def initial_for(plan) -> dict:
        initial = {}
        if plan is not None:
            for item in plan.items.all():
                initial[f"action_{item.position}"] = item.action
                initial[f"success_indicator_{item.position}"] = item.success_indicator
                initial[f"due_date_{item.position}"] = item.due_date
        return initial
