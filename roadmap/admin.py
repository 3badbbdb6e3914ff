from django.contrib import admin

from .models import RoadmapItem, RoadmapStage


class ItemInline(admin.TabularInline):
    model = RoadmapItem
    extra = 0
    raw_id_fields = ("responsible_person",)


@admin.register(RoadmapStage)
class RoadmapStageAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "year")
    list_filter = ("year",)
    inlines = [ItemInline]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ("title", "stage", "period_end", "responsible_role", "status")
    list_filter = ("stage__year", "status", "responsible_role")
    search_fields = ("title", "result_document")
