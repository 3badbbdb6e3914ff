from django.contrib import admin

from .models import ReminderLog, RoadmapImport, RoadmapItem, RoadmapStage


class ItemInline(admin.TabularInline):
    model = RoadmapItem
    extra = 0
    raw_id_fields = ("responsible_person",)


@admin.register(RoadmapStage)
class RoadmapStageAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kind", "year")
    list_filter = ("year", "kind")
    inlines = [ItemInline]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ("title", "stage", "period_end", "responsible_role", "status", "done_on")
    list_filter = ("stage__year", "status", "responsible_role", "document_type", "order_type")
    search_fields = ("title", "result_document")
    raw_id_fields = ("responsible_person",)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("day", "user", "items_count", "sent_at")
    list_filter = ("day",)
    search_fields = ("user__username", "user__email")
    date_hierarchy = "day"


@admin.register(RoadmapImport)
class RoadmapImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "year", "created_by", "created_at")
    list_filter = ("year",)
    readonly_fields = ("draft",)
