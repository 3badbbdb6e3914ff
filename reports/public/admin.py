"""Admin of the public section, for superusers. Publishing stays in the editing pages (services check §8.2)."""

from django.contrib import admin

from ..models import Case, Memo, NewsItem, PublicDocument, SitePage
from .sanitize import render_markdown
from .services import public_cache_bump_on_commit


class _PublicAdmin(admin.ModelAdmin):
    readonly_fields = ("is_published", "published_at", "updated_at", "updated_by")
    list_filter = ("is_published",)

    def save_model(self, request, obj, form, change):
        # The stored HTML is always the sanitised rendering of the Markdown, whoever saves.
        if hasattr(obj, "body_html"):
            obj.body_html = render_markdown(obj.body)
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        public_cache_bump_on_commit()


@admin.register(SitePage)
class SitePageAdmin(_PublicAdmin):
    list_display = ("title", "slug", "is_published", "position")
    search_fields = ("title", "body")


@admin.register(NewsItem)
class NewsItemAdmin(_PublicAdmin):
    list_display = ("title", "published_at", "is_announcement", "is_published")
    search_fields = ("title", "summary", "body")
    list_filter = ("is_published", "is_announcement")
    exclude = ("image",)  # images go through the editing pages: resized and stripped of metadata


@admin.register(Memo)
class MemoAdmin(_PublicAdmin):
    list_display = ("title", "audience", "is_published")
    list_filter = ("is_published", "audience")


@admin.register(Case)
class CaseAdmin(_PublicAdmin):
    list_display = ("title", "group", "is_published")
    search_fields = ("title", "summary")
    raw_id_fields = ("group", "people_in_image")
    exclude = ("image",)


@admin.register(PublicDocument)
class PublicDocumentAdmin(_PublicAdmin):
    list_display = ("title", "kind", "is_published")
    list_filter = ("is_published", "kind")
    exclude = ("file",)
    readonly_fields = (*_PublicAdmin.readonly_fields, "file_size")
