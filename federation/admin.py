"""Admin for superusers: the hub's and the school's federation rows, searchable; package bodies read-only."""

from django.contrib import admin

from . import models


@admin.register(models.MemberSchool)
class MemberSchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "connected_at")
    list_filter = ("status", "kind")
    search_fields = ("name", "contact")
    readonly_fields = ("connected_at", "disconnected_at")


@admin.register(models.ReceivedPackage)
class ReceivedPackageAdmin(admin.ModelAdmin):
    list_display = ("school", "academic_year", "received_at", "status", "via_file")
    list_filter = ("status", "academic_year", "via_file")
    search_fields = ("school__name", "checksum")
    readonly_fields = ("body",)


@admin.register(models.RoadmapAgreement)
class RoadmapAgreementAdmin(admin.ModelAdmin):
    list_display = ("school", "academic_year", "decision", "decided_at")
    list_filter = ("decision", "academic_year")
    search_fields = ("school__name",)


@admin.register(models.InformationLetter)
class InformationLetterAdmin(admin.ModelAdmin):
    list_display = ("title", "to_all", "published_at")
    search_fields = ("title", "text")


@admin.register(models.IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("academic_year", "code", "target_percent")


class _FlattenedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "school", "academic_year")
    list_filter = ("academic_year",)
    search_fields = ("school__name",)


for model in (models.SchoolIndicator, models.SchoolRoadmapItem, models.SchoolCase, models.SchoolOrder):
    admin.site.register(model, _FlattenedAdmin)


@admin.register(models.HubConnection)
class HubConnectionAdmin(admin.ModelAdmin):
    list_display = ("hub_url", "connected_at", "is_active")
    exclude = ("token",)


@admin.register(models.PackageSending)
class PackageSendingAdmin(admin.ModelAdmin):
    list_display = ("created_at", "trigger", "status", "academic_year", "attempts")
    list_filter = ("status", "trigger")


@admin.register(models.HubDecision)
class HubDecisionAdmin(admin.ModelAdmin):
    list_display = ("academic_year", "decision", "decided_at")


@admin.register(models.HubLetter)
class HubLetterAdmin(admin.ModelAdmin):
    list_display = ("title", "published_at", "received_at")
    search_fields = ("title",)


@admin.register(models.HubCase)
class HubCaseAdmin(admin.ModelAdmin):
    list_display = ("title", "school_name", "published_on")
    search_fields = ("title", "school_name")
