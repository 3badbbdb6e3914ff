from django.urls import path

from .views import (
    accounts,
    banks,
    consents,
    group_export,
    groups,
    imports,
    pairing,
    people,
    questionnaires,
    roles,
    school,
)

app_name = "mentoring"

urlpatterns: list = []

# Pairing and groups (roadmap stage 5).
urlpatterns += [
    path("pairing/", pairing.board, name="pairing_board"),
    path("pairing/pair/", pairing.pair_create, name="pairing_pair"),
    path("pairing/pool/", pairing.pool_draft, name="pool_draft"),
    path("pairing/pool/propose/", pairing.pool_propose, name="pool_propose"),
    path("pairing/pool/apply/", pairing.pool_apply, name="pool_apply"),
    path("pairing/waiting/", pairing.waiting, name="pairing_waiting"),
    path("pairing/waiting/<int:pk>/support/", pairing.support_add, name="pairing_support"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/export.<fmt>", group_export.group_export, name="group_export"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/end/", groups.group_end, name="group_end"),
    path("groups/<int:pk>/terms/", groups.group_edit_terms, name="group_edit_terms"),
    path("groups/<int:pk>/members/", groups.group_members, name="group_members"),
    path("groups/<int:pk>/petition/", groups.group_petition, name="group_petition"),
    path("replacements/<int:pk>/decide/", groups.replacement_decision, name="replacement_decide"),
]

# People, consents, banks, import and questionnaires (roadmap stages 2 and 3).
urlpatterns += [
    path("people/", people.people_index, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/export.<str:fmt>", people.people_export, name="people_export"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:person_pk>/consent/", consents.consent_new, name="consent_new"),
    path("people/<int:person_pk>/mentee-bank/", banks.mentee_add, name="mentee_add"),
    path("people/<int:person_pk>/mentor-bank/", banks.mentor_add, name="mentor_add"),
    path("consents/", consents.consents_overview, name="consents"),
    path("consents/<int:pk>/scan/", consents.consent_scan, name="consent_scan"),
    path("consents/<int:pk>/scan/upload/", consents.consent_scan_upload, name="consent_scan_upload"),
    path("consents/<int:pk>/withdraw/", consents.consent_withdrawal, name="consent_withdraw"),
    path("banks/mentees/", banks.mentee_bank_view, name="mentee_bank"),
    path("banks/mentors/", banks.mentor_bank_view, name="mentor_bank"),
    path("banks/<str:kind>/export.<str:fmt>", banks.bank_export, name="bank_export"),
    path("banks/mentees/<int:pk>/", banks.mentee_edit, name="mentee_edit"),
    path("banks/mentors/<int:pk>/", banks.mentor_edit, name="mentor_edit"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<uuid:pk>/", imports.import_job, name="import_job"),
    path("import/<uuid:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("import/<uuid:pk>/confirm/", imports.import_job_confirm_view, name="import_confirm"),
    path("import/<uuid:pk>/cancel/", imports.import_job_cancel_view, name="import_cancel"),
    path("questionnaires/", questionnaires.questionnaire_index, name="questionnaires"),
    path("questionnaires/mine/", questionnaires.my_questionnaires, name="my_questionnaires"),
    path("questionnaires/<slug:code>/", questionnaires.questionnaire_fill, name="questionnaire_fill"),
    path("questionnaires/<slug:code>/paper/", questionnaires.questionnaire_on_behalf, name="questionnaire_choose"),
    path(
        "questionnaires/<slug:code>/paper/<int:person_pk>/",
        questionnaires.questionnaire_on_behalf,
        name="questionnaire_on_behalf",
    ),
    path("responses/<int:pk>/", questionnaires.response_detail, name="response_detail"),
]

# Accounts and roles (issue 13 §3): from the person's card, in bulk for a bank or a class, and the Roles page.
urlpatterns += [
    path("people/<int:pk>/account/invite/", accounts.account_invite_view, name="account_invite"),
    path("people/<int:pk>/account/deactivate/", accounts.account_deactivate_view, name="account_deactivate"),
    path("people/<int:pk>/account/reactivate/", accounts.account_reactivate_view, name="account_reactivate"),
    path("invitations/", accounts.invitation_batch_start, name="invitation_batch_start"),
    path("invitations/<uuid:pk>/", accounts.invitation_batch_detail, name="invitation_batch"),
    path("invitations/<uuid:pk>/status/", accounts.invitation_batch_status, name="invitation_batch_status"),
    path("roles/", roles.roles_page, name="roles"),
    path("roles/change/", roles.role_change, name="role_change"),
]

# School settings and academic years (issue 13).
urlpatterns += [
    path("school/setup/", school.setup, name="school_setup"),
    path("school/", school.school_settings, name="school_settings"),
    path("school/logo/", school.school_logo, name="school_logo"),
    path("school/contingent/", school.school_contingent, name="school_contingent"),
    path("school/years/", school.school_years, name="school_years"),
    path("school/years/<int:pk>/current/", school.school_year_make_current, name="school_year_current"),
]
