from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("my/", views.my_work, name="my"),
    path("watch/", views.watch, name="watch"),
    path("template/", views.template_edit, name="template"),
    path("group/<int:group_pk>/start/", views.programme_start, name="start"),
    path("group/<int:group_pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("feedback/<int:pk>/", views.feedback_fill, name="feedback"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/plan/", views.plan_edit, name="plan"),
    path("<int:pk>/agree/", views.programme_agree, name="agree"),
    path("<int:pk>/extend/", views.programme_extend, name="extend"),
    path("<int:pk>/activities/<int:activity_pk>/status/", views.activity_status, name="activity_status"),
    path("<int:pk>/report/", views.programme_report, name="report"),
    path("<int:pk>/complete/", views.programme_complete, name="complete"),
    path("<int:pk>/best-practice/", views.best_practice, name="best_practice"),
    path("<int:pk>/document/", views.programme_document, name="document"),
]
