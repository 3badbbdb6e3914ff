"""Public pages of the «Наставничество» section: no login, cached, everything read through selectors."""

import mimetypes

from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mentoring.downloads import file_download, safe_filename
from mentoring.selectors import current_year

from ..models import Memo, SitePage
from . import home as section_home
from . import selectors
from .cache import public_page


def _render(request, template: str, context: dict, pages: list | None = None):
    pages = list(selectors.published_pages()) if pages is None else pages
    context["nav_pages"] = [p for p in pages if p.slug != SitePage.ABOUT_SLUG]
    return render(request, template, context)


@require_safe
@public_page
def home(request):
    news = selectors.published_news(limit=3)
    pages = list(selectors.published_pages())
    return _render(
        request,
        "public/home.html",
        {
            "about": next((p for p in pages if p.slug == SitePage.ABOUT_SLUG), None),
            "figures": section_home.public_figures(),
            "contacts": section_home.public_contacts(),
            "year": current_year(),
            "news": news,
            "announcements": selectors.upcoming_announcements(),
        },
        pages,
    )


@require_safe
@public_page
def documents(request):
    docs = list(selectors.published_documents())
    return _render(request, "public/documents.html", {"documents": docs, "orders": selectors.published_orders()})


@require_safe
def document_download(request, pk: int):
    document = selectors.published_document(pk)
    if document is None or not document.file:
        raise Http404
    return file_download(document.file, safe_filename(document.title, ext="pdf"), "application/pdf", inline=True)


@require_safe
def order_download(request, pk: int):
    order = selectors.published_order(pk)
    file = selectors.order_file(order) if order is not None else None
    if not file:
        raise Http404
    return file_download(file, order.download_name(), "application/pdf", inline=True)


@require_safe
@public_page
def news_list(request):
    paginator = Paginator(range(selectors.published_news_count()), selectors.NEWS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    size = selectors.NEWS_PAGE_SIZE
    items = selectors.published_news(limit=size, offset=(page.number - 1) * size)
    return _render(request, "public/news_list.html", {"news": items, "page_obj": Page(items, page.number, paginator)})


@require_safe
@public_page
def news_detail(request, slug: str):
    item = selectors.published_news_item(slug)
    if item is None:
        raise Http404
    return _render(request, "public/news_detail.html", {"item": item})


@require_safe
@public_page
def memos(request):
    memos = list(selectors.published_memos())
    groups = [(label, [m for m in memos if m.audience == value]) for value, label in Memo.Audience.choices]
    return _render(request, "public/memos.html", {"groups": [(label, ms) for label, ms in groups if ms]})


@require_safe
@public_page
def memo_detail(request, slug: str):
    memo = selectors.published_memo(slug)
    if memo is None:
        raise Http404
    return _render(request, "public/page.html", {"page": memo, "parent": "memos"})


@require_safe
@public_page
def programmes(request):
    return _render(
        request, "public/programmes.html", {"programmes": section_home.current_programmes(), "year": current_year()}
    )


@require_safe
@public_page
def cases(request):
    return _render(request, "public/cases.html", {"cases": selectors.published_cases()})


@require_safe
@public_page
def case_detail(request, slug: str):
    case = selectors.published_case(slug)
    if case is None:
        raise Http404
    return _render(request, "public/case_detail.html", {"case": case})


@require_safe
@public_page
def page_detail(request, slug: str):
    page = selectors.published_page(slug)
    if page is None:
        raise Http404
    return _render(request, "public/page.html", {"page": page})


@require_safe
def image(request, kind: str, pk: int):
    """An image of a published item, only while everyone in it consents (no direct media links)."""
    if kind == "news":
        item = selectors.published_news_item_by_pk(pk)
    elif kind == "case":
        item = selectors.published_case_by_pk(pk)
    else:
        raise Http404
    if item is None or not item.image_visible:
        raise Http404
    content_type = mimetypes.guess_type(item.image.name)[0] or "application/octet-stream"
    response = FileResponse(item.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response
