from django import forms
from django.utils.translation import gettext_lazy as _

from training.models import Trainer

from .models import MAX_ACTIONS, Topic


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
                label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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


class WorkshopDetailsForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Trainer.objects.none(), required=False)
    action_plan_prompt = forms.CharField(
        label=_("Action plan question"),
        required=False,
        max_length=255,
        help_text=_("Shown to participants when they write their action plan."),
    )

    def __init__(self, *args, trainers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if trainers is not None:
            self.fields["facilitator"].queryset = trainers


class AgendaItemForm(forms.Form):
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=30, initial=1)
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown as table cells under column headers: the label becomes the accessible name.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
            field.widget.attrs["aria-label"] = field.label

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The end must be after the start."))
        return data


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=2, can_delete=True)
