"""The section's sitemap: static sections and every published item (through the publication selectors)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ..models import SitePage
from . import selectors


class SectionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["public:home", "public:documents", "public:news", "public:memos", "public:programmes", "public:cases"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [n.item for n in selectors.published_news()]

    def location(self, item):
        return reverse("public:news_detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    def items(self):
        return [p for p in selectors.published_pages() if p.slug != SitePage.ABOUT_SLUG]

    def location(self, item):
        return reverse("public:page", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class MemoSitemap(PageSitemap):
    def items(self):
        return list(selectors.published_memos())

    def location(self, item):
        return reverse("public:memo_detail", args=[item.slug])


class CaseSitemap(PageSitemap):
    def items(self):
        return [c.case for c in selectors.published_cases()]

    def location(self, item):
        return reverse("public:case_detail", args=[item.slug])


SITEMAPS = {
    "sections": SectionSitemap,
    "news": NewsSitemap,
    "pages": PageSitemap,
    "memos": MemoSitemap,
    "cases": CaseSitemap,
}
