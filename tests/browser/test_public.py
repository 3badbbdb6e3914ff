"""The public section in Chromium: axe-core finds no serious or critical WCAG 2.1 AA violation on any public
page; pages fit a phone's width, hide navigation when printed, and the editor publishes through the forms.

axe-core is vendored by the test setup step, never fetched here:  npm install --prefix var/node axe-core
"""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests import factories_public as fp
from tests.browser.axe import axe_run, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # Our CSP forbids inline scripts; axe is injected as one, so only the test context bypasses the CSP.
    return {**browser_context_args, "bypass_csp": True, "locale": "ru-RU"}


@pytest.fixture
def section(db):
    """A small but complete section: about page, news with an image, memos, a document, a case, a programme."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def jpeg():
        out = io.BytesIO()
        Image.new("RGB", (800, 500), (11, 61, 110)).save(out, format="JPEG")
        return SimpleUploadedFile("a.jpg", out.getvalue(), "image/jpeg")

    factories.OrganisationFactory(phone="+7 (8332) 00-00-01", email="school@school.example")
    year = factories.AcademicYearFactory()
    fp.page(
        slug="about",
        title="О наставничестве",
        summary="Кратко",
        body="## Формы\n\n- педагог – педагог\n\n[Положение](https://school.example/)",
    )
    fp.page(title="Как стать наставником", body="1. Анкета\n2. Согласие")
    for i in range(4):
        fp.news(
            title=f"Новость {i}",
            image=jpeg() if i % 2 == 0 else None,
            image_alt="Рисунок программы" if i % 2 == 0 else "",
        )
    fp.news(title="Итоговое мероприятие", is_announcement=True, event_date=year.end_date)
    fp.memo(title="Памятка наставнику", audience="mentors", body="## Главное\n\n- цели\n- встречи")
    fp.memo(title="Памятка наставляемому", audience="mentees")
    fp.document(title="Положение о наставничестве")
    fp.case(fp.completed_group(year=year), title="Кейс: первый год в школе", image=jpeg(), image_alt="Рисунок к кейсу")
    return year


def _public_urls():
    from reports.models import Case, Memo, NewsItem, SitePage

    urls = [reverse(f"public:{n}") for n in ("home", "documents", "news", "memos", "programmes", "cases")]
    urls.append(reverse("public:news_detail", args=[NewsItem.objects.filter(image__gt="").first().slug]))
    urls.append(reverse("public:memo_detail", args=[Memo.objects.first().slug]))
    urls.append(reverse("public:case_detail", args=[Case.objects.first().slug]))
    urls.append(reverse("public:page", args=[SitePage.objects.exclude(slug="about").first().slug]))
    return urls


def test_public_pages_have_no_serious_accessibility_violations(page, live_server, section):
    for url in _public_urls():
        page.goto(f"{live_server.url}{url}")
        result = axe_run(page)
        assert serious_violations(page, result) == [], url
        assert len(result["passes"]) > 5  # axe really ran (contrast, landmarks, alt text…)


@pytest.mark.parametrize("width", [320, 768, 1440])
def test_pages_fit_any_width(page, live_server, section, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in _public_urls():
        page.goto(f"{live_server.url}{url}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (url, width, overflow)


def test_printed_page_hides_navigation_and_keeps_content(page, live_server, section):
    page.goto(f"{live_server.url}{reverse('public:home')}")
    page.emulate_media(media="print")
    assert not page.locator("nav.public-nav").is_visible()
    assert page.locator("main h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")


def test_site_editor_writes_and_publishes_news_and_visitor_sees_it(page, live_server, login_as, section):
    factories.UserFactory(roles=["site_editor"], username="site_editor")
    login_as("site_editor")
    page.goto(f"{live_server.url}{reverse('public:edit_new', args=['news'])}")
    page.fill("input[name=title]", "Семинар наставников")
    page.fill("input[name=summary]", "Обменялись опытом")
    page.fill("textarea[name=body]", "**Итоги** семинара <script>alert(1)</script>")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile(r"^(Опубликовать|Publish)$")).click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{reverse('public:news')}")
    page.click("text=Семинар наставников")
    assert page.locator("main h1").inner_text() == "Семинар наставников"
    assert page.locator(".prose strong").inner_text() == "Итоги"
    assert page.locator(".prose script").count() == 0
