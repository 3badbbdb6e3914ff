"""Forms of accounts: the printed-code page, the Roles page, and the password-reset mail through Celery."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .services.roles import MANAGED_ROLES


class InvitationCodeForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    code = forms.CharField(
        label=_("Code from the invitation sheet"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in MANAGED_ROLES])
    user = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("grant", "grant"), ("revoke", "revoke")])

    def clean_role(self):
        return Role(self.cleaned_data["role"]).value


class CeleryPasswordResetForm(PasswordResetForm):
    """Django's reset form; the mail is rendered here and sent by a Celery task."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from .tasks import send_mail_message

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        send_mail_message.delay(subject, body, [to_email], html)
