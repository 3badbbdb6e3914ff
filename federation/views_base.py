"""The school's page of the municipality's base of practices, and «start a programme from this case»."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentoring.choices import Role
from mentoring.permissions import STAFF_ROLES, user_has_role

from .base import template_from_case
from .cases_search import PAGE_SIZE, CaseSearchForm, case_filters, cases_search, labels
from .models import HubCase
from .office.access import school_view


@require_GET
@school_view(*STAFF_ROLES)
def base(request):
    qs = cases_search(HubCase.objects.all(), case_filters(request.GET)).order_by("-published_on", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "federation/school_base.html",
        {
            "form": CaseSearchForm(request.GET or None),
            "page": page,
            "cases": [(case, labels(case)) for case in page],
            "startable": user_has_role(request.user, Role.CURATOR),
        },
    )


@require_POST
@school_view(Role.CURATOR)
def case_start(request, pk):
    case = get_object_or_404(HubCase, pk=pk)
    try:
        template = template_from_case(case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("federation_school:base")
    messages.success(
        request,
        _(
            "A programme template was made from the case. Complete it, then choose it when you start the programme "
            "of a pair or group."
        ),  # fmt: skip
    )
    return redirect(f"{reverse('programmes:template')}?template={template.pk}")
