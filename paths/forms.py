"""HR's editor of a learning path: the path and its ordered steps (a formset
with order and delete), each step a program or a tutorial from one list."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Competency
from asn_competency.common.forms import limit_text_field

from .models import LearningPath
from .services import StepInput


class PathForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LearningPath
        fields = ["competency", "from_level", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.order_by("type", "code")
        self.fields["from_level"].help_text = _("The path leads from this level to the next one.")
        limit_text_field(self.fields["description"])
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision

    def _post_clean(self):
        # The service validates the model (after the steps); nothing to save here.
        pass


def item_choices(programs, tutorials) -> list:
    """One list, grouped: "program:<id>" and "tutorial:<id>"."""
    return [
        ("", "---------"),
        (
            str(_("Training programs")),
            [(f"program:{p.pk}", f"{p.title} ({p.jp.normalize():f} JP)") for p in programs],
        ),
        (
            str(_("E-government tutorials")),
            [(f"tutorial:{t.pk}", f"{t.application.name}: {t.title}") for t in tutorials],
        ),
    ]


class StepForm(forms.Form):
    item = forms.ChoiceField(label=_("Program or tutorial"), required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def __init__(self, *args, choices=(), objects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = choices
        self._objects = objects or {}

    def clean_item(self):
        value = self.cleaned_data.get("item")
        if not value:
            return None
        return self._objects[value]


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget.attrs.update({"class": "form-control form-control-sm", "min": 1})
        form.fields["item"].widget.attrs.update({"class": "form-select form-select-sm"})
        form.fields["required"].widget.attrs.update({"class": "form-check-input"})
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.update({"class": "form-check-input"})

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            item = form.cleaned_data.get("item")
            if item is None:
                continue
            key = (type(item).__name__, item.pk)
            if key in seen:
                form.add_error("item", _("This program or tutorial is already a step of this path."))
            seen.add(key)
        if any(self.errors):
            raise ValidationError(_("A program or tutorial appears twice in the path."))

    def steps(self) -> list[StepInput]:
        """The kept steps in the order HR gave (ORDER), empty rows skipped."""
        from training.models import Program

        result = []
        for form in self.ordered_forms if self.can_order else self.forms:
            item = form.cleaned_data.get("item")
            if item is None or (self.can_delete and self._should_delete_form(form)):
                continue
            kind = "program" if isinstance(item, Program) else "tutorial"
            result.append(StepInput(**{kind: item}, required=form.cleaned_data.get("required", False)))
        # Rows HR filled without a number come after the numbered ones, in page order.
        return result


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=3, can_order=True, can_delete=True, max_num=50, validate_max=True
)


def step_formset(data=None, *, path=None, programs, tutorials):
    """The formset with one list of choices for every row (two queries in all),
    keeping the items of the path's current steps even if unpublished since."""
    programs, tutorials = list(programs), list(tutorials)
    initial = []
    if path is not None and path.pk:
        steps = list(path.steps.select_related("program", "tutorial__application").order_by("position"))
        have_p = {p.pk for p in programs}
        have_t = {t.pk for t in tutorials}
        programs += [s.program for s in steps if s.program_id and s.program_id not in have_p]
        tutorials += [s.tutorial for s in steps if s.tutorial_id and s.tutorial_id not in have_t]
        initial = [{"item": f"{s.kind}:{s.item.pk}", "required": s.required, "ORDER": s.position} for s in steps]
    objects = {f"program:{p.pk}": p for p in programs} | {f"tutorial:{t.pk}": t for t in tutorials}
    return StepFormSet(
        data,
        prefix="steps",
        initial=initial or None,
        form_kwargs={"choices": item_choices(programs, tutorials), "objects": objects},
    )
