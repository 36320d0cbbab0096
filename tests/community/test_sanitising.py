import pytest
from django.urls import reverse

from community import services
from community.markup import render_markdown

from .factories import CategoryFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Halo <script>alert('xss')</script> <img src=x onerror=alert(1)> "
    '[klik](javascript:alert(1)) <a href="https://contoh.id" onclick="steal()">tautan</a> '
    "<iframe src=https://evil.example></iframe> <style>body{display:none}</style>"
)


def test_render_markdown_strips_scripts_handlers_and_dangerous_links():
    html = render_markdown(HOSTILE)
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "<img"):
        assert bad not in html
    assert '<a href="https://contoh.id" rel="nofollow noopener ugc">tautan</a>' in html


def test_markdown_formatting_survives():
    html = render_markdown("# Judul\n\n**tebal** dan *miring*\n\n- satu\n- dua")
    assert "<h4>Judul</h4>" in html and "<strong>tebal</strong>" in html and "<li>satu</li>" in html


def test_hostile_topic_is_shown_escaped_on_its_page(client, citizen):
    title = '<script>alert("judul")</script> Pertanyaan'
    topic = services.topic_create(category=CategoryFactory(), title=title, body=HOSTILE, author=citizen)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;judul&quot;)&lt;/script&gt; Pertanyaan" in page
    assert "onerror" not in page and "javascript:alert" not in page


def test_hostile_guest_name_is_escaped(client, moderator):
    category = CategoryFactory()
    client.post(
        reverse("community:topic-create"),
        {
            "category": category.pk,
            "title": "Pertanyaan tamu",
            "body": "Halo",
            "guest_name": "<b onmouseover=x>Tamu</b>",
        },
    )
    client.force_login(moderator)
    page = client.get(reverse("community:moderation")).content.decode()
    assert "&lt;b onmouseover=x&gt;Tamu&lt;/b&gt;" in page
    assert "<b onmouseover" not in page


def test_meeting_agenda_is_sanitised(client, hr_user):
    meeting = MeetingFactory()
    services.meeting_save(meeting=meeting, agenda=HOSTILE)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "onerror" not in page
