"""Length limits: every free-text field of our forms and input serializers has a
maximum, and 1 MB pasted into a long text is refused with a message, input kept."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from tests.accounts.factories import UserFactory

PROJECT_APPS = ("accounts", "training", "feedback", "community", "evaluation", "asn_competency")
ONE_MB = "a" * (1024 * 1024)


def _modules(suffixes):
    for app in apps.get_app_configs():
        if not app.name.startswith(PROJECT_APPS):
            continue
        for suffix in suffixes:
            try:
                module = importlib.import_module(f"{app.name}.{suffix}")
            except ModuleNotFoundError:
                continue
            yield module
            for sub in pkgutil.iter_modules(getattr(module, "__path__", [])):
                yield importlib.import_module(f"{module.__name__}.{sub.name}")


def _our_classes(suffixes, base):
    seen = set()
    for module in _modules(suffixes):
        for obj in vars(module).values():
            ours = inspect.isclass(obj) and issubclass(obj, base) and obj.__module__.startswith(PROJECT_APPS)
            if ours and obj not in seen:
                seen.add(obj)
                yield obj


def test_every_text_field_of_our_forms_has_a_maximum_length():
    from asn_competency.common.forms import LimitedTextMixin

    unlimited = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _our_classes(["forms", "views"], forms.BaseForm)
        if not issubclass(cls, LimitedTextMixin)
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert unlimited == []


def _input_serializers():
    """Serializers the API validates request data with (``X(data=request.data)``)."""
    import re

    names = set()
    for module in _modules(["api"]):
        try:
            source = inspect.getsource(module)
        except OSError:  # an empty package __init__
            continue
        names |= set(re.findall(r"(\w+)\(data=request\.data", source))
    for cls in _our_classes(["api"], serializers.BaseSerializer):
        if cls.__name__ in names:
            yield cls


def _unlimited(serializer, path):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.ListField):
            field = field.child
        if isinstance(field, serializers.BaseSerializer):
            yield from _unlimited(field, f"{path}.{name}")
        elif isinstance(field, serializers.CharField) and field.max_length is None:
            yield f"{path}.{name}"


@pytest.mark.django_db
def test_every_text_field_the_api_accepts_has_a_maximum_length():
    found = list(_input_serializers())
    assert len(found) >= 5  # the sweep finds the API's input serializers
    unlimited = [p for cls in found for p in _unlimited(cls(), cls.__name__)]
    assert unlimited == []


def test_request_bodies_have_a_size_limit():
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE > 0


@pytest.mark.django_db
def test_a_megabyte_in_a_tutorial_step_is_refused_with_a_message_and_kept(client):
    from tests.tutorials.factories import make_tutorial

    client.force_login(UserFactory(roles=["hr"]))
    tutorial = make_tutorial(steps=1, questions=0)
    response = client.post(
        reverse("tutorials:step-new", args=[tutorial.pk]), {"title": "Langkah panjang", "body": ONE_MB}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"paling banyak {settings.TEXT_MAX_LENGTH} karakter" in body
    assert ONE_MB in body and "Langkah panjang" in body  # the input is kept
    assert tutorial.steps.count() == 1


@pytest.mark.django_db
def test_a_megabyte_in_a_program_description_is_refused_with_a_message_and_kept(client):
    from training.models import Program

    client.force_login(UserFactory(roles=["hr"]))
    response = client.post(
        reverse("training:hr-program-create"),
        {
            "code": "panjang",
            "title": "Program panjang",
            "description": ONE_MB,
            "kind": "technical",
            "jp": 8,
            "status": "draft",
            "competencies-TOTAL_FORMS": 0,
            "competencies-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"paling banyak {settings.TEXT_MAX_LENGTH} karakter" in body
    assert ONE_MB in body
    assert not Program.objects.filter(code="panjang").exists()


@pytest.mark.django_db
def test_the_api_refuses_a_megabyte_questionnaire_description(client):
    client.force_login(UserFactory(roles=["hr"]))
    response = client.post(
        "/api/v1/evaluation/questionnaires/",
        {"title": "Survei", "description": ONE_MB, "questions": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "description" in response.json()["errors"]


@pytest.mark.django_db
def test_a_body_over_the_request_limit_answers_400_in_indonesian(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client.force_login(UserFactory(roles=["hr"]))
    response = client.post(reverse("training:hr-program-create"), {"description": "a" * (100 * 1024)})
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()
