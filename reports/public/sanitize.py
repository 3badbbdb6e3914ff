"""The safe formatting subset of the public section: Markdown rendered, then cleaned against an allow-list.

Editors write Markdown (raw HTML inside it is allowed but cleaned too). What survives: paragraphs, headings,
lists, emphasis, quotes, tables, code and links to http(s)/mailto addresses. Scripts, styles, event handlers,
iframes and other embeds, images inside the text and `javascript:` URLs never do.
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "code", "pre", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}

_HEADING = re.compile(r"<(/?)h([1-5])(\s|>)")


def _shift_headings(html: str) -> str:
    """The page title is the only h1: headings written in the text start one level lower."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}{m.group(3)}", html)


def sanitize_html(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1"},
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _shift_headings(cleaned)


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML. Store the result; never mark unsanitised text safe."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return sanitize_html(html)
