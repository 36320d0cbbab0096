import random

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Position
from asn_competency.common.forms import LimitedTextMixin

from .models import EgovApplication, Tutorial, TutorialStep
from .validators import validate_screenshot

SCREENSHOT_ACCEPT = "image/png,image/jpeg,image/webp"


class ApplicationForm(LimitedTextMixin, forms.ModelForm):
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")
    position_kinds = forms.MultipleChoiceField(
        label=_("ASN who must be able to use it"),
        choices=Position.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("By position kind; combined with the units below."),
    )

    class Meta:
        model = EgovApplication
        fields = ["code", "name", "owner_unit", "purpose", "url", "current_version", "units", "is_active"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "units": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            # The version changes through "new version", which keeps the history.
            self.fields["current_version"].disabled = True
            self.initial.setdefault(
                "position_kinds", list(self.instance.audience.values_list("position_kind", flat=True))
            )


class VersionForm(LimitedTextMixin, forms.Form):
    version = forms.CharField(label=_("New version"), max_length=40)
    released_on = forms.DateField(
        label=_("Released on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TutorialForm(LimitedTextMixin, forms.ModelForm):
    class Meta:
        model = Tutorial
        fields = ["application", "title", "summary", "estimated_minutes", "jp", "pass_mark"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["application"].disabled = True


class StepForm(LimitedTextMixin, forms.ModelForm):
    class Meta:
        model = TutorialStep
        fields = ["title", "body", "screenshot", "screenshot_alt"]
        widgets = {
            "body": forms.Textarea(
                attrs={
                    "rows": 12,
                    "class": "font-monospace",
                    "hx-post": "",  # set by the view to the preview URL
                    "hx-trigger": "input changed delay:400ms, load",
                    "hx-target": "#step-preview",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",  # the latest text wins over a slower earlier preview
                }
            ),
            "screenshot": forms.ClearableFileInput(attrs={"accept": SCREENSHOT_ACCEPT}),
        }
        help_texts = {
            "body": _("Markdown: **bold**, *italic*, lists, [links](https://...). HTML and scripts are removed."),
            "screenshot": _("PNG, JPEG or WebP."),
        }

    def __init__(self, *args, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["hx-post"] = preview_url


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    choice_1 = forms.CharField(label=_("Answer A"), max_length=300)
    choice_2 = forms.CharField(label=_("Answer B"), max_length=300)
    choice_3 = forms.CharField(label=_("Answer C"), max_length=300, required=False)
    choice_4 = forms.CharField(label=_("Answer D"), max_length=300, required=False)
    correct = forms.ChoiceField(
        label=_("Correct answer"),
        choices=[("1", "A"), ("2", "B"), ("3", "C"), ("4", "D")],
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        correct = data.get("correct")
        if correct and not (data.get(f"choice_{correct}") or "").strip():
            self.add_error("correct", _("The correct answer must not be empty."))
        return data

    def choices(self) -> list[tuple[str, bool]]:
        correct = self.cleaned_data["correct"]
        return [(self.cleaned_data.get(f"choice_{i}") or "", str(i) == correct) for i in range(1, 5)]

    @classmethod
    def initial_for(cls, question) -> dict:
        initial = {"text": question.text}
        for i, choice in enumerate(question.choices.all()[:4], start=1):
            initial[f"choice_{i}"] = choice.text
            if choice.is_correct:
                initial["correct"] = str(i)
        return initial


class OutdatedForm(forms.Form):
    note = forms.CharField(label=_("What no longer matches the application"), max_length=255)


class StuckForm(forms.Form):
    what_tried = forms.CharField(
        label=_("What did you try?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_happened = forms.CharField(
        label=_("What happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    screenshot = forms.ImageField(
        label=_("Screenshot (optional)"),
        required=False,
        validators=[validate_screenshot],
        widget=forms.ClearableFileInput(attrs={"accept": SCREENSHOT_ACCEPT}),
    )


class QuizForm(forms.Form):
    """One required radio group per question of the tutorial (prefetched)."""

    def __init__(self, *args, tutorial, **kwargs):
        super().__init__(*args, **kwargs)
        for question in tutorial.questions.all():
            choices = [(c.pk, c.text) for c in question.choices.all()]
            # Answers are authored with the right one often first: show them in an order
            # that does not give it away, stable per question so a reload does not reshuffle.
            random.Random(question.pk).shuffle(choices)
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{question.position}. {question.text}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
