"""Markdown written by HR (the staff profile of asn_competency.common.markup)."""

from django.utils.safestring import SafeString

from asn_competency.common.markup import AUTHOR
from asn_competency.common.markup import render_markdown as _render


def render_markdown(text: str) -> SafeString:
    return _render(text, profile=AUTHOR)
