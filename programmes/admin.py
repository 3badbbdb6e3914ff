from django.contrib import admin

from .models import (
    FeedbackRequest,
    InactivityReminder,
    Meeting,
    Programme,
    ProgrammeActivity,
    ProgrammeChange,
    ProgrammeTemplate,
    ProgrammeTemplateActivity,
)


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


class TemplateActivityInline(admin.TabularInline):
    model = ProgrammeTemplateActivity
    extra = 0


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "months", "is_active", "updated_at")
    inlines = [TemplateActivityInline]


@admin.register(ProgrammeTemplateActivity)
class ProgrammeTemplateActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "template", "direction", "week")
    list_filter = ("direction",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("group", "kind", "date", "format")
    list_filter = ("kind", "format")
    date_hierarchy = "date"
    raw_id_fields = ("group", "logged_by")
    filter_horizontal = ("attendees",)


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ("person", "group", "kind", "role", "required", "due_date", "status")
    list_filter = ("kind", "status", "required")
    raw_id_fields = ("group", "person", "meeting", "response")


@admin.register(InactivityReminder)
class InactivityReminderAdmin(admin.ModelAdmin):
    list_display = ("group", "quiet_since", "period", "recipients", "sent_at")
    raw_id_fields = ("group",)
