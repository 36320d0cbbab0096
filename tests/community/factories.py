"""Factories of the community app."""

import datetime

import factory
from django.utils import timezone

from community.markup import render_markdown
from community.models import Category, Meeting, Post, Topic, Visibility
from tests.accounts.factories import OrgUnitFactory, UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"forum-{n}")
    name = factory.Sequence(lambda n: f"Forum {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    """A published topic with its opening post (by a citizen account)."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Pertanyaan warga nomor {n}")
    author = factory.SubFactory(UserFactory)
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening(self, create, extracted, **kwargs):
        if create:
            body = extracted or "Mohon penjelasan tentang layanan ini."
            Post.objects.create(
                topic=self,
                author=self.author,
                guest_name="" if self.author_id else "Tamu",
                is_opening=True,
                body=body,
                body_html=render_markdown(body),
                visibility=self.visibility,
            )


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Balasan nomor {n}")
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    visibility = Visibility.PUBLISHED


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Forum Konsultasi Publik {n}")
    agenda = "1. Paparan\n2. Tanya jawab"
    agenda_html = factory.LazyAttribute(lambda o: render_markdown(o.agenda))
    org_unit = factory.SubFactory(OrgUnitFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Aula Kantor Wali Kota Medan"
    capacity = 30
