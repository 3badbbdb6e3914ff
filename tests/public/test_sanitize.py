"""The safe formatting subset: scripts, event handlers, embeds and javascript: URLs never survive."""

from html.parser import HTMLParser

import pytest

from reports.public.sanitize import render_markdown, sanitize_html

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    '<p onclick="alert(1)">x</p>',
    '<div onmouseover="alert(1)">x</div>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x">',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<form action="https://evil.example"><input name=x></form>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "form", "input", "svg", "math", "img", "link", "meta"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _tags(html: str):
    parser = _Tags()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("attack", ATTACKS)
def test_sanitiser_refuses_scripts_handlers_and_embeds(attack):
    for html in (render_markdown(attack), sanitize_html(attack)):
        assert "<script" not in html.lower()
        for tag, attrs in _tags(html):
            assert tag not in FORBIDDEN_TAGS, (attack, html)
            assert not any(name.startswith("on") or name == "style" for name in attrs), (attack, html)
            for name in ("href", "src", "action", "xlink:href"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (attack, html)


def test_markdown_subset_survives():
    html = render_markdown(
        "# Заголовок\n\n**жирный** и *курсив*\n\n- пункт\n\n[ссылка](https://school.example/)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h2>Заголовок</h2>" in html  # the page title is the only h1
    assert "<strong>жирный</strong>" in html and "<em>курсив</em>" in html
    assert "<li>пункт</li>" in html
    assert '<a href="https://school.example/" rel="noopener noreferrer nofollow">ссылка</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_remote_images_in_text_are_removed():
    assert "<img" not in render_markdown("![tracking](https://evil.example/pixel.gif)")
