"""Forms of the accounts app (input validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

LEVELS = range(1, 6)


class CompetencyLevelsForm(forms.Form):
    """The five level descriptions of one dictionary entry."""

    def __init__(self, *args, competency, **kwargs):
        super().__init__(*args, **kwargs)
        current = {lv.level: lv.description for lv in competency.levels.all()}
        for level in LEVELS:
            self.fields[f"level_{level}"] = forms.CharField(
                label=_("Level %(level)d") % {"level": level},
                required=False,
                max_length=2000,
                initial=current.get(level, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def descriptions(self) -> dict[int, str]:
        return {level: self.cleaned_data[f"level_{level}"] for level in LEVELS}
