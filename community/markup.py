"""Markdown written by the public, rendered and sanitised (nh3) before it is stored."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: raw HTML in the source is escaped
    by the sanitiser's allow-list, links may only be http(s)/mailto and get
    rel="nofollow noopener ugc"; headings are demoted so a post cannot shout."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists", "nl2br"], output_format="html")
    for level in (1, 2):
        html = html.replace(f"<h{level}", "<h4").replace(f"</h{level}>", "</h4>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
