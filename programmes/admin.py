from django.contrib import admin

from .models import Programme, ProgrammeActivity, ProgrammeChange


class ActivityInline(admin.TabularInline):
    model = ProgrammeActivity
    extra = 0


class ChangeInline(admin.TabularInline):
    model = ProgrammeChange
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "group", "status", "start_date", "end_date", "extended_until")
    list_filter = ("status", "mode")
    search_fields = ("title", "problem", "goals")
    raw_id_fields = ("group",)
    inlines = [ActivityInline, ChangeInline]


@admin.register(ProgrammeActivity)
class ProgrammeActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "direction", "due_date", "status")
    list_filter = ("direction", "status")
    search_fields = ("title",)


@admin.register(ProgrammeChange)
class ProgrammeChangeAdmin(admin.ModelAdmin):
    list_display = ("programme", "kind", "agreed_on", "agreed_by")
    list_filter = ("kind",)
