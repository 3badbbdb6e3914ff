from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import editing, views
from .cache import public_page
from .feeds import NewsAtomFeed, NewsRssFeed
from .sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("orders/<int:pk>/download/", views.order_download, name="order_download"),
    path("news/", views.news_list, name="news"),
    path("news/feed/", public_page(NewsAtomFeed()), name="news_atom"),
    path("news/rss/", public_page(NewsRssFeed()), name="news_rss"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("memos/", views.memos, name="memos"),
    path("memos/<slug:slug>/", views.memo_detail, name="memo_detail"),
    path("programmes/", views.programmes, name="programmes"),
    path("cases/", views.cases, name="cases"),
    path("cases/<slug:slug>/", views.case_detail, name="case_detail"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("images/<str:kind>/<int:pk>/", views.image, name="image"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    # Editing (login required)
    path("edit/", editing.dashboard, name="edit"),
    path("edit/<str:kind>/new/", editing.edit, name="edit_new"),
    path("edit/<str:kind>/<int:pk>/", editing.edit, name="edit_item"),
    path("edit/<str:kind>/<int:pk>/image/", editing.edit_image, name="edit_image"),
    path("edit/<str:kind>/<int:pk>/publish/", editing.publish, name="edit_publish"),
    path("edit/<str:kind>/<int:pk>/unpublish/", editing.unpublish, name="edit_unpublish"),
    path("edit/<str:kind>/<int:pk>/delete/", editing.delete, name="edit_delete"),
]
