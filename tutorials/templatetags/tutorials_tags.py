from django import template

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="tutorial_markdown")
def tutorial_markdown(text):
    """Markdown to sanitised HTML (see tutorials/markdown.py)."""
    return render_markdown(text)
