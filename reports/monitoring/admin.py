from django.contrib import admin

from ..models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("year", "conclusions_updated_at", "updated_by")
    search_fields = ("year__title", "conclusions")
    readonly_fields = ("created_at", "conclusions_updated_at", "updated_by")
