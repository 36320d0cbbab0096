"""Forms of the evaluation pages: they validate input, services decide."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asn_competency.common.forms import LimitedTextMixin, PlainSelect

from .models import Dimension, Question, Questionnaire, RevisionReport

LIKERT_LABELS = {
    1: _("1 - Strongly disagree"),
    2: _("2 - Disagree"),
    3: _("3 - Neutral"),
    4: _("4 - Agree"),
    5: _("5 - Strongly agree"),
}
SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class QuestionnaireForm(LimitedTextMixin, forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "description", "is_default", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(LimitedTextMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Blank rows (the extra ones) are skipped.
    text = forms.CharField(label=_("Question"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Answer type"), choices=Question.Kind.choices, initial=Question.Kind.LIKERT)
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    choices = forms.CharField(
        label=_("Options (single choice, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, can_delete=True, max_num=60, validate_max=True)


def question_initial(questionnaire: Questionnaire) -> list[dict]:
    return [
        {
            "id": q.pk,
            "text": q.text,
            "kind": q.kind,
            "dimension": q.dimension,
            "choices": "\n".join(q.choices or []),
            "required": q.required,
        }
        for q in questionnaire.questions.all()
    ]


def questions_from_formset(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text")
    ]


class ProgramEvaluationForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.none(),
        required=False,
        empty_label=_("(the default questionnaire)"),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous survey"), required=False, help_text=_("HR sees only aggregates of groups of at least five.")
    )
    survey_open_days = forms.IntegerField(label=_("Survey open for (days)"), min_value=1, max_value=90, initial=14)
    follow_up_days = forms.IntegerField(
        label=_("Supervisor follow-up after (days)"), min_value=1, max_value=365, initial=90
    )
    post_test_pass_score = forms.IntegerField(label=_("Post-test pass score"), min_value=0, max_value=100, initial=60)
    egov_apps = forms.CharField(
        label=_("E-government applications taught"),
        required=False,
        max_length=255,
        help_text=_("Codes of the applications, separated by commas; their stuck reports count for this program."),
    )

    def __init__(self, *args, questionnaires=None, **kwargs):
        super().__init__(*args, **kwargs)
        if questionnaires is not None:
            self.fields["questionnaire"].queryset = questionnaires


class TestQuestionForm(LimitedTextMixin, forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(label=_("Options (one per line)"), widget=forms.Textarea(attrs={"rows": 4}))
    correct_option = forms.IntegerField(label=_("Number of the correct option"), min_value=1, max_value=8)


def survey_form_class(questions):
    """A form with one field per question (name q<id>), built from the questionnaire."""
    fields = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == Question.Kind.TEXT:
            fields[name] = forms.CharField(
                label=q.text, required=q.required, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
            )
            continue
        if q.kind == Question.Kind.LIKERT:
            choices = list(LIKERT_LABELS.items())
        elif q.kind == Question.Kind.RATING:
            choices = [(i, "★" * i + f" ({i})") for i in range(1, 6)]
        else:
            choices = list(enumerate(q.choices, start=1))
        fields[name] = forms.TypedChoiceField(
            label=q.text, choices=choices, coerce=int, required=q.required, widget=forms.RadioSelect
        )
    return type("SurveyForm", (forms.Form,), fields)


def test_form_class(questions):
    fields = {
        f"q{q.pk}": forms.TypedChoiceField(
            label=f"{i}. {q.text}",
            choices=list(enumerate(q.options, start=1)),
            coerce=int,
            widget=forms.RadioSelect,
        )
        for i, q in enumerate(questions, start=1)
    }
    return type("TestForm", (forms.Form,), fields)


def answers_from(form) -> dict:
    return {int(name[1:]): value for name, value in form.cleaned_data.items() if name.startswith("q")}


class FollowUpForm(forms.Form):
    application_score = forms.TypedChoiceField(
        label=_("How well does your staff member apply what was learned? (1 poor - 5 excellent)"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    action_plan_score = forms.TypedChoiceField(
        label=_("Progress of the action plan (1 none - 5 fully carried out)"),
        choices=SCORE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportRequestForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Period"), choices=RevisionReport.Period.choices)
    day = forms.DateField(
        label=_("Any day in the period"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=lambda: timezone.localdate().replace(day=1) - datetime.timedelta(days=1),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The period cannot be in the future."))
        return day


class FindingDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DashboardFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    # PlainSelect: the city's ~90 units and its programs, without a template per option.
    org_unit = forms.ModelChoiceField(
        label=_("Organisation unit"), queryset=None, required=False, empty_label=_("All units"), widget=PlainSelect
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("All programs"), widget=PlainSelect
    )
    category = forms.ChoiceField(label=_("Category"), required=False, widget=PlainSelect)

    def __init__(self, *args, org_units, programs, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = org_units
        self.fields["program"].queryset = programs
        self.fields["category"].choices = [("", _("All categories")), *categories]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start = data.get("start") or today.replace(month=1, day=1)
        end = data.get("end") or today
        if end < start:
            self.add_error("end", _("The end date is before the start date."))
        if (end - start).days > 366 * 5:
            self.add_error("start", _("Choose a period of at most five years."))
        data["start"], data["end"] = start, end
        return data
