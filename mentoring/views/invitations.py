"""Pages for a person who is not logged in: accept an e-mailed invitation, or a printed code; forgotten password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ..forms_accounts import CeleryPasswordResetForm, InvitationCodeForm
from ..services.accounts import invitation_code_accept, invitation_email_accepted
from ..tokens import invitation_tokens


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """Django's reset-confirm flow (the token leaves the URL before the form shows) with the invitation token."""

    token_generator = invitation_tokens
    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        invitation_email_accepted(user=form.user)
        messages.success(
            self.request,
            _("Your password is set. Log in with the username %(username)s or your e-mail.")
            % {"username": form.user.username},
        )
        return response


def invitation_code(request):
    form = InvitationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitation_code_accept(username=data["username"], code=data["code"], password=data["password1"])
        except ValidationError as exc:
            field = "password1" if hasattr(exc, "error_list") and _is_password_error(exc) else None
            form.add_error(field, exc)
        else:
            messages.success(
                request, _("Your password is set. Log in with the username %(username)s.") % {"username": user.username}
            )
            return redirect("login")
    return render(request, "registration/invitation_code.html", {"form": form})


def _is_password_error(exc: ValidationError) -> bool:
    return any(getattr(e, "code", None) and e.code.startswith("password") for e in exc.error_list)


password_reset = auth_views.PasswordResetView.as_view(
    form_class=CeleryPasswordResetForm,
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)
