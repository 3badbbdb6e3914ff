"""No personal data of a non-consenting person on ANY public page: build the demo school, crawl every public URL
reachable from the section's home plus the feeds, the sitemap and the PDFs, and search for surnames."""

import re
import xml.etree.ElementTree as ET
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.models import Person
from reports.models import Case
from reports.public import selectors
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

PREFIX = "/nastavnichestvo/"
HREF = re.compile(r'(?:href|src)="([^"#]+)"')


def _crawl(client) -> dict[str, bytes]:
    start = [reverse("public:home"), reverse("public:news_atom"), reverse("public:news_rss"), reverse("public:sitemap")]
    seen, pages, queue = set(start), {}, deque(start)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = body
        content_type = response["Content-Type"]
        links = []
        if "html" in content_type:
            links = HREF.findall(body.decode())
        elif "xml" in content_type:
            links = [el.text for el in ET.fromstring(body).iter() if el.tag.endswith("loc") and el.text]
            links += [el.get("href") for el in ET.fromstring(body).iter() if el.tag.endswith("link") and el.get("href")]
            links += [el.text for el in ET.fromstring(body).iter() if el.tag == "link" and el.text]
        for link in links:
            parts = urlsplit(link.replace("&amp;", "&"))
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc not in ("", "testserver") or not path.startswith(PREFIX) or "/edit/" in path:
                continue
            if path not in seen:
                seen.add(path)
                queue.append(path)
    return pages


def _text(url: str, body: bytes) -> str:
    if body.startswith(b"%PDF-"):
        return pdf_text(body)
    if body[:4] in (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb") or body.startswith(b"\x89PNG"):
        return ""
    return body.decode()


def test_no_non_consenting_persons_name_on_any_public_page(client):
    call_command("demo_school")
    pages = _crawl(client)
    kinds = {u.split("/")[2] for u in pages if u.count("/") > 2}
    assert {"documents", "news", "memos", "programmes", "cases", "pages", "images"} <= kinds, kinds
    assert any(u.startswith(f"{PREFIX}cases/") and u != f"{PREFIX}cases/" for u in pages)

    # Who may legitimately be named: consenting members of published cases, and the curator if consenting.
    shown = set()
    for case in selectors.published_cases():
        for m in case.group.memberships.all():
            if selectors.person_may_be_published(m.person):
                shown.add(m.person.pk)
    curator = Person.objects.filter(user__username="curator").first()
    if curator and selectors.person_may_be_published(curator):
        shown.add(curator.pk)
    people = list(Person.objects.all())
    allowed_surnames = {p.last_name for p in people if p.pk in shown}
    hidden = [p for p in people if p.pk not in shown]
    allowed_full = {p.full_name for p in people if p.pk in shown}
    allowed_given = {f"{p.first_name} {p.patronymic}" for p in people if p.pk in shown}
    banned = {p.last_name for p in hidden} - allowed_surnames
    assert len(banned) > 20 and len(hidden) > 300  # the demo has many people who must stay unnamed

    # The demo shows both: a consenting participant named, a non-consenting one described by role.
    texts = {url: _text(url, body) for url, body in pages.items()}
    everything = "\n".join(texts.values())
    assert shown and any(Person.objects.get(pk=pk).full_name in everything for pk in shown)
    assert "наставник — " in everything or "mentor — " in everything

    for url, text in texts.items():
        for surname in banned:
            assert not re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", text), (url, surname)
        for person in hidden:  # full names even where a surname is shared with someone shown
            if person.full_name not in allowed_full:  # namesakes of a shown person cannot be told apart
                assert person.full_name not in text, (url, person.full_name)
            given = f"{person.first_name} {person.patronymic}"
            if person.first_name and person.patronymic and given not in allowed_given:
                assert given not in text, (url, person)
    # Every published case of the demo was reached, drafts were not.
    for case in Case.objects.all():
        reached = f"{PREFIX}cases/{case.slug}/" in pages
        assert reached is selectors.case_is_public(case), case.slug
