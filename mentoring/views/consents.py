"""Consents: record one (with its scan), withdraw it, read the scan, the list that needs attention."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..choices import ConsentKind, Role
from ..downloads import file_download, safe_filename
from ..forms import add_service_errors
from ..forms_consents import ConsentForm, ScanForm, WithdrawalForm
from ..models import Consent, Person
from ..permissions import STAFF_ROLES, role_required
from ..selectors import ConsentState, consents_attention, organisation, people_filter_options
from ..services.consents import consent_attach_scan, consent_record
from ..services.withdrawal import consent_withdraw
from ..signals import record_access

ATTENTION_LIMIT = 200


@role_required(*STAFF_ROLES)
def consents_overview(request):
    lists = consents_attention()
    sections = [
        (ConsentState.MISSING, _("No consent"), lists[ConsentState.MISSING]),
        (ConsentState.EXPIRING, _("Expiring within 30 days"), lists[ConsentState.EXPIRING]),
        (ConsentState.WITHDRAWN, _("Withdrawn"), lists[ConsentState.WITHDRAWN]),
    ]
    sections = [(code, title, qs.count(), qs[:ATTENTION_LIMIT]) for code, title, qs in sections]
    return render(
        request,
        "mentoring/consents/overview.html",
        {"sections": sections, "limit": ATTENTION_LIMIT, **people_filter_options()},
    )


@role_required(Role.CURATOR)
def consent_new(request, person_pk):
    person = get_object_or_404(Person.objects.active(), pk=person_pk)
    kind = ConsentKind.PUBLICATION if request.GET.get("kind") == ConsentKind.PUBLICATION else ConsentKind.PROCESSING
    org = organisation()
    form = ConsentForm(
        request.POST or None, request.FILES or None, person=person, kind=kind, website=org.website if org else ""
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "scan"}
        fields["kind"] = kind
        if form.cleaned_data.get("scan"):
            fields["scan"] = form.cleaned_data["scan"]
        try:
            consent_record(person=person, recorded_by=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent of %(name)s is recorded.") % {"name": person})
            return redirect("mentoring:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "is_publication": kind == ConsentKind.PUBLICATION}
    return render(request, "mentoring/consents/form.html", context)


@role_required(Role.CURATOR)
@require_POST
def consent_scan_upload(request, pk):
    consent = get_object_or_404(Consent.objects.select_related("person"), pk=pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            consent_attach_scan(consent=consent, scan=form.cleaned_data["scan"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The scan is attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("mentoring:person_detail", pk=consent.person_id)


@role_required(*STAFF_ROLES)
def consent_scan(request, pk):
    """Scans are served through this check, never as public media."""
    consent = get_object_or_404(Consent, pk=pk)
    if not consent.scan:
        raise Http404
    ext = consent.scan.name.rsplit(".", 1)[-1]
    record_access(request, "download_scan", people=[consent.person_id], target=f"consent {consent.pk}")
    return file_download(consent.scan, safe_filename(_("Consent"), consent.person.short_name, consent.pk, ext=ext))


@role_required(Role.CURATOR)
def consent_withdrawal(request, pk):
    consent = get_object_or_404(Consent.objects.select_related("person"), pk=pk, person__anonymised_at__isnull=True)
    form = WithdrawalForm(
        request.POST or None, initial={"on": timezone.localdate()}, publication=consent.is_publication
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = consent_withdraw(
                consent=consent,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                recorded_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if consent.is_publication:
                messages.success(request, _("Publication is stopped: the site no longer shows the name or photo."))
            else:
                messages.success(
                    request, _("The withdrawal is recorded; the data is anonymised as %(label)s.") % {"label": person}
                )
            return redirect("mentoring:person_detail", pk=person.pk)
    return render(
        request, "mentoring/consents/withdraw.html", {"form": form, "consent": consent, "person": consent.person}
    )
