"""Accounts from a person's card: invite (by e-mail), deactivate, reactivate; bulk invitations of a bank or class."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..choices import Role
from ..models import AcademicYear, InvitationBatch, Person
from ..permissions import role_required
from ..selectors import current_year
from ..services.accounts import account_deactivate, account_invite, account_reactivate
from ..services.invitation_batches import invitation_batch_request, scope_clean


def _person(pk) -> Person:
    return get_object_or_404(Person, pk=pk)


def _act(request, pk, action, done_message):
    person = _person(pk)
    try:
        result = action(person=person, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done_message(person, result))
    return redirect("mentoring:person_detail", pk=person.pk)


@require_POST
@role_required(Role.CURATOR)
def account_invite_view(request, pk):
    return _act(
        request,
        pk,
        account_invite,
        _invited_message,
    )


def _invited_message(person, invitation) -> str:
    if invitation is None:
        return _("An active account with the e-mail %(email)s already existed: it is now tied to this person.") % {
            "email": person.email
        }
    return _("An invitation to set a password is being sent to %(email)s (username %(username)s).") % {
        "email": person.email,
        "username": invitation.user.username,
    }


@require_POST
@role_required(Role.CURATOR)
def account_deactivate_view(request, pk):
    return _act(request, pk, account_deactivate, lambda p, u: _("The account %(u)s is deactivated.") % {"u": u})


@require_POST
@role_required(Role.CURATOR)
def account_reactivate_view(request, pk):
    return _act(request, pk, account_reactivate, lambda p, u: _("The account %(u)s is active again.") % {"u": u})


@require_POST
@role_required(Role.CURATOR)
def invitation_batch_start(request):
    year = None
    if request.POST.get("year_id", "").isdigit():
        year = AcademicYear.objects.filter(pk=request.POST["year_id"]).first()
    try:
        scope = scope_clean(
            bank=request.POST.get("bank", ""), year=year or current_year(), grade=request.POST.get("grade", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mentoring:people")
    batch = invitation_batch_request(scope=scope, by=request.user)
    return redirect("mentoring:invitation_batch", pk=batch.pk)


@require_GET
@role_required(Role.CURATOR)
def invitation_batch_detail(request, pk):
    batch = get_object_or_404(InvitationBatch, pk=pk)
    return render(request, "mentoring/accounts/batch.html", {"batch": batch})


@require_GET
@role_required(Role.CURATOR)
def invitation_batch_status(request, pk):
    batch = get_object_or_404(InvitationBatch, pk=pk)
    data = {
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "done": batch.progress_done,
        "total": batch.progress_total,
        "percent": batch.percent,
        "error": batch.error,
        "download_url": None,
        "reload_url": reverse("mentoring:invitation_batch", args=[batch.pk]),
    }
    return JsonResponse(data, headers={"Cache-Control": "no-store"})
