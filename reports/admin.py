"""Admin for superusers: the document engine and the orders (the public section and monitoring register theirs
from ReportsConfig.ready)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import DocumentChunk, GeneratedDocument, Order, OrderCounter, OrderEvent, OrderPerson
from .services import document_retry


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "progress_done", "progress_total", "requested_by", "requested_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "error")
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]
    actions = ["generate_again"]

    def has_add_permission(self, request):
        return False  # documents are requested through the engine, never typed in

    @admin.action(description=gettext_lazy("Generate again (failed or stuck documents)"))
    def generate_again(self, request, queryset):
        queued, refused = 0, []
        for document in queryset:
            try:
                document_retry(document=document, user=request.user)
                queued += 1
            except ValidationError:
                refused.append(document.title)
        if queued:
            self.message_user(
                request,
                ngettext("%(count)s document queued again.", "%(count)s documents queued again.", queued)
                % {"count": queued},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Not failed or stuck, left as they are: %(list)s.") % {"list": "; ".join(refused)},
                messages.WARNING,
            )


@admin.register(DocumentChunk)
class DocumentChunkAdmin(admin.ModelAdmin):
    """The chunks of bulk jobs in progress (they go once merged): for looking, never for typing."""

    list_display = ("document", "index", "status", "progress_done", "attempts", "heartbeat_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in DocumentChunk._meta.fields]

    def has_add_permission(self, request):
        return False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    readonly_fields = ("action", "actor", "at", "comment", "notified_at")
    can_delete = False


class OrderPersonInline(admin.TabularInline):
    model = OrderPerson
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number_label", "date", "order_type", "title", "status", "year")
    list_filter = ("year", "order_type", "status")
    search_fields = ("title", "number_label")
    readonly_fields = ("number", "number_label", "date", "annex_data", "pdf", "pdf_checksum", "pdf_error", "status")
    raw_id_fields = ("appointee", "created_by")
    filter_horizontal = ("groups",)
    inlines = [OrderPersonInline, OrderEventInline]

    def has_change_permission(self, request, obj=None):
        # An approved order is frozen here too (the services refuse edits; so does the admin).
        return not (obj and obj.is_frozen) and super().has_change_permission(request, obj)


@admin.register(OrderCounter)
class OrderCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last_number")


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ("order", "action", "actor", "at")
    list_filter = ("action",)
    readonly_fields = ("order", "action", "actor", "at", "comment", "notified_at")


@admin.register(OrderPerson)
class OrderPersonAdmin(admin.ModelAdmin):
    list_display = ("order", "person", "note")
    raw_id_fields = ("order", "person")
