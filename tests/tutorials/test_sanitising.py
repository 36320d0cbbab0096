"""Hostile Markdown is neutralised on output; hostile uploads are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from tutorials import services
from tutorials.markdown import render_markdown
from tutorials.models import TutorialStep
from tutorials.validators import validate_screenshot

from .factories import TutorialFactory, png_upload


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)">klik</a>',
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">teks</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "<svg onload=alert(1)><circle/></svg>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_render_markdown_removes_scripts_event_handlers_and_dangerous_links(hostile):
    html = str(render_markdown(f"Langkah 1\n\n{hostile}\n\nSelesai"))
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered and "onload" not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered and "style=" not in lowered
    assert "data:text/html" not in lowered
    assert "Selesai" in html


def test_render_markdown_keeps_ordinary_formatting_and_safe_links():
    html = str(render_markdown("**Masuk** ke [e-Office](https://eoffice.pemkomedan.go.id)\n\n1. satu\n2. dua"))
    assert "<strong>Masuk</strong>" in html
    assert 'href="https://eoffice.pemkomedan.go.id"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<ol>" in html


def test_real_png_is_accepted():
    validate_screenshot(png_upload())


def test_html_renamed_to_png_is_refused():
    fake = SimpleUploadedFile("layar.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    with pytest.raises(ValidationError) as err:
        validate_screenshot(fake)
    assert err.value.code == "not_an_image"


def test_svg_renamed_to_png_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    with pytest.raises(ValidationError):
        validate_screenshot(SimpleUploadedFile("layar.png", svg, content_type="image/png"))


def test_svg_with_its_own_extension_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_screenshot(SimpleUploadedFile("layar.svg", b"<svg/>", content_type="image/svg+xml"))
    assert err.value.code == "bad_extension"


def test_truncated_png_is_refused():
    data = png_upload(size=(200, 200)).read()
    with pytest.raises(ValidationError):
        validate_screenshot(SimpleUploadedFile("layar.png", data[: len(data) // 2], content_type="image/png"))


def test_gif_named_png_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError):
        validate_screenshot(SimpleUploadedFile("layar.png", buffer.getvalue(), content_type="image/png"))


def test_jpeg_named_png_is_refused_as_mismatch():
    with pytest.raises(ValidationError) as err:
        validate_screenshot(png_upload(name="layar.png", fmt="JPEG"))
    assert err.value.code == "format_mismatch"


@override_settings(TUTORIALS_SCREENSHOT_MAX_BYTES=1024)
def test_too_large_file_is_refused_with_its_size():
    # Random-ish content so PNG compression cannot make it small.
    buffer = io.BytesIO()
    Image.frombytes("RGB", (300, 300), bytes((i * 7919) % 256 for i in range(300 * 300 * 3))).save(buffer, "PNG")
    upload = SimpleUploadedFile("layar.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as err:
        validate_screenshot(upload)
    assert err.value.code == "too_large"
    message = err.value.messages[0].replace("\xa0", " ")
    assert "1,0 KB" in message or "1.0 KB" in message


@override_settings(TUTORIALS_SCREENSHOT_MAX_PIXELS=100)
def test_image_with_too_many_pixels_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_screenshot(png_upload(size=(20, 20)))
    assert err.value.code == "too_many_pixels"


@pytest.mark.django_db
def test_step_save_refuses_a_fake_screenshot_and_saves_nothing():
    tutorial = TutorialFactory()
    step = TutorialStep(
        tutorial=tutorial,
        title="Masuk",
        body="Isi NIP",
        screenshot=SimpleUploadedFile("layar.png", b"<html></html>", content_type="image/png"),
    )
    with pytest.raises(ValidationError) as err:
        services.step_save(step=step)
    assert "screenshot" in err.value.message_dict
    assert not TutorialStep.objects.exists()


@pytest.mark.django_db
def test_step_save_stores_a_real_screenshot_at_the_end():
    tutorial = TutorialFactory()
    services.step_save(step=TutorialStep(tutorial=tutorial, title="A", body="a"))
    step = services.step_save(step=TutorialStep(tutorial=tutorial, title="B", body="b", screenshot=png_upload()))
    assert step.position == 2
    assert step.screenshot.name.startswith(f"tutorials/{tutorial.pk}/")
