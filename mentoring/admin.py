from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    AcademicYear,
    Answer,
    Consent,
    Contingent,
    GroupMembership,
    ImportJob,
    Invitation,
    InvitationBatch,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Organisation,
    Person,
    Question,
    Questionnaire,
    ReplacementRequest,
    Response,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("short_name", "kind", "city", "director_name")

    def has_add_permission(self, request):
        return not Organisation.objects.exists()


@admin.register(Contingent)
class ContingentAdmin(admin.ModelAdmin):
    list_display = ("year", "pupils_total", "pupils_10_18", "pupils_15_19", "teachers", "young_teachers")


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ("title", "start_date", "end_date", "is_current")


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("signed_by", "representative_name", "valid_from", "valid_until", "withdrawn_on", "kind")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "patronymic", "category", "grade", "subject", "anonymised_at")
    list_filter = ("category", "grade")
    search_fields = ("last_name", "first_name", "patronymic", "email")
    raw_id_fields = ("user",)
    inlines = [ConsentInline]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "signed_by", "valid_from", "valid_until", "withdrawn_on")
    list_filter = ("kind", "signed_by")
    search_fields = ("person__last_name", "representative_name")
    raw_id_fields = ("person", "recorded_by")
    date_hierarchy = "valid_from"


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ("person", "year", "status", "capacity", "qualification_category", "training_completed")
    list_filter = ("year", "status", "qualification_category", "training_completed")
    search_fields = ("person__last_name", "person__first_name")
    raw_id_fields = ("person",)


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ("person", "year", "status", "preferred_form", "entered_on")
    list_filter = ("year", "status", "preferred_form")
    search_fields = ("person__last_name", "person__first_name", "request_text")
    raw_id_fields = ("person",)


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "group", "role", "joined_on", "left_on")
    list_filter = ("role",)
    search_fields = ("person__last_name",)
    raw_id_fields = ("person", "group")


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    raw_id_fields = ("person",)


@admin.register(MentoringGroup)
class MentoringGroupAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "form", "status", "planned_start", "planned_end")
    list_filter = ("year", "status", "form")
    search_fields = ("memberships__person__last_name",)
    inlines = [MembershipInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "kind", "audience", "is_active")
    list_filter = ("kind", "audience", "is_active")
    search_fields = ("title", "code")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("questionnaire", "number", "text", "kind", "required", "maps_to")
    list_filter = ("questionnaire", "kind")
    search_fields = ("text",)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("response", "question", "value")
    raw_id_fields = ("response", "question")


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ("question",)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("questionnaire", "respondent", "year", "on_paper", "submitted_at")
    list_filter = ("questionnaire", "year", "on_paper")
    search_fields = ("respondent__last_name",)
    raw_id_fields = ("respondent", "group", "filled_by")
    inlines = [AnswerInline]


@admin.register(ReplacementRequest)
class ReplacementRequestAdmin(admin.ModelAdmin):
    list_display = ("group", "kind", "applicant", "status", "submitted_on", "needs_order", "ordered_on")
    list_filter = ("kind", "status", "needs_order")
    raw_id_fields = ("group", "applicant", "leaving", "joining", "decided_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made from the person's card; the code is stored only as a hash."""

    list_display = ("user", "channel", "created_at", "sent_at", "expires_at", "used_at")
    list_filter = ("channel",)
    search_fields = ("user__username",)
    exclude = ("code_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InvitationBatch)
class InvitationBatchAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "progress_done", "progress_total", "invited", "requested_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "target", "stage", "status", "applied", "requested_by", "requested_at")
    list_filter = ("target", "stage", "status")
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # imports start from the upload page
