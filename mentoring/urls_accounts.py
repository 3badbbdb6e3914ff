"""Pages under /accounts/ for people who are not logged in: invitations and the forgotten password."""

from django.urls import path

from .views import invitations

urlpatterns = [
    path("password_reset/", invitations.password_reset, name="password_reset"),
    path("invitation/code/", invitations.invitation_code, name="invitation_code"),
    path(
        "invitation/<uidb64>/<token>/",
        invitations.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
