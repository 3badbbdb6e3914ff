"""Admin for superusers: the exchange's rows, read mostly (secrets are never shown)."""

from django.contrib import admin

from . import models


@admin.register(models.MemberSchool)
class MemberSchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "connected_at", "disconnected_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "reported_name", "contact"]
    exclude = ["connection_code_hash", "token_hash"]


@admin.register(models.ReceivedPackage)
class ReceivedPackageAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "received_at", "status", "via_file"]
    list_filter = ["status", "via_file", "academic_year"]
    search_fields = ["school__name", "checksum"]
    readonly_fields = ["school", "schema_version", "academic_year", "checksum", "body", "status", "reason", "via_file",
                       "generated_at"]  # fmt: skip


@admin.register(models.PackageSending)
class PackageSendingAdmin(admin.ModelAdmin):
    list_display = ["created_at", "trigger", "status", "attempts", "next_attempt_at", "finished_at"]
    list_filter = ["status", "trigger"]


@admin.register(models.HubConnection)
class HubConnectionAdmin(admin.ModelAdmin):
    list_display = ["hub_url", "connected_at", "is_active"]
    exclude = ["token"]


for _model in (
    models.SchoolIndicator, models.SchoolRoadmapItem, models.SchoolCase, models.SchoolOrder, models.RoadmapAgreement,
    models.InformationLetter, models.IndicatorTarget, models.HubDecision, models.HubLetter, models.HubCase,
):  # fmt: skip
    admin.site.register(_model)
