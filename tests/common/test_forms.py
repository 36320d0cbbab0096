"""apply_errors: the one way a view shows a service's errors on a form, keeping each error on its field."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.forms import apply_errors, error_messages, flash_errors


class AgendaForm(forms.Form):
    title = forms.CharField()
    file = forms.FileField(required=False)


def bound_form():
    form = AgendaForm({"title": "Kick-off"})
    assert form.is_valid()
    return form


def test_a_field_error_of_the_service_stays_on_its_field_with_its_code():
    form = bound_form()
    apply_errors(form, ValidationError({"title": ValidationError("Too long for the agenda.", code="max_length")}))
    assert form.errors == {"title": ["Too long for the agenda."]}
    assert form.has_error("title", code="max_length")
    assert "title" not in form.cleaned_data  # the view must not use the refused value


def test_errors_of_fields_the_form_does_not_have_become_form_errors():
    form = bound_form()
    apply_errors(
        form, ValidationError({"program": "Only workshops.", "__all__": "Commit to one action.", "title": "X"})
    )
    assert form.non_field_errors() == ["Only workshops.", "Commit to one action."]
    assert form.errors["title"] == ["X"]


def test_a_plain_validation_error_and_an_application_error_become_form_errors():
    form = bound_form()
    apply_errors(form, ValidationError(["First problem.", "Second problem."]))
    apply_errors(form, ConflictError("Already enrolled.", code="already_enrolled"))
    assert form.non_field_errors() == ["First problem.", "Second problem.", "Already enrolled."]
    assert form.has_error("__all__", code="already_enrolled")


def test_errors_without_a_known_field_can_go_on_a_chosen_field():
    form = bound_form()
    apply_errors(form, ValidationError("Columns missing in the file.", code="columns"), field="file")
    apply_errors(form, ValidationError({"nip": "Unknown NIP."}), field="file")
    assert form.errors == {"file": ["Columns missing in the file.", "Unknown NIP."]}
    assert form.has_error("file", code="columns")


def test_error_messages_and_flash_errors_give_the_readable_messages():
    assert error_messages(ValidationError({"status": ["Unknown status."], "note": "Say why."})) == [
        "Unknown status.",
        "Say why.",
    ]
    assert error_messages(ApplicationError("Closed.")) == ["Closed."]
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    flash_errors(request, ValidationError({"status": "Unknown status."}))
    assert [str(m) for m in get_messages(request)] == ["Unknown status."]


@pytest.mark.django_db
def test_plain_select_renders_the_options_of_a_select_in_one_query(django_assert_num_queries):
    from accounts.models import OrgUnit
    from asn_competency.common.forms import PlainSelect
    from tests.accounts.factories import OrgUnitFactory

    chosen = OrgUnitFactory(name="Dinas <Kesehatan>")
    OrgUnitFactory(name="Dinas Pendidikan")

    class Filter(forms.Form):
        unit = forms.ModelChoiceField(
            queryset=OrgUnit.objects.order_by("name"), empty_label="Semua", widget=PlainSelect
        )
        kind = forms.ChoiceField(choices=[("", "Semua"), ("a", "A")], required=False, widget=PlainSelect)

    form = Filter(initial={"unit": chosen.pk, "kind": "a"})
    with django_assert_num_queries(1):  # the units, one SELECT (no COUNT, no server-side cursor)
        html = str(form["unit"])
    assert f'<option value="{chosen.pk}" selected>Dinas &lt;Kesehatan&gt;</option>' in html
    assert '<option value="">Semua</option>' in html and html.count("<option") == 1 + OrgUnit.objects.count()
    assert 'name="unit"' in html and 'id="id_unit"' in html
    assert '<option value="a" selected>A</option>' in str(form["kind"])
