"""Factories for e-government applications and tutorials."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Position
from tests.accounts.factories import OrgUnitFactory
from tutorials.models import (
    ApplicationAudience,
    EgovApplication,
    QuizChoice,
    QuizQuestion,
    Tutorial,
    TutorialStep,
)


def png_upload(name="layar.png", size=(40, 30), fmt="PNG") -> SimpleUploadedFile:
    """A real image file as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


class EgovApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EgovApplication
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"app-{n}")
    name = factory.Sequence(lambda n: f"Aplikasi Uji {n}")
    owner_unit = factory.SubFactory(OrgUnitFactory)
    purpose = "Aplikasi untuk pengujian."
    url = "https://app.pemkomedan.go.id/"
    current_version = "1.0"

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        """EgovApplicationFactory(kinds=["pelaksana"]); every position kind by default."""
        if create:
            for kind in extracted if extracted is not None else Position.Kind.values:
                ApplicationAudience.objects.get_or_create(application=self, position_kind=kind)


class TutorialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tutorial

    application = factory.SubFactory(EgovApplicationFactory)
    title = factory.Sequence(lambda n: f"Tutorial Uji {n}")
    estimated_minutes = 30
    jp = Decimal("1.0")
    pass_mark = 70
    status = Tutorial.Status.PUBLISHED
    app_version = factory.LazyAttribute(lambda o: o.application.current_version)


class TutorialStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TutorialStep

    tutorial = factory.SubFactory(TutorialFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Langkah {n}")
    body = "Klik **Masuk** lalu isi NIP."


def add_question(tutorial, *, text="Pertanyaan?", correct="Benar", wrong=("Salah",)) -> QuizQuestion:
    position = tutorial.questions.count() + 1
    question = QuizQuestion.objects.create(tutorial=tutorial, position=position, text=text)
    QuizChoice.objects.create(question=question, text=correct, is_correct=True)
    for w in wrong:
        QuizChoice.objects.create(question=question, text=w, is_correct=False)
    return question


def make_tutorial(*, steps=3, questions=2, **kwargs) -> Tutorial:
    """A published tutorial with `steps` steps and `questions` two-answer questions."""
    tutorial = TutorialFactory(**kwargs)
    for i in range(1, steps + 1):
        TutorialStepFactory(tutorial=tutorial, position=i)
    for i in range(1, questions + 1):
        add_question(tutorial, text=f"Pertanyaan {i}?")
    return tutorial


def correct_answers(tutorial) -> dict:
    return {q.pk: q.choices.get(is_correct=True).pk for q in tutorial.questions.all()}


def wrong_answers(tutorial) -> dict:
    return {q.pk: q.choices.filter(is_correct=False).first().pk for q in tutorial.questions.all()}
