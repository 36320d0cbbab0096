import pytest
from django.urls import reverse

from community import selectors, services
from community.models import Visibility

from .factories import CategoryFactory, TopicFactory


def _topics(user):
    category = CategoryFactory()
    ktp = services.topic_create(
        category=category, title="Pencetakan KTP-el lambat", body="Sudah dua minggu menunggu blangko.", author=user
    )
    bpjs = services.topic_create(
        category=category, title="Kartu BPJS nonaktif", body="Bagaimana mengaktifkan kembali kepesertaan?", author=user
    )
    sampah = services.topic_create(
        category=category, title="Sampah menumpuk", body="Truk pengangkut tidak datang di Sei Padang.", author=user
    )
    return ktp, bpjs, sampah


@pytest.mark.postgres
@pytest.mark.django_db
def test_full_text_search_on_postgresql_ranks_title_matches_first(citizen):
    ktp, bpjs, sampah = _topics(citizen)
    # "blangko" only in the question, "truk" only in a reply: both are indexed.
    services.post_create(topic=bpjs, body="Silakan bawa blangko pendaftaran ke Dinsos.", author=citizen)
    assert list(selectors.topic_list(q="KTP-el")) == [ktp]
    found = list(selectors.topic_list(q="blangko"))
    assert set(found) == {ktp, bpjs}
    services.post_create(topic=sampah, body="Truk akan datang besok.", author=citizen)
    assert list(selectors.topic_list(q="pengangkut")) == [sampah]
    # websearch syntax: quoted phrases and exclusions work as people expect.
    assert list(selectors.topic_list(q='"kartu bpjs" -ktp')) == [bpjs]
    assert list(selectors.topic_list(q="tidakadakatainisamasekali")) == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_full_text_search_ignores_hidden_posts(citizen, moderator):
    ktp, _bpjs, _sampah = _topics(citizen)
    reply = services.post_create(topic=ktp, body="Hubungi calo terpercaya", author=citizen)
    assert list(selectors.topic_list(q="calo")) == [ktp]
    services.post_moderate(post=reply, action="hide", actor=moderator)
    assert list(selectors.topic_list(q="calo")) == []


@pytest.mark.django_db
def test_search_finds_words_in_titles_and_posts_on_any_database(citizen):
    ktp, bpjs, _sampah = _topics(citizen)
    assert list(selectors.topic_list(q="ktp-el")) == [ktp]
    assert list(selectors.topic_list(q="kepesertaan")) == [bpjs]


@pytest.mark.django_db
def test_search_page_shows_results_and_keeps_the_query(client, citizen):
    _topics(citizen)
    hidden = TopicFactory(title="Rahasia", visibility=Visibility.PENDING)
    page = client.get(reverse("community:search"), {"q": "sampah"}).content.decode()
    assert "Sampah menumpuk" in page and 'value="sampah"' in page
    assert hidden.get_absolute_url() not in client.get(reverse("community:search"), {"q": "Rahasia"}).content.decode()
