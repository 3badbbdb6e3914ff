"""Atom and RSS feeds of the section's news, so the school's main site can embed them."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors

FEED_SIZE = 20


class NewsRssFeed(Feed):
    title = _("Mentoring at school: news")
    link = reverse_lazy("public:news")
    description = _("News and announcements of the school's mentoring programme.")
    language = "ru"

    def items(self):
        return [n.item for n in selectors.published_news(limit=FEED_SIZE)]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("public:news_detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
