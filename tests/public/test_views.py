"""Public pages: no login, 404 for anything unpublished, constant queries, cache invalidated on publish,
valid feeds and sitemap, valid HTML with landmarks and alt text. Editing: curator and site editor only."""

import xml.etree.ElementTree as ET

import html5lib
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.choices import GroupStatus
from reports.models import NewsItem
from reports.public import services
from tests import factories
from tests import factories_public as fp

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLIC_NAMES = ["home", "documents", "news", "memos", "programmes", "cases"]


def _build(n: int, year, jpeg):
    """n of everything: news (with images), pages, memos, documents, completed groups with cases, active groups."""
    for i in range(n):
        fp.news(
            title=f"Новость {i}",
            image=jpeg(size=(400, 300)) if i % 2 == 0 else None,
            image_alt="Рисунок" if i % 2 == 0 else "",
        )
        fp.page(title=f"Страница {i}")
        fp.memo(title=f"Памятка {i}", audience=["mentors", "mentees", "parents"][i % 3])
        fp.document(title=f"Документ {i}")
        group = fp.completed_group(year=year)
        fp.set_publication(group.memberships.get(role="mentor").person, i % 2 == 0)
        fp.case(
            group,
            title=f"Кейс {i}",
            image=jpeg(size=(400, 300)),
            image_alt="Пара",
            people_in_image=[m.person for m in group.memberships.all()],
        )
        active = factories.GroupFactory(year=year)
        active.status, active.approved_on = GroupStatus.ACTIVE, year.start_date
        active.save()
    fp.page(title="О наставничестве", slug="about", body="## Что это\n\nНаставничество.")


def _urls():
    urls = [reverse(f"public:{name}") for name in PUBLIC_NAMES]
    item = NewsItem.objects.filter(is_published=True).first()
    from reports.models import Case, Memo, SitePage

    urls += [
        reverse("public:news_detail", args=[item.slug]),
        reverse("public:case_detail", args=[Case.objects.first().slug]),
        reverse("public:memo_detail", args=[Memo.objects.first().slug]),
        reverse("public:page", args=[SitePage.objects.exclude(slug="about").first().slug]),
        reverse("public:news_atom"),
        reverse("public:news_rss"),
        reverse("public:sitemap"),
    ]
    return urls


@pytest.mark.parametrize("n", [1, 25])
def test_public_pages_run_a_constant_small_number_of_queries(client, year, organisation, jpeg_with_gps, n):
    _build(n, year, jpeg_with_gps)
    for url in _urls():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(ctx) <= 10, (url, len(ctx), [q["sql"][:120] for q in ctx.captured_queries])


@pytest.mark.parametrize("n", [1, 25])
def test_home_query_bound_small_and_large(client, year, organisation, jpeg_with_gps, django_assert_max_num_queries, n):
    _build(n, year, jpeg_with_gps)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("public:home")).status_code == 200
    with django_assert_max_num_queries(0):  # the second visit is served from the cache
        assert client.get(reverse("public:home")).status_code == 200


def test_cache_is_invalidated_on_publish(client, year, django_capture_on_commit_callbacks):
    item = fp.news(published=False, title="Свежая новость")
    assert "Свежая новость" not in client.get(reverse("public:news")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_publish(item=item, published_by=None)
    assert "Свежая новость" in client.get(reverse("public:news")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_unpublish(item=item, unpublished_by=None)
    assert "Свежая новость" not in client.get(reverse("public:news")).content.decode()


def test_unpublished_and_unconsented_content_is_unreachable_by_every_url(client, year, jpeg_with_gps):
    draft_news = fp.news(published=False, title="Черновик", image=jpeg_with_gps(), image_alt="x")
    draft_page = fp.page(published=False)
    draft_memo = fp.memo(published=False)
    draft_doc = fp.document(published=False)
    draft_case = fp.case(published=False)
    group = fp.completed_group(year=year)
    hidden_photo = fp.case(
        group, image=jpeg_with_gps(), image_alt="x", people_in_image=[m.person for m in group.memberships.all()]
    )
    for url in [
        reverse("public:news_detail", args=[draft_news.slug]),
        reverse("public:image", args=["news", draft_news.pk]),
        reverse("public:page", args=[draft_page.slug]),
        reverse("public:memo_detail", args=[draft_memo.slug]),
        reverse("public:document_download", args=[draft_doc.pk]),
        reverse("public:case_detail", args=[draft_case.slug]),
        reverse("public:image", args=["case", draft_case.pk]),
        reverse("public:image", args=["case", hidden_photo.pk]),  # people in it have not consented
        reverse("public:image", args=["other", 1]),
        reverse("public:order_download", args=[1]),
    ]:
        assert client.get(url).status_code == 404, url


def test_public_document_downloads_as_pdf(client):
    doc = fp.document()
    response = client.get(reverse("public:document_download", args=[doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_atom_and_rss_feeds_are_valid(client):
    fp.news(title="Первая новость", summary="Кратко один")
    fp.news(title="Вторая новость", summary="Кратко два")
    fp.news(title="Черновик в ленте", published=False)
    atom = ET.fromstring(client.get(reverse("public:news_atom")).content)
    assert atom.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert atom.find(f"{ATOM}{required}") is not None and atom.find(f"{ATOM}{required}").text
    entries = atom.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Вторая новость", "Первая новость"]
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/nastavnichestvo/news/")
    rss = ET.fromstring(client.get(reverse("public:news_rss")).content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required).text
    items = channel.findall("item")
    assert len(items) == 2 and all(i.find("link").text and i.find("pubDate").text for i in items)


def test_sitemap_lists_published_items_only(client):
    published = fp.news(title="Опубликовано")
    draft = fp.news(title="Черновик", published=False)
    tree = ET.fromstring(client.get(reverse("public:sitemap")).content)
    locs = [loc.text for loc in tree.iter(f"{SITEMAP}loc")]
    assert f"http://testserver{reverse('public:news_detail', args=[published.slug])}" in locs
    assert not any(draft.slug in loc for loc in locs)
    assert f"http://testserver{reverse('public:home')}" in locs


def test_public_html_is_valid_with_landmarks_headings_and_alt(client, year, organisation, jpeg_with_gps):
    _build(2, year, jpeg_with_gps)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for url in _urls():
        if "feed" in url or "rss" in url or url.endswith(".xml"):
            continue
        html = client.get(url).content.decode()
        doc = parser.parse(html)  # strict: raises on any parse error
        assert doc.find(".//header") is not None and doc.find(".//main") is not None, url
        assert doc.find(".//nav") is not None and doc.find(".//footer") is not None, url
        assert len(doc.findall(".//h1")) == 1, url
        for img in doc.iter("img"):
            assert img.get("alt"), (url, img.attrib)
        ids = [el.get("id") for el in doc.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), url
        assert doc.get("lang") == "ru"
        for prop in ("og:title", "og:type", "og:url", "og:locale"):
            assert f'property="{prop}"' in html, (url, prop)


def test_news_page_shows_open_graph_image_only_when_visible(client, jpeg_with_gps):
    item = fp.news(image=jpeg_with_gps(), image_alt="Здание школы")
    html = client.get(reverse("public:news_detail", args=[item.slug])).content.decode()
    assert 'property="og:image" content="http://testserver/nastavnichestvo/images/news/' in html
    image = client.get(reverse("public:image", args=["news", item.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


# --- Editing: who may and who may not ------------------------------------------------------------------


@pytest.fixture
def personas(curator, director, site_editor, mentor_with_pair):
    return {"curator": curator, "director": director, "site_editor": site_editor, "mentor": mentor_with_pair}


@pytest.mark.parametrize(
    ("persona", "kind", "expected"),
    [
        ("curator", "news", 200),
        ("site_editor", "news", 200),
        ("site_editor", "page", 200),
        ("site_editor", "memo", 200),
        ("site_editor", "document", 200),
        ("curator", "case", 200),
        ("site_editor", "case", 403),  # publishing programme results is the curator's decision (§8.2)
        ("director", "news", 403),
        ("mentor", "news", 403),
    ],
)
def test_who_may_edit_the_section(client, personas, persona, kind, expected):
    client.force_login(personas[persona])
    if kind == "case":
        obj = fp.case(published=False)
    else:
        obj = {"news": fp.news, "page": fp.page, "memo": fp.memo, "document": fp.document}[kind](published=False)
    assert client.get(reverse("public:edit_item", args=[kind, obj.pk])).status_code == expected
    response = client.post(reverse("public:edit_publish", args=[kind, obj.pk]))
    assert response.status_code == (302 if expected == 200 else 403)
    obj.refresh_from_db()
    assert obj.is_published is (expected == 200)


def test_anonymous_visitor_reads_but_cannot_edit(client):
    assert client.get(reverse("public:home")).status_code == 200
    response = client.get(reverse("public:edit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_site_editor_creates_news_with_image_through_the_form(client, site_editor, jpeg_with_gps):
    client.force_login(site_editor)
    url = reverse("public:edit_new", args=["news"])
    data = {
        "title": "Семинар",
        "summary": "Кратко",
        "body": "Текст <script>alert(1)</script>",
        "image": jpeg_with_gps(),
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "image_alt" in response.context["form"].errors
    data["image"] = jpeg_with_gps()
    data["image_alt"] = "Участники семинара"
    response = client.post(url, data)
    assert response.status_code == 302
    item = NewsItem.objects.get(title="Семинар")
    assert "<script" not in item.body_html and not item.is_published
    assert client.get(reverse("public:edit")).status_code == 200


def test_public_orders_follow_the_directors_flag_and_consents(client, year):
    """Approved orders the director marked public, as PDFs; an order naming a non-consenting person stays off."""
    from django.core.files.base import ContentFile

    from reports.models import Order, OrderPerson
    from reports.public import selectors

    if "is_public" not in {f.name for f in Order._meta.get_fields()}:  # issue 4 adds the director's flag
        assert selectors.published_orders() == []
        assert client.get(reverse("public:order_download", args=[1])).status_code == 404
        return

    def order(number, *, status="approved", public=True):
        o = Order(year=year, order_type="organisation", title=f"О наставничестве {number}", preamble="П", body="1")
        o.status, o.is_public = status, public
        if status == "approved":
            o.number, o.number_label, o.date = number, f"{number}-од", year.start_date
            o.pdf.save(f"{number}.pdf", ContentFile(fp.MINIMAL_PDF), save=False)
        o.save()
        return o

    shown, private, draft, naming = order(1), order(2, public=False), order(3, status="draft"), order(4)
    person = factories.PersonFactory()
    OrderPerson.objects.create(order=naming, person=person, note="поощрить")
    assert [o.pk for o in selectors.published_orders()] == [shown.pk]
    assert client.get(reverse("public:order_download", args=[shown.pk])).status_code == 200
    for hidden in (private, draft, naming):
        assert client.get(reverse("public:order_download", args=[hidden.pk])).status_code == 404
    fp.set_publication(person, True)
    assert {o.pk for o in selectors.published_orders()} == {shown.pk, naming.pk}
