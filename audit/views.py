"""«Журнал»: the director and the methodical council read everything; a curator reads her own actions."""

import tablib
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import pgettext

from mentoring.choices import Role
from mentoring.permissions import role_required, user_has_role
from mentoring.resources import dataset_bytes, neutralise
from mentoring.signals import record_access

from .forms import JournalFilterForm
from .journal_sql import history_kept
from .selectors import access_events, change_events, describe_changes, describe_reads

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
READERS = (Role.DIRECTOR, Role.METHODICAL_COUNCIL, Role.CURATOR)


def _scope(request):
    """Who the page may show: everyone's actions for the director and the council, one's own for a curator."""
    if user_has_role(request.user, Role.DIRECTOR, Role.METHODICAL_COUNCIL):
        return None
    if user_has_role(request.user, Role.CURATOR):
        return request.user
    raise PermissionDenied


def _events(form, only_user):
    filters = form.filters()
    if form.current_tab == "reads":
        return access_events(filters, only_user=only_user), describe_reads
    return change_events(filters, only_user=only_user), describe_changes


@role_required(*READERS)
def journal(request):
    only_user = _scope(request)
    form = JournalFilterForm(request.GET or None)
    events, describe = _events(form, only_user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/journal.html",
        {
            "form": form,
            "page": page,
            "lines": describe(page.object_list),
            "tab": form.current_tab,
            "own_only": only_user is not None,
            "query": query.urlencode(),
            "history_kept": history_kept(),
        },
    )


@role_required(*READERS)
def journal_export(request):
    only_user = _scope(request)
    form = JournalFilterForm(request.GET or None)
    events, describe = _events(form, only_user)
    lines = describe(events[:EXPORT_LIMIT])
    dataset = tablib.Dataset(
        headers=[
            pgettext("audit column", "When"),
            pgettext("audit column", "Who"),
            pgettext("audit column", "What"),
            pgettext("audit column", "Changes"),
            pgettext("audit column", "Source"),
        ]
    )
    for line in lines:
        changes = "; ".join(f"{name}: {old} → {new}" for name, old, new in line.changes)
        dataset.append(
            [
                formats.date_format(timezone.localtime(line.at), "d.m.Y H:i"),
                neutralise(str(line.actor or "")),
                neutralise(line.sentence),
                neutralise(changes),
                neutralise(line.source),
            ]
        )
    record_access(request, "export_journal", count=0, target=request.GET.urlencode()[:300])
    response = HttpResponse(
        dataset_bytes(dataset, "xlsx"), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="journal-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response
