"""The school's page of the exchange («Муниципалитет» in the settings): connect with the office's address and a
code, «Отправить сейчас» with a progress bar, the history of sendings, the package as a file; 404 on a hub."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.choices import Role
from mentoring.downloads import file_download, safe_filename

from .forms_exchange import HubConnectForm
from .models import HubDecision, HubLetter, PackageSending
from .office.access import school_view
from .school.connection import active_connection, hub_connect, hub_disconnect
from .school.sending import package_file, sending_request
from .selectors_exchange import last_sent, recent_sendings

EXCHANGE_ROLES = (Role.CURATOR, Role.DIRECTOR)
Status = PackageSending.Status


@require_http_methods(["GET", "POST"])
@school_view(*EXCHANGE_ROLES)
def exchange(request):
    connection = active_connection()
    form = HubConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hub_connect(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The school is connected to the municipal office."))
            return redirect("federation_school:exchange")
    sendings = recent_sendings()
    active = next((s for s in sendings if s.status in (Status.QUEUED, Status.RUNNING, Status.RETRYING)), None)
    return render(
        request,
        "federation/exchange.html",
        {
            "connection": connection,
            "form": form,
            "sendings": sendings,
            "active": active,
            "last": last_sent(sendings),
            "decisions": HubDecision.objects.order_by("-academic_year"),
        },
    )


@require_POST
@school_view(*EXCHANGE_ROLES)
def send_now(request):
    try:
        sending_request(trigger=PackageSending.Trigger.MANUAL, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("federation_school:exchange")


@require_POST
@school_view(*EXCHANGE_ROLES)
def disconnect(request):
    hub_disconnect()
    messages.success(request, _("The school no longer sends packages to the municipal office."))
    return redirect("federation_school:exchange")


@require_POST
@school_view(*EXCHANGE_ROLES)
def package_as_file(request):
    try:
        sending = package_file(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("federation_school:exchange")
    return redirect("federation_school:download", sending.pk)


@require_GET
@school_view(*EXCHANGE_ROLES)
def download(request, pk):
    sending = get_object_or_404(PackageSending.objects.exclude(package=""), pk=pk)
    name = safe_filename(_("Package for the municipal office"), sending.academic_year.replace("/", "-"),
                         timezone.localtime(sending.created_at).strftime("%d.%m.%Y"), ext="json")  # fmt: skip
    return file_download(sending.package, name, "application/json")


def status_payload(sending: PackageSending) -> dict:
    """For the progress bar (static/js/progress.js): retrying shows as running with a notice; refused as failed."""
    shown = {Status.RETRYING: "running", Status.REFUSED: "failed", Status.DONE: "done", Status.FAILED: "failed"}
    total = max(sending.progress_total, 1)
    return {
        "status": shown.get(sending.status, sending.status),
        "status_label": str(sending.get_status_display()),
        "done": sending.progress_done,
        "total": total,
        "percent": round(100 * sending.progress_done / total),
        "error": sending.message if sending.status in (Status.FAILED, Status.REFUSED) else "",
        "notice": sending.message if sending.status == Status.RETRYING else "",
        "stuck": False,
    }


@require_GET
@school_view(*EXCHANGE_ROLES)
def sending_status(request, pk):
    return JsonResponse(status_payload(get_object_or_404(PackageSending, pk=pk)))


@require_GET
@school_view(Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL)
def letter_pdf(request, pk):
    letter = get_object_or_404(HubLetter.objects.exclude(pdf=""), pk=pk)
    return file_download(letter.pdf, safe_filename(_("Letter"), letter.title[:80], ext="pdf"), "application/pdf")
