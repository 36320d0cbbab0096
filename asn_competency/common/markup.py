"""Markdown to HTML that is safe to show, in one place: `markdown` produces the
HTML and `nh3` keeps only an allow-list of tags, attributes and URL schemes (no
scripts, event handlers, styles or javascript: links). Two profiles: what the
public writes (forums) and what staff author (tutorials)."""

from dataclasses import dataclass

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_COMMON_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    tags: frozenset
    attributes: dict
    extensions: tuple
    link_rel: str
    demote_headings: bool  # h1/h2 become h4, so a post cannot shout


PUBLIC = Profile(
    tags=frozenset(_COMMON_TAGS),
    attributes={"a": {"href", "title"}},
    extensions=("extra", "sane_lists", "nl2br"),
    link_rel="nofollow noopener ugc",
    demote_headings=True,
)
AUTHOR = Profile(
    tags=frozenset(_COMMON_TAGS | {"h2", "img", "kbd", "del", "sup", "sub", "dl", "dt", "dd"}),
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "title"},
        "th": {"align"},
        "td": {"align"},
        "ol": {"start"},
    },
    extensions=("extra", "sane_lists"),
    link_rel="noopener noreferrer nofollow",
    demote_headings=False,
)
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str, *, profile: Profile = PUBLIC) -> SafeString:
    html = markdown.markdown(text or "", extensions=list(profile.extensions), output_format="html")
    if profile.demote_headings:
        for level in (1, 2):
            html = html.replace(f"<h{level}", "<h4").replace(f"</h{level}>", "</h4>")
    cleaned = nh3.clean(
        html,
        tags=set(profile.tags),
        attributes=profile.attributes,
        url_schemes=URL_SCHEMES,
        link_rel=profile.link_rel,
        strip_comments=True,
    )
    return mark_safe(cleaned)
