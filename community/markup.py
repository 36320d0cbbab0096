"""Markdown written by the public, rendered and sanitised before it is stored
(the public profile of asn_competency.common.markup)."""

from asn_competency.common.markup import PUBLIC
from asn_competency.common.markup import render_markdown as _render


def render_markdown(text: str) -> str:
    return str(_render(text, profile=PUBLIC))
